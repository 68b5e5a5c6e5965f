//! Regions, receptors, the nuclei that broadcast to them and the receptor
//! map: how one broadcast reaches each region (docs/science/model.md,
//! "Regions"). This is vocabulary (names, which receptors a region
//! expresses in this model, default densities); what each region computes
//! lives in `circuit::regions`.

use super::receptors::Kinetics;
use serde::de::{Deserializer, Error as _, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A region of the rate-level circuit. Each is a module of its own in
/// `circuit::regions`, reading the broadcast only through the receptors
/// [`Region::expresses`] lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// Sensory cortex: the features, with a BCM unit whose threshold ACh and
    /// dopamine lower.
    Sensory,
    /// Hippocampus: context and state; carries eligibility across the steps
    /// of a trial and, when on, the associative memory ACh switches.
    Hippocampus,
    /// Orbitofrontal cortex: the belief about which option is good now (the
    /// change-point filter whose surprise drives phasic NE) and the
    /// response to losses.
    Ofc,
    /// Medial prefrontal / anterior cingulate cortex: the volatility
    /// estimate, the learning rate it sets, exploration and patience.
    Mpfc,
    /// Dorsolateral prefrontal cortex: the model of the task (where each
    /// action leads) for model-based choice, and the attentional set.
    Dlpfc,
    /// Dorsal striatum: the actor (Go through D1, NoGo through D2).
    DorsalStriatum,
    /// Ventral striatum: the critic, values whose error is the dopamine signal.
    VentralStriatum,
}

/// How many receptor classes the model has.
pub const RECEPTORS: usize = 5;

/// A receptor class through which a modulator acts. (α1-adrenergic
/// receptors are left out: no mechanism of the model reads them.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Receptor {
    /// Dopamine D1 (low affinity, Gs-coupled): reads bursts, drives Go/LTP.
    D1,
    /// Dopamine D2 (high affinity, Gi-coupled): reads dips and tone, drives NoGo.
    D2,
    /// Muscarinic M1 (acetylcholine).
    M1,
    /// β-adrenergic (norepinephrine).
    Beta,
    /// Serotonin receptors (5-HT1A/2A/2C lumped).
    Ht,
}

/// One of the four broadcast modulators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Modulator {
    /// Dopamine.
    Dopamine,
    /// Acetylcholine.
    Acetylcholine,
    /// Norepinephrine.
    Norepinephrine,
    /// Serotonin.
    Serotonin,
}

impl Modulator {
    /// Every modulator, in the order every per-modulator array uses.
    pub const ALL: [Modulator; 4] = [
        Modulator::Dopamine,
        Modulator::Acetylcholine,
        Modulator::Norepinephrine,
        Modulator::Serotonin,
    ];

    /// The scenario name (`dopamine`, …).
    pub fn name(self) -> &'static str {
        ["dopamine", "acetylcholine", "norepinephrine", "serotonin"][self as usize]
    }

    /// The nucleus that releases it and where it projects.
    pub fn source(self) -> &'static Source {
        &SOURCES[self as usize]
    }
}

/// A modulatory nucleus and the regions it projects to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Source {
    /// The nucleus's name.
    pub name: &'static str,
    /// What it releases.
    pub modulator: Modulator,
    /// The signal its phasic release carries in this model.
    pub carries: &'static str,
    /// The regions it projects to (those with a receptor for it).
    pub projects_to: &'static [Region],
}

/// The four nuclei of the broadcast. Projections follow the receptor table
/// below: a nucleus reaches a region in this model when the region expresses
/// a receptor for its modulator (`tests` check the two agree). Striatal
/// acetylcholine comes from local cholinergic interneurons, not the basal
/// forebrain; the model lumps both into one acetylcholine signal.
pub const SOURCES: [Source; 4] = [
    Source {
        name: "VTA / SNc",
        modulator: Modulator::Dopamine,
        carries: "reward prediction error δ",
        projects_to: &[
            Region::Sensory,
            Region::Dlpfc,
            Region::DorsalStriatum,
            Region::VentralStriatum,
        ],
    },
    Source {
        name: "basal forebrain",
        modulator: Modulator::Acetylcholine,
        carries: "expected uncertainty τ",
        projects_to: &[
            Region::Sensory,
            Region::Hippocampus,
            Region::Ofc,
            Region::Mpfc,
            Region::Dlpfc,
            Region::DorsalStriatum,
            Region::VentralStriatum,
        ],
    },
    Source {
        name: "locus coeruleus",
        modulator: Modulator::Norepinephrine,
        carries: "unexpected uncertainty (change-point probability Ω)",
        projects_to: &[Region::Ofc, Region::Mpfc, Region::Dlpfc],
    },
    Source {
        name: "dorsal raphe",
        modulator: Modulator::Serotonin,
        carries: "aversive prediction error",
        projects_to: &[Region::Ofc, Region::Mpfc],
    },
];

impl Region {
    /// Every region, in display order (cortex, then striatum).
    pub const ALL: [Region; 7] = [
        Region::Sensory,
        Region::Hippocampus,
        Region::Ofc,
        Region::Mpfc,
        Region::Dlpfc,
        Region::DorsalStriatum,
        Region::VentralStriatum,
    ];
    /// Scenario names, in the order of [`Region::ALL`].
    pub const NAMES: [&'static str; 7] = [
        "sensory",
        "hippocampus",
        "ofc",
        "mpfc",
        "dlpfc",
        "dorsal_striatum",
        "ventral_striatum",
    ];
    /// How the page shows each region, in the order of [`Region::ALL`].
    pub const LABELS: [&'static str; 7] = [
        "sensory cortex",
        "hippocampus",
        "OFC",
        "mPFC",
        "dlPFC",
        "dorsal striatum",
        "ventral striatum",
    ];

    /// The scenario name.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The region named `name`, if any.
    pub fn from_name(name: &str) -> Option<Region> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        [
            "sensory cortex",
            "hippocampus",
            "orbitofrontal cortex",
            "medial prefrontal cortex",
            "dorsolateral prefrontal cortex",
            "dorsal striatum",
            "ventral striatum",
        ][self as usize]
    }

    /// The receptors this region reads in the model, each with its default
    /// density (1 = the reference efficacy of the mechanism; see
    /// docs/circuit.md, "Regions", for each mechanism and its source). A
    /// receptor the region expresses but whose effect has no sourced
    /// mechanism here is left out rather than wired to an invented effect.
    pub fn expresses(self) -> &'static [(Receptor, f64)] {
        use Receptor::*;
        match self {
            Region::Sensory => &[(D1, 1.0), (M1, 1.0)],
            Region::Hippocampus => &[(M1, 1.0)],
            Region::Ofc => &[(M1, 1.0), (Beta, 1.0), (Ht, 1.0)],
            Region::Mpfc => &[(M1, 1.0), (Beta, 1.0), (Ht, 1.0)],
            // Prefrontal D1 medium (Wunderlich et al. 2012 for its effect).
            Region::Dlpfc => &[(D1, 0.5), (M1, 1.0), (Beta, 1.0)],
            Region::DorsalStriatum => &[(D1, 1.0), (D2, 1.0), (M1, 1.0)],
            Region::VentralStriatum => &[(D1, 1.0), (D2, 1.0), (M1, 1.0)],
        }
    }

    /// Whether the region reads `r`.
    pub fn reads(self, r: Receptor) -> bool {
        self.expresses().iter().any(|(x, _)| *x == r)
    }

    /// The names of the receptors it reads, comma-separated (for messages).
    pub fn receptor_list(self) -> String {
        let names: Vec<&str> = self.expresses().iter().map(|(r, _)| r.name()).collect();
        names.join(", ")
    }
}

impl Receptor {
    /// Every receptor, in display order.
    pub const ALL: [Receptor; RECEPTORS] = [
        Receptor::D1,
        Receptor::D2,
        Receptor::M1,
        Receptor::Beta,
        Receptor::Ht,
    ];
    /// Scenario names, in the order of [`Receptor::ALL`].
    pub const NAMES: [&'static str; RECEPTORS] = ["d1", "d2", "m1", "beta", "ht"];

    /// The scenario name.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// A label for people (`D1`, `β`, `5-HT`).
    pub fn label(self) -> &'static str {
        ["D1", "D2", "M1", "β", "5-HT"][self as usize]
    }

    /// The receptor named `name`, if any.
    pub fn from_name(name: &str) -> Option<Receptor> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }

    /// The modulator it binds.
    pub fn modulator(self) -> Modulator {
        match self {
            Receptor::D1 | Receptor::D2 => Modulator::Dopamine,
            Receptor::M1 => Modulator::Acetylcholine,
            Receptor::Beta => Modulator::Norepinephrine,
            Receptor::Ht => Modulator::Serotonin,
        }
    }

    /// Binding kinetics, for the receptors whose occupancy is modelled (D1, D2).
    pub fn kinetics(self) -> Option<Kinetics> {
        match self {
            Receptor::D1 => Some(Kinetics::D1),
            Receptor::D2 => Some(Kinetics::D2),
            _ => None,
        }
    }
}

/// Receptor density per region and receptor (0 = absent, 1 = the reference
/// efficacy). Only the receptors a region reads ([`Region::expresses`]) can
/// be set; an entry left out keeps its default, so
/// `{"ofc": {"ht": 0}}` removes orbitofrontal 5-HT and nothing else.
#[derive(Clone, Debug, PartialEq)]
pub struct ReceptorMap {
    densities: [[f64; RECEPTORS]; 7],
}

impl Default for ReceptorMap {
    fn default() -> Self {
        let mut densities = [[0.0; RECEPTORS]; 7];
        for region in Region::ALL {
            for (r, d) in region.expresses() {
                densities[region as usize][*r as usize] = *d;
            }
        }
        ReceptorMap { densities }
    }
}

impl ReceptorMap {
    /// The density of `r` in `region` (0 where the region does not read it).
    pub fn get(&self, region: Region, r: Receptor) -> f64 {
        self.densities[region as usize][r as usize]
    }

    /// Sets the density of `r` in `region`; `false` (and nothing set) when
    /// the region does not read `r`.
    pub fn set(&mut self, region: Region, r: Receptor, value: f64) -> bool {
        if !region.reads(r) {
            return false;
        }
        self.densities[region as usize][r as usize] = value;
        true
    }

    /// Every density the map holds, for validation: (path, value).
    pub fn entries(&self) -> Vec<(String, f64)> {
        let mut out = Vec::new();
        for region in Region::ALL {
            for (r, _) in region.expresses() {
                out.push((
                    format!("{}.{}", region.name(), r.name()),
                    self.get(region, *r),
                ));
            }
        }
        out
    }
}

impl Serialize for ReceptorMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct RegionRow<'a>(&'a ReceptorMap, Region);
        impl Serialize for RegionRow<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let list = self.1.expresses();
                let mut m = s.serialize_map(Some(list.len()))?;
                for (r, _) in list {
                    m.serialize_entry(r.name(), &self.0.get(self.1, *r))?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(Region::ALL.len()))?;
        for region in Region::ALL {
            m.serialize_entry(region.name(), &RegionRow(self, region))?;
        }
        m.end()
    }
}

/// The message for a region name this model does not have (older names
/// get a hint).
pub fn unknown_region(name: &str) -> String {
    let hint = match name {
        "prefrontal" => " (`prefrontal` was split into `ofc`, `mpfc` and `dlpfc`)",
        "striatum" => " (the actor is now `dorsal_striatum`)",
        "critic" => " (the critic is now `ventral_striatum`)",
        _ => "",
    };
    format!(
        "unknown region `{name}`{hint}: expected one of {}",
        Region::NAMES.join(", ")
    )
}

/// The message for a receptor the region does not read.
pub fn unread_receptor(region: Region, name: &str) -> String {
    match Receptor::from_name(name) {
        Some(_) => format!(
            "the {} reads no `{name}` receptor in this model (it reads: {})",
            region.label(),
            region.receptor_list()
        ),
        None => format!(
            "unknown receptor `{name}`: expected one of {}",
            region.receptor_list()
        ),
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Region::from_name(&name).ok_or_else(|| D::Error::custom(unknown_region(&name)))
    }
}

impl<'de> Deserialize<'de> for ReceptorMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = ReceptorMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of regions, each an object of receptor densities")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<ReceptorMap, A::Error> {
                let mut map = ReceptorMap::default();
                while let Some(name) = a.next_key::<String>()? {
                    let region = Region::from_name(&name)
                        .ok_or_else(|| A::Error::custom(unknown_region(&name)))?;
                    let row: std::collections::BTreeMap<String, f64> = a.next_value()?;
                    for (rname, v) in row {
                        let ok = Receptor::from_name(&rname).is_some_and(|r| map.set(region, r, v));
                        if !ok {
                            return Err(A::Error::custom(unread_receptor(region, &rname)));
                        }
                    }
                }
                Ok(map)
            }
        }
        d.deserialize_map(MapVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_region_keeps_the_defaults_it_leaves_out() {
        let m: ReceptorMap = serde_json::from_str(r#"{"ofc": {"ht": 0}}"#).unwrap();
        let d = ReceptorMap::default();
        assert_eq!(m.get(Region::Ofc, Receptor::Ht), 0.0);
        assert_eq!(
            m.get(Region::Ofc, Receptor::Beta),
            d.get(Region::Ofc, Receptor::Beta)
        );
        assert_eq!(m.get(Region::Ofc, Receptor::M1), 1.0);
        assert_eq!(m.get(Region::Mpfc, Receptor::Ht), 1.0);
    }

    #[test]
    fn unread_receptors_and_old_region_names_are_refused_with_a_hint() {
        let e = serde_json::from_str::<ReceptorMap>(r#"{"ofc": {"d2": 1}}"#).unwrap_err();
        assert!(e.to_string().contains("reads no `d2`"), "{e}");
        let e = serde_json::from_str::<ReceptorMap>(r#"{"prefrontal": {}}"#).unwrap_err();
        assert!(e.to_string().contains("split into"), "{e}");
    }

    #[test]
    fn the_map_round_trips_and_nuclei_project_where_receptors_are() {
        let m = ReceptorMap::default();
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<ReceptorMap>(&text).unwrap(), m);
        for region in Region::ALL {
            for modulator in Modulator::ALL {
                let reads = region
                    .expresses()
                    .iter()
                    .any(|(r, _)| r.modulator() == modulator);
                let projected = modulator.source().projects_to.contains(&region);
                assert_eq!(reads, projected, "{region:?} {modulator:?}");
            }
        }
    }
}
