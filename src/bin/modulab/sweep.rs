//! `modulab sweep`: a base scenario over a grid (or list) of parameter values
//! × seeds, every (point, condition, seed) run a job on the rayon pool,
//! written in a fixed order as one tidy CSV with a column per parameter.

use crate::files::{self, Failure};
use crate::run::csv_rows;
use modulab::experiment::{self, Run};
use modulab::record::csv_field;
use modulab::scenario::{Scenario, MAX_SEEDS};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// Rows a batch of runs holds before it is written, about.
const BATCH_ROWS: u64 = 1 << 20;

/// Most points (parameter combinations) a sweep may have.
const MAX_POINTS: usize = 100_000;

/// The sweep file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepFile {
    /// The scenario to vary: a path (relative to the sweep file) or inline.
    base: Value,
    /// Every combination of these values (the first path varies slowest).
    #[serde(default)]
    grid: Option<Grid>,
    /// Or these points, each a set of path → value.
    #[serde(default)]
    list: Option<Vec<Grid1>>,
    /// Seeds per condition, replacing the base's `seeds`.
    #[serde(default, deserialize_with = "whole_seeds")]
    seeds: Option<u32>,
    /// The metrics to write (all when absent).
    #[serde(default)]
    metrics: Option<Vec<String>>,
}

/// `seeds` as a scenario reads it: a whole number, also written as a float
/// (`3.0`, as Python's `json` writes it).
fn whole_seeds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let mut v = Value::deserialize(d)?;
    modulab::params::whole_floats_as_integers(&mut v);
    v.as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .map(Some)
        .ok_or_else(|| {
            serde::de::Error::custom(format!(
                "must be a whole number of seeds within [1, {}], got {v}",
                modulab::params::limits::MAX_SEEDS
            ))
        })
}

/// Path → values, in the order of the file.
struct Grid(Vec<(String, Vec<Value>)>);
/// Path → value, in the order of the file.
struct Grid1(Vec<(String, Value)>);

/// A JSON object read into pairs, keeping the file's key order (the
/// crate's `serde_json::Map` sorts keys).
fn ordered_pairs<'de, D, T>(d: D) -> Result<Vec<(String, T)>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
        type Value = Vec<(String, T)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of scenario paths such as {\"model.learning_rate\": ...}")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out: Vec<(String, T)> = Vec::new();
            while let Some((k, v)) = m.next_entry::<String, T>()? {
                // A second value would silently replace the first.
                if out.iter().any(|(p, _)| *p == k) {
                    return Err(serde::de::Error::custom(format!("{k:?} is named twice")));
                }
                out.push((k, v));
            }
            Ok(out)
        }
    }
    d.deserialize_map(V(std::marker::PhantomData))
}

impl<'de> Deserialize<'de> for Grid {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ordered_pairs(d).map(Grid)
    }
}

impl<'de> Deserialize<'de> for Grid1 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ordered_pairs(d).map(Grid1)
    }
}

/// One segment of a scenario path: `model`, `p_reward`, `[0]`.
enum Seg {
    Key(String),
    Index(usize),
}

/// Splits `task.p_reward[0]` into segments.
fn parse_path(path: &str) -> Result<Vec<Seg>, String> {
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if key.is_empty() {
            return Err(
                "must be a scenario path such as model.learning_rate or task.p_reward[0]".into(),
            );
        }
        segs.push(Seg::Key(key.to_string()));
        while !rest.is_empty() {
            let close = rest.find(']').ok_or("an index must close with ]")?;
            let n: usize = rest[1..close]
                .parse()
                .map_err(|_| format!("{:?} is not an index", &rest[1..close]))?;
            segs.push(Seg::Index(n));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(
                    "must be a scenario path such as model.learning_rate or task.p_reward[0]"
                        .into(),
                );
            }
        }
    }
    Ok(segs)
}

/// Sets `path` in a scenario whose every default is filled in; the path must
/// exist there, so a misspelt field is refused by name. The one exception
/// is a condition's `regions` (local manipulations): the filled-in base
/// leaves out every region nobody manipulates, so beneath it missing keys
/// are made, and the scenario's own check then names a bad region or field.
fn set_path(root: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let segs = parse_path(path)?;
    let mut at = root;
    let mut walked = String::new();
    let mut open = false;
    for seg in segs {
        at = match seg {
            Seg::Key(k) => {
                let here = if walked.is_empty() {
                    "the scenario".to_string()
                } else {
                    walked.clone()
                };
                let Value::Object(map) = at else {
                    return Err(format!("{here} has no field {k:?}"));
                };
                let keys: Vec<String> = map.keys().cloned().collect();
                // conditions[i].regions: an open map of region → settings.
                let enters_regions = k == "regions" && walked.starts_with("conditions[");
                if !walked.is_empty() {
                    walked.push('.');
                }
                walked.push_str(&k);
                if open || enters_regions {
                    open = true;
                    // A missing intermediate is an empty object; the leaf
                    // is overwritten below.
                    map.entry(k)
                        .or_insert_with(|| Value::Object(Default::default()))
                } else {
                    map.get_mut(&k).ok_or_else(|| {
                        format!("{here} has no field {k:?}; it has: {}", keys.join(", "))
                    })?
                }
            }
            Seg::Index(i) => {
                let Value::Array(list) = at else {
                    return Err(format!("{walked} is not a list"));
                };
                let len = list.len();
                walked.push_str(&format!("[{i}]"));
                list.get_mut(i).ok_or_else(|| {
                    format!("index out of range: {walked} (the base has {len} entries)")
                })?
            }
        };
    }
    *at = value;
    Ok(())
}

/// One combination of parameter values, ready to run.
struct Point {
    values: Vec<Value>,
    scenario: Scenario,
}

/// A validated sweep.
struct Plan {
    /// The CSV's first line: engine version and the base's fingerprint.
    comment: String,
    params: Vec<String>,
    points: Vec<Point>,
    metrics: Option<Vec<String>>,
}

fn plan(path: &Path) -> Result<Plan, Failure> {
    let name = path.display().to_string();
    let bad = |msg: String| Failure::BadInput(format!("{name}: {msg}"));
    let text = files::read_text(path)?;
    serde_json::from_str::<serde::de::IgnoredAny>(&text)
        .map_err(|e| bad(format!("not valid JSON: {e}")))?;
    // Read from the text itself, not through a `Value` (whose map sorts
    // keys): the grid's paths keep the file's order.
    let mut de = serde_json::Deserializer::from_str(&text);
    let file: SweepFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let p = e.path().to_string();
        let msg = strip_position(&e.inner().to_string()).replace("a sequence", "a list");
        if p == "." {
            bad(msg)
        } else {
            bad(format!("{p}: {msg}"))
        }
    })?;

    // The base, with every default filled in.
    let (base_name, base) = match &file.base {
        Value::String(p) => {
            let p = path.parent().unwrap_or(Path::new("")).join(p);
            let (_, s) = files::load(&p, files::Overrides::default()).map_err(|e| match e {
                Failure::BadInput(m) => bad(format!("base: {m}")),
                other => other,
            })?;
            (p.display().to_string(), s)
        }
        Value::Object(_) => {
            let s = Scenario::from_value(file.base.clone())
                .map_err(|e| files::scenario_errors(&format!("{name}: base"), &e))?;
            (format!("{name}: base"), s)
        }
        other => {
            return Err(bad(format!(
                "base: must be a scenario file's path or a scenario object, got {other}"
            )))
        }
    };
    let _ = base_name;
    let mut base = serde_json::to_value(&base)
        .map_err(|e| Failure::Internal(format!("encoding the base scenario: {e}")))?;
    let file_seeds = file.seeds;
    if let Some(seeds) = file.seeds {
        if seeds == 0 || seeds > MAX_SEEDS {
            return Err(bad(format!(
                "seeds: must be a whole number within [1, {MAX_SEEDS}], got {seeds}"
            )));
        }
        base["seeds"] = seeds.into();
    }

    // Provenance: the engine, and the base every point departs from.
    let comment = match Scenario::from_value(base.clone()) {
        Ok(b) => format!(
            "# ModuLab {} (numerics {}), base scenario fingerprint {}; each point is the base with its row's swept values (`modulab run` of that scenario writes its own fingerprint)\n",
            modulab::fingerprint::ENGINE_VERSION,
            modulab::fingerprint::NUMERICS,
            modulab::fingerprint::fingerprint(&b)
        ),
        Err(e) => return Err(files::scenario_errors(&format!("{name}: base"), &e)),
    };

    // Points: (field path in the sweep file, value) per parameter.
    let file_has_grid = file.grid.is_some();
    let (params, combos): (Vec<String>, Vec<Vec<(String, Value)>>) = match (file.grid, file.list) {
        (Some(Grid(grid)), None) => {
            if grid.is_empty() {
                return Err(bad("grid: must name at least one scenario path".into()));
            }
            let mut combos: Vec<Vec<(String, Value)>> = vec![Vec::new()];
            for (p, values) in &grid {
                if values.is_empty() {
                    return Err(bad(format!("grid.{p:?}: must list at least one value")));
                }
                if combos.len().saturating_mul(values.len()) > MAX_POINTS {
                    return Err(bad(format!("grid: more than {MAX_POINTS} points")));
                }
                combos = combos
                    .into_iter()
                    .flat_map(|c| {
                        values.iter().enumerate().map(move |(i, v)| {
                            let mut c = c.clone();
                            c.push((format!("grid.{p:?}[{i}]"), v.clone()));
                            c
                        })
                    })
                    .collect();
            }
            (grid.into_iter().map(|(p, _)| p).collect(), combos)
        }
        (None, Some(list)) => {
            let Some(first) = list.first() else {
                return Err(bad("list: must hold at least one point".into()));
            };
            if list.len() > MAX_POINTS {
                return Err(bad(format!("list: more than {MAX_POINTS} points")));
            }
            let params: Vec<String> = first.0.iter().map(|(p, _)| p.clone()).collect();
            let mut combos = Vec::new();
            for (i, Grid1(point)) in list.into_iter().enumerate() {
                let keys: Vec<&String> = point.iter().map(|(p, _)| p).collect();
                if keys != params.iter().collect::<Vec<_>>() {
                    return Err(bad(format!(
                        "list[{i}]: must set the same paths as list[0] ({}), in that order",
                        params.join(", ")
                    )));
                }
                combos.push(
                    point
                        .into_iter()
                        .map(|(p, v)| (format!("list[{i}].{p:?}"), v))
                        .collect(),
                );
            }
            (params, combos)
        }
        (Some(_), Some(_)) => return Err(bad("give either grid or list, not both".into())),
        (None, None) => {
            return Err(bad(
                "missing grid (path → list of values) or list (list of path → value)".into(),
            ))
        }
    };
    // The sweep's own `seeds` would be overridden by the swept one.
    if file_seeds.is_some() && params.iter().any(|p| p == "seeds") {
        let key = if file_has_grid { "grid" } else { "list" };
        return Err(bad(format!(
            "seeds: given both as the sweep's seeds and as a {key} path; keep one"
        )));
    }
    if let Some((outer, inner)) = nested_paths(&params) {
        let which = if file_has_grid { "grid" } else { "list" };
        return Err(bad(format!(
            "{which}: {inner:?} lies within {outer:?}, which is swept too (setting both \
             would overwrite the value one column shows); sweep one of them"
        )));
    }
    let mut points = Vec::with_capacity(combos.len());
    for combo in combos {
        let mut s = base.clone();
        let mut values = Vec::new();
        for ((field, v), param) in combo.into_iter().zip(&params) {
            set_path(&mut s, param, v.clone()).map_err(|m| bad(format!("{field}: {m}")))?;
            values.push(v);
        }
        let scenario = Scenario::from_value(s).map_err(|e| {
            let lines: Vec<String> = e
                .errors
                .iter()
                .map(|f| {
                    let set: Vec<String> = params
                        .iter()
                        .zip(&values)
                        .map(|(p, v)| format!("{p} = {v}"))
                        .collect();
                    format!("{name}: at {}: {f}", set.join(", "))
                })
                .collect();
            Failure::BadInput(lines.join("\n"))
        })?;
        points.push(Point { values, scenario });
    }
    if let Some(ms) = &file.metrics {
        let known = experiment::metric_names(&points[0].scenario);
        if ms.is_empty() {
            return Err(bad(format!(
                "metrics: must name at least one metric (leave it out to write all): {}",
                known.join(", ")
            )));
        }
        for (i, m) in ms.iter().enumerate() {
            if !points
                .iter()
                .any(|p| experiment::metric_names(&p.scenario).contains(&m.as_str()))
            {
                return Err(bad(format!(
                    "metrics[{i}]: unknown metric {m:?}; expected one of: {}",
                    known.join(", ")
                )));
            }
        }
    }
    Ok(Plan {
        comment,
        params,
        points,
        metrics: file.metrics,
    })
}

/// Two swept paths of which one lies within the other (`task.p_reward`
/// and `task.p_reward[0]`): (the outer, the inner).
fn nested_paths(params: &[String]) -> Option<(&str, &str)> {
    params.iter().find_map(|outer| {
        params
            .iter()
            .find(|inner| {
                inner.len() > outer.len()
                    && inner.starts_with(outer.as_str())
                    && matches!(inner.as_bytes()[outer.len()], b'.' | b'[')
            })
            .map(|inner| (outer.as_str(), inner.as_str()))
    })
}

/// Whether `text` is a sweep file rather than a scenario: a JSON object
/// with `base` (no scenario has one).
pub fn is_sweep(text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|v| v.get("base").is_some())
}

/// Checks a sweep file as `modulab sweep` would before running anything:
/// a one-line summary of what it would run.
pub fn check(path: &Path) -> Result<String, Failure> {
    let plan = plan(path)?;
    let runs: u64 = plan
        .points
        .iter()
        .map(|p| p.scenario.conditions.len() as u64 * u64::from(p.scenario.seeds))
        .sum();
    let trials: u64 = plan
        .points
        .iter()
        .map(|p| {
            p.scenario.conditions.len() as u64
                * u64::from(p.scenario.seeds)
                * u64::from(p.scenario.task.trials())
        })
        .sum();
    Ok(format!(
        "sweep of {} over {} point(s) ({}), {runs} run(s), {trials} trials; run it with modulab sweep",
        plan.points[0].scenario.task.kind(),
        plan.points.len(),
        plan.params.join(", "),
    ))
}

/// A serde_json message without its " at line L column C" tail (the field
/// path says where).
fn strip_position(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(" column ") => &msg[..i],
        _ => msg,
    }
}

/// `i/N` with 1 <= i <= N.
fn parse_shard(s: &str) -> Result<(usize, usize), Failure> {
    let bad = || {
        Failure::BadInput(format!(
            "--shard {s}: must be I/N with 1 <= I <= N, e.g. --shard 3/16"
        ))
    };
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let i: usize = i.trim().parse().map_err(|_| bad())?;
    let n: usize = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || i == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

/// One run of the sweep.
#[derive(Clone, Copy)]
struct Job {
    point: usize,
    condition: usize,
    seed: u64,
}

pub fn sweep(path: &Path, shard: Option<&str>, out: Option<&Path>) -> Result<(), Failure> {
    if let Some(out) = out {
        let csv = out
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if !csv {
            return Err(Failure::BadInput(format!(
                "--out {}: must end in .csv (a sweep writes one tidy CSV)",
                out.display()
            )));
        }
    }
    if let Some(out) = out {
        files::refuse_overwriting_input(path, out)?;
    }
    let shard = shard.map(parse_shard).transpose()?;
    let plan = plan(path)?;
    let mut jobs = Vec::new();
    for (p, point) in plan.points.iter().enumerate() {
        for c in 0..point.scenario.conditions.len() {
            for seed in point.scenario.seed_list() {
                jobs.push(Job {
                    point: p,
                    condition: c,
                    seed,
                });
            }
        }
    }
    // Contiguous parts, so that the parts in order are the whole.
    let jobs = match shard {
        Some((i, n)) => {
            let len = jobs.len();
            let (from, to) = ((i - 1) * len / n, i * len / n);
            &jobs[from..to]
        }
        None => &jobs[..],
    };
    let total: u64 = jobs
        .iter()
        .map(|j| u64::from(plan.points[j.point].scenario.task.trials()))
        .sum();
    let bar = files::progress_bar(total);
    let prefixes: Vec<String> = plan
        .points
        .iter()
        .map(|p| {
            p.values
                .iter()
                .map(|v| match v {
                    // A string is its text; any other value its JSON.
                    Value::String(text) => csv_field(text) + ",",
                    other => csv_field(&other.to_string()) + ",",
                })
                .collect()
        })
        .collect();
    let mut w = files::open_out(out)?;
    let what = out.map_or("standard output".to_string(), |p| p.display().to_string());
    let comment = plan.comment.clone();
    let mut header: String = plan.params.iter().map(|p| csv_field(p) + ",").collect();
    header += modulab::record::CSV_HEADER;
    // Batches of whole runs, computed in parallel and written in order by a
    // writer thread while the next batch runs: ordered output, memory
    // bounded by a few batches (about BATCH_ROWS rows each).
    let threads = rayon::current_num_threads();
    let rows_per_job = plan
        .points
        .iter()
        .map(|p| {
            u64::from(p.scenario.task.trials()) * experiment::metric_names(&p.scenario).len() as u64
        })
        .max()
        .unwrap_or(1)
        .max(1);
    let batch = ((BATCH_ROWS / rows_per_job) as usize).clamp(threads, threads * 16);
    // Written texts go back to the jobs for reuse: a fresh text per run
    // would make the kernel map and zero its pages every time (about a
    // tenth of a sweep's CPU time).
    let spare = std::sync::Mutex::new(Vec::<String>::new());
    let result = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<String>>(1);
        let spare = &spare;
        let writer = scope.spawn(move || -> std::io::Result<()> {
            write!(w, "{comment}")?;
            writeln!(w, "{header}")?;
            for texts in rx {
                for t in texts {
                    w.write_all(t.as_bytes())?;
                    if let Ok(mut spare) = spare.lock() {
                        if spare.len() < 2 * batch {
                            spare.push(t);
                        }
                    }
                }
            }
            w.finish()
        });
        for chunk in jobs.chunks(batch) {
            let texts: Vec<String> = chunk
                .par_iter()
                .map(|j| {
                    let mut text = spare
                        .lock()
                        .ok()
                        .and_then(|mut s| s.pop())
                        .unwrap_or_default();
                    text.clear();
                    run_job(&plan, &prefixes[j.point], *j, &mut text);
                    bar.inc(u64::from(plan.points[j.point].scenario.task.trials()));
                    text
                })
                .collect();
            // A closed channel means the writer failed: stop and report it.
            if tx.send(texts).is_err() {
                break;
            }
        }
        drop(tx);
        writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the writer thread panicked")))
    });
    bar.finish_and_clear();
    files::write_result(result, &what)
}

/// Appends one run's rows, as CSV text, to `s`.
fn run_job(plan: &Plan, prefix: &str, job: Job, s: &mut String) {
    let scenario = &plan.points[job.point].scenario;
    let metrics = experiment::metric_names(scenario);
    let keep: Vec<bool> = metrics
        .iter()
        .map(|m| {
            plan.metrics
                .as_ref()
                .is_none_or(|ms| ms.iter().any(|x| x == m))
        })
        .collect();
    let label = csv_field(&scenario.conditions[job.condition].label);
    let mut run = Run::start(scenario, job.condition, job.seed);
    let mut trial = 0u32;
    let head = format!("{prefix}{label},{},", job.seed);
    while let Some(row) = run.next_trial() {
        trial += 1;
        csv_rows(s, &head, trial, &metrics, row, Some(&keep));
    }
}
