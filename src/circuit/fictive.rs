//! Fictive (counterfactual) learning: when a task reveals what an unchosen
//! option paid, that option's value learns from it too (docs/circuit.md,
//! "Counterfactual outcomes").
//!
//! In Behrens et al. (2007) exactly one of two options is rewarded on each
//! trial, so every outcome tells both options' outcomes; striatal activity
//! tracks such fictive errors (Lohrenz, McCabe, Camerer & Montague 2007
//! PNAS 104:9493). The fictive error of the unchosen option a_f is
//!
//!   δ_f = r_f − Q(s, a_f),   Δw_{a_f} = η · g · f · δ_f · x(s)
//!
//! with η the learning rate in force after the real outcome (adaptive or
//! not), g the phasic dopamine gain (a clamp or lesion of dopamine's effect
//! removes it, as it removes real learning) and f the critic's D1 efficacy
//! for δ_f ≥ 0, D2 for δ_f < 0. δ_f is not broadcast: the nuclei, the
//! recorded dopamine and the prefrontal filters see only the real outcome.
//! It updates the critic's weights (the Q actor's values); with multi-
//! timescale synapses (`model.consolidation`) or a lesioned critic it does
//! nothing, and the OpAL actor's Go/NoGo weights do not learn from it.

use super::Circuit;
use crate::neuromod::anatomy::Modulator;

impl Circuit {
    /// Learns the value of the unchosen `action` in features `x` from the
    /// `reward` it would have brought, if `model.counterfactual` is on.
    pub fn learn_counterfactual(&mut self, x: &[f64], action: usize, reward: f64) {
        if !self.model.counterfactual || action >= self.n_actions {
            return;
        }
        let mut seen = std::mem::take(&mut self.seen);
        let x = self.perceive(x, &mut seen);
        let b = self.nuclei.broadcast();
        let ventral = &mut self.regions.ventral;
        // Dopamine's phasic gain as the ventral striatum reads it.
        let gain = b.phasic_gain[Modulator::Dopamine as usize]
            * ventral.receptors().phasic_factor(Modulator::Dopamine);
        ventral.learn_fictive(x, action, reward, self.learning_rate, gain);
        self.seen = seen;
    }
}
