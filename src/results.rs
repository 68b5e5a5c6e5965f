//! The one results format: what the page exports, what `modulab run --out
//! FILE.json` writes, what `<modulab-figure>` and `modulab figure` read back
//! and what the tests compare. A results file is one JSON object:
//!
//! ```json
//! {
//!   "format": "modulab-results", "version": 1, "engine_version": "0.1.0",
//!   "fingerprint": "9b0c5a6f3e2d1c4b",
//!   "scenario": { "...": "the scenario with every default filled in" },
//!   "metrics": [ { "name": "reward", "label": "reward per trial", "unit": "", "...": "..." } ],
//!   "runs": [
//!     { "condition": "control", "seed": 0, "trials_done": 300,
//!       "series": { "reward": { "stride": 1, "points": [1, 0, 1] } } }
//!   ],
//!   "trials_done": 300, "complete": true
//! }
//! ```
//!
//! `metrics` holds the descriptions of [`crate::metric`] in recording order;
//! each run's `series` holds every metric: `points[i]` is the mean of trials
//! `i·stride + 1 … (i+1)·stride` (a run's record keeps at most
//! [`crate::record::DEFAULT_MAX_POINTS`] points and averages pairs beyond).
//! `complete` is false for a run exported before its last trial, and
//! `trials_done` then says how far it got. The CLI adds a `summary`
//! (final means, trials to criterion); the page adds the `view` it showed
//! the runs in (charts, smoothing window, band: an object the page's
//! link state cleans, `share::View`), which it restores on opening the file. Reading checks every field and names
//! the first bad one (`runs[2].series.correct.stride: missing`); the runs
//! load back into an [`Experiment`] whose digest equals the original's.
//!
//! `fingerprint` (added in engine 0.1.0 within version 1; files without it
//! still read) is the model fingerprint of [`crate::fingerprint`]:
//! [`Results::identity`] says whether this engine gives identical numbers.

use crate::experiment::{Experiment, Run};
use crate::limits::MAX_RESULT_VALUES;
use crate::metric::Metric;
use crate::params::json_value;
use crate::record::{Recording, Series, DEFAULT_MAX_POINTS};
use crate::scenario::{Scenario, ScenarioError};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;
use std::io::{self, Write};

/// The `format` field of every results file.
pub const FORMAT: &str = "modulab-results";
/// The version of the format this engine writes and reads.
pub const VERSION: u64 = 1;
/// The engine's version, written into every results file.
pub use crate::fingerprint::ENGINE_VERSION;
use crate::fingerprint::{Identity, Match};

/// Why a results file cannot be read.
#[derive(Clone, Debug, PartialEq)]
pub enum ResultsError {
    /// A field is missing or wrong: its path and what was expected.
    Field {
        /// Dotted path with indices (`runs[2].series.correct.stride`).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The embedded scenario is invalid.
    Scenario(ScenarioError),
}

impl fmt::Display for ResultsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResultsError::Field { path, message } if path.is_empty() => write!(f, "{message}"),
            ResultsError::Field { path, message } => write!(f, "{path}: {message}"),
            ResultsError::Scenario(e) => {
                let lines: Vec<String> = e.errors.iter().map(|x| format!("scenario.{x}")).collect();
                write!(f, "{}", lines.join("\n"))
            }
        }
    }
}

impl std::error::Error for ResultsError {}

fn bad(path: impl Into<String>, message: impl Into<String>) -> ResultsError {
    ResultsError::Field {
        path: path.into(),
        message: message.into(),
    }
}

/// The scenario of a results document, if `doc` is one (`format` names
/// this format): how the CLI and the page re-run a results file.
pub fn scenario_in(doc: &Value) -> Option<&Value> {
    let obj = doc.as_object()?;
    (obj.get("format")?.as_str()? == FORMAT)
        .then(|| obj.get("scenario"))
        .flatten()
}

/// Whether a document means to be a results file: it has a `format` key,
/// which no scenario has. Such a document is read as results, so a broken
/// one is told what is wrong with it as results (`scenario: missing`), not
/// as a scenario (`format: unknown field`).
pub fn claims_results(doc: &Value) -> bool {
    doc.as_object().is_some_and(|o| o.contains_key("format"))
}

/// What a JSON file the page or the CLI opens turns out to be.
#[derive(Clone, Debug)]
pub enum Opened {
    /// A scenario, validated, as written (defaults not filled in), without
    /// the settings an earlier version accepted that change nothing for its
    /// task, which the second part names ([`Scenario::recover`]).
    Scenario(Value, Vec<String>),
    /// A results file, read and checked.
    Results(Box<Results>),
}

/// Reads a file that is either a scenario or a results document (told
/// apart by the results' `format` field) and checks it whole.
pub fn open(text: &str) -> Result<Opened, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON ({e})"))?;
    if claims_results(&doc) {
        return from_value(&doc)
            .map(|r| Opened::Results(Box::new(r)))
            .map_err(|e| format!("results file: {e}"));
    }
    // Checked as text: the scenario's own size limit applies.
    match Scenario::from_json(text) {
        Ok(_) => Ok(Opened::Scenario(doc, Vec::new())),
        Err(e) => match Scenario::recover(doc) {
            Ok(read) if !read.dropped.is_empty() => Ok(Opened::Scenario(read.json, read.dropped)),
            _ => Err(e.to_string()),
        },
    }
}

/// The first line of a CSV export: a comment (`#`) with the engine version
/// and the model fingerprint (read CSVs with `comment="#"` in pandas,
/// `comment.char = "#"` in R).
pub fn csv_comment(scenario: &Scenario) -> String {
    let id = Identity::of(scenario);
    format!(
        "# ModuLab {}, model fingerprint {} (the same fingerprint gives identical numbers)\n",
        id.engine_version, id.fingerprint
    )
}

/// The CSV export of `exp` as text, its comment line first, refused once it
/// would pass `max_bytes`: a browser holds a string of at most about 2²⁹
/// characters (V8), and a page that tried more would abort the engine. The
/// error names the size and the ways that have no such limit.
pub fn csv_text(exp: &Experiment, max_bytes: usize) -> Result<String, String> {
    /// A buffer that refuses to grow past its cap.
    struct Capped(Vec<u8>, usize);
    impl Write for Capped {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            if self.0.len() + b.len() > self.1 {
                return Err(io::Error::other("over the cap"));
            }
            self.0.extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut buf = Capped(csv_comment(exp.scenario()).into_bytes(), max_bytes);
    if exp.write_csv(&mut buf).is_err() {
        return Err(format!(
            "the CSV of this run would be over {} MB, more than a browser can hand over as one file: download the results JSON instead (`modulab run RESULTS.json --out FILE.csv` writes its CSV), or fewer seeds or trials",
            max_bytes >> 20
        ));
    }
    String::from_utf8(buf.0).map_err(|e| e.to_string())
}

/// Writes a results document piece by piece, a run at a time, so a long
/// batch never holds more than one run (`modulab run` streams with it; the
/// page's export writes a whole experiment through [`to_json`]).
pub struct Writer<W: Write> {
    w: W,
    runs: usize,
    names: Vec<&'static str>,
    /// The view to write at the end, as JSON.
    view: Option<String>,
}

impl<W: Write> Writer<W> {
    /// Writes the head: format, versions, the filled scenario and the metrics.
    pub fn start(mut w: W, scenario: &Scenario, table: &[Metric]) -> io::Result<Self> {
        let fingerprint = crate::fingerprint::fingerprint(scenario);
        // Through a JSON value: the scenario's serializer is the one its
        // pretty export uses (a compact one would double its wasm code).
        let scenario = serde_json::to_string(&json_value(scenario)).map_err(io::Error::other)?;
        let metrics = serde_json::to_string(&json_value(&table)).map_err(io::Error::other)?;
        write!(
            w,
            "{{\"format\": \"{FORMAT}\", \"version\": {VERSION}, \"engine_version\": \"{ENGINE_VERSION}\", \"fingerprint\": \"{fingerprint}\",\n\
             \"scenario\": {scenario},\n\"metrics\": {metrics},\n\"runs\": ["
        )?;
        Ok(Writer {
            w,
            runs: 0,
            names: table.iter().map(|m| m.name).collect(),
            view: None,
        })
    }

    /// Keeps `view` to write with the file's end (the page's charts).
    pub fn view(&mut self, view: &Value) -> io::Result<()> {
        self.view = Some(serde_json::to_string(view).map_err(io::Error::other)?);
        Ok(())
    }

    /// Appends one run: its condition's label, seed, trials done and every
    /// series of its recording.
    pub fn run(
        &mut self,
        condition: &str,
        seed: u64,
        trials_done: u32,
        recording: &Recording,
    ) -> io::Result<()> {
        let entry = RunEntry {
            condition,
            seed,
            trials_done,
            series: SeriesMap {
                names: &self.names,
                series: &recording.series,
            },
        };
        self.w
            .write_all(if self.runs == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut self.w, &entry).map_err(io::Error::other)?;
        self.runs += 1;
        Ok(())
    }

    /// Writes the tail (trials done by every run, completeness and an
    /// optional summary) and hands the writer back.
    pub fn finish(
        mut self,
        trials_done: u32,
        complete: bool,
        summary: Option<&Value>,
    ) -> io::Result<W> {
        write!(
            self.w,
            "\n],\n\"trials_done\": {trials_done},\n\"complete\": {complete}"
        )?;
        if let Some(s) = summary {
            let text = serde_json::to_string_pretty(s).map_err(io::Error::other)?;
            write!(self.w, ",\n\"summary\": {text}")?;
        }
        if let Some(v) = &self.view {
            write!(self.w, ",\n\"view\": {v}")?;
        }
        self.w.write_all(b"\n}\n")?;
        Ok(self.w)
    }
}

#[derive(Serialize)]
struct RunEntry<'a> {
    condition: &'a str,
    seed: u64,
    trials_done: u32,
    series: SeriesMap<'a>,
}

/// `{metric: {stride, points}}` in recording order.
struct SeriesMap<'a> {
    names: &'a [&'static str],
    series: &'a [Series],
}

#[derive(Serialize)]
struct SeriesEntry<'a> {
    stride: u64,
    points: &'a [f32],
}

impl Serialize for SeriesMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.names.len()))?;
        for (name, series) in self.names.iter().zip(self.series) {
            map.serialize_entry(
                name,
                &SeriesEntry {
                    stride: series.stride(),
                    points: series.points(),
                },
            )?;
        }
        map.end()
    }
}

/// Writes one run of an experiment (or a streamed [`Run`]).
fn write_run<W: Write>(out: &mut Writer<W>, exp: &Experiment, run: &Run) -> io::Result<()> {
    let label = &exp.scenario().conditions[run.condition].label;
    out.run(label, run.seed, run.trials_done(), &run.recording)
}

/// Writes the results document of everything `exp` has recorded so far.
pub fn write(exp: &Experiment, w: impl Write) -> io::Result<()> {
    write_with_view(exp, None, w)
}

/// [`write`], with the `view` the runs were shown in.
pub fn write_with_view(exp: &Experiment, view: Option<&Value>, w: impl Write) -> io::Result<()> {
    let mut out = Writer::start(w, exp.scenario(), exp.metric_table())?;
    if let Some(v) = view {
        out.view(v)?;
    }
    for run in exp.runs() {
        write_run(&mut out, exp, run)?;
    }
    out.finish(exp.trials_done(), exp.is_done(), None)?;
    Ok(())
}

/// The results document of everything `exp` has recorded so far, as text.
pub fn to_json(exp: &Experiment) -> Result<String, ResultsError> {
    to_json_with_view(exp, None)
}

/// [`to_json`], with the `view` the runs were shown in.
pub fn to_json_with_view(exp: &Experiment, view: Option<&Value>) -> Result<String, ResultsError> {
    let mut buf = Vec::new();
    write_with_view(exp, view, &mut buf).map_err(|e| bad("", format!("writing results: {e}")))?;
    String::from_utf8(buf).map_err(|e| bad("", format!("writing results: {e}")))
}

/// A results file read and checked.
#[derive(Clone, Debug)]
pub struct Results {
    /// The engine version that wrote it.
    pub engine_version: String,
    /// The model fingerprint it was written with ([`crate::fingerprint`]);
    /// `None` in files written before fingerprints.
    pub fingerprint: Option<String>,
    /// The scenario, validated.
    pub scenario: Scenario,
    /// Every run finished all its trials.
    pub complete: bool,
    /// Trials done by every run.
    pub trials_done: u32,
    /// The recorded metrics' names, in recording order.
    pub metrics: Vec<String>,
    /// The runs, condition-major then seed, as in [`Experiment::runs`].
    pub runs: Vec<RunResults>,
    /// The CLI's summary, if the file has one.
    pub summary: Option<Value>,
    /// The view the page showed the runs in, if the file has one (an
    /// object; the page cleans it as a link's view, `share::View::clean`).
    pub view: Option<Value>,
    /// Fields its scenario set that this engine does not read for its task,
    /// removed ([`Scenario::recover`]): they change no number.
    pub dropped: Vec<String>,
    /// The scenario as written, removed fields included, when any was
    /// removed: the one its fingerprint was computed from.
    as_written: Option<Scenario>,
}

/// One run of a results file.
#[derive(Clone, Debug)]
pub struct RunResults {
    /// The condition's label.
    pub condition: String,
    /// The seed.
    pub seed: u64,
    /// Trials the run completed.
    pub trials_done: u32,
    /// One series per metric, in [`Results::metrics`] order.
    pub series: Vec<Series>,
}

fn field<'a>(
    obj: &'a Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<&'a Value, ResultsError> {
    obj.get(key).ok_or_else(|| bad(join(path, key), "missing"))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>, ResultsError> {
    v.as_object()
        .ok_or_else(|| bad(path, format!("must be an object, got {}", kind(v))))
}

fn array<'a>(v: &'a Value, path: &str) -> Result<&'a Vec<Value>, ResultsError> {
    v.as_array()
        .ok_or_else(|| bad(path, format!("must be an array, got {}", kind(v))))
}

fn whole(v: &Value, path: &str, max: u64) -> Result<u64, ResultsError> {
    v.as_u64().filter(|n| *n <= max).ok_or_else(|| {
        bad(
            path,
            format!("must be a whole number within [0, {max}], got {v}"),
        )
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Fields a results document may have.
const FIELDS: &[&str] = &[
    "format",
    "version",
    "engine_version",
    "fingerprint",
    "scenario",
    "metrics",
    "runs",
    "trials_done",
    "complete",
    "summary",
    "view",
];

/// Reads and checks a results document; the first problem is named by its
/// path (`runs[0].series.reward.points[3]: must be a number, got a string`).
pub fn from_json(text: &str) -> Result<Results, ResultsError> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| bad("", format!("a results file must be JSON ({e})")))?;
    from_value(&doc)
}

/// [`from_json`] on parsed JSON.
pub fn from_value(doc: &Value) -> Result<Results, ResultsError> {
    let root = object(doc, "").map_err(|_| bad("", "a results file must be a JSON object"))?;
    if let Some(k) = root.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(bad(
            k.as_str(),
            format!("unknown field; expected one of: {}", FIELDS.join(", ")),
        ));
    }
    let format = field(root, "", "format").map_err(|_| {
        bad(
            "format",
            format!("missing: not a ModuLab results file (\"format\": \"{FORMAT}\")"),
        )
    })?;
    if format.as_str() != Some(FORMAT) {
        return Err(bad("format", format!("must be \"{FORMAT}\", got {format}")));
    }
    let version = field(root, "", "version")?;
    if version.as_u64() != Some(VERSION) {
        return Err(bad(
            "version",
            format!("this engine reads version {VERSION}, got {version}"),
        ));
    }
    let engine_version = field(root, "", "engine_version")?
        .as_str()
        .ok_or_else(|| bad("engine_version", "must be a string"))?
        .to_string();
    let fingerprint = match root.get("fingerprint") {
        None => None,
        Some(Value::String(f)) if f.len() <= 64 => Some(f.clone()),
        Some(_) => {
            return Err(bad(
                "fingerprint",
                "must be a string of at most 64 characters",
            ))
        }
    };
    let scenario_json = field(root, "", "scenario")?;
    object(scenario_json, "scenario")?;
    let read = Scenario::recover(scenario_json.clone()).map_err(ResultsError::Scenario)?;
    let (scenario, dropped, as_written) = (read.scenario, read.dropped, read.as_written);
    let trials = u64::from(scenario.task.trials());
    let complete = field(root, "", "complete")?
        .as_bool()
        .ok_or_else(|| bad("complete", "must be true or false"))?;
    let trials_done = whole(field(root, "", "trials_done")?, "trials_done", trials)? as u32;
    let expected = crate::experiment::metric_names(&scenario);
    // Each metric's declared range (probabilities, flags, shares): the
    // engine records nothing outside it, so a point outside is not its.
    let table = crate::experiment::metric_table(&scenario);
    let range_of = |name: &str| crate::metric::find(&table, name).and_then(|m| m.range);
    let listed = array(field(root, "", "metrics")?, "metrics")?;
    let mut metrics = Vec::new();
    for (i, m) in listed.iter().enumerate() {
        let path = format!("metrics[{i}]");
        let name = match m {
            Value::String(s) => s.as_str(),
            Value::Object(o) => field(o, &path, "name")?
                .as_str()
                .ok_or_else(|| bad(format!("{path}.name"), "must be a string"))?,
            other => {
                return Err(bad(
                    path,
                    format!("must be a metric's description, got {}", kind(other)),
                ))
            }
        };
        metrics.push(name.to_string());
    }
    if metrics != expected {
        return Err(bad(
            "metrics",
            format!(
                "the scenario records {}; the file lists {}",
                expected.join(", "),
                metrics.join(", ")
            ),
        ));
    }
    let runs_json = array(field(root, "", "runs")?, "runs")?;
    let seeds: Vec<u64> = scenario.seed_list().collect();
    let n_runs = scenario.conditions.len() * seeds.len();
    if runs_json.len() != n_runs {
        return Err(bad(
            "runs",
            format!(
                "the scenario has {n_runs} runs ({} condition(s) × {} seed(s)), the file {}",
                scenario.conditions.len(),
                seeds.len(),
                runs_json.len()
            ),
        ));
    }
    let mut values = 0usize;
    let mut runs = Vec::with_capacity(n_runs);
    for (i, r) in runs_json.iter().enumerate() {
        let path = format!("runs[{i}]");
        let run = object(r, &path)?;
        if let Some(k) = run
            .keys()
            .find(|k| !["condition", "seed", "trials_done", "series"].contains(&k.as_str()))
        {
            return Err(bad(
                format!("{path}.{k}"),
                "unknown field; expected condition, seed, trials_done, series",
            ));
        }
        let label = &scenario.conditions[i / seeds.len()].label;
        let condition = field(run, &path, "condition")?;
        if condition.as_str() != Some(label.as_str()) {
            return Err(bad(
                format!("{path}.condition"),
                format!("runs are condition-major: expected {label:?}, got {condition}"),
            ));
        }
        let seed = field(run, &path, "seed")?;
        let want = seeds[i % seeds.len()];
        if seed.as_u64() != Some(want) {
            return Err(bad(
                format!("{path}.seed"),
                format!("expected {want}, got {seed}"),
            ));
        }
        let run_done = whole(
            field(run, &path, "trials_done")?,
            &format!("{path}.trials_done"),
            trials,
        )?;
        let series_path = format!("{path}.series");
        let series_json = object(field(run, &path, "series")?, &series_path)?;
        if let Some(k) = series_json.keys().find(|k| !expected.contains(&k.as_str())) {
            return Err(bad(
                format!("{series_path}.{k}"),
                "not a metric the scenario records",
            ));
        }
        let mut series = Vec::with_capacity(expected.len());
        for name in &expected {
            let p = format!("{series_path}.{name}");
            let s = object(field(series_json, &series_path, name)?, &p)?;
            let stride = whole(
                field(s, &p, "stride")?,
                &format!("{p}.stride"),
                trials.max(1),
            )?;
            if stride == 0 || !stride.is_power_of_two() {
                return Err(bad(
                    format!("{p}.stride"),
                    format!("must be a power of two, got {stride}"),
                ));
            }
            let pts = array(field(s, &p, "points")?, &format!("{p}.points"))?;
            values += pts.len();
            if values > MAX_RESULT_VALUES {
                return Err(bad(
                    p,
                    format!("the file holds more than {MAX_RESULT_VALUES} values"),
                ));
            }
            if pts.len() as u64 * stride > run_done {
                return Err(bad(
                    format!("{p}.points"),
                    format!(
                        "{} points of {stride} trial(s) each are more than the run's {run_done} trials",
                        pts.len()
                    ),
                ));
            }
            // A recording keeps one point per whole stride of trials done.
            if (pts.len() as u64) < run_done / stride {
                return Err(bad(
                    format!("{p}.points"),
                    format!(
                        "{} points of {stride} trial(s) each, expected {} for the run's {run_done} trials",
                        pts.len(),
                        run_done / stride
                    ),
                ));
            }
            let mut points = Vec::with_capacity(pts.len());
            for (k, v) in pts.iter().enumerate() {
                // The engine records finite values only; JSON writes a NaN
                // as null, and a number beyond f32 would read as infinite.
                let x = match v {
                    Value::Null => {
                        return Err(bad(
                            format!("{p}.points[{k}]"),
                            "must be a finite number, got null",
                        ))
                    }
                    Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
                    other => {
                        return Err(bad(
                            format!("{p}.points[{k}]"),
                            format!("must be a number, got {}", kind(other)),
                        ))
                    }
                };
                if !(x as f32).is_finite() {
                    return Err(bad(
                        format!("{p}.points[{k}]"),
                        // Beyond f32, so at least 3.4e38: exponent form.
                        format!(
                            "must be a finite number within the range of a 32-bit float, got {x:e}"
                        ),
                    ));
                }
                // Compared as the 32-bit floats stored, whose rounding keeps
                // a recorded value within its range.
                if let Some((lo, hi)) = range_of(name) {
                    if (x as f32) < lo as f32 || (x as f32) > hi as f32 {
                        return Err(bad(
                            format!("{p}.points[{k}]"),
                            format!(
                                "must be within [{lo}, {hi}], the range of {name}, got {}",
                                crate::params::number_text(x)
                            ),
                        ));
                    }
                }
                points.push(x as f32);
            }
            series.push(Series::from_points(points, stride, DEFAULT_MAX_POINTS));
        }
        runs.push(RunResults {
            condition: label.clone(),
            seed: want,
            trials_done: run_done as u32,
            series,
        });
    }
    let summary = root.get("summary").cloned();
    let view = match root.get("view") {
        None => None,
        Some(v @ Value::Object(_)) => Some(v.clone()),
        Some(_) => {
            return Err(bad(
                "view",
                "must be an object (the page's charts, smoothing window and band)",
            ))
        }
    };
    Ok(Results {
        engine_version,
        fingerprint,
        scenario,
        complete,
        trials_done,
        metrics,
        runs,
        summary,
        view,
        dropped,
        as_written,
    })
}

impl Results {
    /// Whether this engine gives the file's numbers: identical when the
    /// file's fingerprint is the one this engine computes for its scenario.
    pub fn identity(&self) -> Match {
        let written = self.fingerprint.as_ref().map(|f| Identity {
            engine_version: self.engine_version.clone(),
            fingerprint: f.clone(),
        });
        Match::check(
            written.as_ref(),
            self.as_written.as_ref().unwrap_or(&self.scenario),
        )
    }

    /// An experiment holding these results, to chart, summarise and
    /// export: its digest equals the original's. It is for reading:
    /// stepping it would start the unfinished runs afresh.
    pub fn into_experiment(self) -> Result<Experiment, ResultsError> {
        let mut exp = Experiment::new(self.scenario);
        for (i, run) in self.runs.into_iter().enumerate() {
            let series = run.series.into_iter().map(Some).collect();
            exp.restore_run(i, series, None, run.trials_done)
                .map_err(|e| bad(format!("runs[{i}]"), e))?;
        }
        Ok(exp)
    }
}

/// Reads a results file into an experiment ([`from_json`], then
/// [`Results::into_experiment`]).
pub fn load(text: &str) -> Result<Experiment, ResultsError> {
    from_json(text)?.into_experiment()
}
