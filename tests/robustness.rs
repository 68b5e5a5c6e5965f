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
                   "alpha1": {"agonist": 2}, "beta": {"agonist": 2}, "ht": {"agonist": 2}}, "age": 0},
    {"label": "min", "dopamine": {"gain": 0, "tonic_offset": -1, "release": 0, "reuptake": 5},
     "acetylcholine": {"gain": 0, "tonic_offset": -1, "release": 0, "reuptake": 5},
     "norepinephrine": {"gain": 0, "tonic_offset": -1, "release": 0, "reuptake": 5},
     "serotonin": {"gain": 0, "tonic_offset": -1, "release": 0, "reuptake": 5},
     "receptors": {"d1": {"antagonist": 1}, "d2": {"antagonist": 1}, "m1": {"antagonist": 1},
                   "alpha1": {"antagonist": 1}, "beta": {"antagonist": 1}, "ht": {"antagonist": 1}}, "age": 1},
    {"label": "clamped", "dopamine": {"clamp": 5}, "acetylcholine": {"clamp": -5},
     "norepinephrine": {"clamp": 5}, "serotonin": {"clamp": -5}},
    {"label": "every drug", "drugs": ["six_ohda", "l_dopa", "haloperidol", "bromocriptine", "amisulpride",
     "ssri_acute", "ssri_chronic", "tryptophan_depletion", "scopolamine", "nicotine", "propranolol",
     "atomoxetine", "anisomycin"], "from_trial": 5},
    {"label": "every lesion", "lesions": ["sensory", "hippocampus", "prefrontal", "striatum", "critic"]}
]"#;

#[test]
fn extreme_valid_settings_keep_every_recorded_value_finite() {
    let mut checked = 0;
    for kind in TASK_KINDS.iter().filter(|k| **k != "distal_reward") {
        for model in MODELS {
            let text = format!(
                r#"{{"task": {{"kind": "{kind}"}}, "model": {model}, "conditions": {CONDITIONS}, "seeds": 2}}"#
            );
            let mut exp = Experiment::from_json(&text).unwrap_or_else(|e| panic!("{kind}: {e}"));
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
