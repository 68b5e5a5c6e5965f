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

use super::bounds::WEIGHT_BOUND;
use super::Circuit;
use crate::neuromod::anatomy::Region;

impl Circuit {
    /// Learns the value of the unchosen `action` in features `x` from the
    /// `reward` it would have brought, if `model.counterfactual` is on.
    pub fn learn_counterfactual(&mut self, x: &[f64], action: usize, reward: f64) {
        let a = &self.active;
        if !self.model.counterfactual
            || action >= self.n_actions
            || self.synapses.is_some()
            || a.m.lesioned(Region::Critic)
        {
            return;
        }
        let x = self.sensed(x);
        let delta = reward - self.value(x, action);
        let receptor = if delta >= 0.0 {
            a.critic_d1
        } else {
            a.critic_d2
        };
        let step = self.learning_rate * a.dopamine.phasic_gain() * receptor * delta;
        let nf = self.n_features;
        for (w, xi) in self.critic[action * nf..(action + 1) * nf]
            .iter_mut()
            .zip(x)
        {
            *w = (*w + step * xi).clamp(-WEIGHT_BOUND, WEIGHT_BOUND);
        }
    }
}
