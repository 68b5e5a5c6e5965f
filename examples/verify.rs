//! `make verify`: the full-length criteria of the spiking network
//! (docs/science/criteria.md §1.4), each printed with its statistic, threshold
//! and pass/fail. They take about 20–60 s of one core per seed and model
//! hour, so they are not part of `make test`.
//!
//!   cargo run --release --example verify -- [iz2] [iz4] [iz5] [--seeds N] [--duration S]
//!
//! With no criterion named, all three run. `--seeds` lowers the seed count
//! (a quick look, not the criterion); `--duration` shortens the model time;
//! `--first-seed` runs other seeds.

use modulab::experiment::Experiment;
use std::time::Instant;

struct Args {
    which: Vec<String>,
    seeds: Option<u32>,
    duration: u32,
    first_seed: u64,
}

fn args() -> Args {
    let mut a = Args {
        which: Vec::new(),
        seeds: None,
        duration: 3600,
        first_seed: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--seeds" => a.seeds = it.next().and_then(|v| v.parse().ok()),
            "--first-seed" => a.first_seed = it.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--duration" => a.duration = it.next().and_then(|v| v.parse().ok()).unwrap_or(3600),
            other => a.which.push(other.to_lowercase()),
        }
    }
    if a.which.is_empty() {
        a.which = vec!["iz2".into(), "iz4".into(), "iz5".into()];
    }
    a
}

/// First seed of every criterion (`--first-seed`).
static FIRST_SEED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Runs a scenario to the end; prints how long it took.
fn run(label: &str, text: &str) -> Experiment {
    let mut value: serde_json::Value = serde_json::from_str(text).expect("verify scenario is JSON");
    value["first_seed"] = FIRST_SEED.load(std::sync::atomic::Ordering::Relaxed).into();
    let mut exp = Experiment::new(
        modulab::scenario::Scenario::from_value(value).expect("verify scenario is valid"),
    );
    let start = Instant::now();
    let total = exp.runs().len();
    while !exp.is_done() {
        exp.step(total as u64 * 60);
    }
    println!(
        "  ({label}: {total} run(s) in {:.1} s wall clock)",
        start.elapsed().as_secs_f64()
    );
    exp
}

fn series<'a>(exp: &'a Experiment, run: usize, metric: &str) -> &'a [f32] {
    let m = exp.metric_index(metric).expect("metric recorded");
    exp.runs()[run].recording.series[m].points()
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "FAIL"
    }
}

/// IZ-2 (docs/science/criteria.md §1.4): paper protocol, 10 seeds. Pass: the
/// rewarded synapse reaches 0.95·s_max = 3.8 before 1800 s in ≥ 9/10 seeds
/// (reference simulation 10/10, latest 1587 s); its mean over 1800–3600 s
/// is ≥ 3.5 (reference 3.71–4.00); at 3600 s it is above the 90th
/// percentile of excitatory weights in ≥ 8/10 seeds.
fn iz2(seeds: u32, duration: u32) -> bool {
    println!("IZ-2 distal reward, {seeds} seed(s), {duration} s each");
    let exp = run(
        "IZ-2",
        &format!(
            r#"{{"task": {{"kind": "distal_reward", "duration_s": {duration}}}, "seeds": {seeds}}}"#
        ),
    );
    let half = (duration / 2) as usize;
    let (mut early, mut top, mut late_sum) = (0, 0, 0.0);
    for r in 0..exp.runs().len() {
        let w = series(&exp, r, "rewarded_weight");
        let pct = series(&exp, r, "rewarded_percentile");
        let mean_w = series(&exp, r, "mean_weight");
        let reach = w.iter().position(|x| *x >= 3.8).map(|i| i + 1);
        let late = &w[half.min(w.len())..];
        let late_mean = late.iter().map(|x| *x as f64).sum::<f64>() / late.len().max(1) as f64;
        let last_pct = *pct.last().unwrap_or(&0.0);
        early += u32::from(reach.is_some_and(|s| s < half));
        top += u32::from(last_pct > 90.0);
        late_sum += late_mean;
        println!(
            "  seed {}: reaches 3.8 at {} s; mean over second half {late_mean:.2}; percentile at end {last_pct:.1}; mean exc weight at end {:.3}",
            exp.runs()[r].seed,
            reach.map_or("never".into(), |s| s.to_string()),
            mean_w.last().unwrap_or(&0.0)
        );
    }
    let late_mean = late_sum / seeds as f64;
    let need_early = (seeds * 9).div_ceil(10);
    let need_top = (seeds * 8).div_ceil(10);
    let ok = early >= need_early && late_mean >= 3.5 && top >= need_top;
    println!(
        "IZ-2 {}: reached 3.8 before {half} s in {early}/{seeds} (need {need_early}); mean second half {late_mean:.2} (need 3.5); above 90th percentile at end in {top}/{seeds} (need {need_top})",
        verdict(ok)
    );
    ok
}

/// IZ-4 (docs/science/criteria.md §1.4): no phasic dopamine (tonic 0.002 only).
/// Pass: the rewarded synapse is < 0.5 at 3600 s and the mean excitatory
/// weight has decreased below 0.5 (reference simulation: 0.05 and 0.22).
/// Lesion variant (all dopamine scaled by 0: release 0): no selective growth (< 0.5).
fn iz4(seeds: u32, duration: u32) -> bool {
    println!("IZ-4 no dopamine, {seeds} seed(s), {duration} s each");
    let exp = run(
        "IZ-4",
        &format!(
            r#"{{"task": {{"kind": "distal_reward", "duration_s": {duration}}}, "seeds": {seeds},
                "conditions": [{{"label": "no phasic DA", "dopamine": {{"gain": 0}}}},
                               {{"label": "DA lesion", "dopamine": {{"release": 0}}}}]}}"#
        ),
    );
    let mut ok = true;
    for r in 0..exp.runs().len() {
        let run = &exp.runs()[r];
        let w = *series(&exp, r, "rewarded_weight").last().unwrap_or(&9.0);
        let m = *series(&exp, r, "mean_weight").last().unwrap_or(&9.0);
        let label = &exp.scenario().conditions[run.condition].label;
        let pass = if run.condition == 0 {
            w < 0.5 && m < 0.5
        } else {
            w < 0.5
        };
        ok &= pass;
        println!(
            "  {label}, seed {}: rewarded synapse at end {w:.3} (need < 0.5); mean exc weight {m:.3}{}",
            run.seed,
            if run.condition == 0 {
                " (need < 0.5)"
            } else {
                " (lesion: unchanged)"
            }
        );
    }
    println!("IZ-4 {}", verdict(ok));
    ok
}

/// IZ-5 (docs/science/criteria.md §1.4): Pavlovian protocol, 5 seeds. Pass:
/// response(S1)/response(others) in the last 5 min ≥ 1.8 (reference
/// 2.5–3.3) and ≤ 1.4 in the first 5 min (reference 1.17), in ≥ 4/5 seeds.
fn iz5(seeds: u32, duration: u32) -> bool {
    println!("IZ-5 Pavlovian conditioning, {seeds} seed(s), {duration} s each");
    let exp = run(
        "IZ-5",
        &format!(
            r#"{{"task": {{"kind": "distal_reward", "protocol": "pavlovian", "duration_s": {duration},
                 "reward_delay_min_s": 0, "reward_delay_max_s": 1}}, "seeds": {seeds}}}"#
        ),
    );
    let window = 300.min(duration as usize / 2);
    let mut good = 0;
    for r in 0..exp.runs().len() {
        let ratio = |range: std::ops::Range<usize>| {
            let sum = |m: &str| -> f64 {
                series(&exp, r, m)[range.clone()]
                    .iter()
                    .map(|x| *x as f64)
                    .sum()
            };
            let s1 = sum("s1_spikes") / sum("s1_count").max(1.0);
            let other = sum("other_spikes") / sum("other_count").max(1.0);
            (s1, other, s1 / other.max(1e-9))
        };
        let n = series(&exp, r, "s1_spikes").len();
        let (s1a, oa, first) = ratio(0..window);
        let (s1b, ob, last) = ratio(n - window..n);
        let pass = first <= 1.4 && last >= 1.8;
        good += u32::from(pass);
        let seed = exp.runs()[r].seed;
        println!(
            "  seed {}: first {window} s S1/other = {s1a:.1}/{oa:.1} = {first:.2} (need <= 1.4); last {window} s {s1b:.1}/{ob:.1} = {last:.2} (need >= 1.8) {}",
            seed,
            verdict(pass)
        );
    }
    let need = (seeds * 4).div_ceil(5);
    let ok = good >= need;
    println!(
        "IZ-5 {}: {good}/{seeds} seeds pass (need {need})",
        verdict(ok)
    );
    ok
}

fn main() {
    let a = args();
    FIRST_SEED.store(a.first_seed, std::sync::atomic::Ordering::Relaxed);
    let mut all = true;
    for w in &a.which {
        all &= match w.as_str() {
            "iz2" => iz2(a.seeds.unwrap_or(10), a.duration),
            "iz4" => iz4(a.seeds.unwrap_or(1), a.duration),
            "iz5" => iz5(a.seeds.unwrap_or(5), a.duration),
            other => {
                eprintln!("unknown criterion {other:?}; expected iz2, iz4, iz5");
                false
            }
        };
    }
    println!(
        "verify: {}",
        if all {
            "every criterion passed"
        } else {
            "some criteria FAILED"
        }
    );
    if !all {
        std::process::exit(1);
    }
}
