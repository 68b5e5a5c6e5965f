//! Every model field that reaches a plasticity rule (issue 13, item 5)
//! changes what is recorded: with its rule switched on, moving the field
//! off its default gives a different recording on the same seeds. Short
//! runs (≤ 120 trials, 2 seeds), so it stays cheap.

use modulab::experiment::Experiment;

/// The digest of a short two-cue conditioning run (cue A alone rewarded,
/// cues A and B shown together first) with `model` merged in.
fn digest(model: &str) -> String {
    let text = format!(
        r#"{{"task": {{"kind": "conditioning", "steps": 3, "cs_step": 2, "us_step": 3, "salience": [1, 1],
                      "phases": [{{"cues": [0, 1], "p_reward": 0.5, "trials": 40}},
                                 {{"cues": [0], "p_reward": 1, "trials": 60}},
                                 {{"cues": [1], "p_reward": 0, "trials": 20}}]}},
            "model": {model}, "seeds": 2}}"#
    );
    let mut exp = Experiment::from_json(&text).unwrap_or_else(|e| panic!("{model}: {e}"));
    exp.run_to_end();
    exp.digest()
}

#[test]
fn every_rule_field_changes_the_recording() {
    // (rule switched on with defaults, the same with one field moved)
    let cases = [
        (
            r#"{"associability": {"enabled": true}}"#,
            r#"{"associability": {"enabled": true, "rate": 0.8}}"#,
        ),
        (
            r#"{"associability": {"enabled": true}}"#,
            r#"{"associability": {"enabled": true, "initial": 0.2}}"#,
        ),
        (
            r#"{"consolidation": {"enabled": true, "kind": "chain"}}"#,
            r#"{"consolidation": {"enabled": true, "kind": "chain", "chain_levels": 2}}"#,
        ),
        (
            r#"{"consolidation": {"enabled": true, "kind": "chain"}}"#,
            r#"{"consolidation": {"enabled": true, "kind": "chain", "chain_coupling": 0.9}}"#,
        ),
        (
            r#"{"consolidation": {"enabled": true, "kind": "tag_capture"}}"#,
            r#"{"consolidation": {"enabled": true, "kind": "tag_capture", "trial_hours": 0.5}}"#,
        ),
        (
            r#"{"consolidation": {"enabled": true, "kind": "tag_capture"}}"#,
            r#"{"consolidation": {"enabled": true, "kind": "tag_capture", "tag_threshold": 0.05}}"#,
        ),
        (
            r#"{"consolidation": {"enabled": true}}"#,
            r#"{"consolidation": {"enabled": true, "kind": "chain"}}"#,
        ),
        (
            r#"{"consolidation": {"enabled": true}}"#,
            r#"{"consolidation": {"enabled": true, "kind": "tag_capture"}}"#,
        ),
        (
            r#"{"memory": {"enabled": true}}"#,
            r#"{"memory": {"enabled": true, "ach_baseline": 0.05}}"#,
        ),
        (
            r#"{"memory": {"enabled": true}}"#,
            r#"{"memory": {"enabled": true, "rate": 0.2}}"#,
        ),
        (
            r#"{"memory": {"enabled": true}}"#,
            r#"{"memory": {"enabled": true, "iterations": 1}}"#,
        ),
        ("{}", r#"{"associability": {"enabled": true}}"#),
        ("{}", r#"{"memory": {"enabled": true}}"#),
    ];
    let mut unchanged = Vec::new();
    for (base, moved) in cases {
        if digest(base) == digest(moved) {
            unchanged.push(format!("{base} → {moved}"));
        }
    }
    assert!(
        unchanged.is_empty(),
        "fields that change nothing:\n{}",
        unchanged.join("\n")
    );
}
