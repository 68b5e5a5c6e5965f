//! The reinforcement tasks. A task presents features, takes an action and
//! returns an outcome; it never reads the learner's state. Each task's file
//! owns its spec (fields, ranges, checks); [`registry`] lists the kinds.

pub mod attention;
pub mod bandit;
pub mod conditioning;
pub mod delay;
pub mod distal_reward;
pub mod registry;
pub mod restless;
pub mod reversal;
pub mod reward_punishment;
pub mod selection;
pub mod spiking_bandit;
pub mod spiking_navigation;
pub mod switching;
pub mod task;
pub mod two_step;
pub mod volatile;

pub use attention::Attention;
pub use bandit::Bandit;
pub use conditioning::Conditioning;
pub use delay::Delay;
pub use registry::{
    build, descriptions, fields_of, read_spec, Built, SpecReader, TaskDescription, TaskSpec,
    TASK_KINDS,
};
pub use restless::Restless;
pub use reversal::Reversal;
pub use reward_punishment::RewardPunishment;
pub use selection::Selection;
pub use switching::Switching;
pub use task::{Counterfactual, Criterion, Step, Task, TaskKind, TrialTask, XAxis};
pub use two_step::TwoStep;
pub use volatile::Volatile;
