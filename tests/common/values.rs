//! Every recorded value of an experiment, one digest per metric *name*:
//! what `tests/baseline/preset_values.json` holds for every preset (written
//! by `examples/preset_values.rs` at the commit before the layering work of
//! issue 13) and what the native and wasm tests recompute.
//!
//! A metric's digest is FNV-1a over, for every run (condition-major, then
//! seed): the condition index, the seed, the series' stride and the bits of
//! every stored point; `dopamine_profiles` digests the within-trial time
//! courses the same way. Keyed by name, so a metric may move in the row and
//! new metrics may appear without any old value changing unseen.

use modulab::experiment::Experiment;
use modulab::record::Digest;
use std::collections::BTreeMap;

/// Per metric name: `{"digest": hex, "mean": mean of every stored point}`
/// (the mean is for a reader; the digest is what is compared).
pub fn metric_values(exp: &Experiment) -> BTreeMap<String, serde_json::Value> {
    let mut map = BTreeMap::new();
    for (m, name) in exp.metrics().iter().enumerate() {
        let mut d = Digest::default();
        let (mut sum, mut n) = (0.0f64, 0usize);
        for run in exp.runs() {
            d.bytes(&(run.condition as u64).to_le_bytes());
            d.bytes(&run.seed.to_le_bytes());
            let s = &run.recording.series[m];
            d.bytes(&s.stride().to_le_bytes());
            for v in s.points() {
                d.bytes(&v.to_bits().to_le_bytes());
                sum += *v as f64;
                n += 1;
            }
        }
        map.insert(
            name.to_string(),
            serde_json::json!({"digest": d.hex(), "mean": sum / n.max(1) as f64}),
        );
    }
    let mut d = Digest::default();
    for run in exp.runs() {
        d.bytes(&(run.condition as u64).to_le_bytes());
        d.bytes(&run.seed.to_le_bytes());
        for (trial, values) in run.recording.dopamine_profiles.kept() {
            d.bytes(&trial.to_le_bytes());
            for v in values {
                d.bytes(&v.to_bits().to_le_bytes());
            }
        }
    }
    map.insert(
        "dopamine_profiles".to_string(),
        serde_json::json!({"digest": d.hex()}),
    );
    map
}

/// Every metric of `baseline` (one preset's entry of the baseline file)
/// whose digest `now` does not reproduce, or that `now` lacks; new metrics
/// in `now` are allowed.
pub fn changed(
    baseline: &serde_json::Value,
    now: &BTreeMap<String, serde_json::Value>,
) -> Vec<String> {
    let Some(old) = baseline.as_object() else {
        return vec!["(baseline entry is not an object)".into()];
    };
    old.iter()
        .filter(|(name, v)| now.get(*name).map(|n| &n["digest"]) != Some(&v["digest"]))
        .map(|(name, _)| name.clone())
        .collect()
}
