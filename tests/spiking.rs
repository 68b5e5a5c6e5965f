//! The spiking network (docs/science/criteria.md §1): the exact three-factor
//! integrator (IZ-1) event-driven and clock-driven, and short-run checks of
//! the network. The full-length criteria IZ-2, IZ-4 and IZ-5 run in
//! `make verify` (examples/verify.rs).

use modulab::experiment::Experiment;
use modulab::plasticity::{DopamineGated, DopamineWindow, Stdp};

const TAU_C: f64 = 1000.0;
const TAU_D: f64 = 200.0;
/// IZ-1 delays Δ from pairing to dopamine (ms) and the exact total Δw for
/// c₀ = D₀ = 1 (docs/science/criteria.md §1.4: 166.67, 101.09, 61.31, 22.56, 8.30).
const DELAYS: [(u32, f64); 5] = [
    (0, 166.67),
    (500, 101.09),
    (1000, 61.31),
    (2000, 22.56),
    (3000, 8.30),
];
/// Model time integrated after the pulse: e^{−τs·5000} ≈ e^{−30} is left.
const AFTER_MS: u32 = 5000;

fn rule() -> DopamineGated {
    DopamineGated {
        tau_c: TAU_C,
        tau_d: TAU_D,
        rate: 1.0,
    }
}

/// Δw = c₀·D₀·e^{−Δ/τc}·τc·τd/(τc+τd).
fn exact(delay_ms: u32, c0: f64, d0: f64) -> f64 {
    c0 * d0 * libm::exp(-(delay_ms as f64) / TAU_C) * TAU_C * TAU_D / (TAU_C + TAU_D)
}

/// The network's machinery: a [`DopamineWindow`] and one synapse tagged
/// with `c0` at t = `pair_ms`, dopamine `d0` released at t = `pulse_ms`.
/// Event-driven: the synapse is caught up only at the pairing, at the pulse
/// and at the end; clock-driven: every ms.
fn window_run(pair_ms: u32, pulse_ms: u32, c0: f64, d0: f64, clock: bool) -> f64 {
    let end = pair_ms.max(pulse_ms) + AFTER_MS;
    let mut window = DopamineWindow::new(rule(), end + 1);
    let (mut w, mut c, mut last, mut d) = (0.0, 0.0, 0u32, 0.0);
    let decay = libm::exp(-1.0 / TAU_D);
    for t in 0..end {
        if clock || t == pair_ms || t == pulse_ms {
            w += window.catch_up(&mut c, &mut last);
        }
        if t == pair_ms {
            c += c0;
        }
        // Dopamine over [t, t+1): the pulse of ms t is released at its start.
        d *= decay;
        if t == pulse_ms {
            d += d0;
        }
        assert!(window.push_ms(d, 0.0), "window holds the run");
    }
    w + window.catch_up(&mut c, &mut last)
}

/// The closed form of [`DopamineGated::advance`] in two leaps: pairing to
/// pulse, pulse to end.
fn closed_form(delay_ms: u32, c0: f64, d0: f64) -> f64 {
    let r = rule();
    let (mut c, mut d) = (c0, 0.0);
    let mut w = r.advance(&mut c, &mut d, 0.0, delay_ms as f64);
    d += d0;
    w += r.advance(&mut c, &mut d, 0.0, AFTER_MS as f64);
    w
}

/// IZ-1 (docs/science/criteria.md §1.4): single pairing, one DA pulse Δ later:
/// relative error < 1 % against c₀·D₀·e^{−Δ/τc}·τcτd/(τc+τd) for
/// event-driven exact integration and for a 1 ms clock, at Δ = 0, 0.5, 1,
/// 2, 3 s; the listed exact values to their printed precision.
#[test]
fn iz1_single_pairing_matches_the_closed_form_at_every_delay() {
    for (delay, listed) in DELAYS {
        let want = exact(delay, 1.0, 1.0);
        assert!(
            (want - listed).abs() < 0.006,
            "Δ = {delay}: formula {want} vs listed {listed}"
        );
        for (name, got) in [
            ("closed form", closed_form(delay, 1.0, 1.0)),
            ("event-driven window", window_run(0, delay, 1.0, 1.0, false)),
            ("clock-driven window", window_run(0, delay, 1.0, 1.0, true)),
        ] {
            let err = (got - want).abs() / want;
            println!("IZ-1 Δ = {delay} ms {name}: {got:.4} vs {want:.4} (rel. error {err:.2e})");
            assert!(err < 0.01, "IZ-1 {name} Δ = {delay}: {got} vs {want}");
        }
    }
}

/// IZ-1, the discrete schemes: a 1 ms product-Euler clock (reference
/// simulation +0.30 % at every delay) within 1 %, and daspnet.m's update
/// every 10 ms (reference −2.3 % … −3.8 %) within 5 % (docs/science/criteria.md §1.4).
#[test]
fn iz1_discrete_clocks_stay_within_their_bounds() {
    let (ec, ed) = (libm::exp(-1.0 / TAU_C), libm::exp(-1.0 / TAU_D));
    for (delay, _) in DELAYS {
        let want = exact(delay, 1.0, 1.0);
        // 1 ms product-Euler: decay, then w += c·d.
        let (mut w, mut c, mut d) = (0.0, 1.0, 0.0);
        for t in 0..(delay + AFTER_MS) {
            if t > 0 {
                c *= ec;
                d *= ed;
            }
            if t == delay {
                d += 1.0;
            }
            w += c * d;
        }
        let euler = (w - want) / want;
        // daspnet.m: every 10 ms s += 10·DA·sd and sd *= 0.99 (rate 1/ms
        // here, so the step is 10 ms of it); DA *= e^{−1/τd} every ms.
        let (mut w, mut c, mut d) = (0.0, 1.0, 0.0);
        for t in 0..(delay + AFTER_MS) {
            if t == delay {
                d += 1.0;
            }
            if t % 10 == 0 {
                w += 10.0 * d * c;
                c *= libm::exp(-10.0 / TAU_C);
            }
            d *= ed;
        }
        let dasp = (w - want) / want;
        println!("IZ-1 Δ = {delay}: 1 ms Euler {euler:+.4}, 10 ms daspnet {dasp:+.4}");
        assert!(euler.abs() < 0.01, "IZ-1 Euler Δ = {delay}: {euler}");
        assert!(
            dasp.abs() <= 0.05,
            "IZ-1 daspnet scheme Δ = {delay}: {dasp}"
        );
    }
}

/// IZ-1: dopamine that precedes the pairing by ≥ 1 s gives < 1 % of the
/// Δ = 0 value (only e^{−1 s/τd} ≈ 0.7 % of it remains).
#[test]
fn iz1_dopamine_before_the_pairing_does_almost_nothing() {
    let reference = exact(0, 1.0, 1.0);
    for lead in [1000, 2000] {
        for clock in [false, true] {
            let got = window_run(lead, 0, 1.0, 1.0, clock);
            let ratio = got / reference;
            println!("IZ-1 DA {lead} ms before pairing (clock {clock}): {ratio:.4} of Δ = 0");
            assert!((0.0..0.01).contains(&ratio), "{ratio}");
        }
    }
}

/// IZ-1: an LTD pairing (post → pre) with dopamine gives a negative Δw,
/// |ratio| to the LTP pairing = A₋/A₊ = 1.5, with the daspnet.m window.
#[test]
fn iz1_ltd_pairing_is_negative_with_ratio_a_minus_over_a_plus() {
    let stdp = Stdp::default();
    // Pre arrives, post fires 1 ms later: LTP reads the pre trace 0 ms old.
    let ltp_tag = stdp.potentiation(0);
    // Post fires, pre arrives in the same ms: LTD reads the post trace.
    let ltd_tag = -stdp.depression(0);
    for delay in [0, 1000] {
        for clock in [false, true] {
            let up = window_run(0, delay, ltp_tag, 1.0, clock);
            let down = window_run(0, delay, ltd_tag, 1.0, clock);
            let ratio = down / up;
            println!("IZ-1 LTD/LTP Δ = {delay} (clock {clock}): {ratio:.6}");
            assert!(down < 0.0 && up > 0.0);
            assert!((ratio + 1.5).abs() < 1e-9, "{ratio}");
        }
    }
    // The window keeps the published shape: 0.1·0.95^k.
    assert!((stdp.potentiation(10) / stdp.potentiation(0) - 0.95f64.powi(10)).abs() < 1e-12);
}

/// Without dopamine and tonic level (a full lesion) a tagged synapse never
/// changes (3F-5 in spirit: no third factor, no change).
#[test]
fn no_dopamine_no_change() {
    let r = rule();
    let (mut c, mut d) = (1.0, 0.0);
    assert_eq!(r.advance(&mut c, &mut d, 0.0, 3.6e6), 0.0);
}

fn scenario(extra: &str, seeds: u32) -> String {
    format!(r#"{{"task": {{"kind": "distal_reward"{extra}}}, "seeds": {seeds}}}"#)
}

fn metric_mean(exp: &Experiment, run: usize, metric: &str) -> f64 {
    let m = exp.metric_index(metric).expect("metric");
    let p = exp.runs()[run].recording.series[m].points();
    p.iter().map(|x| *x as f64).sum::<f64>() / p.len() as f64
}

/// Firing rate of the network: the reference re-implementation runs at
/// 1.2–1.4 Hz (docs/science/criteria.md §1.1, reference simulation); the
/// network must be within that band ± 20 % ([0.96, 1.68] Hz), 3 seeds × 20 s.
#[test]
fn firing_rate_is_in_the_reference_band() {
    let mut exp = Experiment::from_json(&scenario(r#", "duration_s": 20"#, 3)).expect("valid");
    exp.run_to_end();
    for r in 0..3 {
        let exc = metric_mean(&exp, r, "rate_exc");
        let inh = metric_mean(&exp, r, "rate_inh");
        let rate = 0.8 * exc + 0.2 * inh;
        println!("seed {r}: rate {rate:.3} Hz (exc {exc:.3}, inh {inh:.3})");
        assert!((0.96..=1.68).contains(&rate), "seed {r}: {rate} Hz");
    }
}

/// Weights stay within [0, w_max] (checked on every synapse), the histogram
/// sums to 1, and the mean weight falls under LTD-dominated STDP.
#[test]
fn weights_stay_within_bounds() {
    let mut exp =
        Experiment::from_json(&scenario(r#", "duration_s": 30, "w_max": 4"#, 1)).expect("valid");
    exp.run_to_end();
    let sim = exp.runs()[0].spiking().expect("a spiking run");
    let n = sim.network().weights().len();
    assert_eq!(n, 80_000);
    let (lo, hi) = sim
        .network()
        .weights()
        .fold((f64::MAX, f64::MIN), |(a, b), w| (a.min(w), b.max(w)));
    println!("weights within [{lo}, {hi}]");
    assert!(lo >= 0.0 && hi <= 4.0);
    assert!(hi > 1.0 && lo < 1.0, "weights moved both ways");
    let frac: f64 = (1..=8)
        .map(|k| {
            let m = exp.metric_index(&format!("w_frac_{k}")).expect("histogram");
            *exp.runs()[0].recording.series[m]
                .points()
                .last()
                .expect("a point") as f64
        })
        .sum();
    assert!((frac - 1.0).abs() < 1e-6, "histogram sums to {frac}");
    let m = exp.metric_index("mean_weight").expect("mean");
    let last = *exp.runs()[0].recording.series[m]
        .points()
        .last()
        .expect("a point");
    assert!(last < 1.0, "mean weight {last} should fall from 1.0");
}

/// Same scenario and seed, same digest; another seed, another digest.
#[test]
fn runs_are_deterministic() {
    let text = scenario(r#", "duration_s": 5"#, 2);
    let digest = |t: &str| {
        let mut e = Experiment::from_json(t).expect("valid");
        e.run_to_end();
        e.digest()
    };
    let a = digest(&text);
    assert_eq!(a, digest(&text));
    let other = text.replace(r#""seeds": 2"#, r#""seeds": 2, "first_seed": 5"#);
    assert_ne!(a, digest(&other));
}

/// Event-driven and clock-driven integration of the network agree: same
/// spikes, weights equal to rounding (2 model s).
#[test]
fn event_and_clock_integration_agree() {
    let run = |mode: &str| {
        let mut e = Experiment::from_json(&scenario(
            &format!(r#", "duration_s": 2, "integration": "{mode}""#),
            1,
        ))
        .expect("valid");
        e.run_to_end();
        e
    };
    let (ev, cl) = (run("event"), run("clock"));
    let (a, b) = (
        ev.runs()[0].spiking().expect("spiking"),
        cl.runs()[0].spiking().expect("spiking"),
    );
    assert_eq!(a.network().spike_counts(), b.network().spike_counts());
    let max_diff = a
        .network()
        .weights()
        .zip(b.network().weights())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max);
    println!("event vs clock: max weight difference {max_diff:e}");
    assert!(max_diff < 1e-9, "{max_diff}");
}

/// Distal reward wiring: coincidences of n1 → n2 earn rewards 1–3 s later,
/// so with plasticity off (no weight change) pairings and rewards match up
/// over a long enough run, and no reward comes before 1 s.
#[test]
fn instrumental_rewards_follow_pairings() {
    let mut exp = Experiment::from_json(&scenario(
        r#", "duration_s": 60, "plastic": false, "bin_ms": 500"#,
        1,
    ))
    .expect("valid");
    exp.run_to_end();
    let get = |m: &str| {
        let i = exp.metric_index(m).expect("metric");
        exp.runs()[0].recording.series[i].points().to_vec()
    };
    let (pairs, rewards) = (get("pairings"), get("reward"));
    let first_pair = pairs.iter().position(|x| *x > 0.0);
    let first_reward = rewards.iter().position(|x| *x > 0.0);
    let total_p: f32 = pairs.iter().sum();
    let total_r: f32 = rewards.iter().sum();
    println!(
        "pairings {total_p}, rewards {total_r}, first at bins {first_pair:?} / {first_reward:?}"
    );
    if let (Some(p), Some(r)) = (first_pair, first_reward) {
        assert!(
            r >= p + 2,
            "reward at bin {r} too soon after pairing at bin {p}"
        );
    }
    // Rewards lag pairings by at most 3 s (6 bins).
    let lagged: f32 = pairs[..pairs.len() - 6].iter().sum();
    assert!(
        total_r >= lagged && total_r <= total_p,
        "{total_r} vs {lagged}..{total_p}"
    );
    let w = get("rewarded_weight");
    assert!(
        w.iter().all(|x| *x == 0.0),
        "plasticity off: the weight stays 0"
    );
}

/// Pavlovian protocol: 100 sets of 50 distinct neurons; stimuli every
/// 100–300 ms; S1 ≈ 1 % of them; responses include the stimulated cells.
#[test]
fn pavlovian_protocol_presents_sets_and_measures_responses() {
    let mut exp = Experiment::from_json(&scenario(
        r#", "protocol": "pavlovian", "duration_s": 60, "reward_delay_min_s": 0, "reward_delay_max_s": 1"#,
        1,
    ))
    .expect("valid");
    let sets = exp.runs()[0]
        .spiking()
        .expect("spiking")
        .protocol()
        .sets()
        .to_vec();
    assert_eq!(sets.len(), 100);
    for s in &sets {
        assert_eq!(s.len(), 50);
        assert!(s.windows(2).all(|w| w[0] < w[1]), "distinct, sorted");
    }
    exp.run_to_end();
    let sum = |m: &str| {
        let i = exp.metric_index(m).expect("metric");
        exp.runs()[0].recording.series[i]
            .points()
            .iter()
            .map(|x| *x as f64)
            .sum::<f64>()
    };
    let (s1, other) = (sum("s1_count"), sum("other_count"));
    let per_stim = sum("other_spikes") / other;
    println!("S1 {s1}, others {other}, spikes per response {per_stim:.1}");
    // 60 s / 200 ms mean interval ≈ 300 stimuli.
    assert!((250.0..=350.0).contains(&(s1 + other)), "{}", s1 + other);
    assert!(per_stim > 50.0, "the stimulated set fires: {per_stim}");
    assert!(sum("reward") <= s1 + 1.0);
}

/// Scenario checks name the field.
#[test]
fn bad_spiking_scenarios_are_refused_with_the_field() {
    let err = |extra: &str| {
        Experiment::from_json(&scenario(extra, 1))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        err(r#", "reward_delay_min_s": 2, "reward_delay_max_s": 1"#),
        "task.reward_delay_max_s: must be at least reward_delay_min_s (2), got 1"
    );
    assert!(err(r#", "max_delay_ms": 30"#)
        .starts_with("task.max_delay_ms: must be a whole number within [1, 20]"));
    assert!(err(r#", "protocol": "operant""#).contains("task.protocol"));
    assert!(err(r#", "duration_s": 10, "bin_ms": 3000"#).starts_with("task.bin_ms: must divide"));
}

/// Conduction delays 1 … 20 ms (spnet.m layout) run and keep a plausible rate.
#[test]
fn longer_delays_run() {
    let mut exp = Experiment::from_json(&scenario(r#", "duration_s": 5, "max_delay_ms": 20"#, 1))
        .expect("valid");
    exp.run_to_end();
    let rate = 0.8 * metric_mean(&exp, 0, "rate_exc") + 0.2 * metric_mean(&exp, 0, "rate_inh");
    println!("D = 20: rate {rate:.3} Hz");
    assert!((0.5..=5.0).contains(&rate), "{rate}");
}
