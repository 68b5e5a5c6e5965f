//! The four modulators at the synapse and the neuron (docs/spiking.md,
//! "Four modulators"): how dopamine, acetylcholine, norepinephrine and
//! serotonin, read through their receptors, convert two eligibility traces
//! into weight change, route new tags between them, and set the neurons'
//! gain.
//!
//! Each synapse keeps an LTP trace e⁺ (pre → post tags) and an LTD trace
//! e⁻ (post → pre tags), both ≥ 0 and decaying with τc (He et al. 2015,
//! Neuron 88:528: pairing leaves *separate* LTP and LTD traces that β-
//! adrenergic and 5-HT2C receptors convert). The weight follows
//!
//!   ds/dt = η·(e⁺·G⁺(t) − e⁻·G⁻(t)),   G^± = Σ_r κ^±_r·m_r(t) + β^±,
//!
//! with m_r the activation of modulator r's receptor and κ^±_r its
//! coupling: adenylyl-cyclase-coupled receptors (D1, β) potentiate,
//! phospholipase-C-coupled ones (M1, α1, 5-HT2C) depress (Seol et al.
//! 2007, Neuron 55:919), which is the polarity switch of 3F-4. A tag made
//! while a routing receptor is active goes partly to the other trace:
//! ρ = clamp(Σ_r ρ_r·m_r, −1, 1); ρ > 0 sends the fraction ρ of an LTP tag
//! to e⁻ (M1 during pairing biases STDP toward depression for both spike
//! orders, Brzosko et al. 2017, eLife 6:e27756), ρ < 0 sends the fraction
//! −ρ of an LTD tag to e⁺ (β during pairing, Seol et al. 2007).
//!
//! With κ^+ = κ^- for dopamine, no other coupling and no routing, the two
//! traces only ever appear as c = e⁺ − e⁻ and the rule is Izhikevich's
//! ds/dt = η·c·(b + d): the network then keeps one signed trace and
//! computes exactly what it computed before (docs/spiking.md).

use crate::neuromod::{ExtracellularDopamine, Manipulation, Receptor};
use crate::tasks::distal_reward::Coupling;

/// Index of each modulator in the per-modulator arrays (the order of
/// [`crate::neuromod::MODULATORS`]).
pub const DA: usize = 0;
/// Acetylcholine.
pub const ACH: usize = 1;
/// Norepinephrine.
pub const NE: usize = 2;
/// Serotonin.
pub const HT: usize = 3;

/// How each modulator couples to the two traces.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Couplings {
    /// κ⁺_r: conversion of the LTP trace (+: potentiation).
    pub ltp: [f64; 4],
    /// κ⁻_r: conversion of the LTD trace (+: depression, −: potentiation).
    pub ltd: [f64; 4],
    /// ρ_r: routing of new tags (+: LTP tags to e⁻, −: LTD tags to e⁺).
    pub route: [f64; 4],
    /// β⁻: conversion of the LTD trace without any modulator, in units of
    /// the tonic dopamine level (hippocampal t-LTD in a slice without
    /// added dopamine, Brzosko et al. 2015).
    pub basal_ltd: f64,
}

impl Couplings {
    /// The couplings of a preset.
    ///
    /// - Izhikevich (2007): κ_DA = 1 on both traces; NE (β) +1 on the LTP
    ///   trace, 5-HT (5-HT2C) +1 on the LTD trace, ACh (M1) routing +1 —
    ///   these three read departures from rest, so at rest the rule is the
    ///   published one.
    /// - Cortical (He et al. 2015 for the conversion; Seol et al. 2007 for
    ///   routing and polarity): β converts e⁺ (+1), 5-HT2C and M1 convert
    ///   e⁻ (+1), M1 routes +1, β routes −1; dopamine does not convert.
    /// - Hippocampal (Brzosko et al. 2015, 2017): dopamine converts e⁺ (+1)
    ///   and turns e⁻ into potentiation (−1); M1 converts e⁻ (+1) and
    ///   routes +1; e⁻ depresses by itself (β⁻ = 1).
    pub fn of(preset: Coupling) -> Self {
        match preset {
            Coupling::Izhikevich => Couplings {
                ltp: [1.0, 0.0, 1.0, 0.0],
                ltd: [1.0, 0.0, 0.0, 1.0],
                route: [0.0, 1.0, 0.0, 0.0],
                basal_ltd: 0.0,
            },
            Coupling::Cortical => Couplings {
                ltp: [0.0, 0.0, 1.0, 0.0],
                ltd: [0.0, 1.0, 0.0, 1.0],
                route: [0.0, 1.0, -1.0, 0.0],
                basal_ltd: 0.0,
            },
            Coupling::Hippocampal => Couplings {
                ltp: [1.0, 0.0, 0.0, 0.0],
                ltd: [-1.0, 1.0, 0.0, 0.0],
                route: [0.0, 1.0, 0.0, 0.0],
                basal_ltd: 1.0,
            },
        }
    }

    /// The routing fraction for activations `m`: clamp(Σ ρ_r·m_r, −1, 1).
    pub fn routing(&self, m: &[f64; 4]) -> f64 {
        let r: f64 = self.route.iter().zip(m).map(|(k, x)| k * x).sum();
        r.clamp(-1.0, 1.0)
    }
}

/// A condition's dopamine and gates for a network: extracellular dopamine
/// (clearance `tau_d_ms`, `pulse` per reward, `tonic` baseline) under the
/// condition's dopamine settings with its drugs applied (6-OHDA, L-DOPA …,
/// as the rate circuit sees them), and the gates of `coupling` through the
/// condition's receptors at that dopamine baseline.
pub fn condition_modulation(
    manipulation: &Manipulation,
    (tau_d_ms, pulse, tonic): (f64, f64, f64),
    coupling: Coupling,
) -> (ExtracellularDopamine, Gates) {
    let dopamine = ExtracellularDopamine::new(tau_d_ms, pulse, tonic, &manipulation.modulators[0]);
    let gates = Gates::new(
        &Couplings::of(coupling),
        &Receptors::of(manipulation),
        dopamine.baseline(),
        tonic,
    );
    (dopamine, gates)
}

/// Splits a tag between the traces: an LTP tag `x` (≥ 0) and an LTD tag
/// `y` (≥ 0) under routing `rho` give (to e⁺, to e⁻).
#[inline(always)]
pub fn route_tags(ltp: f64, ltd: f64, rho: f64) -> (f64, f64) {
    let to_ltd = rho.max(0.0);
    let to_ltp = (-rho).max(0.0);
    (
        ltp * (1.0 - to_ltd) + ltd * to_ltp,
        ltd * (1.0 - to_ltp) + ltp * to_ltd,
    )
}

/// What a condition does to the receptors of the spiking network, read
/// through the shared vocabulary ([`Manipulation`]): receptor factors
/// (1 − blocked)·(1 + boosted), the tone of each modulator
/// age_tone·release·(1 + tonic_offset)/reuptake (as a nucleus computes it,
/// 1 at rest), and the age's plasticity gain.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Receptors {
    /// D1 (phasic dopamine), D2 (tonic dopamine), M1, β, 5-HT factors.
    pub d1: f64,
    /// D2 factor.
    pub d2: f64,
    /// M1 factor.
    pub m1: f64,
    /// β factor.
    pub beta: f64,
    /// 5-HT factor.
    pub ht: f64,
    /// Tone of dopamine, ACh, NE and 5-HT (1 at rest).
    pub tone: [f64; 4],
    /// [`Manipulation::age_tone`] (1 for adults).
    pub age_tone: f64,
    /// [`Manipulation::age_plasticity`] (1 for adults).
    pub age_plasticity: f64,
}

impl Receptors {
    /// The receptors under a manipulation.
    pub fn of(m: &Manipulation) -> Self {
        let age_tone = m.age_tone();
        let tone = std::array::from_fn(|i| {
            let s = &m.modulators[i];
            age_tone * s.release * (1.0 + s.tonic_offset).max(0.0) / s.reuptake.max(0.05)
        });
        Receptors {
            d1: m.receptor_factor(Receptor::D1),
            d2: m.receptor_factor(Receptor::D2),
            m1: m.receptor_factor(Receptor::M1),
            beta: m.receptor_factor(Receptor::Beta),
            ht: m.receptor_factor(Receptor::Ht),
            tone,
            age_tone,
            age_plasticity: m.age_plasticity(),
        }
    }

    /// Departure from rest of the receptor activation of ACh (M1), NE (β)
    /// and 5-HT: factor·tone − 1 (0 at rest, −1 with the receptor fully
    /// blocked or the modulator gone), dopamine's entry 0.
    pub fn departures(&self) -> [f64; 4] {
        [
            0.0,
            self.m1 * self.tone[ACH] - 1.0,
            self.beta * self.tone[NE] - 1.0,
            self.ht * self.tone[HT] - 1.0,
        ]
    }
}

/// Gain of the neurons' synaptic and stimulus input by NE through its
/// β receptors: γ = max(0, 1 + k·(β·tone_NE − 1)) with k = [`NE_GAIN`]
/// (Servan-Schreiber, Printz & Cohen 1990: catecholamines raise the gain of
/// the input–output function; from the literature, verify before quoting).
/// 1 at rest. (β is read, not α1, which the shared receptor list is
/// dropping.)
pub fn ne_gain(r: &Receptors) -> f64 {
    (1.0 + NE_GAIN * (r.beta * r.tone[NE] - 1.0)).max(0.0)
}

/// k of [`ne_gain`]: doubling NE tone raises input gain by 10 %
/// (illustrative; the network's rate is steep in its input).
pub const NE_GAIN: f64 = 0.1;

/// What the network needs of the modulators, fixed for a run: per trace
/// the multiplier of phasic dopamine and the constant conversion rate,
/// the routing fraction, the input gain and the learning-rate factor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gates {
    /// Multiplier of phasic dopamine d for the LTP and LTD traces: κ^±_DA·D1.
    pub dopamine: [f64; 2],
    /// Constant part of G⁺ and G⁻: κ^±_DA·D2·b + Σ_{r≠DA} κ^±_r·(factor·tone − 1)·b₀ + β^±·b₀,
    /// with b the tonic dopamine level under the condition and b₀ the
    /// task's tonic level at rest: each other modulator's departure from
    /// rest, and the basal LTD, are counted in units of b₀, so a dopamine
    /// lesion or drug (which moves b) leaves them alone. Not below 0 when
    /// every coupling of the trace is ≥ 0.
    pub constant: [f64; 2],
    /// Routing fraction ρ of new tags.
    pub routing: f64,
    /// Input gain γ (f32, as the neurons).
    pub gain: f32,
    /// Learning-rate factor (age).
    pub rate: f64,
}

impl Gates {
    /// The gates of `couplings` under `receptors`, with tonic dopamine `b`
    /// (the level after the condition's dopamine settings) and `unit` the
    /// task's tonic dopamine at rest, b₀ (the unit of the other
    /// modulators' conversion and of the basal LTD).
    pub fn new(couplings: &Couplings, receptors: &Receptors, b: f64, unit: f64) -> Self {
        let dep = receptors.departures();
        let tonic_da = receptors.d2 * b * receptors.age_tone;
        let side = |kappa: &[f64; 4], basal: f64| {
            let others: f64 = (1..4).map(|r| kappa[r] * dep[r] * unit).sum();
            let c = kappa[DA] * tonic_da + others + basal * unit;
            if kappa.iter().all(|k| *k >= 0.0) {
                c.max(0.0)
            } else {
                c
            }
        };
        Gates {
            dopamine: [
                couplings.ltp[DA] * receptors.d1,
                couplings.ltd[DA] * receptors.d1,
            ],
            constant: [
                side(&couplings.ltp, 0.0),
                side(&couplings.ltd, couplings.basal_ltd),
            ],
            // Only a modulator above rest routes tags (a blocked receptor
            // does not route the other way).
            routing: couplings.routing(&dep.map(|x| x.max(0.0))),
            gain: ne_gain(receptors) as f32,
            rate: receptors.age_plasticity,
        }
    }

    /// The two traces convert alike and no tag is routed: one signed trace
    /// c = e⁺ − e⁻ suffices (the published rule).
    pub fn single_trace(&self) -> bool {
        self.dopamine[0] == self.dopamine[1]
            && self.constant[0] == self.constant[1]
            && self.routing == 0.0
    }
}

/// One synapse under the four modulators in continuous time, each
/// modulator a concentration x_r that pulses and decays with its own τ_r
/// over a tonic level x̄_r, read through a receptor factor f_r: m_r(t) =
/// f_r·(x̄_r + x_r(t)). Integrated exactly between events:
///
///   Δs = η·Σ_r f_r·(κ⁺_r·e⁺ − κ⁻_r·e⁻)·[x̄_r·τc·(1 − e^{−h/τc}) + x_r·(1 − e^{−hσ_r})/σ_r]
///        − η·β⁻·e⁻·τc·(1 − e^{−h/τc}),   σ_r = 1/τc + 1/τ_r,
///
/// then e^± ← e^±·e^{−h/τc}, x_r ← x_r·e^{−h/τ_r}; the weight is kept in
/// [0, w_max]. With the Izhikevich couplings, dopamine alone and one tag
/// this is [`crate::plasticity::DopamineGated::advance`] (IZ-1). The
/// single-synapse criteria (3F-1, 3F-3, 3F-4, BRZ-1, BRZ-2) are tested on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Synapse4 {
    /// Couplings.
    pub couplings: Couplings,
    /// Receptor factors f_r (DA, ACh, NE, 5-HT).
    pub factors: [f64; 4],
    /// Tonic levels x̄_r.
    pub tonic: [f64; 4],
    /// Decay times τ_r (ms).
    pub tau: [f64; 4],
    /// Eligibility τc (ms).
    pub tau_c: f64,
    /// Learning rate η (per ms).
    pub rate: f64,
    /// Unit of the basal LTD conversion β⁻.
    pub basal_unit: f64,
    /// Largest weight.
    pub w_max: f64,
    /// Weight s.
    pub w: f64,
    /// LTP trace e⁺.
    pub e_plus: f64,
    /// LTD trace e⁻.
    pub e_minus: f64,
    /// Phasic concentrations x_r.
    pub x: [f64; 4],
}

impl Synapse4 {
    /// A synapse at weight `w` with no eligibility, no phasic modulator,
    /// receptor factors 1 and the given couplings, tonic levels, τ's.
    pub fn new(couplings: Couplings, tonic: [f64; 4], tau: [f64; 4], tau_c: f64, w: f64) -> Self {
        Synapse4 {
            couplings,
            factors: [1.0; 4],
            tonic,
            tau,
            tau_c,
            rate: 1.0,
            basal_unit: 1.0,
            w_max: f64::INFINITY,
            w,
            e_plus: 0.0,
            e_minus: 0.0,
            x: [0.0; 4],
        }
    }

    /// Receptor activations now: f_r·(x̄_r + x_r).
    pub fn activations(&self) -> [f64; 4] {
        std::array::from_fn(|r| self.factors[r] * (self.tonic[r] + self.x[r]))
    }

    /// A pre → post pairing with tag `x` ≥ 0 (routed by the activations now).
    pub fn tag_ltp(&mut self, x: f64) {
        let rho = self.couplings.routing(&self.activations());
        let (p, m) = route_tags(x, 0.0, rho);
        self.e_plus += p;
        self.e_minus += m;
    }

    /// A post → pre pairing with tag `y` ≥ 0.
    pub fn tag_ltd(&mut self, y: f64) {
        let rho = self.couplings.routing(&self.activations());
        let (p, m) = route_tags(0.0, y, rho);
        self.e_plus += p;
        self.e_minus += m;
    }

    /// Releases `amount` of modulator `r` now.
    pub fn pulse(&mut self, r: usize, amount: f64) {
        self.x[r] += amount;
    }

    /// Advances `h` ms without events (the closed form above); returns Δs.
    pub fn advance(&mut self, h: f64) -> f64 {
        let tc = self.tau_c;
        let tonic_part = -tc * libm::expm1(-h / tc);
        let mut dw = 0.0;
        for r in 0..4 {
            let sigma = 1.0 / tc + 1.0 / self.tau[r];
            let integral = self.tonic[r] * tonic_part - self.x[r] * libm::expm1(-h * sigma) / sigma;
            let k = self.couplings.ltp[r] * self.e_plus - self.couplings.ltd[r] * self.e_minus;
            dw += self.factors[r] * k * integral;
            self.x[r] *= libm::exp(-h / self.tau[r]);
        }
        dw -= self.couplings.basal_ltd * self.basal_unit * self.e_minus * tonic_part;
        dw *= self.rate;
        let decay = libm::exp(-h / tc);
        self.e_plus *= decay;
        self.e_minus *= decay;
        let before = self.w;
        self.w = (self.w + dw).clamp(0.0, self.w_max);
        self.w - before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neuromod::Condition;

    #[test]
    fn at_rest_the_gates_are_the_published_rule() {
        let r = Receptors::of(&Manipulation::of(&Condition::default()));
        let g = Gates::new(&Couplings::of(Coupling::Izhikevich), &r, 0.002, 0.002);
        assert_eq!(g.dopamine, [1.0, 1.0]);
        assert_eq!(g.constant, [0.002, 0.002]);
        assert_eq!(g.routing, 0.0);
        assert_eq!(g.gain, 1.0);
        assert_eq!(g.rate, 1.0);
        assert!(g.single_trace());
    }

    #[test]
    fn routing_moves_tags_and_keeps_their_sum() {
        assert_eq!(route_tags(1.0, 2.0, 0.0), (1.0, 2.0));
        assert_eq!(route_tags(1.0, 2.0, 0.5), (0.5, 2.5));
        assert_eq!(route_tags(1.0, 2.0, -0.5), (2.0, 1.0));
    }
}
