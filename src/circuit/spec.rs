//! The circuit's own spec: the learner's parameters (`model` in a scenario),
//! described field by field for validation and the page's controls.

use super::associability::AssociabilitySpec;
use super::consolidation::ConsolidationSpec;
use super::kalman::{KalmanSpec, Learner};
use super::memory::MemorySpec;
use super::occupancy::OccupancySpec;
use super::structure::StructureSpec;
use crate::neuromod::anatomy::ReceptorMap;
use crate::params::{check_fields, check_unread, json_value, Check, Field, Gate};
use serde::{Deserialize, Serialize};

/// What a task offers the model, as far as some model fields care
/// ([`ModelSpec::READ_BY_TASKS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskShape {
    /// Options to choose from in a trial.
    pub options: usize,
    /// Most steps in a trial.
    pub steps: usize,
    /// Some trials reveal an unchosen option's outcome.
    pub reveals_unchosen: bool,
}

/// What a task must offer for a model field to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskNeed {
    /// A choice between two or more options: with one option its
    /// preference cancels in the softmax (p = 1 whatever it is), so the
    /// actor, its balance and the model-based planner change nothing.
    Choice,
    /// Trials of more than one step: a one-step trial ends, and clears its
    /// eligibility traces, before a decayed trace is read, so λ changes
    /// nothing.
    Steps,
    /// Outcomes of unchosen options revealed (volatile with full feedback),
    /// from which fictive learning learns.
    Unchosen,
}

impl TaskNeed {
    /// Whether a task of this shape offers it.
    pub fn met_by(self, shape: &TaskShape) -> bool {
        match self {
            TaskNeed::Choice => shape.options > 1,
            TaskNeed::Steps => shape.steps > 1,
            TaskNeed::Unchosen => shape.reveals_unchosen,
        }
    }

    /// The tasks that offer it, for messages.
    pub fn wanted(self) -> &'static str {
        match self {
            TaskNeed::Choice => "tasks with a choice between options",
            TaskNeed::Steps => {
                "tasks whose trials have more than one step (two_step, conditioning, delay)"
            }
            TaskNeed::Unchosen => {
                "tasks that reveal an unchosen option's outcome (volatile with full_feedback)"
            }
        }
    }

    /// What a task of this shape has instead, for messages.
    fn lacking(self, shape: &TaskShape) -> String {
        match self {
            TaskNeed::Choice => format!("has {} option", shape.options),
            TaskNeed::Steps => "has one step per trial".to_string(),
            TaskNeed::Unchosen => "reveals none".to_string(),
        }
    }
}

/// Which actor turns values into choices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// Softmax over the critic's action values (Q-learning / SARSA; Doya
    /// 2002) plus the dorsal striatum's correction, which its own D1 (gains)
    /// and D2 (losses) learn when they read dopamine differently from the
    /// ventral striatum's (dual-rate learner, Frank et al. 2007).
    #[default]
    Q,
    /// Opponent Go (D1) and NoGo (D2) weights whose balance follows tonic
    /// dopamine (Collins & Frank 2014, OpAL).
    Opal,
}

/// How tonic norepinephrine maps onto exploration (docs/science/model.md, "Known
/// disagreements"): each test states which it assumes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeExploration {
    /// Adaptive gain (Aston-Jones & Cohen 2005; Dubois 2021): high tonic NE
    /// lowers the inverse temperature, i.e. more random exploration.
    #[default]
    AdaptiveGain,
    /// Doya (2002): NE is the inverse temperature; more NE, less exploration.
    Doya,
}

/// Parameters of the learner. Defaults are the Q-learning values of
/// docs/science/criteria.md §9.1 (BAN-1): α = 0.3, β = 5, Q₀ = 0.5.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelSpec {
    /// Base learning rate η of the three-factor update Δw = η·DA·e.
    pub learning_rate: f64,
    /// Softmax inverse temperature β: P(a) ∝ exp(β·Q(a)).
    pub inverse_temperature: f64,
    /// Initial value of every action value Q₀.
    pub initial_value: f64,
    /// Discount γ at baseline serotonin; serotonin tone s stretches it to γ^(1/s).
    pub discount: f64,
    /// Eligibility decay λ per step: e ← γλ·e + x (0 = only the last step).
    pub trace_decay: f64,
    /// Rate η_R of the average-reward estimate R̄ ← R̄ + η_R (r − R̄) (tonic dopamine).
    pub average_reward_rate: f64,
    /// Which actor chooses.
    pub actor: Actor,
    /// Strength k of tonic dopamine on the Go/NoGo balance (OpAL):
    /// β_G = β(1 + ρ), β_N = β(1 − ρ), ρ = k·(tone − 1).
    pub opal_balance: f64,
    /// Adapt the learning rate to volatility: α is the Kalman gain of the
    /// prefrontal volatility estimate (scaled by NE) against the outcome
    /// noise (scaled by ACh); see `circuit::belief::Volatility`.
    pub adaptive_learning_rate: bool,
    /// Hazard rate H of the change-point filter (expected changes per trial).
    pub hazard: f64,
    /// Known outcome variance σ² of the change-point filter.
    pub outcome_noise: f64,
    /// Prior process variance q₀ of the volatility estimator (adaptive learning rate).
    pub volatility_prior: f64,
    /// Rate κ at which same-sign prediction errors in a row raise the volatility estimate.
    pub volatility_rate: f64,
    /// Decay ρ of the volatility estimate back to its prior.
    pub volatility_decay: f64,
    /// How tonic norepinephrine maps onto exploration.
    pub ne_exploration: NeExploration,
    /// Weight w of model-based values in choice: Q = (1 − w)·Q_MF + w·Q_MB
    /// (Daw et al. 2011); prefrontal dopamine raises it (Wunderlich et al. 2012).
    pub model_based_weight: f64,
    /// Rate of the prefrontal transition model T(s, a → s′) ← T + α_T (1[s′] − T).
    pub transition_rate: f64,
    /// Vigour cost C_v: each trial's response is made at latency
    /// τ* = √(C_v / R̄), R̄ the tonic dopamine, and costs C_v/τ + R̄·τ, paid
    /// with the outcome (Niv et al. 2007; `ventral_striatum::vigour`).
    /// 0 (the default): immediate and free.
    pub vigour_cost: f64,
    /// Learn from what an outcome reveals about an unchosen option (fictive
    /// learning, see `circuit::fictive`), on tasks that reveal it.
    pub counterfactual: bool,
    /// Which learner sets the action values (`delta` or `kalman`).
    pub learner: Learner,
    /// Parameters of the Kalman learner.
    pub kalman: KalmanSpec,
    /// Multi-timescale critic synapses (fast/slow, Benna–Fusi chain or
    /// tagging and capture), capture by dopamine, offline replay.
    pub consolidation: ConsolidationSpec,
    /// Phasic dopamine read through D1/D2 occupancy on a tonic baseline in nM.
    pub occupancy: OccupancySpec,
    /// Turnover and homeostatic scaling of the critic's cue → value synapses.
    pub structure: StructureSpec,
    /// Pearce–Hall associability of each cue scaling the critic's learning.
    pub associability: AssociabilitySpec,
    /// Hippocampal associative memory completing the features (ACh: encoding vs retrieval).
    pub memory: MemorySpec,
    /// Receptor densities per region.
    pub receptors: ReceptorMap,
}

impl Default for ModelSpec {
    fn default() -> Self {
        ModelSpec {
            learning_rate: 0.3,
            inverse_temperature: 5.0,
            initial_value: 0.5,
            discount: 1.0,
            trace_decay: 0.0,
            average_reward_rate: 0.01,
            actor: Actor::Q,
            opal_balance: 0.5,
            adaptive_learning_rate: false,
            hazard: 0.05,
            outcome_noise: 0.19,
            volatility_prior: 0.001,
            volatility_rate: 0.03,
            volatility_decay: 0.1,
            ne_exploration: NeExploration::AdaptiveGain,
            model_based_weight: 0.0,
            transition_rate: 0.2,
            vigour_cost: 0.0,
            counterfactual: true,
            learner: Learner::Delta,
            kalman: KalmanSpec::default(),
            consolidation: ConsolidationSpec::default(),
            occupancy: OccupancySpec::default(),
            structure: StructureSpec::default(),
            associability: AssociabilitySpec::default(),
            memory: MemorySpec::default(),
            receptors: ReceptorMap::default(),
        }
    }
}

impl ModelSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::number(
            "learning_rate",
            "Learning rate η",
            "Base rate of the three-factor update Δw = η·DA·e.",
            0.0,
            1.0,
        ),
        Field::number(
            "inverse_temperature",
            "Inverse temperature β",
            "Softmax choice sharpness; 0 = random.",
            0.0,
            100.0,
        ),
        Field::number(
            "initial_value",
            "Initial value Q₀",
            "Value of every option before learning.",
            -1000.0,
            1000.0,
        ),
        Field::number(
            "discount",
            "Discount γ",
            "Weight of the next step's value in the prediction error, at baseline serotonin.",
            0.0,
            1.0,
        ),
        Field::number(
            "trace_decay",
            "Trace decay λ",
            "Eligibility carried from step to step within a trial.",
            0.0,
            1.0,
        ),
        Field::number(
            "average_reward_rate",
            "Tonic DA rate η_R",
            "Rate of the average-reward estimate that sets tonic dopamine.",
            0.0,
            1.0,
        ),
        Field::choice(
            "actor",
            "Actor",
            "Softmax over values, dorsal D1 learning from gains and D2 from losses (q), or opponent Go/NoGo pathways (opal).",
            &["q", "opal"],
        ),
        Field::number(
            "opal_balance",
            "Go/NoGo balance k",
            "How strongly tonic dopamine favours Go over NoGo (OpAL).",
            0.0,
            0.95,
        ).when(&[Gate::new("actor", &["opal"])]),
        Field::flag(
            "adaptive_learning_rate",
            "Adaptive learning rate",
            "Learning rate follows volatility (norepinephrine) against expected noise (acetylcholine).",
        ),
        Field::number(
            "hazard",
            "Hazard H",
            "Expected rate of unsignalled changes per trial (change-point filter).",
            0.001,
            0.5,
        ),
        Field::number(
            "outcome_noise",
            "Outcome noise σ²",
            "Known variance of outcomes (change-point filter).",
            0.001,
            10.0,
        ),
        Field::number(
            "volatility_prior",
            "Volatility prior q₀",
            "Process variance the volatility estimate starts at and decays back to (adaptive learning rate).",
            0.000001,
            1.0,
        ),
        Field::number(
            "volatility_rate",
            "Volatility rate κ",
            "How fast same-sign prediction errors in a row raise the volatility estimate.",
            0.0,
            10.0,
        ),
        Field::number(
            "volatility_decay",
            "Volatility decay ρ",
            "Fraction of the way back to the prior the volatility estimate goes per trial.",
            0.0,
            1.0,
        ),
        Field::choice(
            "ne_exploration",
            "NE and exploration",
            "adaptive_gain: more tonic NE, more exploration; doya: more NE, less.",
            &["adaptive_gain", "doya"],
        ),
        Field::number(
            "model_based_weight",
            "Model-based weight w",
            "Share of model-based values in choice: Q = (1 − w)·Q_MF + w·Q_MB.",
            0.0,
            1.0,
        ),
        Field::number(
            "transition_rate",
            "Transition learning rate α_T",
            "Rate at which the prefrontal model learns where each action leads.",
            0.0,
            1.0,
        ),
        Field::flag(
            "consolidation.enabled",
            "Fast and slow synapses",
            "Split critic synapses into a fast part that fades and a slow part that keeps.",
        ),
        Field::choice(
            "consolidation.kind",
            "Synapse kind",
            "fast_slow: fast and slow parts (Smith 2006); chain: Benna–Fusi chain of levels; tag_capture: tags and a shared protein trigger (Clopath 2008).",
            &["fast_slow", "chain", "tag_capture"],
        ).when(&[Gate::new("consolidation.enabled", &["true"])]),
        Field::number(
            "consolidation.retain_fast",
            "Fast retention",
            "Fraction of the fast part kept per step (how long a tag lasts).",
            0.0,
            1.0,
        ).when(&[Gate::new("consolidation.enabled", &["true"])]),
        Field::number(
            "consolidation.slow_ratio",
            "Slow learning ratio",
            "Learning rate of the slow part relative to the fast part.",
            0.0,
            1.0,
        ).when(&[Gate::new("consolidation.enabled", &["true"])]),
        Field::number(
            "consolidation.capture_threshold",
            "Capture threshold",
            "Phasic dopamine above which tagged fast changes are captured into slow weights.",
            0.0,
            10.0,
        ).when(&[Gate::new("consolidation.enabled", &["true"])]),
        Field::number(
            "consolidation.capture_fraction",
            "Capture fraction",
            "Share of the fast part moved into the slow part per capture or replay.",
            0.0,
            1.0,
        ).when(&[Gate::new("consolidation.enabled", &["true"])]),
        Field::integer(
            "consolidation.sleep_every",
            "Sleep every (trials)",
            "Run an offline replay phase every this many trials; 0 = never.",
            0.0,
            1_000_000.0,
        ).when(&[Gate::new("consolidation.enabled", &["true"])]),
        Field::integer(
            "consolidation.sleep_replays",
            "Replays per sleep",
            "Stored experiences replayed in each offline phase.",
            0.0,
            100_000.0,
        ).when(&[Gate::new("consolidation.enabled", &["true"]), Gate::new("consolidation.sleep_every", &[">0"])]),
        Field::integer(
            "consolidation.replay_capacity",
            "Replay memory",
            "Experiences kept for replay.",
            1.0,
            100_000.0,
        ).when(&[Gate::new("consolidation.enabled", &["true"]), Gate::new("consolidation.sleep_every", &[">0"])]),
        Field::integer(
            "consolidation.chain_levels",
            "Chain levels m",
            "chain: levels of each Benna–Fusi chain; time scales grow ×4 per level.",
            1.0,
            16.0,
        ).when(&[Gate::new("consolidation.enabled", &["true"]), Gate::new("consolidation.kind", &["chain"])]),
        Field::number(
            "consolidation.chain_coupling",
            "Chain coupling g₁₂",
            "chain: coupling of the first two levels per trial (fastest time scale 1/g₁₂ trials).",
            0.001,
            1.0,
        ).when(&[Gate::new("consolidation.enabled", &["true"]), Gate::new("consolidation.kind", &["chain"])]),
        Field::number(
            "consolidation.trial_hours",
            "Hours per trial",
            "tag_capture: model time per trial; tags and proteins last about an hour.",
            0.001,
            1.0,
        ).when(&[Gate::new("consolidation.enabled", &["true"]), Gate::new("consolidation.kind", &["tag_capture"])]),
        Field::number(
            "consolidation.tag_threshold",
            "Protein trigger threshold",
            "tag_capture: summed tags per synapse above which proteins are made (dopamine lowers it).",
            0.0,
            1.0,
        ).when(&[Gate::new("consolidation.enabled", &["true"]), Gate::new("consolidation.kind", &["tag_capture"])]),
        Field::flag(
            "occupancy.enabled",
            "Receptor occupancy",
            "Learn from the D1 occupancy change of bursts and the D2 occupancy change of dips on a tonic baseline in nM.",
        ),
        Field::number(
            "occupancy.tonic_nm",
            "Tonic dopamine (nM)",
            "Baseline dopamine at tone 1, in nM; the condition's tone and a D2 agonist scale and add to it.",
            0.1,
            100_000.0,
        ).when(&[Gate::new("occupancy.enabled", &["true"])]),
        Field::number(
            "occupancy.reference_nm",
            "Reference baseline (nM)",
            "Baseline at which an error of 1 teaches as without receptor occupancy, in nM.",
            0.1,
            100_000.0,
        ).when(&[Gate::new("occupancy.enabled", &["true"])]),
        Field::number(
            "occupancy.burst_nm",
            "Burst size (nM)",
            "Dopamine a burst adds per unit of positive prediction error, in nM.",
            0.0,
            100_000.0,
        ).when(&[Gate::new("occupancy.enabled", &["true"])]),
        Field::number(
            "occupancy.pause",
            "Pause clearance κ",
            "During a dip dopamine falls to baseline × exp(−κ·|δ|).",
            0.0,
            100.0,
        ).when(&[Gate::new("occupancy.enabled", &["true"])]),
        Field::flag(
            "structure.turnover",
            "Synapse turnover",
            "Prune cue → value synapses that stay weak; form them where the chosen action follows a cue.",
        ),
        Field::number(
            "structure.floor",
            "Pruning floor",
            "Weight magnitude under which a synapse counts as weak.",
            0.0,
            10.0,
        ).when(&[Gate::new("structure.turnover", &["true"])]),
        Field::integer(
            "structure.prune_after",
            "Prune after (trials)",
            "Trials a synapse must stay weak before it is removed.",
            1.0,
            1_000_000.0,
        ).when(&[Gate::new("structure.turnover", &["true"])]),
        Field::integer(
            "structure.form_after",
            "Form after (trials)",
            "Consecutive trials with the cue present and the action chosen before a synapse forms.",
            1.0,
            1_000_000.0,
        ).when(&[Gate::new("structure.turnover", &["true"])]),
        Field::number(
            "structure.initial",
            "New synapse weight",
            "Weight of a newly formed synapse.",
            0.0,
            10.0,
        ).when(&[Gate::new("structure.turnover", &["true"])]),
        Field::flag(
            "structure.homeostasis",
            "Homeostatic scaling",
            "Scale each action unit's synapses so that its mean drive Σ|w·x| returns to the target.",
        ),
        Field::number(
            "structure.target",
            "Target drive r*",
            "Mean drive Σ|w·x| an action unit is scaled towards.",
            0.001,
            1000.0,
        ).when(&[Gate::new("structure.homeostasis", &["true"])]),
        Field::number(
            "structure.tau_scale",
            "Scaling time τ_s (trials)",
            "Time constant of the scaling, in trials; the drive is averaged over τ_s/10.",
            1.0,
            1_000_000.0,
        ).when(&[Gate::new("structure.homeostasis", &["true"])]),
        Field::flag(
            "associability.enabled",
            "Cue associability",
            "Pearce–Hall: each cue's synapses learn in proportion to how surprising its outcomes have been.",
        ),
        Field::number(
            "associability.rate",
            "Associability rate η_α",
            "α ← η_α·|δ| + (1 − η_α)·α at the end of each trial, for the cues present.",
            0.0,
            1.0,
        ).when(&[Gate::new("associability.enabled", &["true"])]),
        Field::number(
            "associability.initial",
            "Initial associability α₀",
            "Associability of every cue before learning.",
            0.0,
            10.0,
        ).when(&[Gate::new("associability.enabled", &["true"])]),
        Field::flag(
            "memory.enabled",
            "Hippocampal memory",
            "Complete the cues from an associative memory; acetylcholine switches it from retrieval to encoding.",
        ),
        Field::number(
            "memory.ach_baseline",
            "Memory ACh at baseline",
            "Hippocampal ACh at baseline tone (0: pure retrieval, 1: pure encoding); drugs scale it.",
            0.0,
            1.0,
        ).when(&[Gate::new("memory.enabled", &["true"])]),
        Field::number(
            "memory.rate",
            "Memory storage rate η",
            "Hebbian storage rate of the memory, raised by acetylcholine.",
            0.0,
            1.0,
        ).when(&[Gate::new("memory.enabled", &["true"])]),
        Field::integer(
            "memory.iterations",
            "Memory settling sweeps",
            "Recurrent sweeps per step when the memory completes a pattern.",
            1.0,
            50.0,
        ).when(&[Gate::new("memory.enabled", &["true"])]),
        Field::number(
            "vigour_cost",
            "Vigour cost C_v",
            "Each response waits τ* = √(C_v / R̄), R̄ the tonic dopamine, and costs C_v/τ + R̄·τ (Niv et al. 2007); 0: immediate and free.",
            0.0,
            100.0,
        ),
        Field::flag(
            "counterfactual",
            "Learn from unchosen outcomes",
            "Where a task reveals what an unchosen option paid (volatile with full feedback), its value learns from that too.",
        ),
        super::kalman::FIELDS[0],
        super::kalman::FIELDS[1],
        super::kalman::FIELDS[2],
        super::kalman::FIELDS[3],
        super::kalman::FIELDS[4],
        super::kalman::FIELDS[5],
    ];

    /// The model fields only some tasks read, each with what the task must
    /// offer ([`TaskNeed`]); elsewhere the field changes nothing, so
    /// validation refuses it away from its default and the page hides it.
    pub const READ_BY_TASKS: &'static [(&'static str, TaskNeed)] = &[
        ("actor", TaskNeed::Choice),
        ("opal_balance", TaskNeed::Choice),
        ("model_based_weight", TaskNeed::Choice),
        ("transition_rate", TaskNeed::Choice),
        ("trace_decay", TaskNeed::Steps),
        ("counterfactual", TaskNeed::Unchosen),
    ];

    /// The fields of [`ModelSpec::READ_BY_TASKS`] a task of this `shape`
    /// does not read.
    pub fn unread_by(shape: &TaskShape) -> impl Iterator<Item = (&'static str, TaskNeed)> + '_ {
        Self::READ_BY_TASKS
            .iter()
            .copied()
            .filter(|(_, need)| !need.met_by(shape))
    }

    /// Refuses a field the task does not read ([`ModelSpec::unread_by`])
    /// set away from its default: it would change nothing.
    pub fn check_task(&self, shape: &TaskShape, kind: &str, c: &mut Check) {
        let (value, defaults) = (json_value(self), json_value(&Self::default()));
        for (name, need) in Self::unread_by(shape) {
            let at = format!("/{}", name.replace('.', "/"));
            if value.pointer(&at) != defaults.pointer(&at) {
                c.fail(
                    name,
                    format!(
                        "is read only by {} (task {kind} {}), so this value would change nothing: remove it, or choose such a task",
                        need.wanted(),
                        need.lacking(shape)
                    ),
                );
            }
        }
    }

    /// Checks every field against [`ModelSpec::FIELDS`] and every receptor density.
    pub fn validate(&self, c: &mut Check) {
        let value = json_value(self);
        check_fields(Self::FIELDS, &value, c);
        check_unread(Self::FIELDS, &value, &json_value(&Self::default()), c);
        for (path, v) in self.receptors.entries() {
            c.within(&format!("receptors.{path}"), v, 0.0, 2.0);
        }
    }
}
