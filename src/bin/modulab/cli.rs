//! Commands and their exit codes.

use clap::{Parser, Subcommand};
use modulab::experiment::Experiment;
use modulab::scenario::Scenario;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "modulab",
    version,
    about = "Neuromodulated plasticity experiments from scenario files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run every condition and seed of a scenario and write the tidy CSV
    /// (condition,seed,trial,metric,value).
    ///
    /// Example: modulab run www/scenarios/bandit.json --out bandit.csv
    Run {
        /// The scenario file (JSON).
        scenario: PathBuf,
        /// Where to write the CSV; standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check scenario files: a one-line summary each, or the first problem.
    ///
    /// Example: modulab validate www/scenarios/*.json
    Validate {
        /// The scenario files (JSON).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// Run scenarios and print a JSON list of {file, scenario, digest}: equal
    /// digests mean bit-identical results (the wasm test compares against it).
    ///
    /// Example: modulab digest www/scenarios/*.json > digests.json
    Digest {
        /// The scenario files (JSON).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
}

/// A failure and the exit code it maps to.
enum Failure {
    BadInput(String),
    Internal(String),
}

/// Parses the arguments, runs the command, maps failures to exit codes.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run { scenario, out } => run(&scenario, out.as_deref()),
        Command::Validate { scenarios } => validate(&scenarios),
        Command::Digest { scenarios } => digest(&scenarios),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Internal(msg)) => {
            eprintln!("internal error: {msg}");
            ExitCode::from(1)
        }
    }
}

fn load(path: &Path) -> Result<(String, Scenario), Failure> {
    let name = path.display();
    let bytes = std::fs::read(path).map_err(|e| Failure::BadInput(format!("{name}: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::BadInput(format!("{name}: not UTF-8 text")))?;
    // A results file exported by the page holds its scenario under "scenario".
    let text = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(mut doc))
            if doc.get("modulab").and_then(|v| v.as_str()) == Some("results") =>
        {
            doc.remove("scenario").map_or(text, |s| s.to_string())
        }
        _ => text,
    };
    let scenario = Scenario::from_json(&text).map_err(|e| {
        let lines: Vec<String> = e.errors.iter().map(|f| format!("{name}: {f}")).collect();
        Failure::BadInput(lines.join("\n"))
    })?;
    Ok((text, scenario))
}

fn run(path: &Path, out: Option<&Path>) -> Result<(), Failure> {
    let (_, scenario) = load(path)?;
    let mut exp = Experiment::new(scenario);
    exp.run_to_end();
    let io_err = |e: std::io::Error| Failure::Internal(format!("writing the CSV: {e}"));
    // A reader that stops early (`| head`) is not an error.
    let done = |r: std::io::Result<()>| match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(io_err),
    };
    match out {
        Some(file) => {
            let f = std::fs::File::create(file)
                .map_err(|e| Failure::Internal(format!("{}: {e}", file.display())))?;
            let mut w = BufWriter::new(f);
            exp.write_csv(&mut w)
                .and_then(|()| w.flush())
                .map_err(io_err)
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            done(exp.write_csv(&mut w).and_then(|()| w.flush()))
        }
    }
}

fn validate(paths: &[PathBuf]) -> Result<(), Failure> {
    let mut bad = Vec::new();
    for path in paths {
        match load(path) {
            Ok((_, s)) => println!(
                "ok: {}: {} task, {} trials, {} condition(s) × {} seed(s)",
                path.display(),
                s.task.kind(),
                s.task.trials(),
                s.conditions.len(),
                s.seeds
            ),
            Err(Failure::BadInput(m)) | Err(Failure::Internal(m)) => bad.push(m),
        }
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
        let (text, scenario) = load(path)?;
        let mut exp = Experiment::new(scenario);
        exp.run_to_end();
        list.push(serde_json::json!({
            "file": path.display().to_string(),
            "scenario": text,
            "digest": exp.digest(),
        }));
    }
    let text = serde_json::to_string_pretty(&list)
        .map_err(|e| Failure::Internal(format!("encoding digests: {e}")))?;
    println!("{text}");
    Ok(())
}
