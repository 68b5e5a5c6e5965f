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

/// Timed runs on each thread count.
const REPEATS: usize = 5;

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
    // target/ of the checkout, which need not exist when CARGO_TARGET_DIR
    // points elsewhere.
    let dir = root.join("target");
    std::fs::create_dir_all(&dir).expect("create target/");
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
    let taskset = Command::new("taskset")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    // (wall seconds, CPU seconds of the child).
    let time = |threads: usize| {
        let cpu0 = children_cpu_seconds();
        let start = Instant::now();
        // One core means one CPU, writer thread included: pinned with
        // taskset where it exists (util-linux), else one rayon thread.
        let pinned = threads == 1 && taskset;
        let mut cmd = if pinned {
            let mut c = Command::new("taskset");
            c.args(["-c", "0", env!("CARGO_BIN_EXE_modulab")]);
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_modulab"))
        };
        let status = cmd
            .args(["sweep", sweep.to_str().expect("utf8"), "--out"])
            .arg(&out)
            .env("RAYON_NUM_THREADS", threads.to_string())
            .env("CI", "1")
            .status()
            .expect("modulab runs");
        assert!(status.success());
        (start.elapsed().as_secs_f64(), children_cpu_seconds() - cpu0)
    };
    // Interleaved, and the fastest of each: the machine may be shared, and
    // the minimum is the least disturbed estimate.
    let (mut one, mut all) = ((f64::INFINITY, 0.0), (f64::INFINITY, 0.0));
    for _ in 0..REPEATS {
        let t = time(1);
        if t.0 < one.0 {
            one = t;
        }
        let t = time(cores);
        if t.0 < all.0 {
            all = t;
        }
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load.split_whitespace().next().unwrap_or("?");
    let rows = std::fs::read_to_string(&out)
        .expect("sweep output")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .count()
        - 1;
    let name = preset.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
    println!(
        "sweep ({name}: {runs} runs × {} trials, {:.2} M rows): 1 core {:.2} s, {cores} cores {:.2} s, \
speed-up {:.2}x{}; {:.2} M rows/s on {cores} cores ({:.2} M on 1) (fastest of {REPEATS}; load average {load} \
on {cores} cores); CPU time 1 thread {:.2} s, {cores} threads {:.2} s, {:.2} M rows per CPU-second",
        scenario.task.trials(),
        rows as f64 / 1e6,
        one.0,
        all.0,
        one.0 / all.0,
        if taskset { "" } else { " (1 core = 1 rayon thread + writer; no taskset)" },
        rows as f64 / all.0 / 1e6,
        rows as f64 / one.0 / 1e6,
        one.1,
        all.1,
        rows as f64 / one.1 / 1e6,
    );
    // `figure:` lines for docs/figures.md (tools/figures.mjs).
    println!(
        "figure: sweep.speedup = {:.2} x | sweep of {runs} {name} runs, {cores} cores vs 1 | >= 1.8",
        one.0 / all.0
    );
    println!(
        "figure: sweep.rows = {:.1} M rows/s | the same sweep's CSV rows on {cores} cores",
        rows as f64 / all.0 / 1e6
    );
}

/// User + system CPU seconds of this process's waited-for children
/// (/proc/self/stat fields 16 and 17, in clock ticks of 1/100 s).
fn children_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // rest starts at field 3 (state): cutime is field 16, cstime field 17.
    (f.get(13).copied().unwrap_or(0.0) + f.get(14).copied().unwrap_or(0.0)) / 100.0
}
