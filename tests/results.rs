//! The metric tables and the one results format: every table is sound and
//! charts take their axes from it; a results document read back gives the
//! same digest; a document with a bad or missing field is refused with an
//! error naming it.

use modulab::experiment::Experiment;
use modulab::figure::DrawOptions;
use modulab::metric::{self, Group};
use modulab::results;
use modulab::scenario::TASK_KINDS;
use serde_json::{json, Value};

fn presets() -> Vec<(String, Value)> {
    let mut files: Vec<_> = std::fs::read_dir("www/scenarios")
        .expect("presets")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("preset");
            (
                p.display().to_string(),
                serde_json::from_str(&text).expect("json"),
            )
        })
        .collect()
}

/// Every task kind (and every delay mode) with default settings, and every preset.
fn scenarios() -> Vec<(String, Value)> {
    let mut all: Vec<(String, Value)> = TASK_KINDS
        .iter()
        .map(|k| (k.to_string(), json!({"task": {"kind": k}})))
        .collect();
    for mode in ["choice", "waiting", "corridor"] {
        all.push((
            format!("delay {mode}"),
            json!({"task": {"kind": "delay", "mode": mode}}),
        ));
    }
    all.push((
        "structure".into(),
        json!({"task": {"kind": "bandit"}, "model": {"structure": {"turnover": true, "homeostasis": true}}}),
    ));
    all.extend(presets());
    all
}

#[test]
fn every_table_is_sound_and_every_chart_axis_comes_from_it() {
    for (name, scenario) in scenarios() {
        let Ok(exp) = Experiment::from_json(&scenario.to_string()) else {
            // A model option this engine does not know (a preset is always valid).
            assert!(!name.ends_with(".json"), "{name} is invalid");
            continue;
        };
        let table = exp.metric_table();
        assert_eq!(metric::check_table(table), Ok(()), "{name}");
        assert_eq!(
            table.iter().map(|m| m.name).collect::<Vec<_>>(),
            exp.metrics(),
            "{name}"
        );
        let defaults = metric::default_charts(table);
        assert_eq!(defaults.len(), metric::CHARTS.len(), "{name}");
        for (i, m) in table.iter().enumerate() {
            let style = DrawOptions::default()
                .curve_style(&exp, i)
                .expect("a recorded metric");
            assert_eq!(style.y_label, m.axis_label(), "{name}: {}", m.name);
            assert_eq!(style.y_range, m.range, "{name}: {}", m.name);
        }
        if exp.metric_index("correct").is_some() {
            assert_eq!(defaults[0], "correct", "{name}");
            assert_eq!(
                metric::find(table, "dopamine").map(|m| m.group),
                Some(Group::Modulator)
            );
        }
    }
}

/// `scenario` with at most 2 seeds and, where the task has `trials`, at
/// most 150 of them.
fn small(mut scenario: Value) -> Value {
    let seeds = scenario["seeds"].as_u64().unwrap_or(20).min(2);
    scenario["seeds"] = seeds.into();
    if let Some(t) = scenario["task"].get("trials").and_then(Value::as_u64) {
        scenario["task"]["trials"] = t.min(150).into();
    }
    if scenario["task"]["kind"] == "distal_reward" {
        scenario["task"]["duration_s"] = 20.into();
    }
    scenario
}

#[test]
fn results_round_trip_to_the_same_digest_for_every_preset() {
    for (name, scenario) in presets() {
        let mut exp = Experiment::from_json(&small(scenario).to_string()).expect("valid");
        exp.run_to_end();
        // Every value lies within its metric's declared range.
        for run in exp.runs() {
            for (m, s) in exp.metric_table().iter().zip(&run.recording.series) {
                if let Some((lo, hi)) = m.range {
                    for x in s.points() {
                        let x = f64::from(*x);
                        assert!(x >= lo && x <= hi, "{name}: {} = {x}", m.name);
                    }
                }
            }
        }
        let text = results::to_json(&exp).expect("written");
        let doc: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(doc["format"], results::FORMAT, "{name}");
        assert_eq!(doc["engine_version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(doc["complete"], true);
        let back = results::load(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back.digest(), exp.digest(), "{name}");
        let mut a = Vec::new();
        let mut b = Vec::new();
        exp.write_csv(&mut a).expect("csv");
        back.write_csv(&mut b).expect("csv");
        assert!(a == b, "{name}: the CSV of the loaded results differs");
        // Written again, the loaded experiment gives the same document.
        assert_eq!(results::to_json(&back).expect("written"), text, "{name}");
    }
}

#[test]
fn a_partial_run_is_marked_and_reads_back() {
    let mut exp = Experiment::from_json(
        r#"{"task": {"kind": "bandit", "trials": 100}, "seeds": 3,
            "conditions": [{"label": "a"}, {"label": "b", "lesions": ["dlpfc"]}]}"#,
    )
    .expect("valid");
    exp.step(6 * 40);
    let text = results::to_json(&exp).expect("written");
    let r = results::from_json(&text).expect("valid");
    assert!(!r.complete);
    assert_eq!(r.trials_done, 40);
    assert!(r.runs.iter().all(|run| run.trials_done == 40));
    assert_eq!(r.runs[3].condition, "b");
    assert_eq!(r.runs[3].series[0].points().len(), 40);
    let back = r.into_experiment().expect("loads");
    assert_eq!(back.trials_done(), 40);
    assert!(!back.is_done());
    assert_eq!(back.digest(), exp.digest());
}

/// The page's results file keeps the view the runs were shown in (an
/// object, which the page cleans as a link's view); anything else there is
/// refused, naming `view`.
#[test]
fn a_results_file_keeps_the_view_it_was_shown_in() {
    let mut exp =
        Experiment::from_json(r#"{"task": {"kind": "bandit", "trials": 20}, "seeds": 2}"#)
            .expect("valid");
    exp.run_to_end();
    let view = serde_json::json!({"charts": ["reward", "correct"], "window": 20, "band": "ci95"});
    let text = results::to_json_with_view(&exp, Some(&view)).expect("written");
    let back = results::from_json(&text).expect("read");
    assert_eq!(back.view.as_ref(), Some(&view));
    // The runs read back as before; a file without a view has none.
    assert_eq!(back.runs.len(), 2);
    assert!(results::from_value(&document())
        .expect("read")
        .view
        .is_none());
    let mut doc: Value = serde_json::from_str(&text).expect("JSON");
    doc["view"] = serde_json::json!(7);
    assert!(
        error_of(&doc).starts_with("view: must be an object"),
        "{}",
        error_of(&doc)
    );
}

/// A results file whose scenario sets what this engine refuses as changing
/// nothing for its task (written by an earlier engine) still reads: the
/// setting is left out and named, the stored runs read back, and its
/// fingerprint, computed with the setting, still says identical.
#[test]
fn a_results_file_with_a_setting_its_task_does_not_read_still_reads() {
    let mut doc = document();
    doc["scenario"]["model"]["trace_decay"] = serde_json::json!(0.5);
    let written: modulab::scenario::Scenario =
        serde_json::from_value(doc["scenario"].clone()).expect("a scenario");
    doc["fingerprint"] = serde_json::json!(modulab::fingerprint::fingerprint(&written));
    let back = results::from_value(&doc).expect("reads");
    assert_eq!(back.dropped, ["model.trace_decay"]);
    assert_eq!(back.scenario.model.trace_decay, 0.0);
    assert!(
        back.identity().is_identical(),
        "{}",
        back.identity().message()
    );
    // A scenario file opened on the page likewise.
    match results::open(r#"{"task": {"kind": "bandit"}, "model": {"trace_decay": 0.5}}"#) {
        Ok(results::Opened::Scenario(json, dropped)) => {
            assert_eq!(dropped, ["model.trace_decay"]);
            assert_eq!(json.get("model"), None);
        }
        other => panic!("{other:?}"),
    }
    assert!(results::open(r#"{"task": {"kind": "bandit"}, "model": {"trace_decay": 7}}"#).is_err());
    let plain = results::from_value(&document()).expect("reads");
    assert!(plain.dropped.is_empty());
    assert_eq!(
        back.into_experiment().expect("runs").digest(),
        plain.into_experiment().expect("runs").digest()
    );
}

fn document() -> Value {
    let mut exp =
        Experiment::from_json(r#"{"task": {"kind": "bandit", "trials": 20}, "seeds": 2}"#)
            .expect("valid");
    exp.run_to_end();
    serde_json::from_str(&results::to_json(&exp).expect("written")).expect("JSON")
}

fn error_of(doc: &Value) -> String {
    match results::from_value(doc) {
        Ok(_) => panic!("accepted: {doc}"),
        Err(e) => e.to_string(),
    }
}

/// Each edit of a good document is refused with an error starting with
/// its expected text.
fn assert_each_refused(cases: Vec<(Edit, &str)>) {
    for (edit, expected) in cases {
        let mut doc = document();
        edit(&mut doc);
        let e = error_of(&doc);
        assert!(e.starts_with(expected), "expected {expected:?}, got {e:?}");
    }
}

/// A change to a results document.
type Edit = fn(&mut Value);

/// A document with a `format` key means to be a results file (no scenario
/// has one): the page and the CLI read it as results, so a broken or
/// partial one is told what it lacks as results, not "format: unknown
/// field" as if it were a scenario.
#[test]
fn a_document_with_a_format_is_read_as_results() {
    for (text, want) in [
        (
            r#"{"format": "modulab-results"}"#,
            "results file: version: missing",
        ),
        (
            r#"{"format": "modulab-results/1"}"#,
            "results file: format: must be \"modulab-results\"",
        ),
        (
            r#"{"format": "modulab-results", "version": 1, "engine_version": "0.1.0"}"#,
            "results file: scenario: missing",
        ),
    ] {
        let e = match results::open(text) {
            Ok(_) => panic!("{text}: accepted"),
            Err(e) => e,
        };
        assert!(e.starts_with(want), "{text}\n  got:  {e}\n  want: {want}");
    }
    // A scenario is still a scenario.
    assert!(matches!(
        results::open(r#"{"task": {"kind": "bandit"}}"#),
        Ok(results::Opened::Scenario(_, _))
    ));
}

#[test]
fn a_missing_or_bad_field_is_named() {
    for f in [
        "format",
        "version",
        "engine_version",
        "scenario",
        "metrics",
        "runs",
        "trials_done",
        "complete",
    ] {
        let mut doc = document();
        doc.as_object_mut().expect("object").remove(f);
        let e = error_of(&doc);
        assert!(e.starts_with(&format!("{f}: missing")), "{f}: {e}");
    }
    let cases: Vec<(Edit, &str)> = vec![
        (
            |d| d["format"] = "results".into(),
            "format: must be \"modulab-results\", got \"results\"",
        ),
        (|d| d["version"] = 2.into(), "version: this engine reads version 1, got 2"),
        (|d| d["extra"] = 1.into(), "extra: unknown field"),
        (
            |d| d["scenario"]["task"]["p_reward"] = json!([2, 0.1]),
            "scenario.task.p_reward[0]: must be within [0, 1], got 2",
        ),
        (|d| d["complete"] = "yes".into(), "complete: must be true or false"),
        (|d| d["trials_done"] = 21.into(), "trials_done: must be a whole number within [0, 20], got 21"),
        (|d| d["metrics"][0] = json!({"label": "x"}), "metrics[0].name: missing"),
        (|d| d["metrics"][0]["name"] = "rewards".into(), "metrics: the scenario records reward, correct"),
        (
            |d| {
                d["runs"].as_array_mut().expect("runs").pop();
            },
            "runs: the scenario has 2 runs (1 condition(s) × 2 seed(s)), the file 1",
        ),
        (|d| d["runs"][1]["seed"] = 7.into(), "runs[1].seed: expected 1, got 7"),
        (
            |d| d["runs"][0]["condition"] = "other".into(),
            "runs[0].condition: runs are condition-major: expected \"control\", got \"other\"",
        ),
        (
            |d| {
                d["runs"][0]["series"]
                    .as_object_mut()
                    .expect("series")
                    .remove("dopamine");
            },
            "runs[0].series.dopamine: missing",
        ),
        (
            |d| d["runs"][0]["series"]["bogus"] = json!({"stride": 1, "points": []}),
            "runs[0].series.bogus: not a metric the scenario records",
        ),
        (
            |d| d["runs"][1]["series"]["reward"]["stride"] = 3.into(),
            "runs[1].series.reward.stride: must be a power of two, got 3",
        ),
        (
            |d| d["runs"][1]["series"]["reward"]["points"][4] = "x".into(),
            "runs[1].series.reward.points[4]: must be a number, got a string",
        ),
        (
            |d| d["runs"][1]["series"]["reward"]["points"] = json!(vec![0; 21]),
            "runs[1].series.reward.points: 21 points of 1 trial(s) each are more than the run's 20 trials",
        ),
    ];
    assert_each_refused(cases);
    assert!(results::from_json("[]")
        .unwrap_err()
        .to_string()
        .contains("must be a JSON object"));
    assert!(results::from_json("{")
        .unwrap_err()
        .to_string()
        .starts_with("a results file must be JSON"));
}

/// Every results file carries the engine version and the model fingerprint
/// of its scenario; reading it back says "identical" only when this
/// engine's fingerprint is the file's, and a file without one still reads
/// (it was written before fingerprints) but is not called identical.
#[test]
fn a_results_file_carries_its_fingerprint_and_says_whether_it_is_identical() {
    use modulab::fingerprint::{self, Match};
    let doc = document();
    let read = results::from_value(&doc).expect("reads");
    let fp = fingerprint::fingerprint(&read.scenario);
    assert_eq!(doc["engine_version"], fingerprint::ENGINE_VERSION);
    assert_eq!(doc["fingerprint"], fp.as_str());
    assert_eq!(read.fingerprint.as_deref(), Some(fp.as_str()));
    assert!(read.identity().is_identical(), "{:?}", read.identity());
    assert!(read.identity().message().starts_with("identical"));

    let mut other = doc.clone();
    other["fingerprint"] = "0123456789abcdef".into();
    let m = results::from_value(&other).expect("reads").identity();
    assert!(
        matches!(&m, Match::Differs { written, now, .. } if written == "0123456789abcdef" && *now == fp),
        "{m:?}"
    );
    assert!(m.message().contains("may differ"));

    // The same file with another scenario field is another model.
    let mut changed = doc.clone();
    changed["scenario"]["model"]["learning_rate"] = 0.31.into();
    assert!(matches!(
        results::from_value(&changed).expect("reads").identity(),
        Match::Differs { .. }
    ));
    // A title is not part of the model.
    let mut titled = doc.clone();
    titled["scenario"]["name"] = "my own title".into();
    assert!(results::from_value(&titled)
        .expect("reads")
        .identity()
        .is_identical());

    let mut old = doc.clone();
    old.as_object_mut().expect("object").remove("fingerprint");
    let m = results::from_value(&old)
        .expect("a file without a fingerprint reads")
        .identity();
    assert!(matches!(m, Match::Unknown { .. }), "{m:?}");
    let mut bad = doc;
    bad["fingerprint"] = 7.into();
    assert_eq!(
        error_of(&bad),
        "fingerprint: must be a string of at most 64 characters"
    );
}

/// Titles (the scenario's name, the conditions' labels) are left out of the
/// fingerprint because they change no number: the digest stays.
#[test]
fn titles_change_no_number() {
    let run = |text: &str| {
        let mut exp = Experiment::from_json(text).expect("valid");
        exp.run_to_end();
        exp.digest()
    };
    assert_eq!(
        run(
            r#"{"task": {"kind": "reversal", "trials": 60}, "seeds": 3, "conditions": [{"label": "a"}, {"label": "b", "drugs": ["haloperidol"]}]}"#
        ),
        run(
            r#"{"name": "renamed (edited)", "task": {"kind": "reversal", "trials": 60}, "seeds": 3, "conditions": [{"label": "x"}, {"label": "y", "drugs": ["haloperidol"]}]}"#
        ),
    );
}

/// The page's CSV export starts with a comment line naming the engine
/// version and the fingerprint.
#[test]
fn the_csv_comment_names_version_and_fingerprint() {
    let s =
        modulab::scenario::Scenario::from_json(r#"{"task": {"kind": "bandit"}}"#).expect("valid");
    let line = results::csv_comment(&s);
    assert!(line.starts_with("# ModuLab ") && line.ends_with('\n'));
    assert!(line.contains(modulab::fingerprint::ENGINE_VERSION));
    assert!(line.contains(&modulab::fingerprint::fingerprint(&s)));
}

/// The rule for `fingerprint::NUMERICS` (bump it when numbers change), held
/// to the preset baseline: the baseline's hash is recorded with the
/// NUMERICS it was made under. Rewriting the baseline fails this test until
/// one of the two is updated: NUMERICS when numbers changed (links and files
/// made before then will say their numbers may differ), or only the hash
/// when the baseline changed without any number moving (a new preset).
#[test]
fn numerics_is_bumped_when_the_preset_baseline_changes() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/baseline/preset_values.json");
    let text = std::fs::read_to_string(path).expect("baseline");
    let value: Value = serde_json::from_str(&text).expect("JSON");
    let hash = format!(
        "{:016x}",
        modulab::fingerprint::fnv1a64(value.to_string().as_bytes())
    );
    const RECORDED: (u32, &str) = (7, "82a39b3ac210f452");
    assert_eq!(
        (modulab::fingerprint::NUMERICS, hash.as_str()),
        RECORDED,
        "tests/baseline/preset_values.json changed: if any number moved, bump \
         modulab::fingerprint::NUMERICS; then record (NUMERICS, hash) here"
    );
}

/// The fingerprint of one small scenario, pinned: the page test
/// (tests/page/share.test.mjs) pins the WebAssembly engine to the same
/// text, so native and browser fingerprints agree. It changes with
/// `NUMERICS` or with the scenario's defaults (then update both).
#[test]
fn the_fingerprint_is_pinned_across_native_and_wasm() {
    let s = modulab::scenario::Scenario::from_json(
        r#"{"task": {"kind": "bandit", "trials": 50}, "seeds": 2}"#,
    )
    .expect("valid");
    assert_eq!(modulab::fingerprint::fingerprint(&s), PINNED_FINGERPRINT);
}

/// See [`the_fingerprint_is_pinned_across_native_and_wasm`].
const PINNED_FINGERPRINT: &str = "eedc8fea27bf3c38";

/// Found by the CLI audit: a results file whose series held fewer points
/// than its run's trials, or `null` (NaN) or a number beyond f32 (infinity)
/// among its points, was read without a word, and `modulab figure` drew a
/// shortened curve or one that fell to the bottom of the chart from the bad
/// point on. The engine never records a non-finite value, nor one outside
/// its metric's declared range, and a run's every series holds
/// `trials_done / stride` points.
#[test]
fn a_short_series_or_a_non_finite_point_is_named() {
    let cases: Vec<(Edit, &str)> = vec![
        (
            |d| d["runs"][1]["series"]["reward"]["points"] = json!(vec![0; 3]),
            "runs[1].series.reward.points: 3 points of 1 trial(s) each, expected 20 for the run's 20 trials",
        ),
        (
            |d| d["runs"][0]["series"]["correct"]["points"][5] = Value::Null,
            "runs[0].series.correct.points[5]: must be a finite number, got null",
        ),
        (
            |d| d["runs"][0]["series"]["correct"]["points"][5] = json!(1e308),
            "runs[0].series.correct.points[5]: must be a finite number within the range of a 32-bit float, got 1e308",
        ),
        // Outside its metric's declared range: no run of the engine's.
        (
            |d| d["runs"][0]["series"]["correct"]["points"][5] = json!(1.7),
            "runs[0].series.correct.points[5]: must be within [0, 1], the range of correct, got 1.7",
        ),
    ];
    assert_each_refused(cases);
    // A partial run: as many points as the trials it did.
    let mut doc = document();
    doc["runs"][1]["trials_done"] = 4.into();
    for s in doc["runs"][1]["series"]
        .as_object_mut()
        .expect("series")
        .values_mut()
    {
        s["points"] = json!([0, 1, 0, 1]);
    }
    doc["complete"] = false.into();
    doc["trials_done"] = 4.into();
    assert!(results::from_value(&doc).is_ok());
}

/// The page's CSV export refuses, with its size and the ways round it, a
/// CSV larger than a browser can hold (at 10,000 seeds it aborted the
/// engine and left the page unusable), and gives the whole text otherwise.
#[test]
fn a_csv_too_big_for_a_browser_is_refused_with_a_message() {
    let mut exp = modulab::experiment::Experiment::from_json(
        r#"{"task": {"kind": "bandit", "trials": 50}, "seeds": 3}"#,
    )
    .expect("valid");
    exp.run_to_end();
    let whole = modulab::results::csv_text(&exp, 500 << 20).expect("a small CSV");
    assert!(whole.starts_with("# ModuLab "), "{}", &whole[..40]);
    assert!(whole.lines().count() > 50 * 3);
    let e = modulab::results::csv_text(&exp, whole.len() / 2).expect_err("capped");
    assert!(e.contains("download the results JSON instead"), "{e}");
}
