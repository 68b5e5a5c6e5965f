//! Every metric of every preset, bit for bit, against the values committed
//! before the layering work of issue 13 (`tests/baseline/preset_values.json`,
//! written by `examples/preset_values.rs`): a refactoring may add metrics,
//! never change one. `tests/wasm_api.rs` checks the same in Chromium.

#[path = "common/values.rs"]
mod values;

use modulab::experiment::Experiment;

#[test]
fn every_metric_of_every_preset_is_bit_identical_to_the_baseline() {
    let root = env!("CARGO_MANIFEST_DIR");
    let baseline: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/tests/baseline/preset_values.json"))
            .expect("baseline file"),
    )
    .expect("baseline JSON");
    let presets = baseline.as_object().expect("preset → metrics");
    assert!(presets.len() >= 16, "every shipped preset has a baseline");
    let mut problems = Vec::new();
    for (file, metrics) in presets {
        let text = std::fs::read_to_string(format!("{root}/www/scenarios/{file}"))
            .unwrap_or_else(|e| panic!("preset {file}: {e}"));
        let mut exp = Experiment::from_json(&text).expect("valid preset");
        exp.run_to_end();
        let now = values::metric_values(&exp);
        for name in values::changed(metrics, &now) {
            problems.push(format!("{file}: {name}"));
        }
    }
    assert!(
        problems.is_empty(),
        "metrics that changed (or vanished) since the baseline:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_comparison_catches_a_changed_metric() {
    let mut exp =
        Experiment::from_json(r#"{"task": {"kind": "bandit", "trials": 20}, "seeds": 2}"#)
            .expect("valid");
    exp.run_to_end();
    let now = values::metric_values(&exp);
    let same = serde_json::to_value(&now).expect("JSON");
    assert!(values::changed(&same, &now).is_empty());
    let mut edited = same.clone();
    edited["reward"]["digest"] = serde_json::json!("0000000000000000");
    assert_eq!(values::changed(&edited, &now), vec!["reward".to_string()]);
    let mut extra = same;
    extra["not_recorded"] = serde_json::json!({"digest": "1"});
    assert_eq!(
        values::changed(&extra, &now),
        vec!["not_recorded".to_string()]
    );
}
