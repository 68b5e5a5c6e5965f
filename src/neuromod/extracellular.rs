//! Extracellular dopamine of the spiking network (Izhikevich 2007).

use super::condition::ModulatorSettings;

/// Extracellular dopamine concentration d above a tonic level b:
/// τd·dd/dt = −d + Σ pulses (daspnet.m: `DA=DA*0.995` each ms, `DA=DA+0.5`
/// per reward, and `0.002` added to DA wherever it gates plasticity).
///
/// A condition's [`ModulatorSettings`] act on it as on the rate circuit's
/// nuclei: `gain` scales each phasic pulse; `release` (depletion < 1) scales
/// pulses and the tonic level alike; the tone is b·release·(1 + tonic_offset)
/// /reuptake; a reuptake block (< 1) also slows clearance, τd/reuptake; a
/// `clamp` fixes d whatever is released.
#[derive(Clone, Debug)]
pub struct ExtracellularDopamine {
    level: f64,
    /// Clearance time constant τd/reuptake (ms).
    tau_ms: f64,
    decay_per_ms: f64,
    pulse: f64,
    baseline: f64,
    clamp: Option<f64>,
}

impl ExtracellularDopamine {
    /// Dopamine with time constant `tau_d_ms`, `pulse` per reward and tonic
    /// level `tonic`, as altered by a condition's `settings`.
    pub fn new(tau_d_ms: f64, pulse: f64, tonic: f64, settings: &ModulatorSettings) -> Self {
        let reuptake = settings.reuptake.max(0.05);
        ExtracellularDopamine {
            level: settings.clamp.unwrap_or(0.0),
            tau_ms: tau_d_ms / reuptake,
            decay_per_ms: libm::exp(-reuptake / tau_d_ms),
            pulse: pulse * settings.gain * settings.release,
            baseline: tonic * settings.release * (1.0 + settings.tonic_offset).max(0.0) / reuptake,
            clamp: settings.clamp,
        }
    }

    /// Advances one ms and releases `rewards` pulses at its end; returns d.
    #[inline]
    pub fn step_ms(&mut self, rewards: u32) -> f64 {
        self.release_ms(f64::from(rewards))
    }

    /// [`ExtracellularDopamine::step_ms`] releasing `pulses` pulses, any
    /// real number (negative: a dip, d falls below 0, the tone minus some).
    #[inline]
    pub fn release_ms(&mut self, pulses: f64) -> f64 {
        self.level = match self.clamp {
            Some(v) => v,
            None => self.level * self.decay_per_ms + pulses * self.pulse,
        };
        self.level
    }

    /// The clearance time constant, τd/reuptake (ms): what a plasticity
    /// window integrating d within a millisecond must use, the same decay
    /// as [`ExtracellularDopamine::release_ms`]'s between milliseconds.
    pub fn tau_ms(&self) -> f64 {
        self.tau_ms
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
