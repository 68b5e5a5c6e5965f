//! One description of each parameter, used twice: validation checks every
//! value against it, and the page builds its controls from it (so the form
//! and the checks can never disagree).

use super::check::Check;
use serde::Serialize;

/// What kind of value a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum FieldKind {
    /// A finite number within [min, max].
    Number,
    /// A whole number within [min, max].
    Integer,
    /// A list of numbers, each within [min, max].
    NumberList {
        /// Fewest entries.
        min_len: usize,
        /// Most entries.
        max_len: usize,
    },
    /// true or false.
    Bool,
    /// One of a fixed set of strings.
    Choice {
        /// The allowed strings.
        options: &'static [&'static str],
    },
    /// A list of distinct strings, each one of a fixed set.
    ChoiceList {
        /// The allowed strings.
        options: &'static [&'static str],
        /// How a form shows each option (`6-OHDA` for `six_ohda`), in the
        /// order of `options`.
        labels: &'static [&'static str],
    },
    /// A finite number within [min, max], or null for "not set".
    OptionalNumber,
    /// A list of objects (e.g. the phases of a conditioning design), each
    /// described by its own fields.
    Records {
        /// Fewest entries.
        min_len: usize,
        /// Most entries.
        max_len: usize,
        /// The fields of every entry.
        fields: &'static [Field],
    },
}

/// One parameter of a task: name in the scenario, label and help for the
/// page, and its allowed values.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Field {
    /// Key in the scenario's `task` object.
    pub name: &'static str,
    /// Short label for a form control.
    pub label: &'static str,
    /// One sentence of help, with the unit.
    pub help: &'static str,
    /// What values it takes.
    pub kind: FieldKind,
    /// Smallest allowed value (numbers and list entries).
    pub min: f64,
    /// Largest allowed value (numbers and list entries).
    pub max: f64,
    /// When the runs read it: every gate open (empty: always). A field whose
    /// gate is closed changes nothing, so validation refuses it away from
    /// its default and the page hides it.
    pub read_when: &'static [Gate],
}

/// A condition on another field of the same spec (a mode, a switch, a
/// block's length) under which a field is read.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Gate {
    /// The deciding field (dotted for nested ones: `consolidation.enabled`).
    pub field: &'static str,
    /// The values that open it: strings as written, `true` or `false` for a
    /// flag, `>0` for a number above zero.
    pub is: &'static [&'static str],
}

impl Gate {
    /// Open when `field` is one of `is`.
    pub const fn new(field: &'static str, is: &'static [&'static str]) -> Gate {
        Gate { field, is }
    }

    /// Whether `spec` (the whole spec, defaults filled in) opens it. A
    /// deciding value of another type counts as open: its own check names
    /// it.
    pub fn open(&self, spec: &serde_json::Value) -> bool {
        match spec.pointer(&pointer(self.field)) {
            Some(serde_json::Value::String(s)) => self.is.contains(&s.as_str()),
            Some(serde_json::Value::Bool(b)) => {
                self.is.contains(&if *b { "true" } else { "false" })
            }
            Some(serde_json::Value::Number(n)) => {
                self.is.contains(&">0") && n.as_f64().is_some_and(|x| x > 0.0)
            }
            _ => true,
        }
    }

    /// `payoff is "gaussian"`, `adaptive_learning_rate is true`,
    /// `stable_trials is above 0`.
    fn wanted(&self) -> String {
        let one = |v: &&str| match *v {
            ">0" => "above 0".to_string(),
            "true" | "false" => v.to_string(),
            _ => format!("{v:?}"),
        };
        let list: Vec<String> = self.is.iter().map(one).collect();
        format!("{} is {}", self.field, list.join(" or "))
    }
}

/// The JSON pointer of a dotted field name.
fn pointer(name: &str) -> String {
    format!("/{}", name.replace('.', "/"))
}

/// The fields of `fields` that `spec` (defaults filled in) does not read,
/// each with its first closed gate.
pub fn unread_fields<'a>(
    fields: &'a [Field],
    spec: &serde_json::Value,
) -> Vec<(&'a Field, &'a Gate)> {
    fields
        .iter()
        .filter_map(|f| f.read_when.iter().find(|g| !g.open(spec)).map(|g| (f, g)))
        .collect()
}

/// Refuses every field that `spec` does not read (a gate closed) and that
/// differs from `defaults`: it would change nothing.
pub fn check_unread(
    fields: &[Field],
    spec: &serde_json::Value,
    defaults: &serde_json::Value,
    c: &mut Check,
) {
    for (f, gate) in unread_fields(fields, spec) {
        let at = pointer(f.name);
        if spec.pointer(&at) == defaults.pointer(&at) {
            continue;
        }
        let now = spec
            .pointer(&pointer(gate.field))
            .map_or_else(|| "missing".to_string(), ToString::to_string);
        c.fail(
            f.name,
            format!(
                "is read only when {} (it is {now}), so this value would change nothing: remove it, or set {}",
                gate.wanted(),
                gate.field
            ),
        );
    }
}

impl Field {
    /// A number field within [min, max].
    pub const fn number(
        name: &'static str,
        label: &'static str,
        help: &'static str,
        min: f64,
        max: f64,
    ) -> Field {
        Field {
            name,
            label,
            help,
            kind: FieldKind::Number,
            min,
            max,
            read_when: &[],
        }
    }

    /// The `trials` field every trial task has: trials per run, 1 to
    /// [`MAX_TRIALS`](super::limits::MAX_TRIALS).
    pub const fn trials() -> Field {
        Field::integer(
            "trials",
            "Trials",
            "Trials per run.",
            1.0,
            super::limits::MAX_TRIALS as f64,
        )
    }

    /// A whole-number field within [min, max].
    pub const fn integer(
        name: &'static str,
        label: &'static str,
        help: &'static str,
        min: f64,
        max: f64,
    ) -> Field {
        Field {
            name,
            label,
            help,
            kind: FieldKind::Integer,
            min,
            max,
            read_when: &[],
        }
    }

    /// A list of numbers with `min_len..=max_len` entries, each within [min, max].
    pub const fn list(
        name: &'static str,
        label: &'static str,
        help: &'static str,
        (min_len, max_len): (usize, usize),
        min: f64,
        max: f64,
    ) -> Field {
        Field {
            name,
            label,
            help,
            kind: FieldKind::NumberList { min_len, max_len },
            min,
            max,
            read_when: &[],
        }
    }

    /// A true/false field.
    pub const fn flag(name: &'static str, label: &'static str, help: &'static str) -> Field {
        Field {
            name,
            label,
            help,
            kind: FieldKind::Bool,
            min: 0.0,
            max: 1.0,
            read_when: &[],
        }
    }

    /// A list of `min_len..=max_len` objects, each with `fields`.
    pub const fn records(
        name: &'static str,
        label: &'static str,
        help: &'static str,
        (min_len, max_len): (usize, usize),
        fields: &'static [Field],
    ) -> Field {
        Field {
            name,
            label,
            help,
            kind: FieldKind::Records {
                min_len,
                max_len,
                fields,
            },
            min: 0.0,
            max: 0.0,
            read_when: &[],
        }
    }

    /// One of `options`.
    pub const fn choice(
        name: &'static str,
        label: &'static str,
        help: &'static str,
        options: &'static [&'static str],
    ) -> Field {
        Field {
            name,
            label,
            help,
            kind: FieldKind::Choice { options },
            min: 0.0,
            max: 0.0,
            read_when: &[],
        }
    }
}

impl Field {
    /// The same field, read only when every one of `gates` is open.
    pub const fn when(self, gates: &'static [Gate]) -> Field {
        Field {
            read_when: gates,
            ..self
        }
    }

    /// A number-or-null field within [min, max].
    pub const fn optional(
        name: &'static str,
        label: &'static str,
        help: &'static str,
        min: f64,
        max: f64,
    ) -> Field {
        Field {
            name,
            label,
            help,
            kind: FieldKind::OptionalNumber,
            min,
            max,
            read_when: &[],
        }
    }

    /// A list of distinct strings from `options`, shown as `labels`.
    pub const fn choices(
        name: &'static str,
        label: &'static str,
        help: &'static str,
        options: &'static [&'static str],
        labels: &'static [&'static str],
    ) -> Field {
        Field {
            name,
            label,
            help,
            kind: FieldKind::ChoiceList { options, labels },
            min: 0.0,
            max: 0.0,
            read_when: &[],
        }
    }
}

/// Checks every described field of a spec (given as its JSON value) against
/// its description; cross-field rules stay with the spec. Dotted names
/// (`dopamine.gain`) address nested objects.
pub fn check_fields(fields: &[Field], spec: &serde_json::Value, c: &mut Check) {
    for f in fields {
        let Some(v) = spec.pointer(&pointer(f.name)) else {
            continue;
        };
        match f.kind {
            FieldKind::OptionalNumber => {
                if let Some(x) = v.as_f64() {
                    c.within(f.name, x, f.min, f.max);
                }
            }
            FieldKind::ChoiceList { .. } => {
                if let Some(list) = v.as_array() {
                    for (i, x) in list.iter().enumerate() {
                        let s = x.as_str().unwrap_or_default();
                        if list[..i].iter().any(|y| y == x) {
                            c.fail(
                                &format!("{}[{i}]", f.name),
                                format!("{s:?} is listed twice"),
                            );
                        }
                    }
                }
            }
            FieldKind::Number => {
                if let Some(x) = v.as_f64() {
                    c.within(f.name, x, f.min, f.max);
                }
            }
            FieldKind::Integer => {
                if let Some(x) = v.as_f64() {
                    if x.fract() != 0.0 || x < f.min || x > f.max {
                        c.fail(
                            f.name,
                            format!(
                                "must be a whole number within [{}, {}], got {}",
                                f.min,
                                f.max,
                                super::check::number_text(x)
                            ),
                        );
                    }
                }
            }
            FieldKind::NumberList { min_len, max_len } => {
                if let Some(list) = v.as_array() {
                    c.len_within(f.name, list.len(), min_len, max_len);
                    for (i, x) in list.iter().enumerate() {
                        if let Some(x) = x.as_f64() {
                            c.within(&format!("{}[{i}]", f.name), x, f.min, f.max);
                        }
                    }
                }
            }
            FieldKind::Bool => {}
            FieldKind::Records {
                min_len,
                max_len,
                fields,
            } => {
                if let Some(list) = v.as_array() {
                    c.len_within(f.name, list.len(), min_len, max_len);
                    for (i, item) in list.iter().enumerate() {
                        c.nested(&format!("{}[{i}]", f.name), |c| {
                            check_fields(fields, item, c)
                        });
                    }
                }
            }
            FieldKind::Choice { options } => {
                if let Some(s) = v.as_str() {
                    if !options.contains(&s) {
                        c.fail(
                            f.name,
                            format!("must be one of {}, got {s:?}", options.join(", ")),
                        );
                    }
                }
            }
        }
    }
}
