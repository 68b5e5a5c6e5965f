//! The browser face: a thin wasm-bindgen layer over [`crate::experiment`].
//!
//! One JS class, `Experiment`, owns a running experiment: built from a
//! scenario (a JS object or JSON text), stepped in chunks, queried for series
//! as typed arrays, drawn onto a given canvas element, exported, freed.
//! Every input error becomes a JS `Error` carrying the validation message;
//! nothing reachable from JS panics.

use crate::chart;
use crate::experiment::Experiment as Engine;
use crate::figure::{self, DrawOptions, Summaries};
use crate::scenario::Scenario;
use plotters::prelude::*;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlCanvasElement, OffscreenCanvas};

mod canvas;
mod transfer;
use canvas::{Canvas2d, MeasuredCanvas};

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Reads a scenario given as JSON text or as a plain JS object.
fn scenario_from_js(value: &JsValue) -> Result<Scenario, JsError> {
    let text = match value.as_string() {
        Some(t) => t,
        None if value.is_object() => js_sys::JSON::stringify(value)
            .map_err(|_| JsError::new("the scenario object cannot be turned into JSON"))?
            .into(),
        None => {
            return Err(JsError::new(
                "a scenario must be JSON text or an object such as {task: {kind: 'bandit'}}",
            ))
        }
    };
    Scenario::from_json(&text).map_err(|e| JsError::new(&e.to_string()))
}

/// Bytes of linear memory this wasm instance holds (it only grows): what
/// the long-run measurements read in the page and in its worker.
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// The circuit diagram of a scenario under condition `condition` as SVG
/// text (regions are focusable groups with `data-region`); throws on a bad
/// scenario.
#[wasm_bindgen(js_name = circuitSvg)]
pub fn circuit_svg(scenario: JsValue, condition: usize) -> Result<String, JsError> {
    let s = scenario_from_js(&scenario)?;
    Ok(crate::diagram::CircuitView::new(&s, condition, None).svg())
}

/// The circuit of a scenario under a condition as data: every region, its
/// receptors' densities and efficacies.
#[wasm_bindgen(js_name = circuitView)]
pub fn circuit_view(scenario: JsValue, condition: usize) -> Result<JsValue, JsError> {
    let s = scenario_from_js(&scenario)?;
    to_js(&crate::diagram::CircuitView::new(&s, condition, None))
}

/// The recorded metrics the circuit's levels are read from
/// (`Experiment.circuitSvg`): a page that receives only the charted metrics
/// while a run goes on asks for these too.
#[wasm_bindgen(js_name = circuitMetrics)]
pub fn circuit_metrics() -> Vec<String> {
    crate::diagram::LEVEL_METRICS
        .iter()
        .map(|m| m.to_string())
        .collect()
}

/// Checks a scenario without building it; throws an `Error` with every problem.
#[wasm_bindgen(js_name = validateScenario)]
pub fn validate_scenario(scenario: JsValue) -> Result<(), JsError> {
    scenario_from_js(&scenario).map(|_| ())
}

/// A scenario (JSON text or object) with every default filled in, as JSON
/// text (what `Experiment.scenarioJson` gives, without building any run):
/// the page's "Download scenario"; throws an `Error` naming the first bad
/// field of an invalid one.
#[wasm_bindgen(js_name = scenarioJson)]
pub fn scenario_json(scenario: JsValue) -> Result<String, JsError> {
    Ok(scenario_from_js(&scenario)?.to_json())
}

/// A scenario object without the fields its task's runs do not read:
/// returns `{scenario, dropped}`, `dropped` their paths
/// ([`crate::scenario::drop_unread`]); the page calls it when the task
/// changes. Throws an `Error` naming the task's problem if it has one.
#[wasm_bindgen(js_name = dropUnread)]
pub fn drop_unread(scenario: JsValue) -> Result<JsValue, JsError> {
    let mut value = json_of(&scenario, "scenario")?;
    let dropped =
        crate::scenario::drop_unread(&mut value).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&serde_json::json!({ "scenario": value, "dropped": dropped }))
}

/// The task and model fields (`task.sd`, `model.outcome_noise`) a
/// scenario's runs do not read because a mode or switch of theirs is off
/// ([`crate::scenario::unread_fields`]): the page hides their controls.
#[wasm_bindgen(js_name = unreadFields)]
pub fn unread_fields(scenario: JsValue) -> Result<JsValue, JsError> {
    to_js(&crate::scenario::unread_fields(&json_of(
        &scenario, "scenario",
    )?))
}

/// The names of the regions whose lesion a task's runs read, for a
/// scenario's task object, or `null` when every region's lesion acts
/// ([`crate::scenario::lesions_read`]): the condition cards offer only
/// these. Throws an `Error` naming the task's problem if it has one.
#[wasm_bindgen(js_name = lesionsRead)]
pub fn lesions_read(task: JsValue) -> Result<JsValue, JsError> {
    let read = crate::scenario::lesions_read(&json_of(&task, "task")?)
        .map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&read)
}

/// The names of the drugs a task's runs see, for a scenario's task object,
/// or `null` when it reads every condition field
/// ([`crate::scenario::drugs_read`]): the condition cards offer only
/// these. Throws an `Error` naming the task's problem if it has one.
#[wasm_bindgen(js_name = drugsRead)]
pub fn drugs_read(task: JsValue) -> Result<JsValue, JsError> {
    let read = crate::scenario::drugs_read(&json_of(&task, "task")?)
        .map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&read)
}

/// A JS object as a JSON value (through JSON text); `what` names it in
/// the error.
fn json_of(object: &JsValue, what: &str) -> Result<serde_json::Value, JsError> {
    let text: String = js_sys::JSON::stringify(object)
        .map_err(|_| JsError::new(&format!("the {what} object cannot be turned into JSON")))?
        .into();
    serde_json::from_str(&text).map_err(|e| JsError::new(&format!("not valid JSON: {e}")))
}

/// Reads a page link's state, given as the JSON text the link's data
/// inflates to: returns `{scenario, view}`, the scenario as the link wrote
/// it (validated) and the view cleaned (bad values replaced by defaults; see
/// [`crate::share`]); throws an `Error` saying what is wrong otherwise.
#[wasm_bindgen(js_name = decodeState)]
pub fn decode_state(text: &str) -> Result<JsValue, JsError> {
    let state = crate::share::decode_state(text).map_err(|e| JsError::new(&e.to_string()))?;
    // Through JSON text, so numbers read as JSON.parse reads them.
    let scenario = serde_json::to_string(&state.scenario_json)
        .ok()
        .and_then(|t| js_sys::JSON::parse(&t).ok())
        .ok_or_else(|| JsError::new("the link's scenario cannot be read"))?;
    let out = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        js_sys::Reflect::set(&out, &JsValue::from_str(key), value)
            .map_err(|_| JsError::new("the link's state cannot be returned"))
    };
    set("scenario", &scenario)?;
    set("view", &to_js(&state.view)?)?;
    set("identity", &identity_js(&state.identity)?)?;
    // What the link set that this engine does not read for its task,
    // removed (they change no number), for the page to name.
    set("dropped", &to_js(&state.dropped)?)?;
    Ok(out.into())
}

/// `{status: "identical" | "differs" | "unknown", message, …}`: whether
/// this engine gives the numbers a link or file was made with.
fn identity_js(m: &crate::fingerprint::Match) -> Result<JsValue, JsError> {
    let mut v = crate::params::json_value(m);
    if let serde_json::Value::Object(o) = &mut v {
        o.insert("message".into(), m.message().into());
    }
    to_js(&v)
}

/// This engine's identity for a scenario (JSON text or object): `{engine_version,
/// fingerprint}`, the engine version and model fingerprint that links,
/// exports and embedded figures carry ([`crate::fingerprint`]); throws on
/// an invalid scenario.
#[wasm_bindgen]
pub fn identity(scenario: JsValue) -> Result<JsValue, JsError> {
    to_js(&crate::fingerprint::Identity::of(&scenario_from_js(
        &scenario,
    )?))
}

/// Compares an identity a link, a file or an embed carries (`{engine_version,
/// fingerprint}`, or undefined) with this engine's for `scenario`: `{status:
/// "identical" | "differs" | "unknown", message, …}`.
#[wasm_bindgen(js_name = checkIdentity)]
pub fn check_identity(scenario: JsValue, written: JsValue) -> Result<JsValue, JsError> {
    let s = scenario_from_js(&scenario)?;
    let written = if written.is_object() {
        let text: String = js_sys::JSON::stringify(&written)
            .map_err(|_| JsError::new("the identity must be a plain object"))?
            .into();
        serde_json::from_str(&text)
            .ok()
            .and_then(|v: serde_json::Value| crate::fingerprint::identity_in(&v))
    } else {
        None
    };
    identity_js(&crate::fingerprint::Match::check(written.as_ref(), &s))
}

/// Every task kind with its label, description, fields (name, label, help,
/// type, min, max) and defaults: the page builds its controls from this.
#[wasm_bindgen(js_name = taskSchema)]
pub fn task_schema() -> Result<JsValue, JsError> {
    to_js(&crate::scenario::descriptions())
}

/// The manipulation fields of a condition (per modulator gain, tone offset,
/// clamp, release, reuptake; receptor agonists/antagonists; drugs; lesions;
/// age; from_trial), in the same format as `taskSchema()`'s fields; dotted
/// names address nested objects (`dopamine.gain`).
#[wasm_bindgen(js_name = conditionSchema)]
pub fn condition_schema() -> Result<JsValue, JsError> {
    let fields = crate::scenario::condition_fields();
    let defaults = crate::scenario::json_value(&crate::scenario::Condition::default());
    to_js(&serde_json::json!({ "fields": fields, "defaults": defaults }))
}

/// The model's fields (learning rate, inverse temperature, actor, …) and defaults.
#[wasm_bindgen(js_name = modelSchema)]
pub fn model_schema() -> Result<JsValue, JsError> {
    let defaults = crate::scenario::json_value(&crate::scenario::ModelSpec::default());
    to_js(
        &serde_json::json!({ "fields": crate::scenario::ModelSpec::FIELDS, "defaults": defaults }),
    )
}

/// The metrics a scenario records, as the page builds its menus and
/// charts from them: `{metrics: [{name, label, unit, axis, range, group,
/// group_label, chart, lead}], groups: [{id, label}], charts: [{title,
/// group, metric}]}`; throws on an invalid scenario.
#[wasm_bindgen(js_name = metricTable)]
pub fn metric_table(scenario: JsValue) -> Result<JsValue, JsError> {
    let table = crate::experiment::metric_table(&scenario_from_js(&scenario)?);
    to_js(&crate::metric::table_view(&table))
}

/// The engine's limits: `{max_conditions, max_seeds, max_trials,
/// max_total_trials, max_text_bytes, max_window, max_charts,
/// max_spike_window_ms, max_result_values}`.
#[wasm_bindgen]
pub fn limits() -> Result<JsValue, JsError> {
    to_js(&crate::limits::limits())
}

/// Reads a file the page opens, a scenario or a results file (the page's
/// export or `modulab run --out FILE.json`), checked whole by the engine:
/// returns `{kind: "scenario" | "results", scenario}`, the scenario as
/// written (a results file's is filled in); throws an `Error` naming the
/// first bad field otherwise. A results file's answer also has `identity`
/// (as `checkIdentity`'s): whether this engine gives its numbers.
/// `Experiment.fromResults` loads the runs.
#[wasm_bindgen(js_name = openDocument)]
pub fn open_document(text: &str) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Doc<'a> {
        kind: &'static str,
        scenario: &'a serde_json::Value,
        /// A results file's view, when it has one, cleaned as a link's.
        #[serde(skip_serializing_if = "Option::is_none")]
        view: Option<crate::share::View>,
        /// What a results file's scenario set that this engine does not
        /// read for its task, removed (they change no number).
        dropped: &'a [String],
    }
    let (doc, identity) = match crate::results::open(text).map_err(|e| JsError::new(&e))? {
        crate::results::Opened::Scenario(v, dropped) => (
            to_js(&Doc {
                kind: "scenario",
                scenario: &v,
                view: None,
                dropped: &dropped,
            })?,
            None,
        ),
        crate::results::Opened::Results(r) => (
            to_js(&Doc {
                kind: "results",
                scenario: &crate::scenario::json_value(&r.scenario),
                view: r.view.as_ref().map(|v| {
                    crate::share::View::of_results(v, &crate::experiment::metric_table(&r.scenario))
                }),
                dropped: &r.dropped,
            })?,
            Some(r.identity()),
        ),
    };
    if let Some(m) = identity {
        js_sys::Reflect::set(&doc, &JsValue::from_str("identity"), &identity_js(&m)?)
            .map_err(|_| JsError::new("the file's identity cannot be returned"))?;
    }
    Ok(doc)
}

/// Trials a scenario runs in all (conditions × seeds × trials per run, as
/// the engine counts a task's length); throws on an invalid scenario.
#[wasm_bindgen(js_name = totalTrials)]
pub fn total_trials(scenario: JsValue) -> Result<f64, JsError> {
    Ok(scenario_from_js(&scenario)?.total_trials())
}

/// What a scenario costs to simulate, in trials of the rate circuit (a
/// spiking task's model time counted at its network's size:
/// `Scenario::total_work`); throws on an invalid scenario. The page runs a
/// scenario by itself only below a budget of it.
#[wasm_bindgen(js_name = totalWork)]
pub fn total_work(scenario: JsValue) -> Result<f64, JsError> {
    Ok(scenario_from_js(&scenario)?.total_work())
}

/// A plain JS object from any serialisable value, through JSON text: one
/// serializer for everything the engine hands out (a second one, such as
/// serde-wasm-bindgen's, would instantiate every type's code again).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Pretty, as scenarios are exported: the same serializer for each type.
    let text = serde_json::to_string_pretty(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| JsError::new("the engine produced JSON the browser cannot read"))
}

/// Reads draw options (a plain object, or undefined for the defaults):
/// through JSON, so unknown options are refused, as in scenarios.
fn draw_options(options: &JsValue) -> Result<DrawOptions, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(DrawOptions::default());
    }
    let text: String = js_sys::JSON::stringify(options)
        .map_err(|_| JsError::new("draw options must be a plain object"))?
        .into();
    serde_json::from_str(&text).map_err(|e| JsError::new(&format!("draw options: {e}")))
}

/// Where a drawn chart's plot lies: maps a pointer to a trial.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ChartLayout {
    inner: chart::Layout,
}

#[wasm_bindgen]
impl ChartLayout {
    /// The trial under canvas column `x` (device pixels), or NaN outside the plot.
    #[wasm_bindgen(js_name = trialAt)]
    pub fn trial_at(&self, x: f64) -> f64 {
        self.inner.trial_at(x).map_or(f64::NAN, f64::round)
    }
}

/// What `info()` returns.
#[derive(Serialize)]
struct Info<'a> {
    name: &'a str,
    task: &'static str,
    trials: u32,
    seeds: u32,
    conditions: Vec<&'a str>,
    metrics: &'a [&'static str],
    x_axis: crate::tasks::XAxis,
}

/// A running experiment, owned by JS; call `free()` when done.
#[wasm_bindgen(js_name = Experiment)]
pub struct WasmExperiment {
    inner: Engine,
    /// Summaries of the recordings as they are now (the engine's cache):
    /// cleared when trials run or recordings arrive.
    sums: Summaries,
}

#[wasm_bindgen(js_class = Experiment)]
impl WasmExperiment {
    /// Makes every run of a scenario (JSON text or object), built at its
    /// first step or by `build()`; throws on a bad scenario.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario: JsValue) -> Result<WasmExperiment, JsError> {
        Ok(WasmExperiment {
            inner: Engine::new(scenario_from_js(&scenario)?),
            sums: Summaries::new(),
        })
    }

    /// An experiment holding the runs of a results file (its text, as the
    /// page exports it or `modulab run --out FILE.json` writes it), to
    /// draw, read and export; throws an `Error` naming the first bad field.
    /// It is for reading: its runs are not stepped further.
    #[wasm_bindgen(js_name = fromResults)]
    pub fn from_results(text: &str) -> Result<WasmExperiment, JsError> {
        let inner =
            crate::results::load(text).map_err(|e| JsError::new(&format!("results file: {e}")))?;
        Ok(WasmExperiment {
            inner,
            sums: Summaries::new(),
        })
    }

    /// The recorded metrics' descriptions, groups and charts (as
    /// `metricTable(scenario)`).
    #[wasm_bindgen(js_name = metricTable)]
    pub fn metric_table(&self) -> Result<JsValue, JsError> {
        to_js(&crate::metric::table_view(self.inner.metric_table()))
    }

    /// Builds every run's task and learner (or network) now, as the first
    /// `step` would; a benchmark calls it so that it times trials only.
    pub fn build(&mut self) {
        self.inner.build();
    }

    /// Runs up to `budget` trials in all (spread evenly over the runs);
    /// returns how many ran. Call repeatedly from an animation frame.
    pub fn step(&mut self, budget: f64) -> f64 {
        let budget = if budget.is_finite() && budget >= 1.0 {
            budget.min(1e12) as u64
        } else {
            1
        };
        self.sums.clear();
        self.inner.step(budget) as f64
    }

    /// Every trial of every run is done.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> bool {
        self.inner.is_done()
    }

    /// Fraction of all trials done, in [0, 1].
    #[wasm_bindgen(getter)]
    pub fn progress(&self) -> f64 {
        self.inner.progress()
    }

    /// Trials completed by each run.
    #[wasm_bindgen(getter, js_name = trialsDone)]
    pub fn trials_done(&self) -> u32 {
        self.inner.trials_done()
    }

    /// Names of the recorded metrics.
    pub fn metrics(&self) -> Vec<String> {
        self.inner.metrics().iter().map(|m| m.to_string()).collect()
    }

    /// `{name, task, trials, seeds, conditions, metrics, x_axis}` as a plain
    /// object; `x_axis`: `{label, name, unit, point, per_point}`, the charts'
    /// x axis (trials, or model time for the spiking network's bins).
    pub fn info(&self) -> Result<JsValue, JsError> {
        let s = self.inner.scenario();
        let info = Info {
            name: &s.name,
            task: s.task.kind(),
            trials: s.task.trials(),
            seeds: s.seeds,
            conditions: s.conditions.iter().map(|c| c.label.as_str()).collect(),
            metrics: self.inner.metrics(),
            x_axis: s.task.x_axis(),
        };
        to_js(&info)
    }

    /// Condition labels, in order.
    pub fn conditions(&self) -> Vec<String> {
        let s = self.inner.scenario();
        s.conditions.iter().map(|c| c.label.clone()).collect()
    }

    /// The validated scenario with every default filled in, as JSON.
    #[wasm_bindgen(js_name = scenarioJson)]
    pub fn scenario_json(&self) -> String {
        self.inner.scenario().to_json()
    }

    /// Mean over seeds of `metric` in condition `condition` (a copy).
    pub fn mean(&self, condition: usize, metric: &str, window: u32) -> Result<Vec<f64>, JsError> {
        let m = self.metric(metric)?;
        self.check_condition(condition)?;
        Ok(self.inner.summary(condition, m, window as usize).mean)
    }

    /// Standard error over seeds of `metric` in condition `condition` (a copy).
    pub fn sem(&self, condition: usize, metric: &str, window: u32) -> Result<Vec<f64>, JsError> {
        let m = self.metric(metric)?;
        self.check_condition(condition)?;
        Ok(self.inner.summary(condition, m, window as usize).sem)
    }

    /// One run's recorded `metric` (condition, seed index), a copy.
    pub fn series(
        &self,
        condition: usize,
        seed_index: usize,
        metric: &str,
    ) -> Result<Vec<f32>, JsError> {
        let m = self.metric(metric)?;
        self.check_condition(condition)?;
        let seeds = self.inner.scenario().seeds as usize;
        if seed_index >= seeds {
            return Err(JsError::new(&format!(
                "seed index must be below {seeds}, got {seed_index}"
            )));
        }
        let run = &self.inner.runs()[condition * seeds + seed_index];
        Ok(run.recording.series[m].points().to_vec())
    }

    /// Draws the curve of `metric` (mean over seeds with a shaded band per
    /// condition) on `canvas`, at its current pixel size; returns the
    /// chart's layout for hover. `options`: {scale, dark, window, title,
    /// band: "sem" | "ci95", cursor}.
    pub fn draw(
        &self,
        canvas: HtmlCanvasElement,
        metric: &str,
        options: JsValue,
    ) -> Result<ChartLayout, JsError> {
        let backend = MeasuredCanvas::new(canvas)
            .ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
        self.draw_on(backend, metric, &options)
    }

    /// [`WasmExperiment::draw`] on an `OffscreenCanvas`: the same chart,
    /// pixel for pixel, drawn where no page is (the worker draws the
    /// charts of a running batch, so the page's main thread neither draws
    /// nor rasterises them).
    #[wasm_bindgen(js_name = drawOffscreen)]
    pub fn draw_offscreen(
        &self,
        canvas: OffscreenCanvas,
        metric: &str,
        options: JsValue,
    ) -> Result<ChartLayout, JsError> {
        let backend = Canvas2d::offscreen(canvas)
            .ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
        self.draw_on(backend, metric, &options)
    }

    fn draw_on(
        &self,
        backend: Canvas2d,
        metric: &str,
        options: &JsValue,
    ) -> Result<ChartLayout, JsError> {
        let m = self.metric(metric)?;
        let opts = draw_options(options)?;
        // At most one point per 2 CSS pixels across the canvas: as fine as
        // the eye needs, and the band polygon stays cheap to rasterise.
        let most = (backend.get_size().0 as f64 / (2.0 * opts.scale().max(0.5))) as usize;
        let area = backend.into_drawing_area();
        let inner = figure::draw_curve(
            &area,
            &self.inner,
            &self.sums,
            m,
            &opts,
            Some(most.max(100)),
        )
        .map_err(|e| JsError::new(&e))?;
        Ok(ChartLayout { inner })
    }

    /// Each condition's mean and band of `metric` at `trial` (the last
    /// point at or before it), after the same smoothing and band as `draw`:
    /// `[{label, trial, mean, low, high}]`. `options`: {window, band}.
    #[wasm_bindgen(js_name = valueAt)]
    pub fn value_at(&self, metric: &str, trial: f64, options: JsValue) -> Result<JsValue, JsError> {
        let m = self.metric(metric)?;
        let opts = draw_options(&options)?;
        let values = figure::values_at(&self.inner, &self.sums, m, trial, &opts);
        to_js(&values)
    }

    /// The circuit diagram under condition `condition` with the tonic
    /// levels its seeds recorded at `trial` (0: the latest), as SVG text.
    #[wasm_bindgen(js_name = circuitSvg)]
    pub fn circuit_svg(&self, condition: usize, trial: f64) -> String {
        crate::diagram::CircuitView::at(&self.inner, condition, trial).svg()
    }

    /// The task records within-trial time courses (timed tasks), which
    /// `drawProfiles` charts.
    #[wasm_bindgen(getter, js_name = hasProfiles)]
    pub fn has_profiles(&self) -> bool {
        self.inner.has_profiles()
    }

    /// Draws the within-trial phasic dopamine time course (mean over seeds)
    /// as a heat map per condition: x = step, y = trial. `options`:
    /// {scale, dark, title, rows}.
    #[wasm_bindgen(js_name = drawProfiles)]
    pub fn draw_profiles(
        &self,
        canvas: HtmlCanvasElement,
        options: JsValue,
    ) -> Result<(), JsError> {
        let opts = draw_options(&options)?;
        let backend = MeasuredCanvas::new(canvas)
            .ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
        figure::draw_profiles(&backend.into_drawing_area(), &self.inner, &opts)
            .map_err(|e| JsError::new(&e))
    }

    /// Runs `first .. first + count` (condition-major) as bytes, to send
    /// from a Web Worker to the page (transfer the buffer), where
    /// `loadRecordings` reads them. `metrics`: the names to send (others
    /// keep the page's copy), or undefined for all; `profiles`: send the
    /// within-trial time courses too.
    pub fn recordings(
        &self,
        first: u32,
        count: u32,
        metrics: Option<Vec<String>>,
        profiles: bool,
    ) -> Vec<u8> {
        let send: Vec<bool> = self
            .inner
            .metrics()
            .iter()
            .map(|m| {
                metrics
                    .as_ref()
                    .is_none_or(|list| list.iter().any(|x| x == m))
            })
            .collect();
        transfer::encode(&self.inner, first as usize, count as usize, &send, profiles)
    }

    /// Number of runs (conditions × seeds).
    #[wasm_bindgen(getter, js_name = runCount)]
    pub fn run_count(&self) -> u32 {
        self.inner.runs().len() as u32
    }

    /// Reads runs a worker computed for the same scenario (bytes from
    /// `recordings()`) into this experiment.
    #[wasm_bindgen(js_name = loadRecordings)]
    pub fn load_recordings(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.sums.clear();
        transfer::decode_into(bytes, &mut self.inner)
            .map_err(|e| JsError::new(&format!("recordings: {e}")))
    }

    /// The results document of everything recorded so far (the one
    /// format of [`crate::results`]: format, engine version, the filled
    /// scenario, metric descriptions, per-run series, `trials_done` and
    /// `complete`, false for a run exported before its last trial). The
    /// page, the CLI and `<modulab-figure>` read it back. `view`, the
    /// page's view as JSON text (charts, window, band), is kept in the file
    /// for the page to restore (cleaned as a link's view is).
    #[wasm_bindgen(js_name = resultsJson)]
    pub fn results_json(&self, view: Option<String>) -> Result<String, JsError> {
        let view = match view {
            None => None,
            Some(text) => {
                let v: serde_json::Value = serde_json::from_str(&text)
                    .map_err(|e| JsError::new(&format!("view: not JSON ({e})")))?;
                let view = crate::share::View::of_results(&v, self.inner.metric_table());
                Some(crate::params::json_value(&view))
            }
        };
        crate::results::to_json_with_view(&self.inner, view.as_ref())
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// The tidy CSV of everything recorded so far, after a first comment
    /// line (`# ModuLab VERSION, model fingerprint F …`); throws, naming the
    /// size, when it would pass 500 MB ([`crate::results::csv_text`]).
    pub fn csv(&self) -> Result<String, JsError> {
        crate::results::csv_text(&self.inner, 500 << 20).map_err(|e| JsError::new(&e))
    }

    /// `{engine_version, fingerprint}` of this experiment's scenario.
    #[wasm_bindgen(js_name = identity)]
    pub fn identity_of(&self) -> Result<JsValue, JsError> {
        to_js(&crate::fingerprint::Identity::of(self.inner.scenario()))
    }

    /// Digest of every recorded value (equal to the native CLI's `digest`).
    pub fn digest(&self) -> String {
        self.inner.digest()
    }
}

/// The spiking network's live view (distal-reward scenarios only).
#[wasm_bindgen(js_class = Experiment)]
impl WasmExperiment {
    /// Spikes of one run in the last `window_ms` (≤ 2000) ms of model time,
    /// as a copy: [ms, neuron, ms, neuron, …], oldest first. Empty for a
    /// trial-based task.
    #[wasm_bindgen(js_name = recentSpikes)]
    pub fn recent_spikes(
        &self,
        condition: usize,
        seed_index: usize,
        window_ms: u32,
    ) -> Result<Vec<u32>, JsError> {
        let run = self.run(condition, seed_index)?;
        Ok(run.spiking().map_or_else(Vec::new, |sim| {
            sim.network()
                .recent_spikes(window_ms)
                .flat_map(|(t, i)| [t, i])
                .collect()
        }))
    }

    /// Extracellular dopamine of one run at each of the last `window_ms`
    /// (≤ 2000) ms, oldest first (a copy). Empty for a trial-based task.
    #[wasm_bindgen(js_name = recentDopamine)]
    pub fn recent_dopamine(
        &self,
        condition: usize,
        seed_index: usize,
        window_ms: u32,
    ) -> Result<Vec<f32>, JsError> {
        let run = self.run(condition, seed_index)?;
        Ok(run
            .spiking()
            .map_or_else(Vec::new, |sim| sim.network().recent_dopamine(window_ms)))
    }

    /// Model time of one run in ms (0 for a trial-based task).
    #[wasm_bindgen(js_name = modelTimeMs)]
    pub fn model_time_ms(&self, condition: usize, seed_index: usize) -> Result<f64, JsError> {
        let run = self.run(condition, seed_index)?;
        Ok(run
            .spiking()
            .map_or(0.0, |sim| sim.network().time_ms() as f64))
    }

    /// Dopamine pulses one run has delivered so far, counted by the engine
    /// every ms (exact at any length, unlike a sum over a downsampled
    /// series); 0 for a trial-based task.
    #[wasm_bindgen(js_name = rewardTotal)]
    pub fn reward_total(&self, condition: usize, seed_index: usize) -> Result<f64, JsError> {
        let run = self.run(condition, seed_index)?;
        Ok(run.spiking().map_or(0.0, |sim| sim.reward_total() as f64))
    }

    /// `[neurons, excitatory neurons]` of the spiking network (excitatory
    /// come first); empty for a trial-based task.
    #[wasm_bindgen(js_name = networkSize)]
    pub fn network_size(&self) -> Vec<u32> {
        // From the scenario, not a run: the page's copy of a worker's runs
        // never builds its networks.
        match crate::tasks::build(&self.inner.scenario().task) {
            crate::tasks::Built::Spiking(spec) => {
                let (n_exc, n_inh) = spec.population();
                vec![n_exc + n_inh, n_exc]
            }
            _ => Vec::new(),
        }
    }
}

impl WasmExperiment {
    fn run(&self, condition: usize, seed_index: usize) -> Result<&crate::experiment::Run, JsError> {
        self.check_condition(condition)?;
        let seeds = self.inner.scenario().seeds as usize;
        if seed_index >= seeds {
            return Err(JsError::new(&format!(
                "seed index must be below {seeds}, got {seed_index}"
            )));
        }
        Ok(&self.inner.runs()[condition * seeds + seed_index])
    }

    fn metric(&self, name: &str) -> Result<usize, JsError> {
        self.inner.metric_index(name).ok_or_else(|| {
            JsError::new(&format!(
                "unknown metric {name:?}; expected one of: {}",
                self.inner.metrics().join(", ")
            ))
        })
    }

    fn check_condition(&self, c: usize) -> Result<(), JsError> {
        let n = self.inner.scenario().conditions.len();
        if c < n {
            Ok(())
        } else {
            Err(JsError::new(&format!(
                "condition must be below {n}, got {c}"
            )))
        }
    }
}
