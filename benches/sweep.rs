//! `make bench`, sweep half: `modulab sweep` of 1,000 runs on one core and
//! on every core, with the speed-up and the CSV rows written per second
//! (figures, not a test). Sweeps the reversal preset when it exists, else
//! the bandit preset.

use modulab::scenario::Scenario;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs in the sweep (points × conditions × seeds), about.
const RUNS: usize = 1000;
const SEEDS: usize = 10;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let preset = ["reversal", "bandit"]
        .iter()
        .map(|n| root.join(format!("www/scenarios/{n}.json")))
        .find(|p| p.exists())
        .expect("a bandit or reversal preset");
    let text = std::fs::read_to_string(&preset).expect("preset");
    let scenario = Scenario::from_json(&text).expect("valid preset");
    let conditions = scenario.conditions.len();
    let points = RUNS.div_ceil(conditions * SEEDS);
    let runs = points * conditions * SEEDS;
    // Learning rates spread over [0.05, 0.5].
    let rates: Vec<String> = (0..points)
        .map(|i| format!("{:.4}", 0.05 + 0.45 * i as f64 / (points.max(2) - 1) as f64))
        .collect();
    let dir = root.join("target");
    let sweep = dir.join("bench-sweep.json");
    let out = dir.join("bench-sweep.csv");
    std::fs::write(
        &sweep,
        format!(
            r#"{{"base": {text}, "grid": {{"model.learning_rate": [{}]}}, "seeds": {SEEDS}}}"#,
            rates.join(", ")
        ),
    )
    .expect("write the sweep file");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let time = |threads: usize| {
        let secs: Vec<f64> = (0..5)
            .map(|_| {
                let start = Instant::now();
                let status = Command::new(env!("CARGO_BIN_EXE_modulab"))
                    .args(["sweep", sweep.to_str().expect("utf8"), "--out"])
                    .arg(&out)
                    .env("RAYON_NUM_THREADS", threads.to_string())
                    .env("CI", "1")
                    .status()
                    .expect("modulab runs");
                assert!(status.success());
                start.elapsed().as_secs_f64()
            })
            .collect();
        median(secs)
    };
    let one = time(1);
    let all = time(cores);
    let rows = std::fs::read_to_string(&out)
        .expect("sweep output")
        .lines()
        .count()
        - 1;
    let name = preset.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
    println!(
        "sweep ({name}: {runs} runs × {} trials, {:.2} M rows): 1 core {one:.2} s, {cores} cores {all:.2} s, \
speed-up {:.2}x; {:.2} M rows/s on {cores} cores ({:.2} M on 1) (median of 5)",
        scenario.task.trials(),
        rows as f64 / 1e6,
        one / all,
        rows as f64 / all / 1e6,
        rows as f64 / one / 1e6,
    );
}
