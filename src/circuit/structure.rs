//! Synapse turnover and homeostatic scaling of the cue → value synapses
//! (feature × action) of the ventral striatum (docs/science/model.md, "Plasticity
//! rules" 5 and 6; an option of the model, off by default).

use crate::plasticity::{Homeostasis, Turnover};
use serde::{Deserialize, Serialize};

/// Structural and homeostatic plasticity of the critic's synapses, applied
/// once per trial after the outcome has been learned.
///
/// Turnover ([`Turnover`], Holtmaat & Svoboda 2009; Fauth & van Rossum
/// 2019; from the literature): a synapse whose weight stays below `floor`
/// in magnitude for `prune_after` trials is removed (weight 0, no further
/// learning); a missing synapse from feature i to action unit a forms
/// (weight `initial`) once the unit was active (chosen) on `form_after`
/// consecutive trials on which the feature was present, so synapses grow
/// where choice follows a cue (e.g. the cue that top-down attention
/// follows) and not from cues the choice ignores.
///
/// Homeostatic scaling ([`Homeostasis`], Turrigiano et al. 1998; from the
/// literature): each action unit's drive r = Σᵢ |wᵢ·xᵢ| is averaged over
/// τ_avg = τ_s/10 trials and all its weights are multiplied by
/// exp((r* − r̄)/(r*·τ_s)) per trial, keeping relative weights while the mean
/// drive returns to the target r*: pruning lowers the drive and scales the
/// survivors up; many growing synapses scale all down.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StructureSpec {
    /// Prune weak synapses and form correlated ones.
    pub turnover: bool,
    /// Weight magnitude under which a synapse counts as weak.
    pub floor: f64,
    /// Trials of weakness before a synapse is pruned.
    pub prune_after: u32,
    /// Trials of co-activity (feature present, unit chosen) before a synapse forms.
    pub form_after: u32,
    /// Weight of a newly formed synapse.
    pub initial: f64,
    /// Scale each action unit's synapses towards a target drive.
    pub homeostasis: bool,
    /// Target drive r* = Σ |w·x| of an action unit.
    pub target: f64,
    /// Scaling time constant τ_s in trials (averaging: τ_s/10).
    pub tau_scale: f64,
}

impl Default for StructureSpec {
    fn default() -> Self {
        StructureSpec {
            turnover: false,
            floor: 0.1,
            prune_after: 50,
            form_after: 12,
            initial: 0.1,
            homeostasis: false,
            target: 1.0,
            tau_scale: 200.0,
        }
    }
}

impl StructureSpec {
    /// Either part is on.
    pub fn enabled(&self) -> bool {
        self.turnover || self.homeostasis
    }
}

/// The running state: turnover over the action × feature grid and one
/// scaling rule per action unit.
#[derive(Clone, Debug)]
pub struct Structure {
    turnover: Option<Turnover>,
    scaling: Vec<Homeostasis>,
    n_features: usize,
    pre: Vec<f64>,
    post: Vec<f64>,
    last_factor: f64,
}

impl Structure {
    /// Every synapse of the `n_actions × n_features` grid exists at first.
    pub fn new(spec: &StructureSpec, n_features: usize, n_actions: usize) -> Self {
        let turnover = spec.turnover.then(|| {
            let mut t = Turnover::new(n_features, vec![true; n_features * n_actions]);
            t.floor = spec.floor;
            t.prune_after = spec.prune_after.max(1);
            t.form_after = spec.form_after.max(1);
            t.initial = spec.initial;
            t.active = 0.5;
            t.gate_on_pre = true;
            t
        });
        let scaling = if spec.homeostasis {
            let tau = spec.tau_scale.max(1.0);
            (0..n_actions)
                .map(|_| Homeostasis::new(spec.target, tau, tau / 10.0))
                .collect()
        } else {
            Vec::new()
        };
        Structure {
            turnover,
            scaling,
            n_features,
            pre: vec![0.0; n_features],
            post: vec![0.0; n_actions],
            last_factor: 1.0,
        }
    }

    /// One trial after learning: features `x`, the `chosen` action; scales
    /// and rewires `weights` (action-major, `n_features` per action).
    pub fn after_trial(&mut self, weights: &mut [f64], x: &[f64], chosen: usize) {
        let nf = self.n_features;
        if !self.scaling.is_empty() {
            let mut total = 0.0;
            for (a, h) in self.scaling.iter_mut().enumerate() {
                let Some(row) = weights.get_mut(a * nf..(a + 1) * nf) else {
                    continue;
                };
                let drive: f64 = row.iter().zip(x).map(|(w, x)| (w * x).abs()).sum();
                h.observe(drive, 1.0);
                total += h.scale(row, 1.0);
            }
            self.last_factor = total / self.scaling.len() as f64;
        }
        if let Some(t) = self.turnover.as_mut() {
            self.pre.fill(0.0);
            for (p, x) in self.pre.iter_mut().zip(x) {
                *p = x.abs();
            }
            for (a, p) in self.post.iter_mut().enumerate() {
                *p = f64::from(u8::from(a == chosen));
            }
            t.step(weights, &self.pre, &self.post);
        }
    }

    /// Existing synapses (all of the grid without turnover).
    pub fn count(&self) -> usize {
        self.turnover
            .as_ref()
            .map_or(self.n_features * self.post.len(), Turnover::count)
    }

    /// Whether synapse `i` (action-major) exists.
    pub fn exists(&self, i: usize) -> bool {
        self.turnover.as_ref().is_none_or(|t| t.exists(i))
    }

    /// Synapses pruned and formed so far.
    pub fn totals(&self) -> (u64, u64) {
        self.turnover.as_ref().map_or((0, 0), Turnover::totals)
    }

    /// Mean scaling factor applied in the last trial (1 without scaling).
    pub fn last_factor(&self) -> f64 {
        self.last_factor
    }
}
