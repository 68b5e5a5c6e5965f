//! What a region receives: the broadcast of the four nuclei, read through
//! the region's own receptors (density × whole-brain drug × local drug).

use crate::neuromod::anatomy::{Modulator, ReceptorMap, RECEPTORS};
use crate::neuromod::{Manipulation, Receptor, Region};

/// The broadcast of one moment: every region is sent the same numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Broadcast {
    /// Per modulator (order of [`Modulator::ALL`]): the dimensionless tone
    /// the condition sets (1 at baseline).
    pub tone: [f64; 4],
    /// Per modulator: the phasic signal of the last step (δ, τ, Ω, aversive δ).
    pub phasic: [f64; 4],
    /// Per modulator: the nucleus's phasic gain (release × gain), what
    /// scales a signal it is sent (replayed errors during sleep).
    pub phasic_gain: [f64; 4],
}

/// One region's receptors under a condition: how strongly each receptor
/// passes the broadcast on. The efficacy of receptor r in region k is
///
/// e_{k,r} = ρ_{k,r} · (1 − b_r)(1 + a_r) · (1 − b_{k,r})(1 + a_{k,r}),
///
/// with ρ the density (the model's, or the condition's local value), b and
/// a the whole-brain and local antagonist block and agonist activation; 0
/// in a lesioned region. A region reads modulator m through r as
/// tone_m · l_{k,m} · e_{k,r} (tonic) or phasic_m · p_{k,m} · e_{k,r}, with l
/// and p the local infusion's factors on the tone and the phasic signal.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    region: Region,
    lesioned: bool,
    efficacy: [f64; RECEPTORS],
    /// Density × block only (no agonist): receptor occupancy adds agonists
    /// to the dopamine baseline instead.
    blocked_only: [f64; RECEPTORS],
    boosted: [f64; RECEPTORS],
    tone: [f64; 4],
    phasic: [f64; 4],
    protein_synthesis: f64,
}

impl Reading {
    /// The receptors of `region` under manipulation `m` with the model's `map`.
    pub fn new(region: Region, map: &ReceptorMap, m: &Manipulation) -> Self {
        let local = m.local(region);
        let lesioned = m.lesioned(region);
        let mut efficacy = [0.0; RECEPTORS];
        let mut blocked_only = [0.0; RECEPTORS];
        let mut boosted = [0.0; RECEPTORS];
        for r in Receptor::ALL {
            let i = r as usize;
            let density = local.density[i].unwrap_or_else(|| map.get(region, r));
            if !lesioned {
                efficacy[i] = density * m.receptor_factor(r) * local.receptor_factor(r);
                blocked_only[i] = density * (1.0 - m.blocked[i]) * (1.0 - local.blocked[i]);
            }
            boosted[i] = m.boosted[i] + local.boosted[i];
        }
        Reading {
            region,
            lesioned,
            efficacy,
            blocked_only,
            boosted,
            tone: local.tone,
            phasic: local.phasic,
            protein_synthesis: m.protein_synthesis * local.protein_synthesis,
        }
    }

    /// The region these receptors belong to.
    pub fn region(&self) -> Region {
        self.region
    }

    /// Whether the region is lesioned (every efficacy is then 0).
    pub fn lesioned(&self) -> bool {
        self.lesioned
    }

    /// The efficacy e_{k,r} of a receptor.
    pub fn efficacy(&self, r: Receptor) -> f64 {
        self.efficacy[r as usize]
    }

    /// Efficacy without agonists (for receptor occupancy).
    pub fn blocked_only(&self, r: Receptor) -> f64 {
        self.blocked_only[r as usize]
    }

    /// Agonist activation of a receptor, whole-brain plus local.
    pub fn boosted(&self, r: Receptor) -> f64 {
        self.boosted[r as usize]
    }

    /// x · tone_m · l_m · e_r: a quantity scaled by the tone read through `r`.
    pub fn tone_times(&self, r: Receptor, b: &Broadcast, x: f64) -> f64 {
        let m = r.modulator() as usize;
        x * b.tone[m] * self.tone[m] * self.efficacy(r)
    }

    /// tone_m · l_m · e_r: the tone read through `r`.
    pub fn tone(&self, r: Receptor, b: &Broadcast) -> f64 {
        self.tone_times(r, b, 1.0)
    }

    /// The tone of modulator `m` as it reaches this region (local infusions
    /// included, before any receptor).
    pub fn received_tone(&self, m: Modulator, b: &Broadcast) -> f64 {
        b.tone[m as usize] * self.tone[m as usize]
    }

    /// phasic_m · p_m · e_r: the phasic signal read through `r`.
    pub fn phasic(&self, r: Receptor, b: &Broadcast) -> f64 {
        let m = r.modulator() as usize;
        b.phasic[m] * self.phasic[m] * self.efficacy(r)
    }

    /// The local factor on the tone of modulator `m` (1 without a local infusion).
    pub fn local_tone(&self, m: Modulator) -> f64 {
        self.tone[m as usize]
    }

    /// The local factor on the phasic signal of modulator `m`.
    pub fn phasic_factor(&self, m: Modulator) -> f64 {
        self.phasic[m as usize]
    }

    /// Whether phasic dopamine reaches `other` exactly as it reaches this
    /// region (same D1/D2 efficacies, local dopamine factors and D2 agonist).
    pub fn reads_dopamine_as(&self, other: &Reading) -> bool {
        let (d1, d2) = (Receptor::D1 as usize, Receptor::D2 as usize);
        let da = Modulator::Dopamine as usize;
        self.lesioned == other.lesioned
            && self.efficacy[d1] == other.efficacy[d1]
            && self.efficacy[d2] == other.efficacy[d2]
            && self.blocked_only[d1] == other.blocked_only[d1]
            && self.blocked_only[d2] == other.blocked_only[d2]
            && self.boosted[d2] == other.boosted[d2]
            && self.tone[da] == other.tone[da]
            && self.phasic[da] == other.phasic[da]
    }

    /// Protein-synthesis capacity here (whole-brain × local).
    pub fn protein_synthesis(&self) -> f64 {
        self.protein_synthesis
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neuromod::Condition;

    #[test]
    fn a_local_infusion_reaches_only_its_region() {
        let map = ReceptorMap::default();
        let c: Condition = serde_json::from_str(
            r#"{"regions": {"mpfc": {"drugs": ["propranolol", "ssri_chronic"]}}}"#,
        )
        .unwrap();
        let m = Manipulation::of(&c);
        let b = Broadcast {
            tone: [1.0; 4],
            phasic: [0.5; 4],
            phasic_gain: [1.0; 4],
        };
        let mpfc = Reading::new(Region::Mpfc, &map, &m);
        let ofc = Reading::new(Region::Ofc, &map, &m);
        assert!((mpfc.efficacy(Receptor::Beta) - 0.2).abs() < 1e-12);
        assert_eq!(ofc.efficacy(Receptor::Beta), 1.0);
        // A reuptake block there doubles the serotonin tone mPFC receives.
        assert!((mpfc.tone(Receptor::Ht, &b) - 2.0).abs() < 1e-12);
        assert_eq!(ofc.tone(Receptor::Ht, &b), 1.0);
    }
}
