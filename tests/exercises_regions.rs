//! The two regional-specificity exercises (www/exercises/regional_*.json):
//! a drug confined to one brain region against the same drug everywhere.
//! Each test runs the exercise's own scenario file with its own seeds, as
//! the page does, asserts the directions its teacher's page states, and
//! checks every number that page quotes (tests/common/teacher.rs, the check
//! of tests/exercises.rs: the measured value rounded to the digits shown).

mod common;
#[path = "common/teacher.rs"]
mod teacher;

use common::{after_reversal, per_run};
use modulab::experiment::Experiment;
use teacher::{check_teacher, exercise, Measures};

/// P(small-soon) on free-choice trials 201–300, pooled over seeds.
fn p_small(exp: &Experiment, c: usize) -> f64 {
    let small = per_run(exp, c, "chose_small");
    let forced = per_run(exp, c, "forced");
    let (mut s, mut n) = (0.0, 0.0);
    for (x, f) in small.iter().zip(&forced) {
        for i in 200..300 {
            s += x[i] * (1.0 - f[i]);
            n += 1.0 - f[i];
        }
    }
    s / n
}

/// Mean over trials `from..=to` of a metric, pooled over seeds.
fn mean_over(exp: &Experiment, c: usize, metric: &str, from: usize, to: usize) -> f64 {
    let runs = per_run(exp, c, metric);
    let (mut s, mut n) = (0.0, 0.0);
    for r in &runs {
        for v in &r[from - 1..to] {
            s += v;
            n += 1.0;
        }
    }
    s / n
}

/// P(stay | win) and P(shift | loss) over every trial after the first.
fn win_stay_lose_shift(exp: &Experiment, c: usize) -> (f64, f64) {
    let ws = per_run(exp, c, "win_stay");
    let ls = per_run(exp, c, "lose_shift");
    let win = per_run(exp, c, "after_win");
    let (mut a, mut na, mut b, mut nb) = (0.0, 0.0, 0.0, 0.0);
    for ((ws, ls), w) in ws.iter().zip(&ls).zip(&win) {
        for i in 1..w.len() {
            if w[i] > 0.5 {
                a += ws[i];
                na += 1.0;
            } else {
                b += ls[i];
                nb += 1.0;
            }
        }
    }
    (a / na, b / nb)
}

/// regional_serotonin (Doya 2002; Schweighofer et al. 2008; Clarke et al.
/// 2004): in the model patience is serotonin read in medial prefrontal
/// cortex (γ^(1/s)); a depletion there makes choice as impulsive as the
/// whole-brain depletion, a depletion in OFC (which reads 5-HT only after
/// losses, and this task has none) changes nothing.
#[test]
fn regional_serotonin_patience_lives_in_mpfc() {
    let exp = exercise("regional_serotonin");
    let p: Vec<f64> = (0..4).map(|c| p_small(&exp, c)).collect();
    let g: Vec<f64> = (0..4)
        .map(|c| mean_over(&exp, c, "discount", 201, 300))
        .collect();
    println!("regional_serotonin: P(small-soon) free trials 201-300 {p:.3?}, discount {g:.3?} (control, whole brain, OFC, mPFC)");
    check_teacher(
        "regional_serotonin",
        Measures::default().list("p_small", &p).list("discount", &g),
    );
    assert!(p[1] > p[0] + 0.3, "whole-brain depletion is more impulsive");
    assert!(
        (p[3] - p[1]).abs() <= 0.02,
        "the mPFC depletion is the whole-brain one"
    );
    assert!(
        (p[2] - p[0]).abs() <= 0.02,
        "the OFC depletion changes nothing here"
    );
}

/// Mean phasic dopamine on unrewarded (`rewarded` false) or rewarded trials,
/// pooled over seeds.
fn dopamine_when(exp: &Experiment, c: usize, rewarded: bool) -> f64 {
    let da = per_run(exp, c, "dopamine");
    let r = per_run(exp, c, "reward");
    let (mut s, mut n) = (0.0, 0.0);
    for (da, r) in da.iter().zip(&r) {
        for (d, r) in da.iter().zip(r) {
            if (*r > 0.0) == rewarded {
                s += d;
                n += 1.0;
            }
        }
    }
    s / n
}

/// regional_dopamine (OpAL actor; Collins & Frank 2014, Frank 2005):
/// haloperidol blocks D2 in both striata. In the dorsal striatum (the
/// actor's NoGo learning) the dopamine signal and the critic's values are
/// untouched, but choices are held less firmly: lose-shift up. In the
/// ventral striatum (the critic's learning from dips) values stay high, so
/// each loss gives a deeper dip, from which the intact actor learns to
/// leave what just failed: win-stay up, and the learner follows reversals
/// faster; so does the whole-brain drug with this actor (with the default
/// Q actor it slows them, tests/exercises.rs, reversal_dopamine).
#[test]
fn regional_dopamine_one_drug_two_signatures() {
    let exp = exercise("regional_dopamine");
    let wl: Vec<(f64, f64)> = (0..4).map(|c| win_stay_lose_shift(&exp, c)).collect();
    let v: Vec<f64> = (0..4)
        .map(|c| mean_over(&exp, c, "value", 1, 400))
        .collect();
    let dip: Vec<f64> = (0..4).map(|c| dopamine_when(&exp, c, false)).collect();
    let burst: Vec<f64> = (0..4).map(|c| dopamine_when(&exp, c, true)).collect();
    let after: Vec<f64> = (0..4).map(|c| after_reversal(&exp, c)).collect();
    let acc: Vec<f64> = (0..4)
        .map(|c| mean_over(&exp, c, "correct", 1, 400))
        .collect();
    println!("regional_dopamine: (win-stay, lose-shift) {wl:.3?}, value of the chosen option {v:.3?}, dopamine unrewarded {dip:.3?} rewarded {burst:.3?}, accuracy 10 trials after reversal {after:.3?}, over the run {acc:.3?} (control, whole brain, dorsal, ventral)");
    check_teacher(
        "regional_dopamine",
        Measures::default()
            .list("win_stay", &wl.iter().map(|x| x.0).collect::<Vec<_>>())
            .list("lose_shift", &wl.iter().map(|x| x.1).collect::<Vec<_>>())
            .list("value", &v)
            .list("dip", &dip)
            .list("burst", &burst)
            .list("after", &after)
            .list("accuracy", &acc),
    );
    assert!(
        wl[2].1 > wl[0].1 + 0.05,
        "dorsal D2 block raises lose-shift"
    );
    assert!(
        (v[2] - v[0]).abs() <= 0.02,
        "dorsal block leaves the critic's values"
    );
    assert!(
        (dip[2] - dip[0]).abs() <= 0.02,
        "dorsal block leaves the dopamine dips"
    );
    assert!(v[3] > v[0] + 0.1, "ventral D2 block keeps values high");
    assert!(dip[3] < dip[0] - 0.1, "ventral D2 block deepens the dips");
    assert!(wl[3].0 > wl[0].0 + 0.05, "ventral D2 block raises win-stay");
    assert!(
        after[3] > after[0] + 0.1,
        "ventral D2 block speeds reversals"
    );
    assert!(
        after[1] > after[0] + 0.1,
        "whole-brain haloperidol speeds reversals (OpAL actor)"
    );
}
