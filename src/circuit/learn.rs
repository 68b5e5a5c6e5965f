//! One learning step of the circuit, as named steps in the order they run:
//! prediction error (ventral striatum), beliefs (orbitofrontal, medial and
//! dorsolateral prefrontal), nuclei, learning rates, critic update, actor
//! update, traces (docs/circuit.md, "One step").

use super::belief::{CueSignals, Surprise};
use super::regions::ventral_striatum::{ach_rate, teaching};
use super::regions::Broadcast;
use super::spec::Actor;
use super::Circuit;
use crate::rng::Rng;

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
        let mut seen = std::mem::take(&mut self.seen);
        let mut seen_next = std::mem::take(&mut self.seen_next);
        let x = self.perceive(x, &mut seen);
        let next = next.map(|(x2, a2)| (self.perceive(x2, &mut seen_next), a2));
        self.step(x, action, reward, next, rng);
        self.seen = seen;
        self.seen_next = seen_next;
    }

    fn step(
        &mut self,
        x: &[f64],
        action: usize,
        reward: f64,
        next: Option<(&[f64], usize)>,
        rng: &mut Rng,
    ) {
        let b = self.nuclei.broadcast();
        // Serotonin stretches the time scale in medial prefrontal cortex.
        let discount = self.regions.mpfc.discount(self.model.discount, &b);
        // The trial's response pays its vigour cost with the outcome; the
        // nuclei and beliefs see the task's reward (R̄ is the reward earned).
        let cost = if next.is_none() {
            std::mem::take(&mut self.cost_due)
        } else {
            0.0
        };
        let (q, delta) = self.prediction_error(x, action, reward - cost, next, discount);
        self.regions.ventral.observe_error(x, delta);
        let at_outcome = next.is_none();
        let (surprise, cue_signals) = self.beliefs(action, reward, delta, at_outcome);
        let b = self.nuclei_respond(delta, reward, surprise, cue_signals);
        self.update_learning_rates(action, reward, at_outcome, &b);
        self.critic_update(x, action, reward, next.is_none(), &b, rng);
        if let Some(k) = self.kalman.as_mut() {
            // The Kalman learner's posterior means are the values (kalman.rs).
            k.observe(action, reward);
            self.regions.ventral.set_action_values(k.means());
            self.learning_rate = k.gain();
        }
        self.actor_update(x, action, next, discount, &b);
        self.decay_traces(discount);
        self.last_value = q;
        self.last_discount = discount;
        if next.is_none() {
            self.last_win = Some(reward > 0.0);
        }
    }

    /// The critic's prediction Q(s, a) and the temporal-difference error
    /// δ = r + γ·Q(s′, a′) − Q(s, a) (SARSA; Morris et al. 2006); the
    /// dorsolateral model of the task observes the step (Daw et al. 2011).
    fn prediction_error(
        &mut self,
        x: &[f64],
        action: usize,
        reward: f64,
        next: Option<(&[f64], usize)>,
        discount: f64,
    ) -> (f64, f64) {
        let ventral = &self.regions.ventral;
        let q = ventral.predict(x, action);
        if self.model.model_based_weight > 0.0 && !x.is_empty() {
            self.regions
                .dlpfc
                .observe(x, action, reward, next.map(|(x2, _)| x2));
        }
        let ventral = &self.regions.ventral;
        let bootstrap = match next {
            Some((x2, a2)) if !ventral.receptors().lesioned() => discount * ventral.value(x2, a2),
            _ => 0.0,
        };
        (q, reward + bootstrap - q)
    }

    /// Beliefs at the outcome: the orbitofrontal change-point probability Ω
    /// (phasic NE's input) and relative uncertainty τ (phasic ACh's) from
    /// the change-point filter (Nassar et al. 2010), or on cue tasks from the
    /// dorsolateral cue inference (Yu & Dayan 2005); the medial prefrontal
    /// volatility estimate (tonic NE's input) observes δ.
    fn beliefs(
        &mut self,
        action: usize,
        reward: f64,
        delta: f64,
        at_outcome: bool,
    ) -> (Surprise, Option<CueSignals>) {
        let mut surprise = Surprise::default();
        let mut cue_signals = None;
        if at_outcome {
            if self.regions.ofc.intact() {
                let hazard = self.model.hazard;
                surprise = self.regions.ofc.surprise(action, reward, hazard);
            }
            if let Some(sig) = self.regions.dlpfc.observe_cues(action, reward) {
                surprise.change_point = sig.unexpected;
                surprise.uncertainty = sig.expected;
                cue_signals = Some(sig);
            }
            self.regions.mpfc.observe(action, delta);
        }
        (surprise, cue_signals)
    }

    /// The nuclei turn δ, Ω, τ and the aversive part of δ into the
    /// broadcast; on cue tasks NE and ACh, read through dorsolateral
    /// receptors, decide whether the believed cue switches (Yu & Dayan 2005).
    fn nuclei_respond(
        &mut self,
        delta: f64,
        reward: f64,
        surprise: Surprise,
        cue_signals: Option<CueSignals>,
    ) -> Broadcast {
        let n = &mut self.nuclei;
        let volatility = self.regions.mpfc.volatility();
        n.norepinephrine.respond(surprise.change_point, volatility);
        n.acetylcholine
            .respond(surprise.uncertainty, surprise.uncertainty);
        n.serotonin.respond((-delta).max(0.0), 1.0);
        n.dopamine.respond(delta, reward);
        n.refresh();
        let b = n.broadcast();
        if cue_signals.is_some() {
            self.regions.dlpfc.maybe_switch(&b);
        }
        b
    }

    /// The orbitofrontal belief learns the outcome at rate Ω + (1 − Ω)·τ, and
    /// the striatal learning rates are set: with `adaptive_learning_rate`
    /// the medial prefrontal Kalman gain (both striata), otherwise each
    /// striatum's base rate × ACh speed (Doya 2002) × age plasticity.
    fn update_learning_rates(
        &mut self,
        action: usize,
        reward: f64,
        at_outcome: bool,
        b: &Broadcast,
    ) {
        let plasticity = self.nuclei.m.age_plasticity();
        let adaptive = self.model.adaptive_learning_rate && self.regions.mpfc.intact();
        if at_outcome {
            self.regions.ofc.update(action, reward, b);
            if adaptive {
                let rate = self
                    .regions
                    .mpfc
                    .learning_rate(self.model.outcome_noise, plasticity, b);
                self.learning_rate = rate;
                self.actor_rate = rate;
            }
        }
        if !adaptive {
            let base = self.model.learning_rate;
            self.learning_rate = ach_rate(self.regions.ventral.receptors(), base, plasticity, b);
            self.actor_rate = ach_rate(self.regions.dorsal.receptors(), base, plasticity, b);
        }
    }

    /// The ventral striatum learns from phasic dopamine read through its D1
    /// (bursts) or D2 (dips).
    fn critic_update(
        &mut self,
        x: &[f64],
        action: usize,
        reward: f64,
        trial_end: bool,
        b: &Broadcast,
        rng: &mut Rng,
    ) {
        let da = b.phasic[0];
        let t = teaching(
            self.regions.ventral.receptors(),
            &self.model.occupancy,
            da,
            b,
        );
        let rate = self.learning_rate * t.efficacy[usize::from(da < 0.0)];
        self.regions
            .ventral
            .learn(x, (action, reward, trial_end), (rate, t.signal), rng);
    }

    /// The dorsal striatum's actor learns: OpAL's Go through D1 and NoGo
    /// through D2, or the Q actor's correction D from its own error δ_d read
    /// through its own D1/D2 (dorsal_striatum.rs).
    fn actor_update(
        &mut self,
        x: &[f64],
        action: usize,
        next: Option<(&[f64], usize)>,
        discount: f64,
        b: &Broadcast,
    ) {
        let da = b.phasic[0];
        let occupancy = &self.model.occupancy;
        let dorsal = &self.regions.dorsal;
        if self.model.actor == Actor::Q {
            let ventral = self.regions.ventral.receptors();
            let active = !dorsal.receptors().reads_dopamine_as(ventral);
            if !active && !dorsal.corrected() {
                // Read alike and D = 0: the actor's values are the critic's.
                return;
            }
            let da_d = da + b.phasic_gain[0] * dorsal.correction_error(x, action, next, discount);
            let read = |r, m: f64| {
                let t = teaching(r, occupancy, m, b);
                t.signal * t.efficacy[usize::from(m < 0.0)]
            };
            let pair = (read(dorsal.receptors(), da_d), read(ventral, da));
            let rate = self.learning_rate;
            self.regions
                .dorsal
                .learn_correction(x, action, rate, pair, active);
            return;
        }
        let t = teaching(dorsal.receptors(), occupancy, da, b);
        let rho = dorsal.balance(self.model.opal_balance, b);
        self.regions
            .dorsal
            .learn(x, action, self.actor_rate, t.signal, t.efficacy, rho);
    }

    /// Eligibility decays by γλ per step; the hippocampus carries it across
    /// steps (temporal credit), so λ = 0 through a lesioned hippocampus.
    fn decay_traces(&mut self, discount: f64) {
        let lambda = self.regions.hippocampus.trace_decay(self.model.trace_decay);
        self.regions.ventral.decay(discount * lambda);
        self.regions.dorsal.decay(discount * lambda);
    }
}
