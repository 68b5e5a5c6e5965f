//! Learning rules, one small type each, used wherever their maths applies.
//!
//! Every rule declares what it modifies and what it can record through
//! [`Rule`]; docs/plasticity.md tabulates them with their equations.

mod associability;
mod bcm;
mod chain;
mod fast_slow;
mod homeostasis;
mod hopfield;
mod replay;
mod rule;
mod stdp;
mod structural;
mod tagging;
mod three_factor;

pub use associability::Associability;
pub use bcm::{Bcm, Stability};
pub use chain::SynapticChain;
pub use fast_slow::FastSlow;
pub use homeostasis::Homeostasis;
pub use hopfield::Hopfield;
pub use replay::Replay;
pub use rule::{Rule, RuleInfo};
pub use stdp::Stdp;
pub use structural::Turnover;
pub use tagging::{TagCapture, TagParams};
pub use three_factor::{CatchUp, DopamineGated, DopamineWindow, EligibilityTrace, ThreeFactor};
