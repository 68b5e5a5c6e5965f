//! The wasm API in headless Chromium (wasm-bindgen-test): build, step,
//! series, drawing on a canvas, errors, and bit-identical results with the
//! native build.
#![cfg(target_arch = "wasm32")]

use modulab::wasm::WasmExperiment;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

#[path = "common/values.rs"]
mod values;

wasm_bindgen_test_configure!(run_in_browser);

const SMALL: &str = r#"{"task": {"kind": "bandit", "trials": 100}, "seeds": 4,
    "conditions": [{"label": "control"}, {"label": "low", "dopamine": {"gain": 0.2}}]}"#;

fn error_message(e: JsValue) -> String {
    e.dyn_into::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|v| format!("not an Error: {v:?}"))
}

fn canvas(width: u32, height: u32) -> web_sys::HtmlCanvasElement {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let c: web_sys::HtmlCanvasElement = doc
        .create_element("canvas")
        .expect("canvas")
        .dyn_into()
        .expect("a canvas element");
    c.set_width(width);
    c.set_height(height);
    c
}

/// The canvas's RGBA pixels.
fn pixels(c: &web_sys::HtmlCanvasElement) -> Vec<u8> {
    let ctx: web_sys::CanvasRenderingContext2d = c
        .get_context("2d")
        .expect("context call")
        .expect("2d context")
        .dyn_into()
        .expect("2d");
    ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .expect("pixels")
        .data()
        .0
}

fn ink(c: &web_sys::HtmlCanvasElement) -> usize {
    pixels(c).chunks(4).filter(|p| p[3] != 0).count()
}

#[wasm_bindgen_test]
fn builds_steps_in_chunks_and_returns_series() {
    let mut exp = WasmExperiment::new(JsValue::from_str(SMALL)).expect("valid");
    assert!(!exp.done());
    let ran = exp.step(80.0); // 8 runs → 10 trials each
    assert_eq!(ran, 80.0);
    assert_eq!(exp.trials_done(), 10);
    assert!((exp.progress() - 0.1).abs() < 1e-12);
    while !exp.done() {
        exp.step(1000.0);
    }
    assert_eq!(exp.trials_done(), 100);
    assert_eq!(
        exp.conditions(),
        vec!["control".to_string(), "low".to_string()]
    );
    let info = exp.info().expect("info");
    let trials = js_sys::Reflect::get(&info, &JsValue::from_str("trials")).expect("trials");
    assert_eq!(trials.as_f64(), Some(100.0));
    let reward = exp.series(0, 3, "reward").expect("series");
    assert_eq!(reward.len(), 100);
    assert!(reward.iter().all(|r| *r == 0.0 || *r == 1.0));
    let mean = exp.mean(1, "correct", 1).expect("mean");
    assert_eq!(mean.len(), 100);
    assert!(
        exp.series(2, 0, "reward").is_err(),
        "condition out of range"
    );
    assert!(exp.series(0, 4, "reward").is_err(), "seed out of range");
    let csv = exp.csv().expect("csv");
    let (comment, rest) = csv.split_once('\n').expect("a first line");
    assert!(
        comment.starts_with("# ModuLab ") && comment.contains("model fingerprint "),
        "{comment}"
    );
    assert!(rest.starts_with("condition,seed,trial,metric,value\n"));
    assert_eq!(csv.lines().count(), 2 + 2 * 4 * 100 * exp.metrics().len());
}

#[wasm_bindgen_test]
fn accepts_a_plain_object() {
    let obj = js_sys::JSON::parse(SMALL).expect("json");
    let exp = WasmExperiment::new(obj).expect("object scenario");
    assert_eq!(exp.conditions().len(), 2);
}

/// The chart the worker draws on an OffscreenCanvas while a batch runs is
/// the chart the page draws on its canvas: the same pixels.
#[wasm_bindgen_test]
fn draws_the_same_chart_offscreen() {
    let mut exp = WasmExperiment::new(JsValue::from_str(SMALL)).expect("valid");
    exp.step(1e9);
    let opts =
        || js_sys::JSON::parse(r#"{"scale": 1, "window": 5, "title": "same"}"#).expect("json");
    let c = canvas(480, 270);
    exp.draw(c.clone(), "correct", opts()).expect("draws");
    let page = pixels(&c);
    let oc = web_sys::OffscreenCanvas::new(480, 270).expect("an OffscreenCanvas");
    exp.draw_offscreen(oc.clone(), "correct", opts())
        .expect("draws offscreen");
    let octx: web_sys::OffscreenCanvasRenderingContext2d = oc
        .get_context("2d")
        .expect("context call")
        .expect("2d context")
        .dyn_into()
        .expect("2d");
    let off = octx
        .get_image_data(0.0, 0.0, 480.0, 270.0)
        .expect("pixels")
        .data();
    assert_eq!(page.len(), off.len());
    let painted = off.chunks(4).filter(|p| p[3] != 0).count();
    assert!(
        painted > 480 * 270 / 2,
        "the chart fills the canvas: {painted}"
    );
    let differ = page
        .chunks(4)
        .zip(off.chunks(4))
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(differ, 0, "{differ} of {} pixels differ", 480 * 270);
    let e = exp
        .draw_offscreen(oc, "rewardz", JsValue::UNDEFINED)
        .expect_err("unknown metric");
    assert!(error_message(e.into()).starts_with("unknown metric \"rewardz\""));
}

#[wasm_bindgen_test]
fn draws_a_learning_curve_on_the_canvas() {
    let mut exp = WasmExperiment::new(JsValue::from_str(SMALL)).expect("valid");
    exp.step(1e9);
    let c = canvas(600, 300);
    assert_eq!(ink(&c), 0, "a new canvas is blank");
    exp.draw(c.clone(), "correct", JsValue::UNDEFINED)
        .expect("draws");
    let painted = ink(&c);
    assert!(
        painted > 600 * 300 / 2,
        "the chart fills the canvas: {painted}"
    );
    let opts = js_sys::JSON::parse(r#"{"scale": 2, "dark": true, "window": 10}"#).expect("json");
    exp.draw(c.clone(), "reward", opts)
        .expect("draws with options");
    let bad = js_sys::JSON::parse(r#"{"scael": 2}"#).expect("json");
    let e = exp
        .draw(c.clone(), "reward", bad)
        .expect_err("unknown option");
    assert!(error_message(e.into()).contains("scael"));
    let e = exp
        .draw(c, "rewardz", JsValue::UNDEFINED)
        .expect_err("unknown metric");
    assert!(error_message(e.into()).starts_with("unknown metric \"rewardz\""));
}

#[wasm_bindgen_test]
fn rejects_a_bad_scenario_with_the_validation_message() {
    let bad = r#"{"task": {"kind": "bandit", "p_reward": [0.2, 0.5, 1.3]}}"#;
    let e = WasmExperiment::new(JsValue::from_str(bad))
        .err()
        .expect("refused");
    assert_eq!(
        error_message(e.into()),
        "task.p_reward[2]: must be within [0, 1], got 1.3"
    );
    let e = WasmExperiment::new(JsValue::from_f64(3.0))
        .err()
        .expect("refused");
    assert!(error_message(e.into()).starts_with("a scenario must be JSON text or an object"));
    let e = modulab::wasm::validate_scenario(JsValue::from_str("{")).expect_err("refused");
    assert!(error_message(e.into()).starts_with("not valid JSON"));
}

/// The same scenario and seeds give bit-identical recordings natively and in
/// wasm: `make test` runs every preset natively first (`modulab digest`) and
/// this test recomputes each digest in Chromium; and every metric of every
/// preset, by name, matches the values committed before the layering work
/// of issue 13 (as tests/preset_values.rs checks natively).
#[wasm_bindgen_test]
fn presets_match_the_native_digests_and_the_baseline_bit_for_bit() {
    let baseline: serde_json::Value =
        serde_json::from_str(include_str!("baseline/preset_values.json")).expect("baseline");
    let native: serde_json::Value =
        serde_json::from_str(include_str!(env!("MODULAB_NATIVE_DIGESTS"))).expect("digest list");
    let mut checked = 0;
    for entry in native.as_array().expect("a list") {
        let file = entry["file"].as_str().expect("file");
        let name = file.rsplit('/').next().unwrap_or(file);
        let Some(metrics) = baseline.get(name) else {
            continue;
        };
        let text = entry["scenario"].as_str().expect("scenario text");
        let mut exp = modulab::experiment::Experiment::from_json(text).expect("preset valid");
        exp.run_to_end();
        assert_eq!(
            exp.digest(),
            entry["digest"].as_str().expect("digest"),
            "wasm and native differ for {file}"
        );
        let changed = values::changed(metrics, &values::metric_values(&exp));
        assert!(changed.is_empty(), "{name}: changed in wasm: {changed:?}");
        checked += 1;
    }
    assert!(checked >= 16, "every preset checked, got {checked}");
}

#[wasm_bindgen_test]
fn task_schema_lists_every_task_with_fields() {
    let schema = modulab::wasm::task_schema().expect("schema");
    let text: String = js_sys::JSON::stringify(&schema).expect("json").into();
    let v: serde_json::Value = serde_json::from_str(&text).expect("parse");
    let list = v.as_array().expect("a list");
    assert_eq!(list.len(), modulab::scenario::TASK_KINDS.len());
    assert_eq!(list[0]["kind"], "bandit");
    assert_eq!(list[0]["fields"][0]["name"], "p_reward");
    assert_eq!(list[0]["defaults"]["trials"], 300);
}

#[wasm_bindgen_test]
fn condition_and_model_schemas_describe_every_manipulation() {
    let c = modulab::wasm::condition_schema().expect("condition schema");
    let text: String = js_sys::JSON::stringify(&c).expect("json").into();
    let v: serde_json::Value = serde_json::from_str(&text).expect("parse");
    let names: Vec<&str> = v["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    for n in [
        "dopamine.gain",
        "serotonin.reuptake",
        "receptors.d2.antagonist",
        "drugs",
        "lesions",
        "age",
    ] {
        assert!(names.contains(&n), "missing {n}");
    }
    assert_eq!(v["defaults"]["label"], "control");
    let m = modulab::wasm::model_schema().expect("model schema");
    let text: String = js_sys::JSON::stringify(&m).expect("json").into();
    let v: serde_json::Value = serde_json::from_str(&text).expect("parse");
    assert_eq!(v["defaults"]["learning_rate"], 0.3);
}

#[wasm_bindgen_test]
fn a_drug_changes_the_run_end_to_end() {
    let text = r#"{"task": {"kind": "bandit", "trials": 200}, "seeds": 10,
        "conditions": [{"label": "control"}, {"label": "6-OHDA", "drugs": ["six_ohda"]}]}"#;
    let mut exp = WasmExperiment::new(JsValue::from_str(text)).expect("valid");
    exp.step(1e9);
    let mean = |c: usize| {
        let m = exp.mean(c, "correct", 1).expect("mean");
        m.iter().sum::<f64>() / m.len() as f64
    };
    assert!(
        mean(1) < mean(0) - 0.05,
        "dopamine depletion slows learning: {} vs {}",
        mean(1),
        mean(0)
    );
    let bad = r#"{"task": {"kind": "bandit"}, "conditions": [{"drugs": ["aspirin"]}]}"#;
    let e = WasmExperiment::new(JsValue::from_str(bad))
        .err()
        .expect("refused");
    let msg = error_message(e.into());
    assert!(
        msg.starts_with("conditions[0].drugs[0]: unknown variant `aspirin`"),
        "{msg}"
    );
}

#[wasm_bindgen_test]
fn recordings_sent_in_chunks_rebuild_the_same_results() {
    let mut exp = WasmExperiment::new(JsValue::from_str(SMALL)).expect("valid");
    while !exp.done() {
        exp.step(1000.0);
    }
    let mut copy = WasmExperiment::new(JsValue::from_str(SMALL)).expect("valid");
    assert_ne!(copy.digest(), exp.digest());
    // Two chunks of runs, as the worker sends them.
    for (first, count) in [(0, 3), (3, 5)] {
        let bytes = exp.recordings(first, count, None, true);
        copy.load_recordings(&bytes).expect("loads");
    }
    assert_eq!(copy.digest(), exp.digest());
    assert!(copy.done());
    // A preview with one metric leaves the others as they were.
    let mut partial = WasmExperiment::new(JsValue::from_str(SMALL)).expect("valid");
    let bytes = exp.recordings(0, 8, Some(vec!["correct".into()]), false);
    partial.load_recordings(&bytes).expect("loads");
    assert_eq!(partial.series(0, 0, "correct").expect("series").len(), 100);
    assert_eq!(partial.series(0, 0, "reward").expect("series").len(), 0);
    let err = copy
        .load_recordings(&bytes[..bytes.len() - 3])
        .expect_err("truncated");
    assert!(error_message(err.into()).contains("recordings: the data ends early"));
}

#[wasm_bindgen_test]
fn hover_values_and_layout_map_pixels_to_trials() {
    let mut exp = WasmExperiment::new(JsValue::from_str(SMALL)).expect("valid");
    while !exp.done() {
        exp.step(1000.0);
    }
    let c = canvas(600, 400);
    let layout = exp
        .draw(c.clone(), "correct", JsValue::UNDEFINED)
        .expect("draws");
    assert!(layout.trial_at(0.0).is_nan(), "left of the plot");
    let mid = layout.trial_at(300.0);
    assert!(mid > 30.0 && mid < 70.0, "{mid}");
    let values = exp
        .value_at("correct", 50.0, JsValue::UNDEFINED)
        .expect("values");
    let values: js_sys::Array = values.dyn_into().expect("array");
    assert_eq!(values.length(), 2);
    let first = values.get(0);
    let trial = js_sys::Reflect::get(&first, &"trial".into()).expect("trial");
    assert_eq!(trial.as_f64(), Some(50.0));
}

/// A link with a setting its task does not read (made by an earlier
/// engine) opens without it, and names it for the page.
#[wasm_bindgen_test]
fn a_link_with_a_setting_its_task_does_not_read_opens_without_it() {
    let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).expect(k);
    let text = r#"{"scenario": {"task": {"kind": "bandit", "trials": 50}, "model": {"trace_decay": 0.5}}}"#;
    let state = modulab::wasm::decode_state(text).expect("opens");
    let dropped: js_sys::Array = get(&state, "dropped").dyn_into().expect("an array");
    assert_eq!(dropped.to_vec(), [JsValue::from_str("model.trace_decay")]);
    assert_eq!(get(&get(&state, "scenario"), "model"), JsValue::UNDEFINED);
}

#[wasm_bindgen_test]
fn decodes_a_link_state_or_says_what_is_wrong() {
    let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).expect(k);
    let text = r#"{"scenario": {"task": {"kind": "bandit", "trials": 50}, "first_seed": 9007199254740993},
        "view": {"charts": ["reward", 3], "window": 25, "band": "ci95", "speed": "warp", "preset": "bandit.json"}}"#;
    let state = modulab::wasm::decode_state(text).expect("a valid state");
    let scenario = get(&state, "scenario");
    assert_eq!(get(&get(&scenario, "task"), "trials").as_f64(), Some(50.0));
    assert_eq!(
        get(&scenario, "seeds"),
        JsValue::UNDEFINED,
        "as written, no defaults"
    );
    let view = get(&state, "view");
    let charts: js_sys::Array = get(&view, "charts").dyn_into().expect("an array");
    assert_eq!(
        charts.to_vec(),
        ["reward", "dopamine", "learning_rate", "value"].map(JsValue::from_str),
        "checked against the metric table; missing ones get their chart's default"
    );
    assert_eq!(get(&view, "window").as_f64(), Some(25.0));
    assert_eq!(get(&view, "band").as_string().as_deref(), Some("ci95"));
    assert_eq!(get(&view, "speed").as_string().as_deref(), Some("fast"));
    assert_eq!(
        get(&view, "preset").as_string().as_deref(),
        Some("bandit.json")
    );
    assert_eq!(
        get(&get(&state, "identity"), "status")
            .as_string()
            .as_deref(),
        Some("unknown"),
        "a link without the engine's identity may show other numbers"
    );
    // From the text: a JS object would round first_seed to a double, which
    // is another scenario (the fingerprint tells them apart).
    let id = modulab::wasm::identity(JsValue::from_str(
        r#"{"task": {"kind": "bandit", "trials": 50}, "first_seed": 9007199254740993}"#,
    ))
    .expect("identity");
    let fp = get(&id, "fingerprint").as_string().expect("a fingerprint");
    let same = format!(
        r#"{{"scenario": {{"task": {{"kind": "bandit", "trials": 50}}, "first_seed": 9007199254740993}}, "engine": {{"engine_version": "0.0.1", "fingerprint": "{fp}"}}}}"#
    );
    let state = modulab::wasm::decode_state(&same).expect("a valid state");
    assert_eq!(
        get(&get(&state, "identity"), "status")
            .as_string()
            .as_deref(),
        Some("identical")
    );
    let other =
        js_sys::JSON::parse(r#"{"engine_version": "0.0.1", "fingerprint": "0000000000000000"}"#)
            .expect("json");
    let checked = modulab::wasm::check_identity(get(&state, "scenario"), other).expect("checked");
    assert_eq!(
        get(&checked, "status").as_string().as_deref(),
        Some("differs")
    );
    assert!(get(&checked, "message")
        .as_string()
        .is_some_and(|m| m.contains("may differ")));
    let bad = r#"{"scenario": {"task": {"kind": "bandit", "p_reward": [2, 0.1]}}}"#;
    let e = modulab::wasm::decode_state(bad).map(|_| ()).unwrap_err();
    assert_eq!(
        error_message(e.into()),
        "task.p_reward[0]: must be within [0, 1], got 2"
    );
    let e = modulab::wasm::decode_state("{").map(|_| ()).unwrap_err();
    assert!(error_message(e.into()).starts_with("the link's data is not valid JSON"));
}

#[wasm_bindgen_test]
fn results_json_loads_back_to_the_same_digest_and_names_a_missing_field() {
    let mut exp = WasmExperiment::new(JsValue::from_str(SMALL)).expect("valid");
    exp.step(1e9);
    // With the page's view, which openDocument hands back cleaned (a chart
    // the scenario does not record gets its default).
    let view =
        r#"{"charts": ["reward", "nothing"], "window": 20, "band": "ci95", "preset": "x.json"}"#;
    let text = exp.results_json(Some(view.into())).expect("results");
    let back = WasmExperiment::from_results(&text).expect("a valid results file");
    assert_eq!(back.digest(), exp.digest());
    assert_eq!(back.trials_done(), 100);
    let opened = modulab::wasm::open_document(&text).expect("opens");
    let kind = js_sys::Reflect::get(&opened, &"kind".into()).expect("kind");
    assert_eq!(kind.as_string().as_deref(), Some("results"));
    let identity = js_sys::Reflect::get(&opened, &"identity".into()).expect("identity");
    let status = js_sys::Reflect::get(&identity, &"status".into()).expect("status");
    assert_eq!(status.as_string().as_deref(), Some("identical"));
    let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).expect(k);
    let shown = get(&opened, "view");
    let charts: js_sys::Array = get(&shown, "charts").dyn_into().expect("an array");
    assert_eq!(charts.get(0).as_string().as_deref(), Some("reward"));
    assert_ne!(charts.get(1).as_string().as_deref(), Some("nothing"));
    assert_eq!(get(&shown, "window").as_f64(), Some(20.0));
    assert_eq!(get(&shown, "preset").as_string().as_deref(), Some(""));
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    doc.as_object_mut().expect("object").remove("complete");
    let e = WasmExperiment::from_results(&doc.to_string())
        .map(|_| ())
        .unwrap_err();
    assert_eq!(error_message(e.into()), "results file: complete: missing");
}

#[wasm_bindgen_test]
fn the_metric_table_and_limits_come_from_the_engine() {
    let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).expect(k);
    let table = modulab::wasm::metric_table(JsValue::from_str(SMALL)).expect("a table");
    let metrics: js_sys::Array = get(&table, "metrics").dyn_into().expect("an array");
    let correct = metrics.get(1);
    assert_eq!(
        get(&correct, "name").as_string().as_deref(),
        Some("correct")
    );
    assert_eq!(
        get(&correct, "group").as_string().as_deref(),
        Some("behaviour")
    );
    assert_eq!(
        get(&correct, "axis").as_string().as_deref(),
        Some("P(best choice)")
    );
    let charts: js_sys::Array = get(&table, "charts").dyn_into().expect("an array");
    assert_eq!(charts.length(), 4);
    assert_eq!(
        get(&charts.get(0), "title").as_string().as_deref(),
        Some("Learning curve")
    );
    let limits = modulab::wasm::limits().expect("limits");
    assert_eq!(get(&limits, "max_conditions").as_f64(), Some(16.0));
    assert_eq!(get(&limits, "max_window").as_f64(), Some(100.0));
    let total = modulab::wasm::total_trials(JsValue::from_str(SMALL)).expect("valid");
    assert_eq!(total, 100.0 * 4.0 * 2.0);
}
