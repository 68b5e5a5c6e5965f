//! The browser face: a thin wasm-bindgen layer over [`crate::experiment`].
//!
//! One JS class, `Experiment`, owns a running experiment: built from a
//! scenario (a JS object or JSON text), stepped in chunks, queried for series
//! as typed arrays, drawn onto a given canvas element, exported, freed.
//! Every input error becomes a JS `Error` carrying the validation message;
//! nothing reachable from JS panics.

use crate::chart::{self, Heat, Style};
use crate::experiment::Experiment as Engine;
use crate::record::Band;
use crate::scenario::Scenario;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

mod canvas;
mod transfer;
use canvas::MeasuredCanvas;

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

/// Checks a scenario without building it; throws an `Error` with every problem.
#[wasm_bindgen(js_name = validateScenario)]
pub fn validate_scenario(scenario: JsValue) -> Result<(), JsError> {
    scenario_from_js(&scenario).map(|_| ())
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
    Ok(out.into())
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

/// How a recorded metric is charted: `{label, group, range}`, where
/// `label` names the quantity with its unit and `group` is the page's chart
/// for it (`behaviour`, `modulator`, `plasticity`, `weights`, `task`).
#[wasm_bindgen(js_name = metricAxis)]
pub fn metric_axis(metric: &str) -> Result<JsValue, JsError> {
    let a = chart::axis_for(metric);
    #[derive(Serialize)]
    struct AxisJs {
        label: String,
        group: &'static str,
        range: Option<(f64, f64)>,
    }
    to_js(&AxisJs {
        label: a.label,
        group: a.group,
        range: a.range,
    })
}

/// A plain JS object from any serialisable value, through JSON text: one
/// serializer for everything the engine hands out (a second one, such as
/// serde-wasm-bindgen's, would instantiate every type's code again).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| JsError::new("the engine produced JSON the browser cannot read"))
}

/// How `draw` renders a chart (all optional).
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct DrawOptions {
    /// Device pixels per CSS pixel (window.devicePixelRatio).
    scale: Option<f64>,
    /// Dark background.
    dark: bool,
    /// Moving-average window in trials.
    window: Option<u32>,
    /// Chart title; defaults to the scenario's name.
    title: Option<String>,
    /// The shaded band: `"sem"` (± 1 SEM, the default) or `"ci95"`
    /// (95 % confidence interval of the mean, ± t(n−1)·SEM).
    band: Option<String>,
    /// Trial at which to draw a hover cursor.
    cursor: Option<f64>,
    /// Most rows of a heat map (trial bins).
    rows: Option<u32>,
}

impl DrawOptions {
    fn parse(options: &JsValue) -> Result<DrawOptions, JsError> {
        if options.is_undefined() || options.is_null() {
            return Ok(DrawOptions::default());
        }
        // Through JSON so unknown options are refused, as in scenarios.
        let text: String = js_sys::JSON::stringify(options)
            .map_err(|_| JsError::new("draw options must be a plain object"))?
            .into();
        serde_json::from_str(&text).map_err(|e| JsError::new(&format!("draw options: {e}")))
    }

    fn window(&self) -> usize {
        self.window.unwrap_or(1).clamp(1, 10_000) as usize
    }

    fn scale(&self) -> f64 {
        self.scale.filter(|s| s.is_finite()).unwrap_or(1.0)
    }

    /// The band's multiple of the SEM and its legend label.
    fn band(&self, seeds: u32) -> Result<(f64, String), JsError> {
        match self.band.as_deref() {
            None | Some("sem") => Ok((1.0, "band: ± 1 SEM".to_string())),
            Some("ci95") => Ok((
                chart::t_975(seeds.saturating_sub(1) as usize),
                format!("band: 95 % CI of the mean (t, n = {seeds})"),
            )),
            Some(other) => Err(JsError::new(&format!(
                "draw options: band must be \"sem\" or \"ci95\", got {other:?}"
            ))),
        }
    }
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

/// One condition's value at a trial, as `valueAt` returns it.
#[derive(Serialize)]
struct ValueAt<'a> {
    label: &'a str,
    trial: f64,
    mean: f64,
    low: f64,
    high: f64,
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
}

/// A running experiment, owned by JS; call `free()` when done.
#[wasm_bindgen(js_name = Experiment)]
pub struct WasmExperiment {
    inner: Engine,
    /// Summaries of the recordings as they are now, by (metric, window,
    /// band factor): a chart's draw, its readout and every hover read the
    /// same numbers, so they are computed once. Cleared when trials run or
    /// recordings arrive.
    bands_cache: RefCell<Vec<(BandsKey, Rc<Vec<Band>>)>>,
}

/// (metric index, smoothing window, band factor's bits).
type BandsKey = (usize, usize, u64);

/// Summaries kept at once: one per chart on the page, and a few more.
const BANDS_CACHE: usize = 8;

#[wasm_bindgen(js_class = Experiment)]
impl WasmExperiment {
    /// Builds every run of a scenario (JSON text or object); throws on a bad one.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario: JsValue) -> Result<WasmExperiment, JsError> {
        Ok(WasmExperiment {
            inner: Engine::new(scenario_from_js(&scenario)?),
            bands_cache: RefCell::new(Vec::new()),
        })
    }

    /// Runs up to `budget` trials in all (spread evenly over the runs);
    /// returns how many ran. Call repeatedly from an animation frame.
    pub fn step(&mut self, budget: f64) -> f64 {
        let budget = if budget.is_finite() && budget >= 1.0 {
            budget.min(1e12) as u64
        } else {
            1
        };
        self.bands_cache.borrow_mut().clear();
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

    /// `{name, task, trials, seeds, conditions, metrics}` as a plain object.
    pub fn info(&self) -> Result<JsValue, JsError> {
        let s = self.inner.scenario();
        let info = Info {
            name: &s.name,
            task: s.task.kind(),
            trials: s.task.trials(),
            seeds: s.seeds,
            conditions: s.conditions.iter().map(|c| c.label.as_str()).collect(),
            metrics: self.inner.metrics(),
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
        let m = self.metric(metric)?;
        let opts = DrawOptions::parse(&options)?;
        let scenario = self.inner.scenario();
        let (k, band_label) = opts.band(scenario.seeds)?;
        // At most one point per 2 CSS pixels across the canvas: as fine as
        // the eye needs, and the band polygon stays cheap to rasterise.
        let most = (canvas.width() as f64 / (2.0 * opts.scale().max(0.5))) as usize;
        let most = most.max(100);
        let bands: Vec<Band> = self
            .bands(m, opts.window(), k)
            .iter()
            .map(|b| chart::thin(b, most))
            .collect();
        let lines = chart::condition_lines(scenario, &bands);
        let axis = chart::axis_for(metric);
        let style = Style {
            scale: opts.scale(),
            dark: opts.dark,
            title: opts.title.clone().unwrap_or_else(|| scenario.name.clone()),
            y_label: axis.label,
            y_range: axis.range,
            band_label,
            cursor: opts.cursor.filter(|c| c.is_finite()),
        };
        let backend = MeasuredCanvas::new(canvas)
            .ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
        let inner = chart::draw_lines(&backend.into_drawing_area(), &lines, &style)
            .map_err(|e| JsError::new(&e))?;
        Ok(ChartLayout { inner })
    }

    /// Each condition's mean and band of `metric` at `trial` (the last
    /// point at or before it), after the same smoothing and band as `draw`:
    /// `[{label, trial, mean, low, high}]`. `options`: {window, band}.
    #[wasm_bindgen(js_name = valueAt)]
    pub fn value_at(&self, metric: &str, trial: f64, options: JsValue) -> Result<JsValue, JsError> {
        let m = self.metric(metric)?;
        let opts = DrawOptions::parse(&options)?;
        let scenario = self.inner.scenario();
        let (k, _) = opts.band(scenario.seeds)?;
        let bands = self.bands(m, opts.window(), k);
        let values: Vec<ValueAt<'_>> = scenario
            .conditions
            .iter()
            .zip(bands.iter())
            .filter_map(|(c, b)| {
                let i = b.trial.iter().rposition(|x| *x <= trial)?;
                Some(ValueAt {
                    label: &c.label,
                    trial: b.trial[i],
                    mean: b.mean[i],
                    low: b.mean[i] - b.sem[i],
                    high: b.mean[i] + b.sem[i],
                })
            })
            .collect();
        to_js(&values)
    }

    /// The task records within-trial time courses (timed tasks), which
    /// `drawProfiles` charts.
    #[wasm_bindgen(getter, js_name = hasProfiles)]
    pub fn has_profiles(&self) -> bool {
        self.inner
            .runs()
            .iter()
            .any(|r| !r.recording.dopamine_profiles.kept().is_empty())
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
        let opts = DrawOptions::parse(&options)?;
        let scenario = self.inner.scenario();
        let rows = opts.rows.unwrap_or(100).clamp(2, 2000) as usize;
        let panels: Vec<Heat<'_>> = scenario
            .conditions
            .iter()
            .enumerate()
            .map(|(c, cond)| {
                let (trials, rows) = self.profile_rows(c, rows);
                Heat {
                    label: &cond.label,
                    trials,
                    rows,
                }
            })
            .collect();
        let style = Style {
            scale: opts.scale(),
            dark: opts.dark,
            title: opts
                .title
                .clone()
                .unwrap_or_else(|| "Within-trial dopamine".to_string()),
            y_label: "phasic dopamine, mean over seeds".to_string(),
            ..Style::default()
        };
        let backend = MeasuredCanvas::new(canvas)
            .ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
        chart::draw_heatmap(&backend.into_drawing_area(), &panels, &style)
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
        self.bands_cache.borrow_mut().clear();
        transfer::decode_into(bytes, &mut self.inner)
            .map_err(|e| JsError::new(&format!("recordings: {e}")))
    }

    /// The scenario and every recorded series as JSON:
    /// `{"scenario": {...}, "metrics": [...], "runs": [{condition, seed,
    /// trials_per_point, series: {metric: [...]}}], "trials_done": n,
    /// "complete": bool}`; `complete` is false for a run exported before its
    /// last trial (partial). The page and the CLI read the scenario back
    /// from it.
    #[wasm_bindgen(js_name = resultsJson)]
    pub fn results_json(&self) -> Result<String, JsError> {
        let scenario = self.inner.scenario();
        let metrics = self.inner.metrics();
        let runs: Vec<serde_json::Value> = self
            .inner
            .runs()
            .iter()
            .map(|r| {
                let series: serde_json::Map<String, serde_json::Value> = metrics
                    .iter()
                    .zip(&r.recording.series)
                    .map(|(m, s)| (m.to_string(), serde_json::json!(s.points())))
                    .collect();
                serde_json::json!({
                    "condition": scenario.conditions[r.condition].label,
                    "seed": r.seed,
                    "trials_per_point": r.recording.series.first().map_or(1, |s| s.stride()),
                    "series": series,
                })
            })
            .collect();
        let doc = serde_json::json!({
            "modulab": "results",
            "version": 1,
            "scenario": crate::scenario::json_value(scenario),
            "trials_done": self.inner.trials_done(),
            // false: the run was paused or cancelled before its last trial.
            "complete": self.inner.is_done(),
            "metrics": metrics,
            "runs": runs,
        });
        serde_json::to_string(&doc).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The tidy CSV of everything recorded so far.
    pub fn csv(&self) -> Result<String, JsError> {
        let mut buf = Vec::new();
        self.inner
            .write_csv(&mut buf)
            .map_err(|e| JsError::new(&e.to_string()))?;
        String::from_utf8(buf).map_err(|e| JsError::new(&e.to_string()))
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

    /// `[neurons, excitatory neurons]` of the spiking network (excitatory
    /// come first); empty for a trial-based task.
    #[wasm_bindgen(js_name = networkSize)]
    pub fn network_size(&self) -> Vec<u32> {
        self.inner
            .runs()
            .first()
            .and_then(|r| r.spiking())
            .map_or_else(Vec::new, |sim| {
                let n = sim.network();
                vec![n.len() as u32, n.n_exc() as u32]
            })
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

    /// Each condition's band of metric `m`, half-width `k`·SEM.
    fn bands(&self, m: usize, window: usize, k: f64) -> Rc<Vec<Band>> {
        let key = (m, window, k.to_bits());
        if let Some((_, b)) = self.bands_cache.borrow().iter().find(|(x, _)| *x == key) {
            return Rc::clone(b);
        }
        let bands: Rc<Vec<Band>> = Rc::new(
            (0..self.inner.scenario().conditions.len())
                .map(|c| {
                    let mut b = self.inner.summary(c, m, window);
                    b.sem.iter_mut().for_each(|e| *e *= k);
                    b
                })
                .collect(),
        );
        let mut cache = self.bands_cache.borrow_mut();
        if cache.len() == BANDS_CACHE {
            cache.remove(0);
        }
        cache.push((key, Rc::clone(&bands)));
        bands
    }

    /// Mean over seeds of condition `c`'s kept dopamine profiles, binned to
    /// at most `max_rows` rows: (first trial of each row, row values).
    fn profile_rows(&self, c: usize, max_rows: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
        let runs: Vec<_> = self
            .inner
            .runs()
            .iter()
            .filter(|r| r.condition == c)
            .collect();
        let Some(first) = runs.first() else {
            return (Vec::new(), Vec::new());
        };
        let kept = first.recording.dopamine_profiles.kept();
        let per_row = kept.len().div_ceil(max_rows).max(1);
        let mut trials = Vec::new();
        let mut rows = Vec::new();
        for chunk in kept.chunks(per_row) {
            // Trials may differ in length between seeds: rows grow to the longest.
            let mut sum: Vec<f64> = Vec::new();
            let mut n: Vec<u32> = Vec::new();
            for (trial, _) in chunk {
                for r in &runs {
                    if let Some(p) = r.recording.dopamine_profiles.get(*trial) {
                        if p.len() > sum.len() {
                            sum.resize(p.len(), 0.0);
                            n.resize(p.len(), 0);
                        }
                        for (k, v) in p.iter().enumerate() {
                            sum[k] += *v as f64;
                            n[k] += 1;
                        }
                    }
                }
            }
            trials.push(chunk[0].0 as f64);
            rows.push(
                sum.iter()
                    .zip(&n)
                    .map(|(s, n)| if *n > 0 { s / *n as f64 } else { 0.0 })
                    .collect(),
            );
        }
        (trials, rows)
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
