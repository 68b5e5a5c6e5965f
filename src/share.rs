//! The page's state in a link: `#v1.<base64url(deflate-raw(JSON))>`. The
//! page undoes base64url and deflate (the browser does both natively) and
//! hands the JSON text here, `{"scenario": {…}, "view": {…}}`.
//!
//! Decoding only reads data: the scenario is validated like any other (an
//! error names the field), and the view is cleaned value by value, each
//! unknown or bad one falling back to its default, so a hostile or stale
//! link can at worst show the default view. Whether `view.preset` names a
//! shipped preset is for the page to check: only it knows the list.
//!
//! A link also carries `"engine": {"engine_version", "fingerprint"}`, the
//! engine and model fingerprint it was made with ([`crate::fingerprint`]):
//! decoding compares it with this engine's fingerprint of the scenario, and
//! the page says "identical" only when they match (a link without it, or
//! with another fingerprint, may show other numbers than its author saw).
//!
//! ```
//! use modulab::share::{decode_state, Spread};
//! let state = decode_state(r#"{"scenario": {"task": {"kind": "bandit"}}, "view": {"band": "ci95", "window": 0}}"#).unwrap();
//! assert_eq!(state.scenario.task.kind(), "bandit");
//! assert_eq!(state.view.band, Spread::Ci95);
//! assert_eq!(state.view.window, 10, "out of range: the default");
//! ```

use crate::fingerprint::{self, Match};
use crate::metric::{self, Metric};
use crate::scenario::{Scenario, ScenarioError, MAX_TEXT_BYTES};
use serde::Serialize;
use serde_json::Value;
use std::fmt;

pub use crate::limits::{MAX_CHARTS, MAX_WINDOW};
/// Longest metric or preset name a view keeps, in bytes (longer ones are
/// no name the page knows, and fall back).
pub const MAX_NAME_BYTES: usize = 200;

/// The shaded band around each curve (one type with the chart's).
pub use crate::chart::Spread;

/// How fast the page animates a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Speed {
    /// A few trials a frame.
    Slow,
    /// More trials a frame.
    Medium,
    /// As fast as the machine goes.
    #[default]
    Fast,
}

/// How the page shows a scenario: what a link keeps besides the scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct View {
    /// Metric of each chart, in order: after [`decode_state`], exactly
    /// [`MAX_CHARTS`] names the scenario records (a missing, unknown or bad
    /// name is replaced by its chart's default, [`metric::default_charts`]).
    pub charts: Vec<String>,
    /// Moving-average window in trials, `1..=MAX_WINDOW`.
    pub window: u32,
    /// The shaded band.
    pub band: Spread,
    /// Animation speed.
    pub speed: Speed,
    /// File name of the preset the scenario came from, or empty.
    pub preset: String,
}

impl Default for View {
    fn default() -> Self {
        View {
            charts: Vec::new(),
            window: 10,
            band: Spread::Sem,
            speed: Speed::Fast,
            preset: String::new(),
        }
    }
}

impl View {
    /// Reads a view from JSON, keeping each good value and replacing every
    /// missing, unknown or bad one by its default; anything but an object
    /// is the default view.
    pub fn clean(value: &Value) -> View {
        let mut view = View::default();
        let Value::Object(v) = value else {
            return view;
        };
        if let Some(Value::Array(list)) = v.get("charts") {
            view.charts = list
                .iter()
                .filter_map(Value::as_str)
                .take(MAX_CHARTS)
                .map(|s| {
                    if s.len() <= MAX_NAME_BYTES {
                        s.to_string()
                    } else {
                        String::new()
                    }
                })
                .collect();
        }
        if let Some(w) = v.get("window").and_then(whole_number) {
            if (1..=u64::from(MAX_WINDOW)).contains(&w) {
                view.window = w as u32;
            }
        }
        view.band = match v.get("band").and_then(Value::as_str) {
            Some("ci95") => Spread::Ci95,
            _ => Spread::Sem,
        };
        view.speed = match v.get("speed").and_then(Value::as_str) {
            Some("slow") => Speed::Slow,
            Some("medium") => Speed::Medium,
            _ => Speed::Fast,
        };
        if let Some(p) = v.get("preset").and_then(Value::as_str) {
            if p.len() <= MAX_NAME_BYTES {
                view.preset = p.to_string();
            }
        }
        view
    }
}

impl View {
    /// The view a results file keeps, as the page writes and reads it:
    /// cleaned ([`View::clean`]), each chart a metric of `table` (what the
    /// scenario records), and no preset (a results file is not one).
    pub fn of_results(value: &Value, table: &[Metric]) -> View {
        let mut view = View::clean(value);
        view.resolve_charts(table);
        view.preset.clear();
        view
    }

    /// Checks the charts' metrics against `table` (what the scenario
    /// records): each chart keeps a recorded name, or gets its default.
    pub fn resolve_charts(&mut self, table: &[Metric]) {
        let defaults = metric::default_charts(table);
        self.charts = defaults
            .iter()
            .enumerate()
            .map(|(i, d)| match self.charts.get(i) {
                Some(name) if metric::find(table, name).is_some() => name.clone(),
                _ => d.to_string(),
            })
            .collect();
    }
}

/// A whole number, written as an integer or as a float with no fraction.
fn whole_number(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| {
        v.as_f64()
            .filter(|x| x.fract() == 0.0 && *x >= 0.0 && *x <= u32::MAX as f64)
            .map(|x| x as u64)
    })
}

/// A decoded link: a valid scenario and a clean view.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedState {
    /// The scenario, validated.
    pub scenario: Scenario,
    /// The scenario as the link wrote it (defaults not filled in), for the
    /// page's form.
    pub scenario_json: Value,
    /// How to show it.
    pub view: View,
    /// Whether this engine gives the numbers the link was made with.
    pub identity: Match,
    /// Fields the link set that this engine does not read for its task,
    /// removed ([`Scenario::recover`]): they change no number.
    pub dropped: Vec<String>,
}

/// Why a link's state cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub enum StateError {
    /// The text is longer than a scenario may be (bytes).
    TooLong(usize),
    /// The text is not JSON (serde_json's message).
    Json(String),
    /// The JSON is not an object.
    NotObject,
    /// The object has no `scenario` object.
    NoScenario,
    /// The scenario is invalid.
    Scenario(ScenarioError),
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::TooLong(n) => write!(
                f,
                "the link's state is too large ({n} bytes; at most {MAX_TEXT_BYTES})"
            ),
            StateError::Json(e) => write!(f, "the link's data is not valid JSON ({e})"),
            StateError::NotObject => write!(
                f,
                "the link's state must be an object {{\"scenario\": …, \"view\": …}}"
            ),
            StateError::NoScenario => write!(f, "the link holds no scenario object"),
            StateError::Scenario(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for StateError {}

impl From<ScenarioError> for StateError {
    fn from(e: ScenarioError) -> Self {
        StateError::Scenario(e)
    }
}

/// Reads a link's JSON text: validates the scenario and cleans the view (a
/// missing or non-object view is the default view).
pub fn decode_state(text: &str) -> Result<SharedState, StateError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(StateError::TooLong(text.len()));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| StateError::Json(e.to_string()))?;
    let Value::Object(mut state) = value else {
        return Err(StateError::NotObject);
    };
    let scenario_json = match state.remove("scenario") {
        Some(s @ Value::Object(_)) => s,
        _ => return Err(StateError::NoScenario),
    };
    let read = Scenario::recover(scenario_json)?;
    let mut view = state.get("view").map_or_else(View::default, View::clean);
    view.resolve_charts(&crate::experiment::metric_table(&read.scenario));
    let written = state.get("engine").and_then(fingerprint::identity_in);
    let identity = Match::check(written.as_ref(), read.fingerprinted());
    Ok(SharedState {
        scenario: read.scenario,
        scenario_json: read.json,
        view,
        identity,
        dropped: read.dropped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(json: &str) -> View {
        let text = format!(r#"{{"scenario": {{"task": {{"kind": "bandit"}}}}, "view": {json}}}"#);
        decode_state(&text)
            .unwrap_or_else(|e| panic!("{json}: {e}"))
            .view
    }

    const DEFAULTS: [&str; 4] = ["correct", "dopamine", "learning_rate", "value"];

    /// A link an earlier engine made with a setting this one refuses as
    /// changing nothing for its task (λ on one-step trials, the SD of
    /// Bernoulli payoffs) opens without it and names it; its fingerprint,
    /// computed with the setting, still says identical.
    #[test]
    fn a_link_with_settings_its_task_does_not_read_opens_without_them() {
        let scenario = serde_json::json!({"task": {"kind": "bandit", "trials": 50, "sd": 0.5},
                                          "model": {"trace_decay": 0.5}});
        let written: Scenario = serde_json::from_value(scenario.clone()).expect("a scenario");
        let link = serde_json::json!({"scenario": scenario, "engine": {
            "engine_version": fingerprint::ENGINE_VERSION,
            "fingerprint": fingerprint::fingerprint(&written)}});
        let state = decode_state(&link.to_string()).expect("opens");
        assert_eq!(state.dropped, ["task.sd", "model.trace_decay"]);
        assert_eq!(state.scenario_json.get("model"), None);
        assert_eq!(state.scenario.task.kind(), "bandit");
        assert!(
            state.identity.is_identical(),
            "{}",
            state.identity.message()
        );
        // A bad value stays an error, named.
        let bad = r#"{"scenario": {"task": {"kind": "bandit", "trials": 50}, "model": {"trace_decay": 7}}}"#;
        let e = decode_state(bad).map(|_| ()).unwrap_err().to_string();
        assert!(e.contains("model.trace_decay"), "{e}");
    }

    #[test]
    fn a_page_state_reads_back() {
        let v = view(
            r#"{"charts": ["reward", "dopamine", "learning_rate", "value"], "window": 25,
                "band": "ci95", "speed": "slow", "preset": "bandit.json"}"#,
        );
        assert_eq!(
            v,
            View {
                charts: ["reward", "dopamine", "learning_rate", "value"]
                    .map(String::from)
                    .to_vec(),
                window: 25,
                band: Spread::Ci95,
                speed: Speed::Slow,
                preset: "bandit.json".into(),
            }
        );
        assert_eq!(
            view(r#"{"speed": "medium", "window": 100.0}"#).speed,
            Speed::Medium
        );
        assert_eq!(view(r#"{"window": 100.0}"#).window, 100);
        assert_eq!(view(r#"{"window": 1}"#).window, 1);
    }

    #[test]
    fn bad_view_values_fall_back_one_by_one() {
        let v = view(
            r#"{"charts": ["reward", 3, null, "<script>", "a", "b"], "window": 101,
                "band": "sd", "speed": "ludicrous", "preset": 7, "extra": true}"#,
        );
        assert_eq!(
            v.charts,
            ["reward", DEFAULTS[1], DEFAULTS[2], DEFAULTS[3]],
            "recorded names only, four in all"
        );
        assert_eq!((v.window, v.band, v.speed), (10, Spread::Sem, Speed::Fast));
        assert_eq!(v.preset, "");
        for w in [
            "0",
            "-3",
            "2.5",
            "\"25\"",
            "1e300",
            "null",
            "[5]",
            "18446744073709551616",
        ] {
            assert_eq!(view(&format!(r#"{{"window": {w}}}"#)).window, 10, "{w}");
        }
        let long = "m".repeat(MAX_NAME_BYTES + 1);
        let v = view(&format!(
            r#"{{"charts": ["{long}", "reward"], "preset": "{long}"}}"#
        ));
        assert_eq!(
            v.charts,
            [DEFAULTS[0], "reward", DEFAULTS[2], DEFAULTS[3]],
            "an over-long name keeps its place"
        );
        assert_eq!(v.preset, "");
        let resolved = View {
            charts: DEFAULTS.map(String::from).to_vec(),
            ..View::default()
        };
        for not_object in ["[]", "null", "\"view\"", "3"] {
            assert_eq!(view(not_object), resolved, "{not_object}");
        }
        let none = decode_state(r#"{"scenario": {"task": {"kind": "bandit"}}}"#);
        assert_eq!(none.map(|s| s.view), Ok(resolved));
    }

    #[test]
    fn the_scenario_is_validated_and_kept_as_written() {
        let text = r#"{"scenario": {"task": {"kind": "bandit", "trials": 50}, "seeds": 2}}"#;
        let state = decode_state(text).unwrap();
        assert_eq!(state.scenario.seeds, 2);
        assert_eq!(state.scenario.task.trials(), 50);
        assert_eq!(
            state.scenario_json,
            serde_json::json!({"task": {"kind": "bandit", "trials": 50}, "seeds": 2})
        );
        let bad = r#"{"scenario": {"task": {"kind": "bandit", "p_reward": [2, 0.1]}}}"#;
        let e = decode_state(bad).unwrap_err();
        assert!(matches!(e, StateError::Scenario(_)));
        assert_eq!(
            e.to_string(),
            "task.p_reward[0]: must be within [0, 1], got 2"
        );
    }

    #[test]
    fn a_link_says_whether_its_numbers_are_identical() {
        let scenario = r#"{"task": {"kind": "bandit", "trials": 50}}"#;
        let s = Scenario::from_json(scenario).unwrap();
        let fp = fingerprint::fingerprint(&s);
        let with = |engine: &str| {
            decode_state(&format!(
                r#"{{"scenario": {scenario}, "engine": {engine}}}"#
            ))
            .unwrap()
            .identity
        };
        let same = with(&format!(
            r#"{{"engine_version": "0.0.9", "fingerprint": "{fp}"}}"#
        ));
        assert!(same.is_identical(), "{same:?}");
        let other = with(r#"{"engine_version": "0.0.9", "fingerprint": "0000000000000000"}"#);
        assert!(
            matches!(other, Match::Differs { ref written, .. } if written == "0000000000000000"),
            "{other:?}"
        );
        for bad in [
            "null",
            "3",
            r#"{"fingerprint": 7}"#,
            r#"{"fingerprint": "x"}"#,
        ] {
            assert!(matches!(with(bad), Match::Unknown { .. }), "{bad}");
        }
        let none = decode_state(&format!(r#"{{"scenario": {scenario}}}"#)).unwrap();
        assert_eq!(none.identity, Match::Unknown { now: fp });
    }

    #[test]
    fn what_is_not_a_state_says_why() {
        let cases = [
            ("", "not valid JSON"),
            ("{", "not valid JSON"),
            (r#"{"scenario": 1e999}"#, "not valid JSON"),
            ("[]", "must be an object"),
            ("null", "must be an object"),
            ("{}", "no scenario"),
            (r#"{"scenario": []}"#, "no scenario"),
            (r#"{"scenario": "bandit"}"#, "no scenario"),
            (r#"{"scenario": {}}"#, "missing field `task`"),
            (r#"{"scenario": {"task": {}}}"#, "task.kind: missing"),
        ];
        for (text, expected) in cases {
            let e = decode_state(text).unwrap_err().to_string();
            assert!(e.contains(expected), "{text:?}: {e}");
        }
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(decode_state(&deep), Err(StateError::Json(_))));
        let huge = format!(
            r#"{{"scenario": {{}}, "pad": "{}"}}"#,
            " ".repeat(MAX_TEXT_BYTES)
        );
        assert!(matches!(decode_state(&huge), Err(StateError::TooLong(_))));
    }
}
