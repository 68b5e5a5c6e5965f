//! `modulab run`: one (condition, seed) at a time to completion, every trial
//! written as it ends, so memory stays flat however many trials there are.

use crate::files::{self, Failure, Overrides};
use modulab::experiment::{self, Run};
use modulab::record::csv_field;
use modulab::results;
use modulab::scenario::Scenario;
use modulab::tasks::Criterion;
use std::io::Write;
use std::path::Path;

/// How a recorded value is written: as the f32 the recording stores
/// (`Series::push` with one trial per point computes `(0.0 + v) as f32`), so
/// the CLI's numbers equal the library's and the page's CSV to the bit.
#[inline]
pub fn stored(v: f64) -> f32 {
    (0.0 + v) as f32
}

/// Appends one trial's tidy CSV rows, `{head}{trial},{metric},{value}`,
/// for the metrics `keep` selects (all when `None`). Built by hand: a
/// formatted `writeln!` per row costs about twice as much.
pub fn csv_rows(
    buf: &mut String,
    head: &str,
    trial: u32,
    metrics: &[&str],
    row: &[f64],
    keep: Option<&[bool]>,
) {
    use std::fmt::Write as _;
    let mut t = trial.to_string();
    t.push(',');
    for (i, (m, v)) in metrics.iter().zip(row).enumerate() {
        if keep.is_some_and(|k| !k[i]) {
            continue;
        }
        buf.push_str(head);
        buf.push_str(&t);
        buf.push_str(m);
        buf.push(',');
        let _ = write!(buf, "{}", stored(*v));
        buf.push('\n');
    }
}

/// What one run contributes to the summary.
pub struct RunStats {
    /// Mean of each metric over the last 10 % of trials.
    pub final_mean: Vec<f64>,
    /// Trial at which the task's criterion was reached, if it was.
    pub to_criterion: Option<u32>,
}

/// Follows one run's trials: the final-performance means and the criterion.
pub struct Tracker {
    tail_from: u32,
    sums: Vec<f64>,
    tail_n: u32,
    criterion: Option<(usize, Criterion)>,
    window: Vec<f64>,
    window_sum: f64,
    reached: Option<u32>,
}

impl Tracker {
    /// A tracker for a run of `trials` trials recording `metrics`.
    pub fn new(trials: u32, metrics: &[&str], criterion: Option<Criterion>) -> Self {
        let tail = (trials / 10).max(1);
        Tracker {
            tail_from: trials - tail + 1,
            sums: vec![0.0; metrics.len()],
            tail_n: 0,
            criterion: criterion
                .and_then(|c| metrics.iter().position(|m| *m == c.metric).map(|i| (i, c))),
            window: Vec::new(),
            window_sum: 0.0,
            reached: None,
        }
    }

    /// Takes trial `trial` (1-based) and its values.
    #[inline]
    pub fn push(&mut self, trial: u32, row: &[f64]) {
        if trial >= self.tail_from {
            for (s, v) in self.sums.iter_mut().zip(row) {
                *s += v;
            }
            self.tail_n += 1;
        }
        if let (Some((m, c)), None) = (self.criterion, self.reached) {
            // A ring buffer of the last `window` values of the metric.
            let w = c.window.max(1) as usize;
            let v = row[m];
            if self.window.len() < w {
                self.window.push(v);
                self.window_sum += v;
            } else {
                let slot = (trial as usize - 1) % w;
                self.window_sum += v - self.window[slot];
                self.window[slot] = v;
            }
            if self.window.len() == w && self.window_sum / w as f64 >= c.threshold - 1e-12 {
                self.reached = Some(trial);
            }
        }
    }

    /// The run's summary.
    pub fn finish(self) -> RunStats {
        let n = f64::from(self.tail_n.max(1));
        RunStats {
            final_mean: self.sums.iter().map(|s| s / n).collect(),
            to_criterion: self.reached,
        }
    }
}

/// Mean and standard error of the mean.
pub fn mean_sem(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    if xs.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mean = xs.iter().sum::<f64>() / n;
    if xs.len() < 2 {
        return (mean, 0.0);
    }
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Where rows go.
enum Format {
    Csv,
    Json,
}

pub fn run(path: &Path, over: Overrides, out: Option<&Path>) -> Result<(), Failure> {
    let format = match out.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
        None if out.is_none() => Format::Csv,
        Some(e) if e.eq_ignore_ascii_case("csv") => Format::Csv,
        Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
        _ => {
            return Err(Failure::BadInput(format!(
                "--out {}: must end in .csv or .json",
                out.map(|p| p.display().to_string()).unwrap_or_default()
            )))
        }
    };
    if let Some(out) = out {
        files::refuse_overwriting_input(path, out)?;
    }
    let (_, scenario) = files::load(path, over)?;
    let mut w = files::open_out(out)?;
    let what = out.map_or("standard output".to_string(), |p| p.display().to_string());
    let stats = files::write_result(
        stream(&scenario, &format, &mut w).and_then(|s| w.finish().map(|()| s)),
        &what,
    )?;
    if let Some(stats) = stats {
        eprint!("{}", summary_text(&scenario, &stats));
    }
    Ok(())
}

/// Runs everything, writing rows as they come; returns each condition's
/// run statistics (`None` if the reader went away).
fn stream(
    scenario: &Scenario,
    format: &Format,
    w: &mut dyn Write,
) -> std::io::Result<Option<Vec<Vec<RunStats>>>> {
    let table = experiment::metric_table(scenario);
    let metrics: Vec<&str> = table.iter().map(|m| m.name).collect();
    let trials = scenario.task.trials();
    let bar = files::progress_bar(
        u64::from(trials) * u64::from(scenario.seeds) * scenario.conditions.len() as u64,
    );
    // JSON: the engine's results document, written a run at a time.
    let (mut csv, mut json) = match format {
        Format::Csv => {
            // The page's CSV starts with the same line: engine version and
            // model fingerprint, so a file says which numbers it holds.
            write!(w, "{}", results::csv_comment(scenario))?;
            writeln!(w, "{}", modulab::record::CSV_HEADER)?;
            (Some(w), None)
        }
        Format::Json => (None, Some(results::Writer::start(w, scenario, &table)?)),
    };
    let mut all = Vec::new();
    let mut line = String::new();
    for (c, cond) in scenario.conditions.iter().enumerate() {
        let label = csv_field(&cond.label);
        let mut per_seed = Vec::new();
        for seed in scenario.seed_list() {
            let mut run = Run::start(scenario, c, seed);
            let mut tracker = Tracker::new(trials, &metrics, run.criterion());
            let head = format!("{label},{seed},");
            let mut trial = 0u32;
            while let Some(row) = run.next_trial() {
                trial += 1;
                tracker.push(trial, row);
                if let Some(out) = csv.as_mut() {
                    line.clear();
                    csv_rows(&mut line, &head, trial, &metrics, row, None);
                    out.write_all(line.as_bytes())?;
                }
                if trial % 4096 == 0 {
                    bar.inc(4096);
                }
            }
            bar.inc(u64::from(trial % 4096));
            if let Some(json) = json.as_mut() {
                json.run(&cond.label, seed, run.trials_done(), &run.recording)?;
            }
            per_seed.push(tracker.finish());
        }
        all.push(per_seed);
    }
    bar.finish_and_clear();
    if let Some(json) = json {
        let summary = summary_json(scenario, &metrics, &all);
        json.finish(trials, true, Some(&summary))?;
    }
    Ok(Some(all))
}

/// The final-performance metrics the summary shows: `reward` when the task
/// records it, then the task's headline metric (`correct` for most tasks,
/// e.g. `dopamine_cs` for conditioning, `rewarded_weight` for the spiking
/// network).
fn final_metrics(scenario: &Scenario) -> Vec<modulab::metric::Metric> {
    let table = experiment::metric_table(scenario);
    let head = experiment::headline(scenario);
    let mut shown: Vec<_> = modulab::metric::find(&table, "reward")
        .into_iter()
        .copied()
        .collect();
    if head.name != "reward" {
        shown.push(head);
    }
    shown
}

fn criterion_of(scenario: &Scenario) -> Option<Criterion> {
    match modulab::tasks::build(&scenario.task) {
        modulab::tasks::Built::Trials(task) => task.criterion(),
        modulab::tasks::Built::Actor(_) => Some(modulab::experiment::ACTOR_CRITERION),
        modulab::tasks::Built::Spiking(_) | modulab::tasks::Built::Navigator(_) => None,
    }
}

fn summary_json(scenario: &Scenario, metrics: &[&str], all: &[Vec<RunStats>]) -> serde_json::Value {
    let crit = criterion_of(scenario);
    let trials = scenario.task.trials();
    let conditions: Vec<serde_json::Value> = scenario
        .conditions
        .iter()
        .zip(all)
        .map(|(cond, runs)| {
            let mut fin = serde_json::Map::new();
            for (i, m) in metrics.iter().enumerate() {
                let xs: Vec<f64> = runs.iter().map(|r| r.final_mean[i]).collect();
                let (mean, sem) = mean_sem(&xs);
                fin.insert(m.to_string(), serde_json::json!({"mean": mean, "sem": sem}));
            }
            let mut v = serde_json::json!({"condition": cond.label, "final": fin});
            if crit.is_some() {
                let xs: Vec<f64> = runs
                    .iter()
                    .filter_map(|r| r.to_criterion.map(f64::from))
                    .collect();
                let (mean, sem) = mean_sem(&xs);
                v["trials_to_criterion"] = serde_json::json!({
                    "mean": if xs.is_empty() { None } else { Some(mean) },
                    "sem": if xs.is_empty() { None } else { Some(sem) },
                    "reached": xs.len(),
                    "seeds": runs.len(),
                });
            }
            v
        })
        .collect();
    let mut v = serde_json::json!({
        "headline": experiment::headline(scenario).name,
        "final_trials": [trials - (trials / 10).max(1) + 1, trials],
        "conditions": conditions,
    });
    if let Some(c) = crit {
        v["criterion"] = serde_json::json!({
            "metric": c.metric, "threshold": c.threshold, "window": c.window
        });
    }
    v
}

/// The summary table printed on stderr.
pub fn summary_text(scenario: &Scenario, all: &[Vec<RunStats>]) -> String {
    let metrics = experiment::metric_names(scenario);
    let trials = scenario.task.trials();
    let from = trials - (trials / 10).max(1) + 1;
    let crit = criterion_of(scenario);
    let mut s = format!(
        "summary: mean ± SEM over {} seed(s); final = trials {from}–{trials} (last 10 %)\n",
        scenario.seeds
    );
    let width = scenario
        .conditions
        .iter()
        .map(|c| c.label.chars().count())
        .max()
        .unwrap_or(0)
        .max(9);
    let shown = final_metrics(scenario);
    let col = |m: &modulab::metric::Metric| format!("final {}", m.name).chars().count().max(17);
    s += &format!("  {:width$}", "condition");
    for m in &shown {
        s += &format!("  {:>w$}", format!("final {}", m.name), w = col(m));
    }
    if let Some(c) = crit {
        s += &format!(
            "  trials to criterion ({} ≥ {} over {} trials)",
            c.metric, c.threshold, c.window
        );
    }
    s.push('\n');
    for (cond, runs) in scenario.conditions.iter().zip(all) {
        s += &format!("  {:width$}", cond.label);
        for m in &shown {
            let Some(i) = metrics.iter().position(|x| *x == m.name) else {
                continue;
            };
            let xs: Vec<f64> = runs.iter().map(|r| r.final_mean[i]).collect();
            let (mean, sem) = mean_sem(&xs);
            s += &format!("  {:>w$}", format!("{mean:.3} ± {sem:.3}"), w = col(m));
        }
        if crit.is_some() {
            let xs: Vec<f64> = runs
                .iter()
                .filter_map(|r| r.to_criterion.map(f64::from))
                .collect();
            let (mean, sem) = mean_sem(&xs);
            if xs.is_empty() {
                s += &format!("  not reached (0/{} seeds)", runs.len());
            } else {
                s += &format!(
                    "  {mean:.1} ± {sem:.1} ({}/{} seeds reached)",
                    xs.len(),
                    runs.len()
                );
            }
        }
        s.push('\n');
    }
    if let Some(head) = shown.last() {
        s += &format!("headline: {}, {}\n", head.name, head.axis_label());
    }
    s
}
