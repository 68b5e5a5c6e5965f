//! Manipulations as a pharmacology or lesion class names them, turned into
//! the effective settings the circuit runs with (docs/science/criteria.md §14).

use super::anatomy::{Receptor, Region, RECEPTORS};
use super::condition::{Condition, Local, ModulatorSettings};
use super::drugs::Drug;

/// The four modulators, in the order every per-modulator array uses.
pub const MODULATORS: [&str; 4] = ["dopamine", "acetylcholine", "norepinephrine", "serotonin"];

impl Drug {
    /// Adds the drug's effect to `m`. Sizes are illustrative defaults chosen
    /// to give the directions of docs/science/criteria.md §8 and §14, not doses.
    pub fn apply(self, m: &mut Manipulation) {
        let [da, ach, ne, ser] = &mut m.modulators;
        match self {
            Drug::SixOhda => da.release *= 0.1,
            Drug::LDopa => {
                da.release *= 1.5;
                da.tonic_offset += 0.5;
            }
            Drug::Haloperidol => m.block(Receptor::D2, 0.7),
            Drug::Bromocriptine => m.boost(Receptor::D2, 0.5),
            Drug::Amisulpride => m.block(Receptor::D2, 0.6),
            Drug::SsriAcute => ser.tonic_offset -= 0.4,
            Drug::SsriChronic => {
                ser.reuptake *= 0.5;
            }
            Drug::TryptophanDepletion => ser.release *= 0.4,
            Drug::Scopolamine => m.block(Receptor::M1, 0.8),
            Drug::Nicotine => ach.tonic_offset += 0.5,
            Drug::Propranolol => m.block(Receptor::Beta, 0.8),
            Drug::Atomoxetine => ne.reuptake *= 0.5,
            Drug::Anisomycin => m.protein_synthesis = 0.0,
        }
    }
}

impl Drug {
    /// The condition fields the drug acts through, as [`Drug::apply`]
    /// changes them (`serotonin.tonic_offset` for an acute SSRI); empty for
    /// anisomycin, which acts on the rate circuit's consolidation (the
    /// model). A task that reads none of them would not see the drug.
    pub fn acts_through(self) -> &'static [&'static str] {
        match self {
            Drug::SixOhda => &["dopamine.release"],
            Drug::LDopa => &["dopamine.release", "dopamine.tonic_offset"],
            Drug::Haloperidol | Drug::Amisulpride => &["receptors.d2.antagonist"],
            Drug::Bromocriptine => &["receptors.d2.agonist"],
            Drug::SsriAcute => &["serotonin.tonic_offset"],
            Drug::SsriChronic => &["serotonin.reuptake"],
            Drug::TryptophanDepletion => &["serotonin.release"],
            Drug::Scopolamine => &["receptors.m1.antagonist"],
            Drug::Nicotine => &["acetylcholine.tonic_offset"],
            Drug::Propranolol => &["receptors.beta.antagonist"],
            Drug::Atomoxetine => &["norepinephrine.reuptake"],
            Drug::Anisomycin => &[],
        }
    }

    /// Whether a task reading the condition fields `read` sees the drug.
    pub fn read_by(self, read: &[&str]) -> bool {
        self.acts_through().iter().any(|f| read.contains(f))
    }

    /// Whether the drug infused into `region` alone acts there: the region
    /// reads a receptor it acts on (its own receptor, or one of the
    /// modulator whose release, tone or reuptake it changes); anisomycin
    /// acts where protein synthesis consolidates, the ventral striatum's
    /// values. Infused anywhere else it changes nothing, which is a valid
    /// control (REG-5: a β-blocker in the ventral striatum), so it is
    /// accepted and the region editor says so.
    pub fn acts_in(self, region: Region) -> bool {
        if self == Drug::Anisomycin {
            return region == Region::VentralStriatum;
        }
        self.acts_through().iter().any(|f| {
            Receptor::ALL.iter().any(|r| {
                let own = f.starts_with(&format!("receptors.{}.", r.name()));
                let tone = f.starts_with(&format!("{}.", MODULATORS[r.modulator() as usize]));
                (own || tone) && region.reads(*r)
            })
        })
    }
}

/// Everything a condition changes, after drugs are applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Manipulation {
    /// Dopamine, acetylcholine, norepinephrine, serotonin settings.
    pub modulators: [ModulatorSettings; 4],
    /// Per receptor (order of [`Receptor::ALL`]): fraction blocked.
    pub blocked: [f64; RECEPTORS],
    /// Per receptor: added activation.
    pub boosted: [f64; RECEPTORS],
    /// Per region (order of [`Region::ALL`]): output and plasticity removed.
    pub lesioned: [bool; 7],
    /// Per region (order of [`Region::ALL`]): what a local infusion or
    /// local receptor change does there.
    pub local: [LocalEffect; 7],
    /// Age in [0, 1]: 0 juvenile, 0.5 adult, 1 aged.
    pub age: f64,
    /// Protein-synthesis capacity for consolidation (0 under anisomycin).
    pub protein_synthesis: f64,
}

impl Default for Manipulation {
    fn default() -> Self {
        Manipulation {
            modulators: Default::default(),
            blocked: [0.0; RECEPTORS],
            boosted: [0.0; RECEPTORS],
            lesioned: [false; 7],
            local: Default::default(),
            age: 0.5,
            protein_synthesis: 1.0,
        }
    }
}

impl Manipulation {
    /// The effective manipulation of a condition: its own settings, then its drugs.
    pub fn of(c: &Condition) -> Self {
        let mut m = Manipulation {
            modulators: [
                c.dopamine.clone(),
                c.acetylcholine.clone(),
                c.norepinephrine.clone(),
                c.serotonin.clone(),
            ],
            age: c.age,
            ..Default::default()
        };
        for (i, r) in Receptor::ALL.iter().enumerate() {
            let d = c.receptors.get(*r);
            m.blocked[i] = d.antagonist;
            m.boosted[i] = d.agonist;
        }
        for (i, region) in Region::ALL.iter().enumerate() {
            m.lesioned[i] = c.lesions.contains(region);
        }
        for d in &c.drugs {
            d.apply(&mut m);
        }
        for (region, local) in &c.regions {
            m.local[*region as usize] = LocalEffect::of(local);
        }
        m
    }

    /// What is done to one region alone.
    pub fn local(&self, r: Region) -> &LocalEffect {
        &self.local[r as usize]
    }

    fn block(&mut self, r: Receptor, fraction: f64) {
        let i = r as usize;
        self.blocked[i] = 1.0 - (1.0 - self.blocked[i]) * (1.0 - fraction);
    }

    fn boost(&mut self, r: Receptor, amount: f64) {
        self.boosted[i(r)] += amount;
    }

    /// Whether a region is lesioned.
    pub fn lesioned(&self, r: Region) -> bool {
        self.lesioned[r as usize]
    }

    /// A receptor's efficacy factor: (1 − blocked)·(1 + boosted).
    pub fn receptor_factor(&self, r: Receptor) -> f64 {
        (1.0 - self.blocked[r as usize]) * (1.0 + self.boosted[r as usize])
    }

    /// Plasticity gain of age: a critical period raises it up to 2.5× for
    /// age < 0.25 (Hensch 2005: juvenile plasticity; from the literature).
    pub fn age_plasticity(&self) -> f64 {
        1.0 + 1.5 * ((0.25 - self.age) / 0.25).max(0.0)
    }

    /// Tone of every modulator with age: waning by up to 50 % above age 0.6
    /// (ageing of the modulatory systems; from the literature).
    pub fn age_tone(&self) -> f64 {
        1.0 - 0.5 * ((self.age - 0.6) / 0.4).clamp(0.0, 1.0)
    }
}

fn i(r: Receptor) -> usize {
    r as usize
}

/// A manipulation confined to one region, as the region's receptors see it:
/// a local infusion changes the modulator this region receives (tone and
/// phasic signal, by the drug's effect on release, reuptake and tone) and
/// its own receptors; a clamp of the phasic signal stays whole-brain.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalEffect {
    /// Per receptor: fraction blocked locally.
    pub blocked: [f64; RECEPTORS],
    /// Per receptor: activation added locally.
    pub boosted: [f64; RECEPTORS],
    /// Per receptor: density set locally (None: the model's).
    pub density: [Option<f64>; RECEPTORS],
    /// Per modulator: factor on the tone this region receives,
    /// release·(1 + tonic_offset)/reuptake of the local drugs.
    pub tone: [f64; 4],
    /// Per modulator: factor on the phasic signal it receives, release·gain.
    pub phasic: [f64; 4],
    /// Protein-synthesis capacity here (0 under local anisomycin).
    pub protein_synthesis: f64,
}

impl Default for LocalEffect {
    fn default() -> Self {
        LocalEffect {
            blocked: [0.0; RECEPTORS],
            boosted: [0.0; RECEPTORS],
            density: [None; RECEPTORS],
            tone: [1.0; 4],
            phasic: [1.0; 4],
            protein_synthesis: 1.0,
        }
    }
}

impl LocalEffect {
    /// The effect of a region's local manipulations: its drugs applied as
    /// they would be whole-brain, then its receptor changes.
    pub fn of(local: &Local) -> Self {
        let mut m = Manipulation::default();
        for d in &local.drugs {
            d.apply(&mut m);
        }
        for (r, l) in &local.receptors {
            m.block(*r, l.antagonist);
            m.boost(*r, l.agonist);
        }
        let mut e = LocalEffect {
            blocked: m.blocked,
            boosted: m.boosted,
            protein_synthesis: m.protein_synthesis,
            ..Default::default()
        };
        for (r, l) in &local.receptors {
            e.density[*r as usize] = l.density;
        }
        for (i, s) in m.modulators.iter().enumerate() {
            e.tone[i] = s.release * (1.0 + s.tonic_offset).max(0.0) / s.reuptake.max(0.05);
            e.phasic[i] = s.release * s.gain;
        }
        e
    }

    /// A receptor's local efficacy factor: (1 − blocked)·(1 + boosted).
    pub fn receptor_factor(&self, r: Receptor) -> f64 {
        (1.0 - self.blocked[r as usize]) * (1.0 + self.boosted[r as usize])
    }
}
