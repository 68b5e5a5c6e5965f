//! `make bench`, spiking half: model seconds of the Izhikevich (2007)
//! network (1000 neurons, plasticity on, daspnet.m constants) simulated per
//! wall-clock second on one core, interleaved A B A B with the peer
//! implementations in ../shared/bench (Brian2 C++ standalone and runtime,
//! NumPy) when they are set up. Prints figures; nothing passes or fails.
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

/// One timing of ModuLab: (ms of wall clock per model second, mean rate Hz).
fn modulab_once(t: u32, d: u32) -> (f64, f64) {
    let text = format!(
        r#"{{"task": {{"kind": "distal_reward", "duration_s": {t}, "max_delay_ms": {d}}}, "seeds": 1}}"#
    );
    let mut exp = Experiment::from_json(&text).expect("bench scenario is valid");
    let start = Instant::now();
    exp.run_to_end();
    let secs = start.elapsed().as_secs_f64();
    let run = &exp.runs()[0];
    let (e, i) = run
        .spiking()
        .map(|s| s.network().spike_counts())
        .unwrap_or((0, 0));
    let rate = (e + i) as f64 / 1000.0 / t as f64;
    (1000.0 * secs / t as f64, rate)
}

/// One wasm timing in Node on the page's build (www/pkg): ms per model second.
fn wasm_once(t: u32, d: u32) -> Result<(f64, f64), String> {
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
    Ok((
        v["ms_per_model_s"].as_f64().unwrap_or(f64::NAN),
        v["rate_hz"].as_f64().unwrap_or(f64::NAN),
    ))
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
    let mut ours = Vec::new();
    let mut wasm = Vec::new();
    let mut wasm_ok = std::path::Path::new("www/pkg/modulab_bg.wasm").exists();
    if !wasm_ok {
        println!("spiking: www/pkg not built (make wasm); no wasm figure");
    }
    let mut our_rate = 0.0;
    let mut theirs: Vec<(String, Vec<f64>, f64)> = Vec::new();
    let mut peers_ok = use_peers;
    for round in 0..rounds {
        let (ms, rate) = modulab_once(t, d);
        println!(
            "  round {}: modulab native {ms:.3} ms per model s (rate {rate:.3} Hz)",
            round + 1
        );
        ours.push(ms);
        our_rate = rate;
        if wasm_ok {
            match wasm_once(t, d) {
                Ok((ms, rate)) => {
                    println!("  round {}: modulab wasm (Node) {ms:.3} ms per model s (rate {rate:.3} Hz)", round + 1);
                    wasm.push(ms);
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
    let m = median(ours);
    println!(
        "native spiking: {m:.3} ms per model second = {:.0} model s per wall s (median of {rounds}; rate {our_rate:.3} Hz)",
        1000.0 / m
    );
    if !wasm.is_empty() {
        let w = median(wasm);
        println!(
            "wasm spiking (Node): {w:.3} ms per model second = {:.0} model s per wall s; wasm speed / native speed = {:.2}",
            1000.0 / w,
            m / w
        );
    }
    for (name, times, rate) in theirs {
        let pm = median(times);
        println!(
            "  vs {name}: {pm:.3} ms per model s (rate {rate:.3} Hz): ModuLab is {:.1}x faster; rate ratio {:.3}",
            pm / m,
            our_rate / rate
        );
    }
}
