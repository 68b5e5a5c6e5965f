//! `make bench`, spiking half: model seconds of the Izhikevich (2007)
//! network (1000 neurons, plasticity on, daspnet.m constants) simulated per
//! wall-clock second on one core, interleaved A B A B with the peer
//! implementations in ../shared/bench (Brian2 C++ standalone and runtime,
//! NumPy) when they are set up. Prints figures; nothing passes or fails.
//!
//! Each timing is given as wall clock and as CPU time. Brian2's C++
//! standalone figure is CPU time (its generated network.cpp times the run
//! with `std::clock()` when OpenMP is off), so on a shared machine the
//! ratio to it is taken CPU time against CPU time; Brian2 runtime and NumPy
//! report wall clock and are set against ModuLab's wall clock.
//!
//! Environment: SPIKING_T (model seconds per timing, default 10), SPIKING_D
//! (max conduction delay, 1 or 20; default 1), SPIKING_ROUNDS (default 3),
//! PEERS (the peers' folder, default ../shared/bench from the repo root;
//! "none" skips them).

use modulab::experiment::Experiment;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU time of this thread so far, in seconds (Linux's
/// /proc/thread-self/schedstat: ns on the CPU); None elsewhere.
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns * 1e-9)
}

/// One timing: ms of wall clock and of CPU time (NaN if unknown) per model
/// second, and the mean firing rate (Hz).
struct Timing {
    wall: f64,
    cpu: f64,
    rate: f64,
}

/// One timing of ModuLab natively.
fn modulab_once(t: u32, d: u32) -> Timing {
    let text = format!(
        r#"{{"task": {{"kind": "distal_reward", "duration_s": {t}, "max_delay_ms": {d}}}, "seeds": 1}}"#
    );
    let mut exp = Experiment::from_json(&text).expect("bench scenario is valid");
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    exp.run_to_end();
    let secs = start.elapsed().as_secs_f64();
    let cpu = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) => 1000.0 * (b - a) / t as f64,
        _ => f64::NAN,
    };
    let run = &exp.runs()[0];
    let (e, i) = run
        .spiking()
        .map(|s| s.network().spike_counts())
        .unwrap_or((0, 0));
    let rate = (e + i) as f64 / 1000.0 / t as f64;
    Timing {
        wall: 1000.0 * secs / t as f64,
        cpu,
        rate,
    }
}

/// One wasm timing in Node on the page's build (www/pkg); CPU time is
/// Node's `process.cpuUsage()` (the whole process, compiler threads idle by then).
fn wasm_once(t: u32, d: u32) -> Result<Timing, String> {
    let out = Command::new("node")
        .args([
            "benches/spiking_wasm.mjs",
            &t.to_string(),
            &d.to_string(),
            "1",
            "--json",
        ])
        .output()
        .map_err(|e| format!("cannot start node: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = text
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .ok_or("no figure from benches/spiking_wasm.mjs")?;
    Ok(Timing {
        wall: v["ms_per_model_s"].as_f64().unwrap_or(f64::NAN),
        cpu: v["cpu_ms_per_model_s"].as_f64().unwrap_or(f64::NAN),
        rate: v["rate_hz"].as_f64().unwrap_or(f64::NAN),
    })
}

/// One run of the peers: (name, ms per model second, rate Hz) per peer.
fn peers_once(dir: &std::path::Path, t: u32, d: u32) -> Result<Vec<(String, f64, f64)>, String> {
    let out = Command::new(dir.join("peers.sh"))
        .args(["run", &t.to_string(), &d.to_string()])
        .output()
        .map_err(|e| format!("cannot start peers.sh: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let mut rows = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
            if let (Some(p), Some(ms)) = (v["peer"].as_str(), v["ms_per_model_s"].as_f64()) {
                rows.push((p.to_string(), ms, v["rate_hz"].as_f64().unwrap_or(f64::NAN)));
            }
        } else if let Some(floor) = line.strip_prefix("# floor: ") {
            println!("  peer floor.c: {floor}");
        }
    }
    Ok(rows)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        f64::NAN
    } else {
        v[v.len() / 2]
    }
}

fn main() {
    let t: u32 = env_or("SPIKING_T", 10);
    let d: u32 = env_or("SPIKING_D", 1);
    let rounds: usize = env_or("SPIKING_ROUNDS", 3);
    let peers = std::env::var("PEERS").unwrap_or_else(|_| "../shared/bench".into());
    let peer_dir = PathBuf::from(&peers);
    let use_peers = peers != "none" && peer_dir.join("peers.sh").exists();
    if !use_peers {
        println!("spiking: peers not found at {peers} (set PEERS=DIR, run DIR/peers.sh setup); ModuLab only");
    }
    println!("spiking: Izhikevich 2007 network, 1000 neurons, plasticity on, D = {d} ms, {t} model s per timing, {rounds} rounds (A B A B)");
    // Warm-up (page cache, CPU frequency).
    modulab_once(2, d);
    let (mut ours, mut ours_cpu) = (Vec::new(), Vec::new());
    let (mut wasm, mut wasm_cpu) = (Vec::new(), Vec::new());
    let mut wasm_ok = std::path::Path::new("www/pkg/modulab_bg.wasm").exists();
    if !wasm_ok {
        println!("spiking: www/pkg not built (make wasm); no wasm figure");
    }
    let mut our_rate = 0.0;
    let mut theirs: Vec<(String, Vec<f64>, f64)> = Vec::new();
    let mut peers_ok = use_peers;
    for round in 0..rounds {
        let ours_now = modulab_once(t, d);
        println!(
            "  round {}: modulab native {:.3} ms per model s, CPU {:.3} (rate {:.3} Hz)",
            round + 1,
            ours_now.wall,
            ours_now.cpu,
            ours_now.rate
        );
        ours.push(ours_now.wall);
        ours_cpu.push(ours_now.cpu);
        our_rate = ours_now.rate;
        if wasm_ok {
            match wasm_once(t, d) {
                Ok(w) => {
                    println!(
                        "  round {}: modulab wasm (Node) {:.3} ms per model s, CPU {:.3} (rate {:.3} Hz)",
                        round + 1,
                        w.wall,
                        w.cpu,
                        w.rate
                    );
                    wasm.push(w.wall);
                    wasm_cpu.push(w.cpu);
                }
                Err(e) => {
                    println!("  wasm could not run ({e})");
                    wasm_ok = false;
                }
            }
        }
        if peers_ok {
            match peers_once(&peer_dir, t, d) {
                Ok(rows) => {
                    for (name, ms, rate) in rows {
                        println!(
                            "  round {}: {name} {ms:.3} ms per model s (rate {rate:.3} Hz)",
                            round + 1
                        );
                        match theirs.iter_mut().find(|(n, _, _)| *n == name) {
                            Some(entry) => entry.1.push(ms),
                            None => theirs.push((name, vec![ms], rate)),
                        }
                    }
                }
                Err(e) => {
                    println!("  peers could not run ({e}); ModuLab only");
                    peers_ok = false;
                }
            }
        }
    }
    let (m, mc) = (median(ours), median(ours_cpu));
    println!(
        "native spiking: {m:.3} ms per model second = {:.0} model s per wall s, CPU {mc:.3} ms (medians of {rounds}; rate {our_rate:.3} Hz)",
        1000.0 / m
    );
    // `figure:` lines for docs/figures.md (tools/figures.mjs).
    println!("figure: spiking.native = {m:.3} ms per model second | 1000-neuron network, plasticity on, native, wall clock");
    if !wasm.is_empty() {
        let (w, wc) = (median(wasm), median(wasm_cpu));
        println!(
            "wasm spiking (Node): {w:.3} ms per model second = {:.0} model s per wall s, CPU {wc:.3} ms; wasm speed / native speed = {:.2} (wall), {:.2} (CPU)",
            1000.0 / w,
            m / w,
            mc / wc
        );
        println!("figure: spiking.wasm = {w:.3} ms per model second | the same in wasm (Node), wall clock | <= 2 x spiking.native");
    }
    for (name, times, rate) in theirs {
        let pm = median(times);
        // Brian2 standalone times itself in CPU time (std::clock), the others in wall clock.
        let (ours, what) = if name.contains("standalone") && mc.is_finite() {
            (mc, "CPU time vs its std::clock() CPU time")
        } else {
            (m, "wall clock")
        };
        println!(
            "  vs {name}: {pm:.3} ms per model s (rate {rate:.3} Hz): ModuLab is {:.1}x faster ({what}; wall clock {:.1}x); rate ratio {:.3}",
            pm / ours,
            pm / m,
            our_rate / rate
        );
        let key: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        println!(
            "figure: spiking.vs_{key} = {:.1} x | ModuLab's speed over {name} on the same run ({what})",
            pm / ours
        );
    }
}
