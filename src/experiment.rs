//! Runs a scenario's conditions over seeds, stepwise, into recordings.

use crate::circuit::{self, Circuit};
use crate::metric::{Group, Metric};
use crate::record::{self, Band, Digest, Recording};
use crate::rng::{Rng, Stream};
use crate::scenario::{Scenario, ScenarioError};
use crate::spiking::{self, ActorRun, NavigatorRun, Simulation};
use crate::tasks::{self, Criterion, Task};
use std::io::{self, Write};

crate::metric_slots! {
    /// The rows every trial task records first, before the task's own.
    pub enum TrialSlot in TASK_METRICS {
        Reward => Metric::new("reward", "reward per trial", "", Group::Behaviour),
        Correct => Metric::new("correct", "P(best choice)", "", Group::Behaviour).within(0.0, 1.0).lead(),
    }
}

/// The spiking actor's learning criterion: the bandit's (75 % best choices
/// over the last 10 trials).
pub const ACTOR_CRITERION: Criterion = Criterion {
    metric: "correct",
    threshold: 0.75,
    window: 10,
};

/// One condition on one seed: a task and a learner (or the spiking
/// network), and their recording.
pub struct Run {
    /// Index of the condition in the scenario.
    pub condition: usize,
    /// The seed.
    pub seed: u64,
    /// Built at the first trial (see [`Run::build`]): an experiment that
    /// only reads recordings (a results file, the page's copy of a
    /// worker's runs) never builds its circuits or networks.
    body: Option<Body>,
    trials_done: u32,
    row: Vec<f64>,
    /// Trials (or spiking bins) the run has in all.
    trials: u32,
    /// What has been recorded so far.
    pub recording: Recording,
}

/// What a run simulates: trials of a task with the rate circuit, or the
/// spiking network, one recorded "trial" per bin of model time.
enum Body {
    Trials(Box<TrialRun>),
    Spiking(Box<Simulation>),
    /// The bandit played by the spiking actor, trial by trial.
    Actor(Box<ActorRun>),
    /// The arena navigated by the spiking agent, trial by trial.
    Navigator(Box<NavigatorRun>),
}

/// A task and the rate-level circuit, trial by trial.
struct TrialRun {
    task: Box<dyn Task>,
    circuit: Circuit,
    task_rng: Rng,
    learner_rng: Rng,
    features: Vec<f64>,
    next_features: Vec<f64>,
    /// Dopamine at each step of the current trial (timed tasks only).
    profile: Vec<f64>,
    timed: bool,
}

impl Run {
    /// A run not yet built: its recording is empty and holds no room yet.
    fn new(scenario: &Scenario, condition: usize, seed: u64, n_metrics: usize) -> Self {
        Run {
            condition,
            seed,
            body: None,
            trials_done: 0,
            row: vec![0.0; n_metrics],
            trials: scenario.task.trials(),
            recording: Recording::new(n_metrics, record::DEFAULT_MAX_POINTS),
        }
    }

    /// Builds the task and learner (or network) before the first trial,
    /// and gives the recording room for the run's points, so that it never
    /// reallocates and copies its series as they fill. The scenario must
    /// be the one the run was made from.
    fn build(&mut self, scenario: &Scenario) {
        if self.body.is_some() {
            return;
        }
        let (condition, seed, n_metrics) = (self.condition, self.seed, self.row.len());
        let body = match tasks::build(&scenario.task) {
            tasks::Built::Trials(task) => {
                debug_assert_eq!(
                    n_metrics,
                    TASK_METRICS.len()
                        + task.metrics().len()
                        + task.events().len()
                        + circuit::metric_table(&scenario.model).len()
                );
                let circuit = Circuit::new(
                    &scenario.model,
                    &scenario.conditions[condition],
                    task.n_features(),
                    task.n_actions(),
                );
                let nf = task.n_features();
                let timed = task.steps_per_trial() > 1;
                Body::Trials(Box::new(TrialRun {
                    task,
                    circuit,
                    task_rng: Rng::new(seed, Stream::Task),
                    learner_rng: Rng::new(seed, Stream::Learner),
                    features: vec![0.0; nf],
                    next_features: vec![0.0; nf],
                    profile: Vec::new(),
                    timed,
                }))
            }
            tasks::Built::Spiking(spec) => Body::Spiking(Box::new(Simulation::new(
                spec,
                &scenario.conditions[condition],
                seed,
            ))),
            tasks::Built::Actor(spec) => Body::Actor(Box::new(ActorRun::new(
                spec,
                &scenario.conditions[condition],
                seed,
            ))),
            tasks::Built::Navigator(spec) => Body::Navigator(Box::new(NavigatorRun::new(
                spec,
                &scenario.conditions[condition],
                seed,
            ))),
        };
        self.body = Some(body);
        self.recording.reserve(self.trials.into());
    }

    /// The spiking simulation of this run, if it is one.
    pub fn spiking(&self) -> Option<&Simulation> {
        match self.body.as_ref()? {
            Body::Spiking(sim) => Some(sim),
            Body::Trials(_) | Body::Actor(_) | Body::Navigator(_) => None,
        }
    }

    /// Starts `condition` of a validated scenario on `seed`, to run on its
    /// own (the CLI streams runs one at a time, in parallel for sweeps). It
    /// gives the same numbers as the same run inside an [`Experiment`].
    pub fn start(scenario: &Scenario, condition: usize, seed: u64) -> Self {
        let n_metrics = metric_names(scenario).len();
        let mut run = Run::new(scenario, condition, seed, n_metrics);
        run.build(scenario);
        run
    }

    /// Runs the next trial, records it and returns its values (one per
    /// metric, in [`metric_names`] order); `None` once every trial is done.
    /// The values are the full-precision ones, before the recording's
    /// downsampling, so a caller can write every trial as it comes.
    pub fn next_trial(&mut self) -> Option<&[f64]> {
        if self.trials_done >= self.trials {
            return None;
        }
        self.trial();
        Some(&self.row)
    }

    /// Trials completed so far.
    pub fn trials_done(&self) -> u32 {
        self.trials_done
    }

    /// The task's learning criterion, if it reports one.
    pub fn criterion(&self) -> Option<Criterion> {
        match self.body.as_ref()? {
            Body::Trials(run) => run.task.criterion(),
            Body::Actor(_) => Some(ACTOR_CRITERION),
            Body::Spiking(_) | Body::Navigator(_) => None,
        }
    }

    /// Runs one whole trial (or one bin of spiking model time) and records it.
    fn trial(&mut self) {
        // Built by Run::start and before Experiment::step's first trial.
        debug_assert!(self.body.is_some(), "a run steps only once built");
        let Some(body) = &mut self.body else {
            return;
        };
        match body {
            Body::Trials(run) => run.trial(&mut self.row, &mut self.recording, self.trials_done),
            Body::Spiking(sim) => {
                sim.run_bin(&mut self.row);
                self.recording.push(&self.row);
            }
            Body::Actor(actor) => {
                let outcome = actor.trial(&mut self.row[TASK_METRICS.len()..]);
                self.row[..][TrialSlot::Reward] = outcome.reward;
                self.row[..][TrialSlot::Correct] = f64::from(u8::from(outcome.correct));
                self.recording.push(&self.row);
            }
            Body::Navigator(agent) => {
                let outcome = agent.trial(&mut self.row[TASK_METRICS.len()..]);
                self.row[..][TrialSlot::Reward] = outcome.reward;
                // Found within the time limit.
                self.row[..][TrialSlot::Correct] = outcome.reward;
                self.recording.push(&self.row);
            }
        }
        self.trials_done += 1;
    }
}

impl TrialRun {
    /// Runs one whole trial and records it; `done` trials came before.
    fn trial(&mut self, row: &mut [f64], recording: &mut Recording, done: u32) {
        let task = &mut self.task;
        task.start_trial(&mut self.task_rng);
        self.circuit.begin_trial(&mut self.learner_rng);
        self.circuit.set_cues(task.cue_directions());
        self.features.copy_from_slice(task.features());
        let mut action =
            self.circuit
                .choose(&self.features, task.available(), &mut self.learner_rng);
        let feedback = task.feedback();
        // The trial's first choice is the one scored as correct or not.
        let correct = task
            .best_action()
            .map_or(0.0, |b| f64::from(u8::from(b == action)));
        let mut total_reward = 0.0;
        self.profile.clear();
        loop {
            let step = task.act(action, &mut self.task_rng);
            total_reward += step.reward;
            if step.end_of_trial {
                if feedback {
                    self.circuit.learn(
                        &self.features,
                        task.taught_action(action),
                        step.reward,
                        None,
                        &mut self.learner_rng,
                    );
                    if let Some(cf) = task.counterfactual() {
                        self.circuit
                            .learn_counterfactual(&self.features, cf.action, cf.reward);
                    }
                }
            } else {
                self.next_features.copy_from_slice(task.features());
                let next = self.circuit.choose(
                    &self.next_features,
                    task.available(),
                    &mut self.learner_rng,
                );
                let next_state = Some((self.next_features.as_slice(), next));
                self.circuit.learn(
                    &self.features,
                    action,
                    step.reward,
                    next_state,
                    &mut self.learner_rng,
                );
                std::mem::swap(&mut self.features, &mut self.next_features);
                action = next;
            }
            if self.timed {
                self.profile.push(self.circuit.dopamine().phasic);
            }
            if step.end_of_trial {
                break;
            }
        }
        self.circuit.end_trial();
        row[TrialSlot::Reward] = total_reward;
        row[TrialSlot::Correct] = correct;
        let n_task = task.metrics().len();
        let (task_part, rest) = row[TASK_METRICS.len()..].split_at_mut(n_task);
        task.trial_metrics(task_part);
        // Dopamine at the task's named event steps (e.g. cue and reward onset).
        let (event_part, circuit_part) = rest.split_at_mut(task.events().len());
        for (out, step) in event_part.iter_mut().zip(task.event_steps()) {
            *out = self.profile.get(*step).copied().unwrap_or(0.0);
        }
        task.observe_events(event_part);
        self.circuit.trial_metrics(circuit_part);
        recording.push(row);
        if self.timed {
            recording.dopamine_profiles.offer(done + 1, &self.profile);
        }
    }
}

/// The metrics a scenario records, in order: `reward`, `correct`, the
/// task's own metrics and events, then the circuit's; or the spiking
/// network's. Each comes from the table declared beside its recorder.
pub fn metric_table(scenario: &Scenario) -> Vec<Metric> {
    // A trial task's own metrics and events sit between the common ones and
    // the circuit's; the spiking network records its own.
    match tasks::build(&scenario.task) {
        tasks::Built::Spiking(_) => spiking::METRICS.to_vec(),
        tasks::Built::Actor(_) => TASK_METRICS
            .iter()
            .chain(spiking::ACTOR_METRICS)
            .copied()
            .collect(),
        tasks::Built::Navigator(_) => TASK_METRICS
            .iter()
            .chain(spiking::NAVIGATOR_METRICS)
            .copied()
            .collect(),
        tasks::Built::Trials(task) => TASK_METRICS
            .iter()
            .chain(task.metrics())
            .chain(task.events())
            .copied()
            .chain(circuit::metric_table(&scenario.model))
            .collect(),
    }
}

/// The metric that says how a scenario's task went (the CLI's run summary
/// reports its final value): the trial task's [`Task::headline`]; for the
/// spiking actor, `correct`; for the navigating agent, `latency`; for the spiking network, the weight of the rewarded synapse (instrumental) or the
/// response to S1 (pavlovian).
pub fn headline(scenario: &Scenario) -> Metric {
    let name = match tasks::build(&scenario.task) {
        tasks::Built::Spiking(spec) => match spec.protocol {
            tasks::distal_reward::Protocol::Instrumental => "rewarded_weight",
            tasks::distal_reward::Protocol::Pavlovian => "s1_response",
        },
        tasks::Built::Trials(task) => task.headline(),
        tasks::Built::Actor(_) => "correct",
        tasks::Built::Navigator(_) => "latency",
    };
    let table = metric_table(scenario);
    *crate::metric::find(&table, name)
        .unwrap_or_else(|| panic!("the headline {name:?} is not in the task's metric table"))
}

/// Names of the metrics a scenario records, in [`metric_table`] order.
pub fn metric_names(scenario: &Scenario) -> Vec<&'static str> {
    metric_table(scenario).iter().map(|m| m.name).collect()
}

/// A running experiment: every (condition, seed) run of a scenario.
pub struct Experiment {
    scenario: Scenario,
    table: Vec<Metric>,
    metrics: Vec<&'static str>,
    runs: Vec<Run>,
    trials: u32,
}

impl Experiment {
    /// Makes every run of a validated scenario; each builds its task and
    /// learner (or network) at its first step, or at [`Experiment::build`].
    pub fn new(scenario: Scenario) -> Self {
        let table = metric_table(&scenario);
        let metrics: Vec<&'static str> = table.iter().map(|m| m.name).collect();
        let mut runs = Vec::new();
        for c in 0..scenario.conditions.len() {
            for seed in scenario.seed_list() {
                runs.push(Run::new(&scenario, c, seed, metrics.len()));
            }
        }
        let trials = scenario.task.trials();
        Experiment {
            scenario,
            table,
            metrics,
            runs,
            trials,
        }
    }

    /// Parses, validates and builds in one call.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        Ok(Experiment::new(Scenario::from_json(text)?))
    }

    /// Builds every run's task and learner (or network) now, as its first
    /// step would: a benchmark then times trials, not construction.
    pub fn build(&mut self) {
        for run in &mut self.runs {
            run.build(&self.scenario);
        }
    }

    /// Advances every run by the same number of trials, at most `budget`
    /// trials in all (at least one trial per run); returns trials run.
    /// Stepping in chunks keeps the page responsive and the runs in step.
    pub fn step(&mut self, budget: u64) -> u64 {
        let n_runs = self.runs.len() as u64;
        let per_run = (budget / n_runs.max(1)).max(1);
        let mut done = 0;
        for run in &mut self.runs {
            let todo = per_run.min((self.trials - run.trials_done) as u64);
            if todo > 0 {
                run.build(&self.scenario);
            }
            for _ in 0..todo {
                run.trial();
            }
            done += todo;
        }
        done
    }

    /// Runs every trial that is left.
    pub fn run_to_end(&mut self) {
        while !self.is_done() {
            self.step(u64::MAX);
        }
    }

    /// Every run has finished all its trials.
    pub fn is_done(&self) -> bool {
        self.runs.iter().all(|r| r.trials_done >= self.trials)
    }

    /// Trials completed per run (the runs move in step).
    pub fn trials_done(&self) -> u32 {
        self.runs.iter().map(|r| r.trials_done).min().unwrap_or(0)
    }

    /// Fraction of all trials done, in [0, 1].
    pub fn progress(&self) -> f64 {
        let total = self.trials as f64 * self.runs.len() as f64;
        let done: f64 = self.runs.iter().map(|r| r.trials_done as f64).sum();
        if total > 0.0 {
            done / total
        } else {
            1.0
        }
    }

    /// The scenario this experiment runs.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Names of the recorded metrics.
    pub fn metrics(&self) -> &[&'static str] {
        &self.metrics
    }

    /// Descriptions of the recorded metrics, in recording order.
    pub fn metric_table(&self) -> &[Metric] {
        &self.table
    }

    /// Every run, condition-major then seed.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// Replaces run `index`'s recorded series with ones computed elsewhere
    /// (a Web Worker running the same scenario): `None` keeps a series as
    /// it is; `profiles`, when given, replaces the within-trial time
    /// courses. Marks `trials_done` trials as run, so charts and exports
    /// read them. Runs are condition-major, as in [`Experiment::runs`].
    pub fn restore_run(
        &mut self,
        index: usize,
        series: Vec<Option<record::Series>>,
        profiles: Option<record::Profiles>,
        trials_done: u32,
    ) -> Result<(), String> {
        let n_metrics = self.metrics.len();
        let Some(run) = self.runs.get_mut(index) else {
            return Err(format!("run {index} does not exist"));
        };
        if series.len() != n_metrics {
            return Err(format!("expected {n_metrics} series, got {}", series.len()));
        }
        for (slot, s) in run.recording.series.iter_mut().zip(series) {
            if let Some(s) = s {
                *slot = s;
            }
        }
        if let Some(p) = profiles {
            run.recording.dopamine_profiles = p;
        }
        run.trials_done = trials_done.min(self.trials);
        Ok(())
    }

    /// Index of a metric by name.
    pub fn metric_index(&self, name: &str) -> Option<usize> {
        self.metrics.iter().position(|m| *m == name)
    }

    /// Mean ± SEM over seeds of `metric` in `condition`, smoothed over `window` points.
    pub fn summary(&self, condition: usize, metric: usize, window: usize) -> Band {
        record::summarize(
            self.runs
                .iter()
                .filter(|r| r.condition == condition)
                .filter_map(|r| r.recording.series.get(metric)),
            window,
        )
    }

    /// Mean over seeds of condition `condition`'s kept within-trial
    /// dopamine time courses, binned to at most `max_rows` rows: (first
    /// trial of each row, the row's mean value at each step). Trials may
    /// differ in length between seeds: a row is as long as the longest.
    pub fn profile_rows(&self, condition: usize, max_rows: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
        let runs: Vec<&Run> = self
            .runs
            .iter()
            .filter(|r| r.condition == condition)
            .collect();
        let Some(first) = runs.first() else {
            return (Vec::new(), Vec::new());
        };
        let kept = first.recording.dopamine_profiles.kept();
        let per_row = kept.len().div_ceil(max_rows.max(1)).max(1);
        let mut trials = Vec::new();
        let mut rows = Vec::new();
        for chunk in kept.chunks(per_row) {
            let mut sum: Vec<f64> = Vec::new();
            let mut n: Vec<u32> = Vec::new();
            for (trial, _) in chunk {
                for r in &runs {
                    if let Some(p) = r.recording.dopamine_profiles.get(*trial) {
                        if p.len() > sum.len() {
                            sum.resize(p.len(), 0.0);
                            n.resize(p.len(), 0);
                        }
                        for (k, v) in p.iter().enumerate() {
                            sum[k] += *v as f64;
                            n[k] += 1;
                        }
                    }
                }
            }
            trials.push(chunk[0].0 as f64);
            rows.push(
                sum.iter()
                    .zip(&n)
                    .map(|(s, n)| if *n > 0 { s / *n as f64 } else { 0.0 })
                    .collect(),
            );
        }
        (trials, rows)
    }

    /// Whether any run kept within-trial time courses (timed tasks).
    pub fn has_profiles(&self) -> bool {
        self.runs
            .iter()
            .any(|r| !r.recording.dopamine_profiles.kept().is_empty())
    }

    /// Writes the tidy CSV of everything recorded so far.
    pub fn write_csv(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "{}", record::CSV_HEADER)?;
        for run in &self.runs {
            let label = &self.scenario.conditions[run.condition].label;
            record::write_csv_rows(out, label, run.seed, &self.metrics, &run.recording)?;
        }
        Ok(())
    }

    /// A digest of every recorded value: equal digests, bit-identical results.
    pub fn digest(&self) -> String {
        let mut d = Digest::default();
        for run in &self.runs {
            d.bytes(&(run.condition as u64).to_le_bytes());
            d.bytes(&run.seed.to_le_bytes());
            d.recording(&run.recording);
        }
        d.hex()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An experiment that only reads recordings (the page's copy of a
    /// worker's runs, a results file) must not build 200 circuits and
    /// reserve room for their points: that made the page's first frame of
    /// a 200-run batch take over 100 ms and its wasm memory grow by
    /// hundreds of MB. Runs are built at their first step.
    #[test]
    fn runs_are_built_and_given_room_at_their_first_step() {
        let text = r#"{"task": {"kind": "bandit", "trials": 300}, "seeds": 3}"#;
        let mut exp = Experiment::from_json(text).expect("a valid scenario");
        assert!(exp.runs().iter().all(|r| r.body.is_none()));
        assert!(exp
            .runs()
            .iter()
            .all(|r| r.recording.series.iter().all(|s| s.capacity() == 0)));
        exp.step(3);
        for r in exp.runs() {
            assert!(r.body.is_some());
            assert!(r.recording.series.iter().all(|s| s.capacity() >= 300));
        }
    }
}
