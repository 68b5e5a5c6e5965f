//! Learning rules, one small type each, used wherever their maths applies.

mod stdp;
mod three_factor;

pub use stdp::Stdp;
pub use three_factor::{DopamineGated, DopamineWindow, EligibilityTrace, ThreeFactor};
