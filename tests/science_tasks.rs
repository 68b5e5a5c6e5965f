//! Behavioural and dopamine signatures of the task suite with the current
//! learner, checked over many seeds. Each test names its criterion in
//! science-criteria.md (shared with the project) with its threshold and source.

use modulab::experiment::Experiment;

fn run(text: &str) -> Experiment {
    let mut exp = Experiment::from_json(text).expect("valid scenario");
    exp.run_to_end();
    exp
}

/// Every trial's value of `metric` for each run of `condition` (runs are short
/// enough that series are not downsampled).
fn per_run(exp: &Experiment, condition: usize, metric: &str) -> Vec<Vec<f64>> {
    let m = exp
        .metric_index(metric)
        .unwrap_or_else(|| panic!("{metric} is recorded"));
    exp.runs()
        .iter()
        .filter(|r| r.condition == condition)
        .map(|r| {
            let s = &r.recording.series[m];
            assert_eq!(s.stride(), 1, "series must not be downsampled");
            s.points().iter().map(|x| *x as f64).collect()
        })
        .collect()
}

/// Mean over runs and over trials `from..=to` (1-based) of `metric`.
fn mean_over(exp: &Experiment, condition: usize, metric: &str, from: usize, to: usize) -> f64 {
    let runs = per_run(exp, condition, metric);
    let n = runs.len() * (to + 1 - from);
    runs.iter()
        .map(|r| r[from - 1..to].iter().sum::<f64>())
        .sum::<f64>()
        / n as f64
}

/// First trial (1-based) where the dopamine response at the CS exceeds that at the US.
fn crossing_trial(exp: &Experiment) -> usize {
    let cs = &per_run(exp, 0, "dopamine_cs")[0];
    let us = &per_run(exp, 0, "dopamine_us")[0];
    cs.iter()
        .zip(us)
        .position(|(c, u)| c > u)
        .map_or(usize::MAX, |i| i + 1)
}

fn conditioning(phases: &str, salience: &str, trace_decay: f64) -> String {
    format!(
        r#"{{"task": {{"kind": "conditioning", "salience": {salience}, "phases": {phases}}},
            "model": {{"learning_rate": 0.3, "initial_value": 0, "discount": 1,
                       "trace_decay": {trace_decay}}},
            "seeds": 3}}"#
    )
}

/// TD-1 (science-criteria.md §2.4; Montague et al. 1996, Schultz et al. 1997;
/// reference simulation §2.3): CSC TD(0), α = 0.3, γ = 1, CS at step 41, US
/// at 54 of 60. Trial 1: δ_US ≥ 0.99 and |δ_CS| ≤ 0.01; trial 100: δ_CS ≥ 0.9
/// and δ_US ≤ 0.1; first crossing trial within [15, 40] (reference 21). With
/// TD(λ) the crossing comes earlier (reference 10 for λ = 0.5, 5 for λ = 0.9).
#[test]
fn td1_dopamine_moves_from_reward_to_cue() {
    let phases = r#"[{"cues": [0], "p_reward": 1, "trials": 120}]"#;
    let exp = run(&conditioning(phases, "[1]", 0.0));
    let cs = &per_run(&exp, 0, "dopamine_cs")[0];
    let us = &per_run(&exp, 0, "dopamine_us")[0];
    let cross = crossing_trial(&exp);
    println!(
        "TD-1: trial 1 δ_CS {:.3} δ_US {:.3}; trial 100 δ_CS {:.3} δ_US {:.3}; crossing {cross} (ref 21)",
        cs[0], us[0], cs[99], us[99]
    );
    assert!(us[0] >= 0.99 && cs[0].abs() <= 0.01, "trial 1");
    assert!(cs[99] >= 0.9 && us[99] <= 0.1, "trial 100");
    assert!((15..=40).contains(&cross), "crossing trial {cross}");
    let mut last = cross;
    for lambda in [0.5, 0.9] {
        let c = crossing_trial(&run(&conditioning(phases, "[1]", lambda)));
        println!("TD-1: TD(λ = {lambda}) crossing {c}");
        assert!(
            c < last,
            "λ = {lambda}: crossing {c} not earlier than {last}"
        );
        last = c;
    }
}

/// TD-2 (science-criteria.md §2.4; Schultz et al. 1997): after 100 training
/// trials an omitted reward gives δ ≤ −0.9 at the expected US time, the
/// minimum of the trial, while δ at the CS stays ≥ 0.9 (reference: −1.000
/// and 1.000 on trial 101). The engine records the un-clipped RPE (DA = g·δ, g = 1).
#[test]
fn td2_omitted_reward_dips_at_the_expected_time() {
    let phases = r#"[{"cues": [0], "p_reward": 1, "trials": 100},
                     {"cues": [0], "p_reward": 1, "trials": 1, "omit_every": 1}]"#;
    let exp = run(&conditioning(phases, "[1]", 0.0));
    for r in exp.runs() {
        let profile = r
            .recording
            .dopamine_profiles
            .get(101)
            .expect("trial 101 kept");
        // Entry k is δ after step k (0-based): the US at step 54 is entry 52,
        // the CS at step 41 entry 39.
        let (us, cs) = (profile[52] as f64, profile[39] as f64);
        let min = profile.iter().fold(f32::INFINITY, |a, b| a.min(*b)) as f64;
        println!(
            "TD-2: omission trial δ_US {us:.3} (≤ −0.9, trial min {min:.3}), δ_CS {cs:.3} (≥ 0.9)"
        );
        assert!(us <= -0.9 && us == min, "US dip {us} (min {min})");
        assert!(cs >= 0.9, "CS response {cs}");
    }
    let us = per_run(&exp, 0, "dopamine_us")[0][100];
    assert!(us <= -0.9, "dopamine_us metric on the probe trial {us}");
}

/// TD-4 (science-criteria.md §2.4; Montague et al. 1996 Fig. 5C, reference
/// simulation §2.3): extinction from trial 70 gives δ_US ≤ −0.9 on trial 71
/// and δ_CS < 0.05 by trial 150 (reference −1.0 and 0.002).
#[test]
fn td4_extinction_removes_the_cue_response() {
    let phases = r#"[{"cues": [0], "p_reward": 1, "trials": 70},
                     {"cues": [0], "p_reward": 0, "trials": 80}]"#;
    let exp = run(&conditioning(phases, "[1]", 0.0));
    let cs = &per_run(&exp, 0, "dopamine_cs")[0];
    let us = &per_run(&exp, 0, "dopamine_us")[0];
    println!(
        "TD-4: trial 71 δ_US {:.3} (≤ −0.9); δ_CS trial 110 {:.3} (ref 0.62), trial 150 {:.4} (< 0.05)",
        us[70], cs[109], cs[149]
    );
    assert!(us[70] <= -0.9, "no dip at the first omitted US: {}", us[70]);
    assert!(
        cs[149] < 0.05,
        "cue response survives extinction: {}",
        cs[149]
    );
    assert!(
        cs[109] > 0.3,
        "extinction of the CS response is not gradual"
    );
}

/// TD-6 (science-criteria.md §2.4; Waelti, Dickinson & Schultz 2001, from the
/// literature): 100 trials A→US, then 100 AX→US; δ at X onset when X is
/// tested alone ≤ 0.1 × its value in the control design (B→US pretraining,
/// then AX→US), as Rescorla–Wagner predicts (§6.2: V_X 0.0026 vs 0.500).
#[test]
fn td6_pretrained_cue_blocks_the_added_cue() {
    let blocked = run(&conditioning(
        r#"[{"cues": [0], "p_reward": 1, "trials": 100},
            {"cues": [0, 1], "p_reward": 1, "trials": 100},
            {"cues": [1], "p_reward": 0, "trials": 1}]"#,
        "[1, 1, 1]",
        0.0,
    ));
    let control = run(&conditioning(
        r#"[{"cues": [2], "p_reward": 1, "trials": 100},
            {"cues": [0, 1], "p_reward": 1, "trials": 100},
            {"cues": [1], "p_reward": 0, "trials": 1}]"#,
        "[1, 1, 1]",
        0.0,
    ));
    let x_blocked = per_run(&blocked, 0, "dopamine_cs")[0][200];
    let x_control = per_run(&control, 0, "dopamine_cs")[0][200];
    println!("TD-6: δ at X onset blocked {x_blocked:.4}, control {x_control:.4} (ratio ≤ 0.1)");
    assert!(
        x_control > 0.3,
        "X learned nothing even in the control: {x_control}"
    );
    assert!(
        x_blocked <= 0.1 * x_control,
        "blocking failed: {x_blocked} vs {x_control}"
    );
}

/// TD-7 (science-criteria.md §2.4; Niv et al. 2007 tonic = average reward):
/// in a long stationary block the phasic channel has zero mean
/// (|mean δ| < 0.02), while the tonic channel moves slowly — per-trial steps
/// no larger than η_R = 0.05 (it cannot produce phasic responses) — even though
/// phasic responses are large (mean |δ| ≥ 0.2). 80/20 bandit, 50 seeds × 1000 trials.
#[test]
fn td7_tonic_and_phasic_dopamine_are_separate() {
    let exp = run(r#"{"task": {"kind": "bandit", "trials": 1000}, "seeds": 50,
            "model": {"average_reward_rate": 0.05}}"#);
    let phasic = per_run(&exp, 0, "dopamine");
    let tonic = per_run(&exp, 0, "dopamine_tonic");
    let late: Vec<f64> = phasic
        .iter()
        .flat_map(|r| r[500..].iter().copied())
        .collect();
    let mean = late.iter().sum::<f64>() / late.len() as f64;
    let mean_abs = late.iter().map(|x| x.abs()).sum::<f64>() / late.len() as f64;
    let max_step = tonic
        .iter()
        .flat_map(|r| r.windows(2).map(|w| (w[1] - w[0]).abs()))
        .fold(0.0, f64::max);
    println!(
        "TD-7: mean phasic δ trials 501-1000 {mean:.4} (|·| < 0.02), mean |δ| {mean_abs:.3}, \
         largest tonic step {max_step:.4} (≤ 0.05)"
    );
    assert!(mean.abs() < 0.02, "phasic mean {mean}");
    assert!(mean_abs >= 0.2, "no phasic responses: {mean_abs}");
    assert!(max_step <= 0.05 + 1e-6, "tonic jumped by {max_step}");
}

/// Accuracy in trials 1–10 after each reversal (blocks 2 onwards) and in
/// trials 30–40 of every block, pooled over runs.
fn reversal_accuracy(exp: &Experiment) -> (f64, f64) {
    let correct = per_run(exp, 0, "correct");
    let in_block = per_run(exp, 0, "trial_in_block");
    let reversal_count = per_run(exp, 0, "reversals");
    let (mut early, mut ne, mut late, mut nl) = (0.0, 0, 0.0, 0);
    for ((c, t), k) in correct.iter().zip(&in_block).zip(&reversal_count) {
        for i in 0..c.len() {
            // `reversals` counts reversals up to and including this trial's end.
            let block = if i > 0 { k[i - 1] } else { 0.0 };
            if block >= 1.0 && t[i] <= 10.0 {
                early += c[i];
                ne += 1;
            }
            if t[i] >= 30.0 {
                late += c[i];
                nl += 1;
            }
        }
    }
    (early / ne as f64, late / nl as f64)
}

fn reversal(learning_rate: f64, extra: &str) -> Experiment {
    run(&format!(
        r#"{{"task": {{"kind": "reversal", "period": 40, "trials": 400{extra}}}, "seeds": 100,
            "model": {{"learning_rate": {learning_rate}, "inverse_temperature": 5}}}}"#
    ))
}

/// DOYA-3 (science-criteria.md §3.3; Doya 2002, reference simulation):
/// 80/20 reversal every 40 trials, β = 5, 100 seeds. Accuracy in the first 10
/// post-reversal trials rises with α over {0.1, 0.3, 0.6}, by ≥ 0.05 between
/// neighbours (reference 0.265 < 0.451 < 0.582).
#[test]
fn doya3_reversal_speed_increases_with_learning_rate() {
    let acc: Vec<(f64, f64)> = [0.1, 0.3, 0.6]
        .iter()
        .map(|a| reversal_accuracy(&reversal(*a, "")))
        .collect();
    println!(
        "DOYA-3: post-reversal accuracy α=0.1/0.3/0.6: {:.3}/{:.3}/{:.3} (ref 0.265/0.451/0.582); \
         late-block {:.3}/{:.3}/{:.3} (ref 0.876/0.923/0.909)",
        acc[0].0, acc[1].0, acc[2].0, acc[0].1, acc[1].1, acc[2].1
    );
    assert!(acc[1].0 - acc[0].0 >= 0.05, "α 0.1 → 0.3");
    assert!(acc[2].0 - acc[1].0 >= 0.05, "α 0.3 → 0.6");
}

/// BAN-1 on the reversal task (science-criteria.md §8.2 reference Q-learning
/// agent, α = 0.3, β = 5, 80/20 every 40 trials, 100 seeds): late-block
/// accuracy ≥ 0.85 (ref 0.923), win-stay within 0.05 of 0.913 and lose-shift
/// within 0.05 of 0.388; criterion-based reversals (8 correct in a row, 200
/// trials) completed within [8, 11.5] (ref 9.74).
#[test]
fn ban1_reversal_baseline_matches_the_reference_agent() {
    let exp = reversal(0.3, "");
    let (_, late) = reversal_accuracy(&exp);
    let sum = |m: &str| -> f64 { per_run(&exp, 0, m).iter().flatten().sum() };
    let n = (100 * 400) as f64;
    let after_win = sum("after_win");
    let after_loss = n - 100.0 - after_win; // the first trial follows nothing
    let win_stay = sum("win_stay") / after_win;
    let lose_shift = sum("lose_shift") / after_loss;
    let crit = run(
        r#"{"task": {"kind": "reversal", "mode": "criterion", "criterion": 8, "trials": 200},
            "seeds": 100, "model": {"learning_rate": 0.3, "inverse_temperature": 5}}"#,
    );
    let reversals: f64 = per_run(&crit, 0, "reversals")
        .iter()
        .map(|r| r[199])
        .sum::<f64>()
        / 100.0;
    println!(
        "BAN-1/§8.2: late-block {late:.3} (ref 0.923), win-stay {win_stay:.3} (ref 0.913), \
         lose-shift {lose_shift:.3} (ref 0.388), criterion reversals {reversals:.2} (ref 9.74)"
    );
    assert!(late >= 0.85, "late-block accuracy {late}");
    assert!((win_stay - 0.913).abs() <= 0.05, "win-stay {win_stay}");
    assert!(
        (lose_shift - 0.388).abs() <= 0.05,
        "lose-shift {lose_shift}"
    );
    assert!((8.0..=11.5).contains(&reversals), "reversals {reversals}");
}

/// BAN-1 with Gaussian payoffs (science-criteria.md §9.1 thresholds, same
/// means 0.8/0.2, payoff SD 0.3 < the Bernoulli SD 0.4): P(better) over trials
/// 201–300 ≥ 0.90 and over trials 1–20 ≤ 0.88, 50 seeds.
#[test]
fn ban1_gaussian_payoffs_are_learned_like_bernoulli_ones() {
    let exp = run(
        r#"{"task": {"kind": "bandit", "payoff": "gaussian", "sd": 0.3}, "seeds": 50,
            "model": {"learning_rate": 0.3, "inverse_temperature": 5, "initial_value": 0.5}}"#,
    );
    let early = mean_over(&exp, 0, "correct", 1, 20);
    let late = mean_over(&exp, 0, "correct", 201, 300);
    println!("BAN-1 gaussian: P(better) 1-20 {early:.3} (≤ 0.88), 201-300 {late:.3} (≥ 0.90)");
    assert!(late >= 0.90 && early <= 0.88);
}

/// TS-1, model-free half (science-criteria.md §9.3; Daw et al. 2011,
/// reference simulation α = 0.5, λ = 1, β = 5, 200 seeds): a model-free
/// SARSA(1) learner shows a reward main effect on first-stage stay
/// probability ≥ 0.25 (ref 0.335) and |reward × transition| ≤ 0.08 (ref 0.027).
#[test]
fn ts1_model_free_learner_stays_after_reward_whatever_the_transition() {
    let exp = run(r#"{"task": {"kind": "two_step"}, "seeds": 200,
            "model": {"learning_rate": 0.5, "inverse_temperature": 5, "discount": 1,
                      "trace_decay": 1}}"#);
    let stay = per_run(&exp, 0, "stay");
    let rew = per_run(&exp, 0, "prev_reward");
    let com = per_run(&exp, 0, "prev_common");
    // P(stay | previous reward, previous transition), pooled over seeds from trial 2.
    let mut cells = [[0.0f64; 2]; 4];
    for ((s, r), c) in stay.iter().zip(&rew).zip(&com) {
        for i in 1..s.len() {
            let k = 2 * (r[i] as usize) + c[i] as usize;
            cells[k][0] += s[i];
            cells[k][1] += 1.0;
        }
    }
    let p = |k: usize| cells[k][0] / cells[k][1];
    let (rc, rr, uc, ur) = (p(3), p(2), p(1), p(0));
    let main = (rc + rr - uc - ur) / 2.0;
    let inter = (rc - rr) - (uc - ur);
    println!(
        "TS-1 (w = 0): P(stay) rew/common {rc:.3} rew/rare {rr:.3} unrew/common {uc:.3} \
         unrew/rare {ur:.3}; main {main:.3} (≥ 0.25), interaction {inter:.3} (|·| ≤ 0.08)"
    );
    assert!(main >= 0.25, "reward main effect {main}");
    assert!(inter.abs() <= 0.08, "interaction {inter}");
}
