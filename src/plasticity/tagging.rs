//! Synaptic tagging and capture: early LTP, a shared protein trigger and a
//! bistable late phase.

use super::rule::{mean, Rule, RuleInfo};

/// Parameters of [`TagCapture`]; time in hours.
#[derive(Clone, Debug, PartialEq)]
pub struct TagParams {
    /// Decay of the early weight / tag, τ_h (h).
    pub tau_tag: f64,
    /// Decay of the plasticity-related proteins, τ_p (h).
    pub tau_protein: f64,
    /// Time constant of the late-phase variable, τ_z (h).
    pub tau_late: f64,
    /// Protein synthesis rate while triggered, a (per hour); 0 models
    /// anisomycin.
    pub synthesis: f64,
    /// Trigger threshold θ_p on the neuron's summed tags.
    pub threshold: f64,
    /// How much dopamine lowers the threshold: θ_eff = θ_p/(1 + k_DA·DA).
    pub dopamine_gain: f64,
    /// Size of the late phase (weight of a consolidated synapse).
    pub late_weight: f64,
}

impl Default for TagParams {
    /// Calibrated on STC-1..5 with pathways of 20 synapses (a weak tetanus
    /// tags each by 0.5, a strong one by 1); not Clopath et al.'s table.
    fn default() -> Self {
        TagParams {
            tau_tag: 1.0,
            tau_protein: 1.0,
            tau_late: 0.75,
            synthesis: 8.0,
            threshold: 12.0,
            dopamine_gain: 2.0,
            late_weight: 1.0,
        }
    }
}

/// Tag–trigger–consolidation for the synapses of one neuron, simplified
/// from Clopath, Ziegler, Vasilaki, Büsing & Gerstner 2008 (PLoS Comput
/// Biol 4:e1000248; structure read in the abstract, equations ours):
///
/// - early weight and tag h_i ∈ [0, 1], set by a tetanus, decaying
///   dh_i/dt = −h_i/τ_h (early LTP lasts ~1–3 h);
/// - proteins shared by the neuron: dp/dt = −p/τ_p + a·Θ(Σ_i h_i − θ_eff),
///   θ_eff = θ_p/(1 + k_DA·DA) (dopamine/novelty lowers the trigger
///   threshold: behavioural tagging, Moncada & Viola 2007; from the
///   literature, verify before quoting);
/// - late phase: τ_z dz_i/dt = −z_i(z_i − ½)(z_i − 1) + p·h_i·(1 − z_i),
///   a double well with states 0 and 1 that is pushed over its barrier only
///   while the synapse is tagged *and* proteins are present (capture).
///
/// The synapse's potentiation is w_i = h_i + w_late·z_i. Time in hours.
#[derive(Clone, Debug)]
pub struct TagCapture {
    params: TagParams,
    tag: Vec<f64>,
    late: Vec<f64>,
    protein: f64,
    dopamine: f64,
    triggered: bool,
}

impl TagCapture {
    /// `n` untagged, unconsolidated synapses.
    pub fn new(n: usize, params: TagParams) -> Self {
        TagCapture {
            params,
            tag: vec![0.0; n],
            late: vec![0.0; n],
            protein: 0.0,
            dopamine: 0.0,
            triggered: false,
        }
    }

    /// A tetanus on `synapses`: each tag grows by `amount` (capped at 1).
    /// Weak tetanus ≈ 0.5, strong ≈ 1.
    pub fn tetanus(&mut self, synapses: &[usize], amount: f64) {
        for &i in synapses {
            if let Some(h) = self.tag.get_mut(i) {
                *h = (*h + amount).clamp(0.0, 1.0);
            }
        }
    }

    /// The current dopamine (or novelty) level, ≥ 0, held until changed.
    pub fn set_dopamine(&mut self, level: f64) {
        self.dopamine = level.max(0.0);
    }

    /// The trigger threshold after dopamine.
    pub fn effective_threshold(&self) -> f64 {
        self.params.threshold / (1.0 + self.params.dopamine_gain * self.dopamine)
    }

    /// Advances by `dt` hours (use steps of a few minutes): tags and
    /// proteins exactly, the late phase by Euler.
    pub fn step(&mut self, dt: f64) {
        let p = &self.params;
        self.triggered = self.tag.iter().sum::<f64>() >= self.effective_threshold();
        let e = libm::exp(-dt / p.tau_protein);
        let source = if self.triggered { p.synthesis } else { 0.0 };
        // Protein at the start of the step drives capture over it.
        let protein = self.protein;
        self.protein = protein * e + source * p.tau_protein * (1.0 - e);
        for (z, h) in self.late.iter_mut().zip(&self.tag) {
            let drift = -*z * (*z - 0.5) * (*z - 1.0) + protein * h * (1.0 - *z);
            *z += dt / p.tau_late * drift;
        }
        let eh = libm::exp(-dt / p.tau_tag);
        self.tag.iter_mut().for_each(|h| *h *= eh);
    }

    /// Potentiation of synapse `i`: h_i + w_late·z_i.
    pub fn weight(&self, i: usize) -> f64 {
        self.tag.get(i).copied().unwrap_or(0.0)
            + self.params.late_weight * self.late.get(i).copied().unwrap_or(0.0)
    }

    /// Mean potentiation of a group of synapses (a pathway).
    pub fn pathway(&self, synapses: &[usize]) -> f64 {
        if synapses.is_empty() {
            return 0.0;
        }
        synapses.iter().map(|&i| self.weight(i)).sum::<f64>() / synapses.len() as f64
    }

    /// Tag (early weight) of synapse `i`.
    pub fn tag(&self, i: usize) -> f64 {
        self.tag.get(i).copied().unwrap_or(0.0)
    }

    /// Late-phase variable z of synapse `i`.
    pub fn late(&self, i: usize) -> f64 {
        self.late.get(i).copied().unwrap_or(0.0)
    }

    /// The neuron's protein level p.
    pub fn protein(&self) -> f64 {
        self.protein
    }
}

impl Rule for TagCapture {
    const INFO: RuleInfo = RuleInfo {
        name: "tag_capture",
        modifies: &["early_weights", "late_weights"],
        records: &["weight", "tag", "late", "protein", "triggered"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "weight" => Some(mean(&self.tag) + self.params.late_weight * mean(&self.late)),
            "tag" => Some(mean(&self.tag)),
            "late" => Some(mean(&self.late)),
            "protein" => Some(self.protein),
            "triggered" => Some(if self.triggered { 1.0 } else { 0.0 }),
            _ => None,
        }
    }
}
