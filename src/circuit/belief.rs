//! The prefrontal belief: a change-point filter per option, whose surprise is
//! norepinephrine's input and whose relative uncertainty is acetylcholine's.

/// Reduced Bayesian observer of Nassar et al. (2010, J Neurosci 30:12366),
/// one per option. For an outcome x with belief mean μ, relative uncertainty
/// τ, known noise σ² and hazard H:
///
/// Ω = H·U(x) / (H·U(x) + (1 − H)·N(x; μ, σ²/(1 − τ)))  (change-point probability; U uniform on [0, 1]),
/// α = Ω + (1 − Ω)·τ,  μ ← μ + α·δ,
/// τ ← (Ωσ² + (1 − Ω)τσ² + Ω(1 − Ω)(δ(1 − τ))²) / (same + σ²).
#[derive(Clone, Debug)]
pub struct ChangePointFilter {
    mean: Vec<f64>,
    uncertainty: Vec<f64>,
    hazard: f64,
    noise: f64,
}

/// What one observation did to the belief.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Surprise {
    /// Change-point probability Ω (unexpected uncertainty; NE's input).
    pub change_point: f64,
    /// Relative uncertainty τ before the update (expected uncertainty; ACh's input).
    pub uncertainty: f64,
}

impl ChangePointFilter {
    /// A filter over `n` options starting at `initial` with uncertainty 0.5.
    pub fn new(n: usize, initial: f64, hazard: f64, noise: f64) -> Self {
        ChangePointFilter {
            mean: vec![initial; n],
            uncertainty: vec![0.5; n],
            hazard,
            noise,
        }
    }

    /// Ω and τ that observing `x` for `option` would give, without updating.
    pub fn surprise(&self, option: usize, x: f64) -> Surprise {
        let (mu, tau) = (self.mean[option], self.uncertainty[option]);
        let var = self.noise / (1.0 - tau).max(1e-6);
        let d = x - mu;
        let normal = libm::exp(-0.5 * d * d / var) / libm::sqrt(2.0 * std::f64::consts::PI * var);
        let h = self.hazard;
        let omega = h / (h + (1.0 - h) * normal);
        Surprise {
            change_point: omega,
            uncertainty: tau,
        }
    }

    /// Updates `option`'s belief with outcome `x` at change-point
    /// probability `omega` and uncertainty `tau` (possibly modulated), and
    /// returns the learning rate α used.
    pub fn update(&mut self, option: usize, x: f64, omega: f64, tau: f64) -> f64 {
        let (omega, tau) = (omega.clamp(0.0, 1.0), tau.clamp(0.0, 0.999));
        let d = x - self.mean[option];
        let alpha = omega + (1.0 - omega) * tau;
        self.mean[option] += alpha * d;
        let s2 = self.noise;
        let spread = d * (1.0 - tau);
        let num = omega * s2 + (1.0 - omega) * tau * s2 + omega * (1.0 - omega) * spread * spread;
        self.uncertainty[option] = (num / (num + s2)).clamp(0.0, 0.999);
        alpha
    }

    /// The belief mean of an option.
    pub fn mean(&self, option: usize) -> f64 {
        self.mean[option]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surprising_outcomes_raise_change_point_probability() {
        let mut f = ChangePointFilter::new(1, 0.9, 0.05, 0.05);
        for _ in 0..30 {
            let s = f.surprise(0, 0.9);
            f.update(0, 0.9, s.change_point, s.uncertainty);
        }
        let expected = f.surprise(0, 0.9).change_point;
        let surprising = f.surprise(0, 0.0).change_point;
        assert!(expected < 0.06, "{expected}");
        assert!(surprising > 0.5, "{surprising}");
        assert!(
            f.uncertainty[0] < 0.2,
            "uncertainty falls with consistent outcomes"
        );
    }
}
