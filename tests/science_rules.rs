//! Plasticity rules reached from a scenario: each opt-in model field moves
//! a recorded metric when turned on, and where a criterion of
//! docs/science/criteria.md relies on the rule it is checked here on
//! the scenario path (threshold and source beside each test).

mod common;

use common::per_run;
use modulab::experiment::Experiment;

fn run(text: &str) -> Experiment {
    let mut exp = Experiment::from_json(text).expect("valid scenario");
    exp.run_to_end();
    exp
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

/// Mean over runs of `metric` at trial `t` (0-based).
fn at(exp: &Experiment, metric: &str, t: usize) -> f64 {
    mean(
        &per_run(exp, 0, metric)
            .iter()
            .map(|s| s[t])
            .collect::<Vec<_>>(),
    )
}

// ------------------------------------------------ model.associability (PH)

/// A trial-level Pavlovian design on the conditioning task: 3 steps, the cue
/// on at step 2, the US at step 3, so δ at cue onset is the cue's value V
/// and the US error is λ − V (the Rescorla–Wagner / Pearce–Hall trial).
fn pavlovian(phases: &str, associability: &str, seeds: u32) -> Experiment {
    run(&format!(
        r#"{{"task": {{"kind": "conditioning", "steps": 3, "cs_step": 2, "us_step": 3, "salience": [1],
                      "phases": {phases}}},
            "model": {{"learning_rate": 0.3, "initial_value": 0, "discount": 1,
                       "associability": {associability}}},
            "seeds": {seeds}}}"#
    ))
}

const PH: &str = r#"{"enabled": true, "rate": 0.3, "initial": 1}"#;

/// PH-1 (docs/science/criteria.md §6.2/§6.4, reference simulation of the hybrid
/// Pearce–Hall rule, κ = η = 0.3, α₀ = 1): under continuous reinforcement
/// the recorded associability falls below 0.1 within 20 trials, through
/// 1.0/0.54/0.22/0.090/0.054 after 1/5/10/20/40 trials (±0.005: the
/// reference is quoted to two digits). Deterministic; 2 seeds.
#[test]
fn ph1_associability_falls_under_continuous_reinforcement_in_the_circuit() {
    let exp = pavlovian(r#"[{"cues": [0], "p_reward": 1, "trials": 40}]"#, PH, 2);
    let alpha: Vec<f64> = (0..40).map(|t| at(&exp, "associability", t)).collect();
    let first_below = alpha.iter().position(|a| *a < 0.1).map(|i| i + 1);
    println!("PH-1 (circuit): α after 1/5/10/20/40 trials {:.3} {:.3} {:.3} {:.3} {:.3}; below 0.1 first at trial {first_below:?}",
        alpha[0], alpha[4], alpha[9], alpha[19], alpha[39]);
    for (t, want) in [(1, 1.0), (5, 0.54), (10, 0.22), (20, 0.090), (40, 0.054)] {
        assert!(
            (alpha[t - 1] - want).abs() < 0.005,
            "α({t}) = {}",
            alpha[t - 1]
        );
    }
    assert!(first_below.is_some_and(|n| n <= 20));
}

/// PH-2 (§6.4; reference mean α 0.43 over partial trials): after 40
/// reinforced trials, 50 % partial reinforcement raises the recorded
/// associability above 0.3 within 10 trials, in every one of 100 seeds.
#[test]
fn ph2_partial_reinforcement_raises_associability_in_the_circuit() {
    let exp = pavlovian(
        r#"[{"cues": [0], "p_reward": 1, "trials": 40}, {"cues": [0], "p_reward": 0.5, "trials": 40}]"#,
        PH,
        100,
    );
    let runs = per_run(&exp, 0, "associability");
    let crossed = runs
        .iter()
        .filter(|s| s[40..50].iter().any(|a| *a > 0.3))
        .count();
    let late = mean(&runs.iter().map(|s| mean(&s[50..80])).collect::<Vec<_>>());
    println!("PH-2 (circuit): α > 0.3 within 10 partial trials in {crossed}/100 seeds; mean α partial trials 11-40 {late:.3} (ref 0.43)");
    assert_eq!(crossed, 100);
}

/// PH-3 latent inhibition (§6.2/§6.4, reference 0.795 vs 0.881): 30
/// unreinforced pre-exposures to the cue, then 10 reinforced trials: the
/// cue's value (dopamine at cue onset on the next trial) is lower than
/// without pre-exposure by ≥ 0.05. Without associability (the
/// Rescorla–Wagner critic) pre-exposure changes nothing (|difference| <
/// 1e-9): the field is what produces the effect. Deterministic; 2 seeds.
#[test]
fn ph3_latent_inhibition_on_the_scenario_path() {
    let value_after = |pre: &str, associability: &str| {
        let exp = pavlovian(
            &format!(
                r#"[{{"cues": {pre}, "p_reward": 0, "trials": 30}},
                    {{"cues": [0], "p_reward": 1, "trials": 10}},
                    {{"cues": [0], "p_reward": 0, "trials": 1}}]"#
            ),
            associability,
            2,
        );
        at(&exp, "dopamine_cs", 40)
    };
    let (pre, control) = (value_after("[0]", PH), value_after("[]", PH));
    let off = r#"{"enabled": false}"#;
    let (pre_rw, control_rw) = (value_after("[0]", off), value_after("[]", off));
    println!("PH-3 (circuit): V after 10 trials pre-exposed {pre:.3} vs control {control:.3} (ref 0.795 vs 0.881); without associability {pre_rw:.3} vs {control_rw:.3}");
    assert!(control - pre >= 0.05, "{pre} vs {control}");
    assert!((pre - 0.795).abs() < 0.005 && (control - 0.881).abs() < 0.005);
    assert!((pre_rw - control_rw).abs() < 1e-9);
}

/// `model.associability` on a bandit moves the recorded learning: the
/// value of the first choice option differs from the run without it within
/// 200 trials, and the `associability` metric is recorded only when on.
#[test]
fn associability_changes_what_a_bandit_learns() {
    let scenario = |on: bool| {
        format!(
            r#"{{"task": {{"kind": "bandit", "trials": 200}},
                "model": {{"associability": {{"enabled": {on}}}}}, "seeds": 5}}"#
        )
    };
    let (with, without) = (run(&scenario(true)), run(&scenario(false)));
    assert!(without.metric_index("associability").is_none());
    let alpha = mean(&per_run(&with, 0, "associability").concat());
    let v_on = mean(&per_run(&with, 0, "value").concat());
    let v_off = mean(&per_run(&without, 0, "value").concat());
    println!("associability on a bandit: mean α {alpha:.3}; mean chosen value {v_on:.3} with vs {v_off:.3} without");
    assert!(alpha > 0.0 && alpha < 1.0);
    assert!((v_on - v_off).abs() > 1e-3);
}

// ------------------------------------------- model.consolidation.kind (BF, STC)

/// Switching task (two tasks alternating every 50 trials on shared
/// features, 800 trials): accuracy in the first 10 trials of every block
/// from trial 101, and the mean recorded `slow_share`.
fn after_switch(consolidation: &str, seeds: u32) -> (f64, f64) {
    let exp = run(&format!(
        r#"{{"task": {{"kind": "switching", "features": "shared", "block_trials": 50, "trials": 800}},
            "model": {{"consolidation": {consolidation}}}, "seeds": {seeds}}}"#
    ));
    let correct = per_run(&exp, 0, "correct");
    let xs: Vec<f64> = correct
        .iter()
        .flat_map(|s| {
            (100..800)
                .filter(|t| t % 50 < 10)
                .map(|t| s[t])
                .collect::<Vec<_>>()
        })
        .collect();
    let share = mean(&per_run(&exp, 0, "slow_share").concat());
    (mean(&xs), share)
}

/// CF-1 direction on the scenario path (docs/science/criteria.md §7.4; Benna &
/// Fusi 2016; Kaplanis, Shanahan & Clopath 2018: complex synapses in
/// tabular Q-learning forget the previous task less): with Benna–Fusi
/// chains (m = 8, g₁₂ = 0.25) the critic perseverates less after a switch
/// between two tasks on shared features: accuracy in the first 10 trials of
/// each block rises by ≥ 0.1 over plain synapses (CF-2's margin), and the
/// recorded `slow_share` (content below the visible level) moves from 0 to
/// above 0.5. The rule-level form (previous-task loss ≤ 0.6× plain) is
/// tests/plasticity.rs `cf1_…`; here errors just after a switch fall to
/// about 0.77× plain, reported, not asserted. 20 seeds.
#[test]
fn cf1_chain_synapses_reduce_interference_in_the_circuit() {
    let (plain, plain_share) = after_switch(r#"{"enabled": false}"#, 20);
    let (chain, chain_share) = after_switch(r#"{"enabled": true, "kind": "chain"}"#, 20);
    println!(
        "CF-1 (circuit, chain): accuracy in the first 10 trials after a switch {plain:.3} -> {chain:.3} \
         (errors {:.2}x plain); slow_share {plain_share:.3} -> {chain_share:.3}",
        (1.0 - chain) / (1.0 - plain)
    );
    assert!(chain > plain + 0.1, "{plain} -> {chain}");
    assert!(plain_share == 0.0 && chain_share > 0.5);
}

/// The value of cue `cue` at its onset on a test trial after `phases`
/// (trial-level conditioning of two cues, A = 0 and B = 1; 3 minutes per
/// trial with `tag_capture`), under `drugs`.
fn cue_value(phases: &str, cue: usize, consolidation: &str, drugs: &str) -> f64 {
    let exp = run(&format!(
        r#"{{"task": {{"kind": "conditioning", "steps": 3, "cs_step": 2, "us_step": 3, "salience": [1, 1],
                      "phases": [{phases}, {{"cues": [{cue}], "p_reward": 0, "trials": 1}}]}},
            "model": {{"learning_rate": 0.3, "initial_value": 0, "consolidation": {consolidation}}},
            "conditions": [{{"label": "c", "drugs": {drugs}}}], "seeds": 2}}"#
    ));
    *per_run(&exp, 0, "dopamine_cs")[0].last().expect("trials")
}

/// STC-1..4 on the scenario path (docs/science/criteria.md §7.3; Frey & Morris
/// 1997, from the literature; Clopath et al. 2008), with
/// `consolidation.kind: "tag_capture"` (3 minutes per trial, so 20 trials
/// are 1 h). Weak learning is 3 reinforced trials of cue B (a weak
/// tetanus), strong learning 20 of cue A. STC-1: B alone 4 h later keeps
/// ≤ 20 % of its value right after training. STC-2: A alone 4 h later keeps
/// ≥ 70 %. STC-3: B followed at once by A's training: B at 8 h ≥ 50 % of its
/// value at 1 h; with A 4 h after B, B decays as in STC-1. STC-4: with
/// anisomycin A decays as in STC-1. Without tagging (plain synapses) weak
/// learning does not decay at all. Deterministic (every trial reinforced); 2 seeds.
#[test]
fn stc_tagging_and_capture_on_the_scenario_path() {
    let tc = r#"{"enabled": true, "kind": "tag_capture"}"#;
    let weak = r#"{"cues": [1], "trials": 3}"#;
    let strong = r#"{"cues": [0], "trials": 20}"#;
    let rest = |trials: u32| format!(r#"{{"cues": [], "trials": {trials}}}"#);
    let none = "[]";
    let b0 = cue_value(weak, 1, tc, none);
    let b4 = cue_value(&format!("{weak}, {}", rest(80)), 1, tc, none);
    let a0 = cue_value(strong, 0, tc, none);
    let a4 = cue_value(&format!("{strong}, {}", rest(80)), 0, tc, none);
    let b1_captured = cue_value(&format!("{weak}, {strong}"), 1, tc, none);
    let b8_captured = cue_value(&format!("{weak}, {strong}, {}", rest(140)), 1, tc, none);
    let b8_late = cue_value(
        &format!("{weak}, {}, {strong}, {}", rest(80), rest(60)),
        1,
        tc,
        none,
    );
    let a4_aniso = cue_value(
        &format!("{strong}, {}", rest(80)),
        0,
        tc,
        r#"["anisomycin"]"#,
    );
    let plain = r#"{"enabled": false}"#;
    let b4_plain = cue_value(&format!("{weak}, {}", rest(80)), 1, plain, none);
    let b0_plain = cue_value(weak, 1, plain, none);
    println!(
        "STC (circuit): STC-1 weak B {b0:.3} -> 4 h {b4:.3} ({:.1} %); STC-2 strong A {a0:.3} -> 4 h {a4:.3} ({:.1} %); \
         STC-3 B captured 1 h {b1_captured:.3} -> 8 h {b8_captured:.3} ({:.1} %), A 4 h after B: B at 8 h {b8_late:.3}; \
         STC-4 anisomycin A 4 h {a4_aniso:.3} ({:.1} %); plain synapses weak B {b0_plain:.3} -> 4 h {b4_plain:.3}",
        100.0 * b4 / b0,
        100.0 * a4 / a0,
        100.0 * b8_captured / b1_captured,
        100.0 * a4_aniso / a0
    );
    assert!(b4 <= 0.2 * b0, "STC-1");
    assert!(a4 >= 0.7 * a0, "STC-2");
    assert!(b8_captured >= 0.5 * b1_captured, "STC-3 capture");
    assert!(b8_late <= 0.2 * b0, "STC-3 window");
    assert!(a4_aniso <= 0.2 * a0, "STC-4");
    assert!(
        (b4_plain - b0_plain).abs() < 1e-9,
        "plain synapses do not decay"
    );
}

// ------------------------------------------------- model.memory (ACH-1)

/// Sensory preconditioning on the trial-level conditioning task: 20
/// unreinforced AX trials (A = 0, X = 1), 30 reinforced A trials, then a
/// test trial of X alone (from trial 51; `conditions` are applied there).
fn preconditioning(memory: &str, conditions: &str) -> Experiment {
    run(&format!(
        r#"{{"task": {{"kind": "conditioning", "steps": 3, "cs_step": 2, "us_step": 3, "salience": [1, 1],
                      "phases": [{{"cues": [0, 1], "p_reward": 0, "trials": 20}},
                                 {{"cues": [0], "p_reward": 1, "trials": 30}},
                                 {{"cues": [1], "p_reward": 0, "trials": 1}}]}},
            "model": {{"learning_rate": 0.3, "initial_value": 0, "memory": {memory}}},
            "conditions": {conditions}, "seeds": 2}}"#
    ))
}

/// `model.memory` gives sensory preconditioning (Brogden 1939; needs the
/// hippocampus: Wimmer & Shohamy 2012, from the literature): X, never
/// paired with reward, responds at test (dopamine at its onset > 0.1)
/// because A and X were stored together; without the memory, or with the
/// hippocampus lesioned, X's response is exactly 0. The `recall` metric is
/// recorded only with the memory on. Deterministic; 2 seeds.
#[test]
fn memory_gives_sensory_preconditioning() {
    let control =
        r#"[{"label": "control"}, {"label": "no hippocampus", "lesions": ["hippocampus"]}]"#;
    let with = preconditioning(r#"{"enabled": true}"#, control);
    let without = preconditioning(r#"{"enabled": false}"#, control);
    let x = |exp: &Experiment, c: usize| per_run(exp, c, "dopamine_cs")[0][50];
    let (on, lesioned, off) = (x(&with, 0), x(&with, 1), x(&without, 0));
    let recall = per_run(&with, 0, "recall")[0][50];
    println!("memory: X at test {on:.3} with memory (recall {recall:.3}), {lesioned:.3} without hippocampus, {off:.3} without memory");
    assert!(on > 0.1 && recall > 0.1);
    assert!(lesioned == 0.0 && off == 0.0);
    assert!(without.metric_index("recall").is_none());
}

/// ACH-1, retrieval half, on the scenario path (docs/science/criteria.md §11;
/// Hasselmo & Bower 1993, from the literature): acetylcholine raised at the
/// test trial only (nicotine from trial 51, so the stored patterns are the
/// same) lowers pattern completion, the recorded `recall` of X's partner A,
/// by ≥ 30 %; a muscarinic block (scopolamine) raises it. The encoding half
/// (≥ 1.5× faster storage) is checked at rule level (tests/plasticity.rs
/// `ach1_…`). Deterministic; 2 seeds.
#[test]
fn ach1_acetylcholine_suppresses_retrieval_in_the_circuit() {
    let exp = preconditioning(
        r#"{"enabled": true}"#,
        r#"[{"label": "control"},
            {"label": "nicotine", "drugs": ["nicotine"], "from_trial": 51},
            {"label": "scopolamine", "drugs": ["scopolamine"], "from_trial": 51}]"#,
    );
    let recall = |c: usize| per_run(&exp, c, "recall")[0][50];
    let (control, nicotine, scopolamine) = (recall(0), recall(1), recall(2));
    println!(
        "ACH-1 (circuit): recall at test control {control:.3}, nicotine {nicotine:.3} (drop {:.1} %), scopolamine {scopolamine:.3}",
        100.0 * (1.0 - nicotine / control)
    );
    assert!(nicotine <= 0.7 * control);
    assert!(scopolamine > control);
}

/// The new fields are validated with their ranges, and every error names
/// its field.
#[test]
fn new_model_fields_are_validated_by_name() {
    for (model, field) in [
        (
            r#"{"associability": {"rate": 2}}"#,
            "model.associability.rate",
        ),
        (
            r#"{"associability": {"initial": -1}}"#,
            "model.associability.initial",
        ),
        (
            r#"{"consolidation": {"kind": "cascade"}}"#,
            "model.consolidation.kind",
        ),
        (
            r#"{"consolidation": {"chain_levels": 0}}"#,
            "model.consolidation.chain_levels",
        ),
        (
            r#"{"consolidation": {"chain_coupling": 2}}"#,
            "model.consolidation.chain_coupling",
        ),
        (
            r#"{"consolidation": {"trial_hours": 0}}"#,
            "model.consolidation.trial_hours",
        ),
        (
            r#"{"consolidation": {"tag_threshold": 1.5}}"#,
            "model.consolidation.tag_threshold",
        ),
        (
            r#"{"memory": {"iterations": 0}}"#,
            "model.memory.iterations",
        ),
        (
            r#"{"memory": {"ach_baseline": 2}}"#,
            "model.memory.ach_baseline",
        ),
        (r#"{"memory": {"rate": -0.1}}"#, "model.memory.rate"),
        (r#"{"memory": []}"#, "model.memory"),
    ] {
        let text = format!(r#"{{"task": {{"kind": "bandit"}}, "model": {model}}}"#);
        let err = Experiment::from_json(&text)
            .err()
            .unwrap_or_else(|| panic!("{model} was accepted"))
            .to_string();
        assert!(err.contains(field), "{model}: {err}");
    }
    let big = r#"{"task": {"kind": "conditioning", "steps": 100, "cs_step": 2, "us_step": 50, "salience": [1, 1]},
                  "model": {"memory": {"enabled": true}}}"#;
    let err = Experiment::from_json(big)
        .err()
        .expect("too many features")
        .to_string();
    assert!(err.contains("model.memory.enabled"), "{err}");
}

// ------------------------------------------------ held-out checks (issue 17)
// The parameters of tagging and capture (TagParams::default and the
// `tag_capture` option), of the Benna–Fusi chains (m = 8, g₁₂ = 0.25) and of
// sleep replay (every 25 trials, 200 replays) were calibrated on the very
// criteria that test them (STC-1..5, CF-1, CF-2). Each check below uses
// those parameters unchanged on a case they were not fitted to.

/// Accuracy in the first 10 trials of every block from the third block on,
/// switching task with blocks of `block` trials (1600 trials), 20 seeds.
fn early_after_switch(consolidation: &str, block: usize) -> f64 {
    let exp = run(&format!(
        r#"{{"task": {{"kind": "switching", "features": "shared", "block_trials": {block}, "trials": 1600}},
            "model": {{"consolidation": {consolidation}}}, "seeds": 20}}"#
    ));
    let xs: Vec<f64> = per_run(&exp, 0, "correct")
        .iter()
        .flat_map(|s| {
            (2 * block..1600)
                .filter(|t| t % block < 10)
                .map(|t| s[t])
                .collect::<Vec<_>>()
        })
        .collect();
    mean(&xs)
}

/// Held out for multi-timescale chains (CF-1, docs/science/criteria.md §7.4)
/// and for sleep replay (CF-2): both were calibrated with blocks of 50
/// trials; here the blocks are 100 trials, twice as long for the old task's
/// trace to be overwritten. Same margins as CF-1 and CF-2 (≥ +0.1 over plain
/// for chains; ≥ +0.05 over fast/slow for replay), 20 seeds.
#[test]
fn held_out_chains_and_replay_still_help_with_longer_blocks() {
    let plain = early_after_switch(r#"{"enabled": false}"#, 100);
    let chain = early_after_switch(r#"{"enabled": true, "kind": "chain"}"#, 100);
    let fast_slow = early_after_switch(
        r#"{"enabled": true, "retain_fast": 0.9, "slow_ratio": 0.1}"#,
        100,
    );
    let sleep = early_after_switch(
        r#"{"enabled": true, "retain_fast": 0.9, "slow_ratio": 0.1, "sleep_every": 25, "sleep_replays": 200}"#,
        100,
    );
    println!(
        "held out (blocks of 100): accuracy after a switch plain {plain:.3}, chain {chain:.3}, \
         fast/slow {fast_slow:.3}, + sleep replay {sleep:.3}"
    );
    assert!(chain > plain + 0.1, "chains: {plain} -> {chain}");
    assert!(sleep > fast_slow + 0.05, "replay: {fast_slow} -> {sleep}");
}

/// Held out for tagging and capture (docs/science/criteria.md §7.3): the
/// parameters were fitted to STC-1..5, where the weak tetanus always comes
/// after the strong one (or alone). Frey & Morris (1998 Trends Neurosci
/// 21:181; from the literature, verify before quoting) report capture also
/// when the weak tetanus comes first, within about an hour: WTET on S1, then
/// STET on S2 30 min later, S1 at 8 h ≥ 50 % of its 1-h value (the STC-3
/// threshold); with STET 4 h after, S1 is not rescued: at 8 h (4 h after
/// the STET) it is ≤ 20 % of its 10-min value (the STC-1 threshold).
#[test]
fn held_out_weak_before_strong_is_captured_within_the_window() {
    use modulab::plasticity::{TagCapture, TagParams};
    const MINUTE: f64 = 1.0 / 60.0;
    let s1: Vec<usize> = (0..20).collect();
    let s2: Vec<usize> = (20..40).collect();
    let pathway_s1 = |strong_at: f64, hours: f64| {
        let mut n = TagCapture::new(40, TagParams::default());
        let steps = libm::round(hours * 60.0) as usize;
        let mut out = Vec::with_capacity(steps + 1);
        for s in 0..=steps {
            if s == 0 {
                n.tetanus(&s1, 0.5);
            }
            if s == libm::round(strong_at * 60.0) as usize {
                n.tetanus(&s2, 1.0);
            }
            out.push(n.pathway(&s1));
            n.set_dopamine(0.0);
            n.step(MINUTE);
        }
        out
    };
    let near = pathway_s1(0.5, 8.0);
    let captured = near[480] / near[60];
    let far = pathway_s1(4.0, 8.0);
    let decayed = far[480] / far[10];
    println!(
        "held out (weak before strong): S1 8 h / 1 h = {captured:.3} (≥ 0.5) with STET 30 min later; \
         8 h / 10 min = {decayed:.3} (≤ 0.2) with STET 4 h later"
    );
    assert!(captured >= 0.5, "no capture: {captured}");
    assert!(decayed <= 0.2, "captured out of the window: {decayed}");
}
