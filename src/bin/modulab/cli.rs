//! Commands, their options and exit codes.

use crate::files::{self, load, Failure, Overrides};
use crate::{figure, run, sweep};
use clap::{Parser, Subcommand};
use modulab::experiment::Experiment;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const EXIT_CODES: &str = "Exit codes: 0 success, 2 bad input (the message names the file and the \
field), 1 internal error (e.g. an output file that cannot be written).";

#[derive(Parser)]
#[command(
    name = "modulab",
    version,
    about = "Neuromodulated plasticity experiments from scenario files",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run every condition and seed of a scenario, streaming every trial to a
    /// tidy CSV (condition,seed,trial,metric,value) or to JSON with the
    /// scenario beside the data; a summary per condition goes to stderr.
    #[command(
        after_help = "Examples:\n  modulab run www/scenarios/bandit.json --out bandit.csv\n  \
modulab run www/scenarios/bandit.json --seeds 50 --trials 1000 --out bandit.json"
    )]
    Run {
        /// The scenario file (JSON).
        scenario: PathBuf,
        #[command(flatten)]
        over: Overrides,
        /// Where to write: FILE.csv or FILE.json; CSV on standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Run a base scenario over a grid (or list) of parameter values × seeds
    /// on every core, into one tidy CSV with a column per swept parameter.
    #[command(
        after_help = "Example:\n  modulab sweep sweep.json --out sweep.csv\n  \
modulab sweep sweep.json --shard 3/16 --out part-03.csv   # one part of a job array\n\n\
Sweep file: {\"base\": \"bandit.json\" or {scenario}, \"grid\": {\"model.learning_rate\": [0.1, 0.3]}\n\
(or \"list\": [{\"model.learning_rate\": 0.1}, ...]), \"seeds\": 10, \"metrics\": [\"reward\"]}.\n\
Threads: all cores; set RAYON_NUM_THREADS to use fewer."
    )]
    Sweep {
        /// The sweep file (JSON).
        sweep: PathBuf,
        /// Run only part I of N disjoint, contiguous parts (1 <= I <= N): the
        /// parts' rows, concatenated in order, are the whole sweep's.
        #[arg(long, value_name = "I/N")]
        shard: Option<String>,
        /// Where to write the CSV (FILE.csv); standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Draw the page's learning-curve chart of one metric (mean ± SEM over
    /// seeds, one line per condition) as SVG or PNG, from a scenario (run
    /// first) or a results file (drawn from its stored runs).
    #[command(
        after_help = "Example:\n  modulab figure www/scenarios/bandit.json --metric correct \
--window 10 --out bandit.svg\n\nPNG text uses the system's fonts (DejaVu Sans or Liberation Sans \
when installed)."
    )]
    Figure {
        /// The scenario or results file (JSON).
        scenario: PathBuf,
        #[command(flatten)]
        over: Overrides,
        /// The metric to draw (e.g. reward, correct, dopamine; `modulab
        /// metrics FILE` lists them); default: the page's first chart's
        /// (correct, or reward for distal_reward, which has no correct), or
        /// for a results file the page exported, the first chart it showed.
        #[arg(long)]
        metric: Option<String>,
        /// Trailing moving average over this many points (1 = raw), as the
        /// page's slider; default 10, or a page-exported results file's.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=modulab::limits::MAX_WINDOW as i64))]
        window: Option<u32>,
        /// Width in pixels.
        #[arg(long, default_value_t = 800, value_parser = clap::value_parser!(u32).range(100..=8000))]
        width: u32,
        /// Height in pixels.
        #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(100..=8000))]
        height: u32,
        /// Chart title; the scenario's name when absent.
        #[arg(long)]
        title: Option<String>,
        /// What to draw: `chart` (a learning curve) or `circuit` (the
        /// regions, nuclei and projections with the levels each region
        /// received at the end of the run).
        #[arg(long, default_value = "chart", value_parser = ["chart", "circuit"])]
        view: String,
        /// The condition the circuit view shows (0 = the first, the default).
        #[arg(long)]
        condition: Option<usize>,
        /// The shaded band: sem (± 1 SEM, the default) or ci95 (95 % CI of
        /// the mean), as the page's menu; a page-exported results file's
        /// band when absent.
        #[arg(long, value_parser = ["sem", "ci95"])]
        band: Option<String>,
        /// FIG.svg or FIG.png.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check scenario (or sweep) files: a one-line summary each, or every problem.
    #[command(after_help = "Example:\n  modulab validate www/scenarios/*.json sweep.json")]
    Validate {
        /// The scenario or sweep files (JSON).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// List the metrics a scenario records: name, group, unit, range and
    /// what it is (the table the page's menus and charts read).
    #[command(after_help = "Example:\n  modulab metrics www/scenarios/reversal.json")]
    Metrics {
        /// The scenario or results file (JSON).
        scenario: PathBuf,
    },
    /// List the shipped presets: name, task and file.
    #[command(after_help = "Example:\n  modulab presets\n  modulab presets --dir my/scenarios")]
    Presets {
        /// The folder of preset scenarios [default: www/scenarios].
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Run scenarios and print a JSON list of {file, scenario, digest}: equal
    /// digests mean bit-identical results (the wasm test compares against it).
    /// A results file is not run: its stored runs are digested.
    #[command(after_help = "Example:\n  modulab digest www/scenarios/*.json > digests.json")]
    Digest {
        /// The scenario files (JSON).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
}

/// Parses the arguments, runs the command, maps failures to exit codes.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run {
            scenario,
            over,
            out,
        } => run::run(&scenario, over, out.as_deref()),
        Command::Sweep { sweep, shard, out } => {
            sweep::sweep(&sweep, shard.as_deref(), out.as_deref())
        }
        Command::Figure {
            scenario,
            over,
            metric,
            window,
            width,
            height,
            title,
            view,
            condition,
            band,
            out,
        } => figure_title(title.as_deref())
            .and_then(|()| {
                figure_view_options(
                    view == "circuit",
                    [
                        ("--metric", metric.is_some()),
                        ("--window", window.is_some()),
                        ("--band", band.is_some()),
                        ("--title", title.is_some()),
                    ],
                    condition.is_some(),
                )
            })
            .and_then(|()| {
                figure::figure(
                    &scenario,
                    over,
                    &figure::Options {
                        metric,
                        window,
                        width,
                        height,
                        title,
                        circuit: (view == "circuit").then_some(condition.unwrap_or(0)),
                        band: band.as_deref().map(|b| {
                            if b == "ci95" {
                                modulab::chart::Spread::Ci95
                            } else {
                                modulab::chart::Spread::Sem
                            }
                        }),
                    },
                    &out,
                )
            }),
        Command::Validate { scenarios } => validate(&scenarios),
        Command::Metrics { scenario } => metrics(&scenario),
        Command::Presets { dir } => presets(
            dir.as_deref().unwrap_or(Path::new("www/scenarios")),
            dir.is_some(),
        ),
        Command::Digest { scenarios } => digest(&scenarios),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(msg)) => {
            print_lines("error", &msg);
            ExitCode::from(2)
        }
        Err(Failure::Internal(msg)) => {
            print_lines("internal error", &msg);
            ExitCode::from(1)
        }
    }
}

/// Refuses a `--title` with control characters, which an SVG cannot hold
/// (as a scenario's name and labels refuse them).
fn figure_title(title: Option<&str>) -> Result<(), Failure> {
    if title.is_some_and(|t| t.chars().any(char::is_control)) {
        return Err(Failure::BadInput(
            "--title: must not contain control characters".into(),
        ));
    }
    Ok(())
}

/// Refuses the options of `modulab figure` that the chosen view does not
/// read: the chart's (`chart`: name and whether given) with `--view
/// circuit`, `--condition` without it.
fn figure_view_options(
    circuit: bool,
    chart: [(&str, bool); 4],
    condition: bool,
) -> Result<(), Failure> {
    if circuit {
        if let Some((name, _)) = chart.iter().find(|(_, given)| *given) {
            return Err(Failure::BadInput(format!(
                "{name}: not read by --view circuit (it draws the circuit, not a chart)"
            )));
        }
    } else if condition {
        return Err(Failure::BadInput(
            "--condition: read by --view circuit only (the chart shows every condition)".into(),
        ));
    }
    Ok(())
}

/// Every line of a message on stderr, each with the prefix (a message may
/// hold several problems, of one file or of several).
fn print_lines(prefix: &str, msg: &str) {
    for line in msg.lines() {
        eprintln!("{prefix}: {line}");
    }
}

/// Prints the metric table of a scenario (or results) file.
fn metrics(path: &Path) -> Result<(), Failure> {
    // A results file is read whole, as `figure` reads it: a broken one is
    // refused here too.
    let scenario = match files::results_in(path)? {
        Some(exp) => exp.scenario().clone(),
        None => load(path, Overrides::default())?.1,
    };
    let table = modulab::experiment::metric_table(&scenario);
    let nw = table.iter().map(|m| m.name.len()).max().unwrap_or(4).max(4);
    let uw = table
        .iter()
        .map(|m| m.unit.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    files::print_line(&format!(
        "{:nw$}  {:10}  {:uw$}  {:10}  what",
        "name", "group", "unit", "range"
    ))?;
    for m in &table {
        let range = m
            .range
            .map_or_else(|| "open".to_string(), |(lo, hi)| format!("[{lo}, {hi}]"));
        files::print_line(&format!(
            "{:nw$}  {:10}  {:uw$}  {:10}  {}",
            m.name,
            m.group.id(),
            m.unit,
            range,
            m.label
        ))?;
    }
    Ok(())
}

fn validate(paths: &[PathBuf]) -> Result<(), Failure> {
    let mut bad = Vec::new();
    for path in paths {
        // A sweep file is checked as a sweep: its base and every point.
        if crate::files::read_text(path).is_ok_and(|t| sweep::is_sweep(&t)) {
            match sweep::check(path) {
                Ok(summary) => files::print_line(&format!("ok: {}: {summary}", path.display()))?,
                Err(Failure::BadInput(m)) | Err(Failure::Internal(m)) => bad.push(m),
            }
            continue;
        }
        // A results file is checked whole (its runs too, as `figure` reads
        // them), not only its scenario.
        match files::results_in(path) {
            Ok(Some(exp)) => {
                let s = exp.scenario();
                files::print_line(&format!(
                    "ok: {}: results of a {} task, {} of {} trials, {} condition(s) × {} seed(s)",
                    path.display(),
                    s.task.kind(),
                    exp.trials_done(),
                    s.task.trials(),
                    s.conditions.len(),
                    s.seeds
                ))?;
                continue;
            }
            Ok(None) => {}
            Err(Failure::BadInput(m)) | Err(Failure::Internal(m)) => {
                // Its scenario alone may still be good: say that it runs.
                let hint = if load(path, Overrides::default()).is_ok() {
                    format!(
                        " (its scenario is valid: `modulab run {}` re-runs it)",
                        path.display()
                    )
                } else {
                    String::new()
                };
                bad.push(format!("{m}{hint}"));
                continue;
            }
        }
        match load(path, Overrides::default()) {
            Ok((_, s)) => files::print_line(&format!(
                "ok: {}: {} task, {} trials, {} condition(s) × {} seed(s)",
                path.display(),
                s.task.kind(),
                s.task.trials(),
                s.conditions.len(),
                s.seeds
            ))?,
            Err(Failure::BadInput(m)) | Err(Failure::Internal(m)) => bad.push(m),
        }
    }
    if bad.is_empty() {
        Ok(())
    } else {
        Err(Failure::BadInput(bad.join("\n")))
    }
}

fn presets(dir: &Path, given: bool) -> Result<(), Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        let hint = if given {
            ""
        } else {
            " (run from the repository root or pass --dir)"
        };
        Failure::BadInput(format!("{}: {e}{hint}", dir.display()))
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for path in &files {
        match load(path, Overrides::default()) {
            Ok((_, s)) => rows.push((s.name.clone(), s.task.kind(), path.display().to_string())),
            Err(Failure::BadInput(m)) | Err(Failure::Internal(m)) => bad.push(m),
        }
    }
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let width = width.max(4);
    let kw = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(4);
    files::print_line(&format!("{:width$}  {:kw$}  file", "name", "task"))?;
    for (name, kind, file) in rows {
        files::print_line(&format!("{name:width$}  {kind:kw$}  {file}"))?;
    }
    if bad.is_empty() {
        Ok(())
    } else {
        Err(Failure::BadInput(bad.join("\n")))
    }
}

fn digest(paths: &[PathBuf]) -> Result<(), Failure> {
    let mut list = Vec::new();
    for path in paths {
        // A results file: the digest of its stored runs, as stored (equal to
        // its scenario's when the file is complete and this engine's).
        let (text, exp) = match files::results_in(path)? {
            Some(exp) => (exp.scenario().to_json(), exp),
            None => {
                let (text, scenario) = load(path, Overrides::default())?;
                let mut exp = Experiment::new(scenario);
                exp.run_to_end();
                (text, exp)
            }
        };
        list.push(serde_json::json!({
            "file": path.display().to_string(),
            "scenario": text,
            "digest": exp.digest(),
        }));
    }
    let text = serde_json::to_string_pretty(&list)
        .map_err(|e| Failure::Internal(format!("encoding digests: {e}")))?;
    files::print_line(&text)
}
