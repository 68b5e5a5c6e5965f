//! The probabilistic selection task (Frank, Seeberger & O'Reilly 2004;
//! docs/science/criteria.md §8, REV-4).

use super::task::{Step, Task, TaskKind, TrialTask};
use crate::metric::{Group, Metric};
use crate::params::{Check, Field};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Six stimuli in three training pairs, AB, CD and EF, whose first member
/// pays with `p_pairs[k]` and second with 1 − `p_pairs[k]` (defaults 80/20,
/// 70/30, 60/40), chosen at random each training trial; then a test phase
/// without feedback that presents every pair of the six stimuli
/// `test_repeats` times. Learning from positive outcomes shows as choosing A
/// over others; learning from negative outcomes as avoiding B.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SelectionSpec {
    /// P(reward) of the first stimulus of each training pair (A, C, E).
    pub p_pairs: Vec<f64>,
    /// Training trials (with feedback).
    pub training_trials: u32,
    /// Times each of the 15 test pairs is presented (no feedback).
    pub test_repeats: u32,
}

impl Default for SelectionSpec {
    fn default() -> Self {
        SelectionSpec {
            p_pairs: vec![0.8, 0.7, 0.6],
            training_trials: 360,
            test_repeats: 6,
        }
    }
}

impl SelectionSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::list(
            "p_pairs",
            "P(reward) of A, C, E",
            "Reward probability of the first stimulus of each training pair; the second pays 1 − p.",
            (3, 3),
            0.0,
            1.0,
        ),
        Field::integer(
            "training_trials",
            "Training trials",
            "Trials with feedback on the three training pairs.",
            1.0,
            1_000_000.0,
        ),
        Field::integer(
            "test_repeats",
            "Test repeats",
            "Presentations of each of the 15 pairs in the test phase, without feedback.",
            0.0,
            10_000.0,
        ),
    ];

    /// Cross-field rules (none).
    pub fn validate(&self, _c: &mut Check) {}

    /// Trials per run: training then test.
    pub fn trials(&self) -> u32 {
        self.training_trials + 15 * self.test_repeats
    }
}

crate::metric_slots! {
    /// Metrics: phase (0 training, 1 test), and on test trials whether A was
    /// offered without B and chosen, and whether B was offered without A and
    /// avoided: P(choose A) = Σ chose_a / Σ a_offered, likewise for B.
    pub enum Slot in METRICS {
        Phase => Metric::new("phase", "phase (0 training, 1 test)", "", Group::Task).within(0.0, 1.0),
        AOffered => Metric::new("a_offered", "A offered without B", "", Group::Task).within(0.0, 1.0),
        ChoseA => Metric::new("chose_a", "chose A", "", Group::Behaviour).within(0.0, 1.0),
        BOffered => Metric::new("b_offered", "B offered without A", "", Group::Task).within(0.0, 1.0),
        AvoidedB => Metric::new("avoided_b", "avoided B", "", Group::Behaviour).within(0.0, 1.0),
    }
}

/// The running task; stimuli A–F are actions 0–5.
#[derive(Clone, Debug)]
pub struct Selection {
    p: [f64; 6],
    training: u32,
    tests: Vec<[usize; 2]>,
    trial: u32,
    pair: [usize; 2],
    choice: usize,
    features: [f64; 1],
}

impl Selection {
    /// A task with the spec's probabilities and phase lengths.
    pub fn new(spec: &SelectionSpec) -> Self {
        let mut p = [0.5; 6];
        for (k, pk) in spec.p_pairs.iter().take(3).enumerate() {
            p[2 * k] = *pk;
            p[2 * k + 1] = 1.0 - pk;
        }
        let mut tests = Vec::new();
        for _ in 0..spec.test_repeats {
            for a in 0..6 {
                for b in a + 1..6 {
                    tests.push([a, b]);
                }
            }
        }
        Selection {
            p,
            training: spec.training_trials,
            tests,
            trial: 0,
            pair: [0, 1],
            choice: 0,
            features: [1.0],
        }
    }

    fn testing(&self) -> bool {
        self.trial > self.training
    }
}

impl Task for Selection {
    fn n_features(&self) -> usize {
        1
    }
    fn n_actions(&self) -> usize {
        6
    }
    fn start_trial(&mut self, rng: &mut Rng) {
        self.trial += 1;
        self.pair = if self.testing() {
            // Test pairs in a shuffled order: draw one of the remaining.
            let left = self.tests.len();
            if left == 0 {
                [0, 1]
            } else {
                self.tests.swap_remove(rng.below(left))
            }
        } else {
            let k = rng.below(3);
            [2 * k, 2 * k + 1]
        };
        if rng.bernoulli(0.5) {
            self.pair.swap(0, 1);
        }
    }
    fn features(&self) -> &[f64] {
        &self.features
    }
    fn best_action(&self) -> Option<usize> {
        let [a, b] = self.pair;
        Some(if self.p[a] >= self.p[b] { a } else { b })
    }
    fn available(&self) -> Option<&[usize]> {
        Some(&self.pair)
    }
    fn feedback(&self) -> bool {
        !self.testing()
    }
    fn act(&mut self, action: usize, rng: &mut Rng) -> Step {
        self.choice = action;
        let paid = !self.testing() && rng.bernoulli(self.p.get(action).copied().unwrap_or(0.0));
        Step {
            reward: if paid { 1.0 } else { 0.0 },
            end_of_trial: true,
        }
    }
    fn metrics(&self) -> &'static [Metric] {
        METRICS
    }
    fn trial_metrics(&self, out: &mut [f64]) {
        let test = self.testing();
        let has = |s| self.pair.contains(&s);
        let a_offered = test && has(0) && !has(1);
        let b_offered = test && has(1) && !has(0);
        let flag = |b: bool| f64::from(u8::from(b));
        out[Slot::Phase] = flag(test);
        out[Slot::AOffered] = flag(a_offered);
        out[Slot::ChoseA] = flag(a_offered && self.choice == 0);
        out[Slot::BOffered] = flag(b_offered);
        out[Slot::AvoidedB] = flag(b_offered && self.choice != 1);
    }
}

impl TaskKind for SelectionSpec {
    const LABEL: &'static str = "Probabilistic selection";
    const ABOUT: &'static str = "Learn three pairs of symbols, then choose among new pairs without feedback: choose A, avoid B (Frank 2004).";
    fn fields() -> &'static [Field] {
        Self::FIELDS
    }
    fn run_length(&self) -> u32 {
        self.trials()
    }
    fn check_rules(&self, c: &mut Check) {
        self.validate(c)
    }
}

impl TrialTask for SelectionSpec {
    fn build(&self) -> Box<dyn Task> {
        Box::new(Selection::new(self))
    }
}
