//! One learning step of the circuit, as named steps in the order they run:
//! prediction error, prefrontal belief, nuclei, learning rate, critic
//! update, actor update, traces (docs/circuit.md, "One step").

use super::belief::{self, CueSignals, TransitionModel, Volatility};
use super::bounds::WEIGHT_BOUND;
use super::spec::Actor;
use super::Circuit;
use crate::neuromod::anatomy::Region;
use crate::plasticity::ThreeFactor;
use crate::rng::Rng;

/// The broadcast of one step as the learning steps read it.
#[derive(Clone, Copy, Debug)]
struct Broadcast {
    /// Phasic norepinephrine (change-point probability Ω after the nucleus).
    ne: f64,
    /// Phasic acetylcholine (relative uncertainty τ after the nucleus).
    ach: f64,
    /// Phasic dopamine (the prediction error after the nucleus).
    da: f64,
}

/// What the three-factor updates read: the teaching signal and the
/// receptor efficacies that carry it.
#[derive(Clone, Copy, Debug)]
struct Teaching {
    /// The third factor M of Δw = η·M·e.
    signal: f64,
    /// Critic efficacy: D1 for bursts, D2 for dips.
    critic: f64,
    /// Striatal D1 (Go) and D2 (NoGo) efficacies.
    striatum: [f64; 2],
}

impl Circuit {
    /// Learns from taking `action` in `x` and receiving `reward`; `next` is
    /// the following state and action within the trial, or `None` at its end.
    pub fn learn(
        &mut self,
        x: &[f64],
        action: usize,
        reward: f64,
        next: Option<(&[f64], usize)>,
        rng: &mut Rng,
    ) {
        let x = self.sensed(x);
        let recalled = self.recalled(x);
        let x = recalled.as_deref().unwrap_or(x);
        // Serotonin stretches the time scale: γ_eff = γ^(1/s) (Doya 2002).
        let discount = libm::pow(self.model.discount, 1.0 / self.active.serotonin_tone());
        let (q, delta) = self.prediction_error(x, action, reward, next, discount);
        if let Some(c) = self.associability.as_mut() {
            c.observe(x, delta);
        }
        let at_outcome = next.is_none() && !self.active.m.lesioned(Region::Prefrontal);
        let (surprise, cue_signals) = self.prefrontal_belief(action, reward, delta, at_outcome);
        let broadcast = self.nuclei(delta, reward, surprise, cue_signals);
        self.update_learning_rate(action, reward, at_outcome, broadcast);
        let teaching = self.teaching(broadcast.da);
        self.critic_update(x, action, reward, next.is_none(), teaching, rng);
        if let Some(k) = self.kalman.as_mut() {
            // The Kalman learner's posterior means are the values (kalman.rs).
            k.observe(action, reward);
            k.write_values(&mut self.critic, self.n_features);
            self.learning_rate = k.gain();
        }
        self.actor_update(x, action, teaching);
        self.decay_traces(discount);
        self.last_value = q;
        self.last_discount = discount;
        if next.is_none() {
            self.last_win = Some(reward > 0.0);
        }
    }

    /// The critic's prediction Q(s, a) and the temporal-difference error
    /// δ = r + γ·Q(s′, a′) − Q(s, a) (SARSA; Morris et al. 2006); also lets
    /// the prefrontal transition model observe the step (Daw et al. 2011).
    fn prediction_error(
        &mut self,
        x: &[f64],
        action: usize,
        reward: f64,
        next: Option<(&[f64], usize)>,
        discount: f64,
    ) -> (f64, f64) {
        let q = if self.active.m.lesioned(Region::Critic) {
            0.0
        } else {
            self.value(x, action)
        };
        if self.model.model_based_weight > 0.0 && !x.is_empty() {
            let s1 = TransitionModel::state(x);
            let s2 = next.map(|(x2, _)| TransitionModel::state(x2));
            self.transitions.observe(s1, action, reward, s2);
        }
        let bootstrap = match next {
            Some((x2, a2)) if !self.active.m.lesioned(Region::Critic) => {
                let x2 = self.sensed(x2);
                let recalled = self.recalled(x2);
                let x2 = recalled.as_deref().unwrap_or(x2);
                discount * Self::dot(Self::row(&self.critic, self.n_features, a2), x2)
            }
            _ => 0.0,
        };
        (q, reward + bootstrap - q)
    }

    /// Prefrontal belief at the outcome: the change-point probability Ω (the
    /// input of phasic NE) and the relative uncertainty τ (of phasic ACh)
    /// from the change-point filter (Nassar et al. 2010), or from the
    /// relevant-cue inference on cue tasks (Yu & Dayan 2005); the volatility
    /// estimate (tonic NE's input) observes δ.
    fn prefrontal_belief(
        &mut self,
        action: usize,
        reward: f64,
        delta: f64,
        at_outcome: bool,
    ) -> (belief::Surprise, Option<CueSignals>) {
        let mut surprise = belief::Surprise::default();
        let mut cue_signals = None;
        if at_outcome {
            surprise = self.filter.surprise(action, reward, self.model.hazard);
            if let Some(b) = self.cue_belief.as_mut() {
                // Two-choice cue tasks: a reward says the target was on the
                // chosen side, no reward the other side.
                let target = if reward > 0.0 {
                    action
                } else {
                    1 - action.min(1)
                };
                let sig = b.observe(&self.cue_directions, target);
                surprise.change_point = sig.unexpected;
                surprise.uncertainty = sig.expected;
                cue_signals = Some(sig);
            }
            // Tonic NE carries the volatility estimate (its running mean, ×
            // tone); phasic NE the surprise of this outcome.
            self.last_volatility = self.volatility.observe(action, delta);
        }
        (surprise, cue_signals)
    }

    /// The nuclei turn δ, Ω, τ and the aversive part of δ into the
    /// broadcast; on cue tasks NE and ACh, read through their receptors,
    /// decide whether the believed cue switches (Yu & Dayan 2005).
    fn nuclei(
        &mut self,
        delta: f64,
        reward: f64,
        surprise: belief::Surprise,
        cue_signals: Option<CueSignals>,
    ) -> Broadcast {
        let a = &mut self.active;
        let ne = a
            .norepinephrine
            .respond(surprise.change_point, self.last_volatility);
        let ach = a
            .acetylcholine
            .respond(surprise.uncertainty, surprise.uncertainty);
        a.serotonin.respond((-delta).max(0.0), 1.0);
        let da = a.dopamine.respond(delta, reward);
        if let (Some(b), Some(_)) = (self.cue_belief.as_mut(), cue_signals) {
            // The receptors set how strongly each signal acts on the switch.
            b.maybe_switch(ne * a.prefrontal_beta, ach * a.sensory_m1);
        }
        Broadcast { ne, ach, da }
    }

    /// The change-point filter learns the outcome at rate Ω + (1 − Ω)·τ, and
    /// the learning rate η is set: with `adaptive_learning_rate` the Kalman
    /// gain of the volatility estimate (× NE) against the outcome noise
    /// (÷ ACh), otherwise base rate × ACh speed (Doya 2002) × age plasticity.
    fn update_learning_rate(
        &mut self,
        action: usize,
        reward: f64,
        at_outcome: bool,
        broadcast: Broadcast,
    ) {
        let a = &self.active;
        let plasticity = a.m.age_plasticity();
        if at_outcome {
            let omega = (broadcast.ne * a.prefrontal_beta).clamp(0.0, 1.0);
            let tau = (broadcast.ach * a.sensory_m1).clamp(0.0, 0.999);
            self.filter.update(action, reward, omega, tau);
            if self.model.adaptive_learning_rate {
                // NE scales the volatility estimate (through PFC β receptors),
                // ACh the weight of new evidence (through sensory M1: more
                // ACh, less trust in the prior; Yu & Dayan 2005).
                let q = self.last_volatility * a.norepinephrine.tone() * a.prefrontal_beta;
                let noise =
                    self.model.outcome_noise / (a.acetylcholine.tone() * a.sensory_m1).max(0.05);
                self.learning_rate = Volatility::gain(q, noise) * plasticity;
            }
        }
        if !self.model.adaptive_learning_rate || a.m.lesioned(Region::Prefrontal) {
            // ACh sets the speed of memory update (Doya 2002) through hippocampal M1.
            let ach_speed = a.acetylcholine.tone() * a.hippocampus_m1;
            // A rate above 1 overshoots every target: keep it a rate.
            self.learning_rate =
                (self.model.learning_rate * ach_speed * plasticity).clamp(0.0, 1.0);
        }
    }

    /// The third factor: phasic dopamine read by D1 (bursts) and D2 (dips);
    /// with receptor occupancy, the occupancy change it causes on the tonic
    /// baseline (docs/circuit.md, "Receptor occupancy").
    fn teaching(&self, da: f64) -> Teaching {
        let a = &self.active;
        let occ = &self.model.occupancy;
        if occ.enabled {
            let k = usize::from(da < 0.0);
            let b = a.baseline_nm(occ);
            Teaching {
                signal: occ.signal(da, b),
                critic: a.critic_occ[k],
                striatum: a.striatum_occ,
            }
        } else {
            let receptor = if da >= 0.0 { a.critic_d1 } else { a.critic_d2 };
            Teaching {
                signal: da,
                critic: receptor,
                striatum: [a.striatum_d1, a.striatum_d2],
            }
        }
    }

    /// The critic learns Δw = η·f·M·e (three-factor rule), through fast and
    /// slow parts when consolidation is on; weights stay within
    /// ±[`WEIGHT_BOUND`]; at the trial's end the experience is kept for
    /// replay and turnover and scaling run.
    fn critic_update(
        &mut self,
        x: &[f64],
        action: usize,
        reward: f64,
        trial_end: bool,
        teaching: Teaching,
        rng: &mut Rng,
    ) {
        let row = action * self.n_features;
        // With associability, a cue's synapses become eligible in
        // proportion to the attention it has earned (Pearce & Hall 1980).
        match self.associability.as_mut() {
            Some(c) => self.critic_trace.tag(row, c.weigh(x), 1.0),
            None => self.critic_trace.tag(row, x, 1.0),
        }
        let rate = self.learning_rate * teaching.critic;
        match self.synapses.as_mut() {
            Some(syn) => {
                syn.learn(
                    &mut self.critic,
                    &self.critic_trace,
                    rate,
                    teaching.signal,
                    self.active.m.protein_synthesis,
                );
                if trial_end {
                    syn.remember(x, action, reward, rng);
                }
            }
            None => {
                ThreeFactor { rate }.apply(&mut self.critic, &self.critic_trace, teaching.signal)
            }
        }
        for w in self.critic.iter_mut() {
            *w = w.clamp(-WEIGHT_BOUND, WEIGHT_BOUND);
        }
        if trial_end {
            if let Some(st) = self.structure.as_mut() {
                st.after_trial(&mut self.critic, x, action);
            }
        }
    }

    /// The OpAL actor (Collins & Frank 2014): Go learns ΔG = η·D1·(1 + ρ)·M·x·G,
    /// NoGo ΔN = −η·D2·(1 − ρ)·M·x·N, with ρ set by tonic dopamine; nothing
    /// through a lesioned striatum or with the Q actor.
    fn actor_update(&mut self, x: &[f64], action: usize, teaching: Teaching) {
        let a = &self.active;
        if self.model.actor != Actor::Opal || a.m.lesioned(Region::Striatum) {
            return;
        }
        let nf = self.n_features;
        let row = action * nf;
        let g = Self::dot(Self::row(&self.go, nf, action), x).max(0.0);
        let n = Self::dot(Self::row(&self.nogo, nf, action), x).max(0.0);
        self.go_trace.tag(row, x, g);
        self.nogo_trace.tag(row, x, n);
        let rate = self.learning_rate;
        // Tonic dopamine also shifts which pathway learns (Frank 2005:
        // high tone lets bursts potentiate Go, low tone lets dips reach D2).
        let rho = (self.model.opal_balance * (a.dopamine.tone() - 1.0)).clamp(-0.95, 0.95);
        ThreeFactor {
            rate: rate * teaching.striatum[0] * (1.0 + rho),
        }
        .apply(&mut self.go, &self.go_trace, teaching.signal);
        ThreeFactor {
            rate: rate * teaching.striatum[1] * (1.0 - rho),
        }
        .apply(&mut self.nogo, &self.nogo_trace, -teaching.signal);
        self.go
            .iter_mut()
            .chain(self.nogo.iter_mut())
            .for_each(|w| *w = w.clamp(0.0, WEIGHT_BOUND));
    }

    /// Eligibility decays by γλ per step; the hippocampus carries it across
    /// steps (temporal credit), so λ = 0 through a lesioned hippocampus.
    fn decay_traces(&mut self, discount: f64) {
        let lambda = if self.active.m.lesioned(Region::Hippocampus) {
            0.0
        } else {
            self.model.trace_decay
        };
        for t in [
            &mut self.critic_trace,
            &mut self.go_trace,
            &mut self.nogo_trace,
        ] {
            t.decay(discount * lambda);
        }
    }
}
