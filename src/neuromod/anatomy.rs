//! Regions, receptors and the receptor map: how one broadcast reaches each
//! region (docs/science/model.md, "Regions"). This is vocabulary (names, densities);
//! what each region computes lives in the circuit.

use super::receptors::Kinetics;
use serde::{Deserialize, Serialize};

/// A region of the rate-level circuit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// Weights cue features by attention; ACh raises the gain of attended features.
    Sensory,
    /// State and context; carries the eligibility of earlier steps (temporal credit).
    Hippocampus,
    /// Belief about the current contingency: the change-point filter whose surprise drives NE.
    Prefrontal,
    /// The actor: opponent D1 (Go) and D2 (NoGo) pathways and the choice.
    Striatum,
    /// Ventral striatum: the values V / Q whose error is the dopamine signal.
    Critic,
}

impl Region {
    /// Every region, in display order.
    pub const ALL: [Region; 5] = [
        Region::Sensory,
        Region::Hippocampus,
        Region::Prefrontal,
        Region::Striatum,
        Region::Critic,
    ];
    /// Scenario names, in the order of [`Region::ALL`].
    pub const NAMES: [&'static str; 5] =
        ["sensory", "hippocampus", "prefrontal", "striatum", "critic"];
}

/// A receptor class through which a modulator acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Receptor {
    /// Dopamine D1 (low affinity, Gs-coupled): reads bursts, drives Go/LTP.
    D1,
    /// Dopamine D2 (high affinity, Gi-coupled): reads dips and tone, drives NoGo.
    D2,
    /// Muscarinic M1 (acetylcholine): sensory gain, encoding.
    M1,
    /// α1-adrenergic (norepinephrine).
    Alpha1,
    /// β-adrenergic (norepinephrine): learning-rate boost, LTP conversion.
    Beta,
    /// Serotonin receptors (5-HT1A/2C lumped): patience, punishment.
    Ht,
}

impl Receptor {
    /// Every receptor, in display order.
    pub const ALL: [Receptor; 6] = [
        Receptor::D1,
        Receptor::D2,
        Receptor::M1,
        Receptor::Alpha1,
        Receptor::Beta,
        Receptor::Ht,
    ];
    /// Scenario names, in the order of [`Receptor::ALL`].
    pub const NAMES: [&'static str; 6] = ["d1", "d2", "m1", "alpha1", "beta", "ht"];

    /// Binding kinetics, for the receptors whose occupancy is modelled (D1, D2).
    pub fn kinetics(self) -> Option<Kinetics> {
        match self {
            Receptor::D1 => Some(Kinetics::D1),
            Receptor::D2 => Some(Kinetics::D2),
            _ => None,
        }
    }
}

/// Receptor density per region (0 = absent, 1 = the reference density).
/// Defaults follow docs/science/model.md's table: high = 1, medium = 0.5, low = 0.2.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReceptorMap {
    /// Sensory cortex.
    pub sensory: Densities,
    /// Hippocampus / context.
    pub hippocampus: Densities,
    /// Prefrontal / orbitofrontal cortex.
    pub prefrontal: Densities,
    /// Dorsal striatum (actor).
    pub striatum: Densities,
    /// Ventral striatum (critic).
    pub critic: Densities,
}

/// One region's receptor densities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Densities {
    /// D1 density.
    pub d1: f64,
    /// D2 density.
    pub d2: f64,
    /// M1 density.
    pub m1: f64,
    /// α1 density.
    pub alpha1: f64,
    /// β density.
    pub beta: f64,
    /// 5-HT receptor density.
    pub ht: f64,
}

impl Densities {
    /// The density of one receptor.
    pub fn get(&self, r: Receptor) -> f64 {
        match r {
            Receptor::D1 => self.d1,
            Receptor::D2 => self.d2,
            Receptor::M1 => self.m1,
            Receptor::Alpha1 => self.alpha1,
            Receptor::Beta => self.beta,
            Receptor::Ht => self.ht,
        }
    }
}

impl Default for ReceptorMap {
    fn default() -> Self {
        let d = |d1, d2, m1, alpha1, beta, ht| Densities {
            d1,
            d2,
            m1,
            alpha1,
            beta,
            ht,
        };
        ReceptorMap {
            sensory: d(0.2, 0.0, 1.0, 0.5, 0.5, 0.2),
            hippocampus: d(0.5, 0.0, 1.0, 0.2, 0.5, 0.5),
            prefrontal: d(0.5, 0.2, 0.5, 1.0, 1.0, 1.0),
            striatum: d(1.0, 1.0, 0.5, 0.2, 0.2, 0.5),
            critic: d(1.0, 1.0, 0.2, 0.2, 0.2, 0.5),
        }
    }
}

impl ReceptorMap {
    /// One region's densities.
    pub fn region(&self, r: Region) -> &Densities {
        match r {
            Region::Sensory => &self.sensory,
            Region::Hippocampus => &self.hippocampus,
            Region::Prefrontal => &self.prefrontal,
            Region::Striatum => &self.striatum,
            Region::Critic => &self.critic,
        }
    }

    /// Every density, for validation: (path, value).
    pub fn entries(&self) -> Vec<(String, f64)> {
        let mut out = Vec::new();
        for (region, rname) in Region::ALL.iter().zip(Region::NAMES) {
            for (rec, name) in Receptor::ALL.iter().zip(Receptor::NAMES) {
                out.push((format!("{rname}.{name}"), self.region(*region).get(*rec)));
            }
        }
        out
    }
}
