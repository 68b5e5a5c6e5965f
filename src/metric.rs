//! What a recorded metric is: its name, label, unit, range and the group
//! (and so the page's chart) it belongs to. Each recorder declares its own
//! table beside the code that records it (the circuit in
//! `circuit::metrics`, each task in its file, the spiking network in
//! `spiking`, `reward` and `correct` in `experiment`); charts, the page's
//! menus, the link state and the CLI all read those tables.
//!
//! A table whose rows are written by slot is declared with
//! [`metric_slots!`](crate::metric_slots): an enum of slots and the table
//! together, so a slot and its row cannot drift apart.
//!
//! This module imports nothing of the engine: every layer may use it.

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// What a metric is about; each group but `Task` is one of the page's charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// Choices and outcomes: reward, accuracy, stay, entropy.
    Behaviour,
    /// The four neuromodulators, phasic and tonic.
    Modulator,
    /// What sets learning: learning rate, thresholds, temperature, discount.
    Plasticity,
    /// Synaptic weights and learned values.
    Weights,
    /// The task's own bookkeeping: phase, block, context.
    Task,
}

impl Group {
    /// Every group, in the order the page lists them.
    pub const ALL: [Group; 5] = [
        Group::Behaviour,
        Group::Modulator,
        Group::Plasticity,
        Group::Weights,
        Group::Task,
    ];

    /// The group's identifier (`behaviour`, `modulator`, …).
    pub fn id(self) -> &'static str {
        match self {
            Group::Behaviour => "behaviour",
            Group::Modulator => "modulator",
            Group::Plasticity => "plasticity",
            Group::Weights => "weights",
            Group::Task => "task",
        }
    }

    /// The group's name in menus.
    pub fn label(self) -> &'static str {
        match self {
            Group::Behaviour => "Behaviour",
            Group::Modulator => "Modulators",
            Group::Plasticity => "Plasticity",
            Group::Weights => "Weights and values",
            Group::Task => "Task",
        }
    }

    /// The page's chart that shows this group by default (an index into
    /// [`CHARTS`]); `None` for task bookkeeping.
    pub fn chart(self) -> Option<usize> {
        CHARTS.iter().position(|c| c.group == self)
    }
}

impl Serialize for Group {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// One of the page's charts: its title and the group it shows first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chart {
    /// Heading of the chart's panel.
    pub title: &'static str,
    /// The group whose lead metric it shows by default.
    pub group: Group,
}

/// The page's charts, in order (a link's view names at most this many).
pub const CHARTS: [Chart; 4] = [
    Chart {
        title: "Learning curve",
        group: Group::Behaviour,
    },
    Chart {
        title: "Modulator trace",
        group: Group::Modulator,
    },
    Chart {
        title: "Effective learning rate and threshold",
        group: Group::Plasticity,
    },
    Chart {
        title: "Weights and values",
        group: Group::Weights,
    },
];

/// A recorded metric's description.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metric {
    /// Name in exports, links and the CLI (`learning_rate`).
    pub name: &'static str,
    /// What it is, for axes and menus (`effective learning rate η`).
    pub label: &'static str,
    /// Its unit (`Hz`, `mV`, `nats`), or empty for a pure number.
    pub unit: &'static str,
    /// The range every value lies in, drawn as the axis when fixed; `None`:
    /// open, the axis fits the data.
    pub range: Option<(f64, f64)>,
    /// What it is about (and so the page's chart for it).
    pub group: Group,
    /// The metric its group's chart shows first.
    pub lead: bool,
}

impl Metric {
    /// A metric with an open range.
    pub const fn new(
        name: &'static str,
        label: &'static str,
        unit: &'static str,
        group: Group,
    ) -> Metric {
        Metric {
            name,
            label,
            unit,
            range: None,
            group,
            lead: false,
        }
    }

    /// The same metric whose values lie within `[min, max]`.
    pub const fn within(self, min: f64, max: f64) -> Metric {
        Metric {
            range: Some((min, max)),
            ..self
        }
    }

    /// The same metric, shown first by its group's chart.
    pub const fn lead(self) -> Metric {
        Metric { lead: true, ..self }
    }

    /// The axis label: the label with its unit in parentheses.
    pub fn axis_label(&self) -> String {
        if self.unit.is_empty() {
            self.label.to_string()
        } else {
            format!("{} ({})", self.label, self.unit)
        }
    }
}

impl Serialize for Metric {
    /// `{name, label, unit, axis, range: [min, max] | null, group,
    /// group_label, chart: index | null, lead}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Metric", 9)?;
        m.serialize_field("name", self.name)?;
        m.serialize_field("label", self.label)?;
        m.serialize_field("unit", self.unit)?;
        m.serialize_field("axis", &self.axis_label())?;
        m.serialize_field("range", &self.range)?;
        m.serialize_field("group", &self.group)?;
        m.serialize_field("group_label", self.group.label())?;
        m.serialize_field("chart", &self.group.chart())?;
        m.serialize_field("lead", &self.lead)?;
        m.end()
    }
}

/// A table as the page reads it: the metrics, the groups of its menus and
/// its charts with their default metrics.
#[derive(Clone, Debug, Serialize)]
pub struct TableView<'a> {
    /// Every metric, in recording order.
    pub metrics: &'a [Metric],
    /// The groups, in menu order: `{id, label}`.
    pub groups: Vec<GroupView>,
    /// The page's charts: `{title, group, metric}` (its default metric).
    pub charts: Vec<ChartView>,
}

/// A group as [`TableView`] lists it.
#[derive(Clone, Debug, Serialize)]
pub struct GroupView {
    /// `behaviour`, `modulator`, …
    pub id: &'static str,
    /// Its name in menus.
    pub label: &'static str,
}

/// A chart as [`TableView`] lists it.
#[derive(Clone, Debug, Serialize)]
pub struct ChartView {
    /// The chart's heading.
    pub title: &'static str,
    /// The group it shows first.
    pub group: Group,
    /// Its default metric.
    pub metric: &'static str,
}

/// The page's view of `table`.
pub fn table_view(table: &[Metric]) -> TableView<'_> {
    TableView {
        metrics: table,
        groups: Group::ALL
            .iter()
            .map(|g| GroupView {
                id: g.id(),
                label: g.label(),
            })
            .collect(),
        charts: CHARTS
            .iter()
            .zip(default_charts(table))
            .map(|(c, metric)| ChartView {
                title: c.title,
                group: c.group,
                metric,
            })
            .collect(),
    }
}

/// The metric called `name` in `table`.
pub fn find<'a>(table: &'a [Metric], name: &str) -> Option<&'a Metric> {
    table.iter().find(|m| m.name == name)
}

/// The default metric of each of the page's [`CHARTS`]: its group's lead
/// metric, else the group's first, else the table's first.
pub fn default_charts(table: &[Metric]) -> Vec<&'static str> {
    CHARTS
        .iter()
        .filter_map(|c| {
            let in_group = || table.iter().filter(|m| m.group == c.group);
            in_group()
                .find(|m| m.lead)
                .or_else(|| in_group().next())
                .or_else(|| table.first())
                .map(|m| m.name)
        })
        .collect()
}

/// Checks a table: names unique, non-empty and snake_case, labels present,
/// ranges ordered and finite. Tests run it on every table.
pub fn check_table(table: &[Metric]) -> Result<(), String> {
    for (i, m) in table.iter().enumerate() {
        if m.name.is_empty()
            || !m
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(format!("metric {i}: name {:?} is not snake_case", m.name));
        }
        if table[..i].iter().any(|x| x.name == m.name) {
            return Err(format!("metric {:?} is declared twice", m.name));
        }
        if m.label.is_empty() {
            return Err(format!("metric {:?} has no label", m.name));
        }
        if let Some((lo, hi)) = m.range {
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(format!("metric {:?}: range [{lo}, {hi}]", m.name));
            }
        }
    }
    Ok(())
}

/// `CamelCase` → `snake_case` (digits stay with the word before them, as
/// `WFrac1` → `w_frac1`; a slot's name is compared without underscores
/// before digits).
pub fn snake_case(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Declares an enum of slots and its metric table together: the `k`-th
/// variant is row `k` of the table, and `row[Slot::Name] = value` writes
/// it. Each variant is the metric's name in `CamelCase`
/// (`learning_rate` ↔ `LearningRate`), which [`check_slots`] verifies.
///
/// ```
/// use modulab::metric::{Group, Metric};
/// modulab::metric_slots! {
///     /// What a toy recorder writes.
///     pub enum Toy in TOY {
///         Reward => Metric::new("reward", "reward per trial", "", Group::Behaviour),
///         LearningRate => Metric::new("learning_rate", "learning rate", "", Group::Plasticity),
///     }
/// }
/// let mut row = [0.0; 2];
/// row[Toy::LearningRate] = 0.3;
/// assert_eq!(TOY[Toy::LearningRate as usize].name, "learning_rate");
/// assert_eq!(row[1], 0.3);
/// ```
#[macro_export]
macro_rules! metric_slots {
    (
        $(#[$meta:meta])*
        $vis:vis enum $Slot:ident in $TABLE:ident {
            $( $Variant:ident => $metric:expr ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(usize)]
        $vis enum $Slot {
            $(
                #[doc = concat!("The row of `", stringify!($Variant), "`.")]
                $Variant,
            )+
        }

        #[doc = concat!("The metrics [`", stringify!($Slot), "`] writes, in slot order.")]
        $vis const $TABLE: &[$crate::metric::Metric] = &[$($metric),+];

        impl $Slot {
            /// Every slot, in table order.
            #[allow(dead_code)]
            pub const ALL: &'static [$Slot] = &[$($Slot::$Variant),+];
            /// The slot's variant name (as written in the code).
            #[allow(dead_code)]
            pub fn variant(self) -> &'static str {
                match self {
                    $($Slot::$Variant => stringify!($Variant),)+
                }
            }
        }

        impl ::core::ops::Index<$Slot> for [f64] {
            type Output = f64;
            #[inline]
            fn index(&self, slot: $Slot) -> &f64 {
                &self[slot as usize]
            }
        }

        impl ::core::ops::IndexMut<$Slot> for [f64] {
            #[inline]
            fn index_mut(&mut self, slot: $Slot) -> &mut f64 {
                &mut self[slot as usize]
            }
        }
    };
}

/// Checks that slot `k` (by its variant name) is row `k` of `table`: the
/// variant in `snake_case`, with underscores before digits dropped, equals
/// the metric's name with the same underscores dropped.
pub fn check_slots(variants: &[&str], table: &[Metric]) -> Result<(), String> {
    check_table(table)?;
    if variants.len() != table.len() {
        return Err(format!(
            "{} slots for {} metrics",
            variants.len(),
            table.len()
        ));
    }
    let squash = |s: &str| {
        let b: Vec<char> = s.chars().collect();
        b.iter()
            .enumerate()
            .filter(|(i, c)| !(**c == '_' && b.get(i + 1).is_some_and(|n| n.is_ascii_digit())))
            .map(|(_, c)| *c)
            .collect::<String>()
    };
    for (v, m) in variants.iter().zip(table) {
        if squash(&snake_case(v)) != squash(m.name) {
            return Err(format!("slot {v} holds metric {:?}", m.name));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::metric_slots! {
        enum Toy in TOY {
            Reward => Metric::new("reward", "reward", "", Group::Behaviour),
            WFrac1 => Metric::new("w_frac_1", "weights in bin 1", "", Group::Weights).within(0.0, 1.0),
        }
    }

    #[test]
    fn slots_match_names_and_tables_are_checked() {
        let variants: Vec<&str> = Toy::ALL.iter().map(|s| s.variant()).collect();
        assert_eq!(check_slots(&variants, TOY), Ok(()));
        assert!(check_slots(&["Reward", "Other"], TOY).is_err());
        let twice = [TOY[0], TOY[0]];
        assert!(check_table(&twice).unwrap_err().contains("twice"));
        let mut row = [0.0; 2];
        row[Toy::WFrac1] = 0.5;
        assert_eq!(row, [0.0, 0.5]);
    }

    #[test]
    fn axis_labels_and_default_charts() {
        let m = Metric::new("dopamine", "phasic dopamine", "δ units", Group::Modulator);
        assert_eq!(m.axis_label(), "phasic dopamine (δ units)");
        let table = [
            Metric::new("reward", "reward", "", Group::Behaviour),
            Metric::new("correct", "P(best)", "", Group::Behaviour).lead(),
            m,
        ];
        assert_eq!(
            default_charts(&table),
            ["correct", "dopamine", "reward", "reward"]
        );
        assert_eq!(Group::Task.chart(), None);
        assert_eq!(Group::Weights.chart(), Some(3));
    }
}
