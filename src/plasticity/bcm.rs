//! BCM rule with a sliding modification threshold.

use super::rule::{mean, Rule, RuleInfo};

/// How the threshold's speed compares with the weights' (BCM-4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stability {
    /// τ_θ/τ_w ≤ 0.1: the threshold tracks activity; weights stay bounded.
    Stable,
    /// 0.1 < τ_θ/τ_w < 10: no guarantee either way.
    Marginal,
    /// τ_θ/τ_w ≥ 10: the threshold lags the weights, which run away.
    Unstable,
}

/// One BCM neuron: y = [g·Σ w_i x_i]₊,
/// Δw_i = η x_i y (y − θ_eff), τ_θ Δθ = y²/y₀ − θ per presentation
/// (Bienenstock, Cooper & Munro 1982; Intrator & Cooper 1992 form:
/// θ ≈ ⟨y²⟩/y₀). Weights are excitatory (kept ≥ 0) unless
/// [`Bcm::allow_negative`] is set.
///
/// Modulators act on the threshold, not on the activity that sets it:
/// θ_eff = θ · exp(−(k_ACh·ACh + k_DA·DA)), so ACh and tonic dopamine above
/// baseline lower it (easier LTP; Kirkwood et al. 1999 for ACh), and levels
/// below baseline (negative arguments, low modulatory drive) raise it. Low
/// *activity* lowers θ itself, the sliding threshold of dark rearing
/// (Kirkwood, Rioult & Bear 1996).
#[derive(Clone, Debug)]
pub struct Bcm {
    weights: Vec<f64>,
    theta: f64,
    rate: f64,
    tau_theta: f64,
    y0: f64,
    input_gain: f64,
    modulation: f64,
    nonnegative: bool,
    normalized: bool,
    max_weight: f64,
    last_output: f64,
}

impl Bcm {
    /// Gain per unit of ACh on the log of the threshold scale.
    pub const K_ACH: f64 = 1.0;
    /// Gain per unit of tonic dopamine on the log of the threshold scale.
    pub const K_DA: f64 = 0.5;

    /// A neuron with initial `weights`, learning rate η, threshold time
    /// constant τ_θ (in presentations), target scale y₀ and θ starting at
    /// `theta0`. Defaults of docs/science/criteria.md §7.1: η = 0.005, τ_θ = 20,
    /// y₀ = 1.
    pub fn new(weights: Vec<f64>, rate: f64, tau_theta: f64, y0: f64, theta0: f64) -> Self {
        Bcm {
            weights,
            theta: theta0,
            rate,
            tau_theta: tau_theta.max(1.0),
            y0,
            input_gain: 1.0,
            modulation: 0.0,
            nonnegative: true,
            normalized: false,
            max_weight: f64::INFINITY,
            last_output: 0.0,
        }
    }

    /// Lets weights go negative (the unconstrained BCM of the textbooks).
    pub fn allow_negative(mut self) -> Self {
        self.nonnegative = false;
        self
    }

    /// Keeps every |w| ≤ `bound`. Modulators that push θ_eff towards 0
    /// (high ACh and tonic dopamine together) leave φ(y) = y² > 0 with
    /// nothing to stop LTP, and the weights would grow until they overflow;
    /// the bound keeps the neuron finite at a saturated response instead.
    pub fn bound_weights(mut self, bound: f64) -> Self {
        self.max_weight = bound.abs();
        self
    }

    /// Divides the learning rate by the input's energy g²·|x|² when it is
    /// above 1 (as normalised LMS does), so that large inputs (salient cues,
    /// compounds, high sensory gain) cannot shorten τ_w below 1/(η·y₀²): the
    /// neuron stays in the regime [`Bcm::stability`] reports, whatever the
    /// input's scale. Inputs of energy ≤ 1 learn exactly as without it.
    pub fn normalize_input(mut self) -> Self {
        self.normalized = true;
        self
    }

    /// Multiplies every input by `gain` (ACh or NE sensory gain).
    pub fn set_input_gain(&mut self, gain: f64) {
        self.input_gain = gain;
    }

    /// Sets the modulator levels relative to baseline: θ_eff = θ·exp(−(k_ACh·ach + k_DA·tonic_da)).
    pub fn set_modulators(&mut self, ach: f64, tonic_da: f64) {
        self.modulation = Self::K_ACH * ach + Self::K_DA * tonic_da;
    }

    /// Response y = [g·w·x]₊ without learning.
    pub fn respond(&self, x: &[f64]) -> f64 {
        let s: f64 = self.weights.iter().zip(x).map(|(w, x)| w * x).sum();
        (self.input_gain * s).max(0.0)
    }

    /// The plasticity function φ(y) = y(y − θ_eff): negative (LTD) for
    /// 0 < y < θ_eff, positive (LTP) above.
    pub fn phi(&self, y: f64) -> f64 {
        y * (y - self.effective_threshold())
    }

    /// θ_eff, the modification threshold after modulation.
    pub fn effective_threshold(&self) -> f64 {
        self.theta * libm::exp(-self.modulation)
    }

    /// The sliding threshold θ before modulation.
    pub fn threshold(&self) -> f64 {
        self.theta
    }

    /// One presentation of `x`: responds, changes the weights by
    /// η·g·x_i·φ(y), then slides θ towards y²/y₀. Returns y.
    pub fn present(&mut self, x: &[f64]) -> f64 {
        let y = self.respond(x);
        let mut rate = self.rate;
        if self.normalized {
            let energy: f64 =
                x.iter().map(|v| v * v).sum::<f64>() * self.input_gain * self.input_gain;
            if energy > 1.0 {
                rate /= energy;
            }
        }
        let k = rate * self.phi(y) * self.input_gain;
        for (w, xi) in self.weights.iter_mut().zip(x) {
            *w = (*w + k * xi).clamp(-self.max_weight, self.max_weight);
            if self.nonnegative && *w < 0.0 {
                *w = 0.0;
            }
        }
        self.theta += (y * y / self.y0 - self.theta) / self.tau_theta;
        self.last_output = y;
        y
    }

    /// The weights.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The weights' nominal time scale τ_w = 1/(η·y₀²), in presentations:
    /// the time for a weight of order 1 to change by order 1 when y ~ y₀.
    pub fn weight_time_scale(&self) -> f64 {
        1.0 / (self.rate * self.y0 * self.y0)
    }

    /// τ_θ/τ_w and its verdict (BCM-4: ≤ 0.1 stable, ≥ 10 unstable).
    pub fn stability(&self) -> (f64, Stability) {
        let ratio = self.tau_theta / self.weight_time_scale();
        let verdict = if ratio <= 0.1 {
            Stability::Stable
        } else if ratio >= 10.0 {
            Stability::Unstable
        } else {
            Stability::Marginal
        };
        (ratio, verdict)
    }
}

impl Rule for Bcm {
    const INFO: RuleInfo = RuleInfo {
        name: "bcm",
        modifies: &["weights", "threshold"],
        records: &["weight", "threshold", "effective_threshold", "output"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "weight" => Some(mean(&self.weights)),
            "threshold" => Some(self.theta),
            "effective_threshold" => Some(self.effective_threshold()),
            "output" => Some(self.last_output),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_input_keeps_large_inputs_bounded_and_unit_inputs_unchanged() {
        // A salient input (height 9) runs a plain neuron away; normalised,
        // it stays finite and bounded.
        let mut plain = Bcm::new(vec![1.0], 0.005, 20.0, 1.0, 1.0);
        let mut normed = Bcm::new(vec![1.0], 0.005, 20.0, 1.0, 1.0).normalize_input();
        for _ in 0..2000 {
            plain.present(&[9.0]);
            normed.present(&[9.0]);
        }
        assert!(!plain.threshold().is_finite() || plain.threshold() > 1e6);
        assert!(normed.threshold().is_finite() && normed.threshold() < 1e3);
        // Inputs of energy ≤ 1 learn exactly as without normalising.
        let mut a = Bcm::new(vec![0.5, 0.5], 0.005, 20.0, 1.0, 1.0);
        let mut b = Bcm::new(vec![0.5, 0.5], 0.005, 20.0, 1.0, 1.0).normalize_input();
        for _ in 0..100 {
            a.present(&[0.6, 0.8]);
            b.present(&[0.6, 0.8]);
        }
        assert_eq!((a.weights(), a.threshold()), (b.weights(), b.threshold()));
    }

    #[test]
    fn ach_lowers_and_depletion_raises_the_effective_threshold() {
        let mut n = Bcm::new(vec![1.0], 0.01, 20.0, 1.0, 2.0);
        assert_eq!(n.effective_threshold(), 2.0);
        n.set_modulators(1.0, 0.0);
        assert!(n.effective_threshold() < 2.0);
        n.set_modulators(-1.0, -1.0);
        assert!(n.effective_threshold() > 2.0);
        assert_eq!(n.record("nothing"), None);
    }
}
