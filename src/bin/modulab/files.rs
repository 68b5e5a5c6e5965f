//! Files in and out, shared by every command: reading scenario and results
//! files (with the command line's overrides), opening outputs, the progress
//! bar, and the failure type whose kind sets the exit code.

use modulab::experiment::Experiment;
use modulab::scenario::Scenario;
use std::io::IsTerminal;
use std::path::Path;

/// Command-line values that replace the scenario's own, validated as if
/// they were in the file.
#[derive(clap::Args, Clone, Copy, Debug, Default)]
pub struct Overrides {
    /// Seeds per condition (replaces the scenario's `seeds`).
    #[arg(long)]
    pub seeds: Option<u64>,
    /// Trials per run (replaces the scenario's `task.trials`).
    #[arg(long)]
    pub trials: Option<u64>,
}

/// A failure and the exit code it maps to.
pub enum Failure {
    /// Exit code 2: the input is wrong; the message names file and field.
    BadInput(String),
    /// Exit code 1: something else failed (writing, encoding).
    Internal(String),
}

/// Largest input file read (a results file with its data; 256 MiB).
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// Reads a file as UTF-8 text; a missing, unreadable or oversized file
/// (more than [`MAX_FILE_BYTES`]) is bad input.
pub fn read_text(path: &Path) -> Result<String, Failure> {
    let name = path.display();
    // Refuse a huge file before reading it (results files from the page can
    // be large, scenarios are at most 1 MiB).
    let size = std::fs::metadata(path)
        .map_err(|e| Failure::BadInput(format!("{name}: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Failure::BadInput(format!(
            "{name}: the file is {size} bytes; at most {MAX_FILE_BYTES} bytes are read"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Failure::BadInput(format!("{name}: {e}")))?;
    String::from_utf8(bytes).map_err(|_| Failure::BadInput(format!("{name}: not UTF-8 text")))
}

/// Every problem of a scenario, one line each, prefixed with `name`.
pub fn scenario_errors(name: &str, e: &modulab::scenario::ScenarioError) -> Failure {
    let lines: Vec<String> = e.errors.iter().map(|f| format!("{name}: {f}")).collect();
    Failure::BadInput(lines.join("\n"))
}

/// Loads and validates a scenario file, with the command line's overrides.
pub fn load(path: &Path, over: Overrides) -> Result<(String, Scenario), Failure> {
    let text = read_text(path)?;
    // A results file (the page's export, `run --out FILE.json`) holds its
    // scenario under "scenario".
    let text = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(doc) if modulab::results::claims_results(&doc) => {
            match modulab::results::scenario_in(&doc) {
                // Settings an earlier engine accepted that change nothing
                // for the task are left out, and named.
                Some(s) => match Scenario::recover(s.clone()) {
                    Ok(read) if !read.dropped.is_empty() => {
                        warn_left_out(path, &read.dropped);
                        read.json.to_string()
                    }
                    _ => s.to_string(),
                },
                // Without its scenario, a results file is told what is
                // wrong with it as results, not as a scenario.
                None => {
                    let e = modulab::results::from_value(&doc)
                        .err()
                        .map_or_else(|| "scenario: missing".to_string(), |e| e.to_string());
                    return Err(Failure::BadInput(format!("{}: {e}", path.display())));
                }
            }
        }
        _ => text,
    };
    let name = path.display().to_string();
    let scenario = if over.seeds.is_none() && over.trials.is_none() {
        Scenario::from_json(&text).map_err(|e| scenario_errors(&name, &e))?
    } else {
        // Checked first as written, so a bad file is not blamed on an option.
        Scenario::from_json(&text).map_err(|e| scenario_errors(&name, &e))?;
        let mut value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Failure::BadInput(format!("{name}: not valid JSON: {e}")))?;
        if let Some(n) = over.seeds {
            value["seeds"] = n.into();
        }
        if let Some(n) = over.trials {
            value["task"]["trials"] = n.into();
        }
        Scenario::from_value(value).map_err(|e| {
            let lines: Vec<String> = e
                .errors
                .iter()
                .map(|f| {
                    let option = match f.path.as_str() {
                        "seeds" if over.seeds.is_some() => "--seeds",
                        "task.trials" if over.trials.is_some() => "--trials",
                        _ => "",
                    };
                    if option == "--trials" && f.message.starts_with("unknown field") {
                        format!(
                            "--trials: {name}: the {} task has no task.trials (its length \
                             comes from its other fields); edit the file instead",
                            kind_of(&text)
                        )
                    } else if option.is_empty() {
                        // The file was valid as written: the options made
                        // this field wrong (a from_trial past --trials).
                        let given: Vec<String> =
                            [("--seeds", over.seeds), ("--trials", over.trials)]
                                .iter()
                                .filter_map(|(o, v)| v.map(|v| format!("{o} {v}")))
                                .collect();
                        format!("{}: {name}: {f}", given.join(" "))
                    } else {
                        format!("{option}: {name}: {f}")
                    }
                })
                .collect();
            Failure::BadInput(lines.join("\n"))
        })?
    };
    Ok((text, scenario))
}

/// The experiment of a results file, read and checked by the engine;
/// `None` when `path` holds something else (a scenario).
pub fn results_in(path: &Path) -> Result<Option<Experiment>, Failure> {
    Ok(results_with_view(path)?.map(|(exp, _)| exp))
}

/// [`results_in`], with the view the page showed the runs in, when the
/// file keeps one (a results file the page exported).
pub fn results_with_view(
    path: &Path,
) -> Result<Option<(Experiment, Option<serde_json::Value>)>, Failure> {
    let text = read_text(path)?;
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Ok(None);
    };
    if !modulab::results::claims_results(&doc) {
        return Ok(None);
    }
    let results = modulab::results::from_value(&doc)
        .map_err(|e| Failure::BadInput(format!("{}: {e}", path.display())))?;
    // Stored numbers are shown as stored: say whether this engine gives them.
    let identity = results.identity();
    if !identity.is_identical() {
        eprintln!("warning: {}: {}", path.display(), identity.message());
    }
    // Settings an earlier engine accepted that change nothing for the task
    // are removed on reading: the stored numbers are the same without them.
    if !results.dropped.is_empty() {
        warn_left_out(path, &results.dropped);
    }
    let view = results.view.clone();
    results
        .into_experiment()
        .map(|exp| Some((exp, view)))
        .map_err(|e| Failure::BadInput(format!("{}: {e}", path.display())))
}

/// Warns that a results file's scenario set `dropped`, which its task does
/// not read, and that they were left out ([`Scenario::recover`]).
fn warn_left_out(path: &Path, dropped: &[String]) {
    eprintln!(
        "warning: {}: {}: not read by its task (they change no number), so left out",
        path.display(),
        dropped.join(", ")
    );
}

/// The `task.kind` of scenario text already known to be valid.
fn kind_of(text: &str) -> String {
    Scenario::from_json(text).map_or_else(|_| "?".into(), |s| s.task.kind().to_string())
}

/// A progress bar on stderr when it is a terminal and CI is not set.
pub fn progress_bar(total: u64) -> indicatif::ProgressBar {
    let show = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:30} {percent:>3}% {human_pos}/{human_len} trials, ETA {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Maps a write error to an internal failure; a reader that stops early
/// (`| head`) is not an error.
pub fn write_result<T: Default>(r: std::io::Result<T>, what: &str) -> Result<T, Failure> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(T::default()),
        Err(e) => Err(Failure::Internal(format!("writing {what}: {e}"))),
        Ok(t) => Ok(t),
    }
}

/// Writes `text` and a newline to standard output: `println!` without its
/// panic when the reader stops early (`modulab validate *.json | head`).
pub fn print_line(text: &str) -> Result<(), Failure> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let r = writeln!(out, "{text}").and_then(|()| out.flush());
    write_result(r, "standard output")
}

/// Refuses an `--out` that is the input file itself: the run would replace
/// the scenario it reads.
pub fn refuse_overwriting_input(input: &Path, out: &Path) -> Result<(), Failure> {
    let same = match (std::fs::canonicalize(input), std::fs::canonicalize(out)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Failure::BadInput(format!(
            "--out {}: is the file being read; write the output under another name",
            out.display()
        )));
    }
    Ok(())
}

/// Where a command's rows go: standard output, or a file. A file is written
/// under a temporary name beside it (`NAME.partial`) and renamed into place
/// by [`Output::finish`] once complete, so a run that fails or is stopped
/// never leaves a truncated file that looks finished at the path asked for
/// (a failed run removes its partial file; an interrupted one leaves it,
/// named as such).
pub struct Output {
    w: std::io::BufWriter<Box<dyn std::io::Write + Send>>,
    /// (partial, final) paths of a file output.
    file: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

impl std::io::Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.w.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.w.write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

impl Output {
    /// Flushes, and moves a file output from its partial name into place.
    pub fn finish(mut self) -> std::io::Result<()> {
        use std::io::Write as _;
        self.w.flush()?;
        if let Some((partial, dest)) = &self.file {
            std::fs::rename(partial, dest)?;
            // In place: nothing left for Drop to remove.
            self.file = None;
        }
        Ok(())
    }
}

impl Drop for Output {
    /// Not finished (an error on the way): the partial file goes.
    fn drop(&mut self) {
        if let Some((partial, _)) = self.file.take() {
            let _ = std::fs::remove_file(partial);
        }
    }
}

/// Opens `out` for buffered writing (see [`Output`]), or standard output
/// when absent.
pub fn open_out(out: Option<&Path>) -> Result<Output, Failure> {
    let cap = 1 << 16;
    Ok(match out {
        Some(file) => {
            let mut name = file.as_os_str().to_owned();
            name.push(".partial");
            let partial = std::path::PathBuf::from(name);
            let f = std::fs::File::create(&partial)
                .map_err(|e| Failure::Internal(format!("{}: {e}", file.display())))?;
            Output {
                w: std::io::BufWriter::with_capacity(cap, Box::new(f)),
                file: Some((partial, file.to_path_buf())),
            }
        }
        None => Output {
            w: std::io::BufWriter::with_capacity(cap, Box::new(std::io::stdout())),
            file: None,
        },
    })
}
