//! BRZ-2, the navigation half (docs/science/criteria.md §16): in a
//! navigation model, acetylcholine during exploration followed by dopamine
//! at the goal relearns a moved reward location faster than dopamine-only
//! STDP (Brzosko, Zannone, Schultz, Clopath & Paulsen 2017, eLife
//! 6:e27756). The agent (`"task": {"kind": "spiking_navigation"}`,
//! src/spiking/navigator.rs) has place cells, a ring of action neurons and
//! place → action synapses under the engine's hippocampal four-modulator
//! rule; the two conditions are written in the shared vocabulary: the
//! default (acetylcholine above rest while exploring: the sequential rule)
//! and M1 blocked (`receptors.m1.antagonist` = 1: dopamine-only STDP).
//! Control: with dopamine removed (`dopamine.release` = 0) nothing is
//! learned.
//!
//! The seeds run in parallel (rayon), each as the page or the CLI runs it
//! ([`Run::start`]); the test prints its CPU time (about 40 s on a quick
//! machine; its size, not a timed assertion, caps it).

use modulab::experiment::{metric_names, Run};
use modulab::scenario::Scenario;
use rayon::prelude::*;

/// Seeds per condition (a cap set by the cost of `make test`, not by the paper).
/// Raised from 20 (the first version of this test) to 40 while tuning:
/// 20-seed means of the ratios below moved by up to 0.2 between seed sets
/// (seeds 0–19 against 100–119); the thresholds did not change.
const SEEDS: u32 = 40;

/// Trials per run: the 20 before the move and the 10 after it that the
/// thresholds read (the spec's default run has 40; the last 10 are not
/// read, so the test stops at 30 to save CPU).
const TRIALS: usize = 30;
/// The goal moves after this many trials.
const MOVE_AFTER: usize = 20;
/// Trials after the move over which relearning is measured.
const AFTER: usize = 10;

/// BRZ-2's navigation threshold: over the first 10 trials after the goal
/// moves, the sequential agents' mean escape latency is at most 0.8 of the
/// dopamine-only agents'. Brzosko et al. (2017, the model's figure on
/// changing reward locations) report the sequentially modulated agents
/// finding the new location within a few trials while dopamine-only agents
/// keep returning to the old one (from the literature; verify before
/// quoting); no exact ratio is claimed there, so the margin is a
/// conservative 20 %.
const BRZ2_RATIO: f64 = 0.80;

/// Both rules learn the first goal: mean latency over trials 11–20 at most
/// this fraction of the dopamine-lesioned agents' (which cannot learn)
/// over the same trials.
const LEARNED_RATIO: f64 = 0.70;

/// Without dopamine nothing is learned: the lesioned agents' mean latency
/// over trials 11–20 stays at least this fraction of their trials 1–10.
const NO_DOPAMINE_MIN: f64 = 0.90;

// No CPU-time assertion: a timed test passes or fails with the machine
// (one three times slower failed it), so the cost is capped by the run's
// size (the seeds, trials and model time above) and timed by `make bench`.

/// The `latency` and `correct` (goal found within the limit) series of
/// every seed of the one condition of `scenario`, run in parallel; asserts
/// every trial is kept and finite.
fn latency_by_seed(scenario: &str) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let s = Scenario::from_json(scenario).unwrap_or_else(|e| panic!("{scenario}: {e}"));
    let names = metric_names(&s);
    let latency = names
        .iter()
        .position(|n| *n == "latency")
        .expect("the agent records latency");
    let correct = names
        .iter()
        .position(|n| *n == "correct")
        .expect("the agent records correct");
    let seeds: Vec<u64> = s.seed_list().collect();
    seeds
        .par_iter()
        .map(|&seed| {
            let mut run = Run::start(&s, 0, seed);
            let (mut curve, mut found) = (Vec::new(), Vec::new());
            while let Some(row) = run.next_trial() {
                assert!(row.iter().all(|x| x.is_finite()), "seed {seed}: {row:?}");
                curve.push(row[latency]);
                found.push(row[correct]);
            }
            assert_eq!(run.recording.series[latency].points().len(), TRIALS);
            (curve, found)
        })
        .unzip()
}

/// Mean over seeds of the mean of trials `from`…`to` (1-based, inclusive).
fn mean_of(curves: &[Vec<f64>], from: usize, to: usize) -> f64 {
    let per_seed = curves
        .iter()
        .map(|c| c[from - 1..to].iter().sum::<f64>() / (to - from + 1) as f64);
    per_seed.sum::<f64>() / curves.len() as f64
}

/// The scenario: the navigation task with its defaults under the
/// condition fields `condition`.
fn scenario(condition: &str) -> String {
    format!(
        r#"{{"task": {{"kind": "spiking_navigation", "trials": {TRIALS}, "move_after": {MOVE_AFTER}}},
            "conditions": [{{"label": "c"{condition}}}], "seeds": {SEEDS}}}"#
    )
}

/// CPU seconds this process has used (user + system), from /proc on Linux;
/// `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

#[test]
fn brz2_sequential_neuromodulation_relearns_a_moved_goal_faster() {
    let cpu0 = cpu_seconds();
    let wall = std::time::Instant::now();

    let (sequential, seq_found) = latency_by_seed(&scenario(""));
    let (da_only, da_found) =
        latency_by_seed(&scenario(r#", "receptors": {"m1": {"antagonist": 1}}"#));
    let (no_da, none_found) = latency_by_seed(&scenario(r#", "dopamine": {"release": 0}"#));

    let row = |c: &[Vec<f64>]| {
        [
            mean_of(c, 1, 10),
            mean_of(c, 11, MOVE_AFTER),
            mean_of(c, MOVE_AFTER + 1, MOVE_AFTER + AFTER),
        ]
    };
    let (s, d, n) = (row(&sequential), row(&da_only), row(&no_da));
    println!("BRZ-2 navigation, {SEEDS} seeds, mean latency (s) over trials 1–10, 11–20, 21–30 (the 10 after the move):");
    let found = |c: &[Vec<f64>]| {
        [
            mean_of(c, 11, MOVE_AFTER),
            mean_of(c, MOVE_AFTER + 1, MOVE_AFTER + AFTER),
        ]
    };
    println!(
        "  sequential (ACh then DA) {s:.2?}; found in time, trials 11–20 and 21–30 {:.2?}",
        found(&seq_found)
    );
    println!(
        "  dopamine-only (M1 blocked) {d:.2?}; found {:.2?}",
        found(&da_found)
    );
    println!(
        "  dopamine removed {n:.2?}; found {:.2?}",
        found(&none_found)
    );
    let ratio = s[2] / d[2];
    println!(
        "  after the move: sequential / dopamine-only = {ratio:.3} (threshold ≤ {BRZ2_RATIO})"
    );

    let cpu = cpu_seconds().zip(cpu0).map(|(a, b)| a - b);
    println!(
        "CPU {:.1} s, wall {:.1} s",
        cpu.unwrap_or(f64::NAN),
        wall.elapsed().as_secs_f64()
    );

    assert!(
        s[1] <= LEARNED_RATIO * n[1] && d[1] <= LEARNED_RATIO * n[1],
        "both rules learn the first goal: {} and {} vs {} without dopamine",
        s[1],
        d[1],
        n[1]
    );
    assert!(
        n[1] >= NO_DOPAMINE_MIN * n[0],
        "without dopamine nothing is learned: {} then {}",
        n[0],
        n[1]
    );
    assert!(
        ratio <= BRZ2_RATIO,
        "sequential relearns faster: {} vs {}",
        s[2],
        d[2]
    );
}
