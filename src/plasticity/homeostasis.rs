//! Homeostatic synaptic scaling.

use super::rule::{Rule, RuleInfo};

/// Multiplicative synaptic scaling towards a target rate (Turrigiano et al.
/// 1998; van Rossum, Bi & Turrigiano 2000 form; from the literature, verify
/// before quoting): a running rate r̄ (τ_avg dr̄/dt = r − r̄) scales every
/// incoming weight of the neuron by
/// w ← w·exp(Δt/τ_s · (r* − r̄)/r*),
/// so relative weights, and what they encode, are kept while the mean
/// activity returns to r*.
#[derive(Clone, Debug, PartialEq)]
pub struct Homeostasis {
    target: f64,
    tau_scale: f64,
    tau_average: f64,
    average: f64,
    last_factor: f64,
}

impl Homeostasis {
    /// Target rate r* (> 0), scaling time constant τ_s and averaging time
    /// constant τ_avg (same time unit as the steps); r̄ starts at r*.
    pub fn new(target: f64, tau_scale: f64, tau_average: f64) -> Self {
        Homeostasis {
            target: target.max(f64::MIN_POSITIVE),
            tau_scale: tau_scale.max(f64::MIN_POSITIVE),
            tau_average: tau_average.max(f64::MIN_POSITIVE),
            average: target,
            last_factor: 1.0,
        }
    }

    /// Feeds the neuron's current rate over a step of `dt` (exact
    /// exponential averaging).
    pub fn observe(&mut self, rate: f64, dt: f64) {
        let k = 1.0 - libm::exp(-dt / self.tau_average);
        self.average += k * (rate - self.average);
    }

    /// Scales `weights` for a step of `dt`; returns the factor applied.
    pub fn scale(&mut self, weights: &mut [f64], dt: f64) -> f64 {
        let f = libm::exp(dt / self.tau_scale * (self.target - self.average) / self.target);
        weights.iter_mut().for_each(|w| *w *= f);
        self.last_factor = f;
        f
    }

    /// The running rate r̄.
    pub fn average(&self) -> f64 {
        self.average
    }
}

impl Rule for Homeostasis {
    const INFO: RuleInfo = RuleInfo {
        name: "homeostasis",
        modifies: &["weights"],
        records: &["average_rate", "scale_factor"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "average_rate" => Some(self.average),
            "scale_factor" => Some(self.last_factor),
            _ => None,
        }
    }
}
