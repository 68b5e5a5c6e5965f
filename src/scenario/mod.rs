//! The scenario file: the one input of every face (page, CLI, tests).
//!
//! A scenario is JSON. Every field but `task.kind` has a default, unknown
//! fields are errors, and every error names the path of the field and what
//! was expected, e.g. `task.p_reward[2]: must be within [0, 1], got 1.3`.
//!
//! This layer only composes: the task specs belong to [`crate::tasks`], the
//! learner's model to [`crate::circuit`], the conditions to
//! [`crate::neuromod`], the field vocabulary and limits to
//! [`crate::params`]. It reads and writes the JSON that puts them together.

mod json_path;
mod task;

pub use crate::circuit::{Actor, ModelSpec, NeExploration};
pub use crate::neuromod::{condition_fields, Condition, ModulatorSettings};
pub use crate::params::limits::{
    MAX_CONDITIONS, MAX_SEEDS, MAX_TEXT_BYTES, MAX_TOTAL_TRIALS, MAX_TRIALS,
};
pub use crate::params::{json_value, Check, FieldError, ScenarioError};
pub use crate::tasks::{descriptions, TaskSpec, TASK_KINDS};

use crate::neuromod::anatomy::{Receptor, Region};
use crate::neuromod::Drug;
use crate::params::{
    check_fields, clean_serde_message, kind_of, number_text, whole_floats_as_integers,
};
use serde::{Deserialize, Serialize};

/// A whole experiment: a task, a model, the conditions to compare and the
/// seeds to run each on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A title for charts and exports.
    #[serde(default)]
    pub name: String,
    /// The reinforcement task.
    pub task: TaskSpec,
    /// The learner's parameters.
    #[serde(default)]
    pub model: ModelSpec,
    /// The manipulations to compare; every condition runs on the same seeds.
    #[serde(default = "default_conditions")]
    pub conditions: Vec<Condition>,
    /// How many seeds each condition runs (seeds `first_seed ..`).
    #[serde(default = "default_seeds")]
    pub seeds: u32,
    /// The first seed.
    #[serde(default)]
    pub first_seed: u64,
}

/// Appends to `out` the path (`model.learning_rate`, `model.receptors.ofc.d1`)
/// of every leaf where `value` differs from `default`.
fn differing_leaves(
    path: &str,
    value: &serde_json::Value,
    default: &serde_json::Value,
    out: &mut Vec<String>,
) {
    match (value, default) {
        (serde_json::Value::Object(v), serde_json::Value::Object(d)) => {
            for (key, item) in v {
                let inner = format!("{path}.{key}");
                match d.get(key) {
                    Some(dv) => differing_leaves(&inner, item, dv, out),
                    None => out.push(inner),
                }
            }
        }
        _ if value != default => out.push(path.to_string()),
        _ => {}
    }
}

/// Removes from a scenario's JSON every field its task's runs do not read,
/// and returns their paths (`model.learning_rate`, `conditions[0].ach.tonic`,
/// `conditions[1].regions`): what the page does when the reader switches to
/// a task that reads less (a spiking task reads none of the rate circuit's
/// model, no local manipulation and a subset of the condition fields), so
/// that the scenario stays one the engine accepts. A model left at its
/// default is removed without being named. The same rule as the check that
/// refuses such fields ([`Scenario::validate`]); an unknown task is an error.
pub fn drop_unread(value: &mut serde_json::Value) -> Result<Vec<String>, ScenarioError> {
    let spec = task::parse_task(value.get("task").unwrap_or(&serde_json::Value::Null))?;
    let mut dropped = Vec::new();
    for path in unread_fields(value) {
        let Some((head, rest)) = path.split_once('.') else {
            continue;
        };
        let Some(serde_json::Value::Object(obj)) = value.get_mut(head) else {
            continue;
        };
        if remove_dotted(obj, rest) {
            dropped.push(path.clone());
        }
        if head == "model" && obj.is_empty() {
            if let Some(root) = value.as_object_mut() {
                root.remove("model");
            }
        }
    }
    let Some(read) = spec.condition_fields() else {
        drop_lesioned_locals(value, &mut dropped);
        return Ok(dropped);
    };
    let Some(root) = value.as_object_mut() else {
        return Ok(dropped);
    };
    if let Some(model) = root.remove("model") {
        differing_leaves(
            "model",
            &model,
            &json_value(&ModelSpec::default()),
            &mut dropped,
        );
    }
    let Some(serde_json::Value::Array(conditions)) = root.get_mut("conditions") else {
        return Ok(dropped);
    };
    let fields = condition_fields();
    for (i, cond) in conditions.iter_mut().enumerate() {
        let Some(cond) = cond.as_object_mut() else {
            continue;
        };
        for f in fields.iter().filter(|f| !read.contains(&f.name)) {
            if remove_dotted(cond, f.name) {
                dropped.push(format!("conditions[{i}].{}", f.name));
            }
        }
        if cond.remove("regions").is_some() {
            dropped.push(format!("conditions[{i}].regions"));
        }
        drop_entries(cond, "drugs", i, &mut dropped, |name| {
            Drug::from_name(name).is_none_or(|d| d.read_by(read))
        });
        if let Some(lesions) = spec.lesions_read() {
            drop_entries(cond, "lesions", i, &mut dropped, |name| {
                Region::from_name(name).is_none_or(|r| lesions.contains(&r))
            });
        }
    }
    Ok(dropped)
}

/// The task and model fields a scenario's runs do not read because a gate
/// of theirs is closed (a mode, a switch, an empty block: [`crate::params::Field::read_when`]),
/// as paths (`task.sd`, `model.outcome_noise`), judged on the scenario with
/// its defaults filled in: what the page hides, and what validation refuses
/// away from its default. A task or model that cannot be read yet gives
/// none (its own error names it).
pub fn unread_fields(value: &serde_json::Value) -> Vec<String> {
    let Ok(spec) = task::parse_task(value.get("task").unwrap_or(&serde_json::Value::Null)) else {
        return Vec::new();
    };
    let fields = crate::tasks::fields_of(spec.kind()).unwrap_or(&[]);
    let mut out: Vec<String> = crate::params::unread_fields(fields, &json_value(&spec))
        .into_iter()
        .map(|(f, _)| format!("task.{}", f.name))
        .collect();
    // Only the rate circuit's tasks read the model.
    if spec.condition_fields().is_none() {
        let model = match value.get("model") {
            None => Ok(ModelSpec::default()),
            Some(m) => json_path::from_value::<ModelSpec>(m),
        };
        if let Ok(model) = model {
            out.extend(
                crate::params::unread_fields(ModelSpec::FIELDS, &json_value(&model))
                    .into_iter()
                    .map(|(f, _)| format!("model.{}", f.name)),
            );
        }
        if let crate::tasks::Built::Trials(task) = crate::tasks::build(&spec) {
            for (name, _) in ModelSpec::unread_by(&task_shape(task.as_ref())) {
                let path = format!("model.{name}");
                if !out.contains(&path) {
                    out.push(path);
                }
            }
        }
    }
    out
}

/// What a task offers the model ([`crate::circuit::TaskShape`]).
fn task_shape(task: &dyn crate::tasks::Task) -> crate::circuit::TaskShape {
    crate::circuit::TaskShape {
        options: task.n_actions(),
        steps: task.steps_per_trial(),
        reveals_unchosen: task.reveals_unchosen(),
    }
}

/// Removes the local settings of each region its condition lesions (they
/// would change nothing, and validation refuses them), naming each
/// (`conditions[1].regions.ofc`).
fn drop_lesioned_locals(value: &mut serde_json::Value, dropped: &mut Vec<String>) {
    let Some(serde_json::Value::Array(conditions)) = value.get_mut("conditions") else {
        return;
    };
    for (i, cond) in conditions.iter_mut().enumerate() {
        let Some(cond) = cond.as_object_mut() else {
            continue;
        };
        let lesions: Vec<String> = match cond.get("lesions") {
            Some(serde_json::Value::Array(l)) => l
                .iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect(),
            _ => continue,
        };
        let Some(serde_json::Value::Object(regions)) = cond.get_mut("regions") else {
            continue;
        };
        for region in &lesions {
            // An empty local object changes nothing either way: removed unnamed.
            if let Some(local) = regions.remove(region) {
                if local.as_object().is_some_and(|o| {
                    o.values().any(|v| match v {
                        serde_json::Value::Array(a) => !a.is_empty(),
                        serde_json::Value::Object(m) => !m.is_empty(),
                        _ => true,
                    })
                }) {
                    dropped.push(format!("conditions[{i}].regions.{region}"));
                }
            }
        }
        if regions.is_empty() {
            cond.remove("regions");
        }
    }
}

/// Removes from the list `key` of condition `i` the names `keep` refuses
/// (an unknown name is kept, for validation to name), noting each path in
/// `dropped`; an emptied list goes.
fn drop_entries(
    cond: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    i: usize,
    dropped: &mut Vec<String>,
    keep: impl Fn(&str) -> bool,
) {
    let Some(serde_json::Value::Array(list)) = cond.get_mut(key) else {
        return;
    };
    let mut j = 0;
    list.retain(|v| {
        let kept = v.as_str().is_none_or(&keep);
        if !kept {
            dropped.push(format!("conditions[{i}].{key}[{j}]"));
        }
        j += 1;
        kept
    });
    if list.is_empty() {
        cond.remove(key);
    }
}

/// The regions whose lesion a task's runs read, by name, for the task
/// object of a scenario (`{"kind": "distal_reward", "region": "ofc"}`):
/// `None` when every region's lesion acts (the rate circuit's tasks). A
/// spiking task stands for one region (the spiking bandit also reads the
/// ventral striatum, its critic); the page offers only these lesions, the
/// ones [`Scenario::validate`] accepts. An unknown or invalid task is an
/// error.
pub fn lesions_read(task: &serde_json::Value) -> Result<Option<Vec<&'static str>>, ScenarioError> {
    let spec = task::parse_task(task)?;
    Ok(spec
        .lesions_read()
        .map(|regions| regions.into_iter().map(Region::name).collect()))
}

/// The drugs a task's runs see, by name, for the task object of a
/// scenario: those acting through a condition field it reads
/// ([`Drug::acts_through`]); `None` when it reads every field (the rate
/// circuit's tasks). The page offers only these; [`Scenario::validate`]
/// refuses the others. An unknown or invalid task is an error.
pub fn drugs_read(task: &serde_json::Value) -> Result<Option<Vec<&'static str>>, ScenarioError> {
    let spec = task::parse_task(task)?;
    Ok(spec.condition_fields().map(|read| {
        Drug::ALL
            .iter()
            .filter(|d| d.read_by(read))
            .map(|d| d.name())
            .collect()
    }))
}

/// Removes the field at a dotted path (`ach.tonic`) and any object it leaves
/// empty; whether there was one.
fn remove_dotted(obj: &mut serde_json::Map<String, serde_json::Value>, path: &str) -> bool {
    match path.split_once('.') {
        None => obj.remove(path).is_some(),
        Some((head, rest)) => {
            let Some(serde_json::Value::Object(inner)) = obj.get_mut(head) else {
                return false;
            };
            let removed = remove_dotted(inner, rest);
            if inner.is_empty() {
                obj.remove(head);
            }
            removed
        }
    }
}

fn default_conditions() -> Vec<Condition> {
    vec![Condition::default()]
}

fn default_seeds() -> u32 {
    20
}

/// Range checks on the raw JSON, for when serde cannot read it: a number
/// too big for its type (`"seeds": 1e15`) then gets the field's documented
/// range, not serde's overflow message. [`Scenario::validate`] checks the
/// same ranges, and the rules between fields, on the typed scenario.
fn check_ranges(value: &serde_json::Value) -> Result<(), ScenarioError> {
    let mut c = Check::default();
    if let Some(model) = value.get("model") {
        c.nested("model", |c| check_fields(ModelSpec::FIELDS, model, c));
    }
    if let Some(serde_json::Value::Array(conditions)) = value.get("conditions") {
        let fields = condition_fields();
        for (i, cond) in conditions.iter().enumerate().take(MAX_CONDITIONS + 1) {
            c.nested(&format!("conditions[{i}]"), |c| {
                check_fields(&fields, cond, c)
            });
        }
    }
    if let Some(seeds) = value.get("seeds").and_then(|v| v.as_f64()) {
        if seeds.fract() != 0.0 || !(1.0..=MAX_SEEDS as f64).contains(&seeds) {
            c.fail(
                "seeds",
                format!(
                    "must be a whole number within [1, {MAX_SEEDS}], got {}",
                    number_text(seeds)
                ),
            );
        }
    }
    if let Some(first) = value.get("first_seed").and_then(|v| v.as_f64()) {
        // u64::MAX as f64 rounds up to 2^64, so the top is checked by serde.
        if first.fract() != 0.0 || first < 0.0 {
            c.fail(
                "first_seed",
                format!("must be a whole number ≥ 0, got {}", number_text(first)),
            );
        }
    }
    c.finish()
}

/// A scenario read by [`Scenario::recover`].
#[derive(Clone, Debug)]
pub struct Recovered {
    /// The scenario, validated.
    pub scenario: Scenario,
    /// Its JSON as read, without the removed fields.
    pub json: serde_json::Value,
    /// The paths of the removed fields (`model.trace_decay`), empty when
    /// none was.
    pub dropped: Vec<String>,
    /// The scenario as written, removed fields included (read without
    /// validation), when any was removed: the one its fingerprint was
    /// computed from. Its numbers are the scenario's.
    pub as_written: Option<Scenario>,
}

impl Recovered {
    /// The scenario the written fingerprint is checked against.
    pub fn fingerprinted(&self) -> &Scenario {
        self.as_written.as_ref().unwrap_or(&self.scenario)
    }
}

impl Scenario {
    /// Parses and validates scenario JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(ScenarioError::one(
                "",
                format!(
                    "scenario text is {} bytes; at most {MAX_TEXT_BYTES} bytes are accepted",
                    text.len()
                ),
            ));
        }
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| ScenarioError::one("", format!("not valid JSON: {e}")))?;
        // A JSON value keeps the last of a key given twice: refuse it instead.
        if let Some(path) = json_path::duplicate_key(text) {
            return Err(ScenarioError::one(
                path,
                "is given twice in one object (a second value would replace the first)",
            ));
        }
        Self::from_value(value)
    }

    /// Reads a scenario written earlier, by this engine or an older one (a
    /// link, a scenario kept in the browser, a results file): as
    /// [`Scenario::from_value`], except that fields refused only because
    /// they change nothing for the task (a setting of a mode that is off, a
    /// model setting the task has no use for: [`drop_unread`]) are removed
    /// and named instead. The numbers are the same without them. Any other
    /// problem (a bad value, even of such a setting) stays an error, as
    /// does one that removing them does not cure.
    pub fn recover(value: serde_json::Value) -> Result<Recovered, ScenarioError> {
        let first = match Self::from_value(value.clone()) {
            Ok(scenario) => {
                return Ok(Recovered {
                    scenario,
                    json: value,
                    dropped: Vec::new(),
                    as_written: None,
                })
            }
            Err(e) => e,
        };
        // Only when every problem is a setting that would change nothing (a
        // bad value, even of such a setting, stays an error).
        if !first
            .errors
            .iter()
            .all(|e| e.message.contains("would change nothing"))
        {
            return Err(first);
        }
        let mut json = value.clone();
        let dropped = match drop_unread(&mut json) {
            Ok(d) if !d.is_empty() => d,
            _ => return Err(first),
        };
        let scenario = Self::from_value(json.clone()).map_err(|_| first)?;
        // Named only where the value was not the default (a filled-in
        // scenario, as a results file holds, writes every default).
        let filled = json_value(&scenario);
        let at = |v: &serde_json::Value, path: &str| {
            let pointer = format!(
                "/{}",
                path.replace('[', ".").replace(']', "").replace('.', "/")
            );
            v.pointer(&pointer).cloned()
        };
        let dropped = dropped
            .into_iter()
            .filter(|p| at(&value, p) != at(&filled, p))
            .collect();
        Ok(Recovered {
            scenario,
            json,
            dropped,
            // Through the one deserializer scenarios are read with (a
            // second, from `Value`, would double their code in the wasm).
            as_written: json_path::from_value(&value).ok(),
        })
    }

    /// Validates an already parsed JSON value (what the page and tests build).
    /// A whole number written as a float (`3.0`) counts as that whole number.
    pub fn from_value(mut value: serde_json::Value) -> Result<Scenario, ScenarioError> {
        whole_floats_as_integers(&mut value);
        name_unlabeled(&mut value);
        let serde_json::Value::Object(_) = &value else {
            return Err(ScenarioError::one(
                "",
                "a scenario must be a JSON object such as {\"task\": {\"kind\": \"bandit\"}}",
            ));
        };
        // Internally tagged enums hide field paths from serde, so the task
        // object is checked on its own first, with its path prefixed.
        // A bad task stops the read here, so the other fields' ranges are
        // checked on the JSON alone and reported with it.
        if let Some(task) = value.get("task") {
            task::parse_task(task).map_err(|e| e.with_ranges(check_ranges(&value)))?;
        }
        check_objects(&value)?;
        let scenario: Scenario = json_path::from_value(&value).map_err(|e| {
            ScenarioError::one(e.path, clean_serde_message(&e.message))
                .with_ranges(check_ranges(&value))
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Checks every value's range and the scenario's size limits.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let mut c = Check::default();
        c.chars_within("name", &self.name, 0, 200);
        // The name is the charts' title: SVG (XML) cannot hold most control
        // characters, and labels refuse them too.
        if self.name.chars().any(char::is_control) {
            c.fail("name", "must not contain control characters");
        }
        c.nested("task", |c| self.task.validate(c));
        c.nested("model", |c| self.model.validate(c));
        if c.is_ok() {
            if let crate::tasks::Built::Trials(task) = crate::tasks::build(&self.task) {
                let n = task.n_features();
                c.nested("model", |c| self.model.memory.validate(n, c));
                c.nested("model", |c| {
                    crate::circuit::kalman::check_task(self.model.learner, n, c)
                });
                let shape = task_shape(task.as_ref());
                let kind = self.task.kind();
                c.nested("model", |c| self.model.check_task(&shape, kind, c));
            }
        }
        c.len_within("conditions", self.conditions.len(), 1, MAX_CONDITIONS);
        for (i, cond) in self.conditions.iter().enumerate() {
            c.nested(&format!("conditions[{i}]"), |c| cond.validate(c));
            // A task that reads no local settings refuses them whole
            // (check_unread_condition_fields).
            if self.task.condition_fields().is_none() {
                c.nested(&format!("conditions[{i}]"), |c| {
                    cond.check_lesioned_locals(c)
                });
            }
        }
        self.check_unread_condition_fields(&mut c);
        for (i, a) in self.conditions.iter().enumerate() {
            if self.conditions[..i].iter().any(|b| b.label == a.label) {
                c.fail(
                    &format!("conditions[{i}].label"),
                    format!("must be unique, got {:?} twice", a.label),
                );
            }
        }
        c.int_within("seeds", self.seeds as u64, 1, MAX_SEEDS as u64);
        // The seeds are first_seed … first_seed + seeds − 1: never past u64.
        let extra = (self.seeds as u64).saturating_sub(1);
        if self.first_seed.checked_add(extra).is_none() {
            c.fail(
                "first_seed",
                format!(
                    "must be at most {} with {} seeds (seeds run first_seed … first_seed + seeds − 1), got {}",
                    u64::MAX - extra,
                    self.seeds,
                    self.first_seed
                ),
            );
        }
        let total = self.total_trials();
        if c.is_ok() && total > MAX_TOTAL_TRIALS as f64 {
            c.fail(
                "seeds",
                format!(
                    "seeds × conditions × trials is {total}; at most {MAX_TOTAL_TRIALS} trials per scenario"
                ),
            );
        }
        c.finish()
    }

    /// A condition field that would change nothing is refused, not
    /// ignored: one the task's runs do not read (the spiking tasks read a
    /// subset, [`crate::tasks::TaskSpec::condition_fields`], and no local
    /// manipulation), or a `from_trial` after the run's last trial.
    fn check_unread_condition_fields(&self, c: &mut Check) {
        let trials = self.task.trials();
        for (i, cond) in self.conditions.iter().enumerate() {
            if cond.from_trial > trials.max(1) {
                c.fail(
                    &format!("conditions[{i}].from_trial"),
                    format!(
                        "must be at most the run's {trials} trials (the manipulation would never start), got {}",
                        cond.from_trial
                    ),
                );
            }
        }
        let Some(read) = self.task.condition_fields() else {
            return;
        };
        let kind = self.task.kind();
        let default = json_value(&Condition::default());
        for (i, cond) in self.conditions.iter().enumerate() {
            let value = json_value(cond);
            for f in condition_fields() {
                let pointer = format!("/{}", f.name.replace('.', "/"));
                if !read.contains(&f.name) && value.pointer(&pointer) != default.pointer(&pointer) {
                    c.fail(
                        &format!("conditions[{i}].{}", f.name),
                        format!("task {kind} does not read it, so it would change nothing; leave it out (docs/spiking.md lists the condition fields each spiking task reads)"),
                    );
                }
            }
            for (j, d) in cond.drugs.iter().enumerate() {
                if !d.read_by(read) {
                    c.fail(
                        &format!("conditions[{i}].drugs[{j}]"),
                        format!(
                            "task {kind} does not read {}, through which {} acts, so it would change nothing; leave it out",
                            if d.acts_through().is_empty() {
                                "the rate circuit's consolidation".to_string()
                            } else {
                                d.acts_through().join(", ")
                            },
                            d.name()
                        ),
                    );
                }
            }
            if let Some(lesions) = self.task.lesions_read() {
                let read: Vec<&str> = lesions.iter().map(|r| r.name()).collect();
                for (j, r) in cond.lesions.iter().enumerate() {
                    if !lesions.contains(r) {
                        c.fail(
                            &format!("conditions[{i}].lesions[{j}]"),
                            format!(
                                "task {kind} reads a lesion only of the regions it stands for ({}), so lesioning {} would change nothing; leave it out",
                                read.join(", "),
                                r.name()
                            ),
                        );
                    }
                }
            }
            if !cond.regions.is_empty() {
                c.fail(
                    &format!("conditions[{i}].regions"),
                    format!("task {kind} does not read local manipulations (it has no regions of the rate circuit); leave regions out, or use the condition's receptors, drugs and lesions"),
                );
            }
        }
        // The model is the rate circuit's: a spiking task reads none of it,
        // so a model field away from its default would change nothing. The
        // default model is accepted, as a filled-in export writes it.
        let mut changed = Vec::new();
        differing_leaves(
            "model",
            &json_value(&self.model),
            &json_value(&ModelSpec::default()),
            &mut changed,
        );
        for path in changed {
            c.fail(
                &path,
                format!("task {kind} does not read the rate circuit's model, so it would change nothing; leave it out or at its default"),
            );
        }
    }

    /// Trials (or bins) of every run together: conditions × seeds × trials.
    pub fn total_trials(&self) -> f64 {
        f64::from(self.task.trials()) * f64::from(self.seeds) * self.conditions.len() as f64
    }

    /// What the whole scenario costs to simulate, in trials of the rate
    /// circuit ([`crate::tasks::TaskKind::work_per_trial`]): the page runs a
    /// scenario without asking only below a budget of it, so that a spiking
    /// task of many seeds does not start an hour of work on a school laptop.
    pub fn total_work(&self) -> f64 {
        self.total_trials() * self.task.work_per_trial()
    }

    /// The scenario as pretty JSON (what exports embed, so a result can be re-run).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The seeds every condition runs on.
    pub fn seed_list(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.seeds as u64).map(move |i| self.first_seed.wrapping_add(i))
    }
}

/// serde reads a struct from an array as well as from an object (so
/// `"model": []` would silently mean "all defaults"); every place that takes
/// an object must hold one.
/// Names each condition given without a `label` after what it changes
/// (`haloperidol`, `no ofc`, `dopamine.gain 0.5`), or `control` when it
/// changes nothing, so that no export calls a manipulation "control"; a
/// name already taken gets ` (2)`, ` (3)`, …
fn name_unlabeled(value: &mut serde_json::Value) {
    let Some(serde_json::Value::Array(conditions)) = value.get_mut("conditions") else {
        return;
    };
    let mut taken: Vec<String> = conditions
        .iter()
        .filter_map(|c| c.get("label")?.as_str().map(str::to_string))
        .collect();
    for cond in conditions.iter_mut() {
        let Some(obj) = cond.as_object_mut() else {
            continue;
        };
        if obj.contains_key("label") {
            continue;
        }
        let base = describe_condition(obj);
        let mut label = base.clone();
        for n in 2.. {
            if !taken.contains(&label) {
                break;
            }
            label = format!("{base} ({n})");
        }
        taken.push(label.clone());
        obj.insert("label".into(), serde_json::Value::String(label));
    }
}

/// What a condition object changes, in a few words (at most 54 characters,
/// so that a ` (NN)` still fits a label's 60).
fn describe_condition(obj: &serde_json::Map<String, serde_json::Value>) -> String {
    fn text(v: &serde_json::Value) -> String {
        match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join(" + "),
            other => other.to_string(),
        }
    }
    fn leaves(path: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    leaves(&format!("{path}.{k}"), x, out);
                }
            }
            other => out.push(format!("{path} {}", text(other))),
        }
    }
    let mut parts = Vec::new();
    for (key, v) in obj {
        match (key.as_str(), v) {
            ("drugs", serde_json::Value::Array(a)) => parts.extend(a.iter().map(text)),
            ("lesions", serde_json::Value::Array(a)) => {
                parts.extend(a.iter().map(|r| format!("no {}", text(r))));
            }
            ("regions", serde_json::Value::Object(regions)) => {
                for (region, local) in regions {
                    if let Some(d) = local
                        .get("drugs")
                        .filter(|d| d.as_array().is_some_and(|a| !a.is_empty()))
                    {
                        parts.push(format!("{} in {region}", text(d)));
                    }
                    if let Some(r) = local.get("receptors") {
                        leaves(region, r, &mut parts);
                    }
                }
            }
            _ => leaves(key, v, &mut parts),
        }
    }
    let all = parts.join(", ");
    if all.is_empty() {
        return "control".into();
    }
    // A key or value may hold anything; a label may not hold control characters.
    let all: String = all.chars().filter(|c| !c.is_control()).collect();
    let mut cut: String = all.chars().take(54).collect();
    if cut.len() < all.len() {
        cut.pop();
        cut.push('…');
    }
    cut
}

fn check_objects(value: &serde_json::Value) -> Result<(), ScenarioError> {
    fn object(v: Option<&serde_json::Value>, path: &str) -> Result<(), ScenarioError> {
        match v {
            None | Some(serde_json::Value::Object(_)) => Ok(()),
            Some(other) => Err(ScenarioError::one(
                path,
                format!("must be an object {{…}}, got {}", kind_of(other)),
            )),
        }
    }
    let model = value.get("model");
    object(model, "model")?;
    for part in [
        "kalman",
        "consolidation",
        "receptors",
        "occupancy",
        "structure",
        "associability",
        "memory",
    ] {
        object(model.and_then(|m| m.get(part)), &format!("model.{part}"))?;
    }
    let receptors = model.and_then(|m| m.get("receptors"));
    for region in Region::NAMES {
        object(
            receptors.and_then(|r| r.get(region)),
            &format!("model.receptors.{region}"),
        )?;
    }
    if let Some(list) = value.get("conditions").and_then(|c| c.as_array()) {
        for (i, c) in list.iter().enumerate() {
            let path = format!("conditions[{i}]");
            object(Some(c), &path)?;
            for part in [
                "dopamine",
                "acetylcholine",
                "norepinephrine",
                "serotonin",
                "receptors",
            ] {
                object(c.get(part), &format!("{path}.{part}"))?;
            }
            for r in Receptor::NAMES {
                let v = c.get("receptors").and_then(|x| x.get(r));
                object(v, &format!("{path}.receptors.{r}"))?;
            }
            // Local manipulations: each region's, and each of its receptors'.
            let regions = c.get("regions").and_then(|r| r.as_object());
            for (region, local) in regions.into_iter().flatten() {
                let at = format!("{path}.regions.{region}");
                object(Some(local), &at)?;
                let receptors = local.get("receptors").and_then(|r| r.as_object());
                for (r, v) in receptors.into_iter().flatten() {
                    object(Some(v), &format!("{at}.receptors.{r}"))?;
                }
            }
        }
    }
    Ok(())
}
