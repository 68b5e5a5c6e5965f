//! Extracellular dopamine of the spiking network (Izhikevich 2007).

use crate::scenario::ModulatorSettings;

/// Extracellular dopamine concentration d above a tonic level b:
/// τd·dd/dt = −d + Σ pulses (daspnet.m: `DA=DA*0.995` each ms, `DA=DA+0.5`
/// per reward, and `0.002` added to DA wherever it gates plasticity).
///
/// A condition's [`ModulatorSettings`] act on it: `gain` scales each
/// released pulse (depletion < 1), `tonic_offset` is added to b, and a
/// `clamp` fixes d whatever is released.
#[derive(Clone, Debug)]
pub struct ExtracellularDopamine {
    level: f64,
    decay_per_ms: f64,
    pulse: f64,
    baseline: f64,
    clamp: Option<f64>,
}

impl ExtracellularDopamine {
    /// Dopamine with time constant `tau_d_ms`, `pulse` per reward and tonic
    /// level `tonic`, as altered by a condition's `settings`.
    pub fn new(tau_d_ms: f64, pulse: f64, tonic: f64, settings: &ModulatorSettings) -> Self {
        ExtracellularDopamine {
            level: settings.clamp.unwrap_or(0.0),
            decay_per_ms: libm::exp(-1.0 / tau_d_ms),
            pulse: pulse * settings.gain,
            baseline: tonic + settings.tonic_offset,
            clamp: settings.clamp,
        }
    }

    /// Advances one ms and releases `rewards` pulses at its end; returns d.
    #[inline]
    pub fn step_ms(&mut self, rewards: u32) -> f64 {
        self.level = match self.clamp {
            Some(v) => v,
            None => self.level * self.decay_per_ms + rewards as f64 * self.pulse,
        };
        self.level
    }

    /// The current level d above baseline.
    #[inline]
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The tonic level b that gates plasticity even without rewards.
    #[inline]
    pub fn baseline(&self) -> f64 {
        self.baseline
    }
}
