//! Structural plasticity: synapses pruned and formed.

use super::rule::{Rule, RuleInfo};

/// Synapse turnover on an `n_post × n_pre` grid of potential synapses
/// (row-major, one row per postsynaptic unit). A synapse whose slow weight
/// stays below `floor` in magnitude (|w| < floor) for `prune_after`
/// consecutive steps is removed (its weight set to 0); a missing synapse
/// whose pre and post units are both above `active` for `form_after`
/// consecutive steps is created with weight `initial`. With `gate_on_pre`
/// only steps on which the pre unit is active count: co-activity grows when
/// post follows an active pre, resets when it does not, and holds while pre
/// is silent (a sparse input can still show a reliable correlation). Activity-dependent formation and weight-dependent elimination
/// after Holtmaat & Svoboda 2009 and the models reviewed by Fauth & van
/// Rossum 2019 (from the literature; verify before quoting).
#[derive(Clone, Debug)]
pub struct Turnover {
    n_pre: usize,
    exists: Vec<bool>,
    below: Vec<u32>,
    coactive: Vec<u32>,
    /// Weight under which a synapse counts as weak.
    pub floor: f64,
    /// Steps of weakness before pruning.
    pub prune_after: u32,
    /// Activity above which a unit counts as active.
    pub active: f64,
    /// Steps of co-activity before formation.
    pub form_after: u32,
    /// Weight of a new synapse.
    pub initial: f64,
    /// Count co-activity only on steps where the pre unit is active.
    pub gate_on_pre: bool,
    pruned: u64,
    formed: u64,
}

impl Turnover {
    /// A grid whose existing synapses are those with `exists[i]`; defaults
    /// floor 0.05, prune after 100 steps, active above 0.5, form after 20
    /// steps, new weight 0.1, co-activity counted on every step.
    pub fn new(n_pre: usize, exists: Vec<bool>) -> Self {
        let n = exists.len();
        Turnover {
            n_pre: n_pre.max(1),
            exists,
            below: vec![0; n],
            coactive: vec![0; n],
            floor: 0.05,
            prune_after: 100,
            active: 0.5,
            form_after: 20,
            initial: 0.1,
            gate_on_pre: false,
            pruned: 0,
            formed: 0,
        }
    }

    /// One step: counts weakness and co-activity, prunes and forms.
    /// `weights` has one entry per potential synapse; `pre` and `post` are
    /// the units' activities. Returns (pruned, formed) in this step.
    pub fn step(&mut self, weights: &mut [f64], pre: &[f64], post: &[f64]) -> (usize, usize) {
        let (mut pruned, mut formed) = (0, 0);
        for (i, w) in weights.iter_mut().enumerate().take(self.exists.len()) {
            if self.exists[i] {
                if w.abs() < self.floor {
                    self.below[i] += 1;
                    if self.below[i] >= self.prune_after {
                        self.exists[i] = false;
                        self.below[i] = 0;
                        self.coactive[i] = 0;
                        *w = 0.0;
                        pruned += 1;
                    }
                } else {
                    self.below[i] = 0;
                }
            } else {
                *w = 0.0;
                let x = pre.get(i % self.n_pre).copied().unwrap_or(0.0);
                let y = post.get(i / self.n_pre).copied().unwrap_or(0.0);
                if self.gate_on_pre && x <= self.active {
                    // A silent pre neither builds nor breaks the correlation.
                } else if x > self.active && y > self.active {
                    self.coactive[i] += 1;
                    if self.coactive[i] >= self.form_after {
                        self.exists[i] = true;
                        self.coactive[i] = 0;
                        *w = self.initial;
                        formed += 1;
                    }
                } else {
                    self.coactive[i] = 0;
                }
            }
        }
        self.pruned += pruned as u64;
        self.formed += formed as u64;
        (pruned, formed)
    }

    /// Whether synapse `i` exists.
    pub fn exists(&self, i: usize) -> bool {
        self.exists.get(i).copied().unwrap_or(false)
    }

    /// Number of existing synapses.
    pub fn count(&self) -> usize {
        self.exists.iter().filter(|&&e| e).count()
    }

    /// Synapses pruned and formed since creation.
    pub fn totals(&self) -> (u64, u64) {
        (self.pruned, self.formed)
    }
}

impl Rule for Turnover {
    const INFO: RuleInfo = RuleInfo {
        name: "turnover",
        modifies: &["synapse_count", "weights"],
        records: &["synapses", "pruned", "formed"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "synapses" => Some(self.count() as f64),
            "pruned" => Some(self.pruned as f64),
            "formed" => Some(self.formed as f64),
            _ => None,
        }
    }
}
