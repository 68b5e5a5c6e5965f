//! The regions of the rate-level circuit, one module each. Every region owns
//! its weights, state and rules, reads the broadcast only through its own
//! receptors ([`Reading`]) and says what it computes, what each receptor
//! does there, the equation and its source in its module's documentation.

pub mod dlpfc;
pub mod dorsal_striatum;
pub mod hippocampus;
pub mod mpfc;
pub mod ofc;
pub mod reading;
pub mod sensory;
pub mod ventral_striatum;

pub use dlpfc::Dlpfc;
pub use dorsal_striatum::DorsalStriatum;
pub use hippocampus::Hippocampus;
pub use mpfc::Mpfc;
pub use ofc::Ofc;
pub use reading::{Broadcast, Reading};
pub use sensory::Sensory;
pub use ventral_striatum::{Teaching, VentralStriatum};
