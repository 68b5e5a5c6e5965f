//! Numerical safety: extreme but valid settings never produce a non-finite
//! value in any recorded series, for every trial task (issue 9, part 3).

use modulab::experiment::Experiment;
use modulab::scenario::TASK_KINDS;

/// Corners of the model and the conditions, each within its documented range.
const MODELS: &[&str] = &[
    r#"{"learning_rate": 1, "inverse_temperature": 100, "discount": 1, "trace_decay": 1}"#,
    r#"{"learning_rate": 0, "inverse_temperature": 0, "discount": 0, "initial_value": -1000}"#,
    r#"{"actor": "opal", "opal_balance": 0.95, "adaptive_learning_rate": true, "model_based_weight": 1,
        "volatility_prior": 1, "volatility_rate": 1, "volatility_decay": 0, "outcome_noise": 0.001}"#,
    r#"{"adaptive_learning_rate": true, "volatility_prior": 0.000001, "outcome_noise": 10, "hazard": 0.5,
        "consolidation": {"enabled": true, "retain_fast": 0, "slow_ratio": 1, "capture_threshold": 0,
                          "capture_fraction": 1, "sleep_every": 1, "sleep_replays": 20, "replay_capacity": 1}}"#,
];

const CONDITIONS: &str = r#"[
    {"label": "max", "dopamine": {"gain": 10, "tonic_offset": 5, "release": 5, "reuptake": 0.05},
     "acetylcholine": {"gain": 10, "tonic_offset": 5, "release": 5, "reuptake": 0.05},
     "norepinephrine": {"gain": 10, "tonic_offset": 5, "release": 5, "reuptake": 0.05},
     "serotonin": {"gain": 10, "tonic_offset": 5, "release": 5, "reuptake": 0.05},
     "receptors": {"d1": {"agonist": 2}, "d2": {"agonist": 2}, "m1": {"agonist": 2},
                   "beta": {"agonist": 2}, "ht": {"agonist": 2}}, "age": 0},
    {"label": "min", "dopamine": {"gain": 0, "tonic_offset": -1, "release": 0, "reuptake": 5},
     "acetylcholine": {"gain": 0, "tonic_offset": -1, "release": 0, "reuptake": 5},
     "norepinephrine": {"gain": 0, "tonic_offset": -1, "release": 0, "reuptake": 5},
     "serotonin": {"gain": 0, "tonic_offset": -1, "release": 0, "reuptake": 5},
     "receptors": {"d1": {"antagonist": 1}, "d2": {"antagonist": 1}, "m1": {"antagonist": 1},
                   "beta": {"antagonist": 1}, "ht": {"antagonist": 1}}, "age": 1},
    {"label": "clamped", "dopamine": {"clamp": 5}, "acetylcholine": {"clamp": -5},
     "norepinephrine": {"clamp": 5}, "serotonin": {"clamp": -5}},
    {"label": "every drug", "drugs": ["six_ohda", "l_dopa", "haloperidol", "bromocriptine", "amisulpride",
     "ssri_acute", "ssri_chronic", "tryptophan_depletion", "scopolamine", "nicotine", "propranolol",
     "atomoxetine", "anisomycin"], "from_trial": 5},
    {"label": "every lesion", "lesions": ["sensory", "hippocampus", "ofc", "mpfc", "dlpfc", "dorsal_striatum", "ventral_striatum"]}
]"#;

/// [`CONDITIONS`] with only the fields task `kind` reads: the engine refuses
/// a condition field that would change nothing (the spiking tasks read a
/// subset).
fn conditions_read_by(kind: &str) -> String {
    let mut scenario = serde_json::json!({
        "task": {"kind": kind},
        "conditions": serde_json::from_str::<serde_json::Value>(CONDITIONS).expect("JSON"),
    });
    modulab::scenario::drop_unread(&mut scenario).expect("a task kind");
    scenario["conditions"].to_string()
}

#[test]
fn extreme_valid_settings_keep_every_recorded_value_finite() {
    let mut checked = 0;
    for kind in TASK_KINDS.iter().filter(|k| **k != "distal_reward") {
        for model in MODELS {
            // A spiking task refuses a rate-circuit model it does not read.
            let reads_model = modulab::scenario::descriptions()
                .into_iter()
                .any(|d| d.kind == *kind && d.reads_model);
            let model = if reads_model { model } else { "{}" };
            let conditions = conditions_read_by(kind);
            let text = format!(
                r#"{{"task": {{"kind": "{kind}"}}, "model": {model}, "conditions": {conditions}, "seeds": 2}}"#
            );
            // Without the model settings the task does not read (λ on
            // one-step trials, an actor without a choice): refused there.
            let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            modulab::scenario::drop_unread(&mut value).expect("a task kind");
            let mut exp =
                Experiment::from_json(&value.to_string()).unwrap_or_else(|e| panic!("{kind}: {e}"));
            // A short run of each: long enough to pass every phase of learning.
            for _ in 0..60 {
                if exp.is_done() {
                    break;
                }
                exp.step(exp.runs().len() as u64);
            }
            for run in exp.runs() {
                for (m, s) in exp.metrics().iter().zip(&run.recording.series) {
                    assert!(
                        s.points().iter().all(|x| x.is_finite()),
                        "{kind}, model {model}, condition {}: {m} is not finite",
                        exp.scenario().conditions[run.condition].label
                    );
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, (TASK_KINDS.len() - 1) * MODELS.len());
}

/// Inputs the fuzz targets (`make fuzz`) once crashed on, each kept as a
/// file in tests/fuzz_regressions/: `scenario-*` through the `scenario`
/// target's checks (parse, validate, round trip, a run whose every recorded
/// value is finite), `state-*` through the link decoder.
#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fuzz_regressions")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let bytes = std::fs::read(&path).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        if name.starts_with("scenario-") {
            check_scenario(&name, &text);
        } else if name.starts_with("state-") {
            if let Ok(state) = modulab::share::decode_state(&text) {
                check_scenario(&name, &state.scenario.to_json());
            }
        } else {
            panic!("{name}: a regression file is named scenario-… or state-…");
        }
    }
}

/// What the `scenario` fuzz target checks, on a longer run (up to 2 seeds,
/// 3 conditions and 400 trials; one spiking bin).
fn check_scenario(name: &str, text: &str) {
    use modulab::scenario::{Scenario, TaskSpec};
    let Ok(mut scenario) = Scenario::from_json(text) else {
        return;
    };
    let again = Scenario::from_json(&scenario.to_json());
    assert_eq!(again.as_ref(), Ok(&scenario), "{name}: the JSON round trip");
    let spiking = matches!(scenario.task, TaskSpec::DistalReward(_));
    let (seeds, conditions, trials) = if spiking { (1, 1, 1) } else { (2, 3, 400) };
    scenario.seeds = scenario.seeds.min(seeds);
    scenario.conditions.truncate(conditions);
    let mut exp = Experiment::new(scenario);
    exp.step(exp.runs().len() as u64 * trials);
    for run in exp.runs() {
        for (m, s) in exp.metrics().iter().zip(&run.recording.series) {
            assert!(
                s.points().iter().all(|x| x.is_finite()),
                "{name}: {m} is not finite"
            );
        }
    }
}

/// Five model fields had no range and ran to non-finite values (found while
/// writing the property tests): each now names its range.
#[test]
fn every_model_number_has_a_range() {
    for (field, value, range) in [
        ("volatility_prior", "1e300", "[0.000001, 1]"),
        ("volatility_rate", "-1", "[0, 10]"),
        ("volatility_decay", "-1e300", "[0, 1]"),
        ("model_based_weight", "2", "[0, 1]"),
        ("transition_rate", "1e300", "[0, 1]"),
    ] {
        let text =
            format!(r#"{{"task": {{"kind": "two_step"}}, "model": {{"{field}": {value}}}}}"#);
        let e = Experiment::from_json(&text).err().map(|e| e.to_string());
        let expected = format!("model.{field}: must be within {range}, got ");
        assert!(
            e.as_deref().is_some_and(|e| e.starts_with(&expected)),
            "{field}: {e:?}"
        );
    }
}
