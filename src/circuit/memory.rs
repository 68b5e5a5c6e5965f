//! A hippocampal associative memory over the task's features
//! (`model.memory`, off by default): pattern completion whose mode
//! acetylcholine switches between retrieval and encoding.

use crate::plasticity::Hopfield;
use serde::{Deserialize, Serialize};

/// Settings of the hippocampal memory (docs/science/model.md, "hippocampus / context":
/// ACh switches encoding against retrieval).
///
/// The hippocampus is a [`Hopfield`] network with one unit per feature.
/// Every step it settles on the presented features a = x,
/// s ← tanh(β·(a + r·W·s)) for `iterations` sweeps, with recurrent
/// transmission r = 1 − 0.9·ACh_h; the critic and actor then see the
/// features completed by memory, x′_i = x_i where a feature is present and
/// max(0, s_i) where it is absent. At the end of each trial every settled
/// state is stored, ΔW = η·(1 + ACh_h)·s·sᵀ/n. ACh_h = min(1,
/// `ach_baseline` × ACh tone × hippocampal M1): more acetylcholine
/// suppresses recurrent retrieval and speeds encoding (Hasselmo & Bower
/// 1993; Hasselmo 2006; from the literature, verify before quoting).
/// Cues presented together come to retrieve each other, so value learned
/// for one reaches the other: sensory preconditioning (Brogden 1939), which
/// needs the hippocampus (Wimmer & Shohamy 2012 Science 338:270; from the
/// literature, verify before quoting).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MemorySpec {
    /// Complete the features from memory and store what is seen.
    pub enabled: bool,
    /// ACh_h at baseline tone (waking, between sleep's low and
    /// exploration's high ACh), in [0, 1].
    pub ach_baseline: f64,
    /// Hebbian storage rate η at ACh_h = 0, in [0, 1].
    pub rate: f64,
    /// Settling sweeps per step, 1–50.
    pub iterations: u32,
}

impl Default for MemorySpec {
    fn default() -> Self {
        MemorySpec {
            enabled: false,
            ach_baseline: 0.5,
            rate: 0.02,
            iterations: 5,
        }
    }
}

/// Most features the memory holds (its weights grow as their square).
pub const MAX_FEATURES: usize = 160;

impl MemorySpec {
    /// The rule between fields that the ranges cannot say: an enabled
    /// memory must fit the task's `n_features` (at most [`MAX_FEATURES`]);
    /// reported at `memory.enabled`.
    pub fn validate(&self, n_features: usize, c: &mut crate::params::Check) {
        if self.enabled && n_features > MAX_FEATURES {
            c.fail(
                "memory.enabled",
                format!(
                    "the hippocampal memory holds at most {MAX_FEATURES} features; this task has {n_features}"
                ),
            );
        }
    }
}

/// The running memory of one circuit.
#[derive(Clone, Debug)]
pub struct Memory {
    net: Hopfield,
    iterations: usize,
    /// Features completed this trial: (input, completed), at most a few.
    cache: Vec<(Vec<f64>, Vec<f64>)>,
    /// Settled states of this trial, stored at its end.
    settled: Vec<Vec<f64>>,
    trial_recall: f64,
    last_recall: f64,
}

/// Most distinct patterns completed per trial that are kept for reuse.
const CACHE: usize = 4;

impl Memory {
    /// An empty memory over `n_features` features.
    pub fn new(spec: &MemorySpec, n_features: usize) -> Self {
        let mut net = Hopfield::new(n_features);
        net.rate = spec.rate;
        Memory {
            net,
            iterations: spec.iterations.clamp(1, 50) as usize,
            cache: Vec::with_capacity(CACHE),
            settled: Vec::new(),
            trial_recall: 0.0,
            last_recall: 0.0,
        }
    }

    /// The features `x` completed from memory at hippocampal ACh `ach`
    /// (the same pattern twice in a trial is settled once).
    pub fn complete(&mut self, x: &[f64], ach: f64) -> &[f64] {
        if let Some(k) = self.cache.iter().position(|(input, _)| input == x) {
            return &self.cache[k].1;
        }
        self.net.set_ach(ach);
        let s = self.net.settle(x, self.iterations).to_vec();
        let mut out = x.to_vec();
        for (o, s) in out.iter_mut().zip(&s) {
            if *o == 0.0 {
                *o = s.max(0.0);
                self.trial_recall = self.trial_recall.max(*o);
            }
        }
        self.settled.push(s);
        if self.cache.len() == CACHE {
            self.cache.remove(0);
        }
        self.cache.push((x.to_vec(), out));
        &self.cache[self.cache.len() - 1].1
    }

    /// Ends a trial: stores every settled state at rate η·(1 + ACh_h).
    pub fn end_trial(&mut self, ach: f64) {
        self.net.set_ach(ach);
        let eta = self.net.learning_rate();
        for s in self.settled.drain(..) {
            self.net.imprint(&s, eta);
        }
        self.cache.clear();
        self.last_recall = self.trial_recall;
        self.trial_recall = 0.0;
    }

    /// Strongest activity retrieved for an absent feature in the last trial.
    pub fn recall(&self) -> f64 {
        self.last_recall
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_pair_completes_and_acetylcholine_weakens_retrieval() {
        let spec = MemorySpec {
            enabled: true,
            ..MemorySpec::default()
        };
        let mut m = Memory::new(&spec, 3);
        for _ in 0..20 {
            m.complete(&[1.0, 1.0, 0.0], 0.5);
            m.end_trial(0.5);
        }
        let low = m.complete(&[1.0, 0.0, 0.0], 0.0)[1];
        m.end_trial(0.0);
        let high = m.complete(&[1.0, 0.0, 0.0], 1.0)[1];
        assert!(low > 0.1 && high < low, "{low} {high}");
        assert_eq!(m.complete(&[1.0, 0.0, 0.0], 1.0)[2], 0.0);
    }
}
