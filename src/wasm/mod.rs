//! The browser face: a thin wasm-bindgen layer over [`crate::experiment`].
//!
//! One JS class, `Experiment`, owns a running experiment: built from a
//! scenario (a JS object or JSON text), stepped in chunks, queried for series
//! as typed arrays, drawn onto a given canvas element, exported, freed.
//! Every input error becomes a JS `Error` carrying the validation message;
//! nothing reachable from JS panics.

use crate::chart::{self, Line, Style};
use crate::experiment::Experiment as Engine;
use crate::scenario::Scenario;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

mod canvas;
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

/// Checks a scenario without building it; throws an `Error` with every problem.
#[wasm_bindgen(js_name = validateScenario)]
pub fn validate_scenario(scenario: JsValue) -> Result<(), JsError> {
    scenario_from_js(&scenario).map(|_| ())
}

/// Every task kind with its label, description, fields (name, label, help,
/// type, min, max) and defaults: the page builds its controls from this.
#[wasm_bindgen(js_name = taskSchema)]
pub fn task_schema() -> Result<JsValue, JsError> {
    let all = crate::scenario::descriptions();
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    all.serialize(&ser)
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The manipulation fields of a condition (per modulator gain, tone offset,
/// clamp, release, reuptake; receptor agonists/antagonists; drugs; lesions;
/// age; from_trial), in the same format as `taskSchema()`'s fields; dotted
/// names address nested objects (`dopamine.gain`).
#[wasm_bindgen(js_name = conditionSchema)]
pub fn condition_schema() -> Result<JsValue, JsError> {
    let fields = crate::scenario::condition_fields();
    let defaults = serde_json::to_value(crate::scenario::Condition::default())
        .map_err(|e| JsError::new(&e.to_string()))?;
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    serde_json::json!({ "fields": fields, "defaults": defaults })
        .serialize(&ser)
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The model's fields (learning rate, inverse temperature, actor, …) and defaults.
#[wasm_bindgen(js_name = modelSchema)]
pub fn model_schema() -> Result<JsValue, JsError> {
    let defaults = serde_json::to_value(crate::scenario::ModelSpec::default())
        .map_err(|e| JsError::new(&e.to_string()))?;
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    serde_json::json!({ "fields": crate::scenario::ModelSpec::FIELDS, "defaults": defaults })
        .serialize(&ser)
        .map_err(|e| JsError::new(&e.to_string()))
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
}

#[wasm_bindgen(js_class = Experiment)]
impl WasmExperiment {
    /// Builds every run of a scenario (JSON text or object); throws on a bad one.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario: JsValue) -> Result<WasmExperiment, JsError> {
        Ok(WasmExperiment {
            inner: Engine::new(scenario_from_js(&scenario)?),
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
        serde_wasm_bindgen::to_value(&info).map_err(|e| JsError::new(&e.to_string()))
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

    /// Draws the learning curve of `metric` (mean ± SEM per condition) on
    /// `canvas`, at its current pixel size. `options`: {scale, dark, window, title}.
    pub fn draw(
        &self,
        canvas: HtmlCanvasElement,
        metric: &str,
        options: JsValue,
    ) -> Result<(), JsError> {
        let m = self.metric(metric)?;
        let opts: DrawOptions = if options.is_undefined() || options.is_null() {
            DrawOptions::default()
        } else {
            // Through JSON so unknown options are refused, as in scenarios.
            let text: String = js_sys::JSON::stringify(&options)
                .map_err(|_| JsError::new("draw options must be a plain object"))?
                .into();
            serde_json::from_str(&text).map_err(|e| JsError::new(&format!("draw options: {e}")))?
        };
        let window = opts.window.unwrap_or(1).clamp(1, 10_000) as usize;
        let scenario = self.inner.scenario();
        let bands: Vec<_> = (0..scenario.conditions.len())
            .map(|c| self.inner.summary(c, m, window))
            .collect();
        let lines: Vec<Line<'_>> = scenario
            .conditions
            .iter()
            .zip(&bands)
            .map(|(c, band)| Line {
                label: &c.label,
                band,
            })
            .collect();
        let axis = chart::axis_for(metric);
        let style = Style {
            scale: opts.scale.filter(|s| s.is_finite()).unwrap_or(1.0),
            dark: opts.dark,
            title: opts.title.unwrap_or_else(|| scenario.name.clone()),
            y_label: axis.label,
            y_range: axis.range,
        };
        let backend = MeasuredCanvas::new(canvas)
            .ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
        chart::draw_lines(&backend.into_drawing_area(), &lines, &style)
            .map_err(|e| JsError::new(&e))
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
