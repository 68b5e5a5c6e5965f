//! Critic synapses as Benna–Fusi chains (`consolidation.kind: "chain"`).

use crate::plasticity::SynapticChain;

/// Every critic synapse a chain of m communicating vessels u₁ … u_m
/// ([`SynapticChain`]; Benna & Fusi 2016, equations from the literature,
/// verify before quoting): the three-factor change Δw = η·DA·e adds to the
/// visible level u₁, which is the synapse's learned weight
/// (w = Q₀ part + u₁); between trials each chain evolves for one trial
/// (time in trials, τ₁ = 1/g₁₂), so a change fades from u₁ as t^{−1/2}
/// while the deep levels keep the long-run average and pull u₁ back towards
/// it after interference. Benna–Fusi synapses in tabular Q-learning reduce
/// catastrophic forgetting between alternating tasks (Kaplanis, Shanahan &
/// Clopath 2018, ICML; abstract read).
#[derive(Clone, Debug)]
pub struct ChainSynapses {
    chain: SynapticChain,
}

impl ChainSynapses {
    /// `n` synapses of `levels` levels with first coupling g₁₂ per trial.
    pub fn new(n: usize, levels: usize, coupling: f64) -> Self {
        ChainSynapses {
            chain: SynapticChain::new(n, levels, coupling),
        }
    }

    /// A plasticity event Δw on synapse `i` (to its visible level).
    pub fn add(&mut self, i: usize, dw: f64) {
        self.chain.add(i, dw);
    }

    /// The learned part of synapse `i`'s weight, u₁.
    pub fn net(&self, i: usize) -> f64 {
        self.chain.weight(i)
    }

    /// One trial of communication between the levels.
    pub fn end_trial(&mut self) {
        self.chain.step(1.0);
    }

    /// Share of the synapses' content Σ C_k|u_k| held below the visible
    /// level, in [0, 1]: how much of what was learned has moved deep.
    pub fn deep_share(&self) -> f64 {
        self.chain.hidden_share()
    }
}
