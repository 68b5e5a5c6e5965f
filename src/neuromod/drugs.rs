//! The pharmacology vocabulary: named drugs and receptor agonists and
//! antagonists, as a condition writes them. What each does to the
//! modulators and receptors is in [`super::manipulation`].

use super::anatomy::Receptor;
use serde::{Deserialize, Serialize};

/// A named drug or lesion from the classic literature; each maps onto the
/// same knobs a condition can set by hand (see [`Drug::apply`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Drug {
    /// 6-hydroxydopamine lesion: 90 % dopamine depletion (Parkinsonian).
    SixOhda,
    /// L-DOPA: more dopamine released, higher tone.
    LDopa,
    /// Haloperidol: D2 antagonist.
    Haloperidol,
    /// Bromocriptine: D2 agonist.
    Bromocriptine,
    /// Amisulpride: D2/D3 antagonist (no effect on random exploration, Dubois 2021).
    Amisulpride,
    /// Acute low-dose SSRI: lower effective serotonin (autoreceptors; Bari 2010).
    SsriAcute,
    /// Chronic SSRI: slower reuptake, higher serotonin tone.
    SsriChronic,
    /// Acute tryptophan depletion: less serotonin synthesised.
    TryptophanDepletion,
    /// Scopolamine: muscarinic antagonist.
    Scopolamine,
    /// Nicotine / cholinesterase inhibitor: more acetylcholine.
    Nicotine,
    /// Propranolol: β-adrenergic antagonist.
    Propranolol,
    /// Atomoxetine: norepinephrine reuptake inhibitor.
    Atomoxetine,
    /// Anisomycin: protein-synthesis block, no consolidation.
    Anisomycin,
}

impl Drug {
    /// Every drug, in the order of [`Drug::NAMES`].
    pub const ALL: [Drug; 13] = [
        Drug::SixOhda,
        Drug::LDopa,
        Drug::Haloperidol,
        Drug::Bromocriptine,
        Drug::Amisulpride,
        Drug::SsriAcute,
        Drug::SsriChronic,
        Drug::TryptophanDepletion,
        Drug::Scopolamine,
        Drug::Nicotine,
        Drug::Propranolol,
        Drug::Atomoxetine,
        Drug::Anisomycin,
    ];

    /// Its scenario name (`six_ohda`).
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The drug named `name`, if any.
    pub fn from_name(name: &str) -> Option<Drug> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }

    /// Scenario names, in display order.
    pub const NAMES: [&'static str; 13] = [
        "six_ohda",
        "l_dopa",
        "haloperidol",
        "bromocriptine",
        "amisulpride",
        "ssri_acute",
        "ssri_chronic",
        "tryptophan_depletion",
        "scopolamine",
        "nicotine",
        "propranolol",
        "atomoxetine",
        "anisomycin",
    ];
    /// How the page shows each drug, in the order of [`Drug::NAMES`].
    pub const LABELS: [&'static str; 13] = [
        "6-OHDA",
        "L-DOPA",
        "haloperidol",
        "bromocriptine",
        "amisulpride",
        "SSRI (acute)",
        "SSRI (chronic)",
        "tryptophan depletion",
        "scopolamine",
        "nicotine",
        "propranolol",
        "atomoxetine",
        "anisomycin",
    ];
}

/// Receptor drug action: the fraction blocked by antagonists and the
/// occupancy added by agonists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReceptorDrug {
    /// Fraction of receptors blocked, in [0, 1].
    pub antagonist: f64,
    /// Added activation relative to the reference density, in [0, 2].
    pub agonist: f64,
}

/// Receptor manipulations by hand, per receptor (all regions alike).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReceptorDrugs {
    /// D1.
    pub d1: ReceptorDrug,
    /// D2.
    pub d2: ReceptorDrug,
    /// M1.
    pub m1: ReceptorDrug,
    /// β.
    pub beta: ReceptorDrug,
    /// 5-HT.
    pub ht: ReceptorDrug,
}

impl ReceptorDrugs {
    /// The manipulation of one receptor.
    pub fn get(&self, r: Receptor) -> ReceptorDrug {
        match r {
            Receptor::D1 => self.d1,
            Receptor::D2 => self.d2,
            Receptor::M1 => self.m1,
            Receptor::Beta => self.beta,
            Receptor::Ht => self.ht,
        }
    }
}
