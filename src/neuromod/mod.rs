//! Neuromodulators: each a tonic level and a phasic signal, computed by its
//! nucleus from what the task and the circuit provide.

mod dopamine;
mod extracellular;

pub use dopamine::DopamineNucleus;
pub use extracellular::ExtracellularDopamine;

/// A neuromodulator's state: slow running level and fast signal.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Level {
    /// Slow running level (e.g. average reward for dopamine).
    pub tonic: f64,
    /// Fast signal of the current step (e.g. the prediction error).
    pub phasic: f64,
}
