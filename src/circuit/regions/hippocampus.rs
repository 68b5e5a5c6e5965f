//! Hippocampus: context and state across the steps of a trial.
//!
//! It carries eligibility from one step to the next (temporal credit
//! assignment, λ of TD(λ)): through a lesion λ = 0, so only the last step
//! before an outcome learns. When `model.memory` is on it also holds an
//! associative memory (Hopfield network) that completes partial cues.
//!
//! Receptor: M1. Acetylcholine switches the memory between encoding (high
//! ACh: new patterns stored, recurrent recall suppressed) and retrieval
//! (low ACh: recurrent completion) (Hasselmo 2006); the memory reads
//! ACh_h = min(1, baseline·ACh·e_M1). With the memory off, M1 has no effect
//! (docs/circuit.md says which tasks route through the hippocampus).

use super::reading::{Broadcast, Reading};
use crate::circuit::memory::{Memory, MemorySpec};
use crate::neuromod::{Receptor, Region};

/// The hippocampus's state.
#[derive(Clone, Debug)]
pub struct Hippocampus {
    receptors: Reading,
    ach_baseline: f64,
    memory: Option<Memory>,
}

impl Hippocampus {
    /// The region this module is.
    pub const REGION: Region = Region::Hippocampus;
    /// The metrics whose values this region computes (from
    /// `circuit::metric_table`).
    pub const RECORDS: &'static [&'static str] = &["recall"];

    /// The receptors it reads, with their default densities.
    pub fn reads() -> &'static [(Receptor, f64)] {
        Self::REGION.expresses()
    }
    /// A naive hippocampus over `n_features` features.
    pub fn new(receptors: Reading, spec: &MemorySpec, n_features: usize) -> Self {
        Hippocampus {
            receptors,
            ach_baseline: spec.ach_baseline,
            memory: spec.enabled.then(|| Memory::new(spec, n_features)),
        }
    }

    /// Its receptors.
    pub fn receptors(&self) -> &Reading {
        &self.receptors
    }

    /// New receptors (a condition taking effect mid-run).
    pub fn set_receptors(&mut self, r: Reading) {
        self.receptors = r;
    }

    /// ACh_h = min(1, baseline·ACh·e_M1), the memory's mode.
    pub fn ach(&self, b: &Broadcast) -> f64 {
        self.receptors
            .tone_times(Receptor::M1, b, self.ach_baseline)
            .clamp(0.0, 1.0)
    }

    /// The features completed by the memory, written into `out`, when it
    /// is on and the hippocampus intact; `false`: use the features as they
    /// are (`out` untouched).
    pub fn recall_into(&mut self, x: &[f64], b: &Broadcast, out: &mut Vec<f64>) -> bool {
        if x.is_empty() || self.receptors.lesioned() {
            return false;
        }
        let ach = self.ach(b);
        let Some(memory) = self.memory.as_mut() else {
            return false;
        };
        out.clear();
        out.extend_from_slice(memory.complete(x, ach));
        true
    }

    /// λ as the hippocampus carries it: the model's, or 0 through a lesion.
    pub fn trace_decay(&self, lambda: f64) -> f64 {
        if self.receptors.lesioned() {
            0.0
        } else {
            lambda
        }
    }

    /// Ends a trial: the memory stores what it saw, as ACh allows.
    pub fn end_trial(&mut self, b: &Broadcast) {
        let ach = self.ach(b);
        if let Some(m) = self.memory.as_mut() {
            m.end_trial(ach);
        }
    }

    /// The strongest recall of an absent cue this trial, when the memory is on.
    pub fn recall_strength(&self) -> Option<f64> {
        self.memory.as_ref().map(Memory::recall)
    }
}
