//! Helpers shared by the science test files.
#![allow(dead_code)] // each test file uses its own subset

use modulab::experiment::Experiment;

/// Every trial's value of `metric` for each run of `condition` (runs are
/// short enough that series are not downsampled).
pub fn per_run(exp: &Experiment, condition: usize, metric: &str) -> Vec<Vec<f64>> {
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

/// Two-step task (Daw et al. 2011): P(stay | previous reward, previous
/// transition) pooled over seeds from trial 2, as (rew/common, rew/rare,
/// unrew/common, unrew/rare).
pub fn two_step_stay(exp: &Experiment, condition: usize) -> (f64, f64, f64, f64) {
    let stay = per_run(exp, condition, "stay");
    let rew = per_run(exp, condition, "prev_reward");
    let com = per_run(exp, condition, "prev_common");
    let mut cells = [[0.0f64; 2]; 4];
    for ((s, r), c) in stay.iter().zip(&rew).zip(&com) {
        for i in 1..s.len() {
            let k = 2 * (r[i] as usize) + c[i] as usize;
            cells[k][0] += s[i];
            cells[k][1] += 1.0;
        }
    }
    let p = |k: usize| cells[k][0] / cells[k][1];
    (p(3), p(2), p(1), p(0))
}

/// (reward main effect, reward × transition interaction) on the two-step task.
pub fn two_step_effects(exp: &Experiment, condition: usize) -> (f64, f64) {
    let (rc, rr, uc, ur) = two_step_stay(exp, condition);
    ((rc + rr - uc - ur) / 2.0, (rc - rr) - (uc - ur))
}

/// Switching task: accuracy in block trials 1–10 and 41–50 over blocks 3
/// onwards (each task already met once), pooled over runs of one condition.
pub fn switch_cost(exp: &Experiment, condition: usize) -> (f64, f64) {
    let c = per_run(exp, condition, "correct");
    let b = per_run(exp, condition, "block_trial");
    let (mut e, mut ne, mut l, mut nl) = (0.0, 0.0, 0.0, 0.0);
    for (c, b) in c.iter().zip(&b) {
        for i in 100..c.len() {
            if b[i] <= 10.0 {
                e += c[i];
                ne += 1.0;
            } else if b[i] > 40.0 {
                l += c[i];
                nl += 1.0;
            }
        }
    }
    (e / ne, l / nl)
}

/// Accuracy in the first 10 trials after each reversal (blocks 2 onwards),
/// pooled over runs, on the fixed-period reversal task.
pub fn after_reversal(exp: &Experiment, condition: usize) -> f64 {
    let c = per_run(exp, condition, "correct");
    let t = per_run(exp, condition, "trial_in_block");
    let (mut s, mut n) = (0.0, 0.0);
    for (c, t) in c.iter().zip(&t) {
        for i in 40..c.len() {
            if t[i] <= 10.0 {
                s += c[i];
                n += 1.0;
            }
        }
    }
    s / n
}
