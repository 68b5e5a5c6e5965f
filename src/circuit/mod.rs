//! The rate-level circuit: regions that share one neuromodulatory broadcast
//! (docs/science/model.md, "The rate-level circuit").
//!
//! One step: the critic (ventral striatum) predicts, the outcome gives the
//! temporal-difference error δ; the prefrontal change-point filter gives
//! surprise Ω and uncertainty τ; the nuclei turn δ, τ, Ω and the aversive
//! part of δ into dopamine, acetylcholine, norepinephrine and serotonin;
//! each region reads that broadcast through its own receptors: the critic and
//! striatum learn by the three-factor rule with dopamine (D1 for bursts, D2
//! for dips), norepinephrine and acetylcholine set the learning rate and
//! exploration, serotonin sets patience (the discount) and the response to
//! losses.

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
pub mod spec;
pub mod structure;
pub mod tagging;

pub use bounds::{SENSORY_WEIGHT_BOUND, WEIGHT_BOUND};
pub use metrics::{ASSOCIABILITY_METRICS, MEMORY_METRICS, METRICS, STRUCTURE_METRICS};
pub use spec::{Actor, ModelSpec, NeExploration};

use crate::metric::Metric;
use crate::neuromod::anatomy::{Receptor, Region};
use crate::neuromod::{Condition, Level, Manipulation, Nucleus};
use crate::plasticity::{Bcm, EligibilityTrace};
use crate::rng::Rng;
use associability::CueAssociability;
use belief::{ChangePointFilter, CueBelief, TransitionModel, Volatility};
use consolidation::Synapses;
use memory::Memory;
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

/// The condition in force (control before `from_trial`, the manipulation
/// after) with its nuclei and the receptor factors each region reads.
#[derive(Clone, Debug)]
struct Active {
    m: Manipulation,
    dopamine: Nucleus,
    acetylcholine: Nucleus,
    norepinephrine: Nucleus,
    serotonin: Nucleus,
    /// Critic: D1 (bursts) and D2 (dips) efficacy.
    critic_d1: f64,
    critic_d2: f64,
    /// Striatal actor: D1 (Go) and D2 (NoGo) efficacy.
    striatum_d1: f64,
    striatum_d2: f64,
    /// Prefrontal β-adrenergic efficacy (NE's learning-rate and exploration effects).
    prefrontal_beta: f64,
    /// Prefrontal/orbitofrontal 5-HT efficacy (patience, response to losses).
    prefrontal_ht: f64,
    /// Sensory M1 efficacy (ACh's uncertainty signal).
    sensory_m1: f64,
    /// Hippocampal M1 efficacy (ACh's encoding speed).
    hippocampus_m1: f64,
    /// With receptor occupancy: critic and striatal D1/D2 efficacy without
    /// the agonist boost (an agonist adds to the baseline instead).
    critic_occ: [f64; 2],
    striatum_occ: [f64; 2],
}

impl Active {
    fn new(model: &ModelSpec, m: Manipulation, previous: Option<&Active>) -> Self {
        let map = &model.receptors;
        let eff = |region: Region, r: Receptor| {
            if m.lesioned(region) {
                0.0
            } else {
                map.region(region).get(r) * m.receptor_factor(r)
            }
        };
        let blocked = |region: Region, r: Receptor| {
            if m.lesioned(region) {
                0.0
            } else {
                map.region(region).get(r) * (1.0 - m.blocked[r as usize])
            }
        };
        let age = m.age_tone();
        let [da, ach, ne, ser] = &m.modulators;
        let nucleus = |s, rate, initial, prev: Option<&Nucleus>| match prev {
            Some(p) => p.with_settings(s, age),
            None => Nucleus::new(s, rate, initial, age),
        };
        let rate = model.average_reward_rate;
        Active {
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
            critic_d1: eff(Region::Critic, Receptor::D1),
            critic_d2: eff(Region::Critic, Receptor::D2),
            striatum_d1: eff(Region::Striatum, Receptor::D1),
            striatum_d2: eff(Region::Striatum, Receptor::D2),
            prefrontal_beta: eff(Region::Prefrontal, Receptor::Beta),
            prefrontal_ht: eff(Region::Prefrontal, Receptor::Ht),
            sensory_m1: eff(Region::Sensory, Receptor::M1),
            hippocampus_m1: eff(Region::Hippocampus, Receptor::M1),
            critic_occ: [
                blocked(Region::Critic, Receptor::D1),
                blocked(Region::Critic, Receptor::D2),
            ],
            striatum_occ: [
                blocked(Region::Striatum, Receptor::D1),
                blocked(Region::Striatum, Receptor::D2),
            ],
            m,
        }
    }

    /// Tonic dopamine in nM for the occupancy option: b = tonic_nm·(tone + D2 agonist).
    fn baseline_nm(&self, spec: &occupancy::OccupancySpec) -> f64 {
        spec.tonic_nm * (self.dopamine.tone() + self.m.boosted[Receptor::D2 as usize]).max(0.0)
    }

    /// Serotonin's effective tone where it acts (OFC/PFC); 1 if PFC is lesioned.
    fn serotonin_tone(&self) -> f64 {
        if self.m.lesioned(Region::Prefrontal) {
            1.0
        } else {
            (self.serotonin.tone() * self.prefrontal_ht).max(0.05)
        }
    }
}

/// The rate-level learner of every trial-based task.
///
/// Values: Q(s, a) = w_a · x(s) (critic); δ = r + γ·Q(s′, a′) − Q(s, a)
/// (SARSA; dopamine follows the chosen action's value, Morris et al. 2006);
/// Δw = η·f·DA·e with f the critic's D1 efficacy for bursts and D2 for dips
/// (Frank 2005). With one feature, λ = 0 and no manipulation this is
/// Q-learning as in docs/science/criteria.md §9.1. The optional OpAL actor
/// (Collins & Frank 2014) learns Go weights G with D1 and NoGo weights N with
/// D2 from the same δ: ΔG = η·DA·x·G, ΔN = −η·DA·x·N, and chooses by
/// (1 + ρ)G − (1 − ρ)N with ρ set by tonic dopamine.
#[derive(Clone, Debug)]
pub struct Circuit {
    model: ModelSpec,
    n_features: usize,
    n_actions: usize,
    critic: Vec<f64>,
    critic_trace: EligibilityTrace,
    go: Vec<f64>,
    nogo: Vec<f64>,
    go_trace: EligibilityTrace,
    nogo_trace: EligibilityTrace,
    filter: ChangePointFilter,
    transitions: TransitionModel,
    /// max_a Q(s, a) per state, refreshed before model-based choices.
    best_values: Vec<f64>,
    manipulated: Manipulation,
    from_trial: u32,
    trial: u32,
    active: Active,
    probabilities: Vec<f64>,
    /// Learning rate for the next update (adaptive: from the last outcome).
    learning_rate: f64,
    /// Outcome of the previous trial: Some(true) win, Some(false) loss.
    last_win: Option<bool>,
    last_value: f64,
    last_beta: f64,
    last_entropy: f64,
    last_discount: f64,
    /// The last choice had the highest preference.
    last_greedy: bool,
    /// Fast/slow critic synapses with consolidation, when enabled.
    synapses: Option<Synapses>,
    /// Which cue is relevant, for tasks whose cues point at actions.
    cue_belief: Option<CueBelief>,
    /// Where each cue points this trial.
    cue_directions: Vec<usize>,
    /// A sensory-cortex unit learning the features by BCM: its sliding
    /// threshold is the region's metaplastic state (ACh and tonic DA lower it).
    sensory: Bcm,
    /// The prefrontal volatility estimator and its last estimate.
    volatility: Volatility,
    last_volatility: f64,
    /// Turnover and homeostatic scaling of the critic's synapses, when enabled.
    structure: Option<Structure>,
    /// Pearce–Hall associability per feature, when enabled.
    associability: Option<CueAssociability>,
    /// The hippocampal associative memory, when enabled.
    memory: Option<Memory>,
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
        let n = n_features * n_actions;
        // Q₀ and Go/NoGo = 1 on the first (bias-like) feature; others at zero.
        let bias = |v: f64| (0..n).map(move |i| if i % n_features == 0 { v } else { 0.0 });
        let manipulated = Manipulation::of(condition);
        let from_trial = condition.from_trial.max(1);
        let start = if from_trial <= 1 {
            manipulated.clone()
        } else {
            Manipulation::default()
        };
        let active = Active::new(model, start, None);
        let learning_rate = model.learning_rate;
        let mut circuit = Circuit {
            n_features,
            n_actions,
            critic: bias(model.initial_value).collect(),
            critic_trace: EligibilityTrace::new(n),
            go: bias(1.0).collect(),
            nogo: bias(1.0).collect(),
            go_trace: EligibilityTrace::new(n),
            nogo_trace: EligibilityTrace::new(n),
            filter: ChangePointFilter::new(n_actions, model.initial_value, model.outcome_noise),
            transitions: TransitionModel::new(
                n_features,
                n_actions,
                model.transition_rate,
                model.learning_rate,
            ),
            best_values: vec![model.initial_value; n_features],
            manipulated,
            from_trial,
            trial: 0,
            active,
            probabilities: vec![0.0; n_actions],
            learning_rate,
            last_win: None,
            last_value: model.initial_value,
            last_beta: model.inverse_temperature,
            last_entropy: 0.0,
            last_discount: model.discount,
            last_greedy: true,
            synapses: None,
            cue_belief: None,
            cue_directions: Vec::new(),
            // η = 0.005, τ_θ = 20 steps, y₀ = 1: the stable regime of BCM-1/BCM-4,
            // kept for features of any height (salient cues, compounds).
            sensory: Bcm::new(
                vec![1.0 / n_features.max(1) as f64; n_features],
                0.005,
                20.0,
                1.0,
                1.0,
            )
            .normalize_input()
            .bound_weights(SENSORY_WEIGHT_BOUND),
            volatility: Volatility::new(
                n_actions,
                model.volatility_prior,
                model.volatility_rate,
                model.volatility_decay,
            ),
            last_volatility: model.volatility_prior,
            structure: model
                .structure
                .enabled()
                .then(|| Structure::new(&model.structure, n_features, n_actions)),
            associability: model
                .associability
                .enabled
                .then(|| CueAssociability::new(&model.associability, n_features)),
            memory: model
                .memory
                .enabled
                .then(|| Memory::new(&model.memory, n_features)),
            kalman: (model.learner == kalman::Learner::Kalman)
                .then(|| kalman::Kalman::new(&model.kalman, n_actions, model.initial_value)),
            model: model.clone(),
        };
        if model.consolidation.enabled {
            circuit.synapses = Some(Synapses::new(&model.consolidation, &circuit.critic));
        }
        circuit
    }

    /// Starts a trial; the condition's manipulation takes effect at its
    /// `from_trial`, and a scheduled offline phase (sleep) runs first.
    pub fn begin_trial(&mut self, rng: &mut Rng) {
        self.trial += 1;
        if self.trial == self.from_trial && self.from_trial > 1 {
            self.active = Active::new(&self.model, self.manipulated.clone(), Some(&self.active));
        }
        if let Some(syn) = self.synapses.as_mut() {
            if syn.sleep_due(self.trial) {
                let a = &self.active;
                let rate = self.model.learning_rate * a.m.age_plasticity();
                let gain = a.dopamine.phasic_gain() * a.critic_d1;
                syn.sleep(
                    &mut self.critic,
                    self.n_features,
                    rate,
                    gain,
                    a.m.protein_synthesis,
                    rng,
                );
            }
        }
    }

    fn row(w: &[f64], nf: usize, a: usize) -> &[f64] {
        &w[a * nf..(a + 1) * nf]
    }

    fn dot(w: &[f64], x: &[f64]) -> f64 {
        w.iter().zip(x).map(|(w, x)| w * x).sum()
    }

    /// Q(s, a) for features `x`.
    pub fn value(&self, x: &[f64], action: usize) -> f64 {
        Self::dot(Self::row(&self.critic, self.n_features, action), x)
    }

    /// The features as the circuit sees them: nothing through a lesioned sensory cortex.
    fn sensed<'a>(&self, x: &'a [f64]) -> &'a [f64] {
        if self.active.m.lesioned(Region::Sensory) {
            &[]
        } else {
            x
        }
    }

    /// Acetylcholine as the hippocampal memory reads it: ACh_h =
    /// min(1, baseline × ACh tone × hippocampal M1) (see [`memory::MemorySpec`]).
    fn hippocampal_ach(&self) -> f64 {
        let a = &self.active;
        (self.model.memory.ach_baseline * a.acetylcholine.tone() * a.hippocampus_m1).clamp(0.0, 1.0)
    }

    /// The features completed by the hippocampal memory, when it is on and
    /// the hippocampus intact; `None`: use the features as they are.
    fn recalled(&mut self, x: &[f64]) -> Option<Vec<f64>> {
        if x.is_empty() || self.active.m.lesioned(Region::Hippocampus) {
            return None;
        }
        let ach = self.hippocampal_ach();
        self.memory.as_mut().map(|m| m.complete(x, ach).to_vec())
    }

    /// Inverse temperature now: β × the norepinephrine mapping × serotonin's
    /// effect after the last outcome (losses: β·s, wins: β·max(1, s)).
    fn inverse_temperature(&self) -> f64 {
        let a = &self.active;
        let ne = if a.m.lesioned(Region::Prefrontal) {
            1.0
        } else {
            (a.norepinephrine.tone() * a.prefrontal_beta).max(0.05)
        };
        let ne_factor = match self.model.ne_exploration {
            NeExploration::AdaptiveGain => 1.0 / ne,
            NeExploration::Doya => ne,
        };
        let s = a.serotonin_tone();
        let ser_factor = match self.last_win {
            Some(false) => s,
            Some(true) => s.max(1.0),
            None => 1.0,
        };
        self.model.inverse_temperature * ne_factor * ser_factor
    }

    /// The model-based weight now: w, raised by prefrontal dopamine tone
    /// through D1 (L-DOPA increases model-based control, Wunderlich et al.
    /// 2012; from the literature); 0 through a lesioned prefrontal cortex.
    fn model_based_weight(&self) -> f64 {
        let a = &self.active;
        if self.model.model_based_weight == 0.0 || a.m.lesioned(Region::Prefrontal) {
            return 0.0;
        }
        let d1 = self.model.receptors.prefrontal.d1 * a.m.receptor_factor(Receptor::D1);
        (self.model.model_based_weight + 0.3 * d1 * (a.dopamine.tone() - 1.0)).clamp(0.0, 1.0)
    }

    /// Tells the prefrontal cortex where each cue points this trial (tasks
    /// with Yu & Dayan cues); starts the cue belief at the first call.
    pub fn set_cues(&mut self, directions: &[usize]) {
        if directions.is_empty() {
            return;
        }
        if self.cue_belief.is_none() {
            let persistence = 1.0 - self.model.hazard;
            self.cue_belief = Some(CueBelief::new(directions.len(), persistence));
        }
        self.cue_directions.clear();
        self.cue_directions.extend_from_slice(directions);
    }

    /// Softmax choice over the actor's preferences (uniform through a
    /// lesioned striatum).
    /// Only the `available` actions can be chosen (all when `None`).
    pub fn choose(&mut self, x: &[f64], available: Option<&[usize]>, rng: &mut Rng) -> usize {
        let x = self.sensed(x);
        if !x.is_empty() {
            let a = &self.active;
            let ach = a.acetylcholine.tone() * a.sensory_m1 - 1.0;
            self.sensory.set_modulators(ach, a.dopamine.tone() - 1.0);
            self.sensory.present(x);
        }
        let recalled = self.recalled(x);
        let x = recalled.as_deref().unwrap_or(x);
        let beta = self.inverse_temperature();
        let nf = self.n_features;
        let w = self.model_based_weight();
        if w > 0.0 {
            for s in 0..nf {
                self.best_values[s] = (0..self.n_actions)
                    .map(|a| self.critic[a * nf + s])
                    .fold(f64::NEG_INFINITY, f64::max);
            }
        }
        let state = TransitionModel::state(x);
        let rho =
            (self.model.opal_balance * (self.active.dopamine.tone() - 1.0)).clamp(-0.95, 0.95);
        let mut max = f64::NEG_INFINITY;
        for a in 0..self.n_actions {
            let pref = if self.active.m.lesioned(Region::Striatum) {
                0.0
            } else {
                let free = match self.model.actor {
                    Actor::Q => Self::dot(Self::row(&self.critic, nf, a), x),
                    Actor::Opal => {
                        (1.0 + rho) * Self::dot(Self::row(&self.go, nf, a), x)
                            - (1.0 - rho) * Self::dot(Self::row(&self.nogo, nf, a), x)
                    }
                };
                if w > 0.0 && !x.is_empty() {
                    (1.0 - w) * free + w * self.transitions.value(state, a, &self.best_values)
                } else {
                    free
                }
            };
            // Top-down: follow the cue believed relevant, as far as it is
            // believed valid (Yu & Dayan 2005); nothing through a lesioned PFC.
            let pref = match &self.cue_belief {
                Some(b) if !self.active.m.lesioned(Region::Prefrontal) => {
                    let follows = self.cue_directions.get(b.context()) == Some(&a);
                    pref + if follows {
                        2.0 * b.validity() - 1.0
                    } else {
                        0.0
                    }
                }
                _ => pref,
            };
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
        let mut total = 0.0;
        for (a, p) in self.probabilities.iter_mut().enumerate() {
            let offered = available.is_none_or(|o| o.contains(&a));
            *p = if offered {
                libm::exp(beta * (*p - max))
            } else {
                0.0
            };
            total += *p;
        }
        self.last_entropy = self
            .probabilities
            .iter()
            .map(|p| p / total)
            .filter(|p| *p > 0.0)
            .map(|p| -p * libm::log(p))
            .sum();
        self.last_beta = beta;
        let choice = rng.categorical(&self.probabilities);
        // exp(β·0) = 1 marks the preferred option(s).
        self.last_greedy = self.probabilities[choice] >= 1.0;
        choice
    }

    /// Ends a trial: traces do not carry over to the next one.
    pub fn end_trial(&mut self) {
        if let Some(syn) = self.synapses.as_mut() {
            syn.end_trial(&mut self.critic, self.active.m.protein_synthesis);
        }
        if let Some(c) = self.associability.as_mut() {
            c.end_trial();
        }
        let ach = self.hippocampal_ach();
        if let Some(m) = self.memory.as_mut() {
            m.end_trial(ach);
        }
        self.critic_trace.clear();
        self.go_trace.clear();
        self.nogo_trace.clear();
    }

    /// Fills `out` with this trial's values of [`metric_table`] (each by
    /// its slot of [`metrics::Slot`], then [`metrics::StructureSlot`]).
    pub fn trial_metrics(&self, out: &mut [f64]) {
        use metrics::{AssociabilitySlot, MemorySlot, Slot, StructureSlot, LEVELS};
        let a = &self.active;
        let levels = [
            a.dopamine.level(),
            a.acetylcholine.level(),
            a.norepinephrine.level(),
            a.serotonin.level(),
        ];
        for ((phasic, tonic), l) in LEVELS.iter().zip(&levels) {
            out[*phasic] = l.phasic;
            out[*tonic] = l.tonic;
        }
        out[Slot::LearningRate] = self.learning_rate;
        out[Slot::InverseTemperature] = self.last_beta;
        out[Slot::Discount] = self.last_discount;
        out[Slot::ChoiceEntropy] = self.last_entropy;
        out[Slot::Value] = self.last_value;
        // Optimal latency τ* = √(C_v / R̄) with R̄ the tonic dopamine (Niv et al. 2007).
        out[Slot::Latency] = libm::sqrt(self.model.vigour_cost / levels[0].tonic.max(0.01));
        out[Slot::Greedy] = f64::from(u8::from(self.last_greedy));
        out[Slot::SlowShare] = self.synapses.as_ref().map_or(0.0, Synapses::slow_share);
        out[Slot::Threshold] = self.sensory.effective_threshold();
        out[Slot::CueBelief] = self
            .cue_belief
            .as_ref()
            .map_or(-1.0, |b| b.context() as f64);
        if let (Some(st), Some(rest)) = (&self.structure, out.get_mut(METRICS.len()..)) {
            if rest.len() >= STRUCTURE_METRICS.len() {
                rest[StructureSlot::Synapses] = st.count() as f64;
                rest[StructureSlot::Scaling] = st.last_factor();
            }
        }
        // The optional tables follow in the order of [`metric_table`].
        let mut at = METRICS.len()
            + self
                .structure
                .as_ref()
                .map_or(0, |_| STRUCTURE_METRICS.len());
        if let Some(a) = &self.associability {
            if let Some(rest) = out.get_mut(at..) {
                rest[AssociabilitySlot::Associability] = a.mean();
            }
            at += ASSOCIABILITY_METRICS.len();
        }
        if let (Some(m), Some(rest)) = (&self.memory, out.get_mut(at..)) {
            rest[MemorySlot::Recall] = m.recall();
        }
    }

    /// The dopamine levels after the last step.
    pub fn dopamine(&self) -> Level {
        self.active.dopamine.level()
    }

    /// The critic's weights, action-major (for tests and charts).
    pub fn weights(&self) -> &[f64] {
        &self.critic
    }

    /// Turnover and scaling of the critic's synapses, when `model.structure` is on.
    pub fn structure(&self) -> Option<&Structure> {
        self.structure.as_ref()
    }
}
