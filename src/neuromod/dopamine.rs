//! Dopamine: the VTA/SNc nucleus.

use super::Level;
use crate::scenario::ModulatorSettings;

/// Computes dopamine from the critic's prediction error.
///
/// Phasic: DA = g·δ, the temporal-difference error scaled by the phasic gain
/// g (Schultz, Dayan & Montague 1997), or a fixed value under a clamp.
/// Tonic: the average reward rate R̄ ← R̄ + η_R (r − R̄) (Niv et al. 2007),
/// plus the condition's offset.
#[derive(Clone, Debug)]
pub struct DopamineNucleus {
    settings: ModulatorSettings,
    average_reward_rate: f64,
    average_reward: f64,
    level: Level,
}

impl DopamineNucleus {
    /// A nucleus with a condition's manipulation and the rate η_R.
    pub fn new(settings: &ModulatorSettings, average_reward_rate: f64) -> Self {
        DopamineNucleus {
            settings: settings.clone(),
            average_reward_rate,
            average_reward: 0.0,
            level: Level {
                tonic: settings.tonic_offset,
                phasic: 0.0,
            },
        }
    }

    /// Responds to a prediction error `delta` and the reward `reward` just
    /// received; returns the phasic dopamine that reaches the synapses.
    pub fn respond(&mut self, delta: f64, reward: f64) -> f64 {
        self.average_reward += self.average_reward_rate * (reward - self.average_reward);
        self.level.tonic = self.average_reward + self.settings.tonic_offset;
        self.level.phasic = self.settings.clamp.unwrap_or(self.settings.gain * delta);
        self.level.phasic
    }

    /// The current tonic and phasic levels.
    pub fn level(&self) -> Level {
        self.level
    }
}
