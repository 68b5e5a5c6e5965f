//! Neuromodulators and their vocabulary: each modulator a tonic level and a
//! phasic signal computed by its nucleus (docs/science/model.md, "Nuclei"); the
//! regions and receptors that read them, receptor densities and kinetics;
//! the drugs, lesions and settings a condition names, and what they do.
//! Both learners (the rate circuit and the spiking network) sit above this
//! module and read the same vocabulary.

pub mod anatomy;
pub mod condition;
pub mod drugs;
mod extracellular;
pub mod gain;
pub mod manipulation;
pub mod receptors;

pub use anatomy::{Modulator, Receptor, ReceptorMap, Region, Source, SOURCES};
pub use condition::{condition_fields, Condition, Local, LocalReceptor, ModulatorSettings};
pub use drugs::{Drug, ReceptorDrug, ReceptorDrugs};
pub use extracellular::ExtracellularDopamine;
pub use manipulation::{LocalEffect, Manipulation, MODULATORS};

/// A neuromodulator's state: slow running level and fast signal.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Level {
    /// Slow running level (average reward for dopamine, mean uncertainty
    /// for acetylcholine, mean surprise for norepinephrine, tone for serotonin).
    pub tonic: f64,
    /// Fast signal of the current step (prediction error, uncertainty,
    /// change-point probability, aversive error).
    pub phasic: f64,
}

/// A modulatory nucleus (VTA/SNc, basal forebrain, locus coeruleus, raphe):
/// turns an input signal into phasic release and keeps a running tonic level,
/// under a condition's manipulation.
///
/// phasic_t = clamp, or release·gain·input_t + (1 − reuptake)·phasic_{t−1}
/// (a reuptake block lets phasic release linger);
/// tone = age_tone · release · (1 + tonic_offset) / reuptake (1 at baseline);
/// tonic_t = tone · running mean of the tonic input (rate η).
#[derive(Clone, Debug)]
pub struct Nucleus {
    settings: ModulatorSettings,
    tone: f64,
    rate: f64,
    running: f64,
    level: Level,
}

impl Nucleus {
    /// A nucleus under `settings`, averaging its tonic input at `rate`,
    /// starting from `initial` and with ageing factor `age_tone`.
    pub fn new(settings: &ModulatorSettings, rate: f64, initial: f64, age_tone: f64) -> Self {
        let tone = age_tone * settings.release * (1.0 + settings.tonic_offset).max(0.0)
            / settings.reuptake.max(0.05);
        Nucleus {
            settings: settings.clone(),
            tone,
            rate,
            running: initial,
            level: Level {
                tonic: tone * initial,
                phasic: 0.0,
            },
        }
    }

    /// The same nucleus under other settings (a drug given mid-run): the
    /// running average and the last phasic signal carry over.
    pub fn with_settings(&self, settings: &ModulatorSettings, age_tone: f64) -> Self {
        let mut n = Nucleus::new(settings, self.rate, self.running, age_tone);
        n.level.phasic = self.level.phasic;
        n
    }

    /// Responds to a phasic input and a tonic input; returns the phasic release.
    pub fn respond(&mut self, phasic_input: f64, tonic_input: f64) -> f64 {
        self.running += self.rate * (tonic_input - self.running);
        self.level.tonic = self.tone * self.running;
        let carry = (1.0 - self.settings.reuptake).clamp(0.0, 0.95);
        self.level.phasic = self.settings.clamp.unwrap_or(
            self.settings.release * self.settings.gain * phasic_input + carry * self.level.phasic,
        );
        self.level.phasic
    }

    /// Dimensionless tone: 1 at baseline; depletion, offsets, reuptake block
    /// and age move it.
    pub fn tone(&self) -> f64 {
        self.tone
    }

    /// The current tonic and phasic levels.
    pub fn level(&self) -> Level {
        self.level
    }

    /// The phasic gain including release (what scales an incoming signal).
    pub fn phasic_gain(&self) -> f64 {
        self.settings.release * self.settings.gain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_tone_is_one_and_manipulations_move_it() {
        let base = Nucleus::new(&ModulatorSettings::default(), 0.1, 0.0, 1.0);
        assert_eq!(base.tone(), 1.0);
        let depleted = ModulatorSettings {
            release: 0.1,
            ..Default::default()
        };
        assert!((Nucleus::new(&depleted, 0.1, 0.0, 1.0).tone() - 0.1).abs() < 1e-12);
        let blocked = ModulatorSettings {
            reuptake: 0.5,
            ..Default::default()
        };
        let mut n = Nucleus::new(&blocked, 0.1, 0.0, 1.0);
        assert_eq!(n.tone(), 2.0);
        n.respond(1.0, 0.0);
        n.respond(0.0, 0.0);
        assert_eq!(
            n.level().phasic,
            0.5,
            "a reuptake block lets release linger"
        );
        let mut clamped = Nucleus::new(
            &ModulatorSettings {
                clamp: Some(0.2),
                ..Default::default()
            },
            0.1,
            0.0,
            1.0,
        );
        assert_eq!(clamped.respond(5.0, 0.0), 0.2);
    }
}
