//! A condition: one arm of a comparison, as the modulator, receptor, drug
//! and lesion vocabulary names it. Both learners (the rate circuit and the
//! spiking network) read it, so it sits below both.

use super::anatomy::{unread_receptor, Receptor, Region};
use super::drugs::{Drug, ReceptorDrugs};
use crate::params::{check_fields, json_value, Check, Field};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a condition alters one neuromodulator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModulatorSettings {
    /// Multiplies the phasic signal (1 = intact, 0 = abolished).
    pub gain: f64,
    /// Added to the tone (1 = baseline; −1 silences it).
    pub tonic_offset: f64,
    /// When set, the phasic signal is fixed at this value whatever happens.
    pub clamp: Option<f64>,
    /// Fraction released (depletion < 1): scales phasic and tonic alike.
    pub release: f64,
    /// Clearance rate (reuptake block < 1): phasic signals linger and the
    /// tone rises as 1/reuptake.
    pub reuptake: f64,
}

impl Default for ModulatorSettings {
    fn default() -> Self {
        ModulatorSettings {
            gain: 1.0,
            tonic_offset: 0.0,
            clamp: None,
            release: 1.0,
            reuptake: 1.0,
        }
    }
}

/// One arm of the comparison, e.g. `control` or `haloperidol`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Condition {
    /// Name shown in legends and exports.
    pub label: String,
    /// Dopamine manipulation.
    pub dopamine: ModulatorSettings,
    /// Acetylcholine manipulation.
    pub acetylcholine: ModulatorSettings,
    /// Norepinephrine manipulation.
    pub norepinephrine: ModulatorSettings,
    /// Serotonin manipulation.
    pub serotonin: ModulatorSettings,
    /// Named drugs (applied after the settings above).
    pub drugs: Vec<Drug>,
    /// Receptor agonists and antagonists by hand.
    pub receptors: ReceptorDrugs,
    /// Lesioned regions: output and plasticity removed.
    pub lesions: Vec<Region>,
    /// Manipulations confined to one region: a local infusion of named
    /// drugs, receptor agonists and antagonists, receptor density.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub regions: BTreeMap<Region, Local>,
    /// Age in [0, 1]: 0 juvenile (critical period), 0.5 adult, 1 aged.
    pub age: f64,
    /// The manipulation starts at this trial (earlier trials run as control),
    /// e.g. a drug given after training.
    pub from_trial: u32,
}

impl Default for Condition {
    fn default() -> Self {
        Condition {
            label: "control".into(),
            dopamine: ModulatorSettings::default(),
            acetylcholine: ModulatorSettings::default(),
            norepinephrine: ModulatorSettings::default(),
            serotonin: ModulatorSettings::default(),
            drugs: Vec::new(),
            receptors: ReceptorDrugs::default(),
            lesions: Vec::new(),
            regions: BTreeMap::new(),
            age: 0.5,
            from_trial: 1,
        }
    }
}

/// A manipulation confined to one region (a local infusion or a local
/// receptor change), beside whole-brain drugs and settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Local {
    /// Named drugs infused into this region only: their receptor effects act
    /// on this region's receptors, their effects on release, reuptake and
    /// tone on the modulator as this region receives it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drugs: Vec<Drug>,
    /// Receptor changes in this region only, by receptor name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub receptors: BTreeMap<Receptor, LocalReceptor>,
}

/// One receptor's change in one region.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LocalReceptor {
    /// The density in this region under this condition (empty: the model's).
    pub density: Option<f64>,
    /// Fraction blocked by a locally infused antagonist, in [0, 1].
    pub antagonist: f64,
    /// Activation added by a locally infused agonist, in [0, 2].
    pub agonist: f64,
}

macro_rules! modulator_fields {
    ($m:literal, $label:literal) => {
        [
            Field::number(
                concat!($m, ".gain"),
                concat!($label, " phasic gain"),
                "Multiplies the phasic signal; 1 = intact, 0 = abolished.",
                0.0,
                10.0,
            ),
            Field::number(
                concat!($m, ".tonic_offset"),
                concat!($label, " tone offset"),
                "Added to the tone (1 = baseline).",
                -1.0,
                5.0,
            ),
            Field::optional(
                concat!($m, ".clamp"),
                concat!($label, " clamp"),
                "Fix the phasic signal at this value (empty = free).",
                -5.0,
                5.0,
            ),
            Field::number(
                concat!($m, ".release"),
                concat!($label, " release"),
                "Fraction released; below 1 is depletion.",
                0.0,
                5.0,
            ),
            Field::number(
                concat!($m, ".reuptake"),
                concat!($label, " reuptake"),
                "Clearance; below 1 is a reuptake block (longer, higher).",
                0.05,
                5.0,
            ),
        ]
    };
}

const RECEPTOR_FIELDS: [Field; 10] = {
    let help_a = "Fraction of these receptors blocked by an antagonist.";
    let help_g = "Activation added by an agonist.";
    [
        Field::number("receptors.d1.antagonist", "D1 antagonist", help_a, 0.0, 1.0),
        Field::number("receptors.d1.agonist", "D1 agonist", help_g, 0.0, 2.0),
        Field::number("receptors.d2.antagonist", "D2 antagonist", help_a, 0.0, 1.0),
        Field::number("receptors.d2.agonist", "D2 agonist", help_g, 0.0, 2.0),
        Field::number("receptors.m1.antagonist", "M1 antagonist", help_a, 0.0, 1.0),
        Field::number("receptors.m1.agonist", "M1 agonist", help_g, 0.0, 2.0),
        Field::number(
            "receptors.beta.antagonist",
            "β antagonist",
            help_a,
            0.0,
            1.0,
        ),
        Field::number("receptors.beta.agonist", "β agonist", help_g, 0.0, 2.0),
        Field::number(
            "receptors.ht.antagonist",
            "5-HT antagonist",
            help_a,
            0.0,
            1.0,
        ),
        Field::number("receptors.ht.agonist", "5-HT agonist", help_g, 0.0, 2.0),
    ]
};

const DA: [Field; 5] = modulator_fields!("dopamine", "Dopamine");
const ACH: [Field; 5] = modulator_fields!("acetylcholine", "Acetylcholine");
const NE: [Field; 5] = modulator_fields!("norepinephrine", "Norepinephrine");
const SER: [Field; 5] = modulator_fields!("serotonin", "Serotonin");
const OTHER: [Field; 4] = [
    Field::choices(
        "drugs",
        "Drugs",
        "Named drugs and lesions from the pharmacology catalogue.",
        &Drug::NAMES,
        &Drug::LABELS,
    ),
    Field::choices(
        "lesions",
        "Lesions",
        "Regions whose output and plasticity are removed.",
        &Region::NAMES,
        &Region::LABELS,
    ),
    Field::number(
        "age",
        "Age",
        "0 juvenile (critical period), 0.5 adult, 1 aged (waning tone).",
        0.0,
        1.0,
    ),
    Field::integer(
        "from_trial",
        "From trial",
        "The manipulation starts at this trial (at most the run's trials); earlier trials run as control.",
        1.0,
        10_000_000.0,
    ),
];

/// Every manipulation field of a condition, as the page shows them and
/// validation checks them (dotted names address nested objects).
pub fn condition_fields() -> Vec<Field> {
    [&DA[..], &ACH, &NE, &SER, &RECEPTOR_FIELDS, &OTHER].concat()
}

impl Condition {
    /// Checks the label and every manipulation field against [`condition_fields`].
    pub fn validate(&self, c: &mut Check) {
        c.chars_within("label", &self.label, 1, 60);
        if self.label.chars().any(char::is_control) {
            c.fail("label", "must not contain control characters");
        }
        let value = json_value(self);
        check_fields(&condition_fields(), &value, c);
        for (region, local) in &self.regions {
            for (r, l) in &local.receptors {
                let path = format!("regions.{}.receptors.{}", region.name(), r.name());
                if !region.reads(*r) {
                    c.fail(&path, unread_receptor(*region, r.name()));
                    continue;
                }
                if let Some(d) = l.density {
                    c.within(&format!("{path}.density"), d, 0.0, 2.0);
                }
                c.within(&format!("{path}.antagonist"), l.antagonist, 0.0, 1.0);
                c.within(&format!("{path}.agonist"), l.agonist, 0.0, 2.0);
            }
        }
    }

    /// Refuses the local settings of a region this condition lesions: a
    /// lesion removes the region's output and plasticity, so what is infused
    /// into it or done to its receptors changes nothing
    /// (tests/science_regions.rs checks it for every region and drug). For
    /// tasks that read local settings at all (the rate circuit's).
    pub fn check_lesioned_locals(&self, c: &mut Check) {
        for (region, local) in &self.regions {
            if self.lesions.contains(region)
                && (!local.drugs.is_empty() || !local.receptors.is_empty())
            {
                c.fail(
                    &format!("regions.{}", region.name()),
                    format!(
                        "the {} is lesioned in this condition (lesions), so its local settings would change nothing: remove them, or the lesion",
                        region.label()
                    ),
                );
            }
        }
    }
}
