//! The rate-level circuit: regions that share one neuromodulatory broadcast
//! (docs/science/model.md, "The rate-level circuit").
//!
//! One step: the ventral striatum (critic) predicts, the outcome gives the
//! temporal-difference error δ; the orbitofrontal change-point filter gives
//! surprise Ω and uncertainty τ, the medial prefrontal cortex the
//! volatility; the nuclei turn δ, τ, Ω and the aversive part of δ into
//! dopamine, acetylcholine, norepinephrine and serotonin; each region
//! (`regions`, one module each) reads that broadcast through its own
//! receptors: both striata learn by the three-factor rule with dopamine
//! (D1 for bursts, D2 for dips) at the speed acetylcholine sets, the medial
//! prefrontal cortex sets the adaptive learning rate, exploration and
//! patience, orbitofrontal serotonin the response to losses, dorsolateral
//! dopamine the weight of the model of the task.

pub mod associability;
pub mod belief;
pub mod bounds;
pub mod chain;
pub mod consolidation;
mod fictive;
pub mod kalman;
mod learn;
pub mod memory;
pub mod metrics;
pub mod occupancy;
pub mod regions;
pub mod spec;
pub mod structure;
pub mod tagging;

pub use bounds::{SENSORY_WEIGHT_BOUND, WEIGHT_BOUND};
pub use metrics::{ASSOCIABILITY_METRICS, MEMORY_METRICS, METRICS, STRUCTURE_METRICS};
pub use spec::{Actor, ModelSpec, NeExploration, TaskNeed, TaskShape};

use crate::metric::Metric;
use crate::neuromod::anatomy::Region;
use crate::neuromod::{Condition, Level, Manipulation, Nucleus};
use crate::rng::Rng;
use regions::ventral_striatum::vigour;
use regions::{
    Broadcast, Dlpfc, DorsalStriatum, Hippocampus, Mpfc, Ofc, Reading, Sensory, VentralStriatum,
};
use structure::Structure;

/// Every metric the circuit records for `model`, in the order of
/// [`Circuit::trial_metrics`].
pub fn metric_table(model: &ModelSpec) -> Vec<Metric> {
    let mut table = METRICS.to_vec();
    if model.structure.enabled() {
        table.extend_from_slice(STRUCTURE_METRICS);
    }
    if model.associability.enabled {
        table.extend_from_slice(ASSOCIABILITY_METRICS);
    }
    if model.memory.enabled {
        table.extend_from_slice(MEMORY_METRICS);
    }
    table
}

/// Names of [`metric_table`]'s metrics, in order.
pub fn metric_names(model: &ModelSpec) -> Vec<&'static str> {
    metric_table(model).iter().map(|m| m.name).collect()
}

/// The four nuclei under the condition in force (control before
/// `from_trial`, the manipulation after).
#[derive(Clone, Debug)]
struct Nuclei {
    m: Manipulation,
    dopamine: Nucleus,
    acetylcholine: Nucleus,
    norepinephrine: Nucleus,
    serotonin: Nucleus,
    /// What the nuclei send now, refreshed whenever they respond.
    sent: Broadcast,
}

impl Nuclei {
    fn new(model: &ModelSpec, m: Manipulation, previous: Option<&Nuclei>) -> Self {
        let age = m.age_tone();
        let [da, ach, ne, ser] = &m.modulators;
        let nucleus = |s, rate, initial, prev: Option<&Nucleus>| match prev {
            Some(p) => p.with_settings(s, age),
            None => Nucleus::new(s, rate, initial, age),
        };
        let rate = model.average_reward_rate;
        Nuclei {
            dopamine: nucleus(da, rate, model.initial_value, previous.map(|p| &p.dopamine)),
            acetylcholine: nucleus(ach, rate, 0.5, previous.map(|p| &p.acetylcholine)),
            // Tonic NE: the volatility estimate, smoothed at the estimator's own rate, × tone.
            norepinephrine: nucleus(
                ne,
                model.volatility_decay,
                model.volatility_prior,
                previous.map(|p| &p.norepinephrine),
            ),
            serotonin: nucleus(ser, rate, 1.0, previous.map(|p| &p.serotonin)),
            m,
            sent: Broadcast::default(),
        }
        .refreshed()
    }

    /// The nuclei with their broadcast recomputed.
    fn refreshed(mut self) -> Self {
        self.refresh();
        self
    }

    /// Recomputes what the nuclei send (after any of them responds).
    fn refresh(&mut self) {
        let mut b = Broadcast::default();
        for (i, n) in self.all().iter().enumerate() {
            b.tone[i] = n.tone();
            b.phasic[i] = n.level().phasic;
            b.phasic_gain[i] = n.phasic_gain();
        }
        self.sent = b;
    }

    fn all(&self) -> [&Nucleus; 4] {
        [
            &self.dopamine,
            &self.acetylcholine,
            &self.norepinephrine,
            &self.serotonin,
        ]
    }

    /// What every region is sent now.
    fn broadcast(&self) -> Broadcast {
        self.sent
    }
}

/// Every region of the circuit, each with its own receptors.
#[derive(Clone, Debug)]
struct Regions {
    sensory: Sensory,
    hippocampus: Hippocampus,
    ofc: Ofc,
    mpfc: Mpfc,
    dlpfc: Dlpfc,
    dorsal: DorsalStriatum,
    ventral: VentralStriatum,
}

impl Regions {
    fn new(model: &ModelSpec, m: &Manipulation, nf: usize, na: usize) -> Self {
        let r = |region| Reading::new(region, &model.receptors, m);
        Regions {
            sensory: Sensory::new(r(Region::Sensory), nf),
            hippocampus: Hippocampus::new(r(Region::Hippocampus), &model.memory, nf),
            ofc: Ofc::new(r(Region::Ofc), na, model.initial_value, model.outcome_noise),
            mpfc: Mpfc::new(r(Region::Mpfc), model, na),
            dlpfc: Dlpfc::new(
                r(Region::Dlpfc),
                nf,
                na,
                model.transition_rate,
                model.learning_rate,
                model.initial_value,
                model.hazard,
            ),
            dorsal: DorsalStriatum::new(r(Region::DorsalStriatum), nf, na),
            ventral: VentralStriatum::new(model, r(Region::VentralStriatum), nf, na),
        }
    }

    /// A condition takes effect: every region gets its new receptors.
    fn set_manipulation(&mut self, model: &ModelSpec, m: &Manipulation) {
        let r = |region| Reading::new(region, &model.receptors, m);
        self.sensory.set_receptors(r(Region::Sensory));
        self.hippocampus.set_receptors(r(Region::Hippocampus));
        self.ofc.set_receptors(r(Region::Ofc));
        self.mpfc.set_receptors(r(Region::Mpfc));
        self.dlpfc.set_receptors(r(Region::Dlpfc));
        self.dorsal.set_receptors(r(Region::DorsalStriatum));
        self.ventral.set_receptors(r(Region::VentralStriatum));
    }
}

/// The rate-level learner of every trial-based task: seven regions
/// ([`regions`]) sharing one broadcast from four nuclei.
///
/// Values: Q(s, a) = w_a · x(s) (ventral striatum); δ = r + γ·Q(s′, a′) −
/// Q(s, a) (SARSA; dopamine follows the chosen action's value, Morris et
/// al. 2006); Δw = η·e·DA·trace with e the D1 efficacy for bursts and D2 for
/// dips (Frank 2005). With one feature, λ = 0 and no manipulation this is
/// Q-learning as in docs/science/criteria.md §9.1. The optional OpAL actor
/// (dorsal striatum; Collins & Frank 2014) learns Go weights with D1 and
/// NoGo weights with D2 from the same δ.
#[derive(Clone, Debug)]
pub struct Circuit {
    model: ModelSpec,
    n_actions: usize,
    manipulated: Manipulation,
    from_trial: u32,
    trial: u32,
    nuclei: Nuclei,
    regions: Regions,
    probabilities: Vec<f64>,
    /// Ventral striatal learning rate for the next update (adaptive: from
    /// the last outcome) and the dorsal striatum's.
    learning_rate: f64,
    actor_rate: f64,
    /// Outcome of the previous trial: Some(true) win, Some(false) loss.
    last_win: Option<bool>,
    last_value: f64,
    last_beta: f64,
    last_entropy: f64,
    last_discount: f64,
    /// The last choice had the highest preference.
    last_greedy: bool,
    /// The latency of this trial's first response and the cost it still
    /// owes, paid with the trial's outcome (`ventral_striatum::vigour`).
    latency: f64,
    cost_due: f64,
    responded: bool,
    /// Buffers for the features as the hippocampal memory completes them,
    /// this step and the next (reused; see `perceive`).
    seen: Vec<f64>,
    seen_next: Vec<f64>,
    /// The Kalman learner's beliefs, with `model.learner: "kalman"`.
    kalman: Option<kalman::Kalman>,
}

impl Circuit {
    /// A naive circuit for a task with `n_features` features and `n_actions` actions.
    pub fn new(
        model: &ModelSpec,
        condition: &Condition,
        n_features: usize,
        n_actions: usize,
    ) -> Self {
        let manipulated = Manipulation::of(condition);
        let from_trial = condition.from_trial.max(1);
        let start = if from_trial <= 1 {
            manipulated.clone()
        } else {
            Manipulation::default()
        };
        let regions = Regions::new(model, &start, n_features, n_actions);
        let nuclei = Nuclei::new(model, start, None);
        Circuit {
            n_actions,
            manipulated,
            from_trial,
            trial: 0,
            nuclei,
            regions,
            probabilities: vec![0.0; n_actions],
            learning_rate: model.learning_rate,
            actor_rate: model.learning_rate,
            last_win: None,
            last_value: model.initial_value,
            last_beta: model.inverse_temperature,
            last_entropy: 0.0,
            last_discount: model.discount,
            last_greedy: true,
            latency: 0.0,
            cost_due: 0.0,
            responded: false,
            seen: Vec::with_capacity(n_features),
            seen_next: Vec::with_capacity(n_features),
            kalman: (model.learner == kalman::Learner::Kalman)
                .then(|| kalman::Kalman::new(&model.kalman, n_actions, model.initial_value)),
            model: model.clone(),
        }
    }

    /// Starts a trial; the condition's manipulation takes effect at its
    /// `from_trial`, and a scheduled offline phase (sleep) runs first.
    pub fn begin_trial(&mut self, rng: &mut Rng) {
        self.trial += 1;
        self.responded = false;
        if self.trial == self.from_trial && self.from_trial > 1 {
            self.nuclei = Nuclei::new(&self.model, self.manipulated.clone(), Some(&self.nuclei));
            self.regions
                .set_manipulation(&self.model, &self.manipulated);
        }
        let rate = self.model.learning_rate * self.nuclei.m.age_plasticity();
        let b = self.nuclei.broadcast();
        self.regions.ventral.sleep_if_due(self.trial, rate, &b, rng);
    }

    /// Q(s, a) for features `x`.
    pub fn value(&self, x: &[f64], action: usize) -> f64 {
        self.regions.ventral.value(x, action)
    }

    /// The features as the circuit sees them: through sensory cortex, then
    /// completed by the hippocampal memory when it is on (written into
    /// `buf`); otherwise `x` itself, not copied (a copy is a call out of the
    /// code in wasm, two per trial).
    fn perceive<'a>(&mut self, x: &'a [f64], buf: &'a mut Vec<f64>) -> &'a [f64] {
        let x = self.regions.sensory.sense(x);
        let b = self.nuclei.broadcast();
        if self.regions.hippocampus.recall_into(x, &b, buf) {
            buf
        } else {
            x
        }
    }

    /// Inverse temperature now: β × medial prefrontal NE (exploration) ×
    /// orbitofrontal serotonin's effect after the last outcome.
    fn inverse_temperature(&self, b: &Broadcast) -> f64 {
        let ne_factor = self.regions.mpfc.exploration(self.model.ne_exploration, b);
        let ser_factor = self.regions.ofc.loss_response(self.last_win, b);
        self.model.inverse_temperature * ne_factor * ser_factor
    }

    /// Tells the dorsolateral prefrontal cortex where each cue points this
    /// trial (tasks with Yu & Dayan cues).
    pub fn set_cues(&mut self, directions: &[usize]) {
        self.regions.dlpfc.set_cues(directions);
    }

    /// Softmax choice by the dorsal striatum over its preferences (uniform
    /// through a lesion), mixed with dorsolateral model-based values and
    /// its top-down cue bias. Only the `available` actions can be chosen
    /// (all when `None`).
    pub fn choose(&mut self, x: &[f64], available: Option<&[usize]>, rng: &mut Rng) -> usize {
        let b = self.nuclei.broadcast();
        let sensed = self.regions.sensory.sense(x);
        self.regions.sensory.present(sensed, &b);
        let mut seen = std::mem::take(&mut self.seen);
        let x = self.perceive(x, &mut seen);
        let beta = self.inverse_temperature(&b);
        let w = self
            .regions
            .dlpfc
            .model_based_weight(self.model.model_based_weight, &b);
        if w > 0.0 {
            self.regions.dlpfc.refresh(self.regions.ventral.weights());
        }
        let rho = self.regions.dorsal.balance(self.model.opal_balance, &b);
        let mut max = f64::NEG_INFINITY;
        for a in 0..self.n_actions {
            let pref = if self.regions.dorsal.receptors().lesioned() {
                0.0
            } else {
                let free = match self.model.actor {
                    Actor::Q => {
                        self.regions.ventral.value(x, a) + self.regions.dorsal.correction(x, a)
                    }
                    Actor::Opal => self.regions.dorsal.preference(x, a, rho),
                };
                if w > 0.0 && !x.is_empty() {
                    (1.0 - w) * free + w * self.regions.dlpfc.value(x, a)
                } else {
                    free
                }
            };
            let pref = pref + self.regions.dlpfc.top_down(a, &b);
            self.probabilities[a] = pref;
            max = max.max(pref);
        }
        // An offer naming no real action means no restriction.
        let available = available.filter(|o| o.iter().any(|a| *a < self.n_actions));
        if let Some(offered) = available {
            max = offered
                .iter()
                .filter_map(|a| self.probabilities.get(*a))
                .fold(f64::NEG_INFINITY, |m, p| m.max(*p));
        }
        // Entropy from the exponents z = β·(pref − max): with p = e^z / Z,
        // H = −Σ p·ln p = ln Z − Σ p·z, one logarithm per choice.
        let (mut total, mut weighted) = (0.0, 0.0);
        for (a, p) in self.probabilities.iter_mut().enumerate() {
            let offered = available.is_none_or(|o| o.contains(&a));
            *p = if offered {
                let z = beta * (*p - max);
                // e^0 is exactly 1: the best action needs no call.
                let e = if z == 0.0 { 1.0 } else { libm::exp(z) };
                weighted += e * z;
                e
            } else {
                0.0
            };
            total += *p;
        }
        self.last_entropy = (libm::log(total) - weighted / total).max(0.0);
        self.last_beta = beta;
        if !self.responded {
            // The trial's response: its latency is chosen from tonic dopamine.
            let tonic = self.nuclei.dopamine.level().tonic;
            let v = vigour(
                self.regions.ventral.receptors(),
                self.model.vigour_cost,
                tonic,
            );
            self.latency = v.latency;
            self.cost_due = v.cost;
            self.responded = true;
        }
        let choice = rng.categorical(&self.probabilities);
        // exp(β·0) = 1 marks the preferred option(s).
        self.last_greedy = self.probabilities[choice] >= 1.0;
        self.seen = seen;
        choice
    }

    /// Ends a trial: traces do not carry over to the next one.
    pub fn end_trial(&mut self) {
        let b = self.nuclei.broadcast();
        self.regions.ventral.end_trial();
        self.regions.hippocampus.end_trial(&b);
        self.regions.dorsal.end_trial();
    }

    /// Fills `out` with this trial's values of [`metric_table`] (each by
    /// its slot of [`metrics::Slot`], then [`metrics::StructureSlot`]).
    pub fn trial_metrics(&self, out: &mut [f64]) {
        use metrics::{AssociabilitySlot, MemorySlot, Slot, StructureSlot, LEVELS};
        let levels = self.nuclei.all().map(Nucleus::level);
        for ((phasic, tonic), l) in LEVELS.iter().zip(&levels) {
            out[*phasic] = l.phasic;
            out[*tonic] = l.tonic;
        }
        out[Slot::LearningRate] = self.learning_rate;
        out[Slot::InverseTemperature] = self.last_beta;
        out[Slot::Discount] = self.last_discount;
        out[Slot::ChoiceEntropy] = self.last_entropy;
        out[Slot::Value] = self.last_value;
        out[Slot::Latency] = self.latency;
        out[Slot::Greedy] = f64::from(u8::from(self.last_greedy));
        out[Slot::SlowShare] = self.regions.ventral.slow_share();
        out[Slot::Threshold] = self.regions.sensory.threshold();
        out[Slot::CueBelief] = self.regions.dlpfc.cue_context();
        let structure = self.regions.ventral.structure();
        if let (Some(st), Some(rest)) = (structure, out.get_mut(METRICS.len()..)) {
            if rest.len() >= STRUCTURE_METRICS.len() {
                rest[StructureSlot::Synapses] = st.count() as f64;
                rest[StructureSlot::Scaling] = st.last_factor();
            }
        }
        // The optional tables follow in the order of [`metric_table`].
        let mut at = METRICS.len() + structure.map_or(0, |_| STRUCTURE_METRICS.len());
        if let Some(a) = self.regions.ventral.associability() {
            if let Some(rest) = out.get_mut(at..) {
                rest[AssociabilitySlot::Associability] = a.mean();
            }
            at += ASSOCIABILITY_METRICS.len();
        }
        if let (Some(m), Some(rest)) = (
            self.regions.hippocampus.recall_strength(),
            out.get_mut(at..),
        ) {
            rest[MemorySlot::Recall] = m;
        }
    }

    /// The dopamine levels after the last step.
    pub fn dopamine(&self) -> Level {
        self.nuclei.dopamine.level()
    }

    /// The critic's weights, action-major (for tests and charts).
    pub fn weights(&self) -> &[f64] {
        self.regions.ventral.weights()
    }

    /// Turnover and scaling of the critic's synapses, when `model.structure` is on.
    pub fn structure(&self) -> Option<&Structure> {
        self.regions.ventral.structure()
    }
}
