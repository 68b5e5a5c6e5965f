//! Published effects, checked against the engine's own output over many
//! seeds. Each test names its criterion in docs/science/criteria.md.

use modulab::circuit::Circuit;
use modulab::experiment::Experiment;
use modulab::rng::{Rng, Stream};
use modulab::scenario::{Condition, ModelSpec};

/// Mean over seeds of P(correct) in trials `from..=to` (1-based) for one condition.
fn p_correct(exp: &Experiment, condition: usize, from: usize, to: usize) -> f64 {
    let m = exp.metric_index("correct").expect("correct is recorded");
    let band = exp.summary(condition, m, 1);
    let slice = &band.mean[from - 1..to];
    slice.iter().sum::<f64>() / slice.len() as f64
}

fn run(text: &str) -> Experiment {
    let mut exp = Experiment::from_json(text).expect("valid scenario");
    exp.run_to_end();
    exp
}

/// BAN-1 (docs/science/criteria.md §9.1): Q-learning α = 0.3, β = 5, Q₀ = 0.5 on an
/// 80/20 two-armed bandit, 50 seeds. Mean P(better) over trials 201–300 must
/// be ≥ 0.90 (reference simulation 0.950) and over trials 1–20 ≤ 0.88 (a
/// learning curve, not instant; reference 0.807).
#[test]
fn ban1_bandit_learner_prefers_the_better_arm() {
    let exp = run(
        r#"{"task": {"kind": "bandit", "p_reward": [0.8, 0.2], "trials": 300},
                      "model": {"learning_rate": 0.3, "inverse_temperature": 5, "initial_value": 0.5},
                      "seeds": 50}"#,
    );
    let early = p_correct(&exp, 0, 1, 20);
    let late = p_correct(&exp, 0, 201, 300);
    println!("BAN-1: P(better) trials 1-20 = {early:.3} (<= 0.88), 201-300 = {late:.3} (>= 0.90)");
    assert!(late >= 0.90, "BAN-1 late P(better) {late:.3} < 0.90");
    assert!(early <= 0.88, "BAN-1 early P(better) {early:.3} > 0.88");
}

/// The better arm is the one learned, wherever it sits: the same scenario with
/// the arms swapped reaches the same late performance (guards against a
/// learner that simply prefers arm 0).
#[test]
fn ban1_holds_with_the_better_arm_second() {
    let exp = run(r#"{"task": {"kind": "bandit", "p_reward": [0.2, 0.8]}, "seeds": 50}"#);
    let late = p_correct(&exp, 0, 201, 300);
    assert!(
        late >= 0.90,
        "late P(better) {late:.3} < 0.90 with the better arm second"
    );
}

/// Dopamine is the third factor: with its phasic gain at 0 no eligibility is
/// converted, so choice stays at chance (DOYA-4, first half: "g = 0 abolishes
/// learning"); a halved gain slows acquisition (DOYA-4: "g < 1 slows
/// acquisition"). 50 seeds; chance is 0.5, so 0.42–0.58 allows ±3.5 SEM.
#[test]
fn doya4_dopamine_gain_gates_learning() {
    let exp = run(r#"{"task": {"kind": "bandit"}, "seeds": 50,
                      "conditions": [{"label": "intact"},
                                     {"label": "half", "dopamine": {"gain": 0.5}},
                                     {"label": "blocked", "dopamine": {"gain": 0}}]}"#);
    let intact = p_correct(&exp, 0, 1, 60);
    let half = p_correct(&exp, 1, 1, 60);
    let blocked = p_correct(&exp, 2, 1, 300);
    println!("DOYA-4: P(better) 1-60 intact {intact:.3}, half gain {half:.3}; blocked 1-300 {blocked:.3}");
    assert!(
        (0.42..=0.58).contains(&blocked),
        "blocked dopamine still learned: {blocked:.3}"
    );
    assert!(
        half < intact - 0.02,
        "halving the gain did not slow acquisition: {half:.3} vs {intact:.3}"
    );
}

/// A clamp fixes the dopamine reaching synapses whatever the outcome: a
/// positive clamp reinforces every choice alike, so no arm is preferred.
#[test]
fn clamped_dopamine_removes_the_prediction_error_signal() {
    let exp = run(r#"{"task": {"kind": "bandit"}, "seeds": 50,
                      "conditions": [{"label": "clamped", "dopamine": {"clamp": 0.0}}]}"#);
    let p = p_correct(&exp, 0, 1, 300);
    let da = exp.summary(0, exp.metric_index("dopamine").expect("dopamine"), 1);
    assert!(da.mean.iter().all(|v| *v == 0.0), "clamped dopamine moved");
    assert!(
        (0.42..=0.58).contains(&p),
        "learned without dopamine: {p:.3}"
    );
}

/// Per-seed series of one metric in one condition.
fn per_seed(exp: &Experiment, condition: usize, metric: &str) -> Vec<Vec<f64>> {
    let m = exp.metric_index(metric).expect("metric recorded");
    exp.runs()
        .iter()
        .filter(|r| r.condition == condition)
        .map(|r| {
            r.recording.series[m]
                .points()
                .iter()
                .map(|v| *v as f64)
                .collect()
        })
        .collect()
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

/// Trials until the group mean P(correct), smoothed over 10 trials, first
/// reaches `level`; `None` if never.
fn trials_to(exp: &Experiment, condition: usize, level: f64) -> Option<usize> {
    let m = exp.metric_index("correct").expect("correct");
    let band = exp.summary(condition, m, 10);
    band.mean
        .iter()
        .skip(9)
        .position(|p| *p >= level)
        .map(|i| i + 10)
}

/// DOYA-4 (docs/science/criteria.md §3.3): scaling δ by g ∈ {1, 0.5, 0}: trials to
/// reach 75 % correct increase as g decreases (g = 0 never reaches it); with
/// g = 0 given after training (from trial 151), choices stay at the trained
/// level (values are not erased) while no new learning happens. 50 seeds.
#[test]
fn doya4_dopamine_gain_slows_acquisition_but_spares_learned_values() {
    let exp = run(r#"{"task": {"kind": "bandit", "trials": 300}, "seeds": 50,
        "conditions": [{"label": "g1"},
                       {"label": "g0.5", "dopamine": {"gain": 0.5}},
                       {"label": "g0", "dopamine": {"gain": 0}},
                       {"label": "g0 after training", "dopamine": {"gain": 0}, "from_trial": 151}]}"#);
    let t1 = trials_to(&exp, 0, 0.75);
    let t05 = trials_to(&exp, 1, 0.75);
    let t0 = trials_to(&exp, 2, 0.75);
    let before = p_correct(&exp, 3, 101, 150);
    let after = p_correct(&exp, 3, 151, 300);
    let values = per_seed(&exp, 3, "value");
    // The value of the better arm, sampled whenever it was chosen after trial 150,
    // stays whatever it was at trial 150: no weight changes.
    let correct = per_seed(&exp, 3, "correct");
    let frozen = values.iter().zip(&correct).all(|(v, c)| {
        let chosen: Vec<f64> = (150..300).filter(|t| c[*t] == 1.0).map(|t| v[t]).collect();
        chosen.windows(2).all(|w| w[0] == w[1])
    });
    println!("DOYA-4: trials to 75%: g=1 {t1:?}, g=0.5 {t05:?}, g=0 {t0:?}; after-training g=0: {before:.3} -> {after:.3}");
    let (Some(t1), Some(t05)) = (t1, t05) else {
        panic!("DOYA-4: g = 1 or 0.5 never reached 75 %");
    };
    assert!(t05 > t1, "DOYA-4: g = 0.5 not slower ({t05} vs {t1})");
    assert!(t0.is_none(), "DOYA-4: g = 0 reached 75 % at {t0:?}");
    assert!(
        (after - before).abs() < 0.05,
        "DOYA-4: choices moved after g = 0: {before:.3} -> {after:.3}"
    );
    assert!(
        frozen,
        "DOYA-4: values changed after dopamine gain went to 0"
    );
}

/// VIG-1 (docs/science/criteria.md §13; Niv, Daw, Joel & Dayan 2007,
/// Psychopharmacology 191:507): each response waits a latency τ and costs
/// C_v/τ + R̄·τ; the learner responds at τ* = √(C_v / R̄) with R̄ its tonic
/// dopamine, the running mean of the reward it earns. Measured on the
/// recorded latencies (trials 101–300, 40 seeds, C_v = 1, 80/20 bandit):
/// - doubling the reward the learner earns (Gaussian arms with doubled
///   means, 0.4/0.1 → 0.8/0.2, so that R̄ doubles through what it earns,
///   not through a knob)
///   shortens latency by 1/√2 ± 5 %;
/// - dopamine depletion (tone 0.5) lengthens latency (ratio ≥ 1.3, √2 by
///   the rule) without changing choice preference: P(better) over trials
///   101–300 within 0.03 of control;
/// - the cost is paid: the value of the chosen option is lower than without
///   a vigour cost by at least half the mean cost 2√(C_v·R̄).
#[test]
fn vig1_tonic_dopamine_sets_vigour_not_choice() {
    let arms = |means: &str, cost: f64| {
        format!(
            r#"{{"task": {{"kind": "bandit", "payoff": "gaussian", "sd": 0.1, "p_reward": {means}}},
                "model": {{"vigour_cost": {cost}}}, "seeds": 40,
                "conditions": [{{"label": "control"}},
                               {{"label": "depleted", "dopamine": {{"tonic_offset": -0.5}}}}]}}"#
        )
    };
    let halved = run(&arms("[0.4, 0.1]", 1.0));
    let base = run(&arms("[0.8, 0.2]", 1.0));
    let free = run(&arms("[0.8, 0.2]", 0.0));
    let late = |exp: &Experiment, c, metric| {
        mean(
            &per_seed(exp, c, metric)
                .iter()
                .map(|s| mean(&s[100..]))
                .collect::<Vec<_>>(),
        )
    };
    let lat = late(&base, 0, "latency");
    let ratio = lat / late(&halved, 0, "latency");
    let depleted = late(&base, 1, "latency") / lat;
    let (p, p_depleted) = (late(&base, 0, "correct"), late(&base, 1, "correct"));
    let rate = late(&base, 0, "dopamine_tonic");
    let paid = late(&free, 0, "value") - late(&base, 0, "value");
    println!(
        "VIG-1: latency {lat:.3}; doubled reward x{ratio:.3} (1/sqrt2 = 0.707); depleted x{depleted:.3}; \
         P(better) {p:.3} vs depleted {p_depleted:.3}; value lower by {paid:.3} (cost 2 sqrt(R) = {:.3})",
        2.0 * rate.sqrt()
    );
    let target = std::f64::consts::FRAC_1_SQRT_2;
    assert!(
        (ratio - target).abs() < 0.05 * target,
        "doubling R shortened latency x{ratio:.3}"
    );
    assert!(
        depleted >= 1.3,
        "depletion lengthened latency only x{depleted:.3}"
    );
    assert!(
        (p - p_depleted).abs() <= 0.03,
        "depletion changed choice: {p:.3} vs {p_depleted:.3}"
    );
    assert!(paid >= rate.sqrt(), "values lower by {paid:.3} only");
}

/// 3F-5 (docs/science/criteria.md §7.2): with the third factor at zero (dopamine
/// clamped to 0, a full lesion of its effect) eligibility is still formed by
/// every choice but no weight changes: the value of every choice stays Q₀.
#[test]
fn three_factor_5_no_third_factor_no_change() {
    let exp = run(r#"{"task": {"kind": "bandit", "trials": 500}, "seeds": 10,
        "conditions": [{"label": "no DA", "dopamine": {"clamp": 0}}]}"#);
    let values = per_seed(&exp, 0, "value");
    let drift = values
        .iter()
        .flatten()
        .map(|v| (v - 0.5).abs())
        .fold(0.0f64, f64::max);
    assert!(
        drift < 1e-6,
        "3F-5: weights moved by {drift} without a third factor"
    );
}

/// Fraction of losses followed by a switch, per seed, for a two-armed task
/// (the choice is read from `correct`).
fn lose_shift(exp: &Experiment, condition: usize) -> f64 {
    let rewards = per_seed(exp, condition, "reward");
    let correct = per_seed(exp, condition, "correct");
    let per: Vec<f64> = rewards
        .iter()
        .zip(&correct)
        .map(|(r, c)| {
            let (mut losses, mut shifts) = (0.0f64, 0.0f64);
            for t in 0..r.len() - 1 {
                if r[t] <= 0.0 {
                    losses += 1.0;
                    if c[t + 1] != c[t] {
                        shifts += 1.0;
                    }
                }
            }
            shifts / losses.max(1.0)
        })
        .collect();
    mean(&per)
}

/// REV-6 on the stationary bandit (docs/science/criteria.md §8.3), adaptive-gain
/// mapping (more tonic NE, lower β): raising tonic NE (atomoxetine, a reuptake
/// block) increases lose-shift and lowers late accuracy; a β-blocker
/// (propranolol) reduces random exploration (choice entropy falls; Dubois et
/// al. 2021). 100 seeds; the thresholds are directions with a margin of 0.02.
#[test]
fn rev6_tonic_norepinephrine_drives_exploration() {
    let exp = run(r#"{"task": {"kind": "bandit"}, "seeds": 100,
        "model": {"ne_exploration": "adaptive_gain"},
        "conditions": [{"label": "control"},
                       {"label": "atomoxetine", "drugs": ["atomoxetine"]},
                       {"label": "propranolol", "drugs": ["propranolol"]}]}"#);
    let ls = [
        lose_shift(&exp, 0),
        lose_shift(&exp, 1),
        lose_shift(&exp, 2),
    ];
    let late = [
        p_correct(&exp, 0, 201, 300),
        p_correct(&exp, 1, 201, 300),
        p_correct(&exp, 2, 201, 300),
    ];
    let entropy = |c| {
        mean(
            &per_seed(&exp, c, "choice_entropy")
                .iter()
                .map(|s| mean(&s[100..]))
                .collect::<Vec<_>>(),
        )
    };
    let ent = [entropy(0), entropy(1), entropy(2)];
    println!("REV-6 (bandit): lose-shift {ls:.3?}, late P(better) {late:.3?}, entropy {ent:.3?} (control, atomoxetine, propranolol)");
    assert!(
        ls[1] > ls[0] + 0.02,
        "REV-6: atomoxetine did not raise lose-shift"
    );
    assert!(
        late[1] < late[0] - 0.02,
        "REV-6: atomoxetine did not lower late accuracy"
    );
    assert!(
        ent[2] < ent[0] - 0.02,
        "REV-6: propranolol did not reduce random exploration"
    );
}

/// D1/D2 asymmetry (Frank 2005; docs/science/criteria.md §14): a D2 antagonist
/// (haloperidol) weakens learning from dips, so the worse arm's value falls
/// less; a D2 agonist (bromocriptine) strengthens it. Measured on the value
/// of the worse arm when it is chosen late in training. 50 seeds.
#[test]
fn d2_receptors_carry_learning_from_negative_errors() {
    let exp = run(r#"{"task": {"kind": "bandit", "trials": 400}, "seeds": 50,
        "conditions": [{"label": "control"},
                       {"label": "haloperidol", "drugs": ["haloperidol"]},
                       {"label": "bromocriptine", "drugs": ["bromocriptine"]}]}"#);
    let worse_value = |c| {
        let v = per_seed(&exp, c, "value");
        let k = per_seed(&exp, c, "correct");
        let xs: Vec<f64> = v
            .iter()
            .zip(&k)
            .flat_map(|(v, k)| {
                (200..400)
                    .filter(|t| k[*t] == 0.0)
                    .map(|t| v[t])
                    .collect::<Vec<_>>()
            })
            .collect();
        mean(&xs)
    };
    let (control, halo, bromo) = (worse_value(0), worse_value(1), worse_value(2));
    println!("D2: value of the worse arm: control {control:.3}, haloperidol {halo:.3}, bromocriptine {bromo:.3}");
    assert!(
        halo > control + 0.05,
        "haloperidol did not spare the worse arm's value"
    );
    assert!(
        bromo < control - 0.02,
        "bromocriptine did not deepen the worse arm's value"
    );
}

/// Mean of `metric` over the trials where `flag` (a 0/1 metric) equals `on`,
/// per seed.
fn mean_where(exp: &Experiment, condition: usize, metric: &str, flag: &str, on: bool) -> Vec<f64> {
    let v = per_seed(exp, condition, metric);
    let f = per_seed(exp, condition, flag);
    v.iter()
        .zip(&f)
        .map(|(v, f)| {
            let xs: Vec<f64> = v
                .iter()
                .zip(f)
                .filter(|(_, f)| (**f == 1.0) == on)
                .map(|(v, _)| *v)
                .collect();
            mean(&xs)
        })
        .collect()
}

/// The effective learning rate ΔV/δ on the tracked option, measured from
/// recorded values (docs/science/criteria.md §5.3): on each pair of
/// consecutive trials that chose the same option, ΔV = V(t+1) − V(t) of that
/// option (the `value` metric: Q of the chosen option before its update)
/// over δ(t) (the phasic `dopamine`, g·δ with g = 1 here); pairs with
/// |δ| < 0.05 are left out. Mean per seed over the volatile (`on`) or
/// stable trials.
fn measured_learning_rate(exp: &Experiment, condition: usize, on: bool) -> Vec<f64> {
    let value = per_seed(exp, condition, "value");
    let delta = per_seed(exp, condition, "dopamine");
    let correct = per_seed(exp, condition, "correct");
    let better = per_seed(exp, condition, "better_option");
    let volatile = per_seed(exp, condition, "volatile");
    (0..value.len())
        .map(|k| {
            let chosen = |t: usize| {
                if correct[k][t] == 1.0 {
                    better[k][t]
                } else {
                    1.0 - better[k][t]
                }
            };
            let rates: Vec<f64> = (0..value[k].len() - 1)
                .filter(|&t| {
                    (volatile[k][t] == 1.0) == on
                        && chosen(t) == chosen(t + 1)
                        && delta[k][t].abs() >= 0.05
                })
                .map(|t| (value[k][t + 1] - value[k][t]) / delta[k][t])
                .collect();
            mean(&rates)
        })
        .collect()
}

/// VOL-1 and VOL-2 (docs/science/criteria.md §5.3; Behrens et al. 2007; the
/// adaptive rule of Nassar et al. 2010): with the NE/ACh-controlled learning
/// rate the mean effective learning rate, measured as ΔV/δ on the chosen
/// option from recorded values (not the engine's `learning_rate`
/// parameter), in volatile blocks is ≥ 1.25 × that in stable blocks (20
/// seeds, both block orders; ideal observer 1.33–1.41); with adaptation
/// disabled the measured ratio is 1.00 ± 0.05; and NE averaged over the
/// volatile block exceeds its stable-block average in ≥ 90 % of seeds.
/// The criteria are asserted for the adaptive learner as built: its
/// volatility estimate reads the chosen option's errors, and it does not
/// learn from the unchosen option's revealed outcome (`"counterfactual":
/// false`). With fictive learning on (the engine's default, since the task
/// reveals that outcome) the measured ratio is 1.309 stable-first but 1.248
/// volatile-first, and NE is higher in the volatile block in 20/20 and
/// 14/20 seeds: printed, not asserted, and reported as not met in
/// docs/science/criteria.md §5.3.
#[test]
fn vol1_vol2_volatility_raises_learning_rate_and_norepinephrine() {
    for order in ["stable_first", "volatile_first"] {
        let text = |adaptive: bool, counterfactual: bool| {
            format!(
                r#"{{"task": {{"kind": "volatile", "order": "{order}"}}, "seeds": 20,
                    "model": {{"adaptive_learning_rate": {adaptive}, "counterfactual": {counterfactual}}}}}"#
            )
        };
        let ne_up = |exp: &Experiment| {
            let ne_s = mean_where(exp, 0, "norepinephrine_tonic", "volatile", false);
            let ne_v = mean_where(exp, 0, "norepinephrine_tonic", "volatile", true);
            ne_s.iter().zip(&ne_v).filter(|(s, v)| v > s).count()
        };
        let ratio = |exp: &Experiment| {
            mean(&measured_learning_rate(exp, 0, true))
                / mean(&measured_learning_rate(exp, 0, false))
        };
        let adaptive = run(&text(true, false));
        let fixed = run(&text(false, false));
        let fictive = run(&text(true, true));
        let fixed_fictive = run(&text(false, true));
        let (r_adaptive, r_fixed) = (ratio(&adaptive), ratio(&fixed));
        let ne = ne_up(&adaptive);
        println!(
            "VOL-1 ({order}): measured ΔV/δ volatile/stable {r_adaptive:.3} adaptive (≥ 1.25), \
             {r_fixed:.3} fixed (1 ± 0.05); VOL-2: NE higher when volatile in {ne}/20 seeds (≥ 18); \
             with fictive learning: {:.3} adaptive, {:.3} fixed, NE {}/20",
            ratio(&fictive),
            ratio(&fixed_fictive),
            ne_up(&fictive)
        );
        assert!(
            r_adaptive >= 1.25,
            "VOL-1 ({order}): ratio {r_adaptive:.3} < 1.25"
        );
        assert!(
            (r_fixed - 1.0).abs() <= 0.05,
            "VOL-1 ({order}): fixed rate ratio {r_fixed:.3}"
        );
        assert!(
            (ratio(&fixed_fictive) - 1.0).abs() <= 0.05,
            "VOL-1 ({order}): fixed rate ratio with fictive learning"
        );
        assert!(
            ne >= 18,
            "VOL-2 ({order}): NE higher in volatile blocks in only {ne}/20 seeds"
        );
    }
}

/// REV-3 (docs/science/criteria.md §8.3; Bari et al. 2010): on the 80/20
/// criterion-based reversal task, acute low-dose SSRI (lower effective 5-HT)
/// raises lose-shift by ≥ 0.03; chronic SSRI (5-HT up) raises win-stay by
/// ≥ 0.02 and the reversals completed. 100 seeds.
#[test]
fn rev3_serotonin_shapes_lose_shift_and_win_stay() {
    let exp = run(
        r#"{"task": {"kind": "reversal", "mode": "criterion"}, "seeds": 100,
        "conditions": [{"label": "control"},
                       {"label": "SSRI acute", "drugs": ["ssri_acute"]},
                       {"label": "SSRI chronic", "drugs": ["ssri_chronic"]}]}"#,
    );
    let rate = |c: usize, num: &str, den_flag: bool| {
        let n = per_seed(&exp, c, num);
        let w = per_seed(&exp, c, "after_win");
        let per: Vec<f64> = n
            .iter()
            .zip(&w)
            .map(|(n, w)| {
                let den = w
                    .iter()
                    .skip(1)
                    .filter(|x| (**x == 1.0) == den_flag)
                    .count() as f64;
                n.iter().sum::<f64>() / den.max(1.0)
            })
            .collect();
        mean(&per)
    };
    let reversals = |c: usize| {
        mean(
            &per_seed(&exp, c, "reversals")
                .iter()
                .map(|s| *s.last().unwrap_or(&0.0))
                .collect::<Vec<_>>(),
        )
    };
    let ls = [
        rate(0, "lose_shift", false),
        rate(1, "lose_shift", false),
        rate(2, "lose_shift", false),
    ];
    let ws = [
        rate(0, "win_stay", true),
        rate(1, "win_stay", true),
        rate(2, "win_stay", true),
    ];
    let rv = [reversals(0), reversals(1), reversals(2)];
    println!("REV-3: lose-shift {ls:.3?}, win-stay {ws:.3?}, reversals {rv:.2?} (control, acute, chronic)");
    assert!(
        ls[1] >= ls[0] + 0.03,
        "REV-3: acute SSRI lose-shift {:.3} vs {:.3}",
        ls[1],
        ls[0]
    );
    assert!(rv[1] < rv[0], "REV-3: acute SSRI did not reduce reversals");
    assert!(
        ws[2] >= ws[0] + 0.02,
        "REV-3: chronic SSRI win-stay {:.3} vs {:.3}",
        ws[2],
        ws[0]
    );
    assert!(rv[2] > rv[0], "REV-3: chronic SSRI did not raise reversals");
}

/// DOYA-2 (docs/science/criteria.md §3.3; Doya 2002, Daw et al. 2006): on the
/// restless four-armed bandit the fraction of non-greedy choices decreases
/// monotonically with β ∈ {0.05, 0.1, 0.2, 0.5} (reference 55/38/19/6 % with a
/// Kalman learner; here the circuit's delta-rule learner, α = 0.3). 50 seeds.
#[test]
fn doya2_exploration_falls_with_inverse_temperature() {
    let mut fractions = Vec::new();
    for beta in [0.05, 0.1, 0.2, 0.5] {
        let exp = run(&format!(
            r#"{{"task": {{"kind": "restless", "reward_scale": 1}}, "seeds": 50,
                "model": {{"learning_rate": 0.3, "inverse_temperature": {beta}, "initial_value": 50}}}}"#
        ));
        let greedy = mean(
            &per_seed(&exp, 0, "greedy")
                .iter()
                .map(|s| mean(s))
                .collect::<Vec<_>>(),
        );
        fractions.push(1.0 - greedy);
    }
    println!("DOYA-2: non-greedy fraction for beta 0.05/0.1/0.2/0.5: {fractions:.3?}");
    assert!(
        fractions.windows(2).all(|w| w[1] < w[0] - 0.02),
        "DOYA-2: not monotone: {fractions:?}"
    );
}

/// MT-1 in the circuit (docs/science/criteria.md §6.3, Smith et al. 2006; the
/// Pavlovian form: spontaneous recovery after extinction, which a single
/// weight cannot show): with fast and slow critic synapses, the cue response
/// (dopamine at cue onset) recovers by ≥ 0.1 after 40 cue-free trials
/// following extinction; with single synapses it does not recover (rise < 0.02).
/// 20 seeds.
#[test]
fn mt1_fast_slow_synapses_show_spontaneous_recovery() {
    let scenario = |consolidation: &str| {
        format!(
            r#"{{"task": {{"kind": "conditioning", "steps": 20, "cs_step": 5, "us_step": 10, "salience": [1],
                "phases": [{{"cues": [0], "p_reward": 1, "trials": 100}},
                           {{"cues": [0], "p_reward": 0, "trials": 20}},
                           {{"cues": [], "p_reward": 0, "trials": 40}},
                           {{"cues": [0], "p_reward": 0, "trials": 5}}]}},
                "model": {{"learning_rate": 0.3, "initial_value": 0, "consolidation": {consolidation}}},
                "seeds": 20}}"#
        )
    };
    let recovery = |consolidation: &str| {
        let exp = run(&scenario(consolidation));
        let cs = per_seed(&exp, 0, "dopamine_cs");
        let extinguished = mean(&cs.iter().map(|s| s[119]).collect::<Vec<_>>());
        let after_rest = mean(&cs.iter().map(|s| s[160]).collect::<Vec<_>>());
        (extinguished, after_rest)
    };
    let (e2, r2) = recovery(r#"{"enabled": true, "retain_fast": 0.9, "slow_ratio": 0.2}"#);
    let (e1, r1) = recovery(r#"{"enabled": false}"#);
    println!("MT-1 (circuit): cue response end of extinction -> after rest: fast/slow {e2:.3} -> {r2:.3}, single {e1:.3} -> {r1:.3}");
    assert!(
        r2 - e2 >= 0.1,
        "MT-1: no spontaneous recovery with fast/slow synapses"
    );
    assert!(
        r1 - e1 < 0.02,
        "MT-1: single synapses recovered by themselves"
    );
}

/// MT-1 at the conditioning task's default timing (CS at step 41, US at 54:
/// the 13-step TD chain that issue 17 found fast/slow synapses could not
/// learn, cue response 0.185 after 50 trials against 0.75 with single
/// synapses, because capture needed a burst above its threshold and the
/// fast parts along the chain faded in between). 20 seeds, 100 acquisition
/// trials, 150 of extinction, 40 cue-free, then the cue: with fast/slow
/// synapses acquisition keeps within 0.15 of single synapses at trial 50,
/// and the cue response recovers by ≥ 0.1 after rest (the threshold of the
/// short-timing test above); single synapses do not recover (< 0.02).
#[test]
fn mt1_fast_slow_synapses_work_at_the_default_timing() {
    let scenario = |consolidation: &str| {
        format!(
            r#"{{"task": {{"kind": "conditioning", "salience": [1],
                "phases": [{{"cues": [0], "p_reward": 1, "trials": 100}},
                           {{"cues": [0], "p_reward": 0, "trials": 150}},
                           {{"cues": [], "p_reward": 0, "trials": 40}},
                           {{"cues": [0], "p_reward": 0, "trials": 5}}]}},
                "model": {{"learning_rate": 0.3, "initial_value": 0, "consolidation": {consolidation}}},
                "seeds": 20}}"#
        )
    };
    let at = |consolidation: &str| {
        let exp = run(&scenario(consolidation));
        let cs = per_seed(&exp, 0, "dopamine_cs");
        let trial = |t: usize| mean(&cs.iter().map(|s| s[t - 1]).collect::<Vec<_>>());
        (trial(50), trial(250), trial(291))
    };
    let (a2, e2, r2) = at(r#"{"enabled": true}"#);
    let (a1, e1, r1) = at(r#"{"enabled": false}"#);
    println!(
        "MT-1 (default timing): cue response at trial 50 fast/slow {a2:.3} vs single {a1:.3}; \
         end of extinction -> after rest: fast/slow {e2:.3} -> {r2:.3}, single {e1:.3} -> {r1:.3}"
    );
    assert!(
        a2 >= a1 - 0.15,
        "MT-1: fast/slow acquisition {a2:.3} lags single {a1:.3}"
    );
    assert!(
        r2 - e2 >= 0.1,
        "MT-1: no spontaneous recovery at the default timing"
    );
    assert!(
        r1 - e1 < 0.02,
        "MT-1: single synapses recovered by themselves"
    );
}

/// CF-2 in the circuit (docs/science/criteria.md §7.4; McClelland et al. 1995,
/// Kaplanis et al. 2018): two tasks alternating every 50 trials on shared
/// synapses. Plain synapses perseverate after a switch (accuracy far below
/// chance in the first 10 trials); fast/slow synapses reduce that
/// interference, and an offline phase replaying stored experience every 25
/// trials reduces it further. Margins 0.1 and 0.05; 20 seeds.
#[test]
fn cf2_consolidation_and_sleep_replay_reduce_interference() {
    let early = |consolidation: &str| {
        let exp = run(&format!(
            r#"{{"task": {{"kind": "switching", "features": "shared", "block_trials": 50, "trials": 800}},
                "model": {{"consolidation": {consolidation}}}, "seeds": 20}}"#
        ));
        let correct = per_seed(&exp, 0, "correct");
        let xs: Vec<f64> = correct
            .iter()
            .flat_map(|s| {
                (100..800)
                    .filter(|t| t % 50 < 10)
                    .map(|t| s[t])
                    .collect::<Vec<_>>()
            })
            .collect();
        mean(&xs)
    };
    let plain = early(r#"{"enabled": false}"#);
    let fast_slow = early(r#"{"enabled": true, "retain_fast": 0.9, "slow_ratio": 0.1}"#);
    let sleep = early(
        r#"{"enabled": true, "retain_fast": 0.9, "slow_ratio": 0.1, "sleep_every": 25, "sleep_replays": 200}"#,
    );
    println!("CF-2 (circuit): accuracy in the first 10 trials after a switch: plain {plain:.3}, fast/slow {fast_slow:.3}, + sleep replay {sleep:.3}");
    assert!(
        fast_slow > plain + 0.1,
        "CF-2: fast/slow synapses did not reduce interference"
    );
    assert!(
        sleep > fast_slow + 0.05,
        "CF-2: sleep replay did not reduce interference further"
    );
}

/// BCM-3/BCM-5 in the circuit (docs/science/criteria.md §7.1, §11; Kirkwood et
/// al. 1999): the sensory cortex's sliding threshold is recorded per trial and
/// stays finite; acetylcholine given at trial 151 (nicotine) lowers the
/// effective threshold at once (≥ 20 %), which then slides back up as activity
/// rises (metaplasticity restoring balance, BCM-3); a muscarinic block
/// (scopolamine) removes the drop. 10 seeds.
#[test]
fn bcm_threshold_is_lowered_by_acetylcholine_then_slides_back() {
    let exp = run(r#"{"task": {"kind": "bandit"}, "seeds": 10,
        "conditions": [{"label": "control"},
                       {"label": "nicotine", "drugs": ["nicotine"], "from_trial": 151},
                       {"label": "nicotine + scopolamine", "drugs": ["nicotine", "scopolamine"], "from_trial": 151}]}"#);
    let theta = |c, t: usize| {
        mean(
            &per_seed(&exp, c, "threshold")
                .iter()
                .map(|s| s[t])
                .collect::<Vec<_>>(),
        )
    };
    let (control, drop, later, blocked) =
        (theta(0, 150), theta(1, 150), theta(1, 299), theta(2, 150));
    println!("BCM in the circuit: threshold at trial 151 control {control:.3}, nicotine {drop:.3} (trial 300: {later:.3}), + scopolamine {blocked:.3}");
    assert!(per_seed(&exp, 0, "threshold")
        .iter()
        .flatten()
        .all(|t| t.is_finite() && *t > 0.0));
    assert!(drop < 0.8 * control, "ACh did not lower the threshold");
    assert!(later > drop, "the threshold did not slide back up");
    assert!(
        blocked > drop,
        "scopolamine did not block ACh's effect on the threshold"
    );
}

/// P(choose A) − P(avoid B) in the test phase of the probabilistic
/// selection task, pooled over seeds.
fn choose_minus_avoid(exp: &Experiment, condition: usize) -> (f64, f64) {
    let sum = |m: &str| -> f64 { per_seed(exp, condition, m).iter().flatten().sum() };
    let choose = sum("chose_a") / sum("a_offered").max(1.0);
    let avoid = sum("avoided_b") / sum("b_offered").max(1.0);
    (choose, avoid)
}

/// REV-4, direction only (docs/science/criteria.md §8.3; Frank, Seeberger &
/// O'Reilly 2004): in the probabilistic selection task, more tonic dopamine
/// (tone × 2) tilts the opponent actor towards Go, so choosing A gains on
/// avoiding B, and less dopamine (tone × 0.5) tilts it towards NoGo: the
/// difference P(choose A) − P(avoid B) orders DA up > control > DA down, each
/// step ≥ 0.03. The criterion's absolute form (DA down < −0.05) is NOT met:
/// this learner samples B too rarely to learn to avoid it as well as it
/// learns to choose A (control difference +0.16); docs/circuit.md reports it.
/// OpAL actor (Collins & Frank 2014), 30 seeds.
#[test]
fn rev4_dopamine_tilts_choose_a_against_avoid_b() {
    let exp = run(r#"{"task": {"kind": "selection"}, "seeds": 30,
        "model": {"actor": "opal", "learning_rate": 0.1, "inverse_temperature": 5},
        "conditions": [{"label": "control"},
                       {"label": "DA up", "dopamine": {"tonic_offset": 1}},
                       {"label": "DA down", "dopamine": {"tonic_offset": -0.5}}]}"#);
    let diff = |c| {
        let (choose, avoid) = choose_minus_avoid(&exp, c);
        choose - avoid
    };
    let (control, up, down) = (diff(0), diff(1), diff(2));
    println!(
        "REV-4: P(choose A) - P(avoid B): DA up {up:.3}, control {control:.3}, DA down {down:.3}"
    );
    assert!(
        up > control + 0.03,
        "REV-4: DA up did not favour choosing A"
    );
    assert!(
        down < control - 0.03,
        "REV-4: DA down did not favour avoiding B"
    );
}

/// Spearman rank correlation of two equally long samples.
fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let rank = |v: &[f64]| {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|a, b| v[*a].total_cmp(&v[*b]));
        let mut r = vec![0.0; v.len()];
        for (k, i) in idx.iter().enumerate() {
            r[*i] = k as f64;
        }
        r
    };
    let (rx, ry) = (rank(x), rank(y));
    let (mx, my) = (mean(&rx), mean(&ry));
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = rx.iter().map(|a| (a - mx) * (a - mx)).sum();
    let vy: f64 = ry.iter().map(|b| (b - my) * (b - my)).sum();
    cov / (vx * vy).sqrt().max(1e-12)
}

/// YD-1 and YD-2 (docs/science/criteria.md §4.3; Yu & Dayan 2005) on the
/// generalized Posner task (4 cues, τ = 0.98, γ ~ U(0.6, 0.99), 3000 trials):
/// mean ACh within a context falls with the true cue validity (Spearman
/// ρ ≤ −0.6, mean over 10 seeds; reference −0.80); NE over the 15 trials after
/// a true switch exceeds mid-context NE, and the believed cue is the true one
/// again within 15 trials after ≥ 60 % of switches (reference 72 %).
#[test]
fn yd1_yd2_acetylcholine_tracks_validity_and_norepinephrine_switches() {
    let exp = run(r#"{"task": {"kind": "attention"}, "seeds": 10, "model": {"hazard": 0.02}}"#);
    let (ach, ne) = (
        per_seed(&exp, 0, "acetylcholine"),
        per_seed(&exp, 0, "norepinephrine"),
    );
    let (ctx, val) = (per_seed(&exp, 0, "context"), per_seed(&exp, 0, "validity"));
    let (sw, belief) = (per_seed(&exp, 0, "switch"), per_seed(&exp, 0, "cue_belief"));
    let mut rhos = Vec::new();
    let (mut after, mut mid, mut reacquired, mut switches) = (Vec::new(), Vec::new(), 0, 0);
    for s in 0..ach.len() {
        // Contexts: runs of equal true context, skipping their first 20 trials.
        let (mut vs, mut acs) = (Vec::new(), Vec::new());
        let mut start = 0;
        for t in 1..=ctx[s].len() {
            if t == ctx[s].len() || sw[s][t] == 1.0 {
                if t - start > 40 {
                    vs.push(val[s][start]);
                    acs.push(mean(&ach[s][start + 20..t]));
                    mid.extend_from_slice(&ne[s][start + 20..t]);
                }
                start = t;
            }
        }
        if vs.len() >= 4 {
            rhos.push(spearman(&vs, &acs));
        }
        for t in 1..ctx[s].len().saturating_sub(15) {
            if sw[s][t] == 1.0 {
                switches += 1;
                after.extend_from_slice(&ne[s][t..t + 15]);
                if (t..t + 15).any(|u| belief[s][u] == ctx[s][u]) {
                    reacquired += 1;
                }
            }
        }
    }
    let rho = mean(&rhos);
    let ratio = mean(&after) / mean(&mid).max(1e-12);
    let share = reacquired as f64 / switches.max(1) as f64;
    println!("YD-1: Spearman(validity, ACh) {rho:.2}; YD-2: NE after switch / mid-context {ratio:.2}, re-acquired within 15 trials {share:.2} of {switches}");
    assert!(rho <= -0.6, "YD-1: rho {rho:.2}");
    assert!(ratio > 1.0, "YD-2: NE not raised after switches");
    assert!(
        share >= 0.6,
        "YD-2: re-acquired after only {share:.2} of switches"
    );
}

/// YD-3 (docs/science/criteria.md §4.3; the §4.2 reference table gives
/// the Yu & Dayan inference's *prediction accuracy*): ACh
/// depletion (phasic gain ×0.5) raises false switches (leaving a correctly
/// believed cue) ≥ 1.3× (reference 106 vs 63), and NE depletion (×0.5)
/// lowers prediction accuracy by ≥ 0.03 (reference 0.672 → 0.611). The
/// prediction is the target the believed cue points to: right when the
/// believed cue is the relevant one and valid (the recorded `cue_belief`,
/// `context` and `cue_valid`), right half the time otherwise (an irrelevant
/// cue's side is independent of the target; its expectation is used). The
/// circuit's own choice (reward) mixes this prediction with learned values;
/// its accuracy is printed beside it. 30 seeds × 3000 trials.
#[test]
fn yd3_depletions_cost_accuracy_or_stability() {
    let exp = run(
        r#"{"task": {"kind": "attention"}, "seeds": 30, "model": {"hazard": 0.02},
        "conditions": [{"label": "intact"},
                       {"label": "NE x0.5", "norepinephrine": {"gain": 0.5}},
                       {"label": "ACh x0.5", "acetylcholine": {"gain": 0.5}}]}"#,
    );
    let reward = |c| {
        mean(
            &per_seed(&exp, c, "reward")
                .iter()
                .map(|s| mean(s))
                .collect::<Vec<_>>(),
        )
    };
    let prediction = |c| {
        let (b, ctx, valid) = (
            per_seed(&exp, c, "cue_belief"),
            per_seed(&exp, c, "context"),
            per_seed(&exp, c, "cue_valid"),
        );
        let per_run: Vec<f64> = b
            .iter()
            .zip(&ctx)
            .zip(&valid)
            .map(|((b, x), v)| {
                let right = |t: usize| if b[t] == x[t] { v[t] } else { 0.5 };
                mean(&(0..b.len()).map(right).collect::<Vec<_>>())
            })
            .collect();
        mean(&per_run)
    };
    let false_switches = |c| {
        let (b, ctx) = (
            per_seed(&exp, c, "cue_belief"),
            per_seed(&exp, c, "context"),
        );
        let n: usize = b
            .iter()
            .zip(&ctx)
            .map(|(b, x)| {
                (1..b.len())
                    .filter(|t| b[*t] != b[t - 1] && b[t - 1] == x[*t])
                    .count()
            })
            .sum();
        n as f64 / b.len() as f64
    };
    let (p0, p1, p2) = (prediction(0), prediction(1), prediction(2));
    let (f0, f1, f2) = (false_switches(0), false_switches(1), false_switches(2));
    println!(
        "YD-3: prediction accuracy intact {p0:.3}, NE x0.5 {p1:.3}, ACh x0.5 {p2:.3} (ref 0.672, 0.611, 0.665); \
         false switches per run {f0:.1}, {f1:.1}, {f2:.1} (ref 63, 12, 106); choice accuracy {:.3}, {:.3}, {:.3}",
        reward(0),
        reward(1),
        reward(2)
    );
    assert!(
        p1 <= p0 - 0.03,
        "YD-3: NE depletion did not lower prediction accuracy by 0.03"
    );
    assert!(
        f2 >= 1.3 * f0,
        "YD-3: ACh depletion did not raise false switches"
    );
}

/// Attention-like cue task driven trial by trial: a bias, then for each of 4
/// cues a (points left, points right) pair; the relevant cue points to the
/// rewarded side with validity 0.9. Cue 0 is relevant for `switch` trials,
/// then cue 2. Returns the circuit and the synapse count after each trial.
fn cue_task_with_turnover(
    model: &str,
    switch: usize,
    trials: usize,
    seed: u64,
) -> (Circuit, Vec<usize>) {
    let model: ModelSpec = serde_json::from_str(model).expect("model");
    let (nf, na) = (9, 2);
    let mut c = Circuit::new(&model, &Condition::default(), nf, na);
    let mut task_rng = Rng::new(seed, Stream::Task);
    let mut rng = Rng::new(seed, Stream::Learner);
    let mut counts = Vec::new();
    for t in 0..trials {
        let relevant = if t < switch { 0 } else { 2 };
        let mut x = vec![0.0; nf];
        x[0] = 1.0;
        let dirs: Vec<usize> = (0..4).map(|_| task_rng.below(2)).collect();
        for (k, d) in dirs.iter().enumerate() {
            x[1 + 2 * k + d] = 1.0;
        }
        let target = if task_rng.bernoulli(0.9) {
            dirs[relevant]
        } else {
            1 - dirs[relevant]
        };
        c.begin_trial(&mut rng);
        c.set_cues(&dirs);
        let a = c.choose(&x, None, &mut rng);
        c.learn(&x, a, f64::from(u8::from(a == target)), None, &mut rng);
        c.end_trial();
        counts.push(c.structure().map_or(0, |s| s.count()));
    }
    (c, counts)
}

/// Structural turnover in the circuit (docs/science/model.md, plasticity rule 6; no
/// numeric criterion in docs/science/criteria.md, the directions follow from the
/// rule): on a cue task where one of four cues predicts the rewarded side
/// and prefrontal attention (Yu & Dayan belief) follows it, the cue → value
/// synapses of the three irrelevant cues stay weak and are pruned, the
/// relevant cue keeps its two consistent synapses (points left → left,
/// points right → right); after the relevant cue switches, synapses of the
/// newly relevant cue, pruned while it was irrelevant, form again where the
/// chosen action follows it, and those of the cue that stopped mattering
/// are pruned. 20 seeds; counts: 18 at the start, falling by ≥ 8.
#[test]
fn turnover_prunes_irrelevant_cue_synapses_and_forms_attended_ones() {
    let model = r#"{"learning_rate": 0.1, "initial_value": 0,
        "structure": {"turnover": true, "floor": 0.1, "prune_after": 30, "form_after": 12}}"#;
    let seeds = 20;
    let (mut phase1, mut end, mut formed, mut pruned) = (0.0, 0.0, 0.0, 0.0);
    let (mut relevant_kept, mut irrelevant_gone, mut new_formed, mut old_gone) = (0, 0, 0, 0);
    // Synapse index: action a, feature 1 + 2·cue + side.
    let consistent = |cue: usize| [1 + 2 * cue, 9 + 1 + 2 * cue + 1];
    for seed in 0..seeds {
        let (c, counts) = cue_task_with_turnover(model, 600, 1200, seed);
        let st = c.structure().expect("structure on");
        phase1 += counts[599] as f64;
        end += counts[1199] as f64;
        let (p, f) = st.totals();
        pruned += p as f64;
        formed += f as f64;
        let (c1, _) = cue_task_with_turnover(model, 600, 600, seed);
        let s1 = c1.structure().expect("structure on");
        relevant_kept += consistent(0).iter().filter(|i| s1.exists(**i)).count();
        irrelevant_gone += [1, 2, 3]
            .iter()
            .flat_map(|&k| (0..2).flat_map(move |a| [a * 9 + 1 + 2 * k, a * 9 + 2 + 2 * k]))
            .filter(|i| !s1.exists(*i))
            .count();
        new_formed += consistent(2).iter().filter(|i| st.exists(**i)).count();
        old_gone += consistent(0).iter().filter(|i| !st.exists(**i)).count();
    }
    let n = seeds as f64;
    println!(
        "Turnover: synapses 18 → {:.1} (trial 600, cue 0 relevant) → {:.1} (trial 1200, cue 2 relevant); pruned {:.1}, formed {:.1} per run",
        phase1 / n, end / n, pruned / n, formed / n
    );
    println!(
        "Turnover at trial 600: relevant cue's consistent synapses kept {relevant_kept}/{}, irrelevant cues' synapses pruned {irrelevant_gone}/{}; at 1200: new cue's consistent synapses present {new_formed}/{}, old cue's pruned {old_gone}/{}",
        2 * seeds, 12 * seeds, 2 * seeds, 2 * seeds
    );
    assert!(phase1 / n <= 10.0, "irrelevant synapses were not pruned");
    assert!(
        relevant_kept as f64 >= 0.9 * 2.0 * n,
        "relevant synapses lost"
    );
    assert!(
        irrelevant_gone as f64 >= 0.8 * 12.0 * n,
        "irrelevant synapses kept"
    );
    assert!(
        new_formed as f64 >= 0.8 * 2.0 * n,
        "newly relevant synapses did not form"
    );
    assert!(
        old_gone as f64 >= 0.8 * 2.0 * n,
        "synapses of the old cue were not pruned"
    );
}

fn attention_with_structure(turnover: bool) -> Experiment {
    // Turnover's settings only with turnover on (the engine refuses them
    // off, where they would change nothing).
    let settings = if turnover {
        r#""turnover": true, "floor": 0.1, "prune_after": 30, "form_after": 12,"#
    } else {
        ""
    };
    run(&format!(
        r#"{{"task": {{"kind": "attention", "trials": 1000}}, "seeds": 10,
        "model": {{"learning_rate": 0.1, "initial_value": 0,
                  "structure": {{{settings} "homeostasis": true, "target": 1.0, "tau_scale": 200}}}}}}"#
    ))
}

/// Synapse counts and homeostatic scaling as recorded metrics (docs/science/model.md,
/// plasticity rules 5 and 6; directions from the rules, no numeric
/// criterion): on the attention task (Yu & Dayan 2005; 4 cues) with
/// turnover and scaling on, `synapses` falls from the full grid (2 actions ×
/// 9 features = 18) as irrelevant cue synapses are pruned, and the mean
/// `scaling` factor over trials 501–1000 is higher than with scaling alone:
/// pruning removes drive Σ|w·x|, so the survivors are scaled up more. The
/// learner still follows the relevant cue. 10 seeds.
#[test]
fn synapse_count_and_scaling_are_recorded_per_trial() {
    let exp = attention_with_structure(true);
    let alone = attention_with_structure(false);
    let syn = per_seed(&exp, 0, "synapses");
    let first = mean(&syn.iter().map(|s| s[0]).collect::<Vec<_>>());
    let last = mean(&syn.iter().map(|s| s[999]).collect::<Vec<_>>());
    let late = |e: &Experiment| {
        mean(
            &per_seed(e, 0, "scaling")
                .iter()
                .map(|s| mean(&s[500..]))
                .collect::<Vec<_>>(),
        )
    };
    let (with, without) = (late(&exp), late(&alone));
    let kept = mean(
        &per_seed(&alone, 0, "synapses")
            .iter()
            .map(|s| s[999])
            .collect::<Vec<_>>(),
    );
    let accuracy = p_correct(&exp, 0, 501, 1000);
    println!(
        "Structure on attention: synapses {first:.1} (trial 1) → {last:.1} (trial 1000), {kept:.1} with scaling alone; mean scaling factor per trial, trials 501–1000: {with:.5} with turnover, {without:.5} scaling alone; follows the relevant cue {accuracy:.3} (scaling alone {:.3})",
        p_correct(&alone, 0, 501, 1000)
    );
    assert!(
        first >= 17.0 && last <= first - 6.0,
        "synapse count did not fall"
    );
    assert_eq!(kept, 18.0, "without turnover nothing is pruned");
    assert!(with > without, "pruning did not raise the scaling factor");
    assert!(
        accuracy > 0.6,
        "the learner stopped following the relevant cue"
    );
    let plain = run(r#"{"task": {"kind": "attention", "trials": 10}, "seeds": 1}"#);
    assert!(
        plain.metric_index("synapses").is_none(),
        "metrics only when the option is on"
    );
}

/// The validity effect in errors on the attention task: P(error | invalid
/// cue) − P(error | valid cue), trials 501–3000, pooled over seeds.
fn validity_effect(exp: &Experiment, condition: usize) -> f64 {
    let reward = per_seed(exp, condition, "reward");
    let valid = per_seed(exp, condition, "cue_valid");
    let (mut e, mut n) = ([0.0; 2], [0.0; 2]);
    for (r, v) in reward.iter().zip(&valid) {
        for t in 500..r.len() {
            let k = v[t] as usize;
            e[k] += 1.0 - r[t];
            n[k] += 1.0;
        }
    }
    e[0] / n[0] - e[1] / n[1]
}

/// YD-5 (docs/science/criteria.md §4.3; Posner validity effect, from the
/// literature): in a cue–target task the cost of an invalid cue, here in
/// errors (P(error | invalid) − P(error | valid); the attention task has no
/// response times), grows with cue validity and shrinks when ACh is raised
/// (cholinergic agonists reduce the validity effect; in Yu & Dayan 2005 the
/// cortex weighs the cue by the expected uncertainty ACh reports). Attention
/// task with every context's validity fixed at 0.7 or at 0.95, 20 seeds ×
/// 3000 trials; ACh raised by nicotine (ACh tone 1.5). Thresholds
/// (proposed, directional): the effect at 0.95 exceeds that at 0.7 by
/// ≥ 0.05; nicotine lowers the effect by ≥ 0.02 at validity 0.7 (asserted)
/// and at 0.95: **not met** there (about 0.002): at 0.95 the striatum's
/// learned cue values make the choice follow the cue whatever the top-down
/// weight. Scopolamine (M1 block) is printed: it lowers the effect too, as
/// the set then switches at almost every surprise (a lower threshold), which
/// outweighs the fuller trust in the believed cue.
#[test]
fn yd5_validity_effect_grows_with_validity_and_shrinks_with_acetylcholine() {
    let exp = |validity: f64| {
        run(&format!(
            r#"{{"task": {{"kind": "attention", "validity_min": {validity}, "validity_max": {validity}}},
                "seeds": 20, "model": {{"learning_rate": 0.1, "inverse_temperature": 5}},
                "conditions": [{{"label": "control"}}, {{"label": "nicotine", "drugs": ["nicotine"]}},
                               {{"label": "scopolamine", "drugs": ["scopolamine"]}}]}}"#
        ))
    };
    let (low, high) = (exp(0.7), exp(0.95));
    let (e_low, e_high) = (validity_effect(&low, 0), validity_effect(&high, 0));
    let (n_low, n_high) = (validity_effect(&low, 1), validity_effect(&high, 1));
    let (s_low, s_high) = (validity_effect(&low, 2), validity_effect(&high, 2));
    println!(
        "YD-5: validity effect in errors, validity 0.7 {e_low:.3}, 0.95 {e_high:.3}; \
         nicotine 0.7 {n_low:.3}, 0.95 {n_high:.3}; scopolamine 0.7 {s_low:.3}, 0.95 {s_high:.3}"
    );
    assert!(e_high >= e_low + 0.05, "YD-5: no growth with validity");
    assert!(
        n_low <= e_low - 0.02,
        "YD-5: nicotine did not lower the validity effect at 0.7 ({e_low:.3} → {n_low:.3})"
    );
    let high_met = n_high <= e_high - 0.02;
    println!(
        "YD-5, ACh half at validity 0.95 (nicotine lowers the effect by ≥ 0.02): met {high_met}"
    );
}
