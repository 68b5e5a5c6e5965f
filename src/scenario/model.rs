//! The learner's parameters and the conditions (manipulations) to compare.

use super::check::Check;
use serde::{Deserialize, Serialize};

/// Parameters of the learner. Defaults are the Q-learning values of
/// science-criteria.md §9.1 (BAN-1): α = 0.3, β = 5, Q₀ = 0.5.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelSpec {
    /// Base learning rate η of the three-factor update Δw = η·DA·e.
    pub learning_rate: f64,
    /// Softmax inverse temperature β: P(a) ∝ exp(β·Q(a)).
    pub inverse_temperature: f64,
    /// Initial value of every action value Q₀.
    pub initial_value: f64,
    /// Discount γ of the temporal-difference error δ = r + γ·Q(s′,a′) − Q(s,a).
    pub discount: f64,
    /// Eligibility decay λ per step: e ← γλ·e + x (0 = only the last choice).
    pub trace_decay: f64,
    /// Rate η_R of the average-reward estimate R̄ ← R̄ + η_R (r − R̄) (tonic dopamine).
    pub average_reward_rate: f64,
}

impl Default for ModelSpec {
    fn default() -> Self {
        ModelSpec {
            learning_rate: 0.3,
            inverse_temperature: 5.0,
            initial_value: 0.5,
            discount: 1.0,
            trace_decay: 0.0,
            average_reward_rate: 0.05,
        }
    }
}

impl ModelSpec {
    pub(crate) fn validate(&self, c: &mut Check) {
        c.within("learning_rate", self.learning_rate, 0.0, 1.0);
        c.within("inverse_temperature", self.inverse_temperature, 0.0, 100.0);
        c.within("initial_value", self.initial_value, -10.0, 10.0);
        c.within("discount", self.discount, 0.0, 1.0);
        c.within("trace_decay", self.trace_decay, 0.0, 1.0);
        c.within("average_reward_rate", self.average_reward_rate, 0.0, 1.0);
    }
}

/// How a condition alters one neuromodulator: phasic gain, tonic offset, or
/// a clamp that fixes the signal reaching plasticity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModulatorSettings {
    /// Multiplies the phasic signal (1 = intact, 0 = abolished).
    pub gain: f64,
    /// Added to the tonic level.
    pub tonic_offset: f64,
    /// When set, the phasic signal is fixed at this value whatever happens.
    pub clamp: Option<f64>,
}

impl Default for ModulatorSettings {
    fn default() -> Self {
        ModulatorSettings {
            gain: 1.0,
            tonic_offset: 0.0,
            clamp: None,
        }
    }
}

impl ModulatorSettings {
    fn validate(&self, c: &mut Check) {
        c.within("gain", self.gain, 0.0, 10.0);
        c.within("tonic_offset", self.tonic_offset, -5.0, 5.0);
        if let Some(v) = self.clamp {
            c.within("clamp", v, -5.0, 5.0);
        }
    }
}

/// One arm of the comparison, e.g. `control` or `dopamine blocked`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Condition {
    /// Name shown in legends and exports.
    pub label: String,
    /// Dopamine manipulation.
    pub dopamine: ModulatorSettings,
}

impl Default for Condition {
    fn default() -> Self {
        Condition {
            label: "control".into(),
            dopamine: ModulatorSettings::default(),
        }
    }
}

impl Condition {
    pub(crate) fn validate(&self, c: &mut Check) {
        let n = self.label.chars().count();
        if n == 0 || n > 60 {
            c.fail("label", format!("must have 1 to 60 characters, got {n}"));
        }
        if self.label.chars().any(char::is_control) {
            c.fail("label", "must not contain control characters");
        }
        c.nested("dopamine", |c| self.dopamine.validate(c));
    }
}
