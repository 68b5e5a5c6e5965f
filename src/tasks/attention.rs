//! Cue discrimination with an unsignalled switch of the relevant cue: the
//! generalized Posner task of Yu & Dayan (2005) Neuron 46:681
//! (docs/science/criteria.md §4), with intra- and extra-dimensional shifts.

use super::task::{Step, Task, TaskKind, TrialTask};
use crate::metric::{Group, Metric};
use crate::params::{Check, Field, Gate};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Most cues.
pub const MAX_CUES: usize = 32;

/// On each trial each of `cues` cues points left or right at random; a
/// hidden context says which cue is relevant, and the target appears on the
/// side the relevant cue points to with probability γ (its validity, drawn
/// from U(validity_min, validity_max) for each new context); the others are
/// distractors. The context persists with probability `persistence` (τ) per
/// trial and otherwise switches, unsignalled, to another cue: any other
/// (`shift: "any"`, Yu & Dayan), one in the same dimension (`"intra"`) or one
/// in another dimension (`"extra"`), the cues being split into `dimensions`
/// equal groups. Choosing the target's side (action 0 left, 1 right) pays 1.
/// Defaults: Yu & Dayan as in docs/science/criteria.md §4.2: 4 cues, τ = 0.98,
/// γ ~ U(0.6, 0.99), 3000 trials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AttentionSpec {
    /// Number of cues H.
    pub cues: u32,
    /// Probability τ that the context (relevant cue) persists to the next trial.
    pub persistence: f64,
    /// Lowest validity of the relevant cue.
    pub validity_min: f64,
    /// Highest validity of the relevant cue.
    pub validity_max: f64,
    /// Number of dimensions the cues are split into (for intra/extra shifts).
    pub dimensions: u32,
    /// Where a switch may go: `any`, `intra` (same dimension) or `extra` (another dimension).
    pub shift: String,
    /// Trials per run.
    pub trials: u32,
}

impl Default for AttentionSpec {
    fn default() -> Self {
        AttentionSpec {
            cues: 4,
            persistence: 0.98,
            validity_min: 0.6,
            validity_max: 0.99,
            dimensions: 2,
            shift: "any".into(),
            trials: 3000,
        }
    }
}

impl AttentionSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::integer(
            "cues",
            "Cues H",
            "Number of cues; one is relevant, the rest are distractors.",
            2.0,
            MAX_CUES as f64,
        ),
        Field::number(
            "persistence",
            "Persistence τ",
            "Probability that the relevant cue stays the same on the next trial.",
            0.0,
            1.0,
        ),
        Field::number(
            "validity_min",
            "Lowest validity",
            "Each new context draws its cue validity γ from U(validity_min, validity_max).",
            0.0,
            1.0,
        ),
        Field::number(
            "validity_max",
            "Highest validity",
            "Each new context draws its cue validity γ from U(validity_min, validity_max).",
            0.0,
            1.0,
        ),
        Field::integer(
            "dimensions",
            "Dimensions",
            "The cues are split into this many equal groups (e.g. shape and colour).",
            1.0,
            MAX_CUES as f64,
        ).when(&[Gate::new("shift", &["intra", "extra"])]),
        Field::choice(
            "shift",
            "Shift type",
            "Where the relevant cue goes at a switch: any other cue, one in the same dimension (intra) or another dimension (extra).",
            &["any", "intra", "extra"],
        ),
        Field::trials(),
    ];

    /// Cross-field rules: equal dimensions with room to shift (for the
    /// intra and extra shifts, which read the dimensions).
    pub fn validate(&self, c: &mut Check) {
        if self.validity_min > self.validity_max {
            c.fail(
                "validity_max",
                format!(
                    "must be at least validity_min ({}), got {}",
                    self.validity_min, self.validity_max
                ),
            );
        }
        let d = self.dimensions.max(1);
        // With shift "any" the dimensions are not read (a gate), so no rule
        // of theirs applies.
        if self.shift == "any" {
            return;
        }
        if self.cues % d != 0 {
            c.fail(
                "dimensions",
                format!("must divide cues ({}) evenly, got {}", self.cues, d),
            );
        } else if self.shift == "intra" && self.cues / d < 2 {
            c.fail(
                "shift",
                "intra needs at least 2 cues per dimension (cues / dimensions ≥ 2)",
            );
        } else if self.shift == "extra" && d < 2 {
            c.fail("shift", "extra needs at least 2 dimensions");
        }
    }
}

/// The running task. Features: a bias (1), then for each cue a pair
/// (points left, points right) of 0/1.
#[derive(Clone, Debug)]
pub struct Attention {
    spec: AttentionSpec,
    per_dim: usize,
    started: bool,
    context: usize,
    validity: f64,
    switched: bool,
    target: usize,
    valid: bool,
    features: Vec<f64>,
    directions: Vec<usize>,
}

crate::metric_slots! {
    /// The rows of [`METRICS`], by name.
    pub enum Slot in METRICS {
        Context => Metric::new("context", "relevant cue dimension", "index", Group::Task),
        Switch => Metric::new("switch", "context switched this trial", "", Group::Task).within(0.0, 1.0),
        Validity => Metric::new("validity", "cue validity", "", Group::Task).within(0.0, 1.0),
        CueValid => Metric::new("cue_valid", "relevant cue was valid", "", Group::Task).within(0.0, 1.0),
    }
}

impl Attention {
    /// A task; the first context is drawn at the first trial.
    pub fn new(spec: &AttentionSpec) -> Self {
        let cues = spec.cues as usize;
        Attention {
            spec: spec.clone(),
            per_dim: (cues / spec.dimensions.max(1) as usize).max(1),
            started: false,
            context: 0,
            validity: 1.0,
            switched: false,
            target: 0,
            valid: true,
            features: vec![0.0; 1 + 2 * cues],
            directions: vec![0; cues],
        }
    }

    fn new_validity(&mut self, rng: &mut Rng) {
        let (lo, hi) = (self.spec.validity_min, self.spec.validity_max);
        self.validity = lo + (hi - lo) * rng.uniform();
    }

    /// Another cue, drawn uniformly among those the shift rule allows.
    fn next_context(&self, rng: &mut Rng) -> usize {
        let h = self.spec.cues as usize;
        let dim = |c: usize| c / self.per_dim;
        let allowed = |c: usize| {
            c != self.context
                && match self.spec.shift.as_str() {
                    "intra" => dim(c) == dim(self.context),
                    "extra" => dim(c) != dim(self.context),
                    _ => true,
                }
        };
        let n = (0..h).filter(|c| allowed(*c)).count();
        if n == 0 {
            return self.context;
        }
        let k = rng.below(n);
        (0..h)
            .filter(|c| allowed(*c))
            .nth(k)
            .unwrap_or(self.context)
    }
}

impl Task for Attention {
    fn n_features(&self) -> usize {
        self.features.len()
    }
    fn n_actions(&self) -> usize {
        2
    }
    fn start_trial(&mut self, rng: &mut Rng) {
        let h = self.spec.cues as usize;
        self.switched = false;
        if !self.started {
            self.started = true;
            self.context = rng.below(h);
            self.new_validity(rng);
        } else if !rng.bernoulli(self.spec.persistence) {
            self.context = self.next_context(rng);
            self.new_validity(rng);
            self.switched = true;
        }
        self.features.fill(0.0);
        self.features[0] = 1.0;
        let mut relevant_side = 0;
        for c in 0..h {
            let side = rng.below(2);
            self.features[1 + 2 * c + side] = 1.0;
            self.directions[c] = side;
            if c == self.context {
                relevant_side = side;
            }
        }
        self.valid = rng.bernoulli(self.validity);
        self.target = if self.valid {
            relevant_side
        } else {
            1 - relevant_side
        };
    }
    fn features(&self) -> &[f64] {
        &self.features
    }
    fn best_action(&self) -> Option<usize> {
        // An observer who knows the context follows the relevant cue (γ ≥ 0.5).
        let c = self.context;
        Some(usize::from(
            self.features[1 + 2 * c + 1] > 0.0 && self.validity >= 0.5
                || self.features[1 + 2 * c] > 0.0 && self.validity < 0.5,
        ))
    }
    fn cue_directions(&self) -> &[usize] {
        &self.directions
    }
    fn act(&mut self, action: usize, _rng: &mut Rng) -> Step {
        Step {
            reward: f64::from(u8::from(action == self.target)),
            end_of_trial: true,
        }
    }
    fn metrics(&self) -> &'static [Metric] {
        METRICS
    }
    fn trial_metrics(&self, out: &mut [f64]) {
        let b = |x: bool| f64::from(u8::from(x));
        out[Slot::Context] = self.context as f64;
        out[Slot::Switch] = b(self.switched);
        out[Slot::Validity] = self.validity;
        out[Slot::CueValid] = b(self.valid);
    }
}

impl TaskKind for AttentionSpec {
    const LABEL: &'static str = "Attention (Yu & Dayan)";
    const ABOUT: &'static str =
        "One of several cues predicts the target; which one switches without a signal.";
    fn fields() -> &'static [Field] {
        Self::FIELDS
    }
    fn run_length(&self) -> u32 {
        self.trials
    }
    fn check_rules(&self, c: &mut Check) {
        self.validate(c)
    }
}

impl TrialTask for AttentionSpec {
    fn build(&self) -> Box<dyn Task> {
        Box::new(Attention::new(self))
    }
}
