//! The one list of task kinds. Each line names a kind's `kind` tag, its
//! variant and spec type, and how it runs (`trials` with the rate circuit,
//! `spiking` ms by ms, `actor`, the spiking actor trial by trial, or
//! `navigator`, the spiking agent in an arena trial by trial); the
//! macro derives from it the scenario's `TaskSpec` enum, [`TASK_KINDS`], every per-kind dispatch and the page's descriptions, so
//! adding a task touches its own file and one line here.

use super::attention::AttentionSpec;
use super::bandit::BanditSpec;
use super::conditioning::ConditioningSpec;
use super::delay::DelaySpec;
use super::distal_reward::DistalRewardSpec;
use super::restless::RestlessSpec;
use super::reversal::ReversalSpec;
use super::reward_punishment::RewardPunishmentSpec;
use super::selection::SelectionSpec;
use super::spiking_bandit::SpikingBanditSpec;
use super::spiking_navigation::SpikingNavigationSpec;
use super::switching::SwitchingSpec;
use super::task::{Task, TaskKind, TrialTask, XAxis};
use super::two_step::TwoStepSpec;
use super::volatile::VolatileSpec;
use crate::params::{check_fields, check_unread, json_value, Check, Field};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// What a task spec builds.
pub enum Built<'a> {
    /// A trial-based task for the rate circuit.
    Trials(Box<dyn Task>),
    /// The distal-reward protocol, which drives the spiking network ms by
    /// ms (`spiking::Simulation`) instead of trial by trial.
    Spiking(&'a DistalRewardSpec),
    /// The bandit played by the spiking actor (`spiking::ActorRun`): trial
    /// by trial, each trial a few hundred ms of the network's model time.
    Actor(&'a SpikingBanditSpec),
    /// The arena navigated by the spiking agent (`spiking::NavigatorRun`):
    /// trial by trial, each trial up to `time_limit_ms` of model time.
    Navigator(&'a SpikingNavigationSpec),
}

/// Reads one kind's spec from its fields: the scenario layer supplies the
/// JSON reader (with its error paths), the registry picks the type.
pub trait SpecReader {
    /// What a failed read reports.
    type Error;
    /// Reads the fields as spec type `T`.
    fn read<T: DeserializeOwned>(&self) -> Result<T, Self::Error>;
}

/// A task kind as the page lists it: label, one-line description, fields
/// and their defaults.
#[derive(Clone, Debug, Serialize)]
pub struct TaskDescription {
    /// The `kind` tag.
    pub kind: &'static str,
    /// Human name.
    pub label: &'static str,
    /// What the task shows, in one sentence.
    pub about: &'static str,
    /// Its parameters.
    pub fields: &'static [Field],
    /// The default spec (every field), as JSON.
    pub defaults: serde_json::Value,
    /// The condition fields its runs read (names of
    /// `neuromod::condition_fields()`): the page shows these on its
    /// condition cards.
    pub condition_fields: Vec<&'static str>,
    /// Whether its runs read a condition's local manipulations
    /// (`regions`): the rate circuit's tasks do, the spiking ones do not.
    pub reads_regions: bool,
    /// Whether its runs read the scenario's `model` (the rate circuit's
    /// parameters): the rate circuit's tasks do, the spiking ones do not,
    /// and refuse a model away from its default.
    pub reads_model: bool,
}

impl TaskDescription {
    fn of<T: TaskKind>(kind: &'static str) -> TaskDescription {
        TaskDescription {
            kind,
            label: T::LABEL,
            about: T::ABOUT,
            fields: T::fields(),
            defaults: json_value(&T::default()),
            condition_fields: T::condition_fields().map_or_else(
                || {
                    crate::neuromod::condition_fields()
                        .iter()
                        .map(|f| f.name)
                        .collect()
                },
                <[&str]>::to_vec,
            ),
            reads_regions: T::condition_fields().is_none(),
            reads_model: T::condition_fields().is_none(),
        }
    }
}

macro_rules! built {
    (trials, $s:expr) => {
        Built::Trials(TrialTask::build($s))
    };
    (spiking, $s:expr) => {
        Built::Spiking($s)
    };
    (actor, $s:expr) => {
        Built::Actor($s)
    };
    (navigator, $s:expr) => {
        Built::Navigator($s)
    };
}

macro_rules! registry {
    ($( $(#[$doc:meta])* $kind:literal => $variant:ident($spec:ty), $how:ident; )*) => {
        /// The reinforcement task of a scenario, chosen by `kind`.
        /// Serialised with the kind as a tag (`{"kind": "bandit", ...}`);
        /// the scenario layer reads it through [`read_spec`].
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(tag = "kind")]
        pub enum TaskSpec {
            $( $(#[$doc])* #[serde(rename = $kind)] $variant($spec), )*
        }

        /// The task kinds a scenario may name, in the order the page lists them.
        pub const TASK_KINDS: &[&str] = &[$($kind),*];

        impl TaskSpec {
            /// Trials per run.
            pub fn trials(&self) -> u32 {
                match self { $( TaskSpec::$variant(s) => s.run_length(), )* }
            }

            /// What one trial costs, in trials of the rate circuit
            /// ([`TaskKind::work_per_trial`]).
            pub fn work_per_trial(&self) -> f64 {
                match self { $( TaskSpec::$variant(s) => s.work_per_trial(), )* }
            }

            /// The x axis of its charts.
            pub fn x_axis(&self) -> XAxis {
                match self { $( TaskSpec::$variant(s) => s.x_axis(), )* }
            }

            /// The regions whose lesion its runs read, when not all of them
            /// ([`TaskKind::lesions_read`]: the spiking tasks).
            pub fn lesions_read(&self) -> Option<Vec<crate::neuromod::Region>> {
                match self { $( TaskSpec::$variant(s) => s.lesions_read(), )* }
            }

            /// The condition fields its runs read, when not all of them
            /// ([`TaskKind::condition_fields`]: the spiking tasks).
            pub fn condition_fields(&self) -> Option<&'static [&'static str]> {
                match self { $( TaskSpec::$variant(_) => <$spec as TaskKind>::condition_fields(), )* }
            }

            /// The `kind` tag as written in a scenario.
            pub fn kind(&self) -> &'static str {
                match self { $( TaskSpec::$variant(_) => $kind, )* }
            }

            /// Checks every field against its description, then the rules
            /// between fields.
            pub fn validate(&self, c: &mut Check) {
                let value = json_value(self);
                match self {
                    $( TaskSpec::$variant(s) => {
                        let fields = <$spec as TaskKind>::fields();
                        check_fields(fields, &value, c);
                        check_unread(fields, &value, &json_value(&<$spec>::default()), c);
                        s.check_rules(c);
                    } )*
                }
            }

            /// Builds the task this (validated) spec describes.
            pub fn build(&self) -> Built<'_> {
                match self { $( TaskSpec::$variant(s) => built!($how, s), )* }
            }
        }

        /// Every task kind with its label, description, fields and defaults,
        /// in the order the page lists them.
        pub fn descriptions() -> Vec<TaskDescription> {
            vec![$( TaskDescription::of::<$spec>($kind), )*]
        }

        /// The fields of a kind, or `None` for a name no task has.
        pub fn fields_of(kind: &str) -> Option<&'static [Field]> {
            match kind {
                $( $kind => Some(<$spec as TaskKind>::fields()), )*
                _ => None,
            }
        }

        /// Reads the spec of `kind` through `reader`; `None` for a name no
        /// task has.
        pub fn read_spec<R: SpecReader>(kind: &str, reader: &R) -> Option<Result<TaskSpec, R::Error>> {
            match kind {
                $( $kind => Some(reader.read::<$spec>().map(TaskSpec::$variant)), )*
                _ => None,
            }
        }
    };
}

registry! {
    /// k-armed bandit with Bernoulli or Gaussian payoffs.
    "bandit" => Bandit(BanditSpec), trials;
    /// Probabilistic reversal learning.
    "reversal" => Reversal(ReversalSpec), trials;
    /// Stable and volatile blocks (Behrens et al. 2007).
    "volatile" => Volatile(VolatileSpec), trials;
    /// Restless four-armed bandit (Daw et al. 2006).
    "restless" => Restless(RestlessSpec), trials;
    /// Pavlovian conditioning with time inside a trial.
    "conditioning" => Conditioning(ConditioningSpec), trials;
    /// Delayed reward: intertemporal choice, waiting, corridor.
    "delay" => Delay(DelaySpec), trials;
    /// Relevant cue among distractors, switching unsignalled (Yu & Dayan 2005).
    "attention" => Attention(AttentionSpec), trials;
    /// Tasks alternating in blocks over shared synapses.
    "switching" => Switching(SwitchingSpec), trials;
    /// Two-step task (Daw et al. 2011).
    "two_step" => TwoStep(TwoStepSpec), trials;
    /// Probabilistic selection: choose A, avoid B (Frank et al. 2004).
    "selection" => Selection(SelectionSpec), trials;
    /// Reward- vs punishment-signalled reversals of a prediction (Cools et al. 2009).
    "reward_punishment" => RewardPunishment(RewardPunishmentSpec), trials;
    /// Izhikevich (2007) spiking network rewarded after a delay.
    "distal_reward" => DistalReward(DistalRewardSpec), spiking;
    /// The 80/20 bandit learned by a spiking actor with dopamine-gated STDP.
    "spiking_bandit" => SpikingBandit(SpikingBanditSpec), actor;
    /// A goal that moves, found by a spiking agent whose STDP acetylcholine
    /// and dopamine modulate in sequence (Brzosko et al. 2017).
    "spiking_navigation" => SpikingNavigation(SpikingNavigationSpec), navigator;
}

/// Builds the task a (validated) spec describes.
pub fn build(spec: &TaskSpec) -> Built<'_> {
    spec.build()
}
