//! The classroom exercises (www/exercises/): each exercise's scenario file is
//! run natively with its own seeds, and the effect its teacher's section
//! states is asserted as a direction with a margin, so no page tells a
//! student something the engine does not show. The measured figures are
//! printed (`-- --nocapture`) and written into each page's teacher section.
//!
//! Every measured number a teacher's page (`www/exercises/teacher/NAME.html`)
//! quotes is marked `<data value="0.886" data-measure="early.0">0.886</data>`
//! and checked here against the run (tests/common/teacher.rs: the measured
//! value rounded to the digits shown). The regional-specificity exercises'
//! tests are in tests/exercises_regions.rs, with the same check.

mod common;
#[path = "common/teacher.rs"]
mod teacher;
use common::{after_reversal, per_run};
use teacher::{check_teacher, dir, exercise, Measures};

use modulab::experiment::Experiment;
use std::path::PathBuf;

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

/// Mean over runs and trials `from..=to` (1-based) of `metric`.
fn mean_over(exp: &Experiment, condition: usize, metric: &str, from: usize, to: usize) -> f64 {
    let runs = per_run(exp, condition, metric);
    mean(
        &runs
            .iter()
            .map(|r| mean(&r[from - 1..to]))
            .collect::<Vec<_>>(),
    )
}

/// Mean of `metric` over the trials where `flag` is 1 (`on`) or 0, pooled over runs.
fn mean_where(exp: &Experiment, condition: usize, metric: &str, flag: &str, on: bool) -> f64 {
    let v = per_run(exp, condition, metric);
    let f = per_run(exp, condition, flag);
    let (mut s, mut n) = (0.0, 0.0);
    for (v, f) in v.iter().zip(&f) {
        for (x, g) in v.iter().zip(f) {
            if (*g == 1.0) == on {
                s += x;
                n += 1.0;
            }
        }
    }
    s / n
}

/// P(shift) after an unrewarded trial of a two-option task, mean over runs
/// (the choice is read from `correct`, which flips with the choice).
fn lose_shift(exp: &Experiment, condition: usize) -> f64 {
    let r = per_run(exp, condition, "reward");
    let c = per_run(exp, condition, "correct");
    let per: Vec<f64> = r
        .iter()
        .zip(&c)
        .map(|(r, c)| {
            let (mut losses, mut shifts) = (0.0f64, 0.0);
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

/// Trial (1-based) at which the mean P(correct) over runs, smoothed over 10
/// trials, first reaches `level`.
fn trials_to(exp: &Experiment, condition: usize, level: f64) -> Option<usize> {
    let runs = per_run(exp, condition, "correct");
    let n = runs[0].len();
    let m: Vec<f64> = (0..n)
        .map(|i| mean(&runs.iter().map(|r| r[i]).collect::<Vec<_>>()))
        .collect();
    (10..=n).find(|&i| mean(&m[i - 10..i]) >= level)
}

/// prediction_error (Schultz, Dayan & Montague 1997; Montague et al. 1996):
/// trial 1 the dopamine response is at the reward (δ_US ≥ 0.99, δ_CS ≈ 0);
/// after 100 paired trials it is at the cue (δ_CS ≥ 0.9, δ_US ≤ 0.1); the
/// first omitted reward gives a dip (δ_US ≤ −0.9). With the phasic gain
/// halved the recorded response is halved and the transfer slower.
#[test]
fn prediction_error_moves_from_reward_to_cue() {
    let exp = exercise("prediction_error");
    let cs = &per_run(&exp, 0, "dopamine_cs")[0];
    let us = &per_run(&exp, 0, "dopamine_us")[0];
    let cross = |cs: &[f64], us: &[f64]| cs.iter().zip(us).position(|(c, u)| c > u).map(|i| i + 1);
    let half_cs = &per_run(&exp, 1, "dopamine_cs")[0];
    let half_us = &per_run(&exp, 1, "dopamine_us")[0];
    let (c_full, c_half) = (cross(cs, us), cross(half_cs, half_us));
    println!(
        "prediction_error: trial 1 US {:.3} CS {:.3}; trial 100 CS {:.3} US {:.3}; trial 101 US {:.3}; trial 150 CS {:.3}; crossing control {c_full:?}, gain 0.5 {c_half:?}; gain 0.5 trial 100 CS {:.3} trial 101 US {:.3}",
        us[0], cs[0], cs[99], us[99], us[100], cs[149], half_cs[99], half_us[100]
    );
    check_teacher(
        "prediction_error",
        Measures::default()
            .one("us_1", us[0])
            .one("cs_1", cs[0])
            .one("cs_100", cs[99])
            .one("us_100", us[99])
            .one("us_101", us[100])
            .one("cs_150", cs[149])
            .trials("crossing", &[c_full, c_half])
            .one("half_cs_100", half_cs[99])
            .one("half_us_101", half_us[100]),
    );
    assert!(us[0] >= 0.99 && cs[0].abs() <= 0.01);
    assert!(cs[99] >= 0.9 && us[99] <= 0.1);
    assert!(us[100] <= -0.9);
    assert!(cs[149] < 0.3, "extinction did not lower the cue response");
    assert!(c_half.unwrap_or(usize::MAX) > c_full.unwrap_or(0) + 5);
}

/// blocking (Kamin 1969; Waelti, Dickinson & Schultz 2001): X, added to a
/// pretrained A, gains ≤ 0.1 of the cue response of Y, added to a novel B in
/// the same phase (Rescorla–Wagner: V_X ≈ 0, V_Y ≈ 0.5).
#[test]
fn blocking_spares_the_control_cue() {
    let exp = exercise("blocking");
    let cs = &per_run(&exp, 0, "dopamine_cs")[0];
    let n = cs.len();
    let (x, y) = (cs[n - 2], cs[n - 1]);
    println!("blocking: δ at X alone {x:.4}, at Y alone {y:.4}");
    check_teacher("blocking", Measures::default().one("x", x).one("y", y));
    assert!(y > 0.3, "Y learned nothing: {y}");
    assert!(x <= 0.1 * y, "X not blocked: {x} vs {y}");
}

/// three_factor (Frémaux & Gerstner 2016; Doya 2002): with the phasic
/// dopamine gain halved, acquisition is slower; at gain 0 nothing is learned
/// (late P(better) at chance, 0.42–0.58).
#[test]
fn three_factor_dopamine_gates_learning() {
    let exp = exercise("three_factor");
    let early: Vec<f64> = (0..3)
        .map(|c| mean_over(&exp, c, "correct", 1, 60))
        .collect();
    let late: Vec<f64> = (0..3)
        .map(|c| mean_over(&exp, c, "correct", 201, 300))
        .collect();
    let t: Vec<Option<usize>> = (0..3).map(|c| trials_to(&exp, c, 0.75)).collect();
    println!("three_factor: P(better) trials 1-60 {early:.3?}, 201-300 {late:.3?}, trials to 0.75 {t:?} (gain 1, 0.5, 0)");
    check_teacher(
        "three_factor",
        Measures::default()
            .list("early", &early)
            .list("late", &late)
            .trials("to_075", &t),
    );
    assert!(early[1] < early[0] - 0.01);
    assert!((0.42..=0.58).contains(&late[2]));
    assert!(late[0] >= 0.9);
}

/// reversal_dopamine (Frank 2005; Cools et al. 2001): accuracy in the 10
/// trials after each reversal falls by ≥ 0.02 under D2 blockade
/// (haloperidol: dips no longer teach) and rises by ≥ 0.02 with L-DOPA (this
/// model has no "overdose" of the ventral striatum, so it does not show the
/// impairment Cools et al. found in medicated patients).
#[test]
fn reversal_under_haloperidol_and_l_dopa() {
    let exp = exercise("reversal_dopamine");
    let acc: Vec<f64> = (0..3).map(|c| after_reversal(&exp, c)).collect();
    let ls: Vec<f64> = (0..3).map(|c| lose_shift(&exp, c)).collect();
    let late: Vec<f64> = (0..3)
        .map(|c| mean_where(&exp, c, "correct", "reversal", false))
        .collect();
    println!("reversal_dopamine: accuracy 10 trials after reversal {acc:.3?}, lose-shift {ls:.3?}, overall {late:.3?} (control, haloperidol, L-DOPA)");
    check_teacher(
        "reversal_dopamine",
        Measures::default()
            .list("after", &acc)
            .list("lose_shift", &ls)
            .list("overall", &late),
    );
    assert!(acc[1] < acc[0] - 0.02, "haloperidol did not slow reversals");
    assert!(acc[2] > acc[0] + 0.02, "L-DOPA did not speed reversals");
}

/// volatility (Behrens et al. 2007; Yu & Dayan 2005): the adaptive learning
/// rate in the volatile block is ≥ 1.25 × that in the stable block; tonic NE
/// (atomoxetine up, propranolol down through prefrontal β receptors) moves
/// the rate in both blocks by ≥ 0.02 but the learner still adapts (ratio ≥
/// 1.25); a prefrontal lesion removes the adaptation (ratio 1 ± 0.05).
#[test]
fn volatility_raises_the_learning_rate() {
    let exp = exercise("volatility");
    let ratio: Vec<f64> = (0..4)
        .map(|c| {
            mean_where(&exp, c, "learning_rate", "volatile", true)
                / mean_where(&exp, c, "learning_rate", "volatile", false)
        })
        .collect();
    let ne: Vec<f64> = (0..4)
        .map(|c| {
            mean_where(&exp, c, "norepinephrine_tonic", "volatile", true)
                - mean_where(&exp, c, "norepinephrine_tonic", "volatile", false)
        })
        .collect();
    let lr: Vec<(f64, f64)> = (0..4)
        .map(|c| {
            (
                mean_where(&exp, c, "learning_rate", "volatile", false),
                mean_where(&exp, c, "learning_rate", "volatile", true),
            )
        })
        .collect();
    println!("volatility: learning-rate ratio volatile/stable {ratio:.3?}, (stable, volatile) {lr:.3?}, tonic NE volatile − stable {ne:.3?} (control, atomoxetine, propranolol, prefrontal lesion)");
    check_teacher(
        "volatility",
        Measures::default()
            .list("ratio", &ratio)
            .list("stable", &lr.iter().map(|x| x.0).collect::<Vec<_>>())
            .list("volatile", &lr.iter().map(|x| x.1).collect::<Vec<_>>())
            .list("ne", &ne),
    );
    assert!(ratio[0] >= 1.25 && ratio[1] >= 1.25 && ratio[2] >= 1.25);
    assert!(
        lr[1].0 > lr[0].0 + 0.02 && lr[1].1 > lr[0].1 + 0.02,
        "atomoxetine"
    );
    assert!(
        lr[2].0 < lr[0].0 - 0.02 && lr[2].1 < lr[0].1 - 0.02,
        "propranolol"
    );
    assert!((ratio[3] - 1.0).abs() <= 0.05, "lesion still adapts");
}

/// exploration (Aston-Jones & Cohen 2005; Warren et al. 2017; Dubois et al.
/// 2021): atomoxetine raises lose-shift and lowers late accuracy;
/// propranolol lowers choice entropy.
#[test]
fn exploration_follows_tonic_norepinephrine() {
    let exp = exercise("exploration");
    let ls: Vec<f64> = (0..3).map(|c| lose_shift(&exp, c)).collect();
    let late: Vec<f64> = (0..3)
        .map(|c| mean_over(&exp, c, "correct", 201, 300))
        .collect();
    let ent: Vec<f64> = (0..3)
        .map(|c| mean_over(&exp, c, "choice_entropy", 101, 300))
        .collect();
    println!("exploration: lose-shift {ls:.3?}, P(better) 201-300 {late:.3?}, choice entropy 101-300 {ent:.3?} (control, atomoxetine, propranolol)");
    check_teacher(
        "exploration",
        Measures::default()
            .list("lose_shift", &ls)
            .list("late", &late)
            .list("entropy", &ent),
    );
    assert!(ls[1] > ls[0] + 0.02);
    assert!(late[1] < late[0] - 0.02);
    assert!(ent[2] < ent[0] - 0.02);
}

/// P(small-soon) on free-choice trials 201–300.
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

/// patience (Schweighofer et al. 2008; Doya 2002): 1 now vs 4 after 12 steps
/// at γ = 0.9 (values 1 vs 1.13, near indifference). Tryptophan depletion
/// (serotonin release ×0.4) shortens the time scale, so P(small-soon) on free
/// trials 201–300 rises by ≥ 0.3; chronic SSRI lengthens it, P falls by ≥ 0.1.
#[test]
fn patience_falls_with_serotonin() {
    let exp = exercise("patience");
    let p: Vec<f64> = (0..3).map(|c| p_small(&exp, c)).collect();
    let g: Vec<f64> = (0..3)
        .map(|c| mean_over(&exp, c, "discount", 201, 300))
        .collect();
    println!("patience: P(small-soon) free trials 201-300 {p:.3?}, discount {g:.3?} (control, tryptophan depletion, SSRI chronic)");
    check_teacher(
        "patience",
        Measures::default().list("p_small", &p).list("discount", &g),
    );
    assert!(p[1] > p[0] + 0.3, "depletion not more impulsive");
    assert!(p[2] < p[0] - 0.1, "chronic SSRI not more patient");
}

/// acetylcholine (Doya 2002; Hasselmo 2006): scopolamine (M1 block) slows
/// learning, so the learner follows reversals more slowly; nicotine (tone
/// +0.5) speeds it.
#[test]
fn acetylcholine_sets_learning_speed() {
    let exp = exercise("acetylcholine");
    let acc: Vec<f64> = (0..3).map(|c| after_reversal(&exp, c)).collect();
    let lr: Vec<f64> = (0..3)
        .map(|c| mean_over(&exp, c, "learning_rate", 1, 400))
        .collect();
    println!("acetylcholine: accuracy 10 trials after reversal {acc:.3?}, learning rate {lr:.3?} (control, scopolamine, nicotine)");
    check_teacher(
        "acetylcholine",
        Measures::default().list("after", &acc).list("rate", &lr),
    );
    assert!(acc[1] < acc[0] - 0.05);
    assert!(acc[2] > acc[0] + 0.02);
}

/// two_step (Daw et al. 2011; Wunderlich, Smittenaar & Dolan 2012): L-DOPA
/// raises the reward × transition interaction (model-based control) by ≥ 0.03.
#[test]
fn two_step_l_dopa_raises_model_based_control() {
    let exp = exercise("two_step");
    let (m0, i0) = common::two_step_effects(&exp, 0);
    let (m1, i1) = common::two_step_effects(&exp, 1);
    println!("two_step: control main {m0:.3} interaction {i0:.3}; L-DOPA main {m1:.3} interaction {i1:.3}");
    check_teacher(
        "two_step",
        Measures::default()
            .list("main", &[m0, m1])
            .list("interaction", &[i0, i1]),
    );
    assert!(i1 > i0 + 0.03);
}

/// parkinson (Niv et al. 2007; Salamone & Correa 2012; Frank et al. 2004):
/// 6-OHDA (release ×0.1) lengthens latencies and slows learning; L-DOPA
/// brings latencies back toward control.
#[test]
fn parkinson_depletion_slows_responses_and_learning() {
    let exp = exercise("parkinson");
    let lat: Vec<f64> = (0..3)
        .map(|c| mean_over(&exp, c, "latency", 101, 300))
        .collect();
    let early: Vec<f64> = (0..3)
        .map(|c| mean_over(&exp, c, "correct", 1, 100))
        .collect();
    let late: Vec<f64> = (0..3)
        .map(|c| mean_over(&exp, c, "correct", 201, 300))
        .collect();
    println!("parkinson: latency 101-300 {lat:.3?}, P(better) 1-100 {early:.3?}, 201-300 {late:.3?} (control, 6-OHDA, 6-OHDA + L-DOPA)");
    check_teacher(
        "parkinson",
        Measures::default()
            .list("latency", &lat)
            .list("early", &early)
            .list("late", &late),
    );
    assert!(lat[1] > 1.5 * lat[0]);
    assert!(lat[2] < lat[1]);
    assert!(early[1] < early[0] - 0.05);
}

/// ageing (Hensch 2005; Bäckman et al. 2006; Eppinger et al. 2011): the
/// juvenile (critical-period plasticity) follows reversals faster than the
/// adult; the aged learner (lower tone) more slowly.
#[test]
fn ageing_changes_reversal_speed() {
    let exp = exercise("ageing");
    let acc: Vec<f64> = (0..3).map(|c| after_reversal(&exp, c)).collect();
    let lr: Vec<f64> = (0..3)
        .map(|c| mean_over(&exp, c, "learning_rate", 1, 400))
        .collect();
    println!("ageing: accuracy 10 trials after reversal {acc:.3?}, learning rate {lr:.3?} (juvenile, adult, aged)");
    check_teacher(
        "ageing",
        Measures::default().list("after", &acc).list("rate", &lr),
    );
    assert!(acc[0] > acc[1] + 0.02);
    assert!(acc[2] < acc[1] - 0.02);
}

/// interference (McCloskey & Cohen 1989; French 1999): on shared synapses
/// each block overwrites the last, so accuracy in a block's first 10 trials
/// falls ≥ 0.3 below its end. Scopolamine (slower learning) halves the drop
/// but the block's end is lower too: the stability–plasticity trade-off.
#[test]
fn interference_on_shared_synapses() {
    let exp = exercise("interference");
    let (e0, l0) = common::switch_cost(&exp, 0);
    let (e1, l1) = common::switch_cost(&exp, 1);
    println!("interference: control block start {e0:.3} end {l0:.3}; scopolamine start {e1:.3} end {l1:.3}");
    check_teacher(
        "interference",
        Measures::default()
            .list("start", &[e0, e1])
            .list("end", &[l0, l1]),
    );
    assert!(l0 - e0 >= 0.3, "no interference");
    assert!(
        l1 - e1 < (l0 - e0) - 0.2,
        "scopolamine did not reduce the drop"
    );
    assert!(l1 < l0 - 0.1, "scopolamine did not lower the block's end");
}

/// The value of every `name="…"` attribute in `html`, in order.
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &html[i + key.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Every exercise has a scenario file, a students' page and a teacher's
/// page; each students' page's figures name its own scenario file and
/// metrics that scenario records, it has answer boxes and cites a source
/// but holds no answer; the teacher's page names the test that checks it
/// (in this file or tests/exercises_regions.rs) and states the tolerance;
/// and the teachers' index links both pages.
#[test]
fn every_exercise_page_matches_its_scenario() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("www/exercises exists")
        .filter_map(|e| {
            let p = e.ok()?.path();
            let stem = p.file_stem()?.to_string_lossy().into_owned();
            (p.extension()? == "json").then_some(stem)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 10, "only {} exercises", names.len());
    // The test a teacher's page names lives in one of these files.
    let sources = [
        ("tests/exercises.rs", include_str!("exercises.rs")),
        (
            "tests/exercises_regions.rs",
            include_str!("exercises_regions.rs"),
        ),
    ];
    let index = std::fs::read_to_string(dir().join("index.html")).expect("index.html");
    for name in &names {
        let html = std::fs::read_to_string(dir().join(format!("{name}.html")))
            .unwrap_or_else(|e| panic!("{name}.html: {e}"));
        let text = std::fs::read_to_string(dir().join(format!("{name}.json"))).expect("json");
        let exp = Experiment::from_json(&text).unwrap_or_else(|e| panic!("{name}.json: {e}"));
        let metrics = exp.metrics();
        let scenarios = attributes(&html, "scenario");
        let wanted = attributes(&html, "metric");
        assert!(!scenarios.is_empty(), "{name}.html has no live figure");
        assert_eq!(
            scenarios.len(),
            wanted.len(),
            "{name}.html: a figure without metric"
        );
        for (s, m) in scenarios.iter().zip(&wanted) {
            assert_eq!(
                *s,
                format!("{name}.json"),
                "{name}.html shows another scenario"
            );
            assert!(
                metrics.iter().any(|x| x == m),
                "{name}.html: metric {m} is not recorded by {name}.json"
            );
        }
        // The answers live on the teacher's page, not on the students'.
        let teacher = std::fs::read_to_string(dir().join("teacher").join(format!("{name}.html")))
            .unwrap_or_else(|e| panic!("teacher/{name}.html: {e}"));
        for answer in ["class=\"teacher\"", "<data ", "class=\"check\"", "teacher/"] {
            assert!(
                !html.contains(answer),
                "{name}.html (the students' page) holds {answer:?}"
            );
        }
        assert!(
            html.contains("<script type=\"module\" src=\"answers.js\"></script>"),
            "{name}.html has no answer boxes (answers.js)"
        );
        assert!(html.contains("class=\"refs\""), "{name}: no sources");
        for page in [&html, &teacher] {
            assert!(!page.contains("style="), "{name}: inline style");
            assert!(!page.contains("<script>"), "{name}: inline script");
        }
        assert!(
            teacher.contains("<p class=\"check\">") && teacher.contains("class=\"tolerance\""),
            "teacher/{name}.html states no check or tolerance"
        );
        let check = teacher
            .split_once("<p class=\"check\">")
            .map_or("", |(_, rest)| rest);
        let file = check
            .split_once("<code>")
            .and_then(|(_, rest)| rest.split_once("</code>"))
            .map_or("", |(f, _)| f);
        let source = sources
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, s)| *s)
            .unwrap_or_else(|| {
                panic!("teacher/{name}.html names no exercises' test file ({file:?})")
            });
        let test = check
            .split_once("test <code>")
            .and_then(|(_, rest)| rest.split_once("</code>"))
            .map_or("", |(t, _)| t);
        assert!(
            !test.is_empty() && source.contains(&format!("fn {test}()")),
            "{name}.html names no test of {file} (found {test:?})"
        );
        assert!(
            index.contains(&format!("href=\"{name}.html\"")),
            "index misses {name}"
        );
        assert!(
            index.contains(&format!("href=\"teacher/{name}.html\"")),
            "index misses teacher/{name}.html"
        );
    }
}

/// `modulab validate www/exercises/*.json` accepts every exercise file: one
/// `ok:` line each, exit code 0.
#[test]
fn cli_validates_every_exercise_file() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("www/exercises exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_modulab"))
        .arg("validate")
        .args(&files)
        .output()
        .expect("modulab runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok: ")).count(),
        files.len(),
        "{stdout}"
    );
}
