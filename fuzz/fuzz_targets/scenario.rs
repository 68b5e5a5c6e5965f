//! Any bytes as scenario text: parsing and validation never panic, a valid
//! scenario's own JSON is valid and the same scenario, and a short run of it
//! (seeds, conditions and trials capped here so each input stays fast)
//! records only finite values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use modulab::experiment::Experiment;
use modulab::scenario::{Scenario, TaskSpec};

/// Trials (or spiking bins) each run of a trial task makes.
const TRIALS: u32 = 24;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut scenario) = Scenario::from_json(text) else {
        return;
    };
    let again = Scenario::from_json(&scenario.to_json())
        .unwrap_or_else(|e| panic!("a valid scenario's own JSON is refused: {e}"));
    assert_eq!(again, scenario, "the JSON round trip changed the scenario");

    // Cap the run, keeping the scenario valid: the manipulations start
    // within the capped trials so that they are exercised.
    let spiking = matches!(scenario.task, TaskSpec::DistalReward(_));
    let (seeds, conditions, trials) = if spiking { (1, 1, 1) } else { (2, 3, TRIALS) };
    scenario.seeds = scenario.seeds.min(seeds);
    scenario.conditions.truncate(conditions);
    for c in &mut scenario.conditions {
        c.from_trial = c.from_trial.min(trials / 2 + 1);
    }
    if let Err(e) = scenario.validate() {
        panic!("capping made a valid scenario invalid: {e}");
    }
    let mut exp = Experiment::new(scenario);
    let runs = exp.runs().len() as u64;
    exp.step(runs * trials as u64);

    for run in exp.runs() {
        for (metric, series) in exp.metrics().iter().zip(&run.recording.series) {
            assert!(
                series.points().iter().all(|x| x.is_finite()),
                "{metric} is not finite: {:?}",
                series.points()
            );
        }
        for (trial, profile) in run.recording.dopamine_profiles.kept() {
            assert!(
                profile.iter().all(|x| x.is_finite()),
                "the dopamine profile of trial {trial} is not finite"
            );
        }
    }
    for c in 0..exp.scenario().conditions.len() {
        for m in 0..exp.metrics().len() {
            let band = exp.summary(c, m, 5);
            assert!(band.mean.iter().chain(&band.sem).all(|x| x.is_finite()));
        }
    }
    let _ = exp.write_csv(&mut std::io::sink());
});
