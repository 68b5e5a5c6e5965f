//! `make bench`, spiking half: model seconds of the Izhikevich (2007)
//! network (plasticity on, daspnet.m constants) simulated per wall-clock
//! second on one core, at 1000, 10,000 and 100,000 neurons (100 synapses
//! each) natively, dopamine-only and with the four modulators on, and at
//! 1000 and 10,000 in wasm (Node), interleaved round by round with the
//! peer implementations in ../shared/bench (Brian2 C++ standalone and
//! runtime, NumPy; `DASTDP_SCALE=K` for 1000·K neurons) when they are set
//! up. Prints figures, each also as a line `figure: <key> = <value> <unit>`;
//! nothing passes or fails.
//!
//! Each timing is given as wall clock and as CPU time. Brian2's C++
//! standalone figure is CPU time (its generated network.cpp times the run
//! with `std::clock()` when OpenMP is off), so on a shared machine the
//! ratio to it is taken CPU time against CPU time; Brian2 runtime and NumPy
//! report wall clock and are set against ModuLab's wall clock.
//!
//! Cost per synapse is ms of CPU per model second divided by the synapses
//! (ns per synapse per model second); memory per synapse is the network's
//! arrays ([`modulab::spiking::Network::memory_bytes`]) over its synapses.
//! "Four modulators on" is a condition with NE tone raised (tonic_offset 1:
//! two eligibility traces, β conversion and input gain) and ACh raised
//! (tonic_offset 0.5: M1 routing) — every mechanism of docs/spiking.md,
//! "Four modulators", active.
//!
//! Environment: SPIKING_T (model seconds per timing, default 10; the 100k
//! network runs SPIKING_T_100K, default 2), SPIKING_D (max conduction
//! delay, 1 or 20; default 1), SPIKING_ROUNDS (default 3), SPIKING_SCALES
//! (default "1,10,100": thousands of neurons natively; wasm and the peers
//! run the scales ≤ 10), PEERS (the peers' folder, default ../shared/bench
//! from the repo root; "none" skips them).

#[path = "common/node.rs"]
mod node;

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
/// second, the mean firing rate (Hz), and for native runs the synapses
/// and the network's bytes.
struct Timing {
    wall: f64,
    cpu: f64,
    rate: f64,
    synapses: f64,
    bytes: f64,
}

/// The scenario of a timing: `k` thousand neurons, four modulators on or not.
fn scenario(t: u32, d: u32, k: u32, four: bool) -> String {
    let condition = if four {
        r#"{"label": "four modulators", "norepinephrine": {"tonic_offset": 1}, "acetylcholine": {"tonic_offset": 0.5}}"#
    } else {
        r#"{"label": "control"}"#
    };
    format!(
        r#"{{"task": {{"kind": "distal_reward", "duration_s": {t}, "max_delay_ms": {d}, "neurons": {}}}, "conditions": [{condition}], "seeds": 1}}"#,
        1000 * k
    )
}

/// One timing of ModuLab natively.
fn modulab_once(t: u32, d: u32, k: u32, four: bool) -> Timing {
    let mut exp = Experiment::from_json(&scenario(t, d, k, four)).expect("bench scenario is valid");
    exp.build();
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    exp.run_to_end();
    let secs = start.elapsed().as_secs_f64();
    let cpu = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) => 1000.0 * (b - a) / t as f64,
        _ => f64::NAN,
    };
    let run = &exp.runs()[0];
    let (rate, synapses, bytes) = run
        .spiking()
        .map(|s| {
            let n = s.network();
            let (e, i) = n.spike_counts();
            (
                (e + i) as f64 / n.len() as f64 / t as f64,
                n.synapse_count() as f64,
                n.memory_bytes() as f64,
            )
        })
        .unwrap_or((f64::NAN, f64::NAN, f64::NAN));
    Timing {
        wall: 1000.0 * secs / t as f64,
        cpu,
        rate,
        synapses,
        bytes,
    }
}

/// One wasm timing in Node on the page's build (www/pkg); CPU time is
/// Node's `process.cpuUsage()` (the whole process, compiler threads idle by then).
fn wasm_once(t: u32, d: u32, k: u32) -> Result<Timing, String> {
    let (t, d, n) = (t.to_string(), d.to_string(), (1000 * k).to_string());
    let v = node::node_json(&["benches/spiking_wasm.mjs", &t, &d, "1", &n, "--json"])?;
    Ok(Timing {
        wall: v["ms_per_model_s"].as_f64().unwrap_or(f64::NAN),
        cpu: v["cpu_ms_per_model_s"].as_f64().unwrap_or(f64::NAN),
        rate: v["rate_hz"].as_f64().unwrap_or(f64::NAN),
        synapses: f64::NAN,
        bytes: v["wasm_memory_bytes"].as_f64().unwrap_or(f64::NAN),
    })
}

/// One run of the peers at scale `k`: (name, ms per model second, rate Hz) per peer.
fn peers_once(
    dir: &std::path::Path,
    t: u32,
    d: u32,
    k: u32,
) -> Result<Vec<(String, f64, f64)>, String> {
    let out = Command::new(dir.join("peers.sh"))
        .args(["run", &t.to_string(), &d.to_string()])
        .env("DASTDP_SCALE", k.to_string())
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
    v.retain(|x| x.is_finite());
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        // An even count: the mean of the middle two (not the upper one).
        n if n % 2 == 0 => 0.5 * (v[n / 2 - 1] + v[n / 2]),
        n => v[n / 2],
    }
}

/// Prints one figure line for the figures file.
fn figure(key: &str, value: f64, unit: &str) {
    if value.is_finite() {
        println!("figure: {key} = {value:.4} {unit}");
    }
}

/// Medians of one series of timings.
#[derive(Default)]
struct Series {
    wall: Vec<f64>,
    cpu: Vec<f64>,
    rate: Vec<f64>,
    synapses: f64,
    bytes: f64,
}

impl Series {
    fn push(&mut self, t: &Timing) {
        self.wall.push(t.wall);
        self.cpu.push(t.cpu);
        self.rate.push(t.rate);
        self.synapses = t.synapses;
        self.bytes = t.bytes;
    }
    fn wall(&self) -> f64 {
        median(self.wall.clone())
    }
    fn cpu(&self) -> f64 {
        median(self.cpu.clone())
    }
    fn rate(&self) -> f64 {
        median(self.rate.clone())
    }
}

fn main() {
    let t: u32 = env_or("SPIKING_T", 10);
    let t100: u32 = env_or("SPIKING_T_100K", 2);
    let d: u32 = env_or("SPIKING_D", 1);
    let rounds: usize = env_or("SPIKING_ROUNDS", 3);
    let scales: Vec<u32> = std::env::var("SPIKING_SCALES")
        .unwrap_or_else(|_| "1,10,100".into())
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect();
    let small: Vec<u32> = scales.iter().copied().filter(|k| *k <= 10).collect();
    let t_of = |k: u32| if k >= 100 { t100 } else { t };
    let peers = std::env::var("PEERS").unwrap_or_else(|_| "../shared/bench".into());
    let peer_dir = PathBuf::from(&peers);
    let venv = std::env::var("PEER_WORK")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/modulab-peers")
        })
        .join("venv/bin/python");
    let mut peers_ok = peers != "none" && peer_dir.join("peers.sh").exists() && venv.exists();
    if !peers_ok {
        println!("spiking: peers not found at {peers} or not set up (set PEERS=DIR, run DIR/peers.sh setup); no Brian2 figure, ModuLab only");
    }
    println!(
        "spiking: Izhikevich 2007 network, plasticity on, D = {d} ms, scales {scales:?} thousand neurons (100 synapses each), {t} model s per timing ({t100} s at 100k), {rounds} rounds interleaved"
    );
    // Warm-up (page cache, CPU frequency).
    modulab_once(2, d, 1, false);
    let mut wasm_ok = std::path::Path::new("www/pkg/modulab_bg.wasm").exists();
    if !wasm_ok {
        println!("spiking: www/pkg not built (make wasm); no wasm figure");
    }
    let mut native: Vec<(u32, bool, Series)> = Vec::new();
    for &k in &scales {
        for four in [false, true] {
            native.push((k, four, Series::default()));
        }
    }
    let mut wasm: Vec<(u32, Series)> = small.iter().map(|k| (*k, Series::default())).collect();
    let mut theirs: Vec<(u32, String, Vec<f64>, f64)> = Vec::new();
    for round in 1..=rounds {
        for (k, four, series) in &mut native {
            let x = modulab_once(t_of(*k), d, *k, *four);
            println!(
                "  round {round}: modulab native {}k{} {:.3} ms per model s, CPU {:.3} (rate {:.3} Hz)",
                k,
                if *four { " four modulators" } else { "" },
                x.wall,
                x.cpu,
                x.rate
            );
            series.push(&x);
        }
        for (k, series) in &mut wasm {
            if !wasm_ok {
                break;
            }
            match wasm_once(t, d, *k) {
                Ok(w) => {
                    println!(
                        "  round {round}: modulab wasm (Node) {k}k {:.3} ms per model s, CPU {:.3} (rate {:.3} Hz)",
                        w.wall, w.cpu, w.rate
                    );
                    series.push(&w);
                }
                Err(e) => {
                    println!("  wasm could not run ({e})");
                    wasm_ok = false;
                }
            }
        }
        for &k in &small {
            if !peers_ok {
                break;
            }
            match peers_once(&peer_dir, t, d, k) {
                Ok(rows) => {
                    for (name, ms, rate) in rows {
                        println!("  round {round}: {name} {k}k {ms:.3} ms per model s (rate {rate:.3} Hz)");
                        match theirs
                            .iter_mut()
                            .find(|(kk, n, _, _)| *kk == k && *n == name)
                        {
                            Some(entry) => entry.2.push(ms),
                            None => theirs.push((k, name, vec![ms], rate)),
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
    println!("spiking medians of {rounds} rounds (the machine is shared: CPU time is the steadier figure):");
    let mut base_cost = f64::NAN;
    for (k, four, s) in &native {
        let (m, mc) = (s.wall(), s.cpu());
        let per_syn = 1e6 * mc / s.synapses;
        let bytes = s.bytes / s.synapses;
        let tag = format!("{k}k{}", if *four { "_four_modulators" } else { "" });
        println!(
            "native {tag}: {m:.3} ms per model second, CPU {mc:.3} ms; {:.0} synapses, {per_syn:.3} ns of CPU per synapse per model s, {bytes:.1} bytes per synapse ({:.1} MB); rate {:.3} Hz",
            s.synapses,
            s.bytes / 1e6,
            s.rate()
        );
        figure(&format!("spiking_native_{tag}_ms_per_model_s"), m, "ms");
        figure(
            &format!("spiking_native_{tag}_cpu_ms_per_model_s"),
            mc,
            "ms",
        );
        figure(
            &format!("spiking_native_{tag}_ns_per_synapse"),
            per_syn,
            "ns",
        );
        figure(
            &format!("spiking_native_{tag}_bytes_per_synapse"),
            bytes,
            "B",
        );
        if !*four && *k == 1 {
            base_cost = per_syn;
            // The headline figure docs/figures.md keeps: the published network.
            figure("spiking.native", m, "ms per model second");
        }
        if !*four && *k > 1 {
            figure(
                &format!("spiking_cost_per_synapse_{k}k_over_1k"),
                per_syn / base_cost,
                "x",
            );
        }
        if *four {
            if let Some((_, _, dopa)) = native.iter().find(|(kk, f, _)| kk == k && !f) {
                figure(
                    &format!("spiking_four_modulators_cost_{k}k"),
                    mc / dopa.cpu(),
                    "x",
                );
            }
        }
    }
    for (k, s) in &wasm {
        if s.wall.is_empty() {
            continue;
        }
        let (w, wc) = (s.wall(), s.cpu());
        let native_k = native
            .iter()
            .find(|(kk, f, _)| kk == k && !f)
            .map(|(_, _, n)| (n.wall(), n.cpu()));
        println!(
            "wasm {k}k (Node): {w:.3} ms per model second, CPU {wc:.3} ms; wasm memory {:.1} MB",
            s.bytes / 1e6
        );
        figure(&format!("spiking_wasm_{k}k_ms_per_model_s"), w, "ms");
        figure(&format!("spiking_wasm_{k}k_cpu_ms_per_model_s"), wc, "ms");
        if let Some((nw, nc)) = native_k {
            println!(
                "  wasm speed / native speed at {k}k = {:.2} (wall), {:.2} (CPU)",
                nw / w,
                nc / wc
            );
            figure(&format!("spiking_wasm_over_native_{k}k_wall"), nw / w, "x");
            figure(&format!("spiking_wasm_over_native_{k}k_cpu"), nc / wc, "x");
        }
    }
    for (k, name, times, rate) in &theirs {
        let pm = median(times.clone());
        let Some((_, _, ours)) = native.iter().find(|(kk, f, _)| kk == k && !f) else {
            continue;
        };
        let (m, mc) = (ours.wall(), ours.cpu());
        // Brian2 standalone times itself in CPU time (std::clock), the others in wall clock.
        let (against, what) = if name.contains("standalone") && mc.is_finite() {
            (mc, "CPU time vs its std::clock() CPU time")
        } else {
            (m, "wall clock")
        };
        println!(
            "  vs {name} at {k}k: {pm:.3} ms per model s (rate {rate:.3} Hz): ModuLab is {:.1}x faster ({what}; wall clock {:.1}x); rate ratio {:.3}",
            pm / against,
            pm / m,
            ours.rate() / rate
        );
        let key = name.replace('-', "_");
        figure(&format!("spiking_{key}_{k}k_ms_per_model_s"), pm, "ms");
        figure(&format!("spiking_speedup_vs_{key}_{k}k"), pm / against, "x");
    }
}
