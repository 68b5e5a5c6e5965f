//! The two regional-specificity exercises (issue 14, item 7): each runs its
//! scenario file as the page does and checks the answers its teacher's
//! section gives (directions, and each quoted number within 0.02).

mod common;

use common::per_run;
use modulab::experiment::Experiment;

fn exercise(name: &str) -> Experiment {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut exp = Experiment::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    exp.run_to_end();
    exp
}

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

/// regional_serotonin: in the model patience is serotonin read in medial
/// prefrontal cortex (γ^(1/s)); a depletion there makes choice as impulsive
/// as the whole-brain depletion, a depletion in OFC (which reads 5-HT only
/// after losses, and this task has none) changes nothing.
#[test]
fn regional_serotonin_patience_lives_in_mpfc() {
    let exp = exercise("regional_serotonin");
    let p: Vec<f64> = (0..4).map(|c| p_small(&exp, c)).collect();
    let g: Vec<f64> = (0..4)
        .map(|c| mean_over(&exp, c, "discount", 201, 300))
        .collect();
    println!("regional_serotonin: P(small-soon) free trials 201-300 {p:.3?}, discount {g:.3?} (control, whole brain, OFC, mPFC)");
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

/// regional_dopamine (OpAL actor): haloperidol blocks D2 in both striata;
/// in the dorsal striatum the actor's NoGo learns less from dips, so
/// avoidance is weaker and losses are met by shifting more (lose-shift up),
/// while the critic's values are untouched; in the ventral striatum the
/// critic learns less from dips, so values stay high, and the errors the
/// actor learns from turn positive-biased (win-stay up).
#[test]
fn regional_dopamine_one_drug_two_signatures() {
    let exp = exercise("regional_dopamine");
    let wl: Vec<(f64, f64)> = (0..4).map(|c| win_stay_lose_shift(&exp, c)).collect();
    let v: Vec<f64> = (0..4)
        .map(|c| mean_over(&exp, c, "value", 1, 400))
        .collect();
    println!("regional_dopamine: (win-stay, lose-shift) {wl:.3?}, value of the chosen option {v:.3?} (control, whole brain, dorsal, ventral)");
    assert!(
        wl[2].1 > wl[0].1 + 0.05,
        "dorsal D2 block raises lose-shift"
    );
    assert!(
        (v[2] - v[0]).abs() <= 0.02,
        "dorsal block leaves the critic's values"
    );
    assert!(v[3] > v[0] + 0.1, "ventral D2 block keeps values high");
    assert!(wl[3].0 > wl[0].0 + 0.05, "ventral D2 block raises win-stay");
}
