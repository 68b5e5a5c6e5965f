//! Multi-timescale critic synapses with consolidation: fast changes fade
//! unless captured into slow weights when dopamine arrives (synaptic tagging
//! and capture) or during an offline phase that replays stored experience.
//! Three kinds of synapse: fast/slow (Smith et al. 2006, the default),
//! Benna–Fusi chains ([`super::chain`]) and tag–trigger–capture
//! ([`super::tagging`]).

use super::chain::ChainSynapses;
use super::tagging::TaggedSynapses;
use crate::plasticity::{EligibilityTrace, FastSlow, Replay};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Which multi-timescale synapse the critic uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SynapseKind {
    /// A fast part that fades and a slow part (Smith, Ghazizadeh & Shadmehr
    /// 2006), with capture when phasic dopamine exceeds `capture_threshold`.
    #[default]
    FastSlow,
    /// A Benna–Fusi chain of `chain_levels` levels (Benna & Fusi 2016).
    Chain,
    /// Early and late parts with synapse-specific tags and a shared protein
    /// trigger (Clopath et al. 2008; Frey & Morris 1997).
    TagCapture,
}

/// Settings of the critic's fast and slow weights and of consolidation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConsolidationSpec {
    /// Give each critic synapse several timescales (`kind`).
    pub enabled: bool,
    /// Which synapse: `fast_slow` (default), `chain` or `tag_capture`.
    pub kind: SynapseKind,
    /// Fraction of the fast part kept per trial (the tag's lifetime).
    pub retain_fast: f64,
    /// Learning rate of the slow part relative to the fast part.
    pub slow_ratio: f64,
    /// Phasic dopamine above which tagged fast changes are captured.
    pub capture_threshold: f64,
    /// Fraction of the fast part moved into the slow part per capture.
    pub capture_fraction: f64,
    /// Run an offline phase (sleep) every this many trials; 0 = never.
    pub sleep_every: u32,
    /// Experiences replayed per offline phase.
    pub sleep_replays: u32,
    /// Experiences kept for replay (reservoir sampling).
    pub replay_capacity: u32,
    /// `chain`: levels m of each Benna–Fusi chain, 1–16.
    pub chain_levels: u32,
    /// `chain`: first coupling g₁₂ per trial (τ₁ = 1/g₁₂ trials), in [0.001, 1].
    pub chain_coupling: f64,
    /// `tag_capture`: hours per trial Δt (tags and proteins last ~1 h), in [0.001, 1].
    pub trial_hours: f64,
    /// `tag_capture`: protein trigger threshold per synapse on the summed tags, in [0, 1].
    pub tag_threshold: f64,
}

impl Default for ConsolidationSpec {
    fn default() -> Self {
        ConsolidationSpec {
            enabled: false,
            kind: SynapseKind::FastSlow,
            retain_fast: 0.95,
            slow_ratio: 0.1,
            capture_threshold: 0.5,
            capture_fraction: 0.3,
            sleep_every: 0,
            sleep_replays: 50,
            replay_capacity: 500,
            chain_levels: 8,
            chain_coupling: 0.25,
            trial_hours: 0.05,
            tag_threshold: 0.5,
        }
    }
}

/// One stored experience: features, action, outcome.
#[derive(Clone, Debug)]
struct Experience {
    features: Vec<f64>,
    action: usize,
    reward: f64,
}

/// The learned parts of the critic's synapses, by kind.
#[derive(Clone, Debug)]
enum Parts {
    FastSlow(Vec<FastSlow>),
    Chain(ChainSynapses),
    Tagged(TaggedSynapses),
}

/// The critic's synapses as learned parts over a fixed baseline (Q₀):
/// w_i = base_i + learned_i. With `fast_slow`, each three-factor change
/// Δ = η·DA·e goes to the fast part and, scaled by `slow_ratio`, to the slow
/// part; the fast part decays by `retain_fast` at the end of every trial.
/// With `chain` or `tag_capture`, Δ goes to [`ChainSynapses`] or
/// [`TaggedSynapses`].
#[derive(Clone, Debug)]
pub struct Synapses {
    spec: ConsolidationSpec,
    base: Vec<f64>,
    parts: Parts,
    replay: Replay<Experience>,
    captures: u64,
}

impl Synapses {
    /// Synapses starting at `base` (the critic's initial weights).
    pub fn new(spec: &ConsolidationSpec, base: &[f64]) -> Self {
        // Within a trial nothing decays (retention 1); `end_trial` applies it.
        let part = FastSlow::new(1.0, 1.0, 1.0, spec.slow_ratio);
        let n = base.len();
        let parts = match spec.kind {
            SynapseKind::FastSlow => Parts::FastSlow(vec![part; n]),
            SynapseKind::Chain => Parts::Chain(ChainSynapses::new(
                n,
                spec.chain_levels.clamp(1, 16) as usize,
                spec.chain_coupling,
            )),
            SynapseKind::TagCapture => {
                Parts::Tagged(TaggedSynapses::new(n, spec.trial_hours, spec.tag_threshold))
            }
        };
        Synapses {
            spec: spec.clone(),
            base: base.to_vec(),
            parts,
            replay: Replay::new(spec.replay_capacity as usize),
            captures: 0,
        }
    }

    /// Applies Δw_i = rate·DA·e_i through the fast and slow parts, then
    /// captures when the dopamine burst is strong enough; writes the net
    /// weights into `weights`. `protein` (0 under anisomycin) scales capture.
    pub fn learn(
        &mut self,
        weights: &mut [f64],
        trace: &EligibilityTrace,
        rate: f64,
        da: f64,
        protein: f64,
    ) {
        if let Parts::Tagged(t) = &mut self.parts {
            t.set_dopamine(da);
        }
        self.add(trace, rate * da);
        let fast_slow = matches!(self.parts, Parts::FastSlow(_));
        if fast_slow && da > self.spec.capture_threshold && protein > 0.0 {
            self.consolidate(self.spec.capture_fraction * protein);
            self.captures += 1;
        } else if fast_slow && da > 0.0 && protein > 0.0 {
            // A burst below the threshold captures potentiation only, in
            // proportion to its size.
            let k = self.spec.capture_fraction * protein * da / self.spec.capture_threshold;
            if let Parts::FastSlow(parts) = &mut self.parts {
                for p in parts.iter_mut().filter(|p| p.fast() > 0.0) {
                    p.consolidate(k);
                }
            }
        }
        self.write(weights);
    }

    /// Δw_i = k·e_i into every synapse's learned part.
    fn add(&mut self, trace: &EligibilityTrace, k: f64) {
        match &mut self.parts {
            Parts::FastSlow(parts) => {
                for (p, e) in parts.iter_mut().zip(trace.values()) {
                    p.update(k * e);
                }
            }
            Parts::Chain(c) => {
                for (i, e) in trace.values().iter().enumerate() {
                    if *e != 0.0 {
                        c.add(i, k * e);
                    }
                }
            }
            Parts::Tagged(t) => {
                for (i, e) in trace.values().iter().enumerate() {
                    if *e != 0.0 {
                        t.add(i, k * e);
                    }
                }
            }
        }
    }

    /// Fast/slow only: moves `fraction` of every fast part into the slow one.
    fn consolidate(&mut self, fraction: f64) {
        if let Parts::FastSlow(parts) = &mut self.parts {
            for p in parts.iter_mut() {
                p.consolidate(fraction);
            }
        }
    }

    fn write(&self, weights: &mut [f64]) {
        for (i, (w, b)) in weights.iter_mut().zip(&self.base).enumerate() {
            let learned = match &self.parts {
                Parts::FastSlow(parts) => parts[i].net(),
                Parts::Chain(c) => c.net(i),
                Parts::Tagged(t) => t.net(i),
            };
            *w = (b + learned).clamp(-super::bounds::WEIGHT_BOUND, super::bounds::WEIGHT_BOUND);
        }
    }

    /// Ends a trial: fast parts decay by `retain_fast`; chains communicate
    /// for one trial; tagged synapses capture and their tags, proteins and
    /// early parts advance by one trial (`protein`: 0 under anisomycin).
    pub fn end_trial(&mut self, weights: &mut [f64], protein: f64) {
        match &mut self.parts {
            Parts::FastSlow(parts) => {
                for p in parts.iter_mut() {
                    p.retain_fast = self.spec.retain_fast;
                    p.update(0.0);
                    p.retain_fast = 1.0;
                }
            }
            Parts::Chain(c) => c.end_trial(),
            Parts::Tagged(t) => t.end_trial(protein),
        }
        self.write(weights);
    }

    /// Keeps an experience for offline replay.
    pub fn remember(&mut self, features: &[f64], action: usize, reward: f64, rng: &mut Rng) {
        if self.spec.sleep_every > 0 {
            let e = Experience {
                features: features.to_vec(),
                action,
                reward,
            };
            self.replay.store(e, rng);
        }
    }

    /// Whether an offline phase is due before `trial` (1-based).
    pub fn sleep_due(&self, trial: u32) -> bool {
        self.spec.sleep_every > 0 && trial > 1 && (trial - 1) % self.spec.sleep_every == 0
    }

    /// The offline phase: replays stored experiences through the critic
    /// (δ = r − Q, learned at `rate`·`gain`) and consolidates after each one
    /// (McClelland et al. 1995; Frey & Morris 1997; both from the literature).
    pub fn sleep(
        &mut self,
        weights: &mut [f64],
        n_features: usize,
        rate: f64,
        gain: f64,
        protein: f64,
        rng: &mut Rng,
    ) {
        let mut trace = EligibilityTrace::new(weights.len());
        for _ in 0..self.spec.sleep_replays {
            let Some(e) = self.replay.sample(rng).cloned() else {
                break;
            };
            let row = e.action * n_features;
            let q: f64 = weights[row..row + n_features]
                .iter()
                .zip(&e.features)
                .map(|(w, x)| w * x)
                .sum();
            trace.clear();
            trace.tag(row, &e.features, 1.0);
            let da = gain * (e.reward - q);
            match &mut self.parts {
                Parts::FastSlow(parts) => {
                    for (p, t) in parts.iter_mut().zip(trace.values()) {
                        p.update(rate * da * t);
                        p.consolidate(self.spec.capture_fraction * protein);
                    }
                }
                // Chains and tagged synapses consolidate by their own dynamics.
                _ => self.add(&trace, rate * da),
            }
            self.write(weights);
        }
    }

    /// Share of the learned weight held in slow (late, deep) parts, in [0, 1].
    pub fn slow_share(&self) -> f64 {
        let parts = match &self.parts {
            Parts::FastSlow(parts) => parts,
            Parts::Chain(c) => return c.deep_share(),
            Parts::Tagged(t) => t.parts(),
        };
        let slow: f64 = parts.iter().map(|p| p.slow().abs()).sum();
        let fast: f64 = parts.iter().map(|p| p.fast().abs()).sum();
        if slow + fast > 0.0 {
            slow / (slow + fast)
        } else {
            0.0
        }
    }
}
