//! What a task is to the rest of the engine: the [`Task`] trait the
//! experiment steps, what one step returns, a task's learning criterion,
//! and [`TaskKind`], what each task spec declares to the registry.

use crate::metric::Metric;
use crate::neuromod::Region;
use crate::params::{Check, Field};
use crate::rng::Rng;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// What one action brought.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// Reward (positive) or punishment (negative) delivered now.
    pub reward: f64,
    /// The trial ended with this step.
    pub end_of_trial: bool,
}

/// What the last outcome revealed about an option the learner did not
/// choose: the reward `action` would have brought (e.g. Behrens et al. 2007,
/// where exactly one of two options is rewarded on each trial).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Counterfactual {
    /// The option not chosen.
    pub action: usize,
    /// What it paid, or would have paid, on this trial.
    pub reward: f64,
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
    /// stimulus value (see [`RewardPunishment`](super::reward_punishment::RewardPunishment)).
    fn taught_action(&self, chosen: usize) -> usize {
        chosen
    }
    /// After the step that ended a trial: what its outcome revealed about an
    /// option not chosen (`None`: nothing, the default; docs/tasks.md says
    /// which tasks reveal what). A learner may learn from it (fictive
    /// learning) unless `model.counterfactual` is off.
    fn counterfactual(&self) -> Option<Counterfactual> {
        None
    }
    /// Whether any trial can reveal an unchosen option's outcome
    /// ([`Task::counterfactual`]): `model.counterfactual` is read only then.
    fn reveals_unchosen(&self) -> bool {
        false
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
    /// After each trial, the dopamine recorded at [`Task::events`] (in their
    /// order), as the experimenter sees the response: a task whose design
    /// depends on the response (a phase that runs until the response falls
    /// below a criterion) reads it here. It never reads the learner.
    fn observe_events(&mut self, _values: &[f64]) {}
    /// The metric that says how the task went (the CLI's run summary
    /// reports its final value): a name in the task's metric table.
    /// `correct` unless the task has no best choice.
    fn headline(&self) -> &'static str {
        "correct"
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

/// The x axis of a task's charts: what one recorded point is and where it
/// lies. Trials for the rate circuit's tasks; model time for the spiking
/// network, which records once per bin.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct XAxis {
    /// The axis label, with its unit: `trial`, `model time (s)`.
    pub label: &'static str,
    /// What a position on it is called in a readout: `trial`, `model time`.
    pub name: &'static str,
    /// The unit of a position (`s`), or empty (trials are counted).
    pub unit: &'static str,
    /// What one recorded point is (a smoothing window counts them):
    /// `trial`, `bin`.
    pub point: &'static str,
    /// Axis units per recorded point (1 for trials; the bin width in s).
    pub per_point: f64,
}

impl XAxis {
    /// Trials, counted from 1.
    pub const TRIALS: XAxis = XAxis {
        label: "trial",
        name: "trial",
        unit: "",
        point: "trial",
        per_point: 1.0,
    };

    /// Model time at the end of bins of `bin_ms` ms.
    pub fn model_time(bin_ms: u32) -> XAxis {
        XAxis {
            label: "model time (s)",
            name: "model time",
            unit: "s",
            point: "bin",
            per_point: f64::from(bin_ms.max(1)) / 1000.0,
        }
    }

    /// The position of recorded point `trial` (1-based) on the axis.
    pub fn at(&self, trial: f64) -> f64 {
        trial * self.per_point
    }
}

/// What a task spec declares to the registry ([`super::registry`]): how the
/// page shows the kind, its fields, its length and its checks between
/// fields. Its `kind` tag is written once, in the registry line.
pub trait TaskKind: Default + Serialize + DeserializeOwned {
    /// Human name of the kind.
    const LABEL: &'static str;
    /// What the task shows, in one sentence.
    const ABOUT: &'static str;
    /// Every field, for validation and the page's controls.
    fn fields() -> &'static [Field];
    /// Trials per run (spiking bins for the distal-reward protocol).
    fn run_length(&self) -> u32;
    /// Rules between fields, after every field's own range is checked.
    fn check_rules(&self, c: &mut Check);
    /// The x axis of its charts (trials unless the task says otherwise).
    fn x_axis(&self) -> XAxis {
        XAxis::TRIALS
    }
    /// The condition fields (names of `condition_fields()`) its runs read;
    /// `None`: every one (the rate circuit's tasks).
    fn condition_fields() -> Option<&'static [&'static str]> {
        None
    }
    /// The regions whose lesion its runs read; `None`: every region (the
    /// rate circuit's tasks). A spiking task stands for one region (its
    /// `region` field), so a lesion elsewhere would change nothing.
    fn lesions_read(&self) -> Option<Vec<Region>> {
        None
    }
    /// What one trial (or bin) costs to simulate, in trials of the rate
    /// circuit: 1 for its tasks; a spiking task's model ms ×
    /// [`SPIKING_MS_IN_TRIALS`] per 1,000 neurons. The page runs a scenario
    /// by itself only when its total is small (`Scenario::total_work`).
    fn work_per_trial(&self) -> f64 {
        1.0
    }
}

/// One model ms of a 1,000-neuron spiking network with 100 synapses per
/// neuron, in trials of the rate circuit on reversal: about 7 µs against
/// 0.35–0.5 µs (docs/figures.md: `spiking_native_1k_ms_per_model_s`,
/// `native.reversal`), rounded up. An estimate for deciding what to run
/// without asking, not a measurement.
pub const SPIKING_MS_IN_TRIALS: f64 = 20.0;

/// [`TaskKind::work_per_trial`] of `ms` model ms of a network of `neurons`
/// with `synapses` per neuron: about half of the published network's time
/// goes to its neurons and half to its synapses (a profile of `make bench`),
/// so the cost scales as neurons × (1 + synapses/100)/2.
pub fn spiking_work(ms: u32, neurons: u32, synapses: u32) -> f64 {
    let per_neuron = (1.0 + f64::from(synapses) / 100.0) / 2.0;
    f64::from(ms) * SPIKING_MS_IN_TRIALS * f64::from(neurons) / 1000.0 * per_neuron
}

/// A spec whose task runs trial by trial with the rate circuit (every kind
/// but the spiking network's distal-reward protocol).
pub trait TrialTask: TaskKind {
    /// The task this (validated) spec describes.
    fn build(&self) -> Box<dyn Task>;
}

/// The condition fields every spiking task reads, and then `$extra`: one
/// list for [`SPIKING_CONDITION_FIELDS`] and
/// [`NAVIGATION_CONDITION_FIELDS`], which differ only in serotonin's.
macro_rules! spiking_condition_fields {
    ($($extra:literal),* $(,)?) => {
        &[
            "dopamine.gain",
            "dopamine.tonic_offset",
            "dopamine.clamp",
            "dopamine.release",
            "dopamine.reuptake",
            "acetylcholine.tonic_offset",
            "acetylcholine.release",
            "acetylcholine.reuptake",
            "norepinephrine.tonic_offset",
            "norepinephrine.release",
            "norepinephrine.reuptake",
            "receptors.d1.antagonist",
            "receptors.d1.agonist",
            "receptors.d2.antagonist",
            "receptors.d2.agonist",
            "receptors.m1.antagonist",
            "receptors.m1.agonist",
            "receptors.beta.antagonist",
            "receptors.beta.agonist",
            "drugs",
            "lesions",
            "age",
            $($extra,)*
        ]
    };
}

/// The condition fields the spiking network reads (`spiking::Simulation`
/// and the spiking actor of `spiking_bandit`):
/// every dopamine setting (extracellular dopamine), the tone of ACh, NE
/// and 5-HT (release, tone offset, reuptake: their receptors' activation),
/// every receptor agonist and antagonist, drugs, lesions (of the spec's
/// `region`) and age. Not read: the phasic gain and clamp of ACh, NE and
/// 5-HT (the network has no phasic signal of theirs) and `from_trial` (a
/// condition acts from the start). Tests (tests/spiking.rs) set each field
/// and find the numbers moved exactly for those listed.
pub const SPIKING_CONDITION_FIELDS: &[&str] = spiking_condition_fields!(
    "serotonin.tonic_offset",
    "serotonin.release",
    "serotonin.reuptake",
    "receptors.ht.antagonist",
    "receptors.ht.agonist",
);

/// The condition fields the navigating agent reads
/// (`spiking::NavigatorRun`, task `spiking_navigation`): those of
/// [`SPIKING_CONDITION_FIELDS`] but serotonin's tone and receptors, which
/// the hippocampal coupling of its synapses does not read (docs/spiking.md,
/// "Four modulators"). Tested as the others (tests/spiking.rs).
pub const NAVIGATION_CONDITION_FIELDS: &[&str] = spiking_condition_fields!();

// The parameters both spiking tasks (distal_reward, spiking_bandit) give
// the same network, described once.

/// The input noise of the spiking network (Izhikevich 2007).
pub const SPIKING_NOISE: Field = Field::number(
    "noise",
    "Input noise (pA)",
    "Random input uniform in (−x, x) per neuron per ms.",
    0.0,
    30.0,
);

/// Dopamine clearance of the spiking network.
pub const SPIKING_TAU_D: Field = Field::number(
    "tau_d_ms",
    "Dopamine τd (ms)",
    "Time constant of dopamine clearance, in ms.",
    1.0,
    100_000.0,
);

/// The eligibility time constant of its dopamine-gated STDP.
pub const SPIKING_TAU_C: Field = Field::number(
    "tau_c_ms",
    "Eligibility τc (ms)",
    "Time constant of the eligibility trace, in ms.",
    10.0,
    100_000.0,
);

/// Its STDP potentiation factor.
pub const SPIKING_A_PLUS: Field = Field::number(
    "a_plus",
    "A₊",
    "LTP factor for pre → post pairings (trace 0.1, ×0.95 per ms).",
    0.0,
    10.0,
);

/// Its STDP depression factor.
pub const SPIKING_A_MINUS: Field = Field::number(
    "a_minus",
    "A₋",
    "LTD factor for post → pre pairings.",
    0.0,
    10.0,
);
