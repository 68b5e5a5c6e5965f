//! The tasks themselves are right: reward statistics match the configured
//! probabilities, schedules happen when configured, designs present the
//! configured cues, random walks stay in bounds, and bad parameters are
//! refused with the field's path.

use modulab::experiment::Experiment;
use modulab::limits::{AUTO_RUN_TRIALS, AUTO_RUN_WORK};
use modulab::rng::{Rng, Stream};
use modulab::scenario::{descriptions, Scenario, TASK_KINDS};
use modulab::tasks::{self, Step, Task};

fn task(json: &str) -> Box<dyn Task> {
    let s = Scenario::from_json(&format!(r#"{{"task": {json}}}"#)).expect("valid task");
    match tasks::build(&s.task) {
        tasks::Built::Trials(t) => t,
        tasks::Built::Spiking(_) | tasks::Built::Actor(_) | tasks::Built::Navigator(_) => {
            panic!("a trial task, not the spiking network")
        }
    }
}

fn error_of(json: &str) -> String {
    match Scenario::from_json(&format!(r#"{{"task": {json}}}"#)) {
        Ok(_) => panic!("expected an error for {json}"),
        Err(e) => e.to_string(),
    }
}

/// Runs one trial choosing `policy(task, step)` at each step; returns the
/// steps' outcomes.
fn trial(
    t: &mut dyn Task,
    rng: &mut Rng,
    mut policy: impl FnMut(&dyn Task, usize) -> usize,
) -> Vec<Step> {
    t.start_trial(rng);
    let mut steps = Vec::new();
    loop {
        let a = policy(t, steps.len());
        let s = t.act(a, rng);
        steps.push(s);
        if s.end_of_trial || steps.len() > 10_000 {
            return steps;
        }
    }
}

fn metrics(t: &dyn Task) -> Vec<f64> {
    let mut m = vec![f64::NAN; t.metrics().len()];
    t.trial_metrics(&mut m);
    m
}

fn metric(t: &dyn Task, name: &str) -> f64 {
    let i = t.metrics().iter().position(|m| m.name == name).expect(name);
    metrics(t)[i]
}

#[test]
fn every_task_and_mode_names_a_headline_it_records() {
    let mut cases: Vec<String> = TASK_KINDS
        .iter()
        .map(|k| format!(r#"{{"kind": "{k}"}}"#))
        .collect();
    for mode in ["choice", "waiting", "corridor"] {
        cases.push(format!(r#"{{"kind": "delay", "mode": "{mode}"}}"#));
    }
    cases.push(r#"{"kind": "distal_reward", "protocol": "pavlovian"}"#.into());
    for task in cases {
        let s = Scenario::from_json(&format!(r#"{{"task": {task}}}"#)).expect("valid");
        // Panics when the name is not in the table.
        let head = modulab::experiment::headline(&s);
        assert!(!head.label.is_empty(), "{task}");
    }
}

#[test]
fn every_kind_runs_with_its_defaults_and_records_finite_values() {
    assert_eq!(descriptions().len(), TASK_KINDS.len());
    for kind in TASK_KINDS {
        // The spiking network's default is an hour of model time (make verify
        // runs it); here a minute shows it runs and records finite values.
        let extra = if *kind == "distal_reward" {
            r#", "duration_s": 60"#
        } else {
            ""
        };
        let mut exp = Experiment::from_json(&format!(
            r#"{{"task": {{"kind": "{kind}"{extra}}}, "seeds": 2}}"#
        ))
        .unwrap_or_else(|e| panic!("{kind}: {e}"));
        exp.run_to_end();
        for run in exp.runs() {
            for (m, s) in exp.metrics().iter().zip(&run.recording.series) {
                assert!(
                    s.points().iter().all(|x| x.is_finite()),
                    "{kind}: {m} not finite"
                );
            }
        }
        let d = descriptions()
            .into_iter()
            .find(|d| d.kind == *kind)
            .expect("described");
        let mut defaults = d.defaults.clone();
        defaults["kind"] = (*kind).into();
        let text = format!(r#"{{"task": {defaults}}}"#);
        Scenario::from_json(&text).unwrap_or_else(|e| panic!("{kind} defaults: {e}"));
    }
}

#[test]
fn bandit_payoffs_match_their_probabilities_and_gaussian_sd() {
    let mut rng = Rng::new(1, Stream::Task);
    let n = 40_000;
    let mut t = task(r#"{"kind": "bandit", "p_reward": [0.8, 0.2, 0.5]}"#);
    for (arm, p) in [0.8, 0.2, 0.5].iter().enumerate() {
        let mean = (0..n)
            .map(|_| trial(&mut *t, &mut rng, |_, _| arm)[0].reward)
            .sum::<f64>()
            / n as f64;
        assert!((mean - p).abs() < 0.01, "arm {arm}: {mean} vs {p}");
    }
    let mut t = task(r#"{"kind": "bandit", "payoff": "gaussian", "sd": 0.5}"#);
    let draws: Vec<f64> = (0..n)
        .map(|_| trial(&mut *t, &mut rng, |_, _| 1)[0].reward)
        .collect();
    let mean = draws.iter().sum::<f64>() / n as f64;
    let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
    assert!((mean - 0.2).abs() < 0.01, "gaussian mean {mean}");
    assert!(
        (var.sqrt() - 0.5).abs() < 0.01,
        "gaussian sd {}",
        var.sqrt()
    );
}

#[test]
fn reversal_swaps_every_period_and_pays_as_configured() {
    let mut rng = Rng::new(2, Stream::Task);
    let mut t = task(r#"{"kind": "reversal", "period": 40, "p_good": 0.8, "p_bad": 0.2}"#);
    let (mut good_paid, mut good_n, mut bad_paid, mut bad_n) = (0.0, 0.0, 0.0, 0.0);
    for i in 0..4000 {
        let good = t.best_action().expect("a good option");
        assert_eq!(good, (i / 40) % 2, "trial {i}");
        let a = i % 2; // sample both options
        let r = trial(&mut *t, &mut rng, |_, _| a)[0].reward;
        if a == good {
            good_paid += r;
            good_n += 1.0;
        } else {
            bad_paid += r;
            bad_n += 1.0;
        }
        assert_eq!(metric(&*t, "reversals"), ((i + 1) / 40) as f64);
        assert_eq!(
            metric(&*t, "reversal"),
            f64::from(u8::from(i > 0 && i % 40 == 0))
        );
        assert_eq!(metric(&*t, "trial_in_block"), (i % 40 + 1) as f64);
    }
    assert!((good_paid / good_n - 0.8).abs() < 0.02);
    assert!((bad_paid / bad_n - 0.2).abs() < 0.02);
}

#[test]
fn reversal_by_criterion_swaps_after_the_run_of_correct_choices() {
    let mut rng = Rng::new(3, Stream::Task);
    let mut t = task(r#"{"kind": "reversal", "mode": "criterion", "criterion": 8}"#);
    // Two wrong choices, then always correct: criterion after 10 trials.
    for block in 0..5 {
        for i in 0..10 {
            let good = t.best_action().expect("good");
            let a = if i < 2 { 1 - good } else { good };
            trial(&mut *t, &mut rng, |_, _| a);
        }
        assert_eq!(metric(&*t, "trials_to_criterion"), 10.0, "block {block}");
        assert_eq!(metric(&*t, "reversals"), (block + 1) as f64);
    }
    // Stay and win-stay / lose-shift bookkeeping.
    let mut t = task(r#"{"kind": "reversal", "p_good": 1, "p_bad": 0}"#);
    trial(&mut *t, &mut rng, |_, _| 0); // wins
    trial(&mut *t, &mut rng, |_, _| 0); // stays after a win
    assert_eq!((metric(&*t, "stay"), metric(&*t, "win_stay")), (1.0, 1.0));
    trial(&mut *t, &mut rng, |_, _| 1); // shifts after a win, loses
    assert_eq!((metric(&*t, "stay"), metric(&*t, "win_stay")), (0.0, 0.0));
    trial(&mut *t, &mut rng, |_, _| 0); // shifts after a loss
    assert_eq!(
        (metric(&*t, "after_win"), metric(&*t, "lose_shift")),
        (0.0, 1.0)
    );
}

#[test]
fn volatile_blocks_follow_the_schedule() {
    let mut rng = Rng::new(4, Stream::Task);
    for (order, full) in [("stable_first", true), ("volatile_first", false)] {
        let mut t = task(&format!(
            r#"{{"kind": "volatile", "order": "{order}", "full_feedback": {full},
                "stable_trials": 2000, "volatile_trials": 2000}}"#
        ));
        let mut swaps = Vec::new();
        let (mut better_correct, mut n_stable, mut since) = (0.0, 0.0, 0);
        for i in 0..4000 {
            let better = t.best_action().expect("better");
            let r = trial(&mut *t, &mut rng, |_, _| better)[0].reward;
            let volatile = metric(&*t, "volatile") == 1.0;
            let expect_volatile = (order == "stable_first") == (i >= 2000);
            assert_eq!(volatile, expect_volatile, "{order} trial {i}");
            if full {
                assert_eq!(
                    r + metric(&*t, "other_reward"),
                    1.0,
                    "exactly one option correct"
                );
            }
            if !volatile {
                better_correct += r;
                n_stable += 1.0;
            }
            since += 1;
            if metric(&*t, "swap") == 1.0 {
                swaps.push(since - 1);
                since = 1;
            }
        }
        assert!((better_correct / n_stable - 0.75).abs() < 0.025);
        // Whole periods between swaps lie in [30, 40].
        assert!(swaps.len() > 40, "{order}: {} swaps", swaps.len());
        assert!(
            swaps[1..].iter().all(|p| (30..=40).contains(p)),
            "{swaps:?}"
        );
    }
}

#[test]
fn restless_payoffs_stay_in_bounds_and_walks_have_daw_statistics() {
    let mut rng = Rng::new(5, Stream::Task);
    let mut t = task(r#"{"kind": "restless"}"#);
    let mut sum = 0.0;
    let n = 50_000;
    for i in 0..n {
        let r = trial(&mut *t, &mut rng, |_, _| i % 4)[0].reward;
        let points = metric(&*t, "points");
        assert!(
            (1.0..=100.0).contains(&points) && points.fract() == 0.0,
            "{points}"
        );
        assert!((r - points * 0.01).abs() < 1e-12);
        sum += points;
    }
    // The walk is pulled to θ = 50.
    assert!(
        (sum / n as f64 - 50.0).abs() < 3.0,
        "mean payoff {}",
        sum / n as f64
    );
}

#[test]
fn two_step_transitions_and_drifting_probabilities() {
    let mut rng = Rng::new(6, Stream::Task);
    let mut t = modulab::tasks::TwoStep::new(&Default::default());
    let (mut common, n) = (0.0, 20_000);
    let mut lo = 1.0f64;
    let mut hi = 0.0f64;
    let mut paid = [0.0; 4];
    let mut tried = [0.0; 4];
    for i in 0..n {
        let p = t.reward_probabilities();
        let first = i % 2;
        let second = (i / 2) % 2;
        let steps = trial(&mut t, &mut rng, |_, k| if k == 0 { first } else { second });
        assert_eq!(steps.len(), 2);
        let state2 = metric(&t, "state2") as usize;
        let c = metric(&t, "common") == 1.0;
        assert_eq!(
            state2 == 1 + first,
            c,
            "common transition goes to the action's state"
        );
        common += f64::from(u8::from(c));
        let k = 2 * (state2 - 1) + second;
        paid[k] += steps[1].reward - p[k];
        tried[k] += 1.0;
        for q in t.reward_probabilities() {
            lo = lo.min(q);
            hi = hi.max(q);
        }
    }
    assert!((common / n as f64 - 0.7).abs() < 0.01);
    assert!(
        lo >= 0.25 && hi <= 0.75,
        "walk left [0.25, 0.75]: {lo} {hi}"
    );
    assert!(hi - lo > 0.4, "walks do not move: {lo} {hi}");
    for k in 0..4 {
        // Rewards match the probability in force when they were drawn.
        assert!((paid[k] / tried[k]).abs() < 0.02, "option {k}");
    }
}

/// Conditioning: which features are on at each step of a trial.
fn trial_features(t: &mut dyn Task, rng: &mut Rng) -> (Vec<Vec<f64>>, Vec<Step>) {
    t.start_trial(rng);
    let (mut xs, mut steps) = (Vec::new(), Vec::new());
    loop {
        xs.push(t.features().to_vec());
        let s = t.act(0, rng);
        steps.push(s);
        if s.end_of_trial {
            return (xs, steps);
        }
    }
}

#[test]
fn conditioning_blocking_design_presents_the_configured_cues_and_us() {
    let mut rng = Rng::new(7, Stream::Task);
    let mut t = task(
        r#"{"kind": "conditioning", "salience": [1, 0.5],
            "phases": [{"cues": [0], "p_reward": 1, "trials": 3},
                       {"cues": [0, 1], "p_reward": 1, "trials": 3},
                       {"cues": [1], "p_reward": 0, "trials": 2}]}"#,
    );
    assert_eq!(t.n_features(), 2 * 20);
    assert_eq!(t.steps_per_trial(), 60);
    assert_eq!(t.n_actions(), 1);
    let expected: [&[usize]; 8] = [&[0], &[0], &[0], &[0, 1], &[0, 1], &[0, 1], &[1], &[1]];
    for (i, cues) in expected.iter().enumerate() {
        let (xs, steps) = trial_features(&mut *t, &mut rng);
        assert_eq!(xs.len(), 60);
        for (k, x) in xs.iter().enumerate() {
            for cue in 0..2 {
                let block = &x[cue * 20..(cue + 1) * 20];
                let on = cues.contains(&cue) && k >= 40;
                for (j, v) in block.iter().enumerate() {
                    let want = if on && j == k - 40 {
                        [1.0, 0.5][cue]
                    } else {
                        0.0
                    };
                    assert_eq!(*v, want, "trial {i} step {k} cue {cue} element {j}");
                }
            }
        }
        // The US comes with the transition into step 54 (1-based): act 53.
        let rewarded: Vec<usize> = (0..60).filter(|k| steps[*k].reward != 0.0).collect();
        assert_eq!(rewarded, if i < 6 { vec![52] } else { vec![] }, "trial {i}");
        assert_eq!(metric(&*t, "phase"), [0., 0., 0., 1., 1., 1., 2., 2.][i]);
        assert_eq!(t.event_steps(), &[39, 52]);
    }
}

#[test]
fn conditioning_partial_reinforcement_probes_and_alternation() {
    let mut rng = Rng::new(8, Stream::Task);
    let mut t = task(
        r#"{"kind": "conditioning", "salience": [1, 1],
            "phases": [{"cues": [0], "p_reward": 0.3, "trials": 20000},
                       {"cues": [0], "p_reward": 1, "trials": 30, "omit_every": 15},
                       {"cues": [0], "p_reward": 1, "alt_cues": [0, 1], "alt_p_reward": 0, "trials": 10}]}"#,
    );
    let mut paid = 0.0;
    for _ in 0..20_000 {
        let (_, steps) = trial_features(&mut *t, &mut rng);
        paid += steps.iter().map(|s| s.reward).sum::<f64>();
    }
    assert!(
        (paid / 20_000.0 - 0.3).abs() < 0.01,
        "partial reinforcement {paid}"
    );
    for i in 0..30 {
        let (_, steps) = trial_features(&mut *t, &mut rng);
        let r: f64 = steps.iter().map(|s| s.reward).sum();
        let probe = (i + 1) % 15 == 0;
        assert_eq!(metric(&*t, "probe"), f64::from(u8::from(probe)));
        assert_eq!(r, if probe { 0.0 } else { 1.0 }, "probe trial {i}");
    }
    for i in 0..10 {
        let (xs, steps) = trial_features(&mut *t, &mut rng);
        let alt = i % 2 == 1;
        assert_eq!(metric(&*t, "alternate"), f64::from(u8::from(alt)));
        assert_eq!(
            xs[40][20],
            if alt { 1.0 } else { 0.0 },
            "X present on alternate trials"
        );
        let r: f64 = steps.iter().map(|s| s.reward).sum();
        assert_eq!(r, if alt { 0.0 } else { 1.0 });
    }
}

#[test]
fn delay_choice_pays_after_the_configured_delays_with_forced_trials() {
    let mut rng = Rng::new(9, Stream::Task);
    let mut t = task(
        r#"{"kind": "delay", "mode": "choice", "small_delay": 2, "large_delay": 5, "forced_every": 4}"#,
    );
    for i in 1..=40 {
        let a = i % 3 % 2;
        let steps = trial(&mut *t, &mut rng, |_, _| a);
        let forced = i % 4 == 0;
        let option = if forced { (i / 4) % 2 } else { a };
        assert_eq!(metric(&*t, "forced"), f64::from(u8::from(forced)));
        assert_eq!(metric(&*t, "chose_large"), option as f64);
        let (len, r) = if option == 1 { (6, 4.0) } else { (3, 1.0) };
        assert_eq!(steps.len(), len, "trial {i}");
        assert_eq!(steps.last().map(|s| s.reward), Some(r));
        assert!(steps[..len - 1].iter().all(|s| s.reward == 0.0));
    }
}

#[test]
fn delay_waiting_draws_delays_and_omissions_as_configured() {
    let mut rng = Rng::new(10, Stream::Task);
    let mut t = task(
        r#"{"kind": "delay", "mode": "waiting", "p_reward": 0.75, "delays": [3, 6, 9], "max_steps": 20}"#,
    );
    let mut counts = std::collections::BTreeMap::new();
    let n = 20_000;
    for _ in 0..n {
        let steps = trial(&mut *t, &mut rng, |_, _| 0); // always wait
        let key = if steps.last().map(|s| s.reward) == Some(1.0) {
            steps.len()
        } else {
            0
        };
        assert_eq!(metric(&*t, "omission"), f64::from(u8::from(key == 0)));
        assert_eq!(metric(&*t, "waited"), steps.len() as f64);
        *counts.entry(key).or_insert(0.0) += 1.0 / n as f64;
    }
    assert_eq!(counts.keys().copied().collect::<Vec<_>>(), vec![0, 3, 6, 9]);
    assert!((counts[&0] - 0.25).abs() < 0.01, "{counts:?}");
    for d in [3, 6, 9] {
        assert!((counts[&d] - 0.25).abs() < 0.01, "{counts:?}");
    }
    // Leaving ends the trial unrewarded at once.
    let steps = trial(&mut *t, &mut rng, |_, k| usize::from(k == 1));
    assert_eq!(steps.len(), 2);
    assert_eq!((metric(&*t, "left"), metric(&*t, "waited")), (1.0, 1.0));
}

#[test]
fn corridor_reward_is_several_steps_away() {
    let mut rng = Rng::new(11, Stream::Task);
    let mut t = task(r#"{"kind": "delay", "mode": "corridor", "length": 5, "p_reward": 1}"#);
    let steps = trial(&mut *t, &mut rng, |_, _| 0);
    assert_eq!(steps.len(), 6);
    assert_eq!(steps[5].reward, 1.0);
    assert_eq!(metric(&*t, "goal"), 1.0);
    // Always stepping back never arrives: the trial ends at max_steps.
    let steps = trial(&mut *t, &mut rng, |_, _| 1);
    assert_eq!(steps.len(), 20);
    assert_eq!(metric(&*t, "reached"), 0.0);
}

#[test]
fn attention_context_persists_validity_holds_and_shifts_obey_dimensions() {
    for shift in ["any", "intra", "extra"] {
        let mut rng = Rng::new(12, Stream::Task);
        let mut t = task(&format!(
            r#"{{"kind": "attention", "cues": 6, "dimensions": 2, "shift": "{shift}", "persistence": 0.95}}"#
        ));
        let (mut switches, mut valid_minus_validity, n) = (0.0, 0.0, 50_000);
        let mut last_context = None;
        for _ in 0..n {
            let a = t.best_action().map(|_| 0).unwrap_or(0);
            trial(&mut *t, &mut rng, |_, _| a);
            let context = metric(&*t, "context") as usize;
            let switched = metric(&*t, "switch") == 1.0;
            if let Some(last) = last_context {
                assert_eq!(switched, context != last);
                if switched {
                    let same_dim = context / 3 == last / 3;
                    match shift {
                        "intra" => assert!(same_dim, "intra shift left the dimension"),
                        "extra" => assert!(!same_dim, "extra shift stayed in the dimension"),
                        _ => {}
                    }
                }
            }
            last_context = Some(context);
            switches += f64::from(u8::from(switched));
            valid_minus_validity += metric(&*t, "cue_valid") - metric(&*t, "validity");
            let v = metric(&*t, "validity");
            assert!((0.6..=0.99).contains(&v));
        }
        assert!(
            (switches / n as f64 - 0.05).abs() < 0.005,
            "{shift}: switch rate"
        );
        assert!(
            (valid_minus_validity / n as f64).abs() < 0.01,
            "{shift}: validity"
        );
    }
}

#[test]
fn switching_alternates_tasks_in_blocks_with_conflicting_answers() {
    let mut rng = Rng::new(13, Stream::Task);
    for (features, n) in [("shared", 4), ("shared_with_cue", 6), ("separate", 8)] {
        let mut t = task(&format!(
            r#"{{"kind": "switching", "features": "{features}"}}"#
        ));
        assert_eq!(t.n_features(), n);
        for i in 0..400 {
            trial(&mut *t, &mut rng, |_, _| 0);
            assert_eq!(metric(&*t, "task"), ((i / 50) % 2) as f64);
            assert_eq!(
                metric(&*t, "switch"),
                f64::from(u8::from(i > 0 && i % 50 == 0))
            );
        }
    }
    // The same stimulus has opposite answers in the two tasks.
    let mut t = task(r#"{"kind": "switching", "stimuli": 1, "block_trials": 1}"#);
    let mut answers = Vec::new();
    for _ in 0..2 {
        t.start_trial(&mut rng);
        answers.push(t.best_action());
        t.act(0, &mut rng);
    }
    assert_eq!(answers, vec![Some(0), Some(1)]);
}

#[test]
fn experiment_records_task_metrics_and_event_dopamine() {
    let exp =
        Experiment::from_json(r#"{"task": {"kind": "conditioning"}, "seeds": 1}"#).expect("valid");
    let m = exp.metrics();
    for name in [
        "reward",
        "correct",
        "phase",
        "probe",
        "dopamine_cs",
        "dopamine_us",
        "dopamine",
    ] {
        assert!(m.contains(&name), "{name} missing from {m:?}");
    }
}

/// Reward/punishment reversal (Cools et al. 2009): outcomes follow the
/// stimulus whatever is predicted, stimuli are shown equally often, a
/// reversal follows `criterion_min`..=`criterion_max` correct predictions,
/// its trial shows the stimulus whose outcome is now unexpected (reward or
/// punishment, alternating), and the following `window` trials are flagged.
#[test]
fn reward_punishment_reversals_are_signalled_by_unexpected_outcomes() {
    let mut t = task(
        r#"{"kind": "reward_punishment", "criterion_min": 3, "criterion_max": 6, "window": 2}"#,
    );
    assert_eq!((t.n_features(), t.n_actions()), (1, 2));
    let mut rng = Rng::new(3, Stream::Task);
    let (mut rewarded, mut shown_a, mut run) = (0usize, 0, 0u32);
    let (mut by_reward, mut by_punishment, mut flagged) = (0u32, 0u32, [0u32; 2]);
    let mut last_signal = 0.0;
    let mut scoring = 0;
    for n in 0..4000 {
        // An ideal predictor: correct every trial except the reversal trial.
        let steps = trial(t.as_mut(), &mut rng, |t, _| t.best_action().unwrap_or(0));
        let stim = metric(t.as_ref(), "stimulus") as usize;
        let outcome = metric(t.as_ref(), "outcome");
        let reversal = metric(t.as_ref(), "reversal");
        assert_eq!(steps[0].reward, outcome);
        assert_eq!(t.features()[0], if stim == 0 { 1.0 } else { -1.0 });
        assert_eq!(t.taught_action(1), 0, "outcomes teach the stimulus value");
        shown_a += usize::from(stim == 0);
        let after = [
            metric(t.as_ref(), "after_reward"),
            metric(t.as_ref(), "after_punishment"),
        ];
        if reversal != 0.0 {
            assert!(
                (3..=6).contains(&run),
                "trial {n}: reversal after {run} correct"
            );
            // The contingency flipped and the outcome is the unexpected one.
            let was_rewarded = stim == rewarded;
            assert_eq!(outcome, if was_rewarded { -1.0 } else { 1.0 });
            assert_eq!(outcome, reversal, "the signal names the unexpected outcome");
            let k = by_reward + by_punishment;
            let expected = if matches!(k % 4, 0 | 3) { 1.0 } else { -1.0 };
            assert_eq!(reversal, expected, "signals run R, P, P, R");
            last_signal = reversal;
            rewarded = 1 - rewarded;
            if reversal > 0.0 {
                by_reward += 1
            } else {
                by_punishment += 1
            }
            run = 0;
            scoring = 2;
            assert_eq!(after, [0.0, 0.0]);
        } else {
            assert_eq!(outcome, if stim == rewarded { 1.0 } else { -1.0 });
            let expect = if scoring > 0 {
                scoring -= 1;
                if last_signal > 0.0 {
                    [1.0, 0.0]
                } else {
                    [0.0, 1.0]
                }
            } else {
                [0.0, 0.0]
            };
            assert_eq!(after, expect, "trial {n}");
            flagged[0] += after[0] as u32;
            flagged[1] += after[1] as u32;
            run += 1;
        }
    }
    let share = shown_a as f64 / 4000.0;
    println!("reward_punishment: A shown {share:.3}; reversals by reward {by_reward}, by punishment {by_punishment}; flagged {flagged:?}");
    assert!((share - 0.5).abs() < 0.03);
    assert!(by_reward >= 300 && by_reward.abs_diff(by_punishment) <= 1);
    // Every reversal flags the next two trials (the last may be cut short).
    assert!(flagged[0] + 2 >= 2 * by_reward && flagged[0] <= 2 * by_reward);
    assert!(flagged[1] + 2 >= 2 * by_punishment && flagged[1] <= 2 * by_punishment);
    let sep =
        task(r#"{"kind": "reward_punishment", "coding": "separate", "signal": "punishment"}"#);
    assert_eq!(sep.n_features(), 2);
}

#[test]
fn bad_parameters_are_refused_naming_the_field() {
    let cases = [
        (
            r#"{"kind": "reversal", "trials": -5}"#,
            "task.trials: must be a whole number within [1, 10000000], got -5",
        ),
        (
            r#"{"kind": "reversal", "p_good": 1.3}"#,
            "task.p_good: must be within [0, 1], got 1.3",
        ),
        (
            r#"{"kind": "reversal", "period": 0}"#,
            "task.period: must be a whole number within [1, 10000000], got 0",
        ),
        (
            r#"{"kind": "reversal", "p_good": 0.2, "p_bad": 0.8}"#,
            "task.p_good: must be greater than p_bad (0.8), got 0.2",
        ),
        // Fields that would change nothing are refused.
        (
            r#"{"kind": "conditioning", "phases": [{"cues": [0], "alt_p_reward": 0.5}]}"#,
            "task.phases[0].alt_p_reward: is the US probability of the alternate trials, and this phase has none",
        ),
        (
            r#"{"kind": "conditioning", "phases": [{"cues": [0], "criterion": 0.3}]}"#,
            "task.phases[0].criterion: applies only to a phase that ends on a criterion",
        ),
        (
            r#"{"kind": "conditioning", "phases": [{"cues": [0], "criterion_run": 3}]}"#,
            "task.phases[0].criterion_run: applies only to a phase that ends on a criterion",
        ),
        (
            r#"{"kind": "reversal", "mode": "criterion", "period": 20}"#,
            "task.period: is read only when mode is \"fixed\" (it is \"criterion\"), so this value would change nothing: remove it, or set mode",
        ),
        (
            r#"{"kind": "reversal", "mode": "sometimes"}"#,
            "task.mode: must be one of fixed, criterion",
        ),
        (
            r#"{"kind": "restless", "arms": 17}"#,
            "task.arms: must be a whole number within [2, 16], got 17",
        ),
        (
            r#"{"kind": "bandit", "payoff": "gaussian", "sd": -1}"#,
            "task.sd: must be within [0, 10], got -1",
        ),
        (
            r#"{"kind": "volatile", "period_min": 50, "period_max": 40}"#,
            "task.period_max: must be at least period_min (50), got 40",
        ),
        (
            r#"{"kind": "conditioning", "phases": [{"p_reward": 1.5}]}"#,
            "task.phases[0].p_reward: must be within [0, 1], got 1.5",
        ),
        (
            r#"{"kind": "conditioning", "phases": [{"cues": [0]}, {"cues": [1]}]}"#,
            "task.phases[1].cues[0]: must be a cue index",
        ),
        (
            r#"{"kind": "conditioning", "phases": [{"typo": 1}]}"#,
            "task.phases[0].typo: unknown field",
        ),
        (
            r#"{"kind": "conditioning", "us_step": 30}"#,
            "task.us_step: must be after cs_step (41)",
        ),
        (
            r#"{"kind": "conditioning", "phases": []}"#,
            "task.phases: must have between 1 and 64 entries, got 0",
        ),
        (
            r#"{"kind": "delay", "mode": "waiting", "delays": [2.5]}"#,
            "task.delays[0]: must be a whole number of steps, got 2.5",
        ),
        (
            r#"{"kind": "delay", "mode": "waiting", "delays": [30]}"#,
            "task.delays[0]: must be at most max_steps (20), got 30",
        ),
        (
            r#"{"kind": "attention", "cues": 5, "dimensions": 2, "shift": "intra"}"#,
            "task.dimensions: must divide cues (5) evenly, got 2",
        ),
        (
            r#"{"kind": "attention", "validity_min": 0.9, "validity_max": 0.6}"#,
            "task.validity_max: must be at least validity_min (0.9), got 0.6",
        ),
        (
            r#"{"kind": "two_step", "common_prob": -0.1}"#,
            "task.common_prob: must be within [0, 1], got -0.1",
        ),
        (
            r#"{"kind": "reward_punishment", "criterion_min": 9, "criterion_max": 5}"#,
            "task.criterion_max: must be at least criterion_min (9), got 5",
        ),
        (
            r#"{"kind": "reward_punishment", "signal": "both"}"#,
            "task.signal: must be one of alternate, random, reward, punishment",
        ),
        (
            r#"{"kind": "reward_punishment", "window": 0}"#,
            "task.window: must be a whole number within [1, 1000], got 0",
        ),
        (
            r#"{"kind": "reward_punishment", "coding": "onehot"}"#,
            "task.coding: must be one of opponent, separate",
        ),
        (
            r#"{"kind": "switching", "tasks": 1}"#,
            "task.tasks: must be a whole number within [2, 16], got 1",
        ),
    ];
    for (json, want) in cases {
        let e = error_of(json);
        assert!(e.starts_with(want), "{json}\n  got:  {e}\n  want: {want}");
    }
}

/// docs/tasks.md stays in step with the code: every field of every kind is in
/// its kind's table, and every design's phase list is a valid scenario.
#[test]
fn docs_name_every_field_and_their_designs_run() {
    let doc = include_str!("../docs/tasks.md");
    for d in descriptions() {
        let start = doc
            .find(&format!("### `{}`", d.kind))
            .unwrap_or_else(|| panic!("no section for {}", d.kind));
        let section = &doc[start..];
        let end = section[4..].find("\n### ").map_or(section.len(), |e| e + 4);
        for f in d.fields {
            let row = section[..end]
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", f.name)));
            let Some(row) = row else {
                panic!("{}.{} is not documented", d.kind, f.name);
            };
            // A field read only in some modes says when.
            for g in f.read_when {
                assert!(
                    row.contains("Read only when") && row.contains(&format!("`{}`", g.field)),
                    "{}.{}: its row does not say it is read only when {} is {:?}",
                    d.kind,
                    f.name,
                    g.field,
                    g.is
                );
            }
        }
    }
    let mut designs = 0;
    for line in doc.lines().filter(|l| l.contains("`[{\"cues\"")) {
        let phases = line
            .split('`')
            .find(|p| p.starts_with("[{\"cues\""))
            .expect("phases in backquotes");
        let text = format!(
            r#"{{"task": {{"kind": "conditioning", "salience": [1, 1, 1], "phases": {phases}}}, "seeds": 1}}"#
        );
        let mut exp = Experiment::from_json(&text).unwrap_or_else(|e| panic!("{phases}: {e}"));
        exp.run_to_end();
        designs += 1;
    }
    assert!(designs >= 7, "only {designs} designs found");
}

/// The CLI validates and runs every preset (`modulab validate`, `modulab run`).
#[test]
fn cli_validates_and_runs_every_preset() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/scenarios");
    let mut presets: Vec<_> = std::fs::read_dir(dir)
        .expect("presets")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    presets.sort();
    assert!(presets.len() >= TASK_KINDS.len(), "a preset per kind");
    for kind in TASK_KINDS {
        assert!(
            presets.iter().any(|p| p.ends_with(format!("{kind}.json"))),
            "no preset {kind}.json"
        );
    }
    let exe = env!("CARGO_BIN_EXE_modulab");
    let out = std::process::Command::new(exe)
        .arg("validate")
        .args(&presets)
        .output()
        .expect("modulab runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::env::temp_dir().join(format!("modulab-tasks-{}.csv", std::process::id()));
    for p in &presets {
        let out = std::process::Command::new(exe)
            .arg("run")
            .arg(p)
            .arg("--out")
            .arg(&csv)
            .output()
            .expect("modulab runs");
        assert!(
            out.status.success(),
            "{p:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&csv).expect("csv written");
        assert!(text.lines().count() > 1, "{p:?}: empty CSV");
    }
    let _ = std::fs::remove_file(&csv);
}

/// Every task writes its row by named slot: each slot enum's variants are,
/// in order, the rows of the table it writes (issue 13: no positional rows).
#[test]
fn every_task_slot_names_its_row() {
    use modulab::metric::check_slots;
    use modulab::tasks::*;
    macro_rules! slots {
        ($($slot:path => $table:path),* $(,)?) => {
            $({
                let v: Vec<&str> = <$slot>::ALL.iter().map(|s| s.variant()).collect();
                assert_eq!(check_slots(&v, $table), Ok(()), "{}", stringify!($slot));
            })*
        };
    }
    slots! {
        attention::Slot => attention::METRICS,
        conditioning::Slot => conditioning::METRICS,
        conditioning::Event => conditioning::EVENTS,
        delay::ChoiceSlot => delay::CHOICE_METRICS,
        delay::WaitingSlot => delay::WAITING_METRICS,
        delay::CorridorSlot => delay::CORRIDOR_METRICS,
        restless::Slot => restless::METRICS,
        reversal::Slot => reversal::METRICS,
        reward_punishment::Slot => reward_punishment::METRICS,
        selection::Slot => selection::METRICS,
        switching::Slot => switching::METRICS,
        two_step::Slot => two_step::METRICS,
        volatile::Slot => volatile::METRICS,
    }
}

/// Found by the CLI audit: a corridor at least `max_steps` long was
/// accepted though no trial can reach its junction (each of the `length`
/// forward steps counts towards `max_steps`), so every trial ended
/// unrewarded with `reached` 0, silently; the waiting mode already refuses
/// a delay past `max_steps`.
#[test]
fn a_corridor_must_fit_in_a_trial() {
    let e = modulab::scenario::Scenario::from_json(
        r#"{"task": {"kind": "delay", "mode": "corridor", "length": 5, "max_steps": 5}}"#,
    )
    .expect_err("the junction cannot be reached");
    assert_eq!(
        e.to_string(),
        "task.length: must be less than max_steps (5), so the junction can be reached, got 5"
    );
    // The length is read in corridor mode only.
    assert!(modulab::scenario::Scenario::from_json(
        r#"{"task": {"kind": "delay", "mode": "waiting", "length": 5, "max_steps": 5, "delays": [3]}}"#
    )
    .is_ok());
    let mut exp = modulab::experiment::Experiment::from_json(
        r#"{"task": {"kind": "delay", "mode": "corridor", "length": 4, "max_steps": 5, "trials": 200},
            "seeds": 1, "model": {"discount": 0.9}}"#,
    )
    .expect("the longest corridor that fits");
    exp.run_to_end();
}

#[test]
fn work_counts_a_spiking_task_at_its_networks_cost() {
    // A rate task's trial is one unit: its work is its trials.
    let reversal = Scenario::from_json(
        r#"{"task": {"kind": "reversal", "trials": 500}, "seeds": 20,
        "conditions": [{"label": "a"}, {"label": "b"}]}"#,
    )
    .expect("valid");
    assert_eq!(reversal.total_trials(), 20_000.0);
    assert_eq!(reversal.total_work(), 20_000.0);
    // Picking the distal-reward task with 20 seeds (an hour of model time
    // per seed of the 1,000-neuron network) is far over the page's budget,
    // though its bins are few, and a bigger network costs more.
    let distal = |extra: &str| {
        Scenario::from_json(&format!(
            r#"{{"task": {{"kind": "distal_reward"{extra}}}, "seeds": 20, "conditions": [{{"label": "a"}}]}}"#
        ))
        .expect("valid")
    };
    let (trials, work) = (AUTO_RUN_TRIALS as f64, AUTO_RUN_WORK as f64);
    let d = distal("");
    assert!(d.total_trials() <= trials, "{}", d.total_trials());
    assert!(d.total_work() > 10.0 * work, "{}", d.total_work());
    assert!(distal(r#", "neurons": 2000"#).total_work() > 1.9 * d.total_work());
    // Every shipped preset and exercise stays within both budgets, so each
    // opens running.
    let files = ["www/scenarios", "www/exercises"]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).expect("a folder of the page"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"));
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let s = Scenario::from_json(&text).expect("valid preset");
        let name = path.display();
        assert!(
            s.total_trials() <= trials,
            "{name}: {} trials",
            s.total_trials()
        );
        assert!(s.total_work() <= work, "{name}: work {}", s.total_work());
    }
}

/// The attention task's dimensions are read only by the intra and extra
/// shifts: with shift "any", five cues need no divisor of dimensions (the
/// rule once refused the default 2 against a field that changes nothing).
#[test]
fn attention_with_any_shift_needs_no_dimension_rule() {
    let mut exp = Experiment::from_json(
        r#"{"task": {"kind": "attention", "cues": 5, "trials": 20}, "seeds": 1}"#,
    )
    .expect("valid with shift any");
    exp.run_to_end();
    let e = Experiment::from_json(
        r#"{"task": {"kind": "attention", "cues": 5, "dimensions": 3}, "seeds": 1}"#,
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(
        e.contains("task.dimensions: is read only when shift is \"intra\" or \"extra\""),
        "{e}"
    );
}
