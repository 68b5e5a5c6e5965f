//! Scenario parsing and validation: good files pass with defaults filled in,
//! bad ones are refused with the path of the field and what was expected.

use modulab::scenario::{Scenario, TaskSpec};

fn error_of(text: &str) -> String {
    match Scenario::from_json(text) {
        Ok(s) => panic!("expected an error for {text}, got {s:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn minimal_scenario_gets_every_default() {
    let s = Scenario::from_json(r#"{"task": {"kind": "bandit"}}"#).expect("valid");
    let TaskSpec::Bandit(b) = &s.task else {
        panic!("expected a bandit, got {:?}", s.task)
    };
    assert_eq!(b.p_reward, vec![0.8, 0.2]);
    assert_eq!(b.trials, 300);
    assert_eq!(s.seeds, 20);
    assert_eq!(s.conditions.len(), 1);
    assert_eq!(s.conditions[0].label, "control");
    assert_eq!(s.model.learning_rate, 0.3);
    assert_eq!(s.model.inverse_temperature, 5.0);
}

#[test]
fn round_trip_through_json_is_lossless() {
    let s = Scenario::from_json(
        r#"{"name": "x", "task": {"kind": "bandit", "p_reward": [0.1, 0.9, 0.5]},
            "conditions": [{"label": "a"}, {"label": "b", "dopamine": {"gain": 0.5, "clamp": 0.2}}],
            "seeds": 3, "first_seed": 10}"#,
    )
    .expect("valid");
    let again = Scenario::from_json(&s.to_json()).expect("its own JSON is valid");
    assert_eq!(s, again);
}

#[test]
fn out_of_range_value_names_path_range_and_value() {
    let e = error_of(r#"{"task": {"kind": "bandit", "p_reward": [0.2, 0.5, 1.3]}}"#);
    assert_eq!(e, "task.p_reward[2]: must be within [0, 1], got 1.3");
}

#[test]
fn wrong_type_names_the_path() {
    let e = error_of(r#"{"task": {"kind": "bandit", "p_reward": [0.2, "x"]}}"#);
    assert!(e.starts_with("task.p_reward[1]: invalid type"), "{e}");
    assert!(e.contains("expected a number"), "{e}");
    let e = error_of(
        r#"{"task": {"kind": "bandit"}, "conditions": [{"label": "a", "dopamine": {"gain": "x"}}]}"#,
    );
    assert!(
        e.starts_with("conditions[0].dopamine.gain: invalid type"),
        "{e}"
    );
}

#[test]
fn unknown_fields_are_errors_not_ignored() {
    let e = error_of(r#"{"task": {"kind": "bandit", "arms": 3}}"#);
    assert!(e.starts_with("task.arms: unknown field `arms`"), "{e}");
    let e = error_of(r#"{"task": {"kind": "bandit"}, "sedes": 3}"#);
    assert!(e.starts_with("sedes: unknown field"), "{e}");
    let e = error_of(r#"{"task": {"kind": "bandit"}, "model": {"learning_rat": 0.1}}"#);
    assert!(e.starts_with("model.learning_rat: unknown field"), "{e}");
}

#[test]
fn task_kind_missing_or_unknown() {
    assert_eq!(
        error_of(r#"{"task": {}}"#),
        "task.kind: missing; expected one of: bandit, reversal, volatile, restless, conditioning, delay, attention, switching, two_step, selection, reward_punishment, distal_reward, spiking_bandit, spiking_navigation"
    );
    assert_eq!(
        error_of(r#"{"task": {"kind": "bandt"}}"#),
        "task.kind: unknown task \"bandt\"; expected one of: bandit, reversal, volatile, restless, conditioning, delay, attention, switching, two_step, selection, reward_punishment, distal_reward, spiking_bandit, spiking_navigation"
    );
    assert!(error_of(r#"{"task": {"kind": 3}}"#).starts_with("task.kind: must be a string"));
    assert!(error_of(r#"{"seeds": 3}"#).contains("missing field `task`"));
}

#[test]
fn not_json_or_not_an_object() {
    assert!(error_of("{").starts_with("not valid JSON"));
    assert!(error_of("[1, 2]").starts_with("a scenario must be a JSON object"));
    assert!(error_of("").starts_with("not valid JSON"));
}

#[test]
fn counts_and_sizes_are_capped_with_a_message() {
    let e = error_of(r#"{"task": {"kind": "bandit", "trials": 0}}"#);
    assert_eq!(
        e,
        "task.trials: must be a whole number within [1, 10000000], got 0"
    );
    // Too big for its type: the range and cap, not serde's overflow message.
    let e = error_of(r#"{"task": {"kind": "bandit"}, "seeds": 1000000000000000}"#);
    assert_eq!(
        e,
        "seeds: must be a whole number within [1, 10000], got 1000000000000000"
    );
    // A negative or fractional first seed: the range, not "expected a whole number".
    for (v, got) in [("-1", "-1"), ("1.5", "1.5")] {
        let e = error_of(&format!(
            r#"{{"task": {{"kind": "bandit"}}, "first_seed": {v}}}"#
        ));
        assert_eq!(
            e,
            format!("first_seed: must be a whole number ≥ 0, got {got}")
        );
    }
    let e = error_of(r#"{"task": {"kind": "bandit"}, "seeds": 20000}"#);
    assert_eq!(
        e,
        "seeds: must be a whole number within [1, 10000], got 20000"
    );
    let e = error_of(r#"{"task": {"kind": "bandit", "trials": 10000000}, "seeds": 10000}"#);
    assert!(
        e.starts_with("seeds: seeds × conditions × trials is"),
        "{e}"
    );
    let e = error_of(r#"{"task": {"kind": "bandit", "p_reward": [0.5]}}"#);
    assert_eq!(
        e,
        "task.p_reward: must have between 2 and 64 entries, got 1"
    );
    // A text's length is counted in characters, and said so.
    let long = format!(
        r#"{{"task": {{"kind": "bandit"}}, "name": "{}"}}"#,
        "é".repeat(211)
    );
    assert_eq!(
        error_of(&long),
        "name: must have at most 200 characters, got 211"
    );
    let ok = format!(
        r#"{{"task": {{"kind": "bandit"}}, "name": "{}"}}"#,
        "é".repeat(200)
    );
    assert!(Scenario::from_json(&ok).is_ok());
    let huge = format!(
        r#"{{"task": {{"kind": "bandit"}}, "name": "{}"}}"#,
        "x".repeat(2 << 20)
    );
    assert!(error_of(&huge).contains("at most 1048576 bytes"));
}

#[test]
fn conditions_are_checked_each_with_its_index() {
    let e = error_of(
        r#"{"task": {"kind": "bandit"}, "conditions": [{"label": "a"}, {"label": "a"}, {"label": ""}]}"#,
    );
    let lines: Vec<&str> = e.lines().collect();
    assert!(
        lines.contains(&"conditions[2].label: must have 1 to 60 characters, got 0"),
        "{e}"
    );
    assert!(
        lines.contains(&"conditions[1].label: must be unique, got \"a\" twice"),
        "{e}"
    );
    let e = error_of(r#"{"task": {"kind": "bandit"}, "conditions": []}"#);
    assert_eq!(e, "conditions: must have between 1 and 16 entries, got 0");
    let e = error_of(r#"{"task": {"kind": "bandit"}, "conditions": [{"dopamine": {"gain": -1}}]}"#);
    assert_eq!(
        e,
        "conditions[0].dopamine.gain: must be within [0, 10], got -1"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let e = error_of(
        r#"{"task": {"kind": "bandit", "p_reward": [2, -1]}, "model": {"learning_rate": 5}}"#,
    );
    assert_eq!(e.lines().count(), 3, "{e}");
}

#[test]
fn shipped_presets_are_valid() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("presets folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).expect("readable");
            Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            n += 1;
        }
    }
    assert!(n >= 1, "no presets found");
}

#[test]
fn every_task_is_described_with_defaults_that_validate() {
    let all = modulab::scenario::descriptions();
    assert_eq!(all.len(), modulab::scenario::TASK_KINDS.len());
    for d in all {
        assert!(!d.fields.is_empty(), "{} has no fields", d.kind);
        let mut task = d.defaults.clone();
        task["kind"] = serde_json::Value::from(d.kind);
        let text = serde_json::json!({ "task": task }).to_string();
        Scenario::from_json(&text).unwrap_or_else(|e| panic!("{} defaults invalid: {e}", d.kind));
        for f in d.fields {
            assert!(
                d.defaults.get(f.name).is_some(),
                "{}.{} has no default",
                d.kind,
                f.name
            );
        }
    }
}

/// Hostile scenario texts get a clear error, never a panic or a stack
/// overflow: deep nesting, huge arrays and numbers, tokens JSON does not
/// have, control characters, and wrong types in every place.
#[test]
fn hostile_texts_get_a_clear_error() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(
        error_of(&deep).starts_with("not valid JSON: recursion limit exceeded"),
        "{}",
        error_of(&deep)
    );
    let deep_task = format!(
        r#"{{"task": {{"kind": "bandit", "p_reward": {}0.5{}}}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    assert!(error_of(&deep_task).contains("recursion limit"));
    let huge = format!(
        r#"{{"task": {{"kind": "bandit", "p_reward": [{}0.5]}}}}"#,
        "0.5, ".repeat(100_000)
    );
    assert_eq!(
        error_of(&huge),
        "task.p_reward: must have between 2 and 64 entries, got 100001"
    );
    for token in ["NaN", "Infinity", "-Infinity", "1e999"] {
        let e = error_of(&format!(
            r#"{{"task": {{"kind": "bandit", "p_reward": [{token}, 0.5]}}}}"#
        ));
        assert!(!e.is_empty() && !e.contains("panicked"), "{token}: {e}");
    }
    let e = error_of(r#"{"task": {"kind": "bandit", "trials": 1e15}}"#);
    assert_eq!(
        e,
        "task.trials: must be a whole number within [1, 10000000], got 1000000000000000"
    );
    let e = error_of(r#"{"task": {"kind": "bandit"}, "seeds": 18446744073709551616}"#);
    assert!(
        e.starts_with("seeds: must be a whole number within [1, 10000]"),
        "{e}"
    );
    let e = error_of(r#"{"task": {"kind": "bandit"}, "model": {"learning_rate": 1e400}}"#);
    assert!(!e.is_empty() && !e.contains("panicked"), "{e}");
    let e = error_of(r#"{"task": {"kind": "bandit"}, "conditions": [{"from_trial": 1e15}]}"#);
    assert!(
        e.starts_with("conditions[0].from_trial: must be a whole number within"),
        "{e}"
    );
    // A manipulation that would never start changes nothing: refused.
    let e = error_of(
        r#"{"task": {"kind": "bandit", "trials": 50}, "conditions": [{"from_trial": 51}]}"#,
    );
    assert_eq!(
        e,
        "conditions[0].from_trial: must be at most the run's 50 trials (the manipulation would never start), got 51"
    );
    assert!(modulab::scenario::Scenario::from_json(
        r#"{"task": {"kind": "bandit", "trials": 50}, "conditions": [{"from_trial": 50}]}"#
    )
    .is_ok());
    let e = error_of(r#"{"task": {"kind": "bandit"}, "conditions": [{"label": "a\u0007b"}]}"#);
    assert_eq!(
        e,
        "conditions[0].label: must not contain control characters"
    );
    let e = error_of(
        r#"{"task": {"kind": "bandit"}, "conditions": [{"label": "<script>alert(1)</script>"}], "name": 3}"#,
    );
    assert!(e.starts_with("name: invalid type"), "{e}");
    let e = error_of(r#"{"task": {"kind": "bandit"}, "model": []}"#);
    assert_eq!(e, "model: must be an object {…}, got an array");
    let e = error_of(r#"{"task": {"kind": "bandit"}, "conditions": [{"dopamine": [1, 2]}]}"#);
    assert_eq!(
        e,
        "conditions[0].dopamine: must be an object {…}, got an array"
    );
    // (A negative first_seed gets its range: counts_and_sizes_are_capped….)
    for (path, value) in [("seeds", "\"20\""), ("conditions", "{}")] {
        let e = error_of(&format!(
            r#"{{"task": {{"kind": "bandit"}}, "{path}": {value}}}"#
        ));
        assert!(e.starts_with(&format!("{path}: invalid")), "{path}: {e}");
    }
}

/// Found by the CLI audit: `first_seed` near the top of u64 wrapped the
/// seed list around to 0 (`first_seed` 2⁶⁴ − 1 with 3 seeds ran seeds
/// 2⁶⁴ − 1, 0, 1), silently repeating the runs of other seeds.
#[test]
fn the_seed_list_never_wraps() {
    let e =
        error_of(r#"{"task": {"kind": "bandit"}, "first_seed": 18446744073709551615, "seeds": 3}"#);
    assert_eq!(
        e,
        "first_seed: must be at most 18446744073709551613 with 3 seeds (seeds run first_seed … first_seed + seeds − 1), got 18446744073709551615"
    );
    let s = Scenario::from_json(
        r#"{"task": {"kind": "bandit"}, "first_seed": 18446744073709551613, "seeds": 3}"#,
    )
    .expect("the last seed is 2^64 - 1");
    assert_eq!(s.seed_list().last(), Some(u64::MAX));
}

/// Found by the CLI audit: a whole number written as a float (`3.0`,
/// `1e3`, as Python's json writes floats) was refused with "expected a
/// whole number"; a huge number was printed with all its digits.
#[test]
fn whole_numbers_written_as_floats_are_whole_numbers() {
    let s = Scenario::from_json(
        r#"{"task": {"kind": "bandit", "trials": 30.0}, "seeds": 2.0, "first_seed": 1e1,
            "conditions": [{"label": "c", "from_trial": 5.0}]}"#,
    )
    .expect("whole numbers");
    assert_eq!((s.task.trials(), s.seeds, s.first_seed), (30, 2, 10));
    assert_eq!(s.conditions[0].from_trial, 5);
    let e = error_of(r#"{"task": {"kind": "bandit", "trials": 2.5}}"#);
    assert!(e.starts_with("task.trials: "), "{e}");
    assert!(e.contains("2.5"), "{e}");
    // Fractional and negative zero stay what they were.
    let s = Scenario::from_json(r#"{"task": {"kind": "bandit", "p_reward": [1.0, -0.0]}}"#)
        .expect("valid");
    let TaskSpec::Bandit(b) = &s.task else {
        panic!("bandit")
    };
    assert!(b.p_reward[1].is_sign_negative());
    let e = error_of(r#"{"task": {"kind": "bandit", "p_reward": [1e308, 0.2]}}"#);
    assert_eq!(e, "task.p_reward[0]: must be within [0, 1], got 1e308");
    let e = error_of(r#"{"task": {"kind": "bandit"}, "seeds": 1e300}"#);
    assert_eq!(
        e,
        "seeds: must be a whole number within [1, 10000], got 1e300"
    );
}

/// Found by the CLI audit: structs given as arrays were still read
/// positionally where `check_objects` did not look: `"kalman": [0.1]` set
/// `observation_sd`, a phase `[[0], 0.5, 7]` became cues [0], p_reward
/// 0.5, 7 trials, a local receptor `[0.5, 0.2]` density 0.5 and
/// antagonist 0.2, all without a word.
#[test]
fn every_struct_given_as_an_array_is_refused() {
    for (text, expected) in [
        (
            r#"{"task": {"kind": "bandit"}, "model": {"kalman": [0.1]}}"#,
            "model.kalman: must be an object {…}, got an array",
        ),
        (
            r#"{"task": {"kind": "conditioning", "phases": [{"cues": [0]}, [[0], 0.5, 7]]}}"#,
            "task.phases[1]: must be an object {…}, got an array",
        ),
        (
            r#"{"task": {"kind": "bandit"}, "conditions": [{"regions": {"dlpfc": []}}]}"#,
            "conditions[0].regions.dlpfc: must be an object {…}, got an array",
        ),
        (
            r#"{"task": {"kind": "bandit"}, "conditions": [{"regions": {"dlpfc": {"receptors": {"d1": [0.5, 0.2]}}}}]}"#,
            "conditions[0].regions.dlpfc.receptors.d1: must be an object {…}, got an array",
        ),
    ] {
        assert_eq!(error_of(text), expected, "{text}");
    }
}

/// Found by the CLI audit: a key given twice in one object
/// (`{"seeds": 20, ..., "seeds": 5}`, as an edit of a copied file leaves
/// it) was read as its last value, the first silently dropped.
#[test]
fn a_key_given_twice_is_refused() {
    let e = error_of(r#"{"task": {"kind": "bandit"}, "seeds": 20, "seeds": 5}"#);
    assert_eq!(
        e,
        r#"seeds: is given twice in one object (a second value would replace the first)"#
    );
    let e = error_of(
        r#"{"task": {"kind": "bandit", "trials": 10, "trials": 20}, "conditions": [{"label": "a", "dopamine": {"gain": 1, "gain": 2}}]}"#,
    );
    assert_eq!(
        e,
        r#"task.trials: is given twice in one object (a second value would replace the first)"#
    );
    let e = error_of(
        r#"{"task": {"kind": "bandit"}, "conditions": [{"label": "a", "dopamine": {"gain": 1, "gain": 2}}]}"#,
    );
    assert_eq!(
        e,
        r#"conditions[0].dopamine.gain: is given twice in one object (a second value would replace the first)"#
    );
    // The same key in different objects is fine.
    assert!(Scenario::from_json(
        r#"{"task": {"kind": "bandit"}, "conditions": [{"label": "a"}, {"label": "b"}]}"#
    )
    .is_ok());
}

/// Found by the CLI audit: a control character in the scenario's name was
/// accepted (labels refuse them), went into the chart's title, and made
/// `modulab figure` write an SVG that is not well-formed XML (and fail on
/// PNG with an internal error).
#[test]
fn a_name_with_control_characters_is_refused() {
    let e = error_of(r#"{"task": {"kind": "bandit"}, "name": "a\u0007b"}"#);
    assert_eq!(e, "name: must not contain control characters");
    let e = error_of(r#"{"task": {"kind": "bandit"}, "name": "two\nlines"}"#);
    assert_eq!(e, "name: must not contain control characters");
}

/// A condition given without a label is named after what it changes, not
/// "control" (a CSV row `control,…` of a haloperidol run misleads); one that
/// changes nothing is "control", and a name already taken gets a number.
#[test]
fn an_unlabeled_condition_is_named_after_what_it_changes() {
    let s = Scenario::from_json(
        r#"{"task": {"kind": "reversal"}, "conditions": [
            {},
            {"drugs": ["haloperidol"]},
            {"lesions": ["ofc"], "dopamine": {"gain": 0.5}},
            {"regions": {"dorsal_striatum": {"drugs": ["haloperidol"]}}},
            {"label": "haloperidol (2)"},
            {"drugs": ["haloperidol"]},
            {}
        ]}"#,
    )
    .expect("valid");
    let labels: Vec<&str> = s.conditions.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "control",
            "haloperidol",
            "dopamine.gain 0.5, no ofc",
            "haloperidol in dorsal_striatum",
            "haloperidol (2)",
            "haloperidol (3)",
            "control (2)",
        ]
    );
}

/// A bad task does not hide the other problems of a file: the ranges of the
/// model, the conditions and the seeds are reported with it.
#[test]
fn a_bad_task_is_reported_with_the_other_problems() {
    let e = Scenario::from_json(
        r#"{"task": {"kind": "bandit", "p_reward": "high"}, "seeds": 0,
            "model": {"learning_rate": 7}, "conditions": [{"label": "c", "dopamine": {"gain": -1}}]}"#,
    )
    .expect_err("four problems");
    let paths: Vec<&str> = e.errors.iter().map(|f| f.path.as_str()).collect();
    for want in [
        "task.p_reward",
        "seeds",
        "model.learning_rate",
        "conditions[0].dopamine.gain",
    ] {
        assert!(paths.contains(&want), "{want} not reported: {e}");
    }
}
