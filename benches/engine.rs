//! `make bench`, native half: trials per second of the bandit learner on one
//! core, and the memory of one run of ten million trials, printed as figures
//! (a benchmark, not a test: nothing here passes or fails).

#[path = "common/node.rs"]
mod node;

use modulab::experiment::Experiment;
use std::time::Instant;

/// The workload shared with benches/wasm_bench.mjs, so the two figures compare.
const BANDIT: &str = r#"{"task": {"kind": "bandit", "p_reward": [0.8, 0.2], "trials": 100000},
    "seeds": 10, "conditions": [{"label": "control"}]}"#;

/// The full circuit (all four nuclei, the adaptive learning rate, the
/// prefrontal filter) on probabilistic reversal: issue 3's figure.
const REVERSAL: &str = r#"{"task": {"kind": "reversal", "trials": 100000}, "seeds": 10,
    "model": {"adaptive_learning_rate": true}, "conditions": [{"label": "control"}]}"#;

/// Trials per second over `repeats` runs, sorted (slowest first), and the
/// digest. The figure is the best run: the work is deterministic, so other
/// load only ever slows it down, and this shared machine's speed was seen
/// to vary by ×1.8 between runs a minute apart (1.73–3.14 M trials/s on
/// the reversal workload); the median and range are printed beside it.
fn trials_per_second(text: &str, repeats: usize) -> (Vec<f64>, String) {
    let mut rates = Vec::new();
    let mut digest = String::new();
    for _ in 0..repeats {
        let mut exp = Experiment::from_json(text).expect("bench scenario is valid");
        exp.build();
        let start = Instant::now();
        exp.run_to_end();
        let secs = start.elapsed().as_secs_f64();
        let trials = exp.runs().len() as f64 * exp.scenario().task.trials() as f64;
        rates.push(trials / secs);
        digest = exp.digest();
    }
    rates.sort_by(f64::total_cmp);
    (rates, digest)
}

/// This process's resident memory now and at its peak (kB), from Linux's
/// /proc/self/status; `None` elsewhere.
fn memory_kb() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse::<u64>()
            .ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// One run of the full circuit for 10^7 trials, stepped as the page steps
/// it: resident memory at each decade shows whether it stays bounded (the
/// recording keeps at most a fixed number of points per series).
fn long_run() {
    let text = REVERSAL
        .replace("\"trials\": 100000", "\"trials\": 10000000")
        .replace("\"seeds\": 10", "\"seeds\": 1");
    let mut exp = Experiment::from_json(&text).expect("bench scenario is valid");
    let start = Instant::now();
    let mut line = Vec::new();
    for decade in [100_000u64, 1_000_000, 10_000_000] {
        exp.step(decade - u64::from(exp.trials_done()));
        if let Some((rss, peak)) = memory_kb() {
            line.push(format!("{decade:.0e} trials: {rss} kB (peak {peak} kB)"));
            // A `figure:` line for docs/figures.md (tools/figures.mjs).
            println!(
                "figure: native.long_run_resident_{decade:.0e} = {:.2} MB | one native run of the full circuit, resident memory after {decade:.0e} trials",
                rss as f64 / 1024.0
            );
        }
    }
    println!(
        "native long run, full circuit on reversal, 10^7 trials in {:.1} s; resident memory at {}",
        start.elapsed().as_secs_f64(),
        line.join(", ")
    );
}

/// The best of [`PER_ROUND`] wasm runs of the workload `key` in Node on the
/// page's build (benches/wasm_bench.mjs --once): trials per second and digest.
fn wasm_once(key: &str) -> Result<(f64, String), String> {
    rate_and_digest(&node::node_json(&[
        "benches/wasm_bench.mjs",
        "--once",
        key,
    ])?)
}

/// The `{"rate", "digest"}` line of a `--once` run.
fn rate_and_digest(v: &serde_json::Value) -> Result<(f64, String), String> {
    let rate = v["rate"].as_f64().ok_or("no rate in the --once line")?;
    Ok((rate, v["digest"].as_str().unwrap_or_default().to_string()))
}

/// The same in native code: this bench run again as `--once KEY` in a
/// fresh process, so that both halves start alike (a new process, the same
/// warm-up, the best of [`PER_ROUND`]).
fn native_once(key: &str) -> Result<(f64, String), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    rate_and_digest(&node::last_json_line(exe.as_os_str(), &["--once", key])?)
}

/// wasm over native speed, from [`ROUNDS`] rounds of a native run then a
/// wasm run, each a fresh process that warms up for 1.5 s and reports the
/// best of [`PER_ROUND`] timed runs, so that both halves of each ratio see
/// the same load and start alike: the median of the rounds' ratios.
fn alternate(key: &str, name: &str) {
    let mut ratios = Vec::new();
    for _ in 0..ROUNDS {
        let (native, digest) = match native_once(key) {
            Ok(n) => n,
            Err(e) => {
                println!("native half of the alternation failed: {e}");
                return;
            }
        };
        match wasm_once(key) {
            Ok((wasm, wasm_digest)) => {
                if wasm_digest != digest {
                    println!(
                        "warning: {name}: wasm digest {wasm_digest} differs from native {digest}"
                    );
                }
                ratios.push(wasm / native);
            }
            Err(e) => {
                println!(
                    "wasm half of the alternation skipped (make bench builds www/pkg first): {e}"
                );
                return;
            }
        }
    }
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    println!(
        "wasm over native, {name}, {ROUNDS} alternating rounds: median {median:.2} (range {:.2}-{:.2})",
        ratios[0],
        ratios[ratios.len() - 1]
    );
    println!(
        "figure: wasm_over_native.{key} = {median:.2} x | {name}: wasm in Node over native, {ROUNDS} rounds of native then wasm (each a fresh process: 1.5 s warm-up, best of {PER_ROUND} runs), median of the rounds' ratios | >= 0.5"
    );
}

/// `--once bandit|reversal`: the best of [`PER_ROUND`] runs after a
/// warm-up of 1.5 s, as JSON on one line, in a fresh process — the same
/// protocol as benches/wasm_bench.mjs --once, so that the two halves of
/// [`alternate`]'s ratio are measured alike.
fn once(key: &str) {
    let text = if key == "bandit" { BANDIT } else { REVERSAL };
    let warm = text.replace("\"seeds\": 10", "\"seeds\": 1");
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < 1.5 {
        let mut exp = Experiment::from_json(&warm).expect("bench scenario is valid");
        while !exp.is_done() && start.elapsed().as_secs_f64() < 1.5 {
            exp.step(1000);
        }
    }
    let (rates, digest) = trials_per_second(text, PER_ROUND);
    println!(
        "{}",
        serde_json::json!({"rate": rates[PER_ROUND - 1], "digest": digest})
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--once") {
        once(args.get(i + 1).map_or("reversal", String::as_str));
        return;
    }
    long_run();
    for (name, text) in [("bandit", BANDIT), ("reversal, full circuit", REVERSAL)] {
        let (rates, digest) = trials_per_second(text, REPEATS);
        let best = rates[rates.len() - 1];
        let median = rates[rates.len() / 2];
        println!(
            "native {name}: {:.2} M trials/s (best of {REPEATS}; median {:.2}, slowest {:.2}; 10 seeds x 100000 trials; digest {digest})",
            best / 1e6,
            median / 1e6,
            rates[0] / 1e6
        );
        // `figure:` lines for docs/figures.md (tools/figures.mjs); the wasm
        // bench prints wasm.bandit and wasm.reversal against these.
        let (key, budget) = if name == "bandit" {
            ("bandit", "")
        } else {
            // Issue 14: the full circuit of seven regions at >= 3 M trials/s.
            ("reversal", " | >= 3")
        };
        println!(
            "figure: native.{key} = {:.2} M trials/s | {name}, native, one core, best of {REPEATS} (median {:.2}){budget}",
            best / 1e6,
            median / 1e6
        );
    }
    alternate("bandit", "bandit");
    alternate("reversal", "reversal, full circuit");
}

/// Runs per workload; the native and wasm benches take the same number.
const REPEATS: usize = 9;

/// Rounds of the native/wasm alternation.
const ROUNDS: usize = 5;

/// Runs of each half in a round, the best taken (benches/wasm_bench.mjs
/// --once takes as many).
const PER_ROUND: usize = 3;
