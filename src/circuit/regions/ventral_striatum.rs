//! Ventral striatum: the critic.
//!
//! Computes the values Q(s, a) = w_a · x(s) whose temporal-difference error
//! δ = r + γ·Q(s′, a′) − Q(s, a) is the dopamine signal (Schultz, Dayan &
//! Montague 1997; SARSA form after Morris et al. 2006), and learns them by
//! the three-factor rule Δw = η·e_R·M·e (Frémaux & Gerstner 2016) with e the
//! eligibility trace and M phasic dopamine.
//!
//! Receptors (docs/circuit.md, "Regions"):
//! - D1 reads bursts (δ > 0) and D2 reads dips (δ < 0): e_R is the D1
//!   efficacy for positive and the D2 efficacy for negative errors (Frank
//!   2005; with receptor occupancy, the occupancy change of Hunger et al.
//!   2020 on the tonic baseline). D1 also gates replay during sleep.
//!   Through D2 the region also reads tonic dopamine as the average reward
//!   rate R̄ that sets response vigour, τ* = √(C_v / R̄) ([`vigour`]; Niv
//!   et al. 2007; accumbens dopamine and effort, Salamone & Correa 2012).
//! - M1 sets the speed of learning, η = η₀·ACh·e_M1·age (Doya 2002's
//!   "acetylcholine controls the speed of memory update", placed where the
//!   values are learned; striatal acetylcholine comes from local
//!   cholinergic interneurons, which the model lumps with the broadcast).
//!
//! It owns the critic's weights, their eligibility trace and the optional
//! rules on them: fast/slow consolidation, structural turnover and
//! Pearce–Hall associability. Simplification: one linear layer, no separate
//! patch/matrix compartments.

use super::reading::{Broadcast, Reading};
use crate::circuit::associability::CueAssociability;
use crate::circuit::bounds::WEIGHT_BOUND;
use crate::circuit::consolidation::Synapses;
use crate::circuit::occupancy::OccupancySpec;
use crate::circuit::spec::ModelSpec;
use crate::circuit::structure::Structure;
use crate::neuromod::anatomy::Modulator;
use crate::neuromod::{Receptor, Region};
use crate::plasticity::{EligibilityTrace, ThreeFactor};
use crate::rng::Rng;

/// The critic's state and rules.
#[derive(Clone, Debug)]
pub struct VentralStriatum {
    receptors: Reading,
    n_features: usize,
    weights: Vec<f64>,
    trace: EligibilityTrace,
    synapses: Option<Synapses>,
    structure: Option<Structure>,
    associability: Option<CueAssociability>,
}

/// The dopamine signal as a striatal region reads it: the third factor and
/// the efficacy of the receptor that carries it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Teaching {
    /// The third factor M of Δw = η·e·M·x.
    pub signal: f64,
    /// Per pathway (D1, D2): the receptor efficacy that carries it.
    pub efficacy: [f64; 2],
}

/// Phasic dopamine `da` as a striatal region with `receptors` reads it: the
/// signal itself and D1/D2 efficacies, or with receptor occupancy the
/// occupancy change on this region's tonic baseline
/// b = tonic_nm·(tone + D2 agonist) (see [`OccupancySpec`]).
pub fn teaching(receptors: &Reading, occ: &OccupancySpec, da: f64, b: &Broadcast) -> Teaching {
    if occ.enabled {
        let tone = receptors.received_tone(Modulator::Dopamine, b);
        let baseline = occ.tonic_nm * (tone + receptors.boosted(Receptor::D2)).max(0.0);
        Teaching {
            signal: occ.signal(da * receptors.phasic_factor(Modulator::Dopamine), baseline),
            efficacy: [
                receptors.blocked_only(Receptor::D1),
                receptors.blocked_only(Receptor::D2),
            ],
        }
    } else {
        Teaching {
            signal: da * receptors.phasic_factor(Modulator::Dopamine),
            efficacy: [
                receptors.efficacy(Receptor::D1),
                receptors.efficacy(Receptor::D2),
            ],
        }
    }
}

/// A response's vigour: its latency τ and what the response costs.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Vigour {
    /// Response latency τ (a.u.).
    pub latency: f64,
    /// The cost C_v/τ + R̄·τ the response pays: its vigour cost and the
    /// reward forgone while it waits (opportunity cost).
    pub cost: f64,
}

/// The vigour of a response (Niv, Daw, Joel & Dayan 2007): with vigour cost
/// C_v/τ and the reward forgone at rate R̄ while waiting, the total cost
/// C_v/τ + R̄·τ is least at τ* = √(C_v / R̄), where it is 2√(C_v·R̄). R̄ is
/// the tonic dopamine `tonic` (the running mean of earned reward) as this
/// region reads it through D2, the high-affinity receptor that tonic levels
/// occupy (local infusions and D2 drugs included), at least 0.01. With
/// C_v = 0 responses are immediate and free.
pub fn vigour(receptors: &Reading, vigour_cost: f64, tonic: f64) -> Vigour {
    if vigour_cost <= 0.0 {
        return Vigour::default();
    }
    let rate =
        (tonic * receptors.local_tone(Modulator::Dopamine) * receptors.efficacy(Receptor::D2))
            .max(0.01);
    let latency = (vigour_cost / rate).sqrt();
    Vigour {
        latency,
        cost: vigour_cost / latency + rate * latency,
    }
}

/// The learning rate η = min(1, η₀·ACh·e_M1·age) of a striatal region whose
/// speed acetylcholine sets (Doya 2002).
pub fn ach_rate(receptors: &Reading, base: f64, plasticity: f64, b: &Broadcast) -> f64 {
    let speed = receptors.tone(Receptor::M1, b);
    // A rate above 1 overshoots every target: keep it a rate.
    (base * speed * plasticity).clamp(0.0, 1.0)
}

impl VentralStriatum {
    /// The region this module is.
    pub const REGION: Region = Region::VentralStriatum;
    /// The metrics whose values this region computes (from
    /// `circuit::metric_table`).
    pub const RECORDS: &'static [&'static str] = &[
        "value",
        "dopamine",
        "learning_rate",
        "slow_share",
        "synapses",
        "scaling",
        "associability",
        "latency",
    ];

    /// The receptors it reads, with their default densities.
    pub fn reads() -> &'static [(Receptor, f64)] {
        Self::REGION.expresses()
    }
    /// A naive critic: Q₀ on the first (bias-like) feature of each action.
    pub fn new(model: &ModelSpec, receptors: Reading, n_features: usize, n_actions: usize) -> Self {
        let n = n_features * n_actions;
        let weights: Vec<f64> = (0..n)
            .map(|i| {
                if i % n_features == 0 {
                    model.initial_value
                } else {
                    0.0
                }
            })
            .collect();
        let synapses = model
            .consolidation
            .enabled
            .then(|| Synapses::new(&model.consolidation, &weights));
        VentralStriatum {
            receptors,
            n_features,
            trace: EligibilityTrace::new(n),
            synapses,
            structure: model
                .structure
                .enabled()
                .then(|| Structure::new(&model.structure, n_features, n_actions)),
            associability: model
                .associability
                .enabled
                .then(|| CueAssociability::new(&model.associability, n_features)),
            weights,
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

    /// The weights, action-major.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Sets each action's value on its first (bias-like) feature: the
    /// Kalman learner's posterior means are the values it sends on
    /// (`circuit::kalman`).
    pub fn set_action_values(&mut self, values: &[f64]) {
        let nf = self.n_features;
        for (a, v) in values.iter().enumerate() {
            if let Some(w) = self.weights.get_mut(a * nf) {
                *w = *v;
            }
        }
    }

    /// Fictive learning of the unchosen `action` from the `reward` it would
    /// have brought: δ_f = r_f − Q(s, a_f), Δw = rate·gain·e·δ_f·x with e
    /// the D1 efficacy for δ_f ≥ 0 and D2 for δ_f < 0 (Lohrenz et al. 2007;
    /// `circuit::fictive`). Nothing with multi-timescale synapses or
    /// through a lesion.
    pub fn learn_fictive(&mut self, x: &[f64], action: usize, reward: f64, rate: f64, gain: f64) {
        let nf = self.n_features;
        if self.synapses.is_some()
            || self.receptors.lesioned()
            || (action + 1) * nf > self.weights.len()
        {
            return;
        }
        let delta = reward - self.value(x, action);
        let efficacy = if delta >= 0.0 {
            self.receptors.efficacy(Receptor::D1)
        } else {
            self.receptors.efficacy(Receptor::D2)
        };
        let step = rate * gain * efficacy * delta;
        for (w, xi) in self.weights[action * nf..(action + 1) * nf]
            .iter_mut()
            .zip(x)
        {
            *w = (*w + step * xi).clamp(-WEIGHT_BOUND, WEIGHT_BOUND);
        }
    }

    /// Q(s, a) = w_a · x.
    pub fn value(&self, x: &[f64], action: usize) -> f64 {
        let nf = self.n_features;
        let row = &self.weights[action * nf..(action + 1) * nf];
        row.iter().zip(x).map(|(w, x)| w * x).sum()
    }

    /// The value it sends on: Q(s, a), or 0 through a lesion.
    pub fn predict(&self, x: &[f64], action: usize) -> f64 {
        if self.receptors.lesioned() {
            0.0
        } else {
            self.value(x, action)
        }
    }

    /// Pearce–Hall associability observes the error of the step.
    pub fn observe_error(&mut self, x: &[f64], delta: f64) {
        if let Some(c) = self.associability.as_mut() {
            c.observe(x, delta);
        }
    }

    /// Δw = η·e_R·M·e (three-factor rule), through fast and slow parts when
    /// consolidation is on; weights stay within ±[`WEIGHT_BOUND`]; at the
    /// trial's end the experience is kept for replay and turnover and
    /// scaling run. `update` is (η·e_R, M).
    pub fn learn(
        &mut self,
        x: &[f64],
        (action, reward, trial_end): (usize, f64, bool),
        (rate, signal): (f64, f64),
        rng: &mut Rng,
    ) {
        let row = action * self.n_features;
        // With associability, a cue's synapses become eligible in
        // proportion to the attention it has earned (Pearce & Hall 1980).
        match self.associability.as_mut() {
            Some(c) => self.trace.tag(row, c.weigh(x), 1.0),
            None => self.trace.tag(row, x, 1.0),
        }
        let protein = self.receptors.protein_synthesis();
        match self.synapses.as_mut() {
            Some(syn) => {
                syn.learn(&mut self.weights, &self.trace, rate, signal, protein);
                if trial_end {
                    syn.remember(x, action, reward, rng);
                }
            }
            None => ThreeFactor { rate }.apply(&mut self.weights, &self.trace, signal),
        }
        for w in self.weights.iter_mut() {
            *w = w.clamp(-WEIGHT_BOUND, WEIGHT_BOUND);
        }
        if trial_end {
            if let Some(st) = self.structure.as_mut() {
                st.after_trial(&mut self.weights, x, action);
            }
        }
    }

    /// Offline replay when due (sleep): replayed experience teaches at
    /// `rate` with dopamine's phasic gain read through D1.
    pub fn sleep_if_due(&mut self, trial: u32, rate: f64, b: &Broadcast, rng: &mut Rng) {
        let protein = self.receptors.protein_synthesis();
        let gain = b.phasic_gain[Modulator::Dopamine as usize]
            * self.receptors.phasic_factor(Modulator::Dopamine)
            * self.receptors.efficacy(Receptor::D1);
        if let Some(syn) = self.synapses.as_mut() {
            if syn.sleep_due(trial) {
                syn.sleep(&mut self.weights, self.n_features, rate, gain, protein, rng);
            }
        }
    }

    /// Eligibility decays by `factor` (γλ).
    pub fn decay(&mut self, factor: f64) {
        self.trace.decay(factor);
    }

    /// Ends a trial: fast weights decay, traces clear.
    pub fn end_trial(&mut self) {
        let protein = self.receptors.protein_synthesis();
        if let Some(syn) = self.synapses.as_mut() {
            syn.end_trial(&mut self.weights, protein);
        }
        if let Some(c) = self.associability.as_mut() {
            c.end_trial();
        }
        self.trace.clear();
    }

    /// The consolidated share of learning (0 without consolidation).
    pub fn slow_share(&self) -> f64 {
        self.synapses.as_ref().map_or(0.0, Synapses::slow_share)
    }

    /// Turnover and scaling, when on.
    pub fn structure(&self) -> Option<&Structure> {
        self.structure.as_ref()
    }

    /// Pearce–Hall associability, when on.
    pub fn associability(&self) -> Option<&CueAssociability> {
        self.associability.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neuromod::{Condition, Manipulation, ReceptorMap};

    fn receptors(map: &ReceptorMap, c: &Condition) -> Reading {
        Reading::new(Region::VentralStriatum, map, &Manipulation::of(c))
    }

    /// A fixed broadcast: a dopamine burst of 1 at baseline tone.
    fn burst() -> Broadcast {
        Broadcast {
            tone: [1.0; 4],
            phasic: [1.0, 0.0, 0.0, 0.0],
            phasic_gain: [1.0; 4],
        }
    }

    fn learn_once(r: Reading) -> Vec<f64> {
        let model = ModelSpec::default();
        let mut v = VentralStriatum::new(&model, r, 2, 2);
        let b = burst();
        let t = teaching(v.receptors(), &model.occupancy, b.phasic[0], &b);
        let rate = ach_rate(v.receptors(), model.learning_rate, 1.0, &b) * t.efficacy[0];
        v.learn(
            &[1.0, 1.0],
            (1, 1.0, true),
            (rate, t.signal),
            &mut Rng::new(1, crate::rng::Stream::Learner),
        );
        v.weights().to_vec()
    }

    #[test]
    fn its_update_depends_only_on_its_own_receptors_and_state() {
        let map = ReceptorMap::default();
        let base = learn_once(receptors(&map, &Condition::default()));
        assert!(base[2] > 0.5, "a burst teaches the chosen action: {base:?}");
        // Other regions' densities and local drugs elsewhere change nothing here.
        let mut other = ReceptorMap::default();
        for region in Region::ALL {
            if region != Region::VentralStriatum {
                for (r, _) in region.expresses() {
                    other.set(region, *r, 0.0);
                }
            }
        }
        let c: Condition = serde_json::from_str(
            r#"{"lesions": ["ofc", "dorsal_striatum"], "regions": {"mpfc": {"drugs": ["haloperidol"]}}}"#,
        )
        .unwrap();
        assert_eq!(learn_once(receptors(&other, &c)), base);
        // Its own D1 carries the burst: without it the burst teaches nothing.
        let mut no_d1 = ReceptorMap::default();
        no_d1.set(Region::VentralStriatum, Receptor::D1, 0.0);
        let w = learn_once(receptors(&no_d1, &Condition::default()));
        assert_eq!(w[2], ModelSpec::default().initial_value);
    }
}
