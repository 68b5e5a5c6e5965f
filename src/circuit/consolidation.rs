//! Two-timescale critic synapses with consolidation: fast changes fade
//! unless captured into slow weights when dopamine arrives (synaptic tagging
//! and capture) or during an offline phase that replays stored experience.

use crate::plasticity::{EligibilityTrace, FastSlow, Replay};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Settings of the critic's fast and slow weights and of consolidation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConsolidationSpec {
    /// Split each critic synapse into fast and slow parts (Smith et al. 2006).
    pub enabled: bool,
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
}

impl Default for ConsolidationSpec {
    fn default() -> Self {
        ConsolidationSpec {
            enabled: false,
            retain_fast: 0.95,
            slow_ratio: 0.1,
            capture_threshold: 0.5,
            capture_fraction: 0.3,
            sleep_every: 0,
            sleep_replays: 50,
            replay_capacity: 500,
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

/// The critic's synapses as fast + slow parts over a fixed baseline (Q₀):
/// w_i = base_i + fast_i + slow_i. Each three-factor change Δ = η·DA·e goes
/// to the fast part and, scaled by `slow_ratio`, to the slow part; the fast
/// part decays by `retain_fast` at the end of every trial.
#[derive(Clone, Debug)]
pub struct Synapses {
    spec: ConsolidationSpec,
    base: Vec<f64>,
    parts: Vec<FastSlow>,
    replay: Replay<Experience>,
    captures: u64,
}

impl Synapses {
    /// Synapses starting at `base` (the critic's initial weights).
    pub fn new(spec: &ConsolidationSpec, base: &[f64]) -> Self {
        // Within a trial nothing decays (retention 1); `end_trial` applies it.
        let part = FastSlow::new(1.0, 1.0, 1.0, spec.slow_ratio);
        Synapses {
            spec: spec.clone(),
            base: base.to_vec(),
            parts: vec![part; base.len()],
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
        for (p, e) in self.parts.iter_mut().zip(trace.values()) {
            p.update(rate * da * e);
        }
        if da > self.spec.capture_threshold && protein > 0.0 {
            for p in self.parts.iter_mut() {
                p.consolidate(self.spec.capture_fraction * protein);
            }
            self.captures += 1;
        }
        self.write(weights);
    }

    fn write(&self, weights: &mut [f64]) {
        for ((w, b), p) in weights.iter_mut().zip(&self.base).zip(&self.parts) {
            *w = (b + p.net()).clamp(-super::bounds::WEIGHT_BOUND, super::bounds::WEIGHT_BOUND);
        }
    }

    /// Ends a trial: the fast parts decay by `retain_fast`.
    pub fn end_trial(&mut self, weights: &mut [f64]) {
        for p in self.parts.iter_mut() {
            p.retain_fast = self.spec.retain_fast;
            p.update(0.0);
            p.retain_fast = 1.0;
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
            for (p, t) in self.parts.iter_mut().zip(trace.values()) {
                p.update(rate * da * t);
                p.consolidate(self.spec.capture_fraction * protein);
            }
            self.write(weights);
        }
    }

    /// Share of the learned weight held in slow parts, in [0, 1].
    pub fn slow_share(&self) -> f64 {
        let slow: f64 = self.parts.iter().map(|p| p.slow().abs()).sum();
        let fast: f64 = self.parts.iter().map(|p| p.fast().abs()).sum();
        if slow + fast > 0.0 {
            slow / (slow + fast)
        } else {
            0.0
        }
    }
}
