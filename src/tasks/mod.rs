//! The reinforcement tasks. A task presents features, takes an action and
//! returns an outcome; it never reads the learner's state.

pub mod attention;
pub mod bandit;
pub mod conditioning;
pub mod delay;
pub mod distal_reward;
pub mod restless;
pub mod reversal;
pub mod reward_punishment;
pub mod selection;
pub mod switching;
pub mod two_step;
pub mod volatile;

pub use attention::Attention;
pub use bandit::Bandit;
pub use conditioning::Conditioning;
pub use delay::Delay;
pub use restless::Restless;
pub use reversal::Reversal;
pub use reward_punishment::RewardPunishment;
pub use switching::Switching;
pub use two_step::TwoStep;
pub use volatile::Volatile;

use crate::metric::Metric;
use crate::rng::Rng;
use crate::scenario::TaskSpec;

/// What one action brought.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// Reward (positive) or punishment (negative) delivered now.
    pub reward: f64,
    /// The trial ended with this step.
    pub end_of_trial: bool,
}

/// A reinforcement task, advanced one step at a time.
///
/// A trial is a sequence of steps: [`Task::start_trial`], then
/// [`Task::features`] and [`Task::act`] until a step ends the trial. A
/// bandit trial has one step; a conditioning trial has one per time bin.
pub trait Task {
    /// Length of the feature vector the task presents.
    fn n_features(&self) -> usize;
    /// Number of actions the learner chooses among.
    fn n_actions(&self) -> usize;
    /// Prepares the next trial.
    fn start_trial(&mut self, rng: &mut Rng);
    /// The current state's features (cues, context, time since cue).
    fn features(&self) -> &[f64];
    /// The action an ideal observer would pick now, if one is better.
    fn best_action(&self) -> Option<usize>;
    /// Takes `action` (< [`Task::n_actions`]) and returns its outcome.
    fn act(&mut self, action: usize, rng: &mut Rng) -> Step;
    /// The actions offered now, when only some are (e.g. the two stimuli of
    /// a pair); `None`: all of them.
    fn available(&self) -> Option<&[usize]> {
        None
    }
    /// For cue tasks: the action each cue points to this trial (Yu & Dayan's
    /// cues); empty for tasks without such cues.
    fn cue_directions(&self) -> &[usize] {
        &[]
    }
    /// Whether this trial's outcome is shown to the learner; a test phase
    /// without feedback returns false and nothing is learned from it.
    fn feedback(&self) -> bool {
        true
    }
    /// The action whose value the outcome of `chosen` teaches: `chosen` in
    /// instrumental tasks; a prediction task whose outcome follows the
    /// stimulus whatever is predicted names the action that carries the
    /// stimulus value (see [`RewardPunishment`]).
    fn taught_action(&self, chosen: usize) -> usize {
        chosen
    }
    /// Steps in a trial when trials have time (conditioning, waiting); 1
    /// for choice tasks. Above 1, the experiment records within-trial time
    /// courses (e.g. dopamine at every step).
    fn steps_per_trial(&self) -> usize {
        1
    }
    /// The task's own per-trial metrics (phase, block, stay …), recorded
    /// after `reward` and `correct`: the table declared in the task's file.
    fn metrics(&self) -> &'static [Metric] {
        &[]
    }
    /// The values of [`Task::metrics`] for the trial that just ended.
    fn trial_metrics(&self, _out: &mut [f64]) {}
    /// Within-trial events (e.g. `dopamine_cs`, `dopamine_us`) at which a
    /// timed task wants dopamine recorded as a per-trial metric.
    fn events(&self) -> &'static [Metric] {
        &[]
    }
    /// For the trial that just ended, the step (0-based, in the order of
    /// [`Task::events`]) whose outcome carries each event: dopamine after
    /// that step is recorded. A step past the trial's end records 0.
    fn event_steps(&self) -> &[usize] {
        &[]
    }
    /// The learning criterion of the task's literature, if it has one
    /// (summaries report trials to criterion).
    fn criterion(&self) -> Option<Criterion> {
        None
    }
}

/// A learning criterion: reached at the first trial, from trial `window` on,
/// where the mean of `metric` over the last `window` trials is at least
/// `threshold`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Criterion {
    /// The recorded metric it reads (e.g. `correct`).
    pub metric: &'static str,
    /// The level to reach, in the metric's units.
    pub threshold: f64,
    /// Trials averaged (a trailing window).
    pub window: u32,
}

/// What a task spec builds.
pub enum Built<'a> {
    /// A trial-based task for the rate circuit.
    Trials(Box<dyn Task>),
    /// The distal-reward protocol, which drives the spiking network ms by
    /// ms ([`crate::spiking::Simulation`]) instead of trial by trial.
    Spiking(&'a distal_reward::DistalRewardSpec),
}

/// Builds the task a (validated) spec describes.
pub fn build(spec: &TaskSpec) -> Built<'_> {
    match spec {
        TaskSpec::Bandit(b) => Built::Trials(Box::new(Bandit::new(b))),
        TaskSpec::Reversal(t) => Built::Trials(Box::new(Reversal::new(t))),
        TaskSpec::Volatile(t) => Built::Trials(Box::new(Volatile::new(t))),
        TaskSpec::Restless(t) => Built::Trials(Box::new(Restless::new(t))),
        TaskSpec::Conditioning(t) => Built::Trials(Box::new(Conditioning::new(t))),
        TaskSpec::Delay(t) => Built::Trials(Box::new(Delay::new(t))),
        TaskSpec::Attention(t) => Built::Trials(Box::new(Attention::new(t))),
        TaskSpec::Switching(t) => Built::Trials(Box::new(Switching::new(t))),
        TaskSpec::TwoStep(t) => Built::Trials(Box::new(TwoStep::new(t))),
        TaskSpec::Selection(t) => Built::Trials(Box::new(selection::Selection::new(t))),
        TaskSpec::RewardPunishment(t) => Built::Trials(Box::new(RewardPunishment::new(t))),
        TaskSpec::DistalReward(d) => Built::Spiking(d),
    }
}
