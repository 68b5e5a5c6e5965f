//! Property tests (issue 9): any valid scenario, of every task kind with any
//! model options and manipulations, runs to completion and records only
//! finite values, each within its documented range where it has one.
//!
//! Scenarios are generated from the engine's own field descriptions (the
//! schema that validates files and builds the page's controls), so every
//! value lies within its documented range. Cross-field rules (e.g. `cs_step`
//! before `us_step`) are met by dropping, back to its default, each field
//! validation names. Trial counts and other cost drivers are kept small so
//! the whole file runs in seconds.

use modulab::experiment::Experiment;
use modulab::params::{Field, FieldKind};
use modulab::scenario::{condition_fields, descriptions, ModelSpec, Scenario, TASK_KINDS};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Random draws a scenario is built from: the builder takes them in turn.
struct Draws<'a> {
    draws: &'a [(u32, f64)],
    next: usize,
}

impl Draws<'_> {
    fn take(&mut self) -> (u32, f64) {
        let d = self.draws.get(self.next).copied().unwrap_or((0, 0.0));
        self.next += 1;
        d
    }

    /// Whether to set an optional field (about half the time).
    fn flip(&mut self) -> bool {
        self.take().0 % 2 == 1
    }

    /// A number in [lo, hi], often an end of the range.
    fn within(&mut self, lo: f64, hi: f64) -> f64 {
        let (k, u) = self.take();
        match k % 8 {
            0 => lo,
            1 => hi,
            _ => lo + u * (hi - lo),
        }
    }

    /// A whole number in [lo, hi].
    fn whole(&mut self, lo: f64, hi: f64) -> f64 {
        self.within(lo, hi).round().clamp(lo, hi)
    }

    fn index(&mut self, n: usize) -> usize {
        self.take().0 as usize % n.max(1)
    }
}

/// Upper bounds for the fields that set how long a run takes: trials,
/// repeats, durations, sleep and replay sizes. Each stays within the
/// documented range; only its top is not explored here.
fn cost_cap(name: &str) -> Option<f64> {
    let last = name.rsplit('.').next().unwrap_or(name);
    Some(match last {
        "trials" => 80.0,
        "training_trials" | "stable_trials" | "volatile_trials" => 40.0,
        "test_repeats" => 3.0,
        "duration_s" => 1.0,
        "from_trial" | "sleep_every" | "period" | "block_trials" | "omit_every"
        | "forced_every" => 60.0,
        "sleep_replays" => 50.0,
        // Steps per trial (a conditioning trial's features grow with them).
        "steps" | "max_steps" | "length" => 60.0,
        "replay_capacity" => 500.0,
        "sets" | "set_size" => 50.0,
        // The spiking network's size (up to 100 000 neurons is valid): small
        // here so eight spiking cases cost seconds, not minutes.
        "neurons" => 400.0,
        "synapses_per_neuron" => 50.0,
        // The spiking actor: model time per trial and population sizes, so
        // a case (≤ 3 seeds × 4 conditions × 80 trials) costs at most about
        // a CPU second, even with every neuron firing every ms.
        "cue_ms" => 60.0,
        "iti_ms" | "reward_delay_ms" => 150.0,
        "cue_neurons" => 60.0,
        "action_neurons" => 30.0,
        // The spiking navigator: a trial lasts up to its time limit (60 s
        // is valid; one such case ran for over ten minutes) over a grid of
        // place cells (up to 20 × 20).
        "time_limit_ms" => 500.0,
        "place_side" => 8.0,
        _ => return None,
    })
}

/// A value for `field`, within its documented range.
fn value_for(field: &Field, d: &mut Draws) -> Value {
    let hi = cost_cap(field.name).map_or(field.max, |c| c.min(field.max).max(field.min));
    match field.kind {
        FieldKind::Number => json!(d.within(field.min, hi)),
        FieldKind::Integer => json!(d.whole(field.min, hi) as u64),
        FieldKind::OptionalNumber => {
            if d.flip() {
                json!(d.within(field.min, hi))
            } else {
                Value::Null
            }
        }
        FieldKind::NumberList { min_len, max_len } => {
            let n = min_len + d.index(max_len.min(8) - min_len + 1);
            (0..n).map(|_| json!(d.within(field.min, hi))).collect()
        }
        FieldKind::Bool => json!(d.flip()),
        FieldKind::Choice { options } => json!(options[d.index(options.len())]),
        FieldKind::ChoiceList { options, .. } => options
            .iter()
            .filter(|_| d.take().0 % 4 == 0)
            .map(|o| json!(o))
            .collect(),
        FieldKind::Records {
            min_len,
            max_len,
            fields,
        } => {
            let n = min_len + d.index(max_len.min(3) - min_len + 1);
            (0..n)
                .map(|_| {
                    let mut o = Value::Object(Map::new());
                    for f in fields {
                        if cost_cap(f.name).is_some() || d.flip() {
                            set_path(&mut o, f.name, value_for(f, d));
                        }
                    }
                    o
                })
                .collect()
        }
    }
}

/// Sets a dotted path (`consolidation.enabled`, `dopamine.gain`).
fn set_path(target: &mut Value, path: &str, value: Value) {
    let mut at = target;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Value::Object(map) = at else { return };
        if parts.peek().is_none() {
            map.insert(part.to_string(), value);
            return;
        }
        at = map
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// An object with about half of `fields` set, and every one that sets the
/// run's cost (so that no default makes it long).
fn object_of(fields: &[Field], d: &mut Draws) -> Value {
    let mut o = Value::Object(Map::new());
    for f in fields {
        if cost_cap(f.name).is_some() || d.flip() {
            set_path(&mut o, f.name, value_for(f, d));
        }
    }
    o
}

/// Drops the field an error path names (`task.phases[1].cues[0]` drops
/// `task.phases`, `conditions[0].dopamine.gain` drops
/// `conditions[0].dopamine`), so that its default applies.
fn drop_field(scenario: &mut Value, path: &str) -> bool {
    let (section, rest) = path.split_once('.').unwrap_or((path, ""));
    let key = rest
        .split(['.', '['])
        .next()
        .unwrap_or_default()
        .to_string();
    let target = if let Some(i) = section.strip_prefix("conditions[") {
        let i: usize = i.trim_end_matches(']').parse().unwrap_or(0);
        scenario.pointer_mut(&format!("/conditions/{i}"))
    } else {
        scenario.get_mut(section)
    };
    match target {
        Some(Value::Object(map)) if key != "kind" && key != "label" => map.remove(&key).is_some(),
        _ => false,
    }
}

/// A valid scenario of task `kind` from the draws.
fn scenario(kind: usize, draws: &[(u32, f64)]) -> Scenario {
    let d = &mut Draws { draws, next: 0 };
    let tasks = descriptions();
    let task = &tasks[kind % tasks.len()];
    let mut task_json = object_of(task.fields, d);
    set_path(&mut task_json, "kind", json!(task.kind));
    let model = object_of(ModelSpec::FIELDS, d);
    let fields = condition_fields();
    let conditions: Vec<Value> = (0..1 + d.index(3))
        .map(|i| {
            let mut c = object_of(&fields, d);
            set_path(&mut c, "label", json!(format!("condition {i}")));
            c
        })
        .collect();
    let mut value = json!({
        "task": task_json,
        "model": model,
        "conditions": conditions,
        "seeds": 1 + d.index(3),
        "first_seed": d.take().0,
    });
    let mut reset = false;
    for _ in 0..16 {
        match Scenario::from_value(value.clone()) {
            Ok(s) => return s,
            Err(e) => {
                let mut dropped = false;
                for f in &e.errors {
                    dropped |= drop_field(&mut value, &f.path);
                }
                if !dropped {
                    // A cross-field rule names a field left at its default
                    // (`reward_delay_max_s` below a generated minimum): the
                    // task's other fields go back to their defaults, but
                    // for those that set its cost.
                    // If the rule joins two of those (a network's size
                    // against its synapses per neuron), they go back too.
                    let mut fresh = json!({"kind": task.kind});
                    if !reset {
                        for f in task.fields.iter().filter(|f| cost_cap(f.name).is_some()) {
                            if let Some(v) = value["task"].get(f.name) {
                                fresh[f.name] = v.clone();
                            }
                        }
                    }
                    reset = true;
                    value["task"] = fresh;
                }
            }
        }
    }
    panic!("a generated scenario stayed invalid: {value:#}");
}

/// Whether every field that sets a run's cost stays within its cap in the
/// scenario as read (defaults included). A scenario whose cross-field
/// rule sent the task back to its defaults (a 3,600 s spiking run) is
/// skipped rather than run: one such case cost CI minutes.
fn affordable(s: &Scenario) -> bool {
    let value: Value = serde_json::from_str(&s.to_json()).unwrap_or(Value::Null);
    // A field its mode leaves unread (a Pavlovian set size in an
    // instrumental run) costs nothing.
    let unread = modulab::scenario::unread_fields(&value);
    value["task"].as_object().is_some_and(|task| {
        task.iter()
            .filter(|(name, _)| !unread.contains(&format!("task.{name}")))
            .all(|(name, v)| match (cost_cap(name), v.as_f64()) {
                (Some(cap), Some(x)) => x <= cap,
                _ => true,
            })
    })
}

/// What a metric's values may be, where the engine documents it: the
/// ranges of the metric tables (probabilities, flags, shares, the
/// discount) and the quantities that cannot be negative.
fn documented_range(table: &[modulab::metric::Metric], metric: &str) -> Option<(f64, f64)> {
    let declared = modulab::metric::find(table, metric).and_then(|m| m.range);
    declared.or(match metric {
        "choice_entropy" | "latency" | "inverse_temperature" | "learning_rate" => {
            Some((0.0, f64::INFINITY))
        }
        _ => None,
    })
}

fn check_run(s: Scenario) -> Result<(), TestCaseError> {
    let mut exp = Experiment::new(s);
    exp.run_to_end();
    prop_assert!(exp.is_done());
    let trials = exp.scenario().task.trials() as u64;
    for run in exp.runs() {
        let label = &exp.scenario().conditions[run.condition].label;
        for (m, series) in exp.metrics().iter().zip(&run.recording.series) {
            prop_assert_eq!(series.trials(), trials, "{}: {} is short", label, m);
            let range = documented_range(exp.metric_table(), m);
            for x in series.points() {
                prop_assert!(x.is_finite(), "{}: {} is {}", label, m, x);
                if let Some((lo, hi)) = range {
                    let x = f64::from(*x);
                    prop_assert!(
                        x >= lo - 1e-6 && x <= hi + 1e-6,
                        "{}: {} is {}, outside [{}, {}]",
                        label,
                        m,
                        x,
                        lo,
                        hi
                    );
                }
            }
        }
        for (trial, profile) in run.recording.dopamine_profiles.kept() {
            prop_assert!(profile.iter().all(|x| x.is_finite()), "profile {}", trial);
        }
    }
    Ok(())
}

/// Cases per trial task kind (the spiking network gets fewer: it is slower).
const CASES: u32 = 30;

/// `cases` cases; a failure is reported (shrunk) but not written to disk:
/// a failing scenario belongs in tests/robustness.rs.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn draws() -> impl Strategy<Value = Vec<(u32, f64)>> {
    prop::collection::vec((any::<u32>(), 0.0..1.0f64), 400)
}

/// The index of the spiking task among the task kinds.
fn spiking() -> usize {
    TASK_KINDS
        .iter()
        .position(|k| *k == "distal_reward")
        .expect("the spiking task is a task kind")
}

proptest! {
    #![proptest_config(config(CASES * (TASK_KINDS.len() as u32 - 1)))]
    #[test]
    fn any_valid_trial_scenario_runs_to_finite_values(kind in 0..TASK_KINDS.len() - 1, draws in draws()) {
        // Every kind but the spiking one, which has its own test below.
        let kind = if kind >= spiking() { kind + 1 } else { kind };
        let s = scenario(kind, &draws);
        prop_assert_ne!(s.task.kind(), "distal_reward");
        prop_assume!(affordable(&s));
        check_run(s)?;
    }
}

proptest! {
    #![proptest_config(config(8))]
    #[test]
    fn any_valid_spiking_scenario_runs_to_finite_values(draws in draws()) {
        let s = scenario(spiking(), &draws);
        prop_assert_eq!(s.task.kind(), "distal_reward");
        prop_assume!(affordable(&s));
        check_run(s)?;
    }
}

#[test]
fn the_generator_reaches_every_task_and_varies_the_model() {
    let draws: Vec<(u32, f64)> = (0..400u32).map(|i| (i * 7 + 1, 0.37)).collect();
    let kinds: Vec<&str> = (0..TASK_KINDS.len())
        .map(|k| scenario(k, &draws).task.kind())
        .collect();
    assert_eq!(kinds, TASK_KINDS);
    // Most generated scenarios of every kind are cheap enough to run.
    for (k, kind) in TASK_KINDS.iter().enumerate() {
        let cheap = (0..40u32)
            .filter(|i| {
                let draws: Vec<(u32, f64)> = (0..400u32)
                    .map(|j| {
                        (
                            j.wrapping_mul(2_654_435_761) ^ i,
                            f64::from((i * 400 + j) % 97) / 97.0,
                        )
                    })
                    .collect();
                affordable(&scenario(k, &draws))
            })
            .count();
        assert!(
            cheap >= 10,
            "{kind}: {cheap} of 40 generated scenarios are affordable"
        );
    }
    assert_ne!(scenario(0, &draws).model, ModelSpec::default());
}
