//! Learning rules, one small type each, used wherever their maths applies.

mod three_factor;

pub use three_factor::{EligibilityTrace, ThreeFactor};
