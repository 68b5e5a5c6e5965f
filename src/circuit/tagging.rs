//! Critic synapses with synaptic tagging and capture
//! (`consolidation.kind: "tag_capture"`).

use crate::plasticity::{FastSlow, TagCapture, TagParams};

/// Early and late parts of every critic synapse, with capture gated by
/// synapse-specific tags and a protein pool shared by the critic
/// ([`TagCapture`], simplified from Clopath, Ziegler, Vasilaki, Büsing &
/// Gerstner 2008; Frey & Morris 1997, from the literature):
///
/// - a three-factor change Δw_i goes to the early part and tags the
///   synapse: h_i ← min(1, h_i + |Δw_i|); tags and early parts decay as
///   e^{−Δt/τ_h} per trial of Δt hours;
/// - proteins p are made while the summed tags exceed
///   θ_eff = θ·n/(1 + k_DA·DA⁺) (n synapses, DA⁺ the trial's largest
///   burst; dopamine lowers the trigger:
///   behavioural tagging, Moncada & Viola 2007, from the literature);
/// - each trial a tagged synapse moves p·h_i·Δt/τ_z of its early part into
///   its late part (× protein synthesis, 0 under anisomycin): the drive
///   term of Clopath et al.'s late phase, without its double well, since a
///   value is graded rather than binary.
///
/// So weak learning fades unless strong learning (or a dopamine burst)
/// triggers proteins within about τ_p of it: capture across synapses.
#[derive(Clone, Debug)]
pub struct TaggedSynapses {
    parts: Vec<FastSlow>,
    tags: TagCapture,
    /// Hours per trial Δt.
    hours: f64,
    /// Early-part retention per trial, e^{−Δt/τ_h}.
    retain: f64,
    tau_late: f64,
    /// Largest phasic dopamine of the trial so far.
    burst: f64,
}

impl TaggedSynapses {
    /// `n` synapses, `hours` per trial, trigger threshold `threshold` per synapse.
    pub fn new(n: usize, hours: f64, threshold: f64) -> Self {
        let params = TagParams {
            threshold: threshold * n as f64,
            ..TagParams::default()
        };
        // Only capture reaches the late part: it does not learn directly.
        let part = FastSlow::new(1.0, 1.0, 1.0, 0.0);
        TaggedSynapses {
            retain: libm::exp(-hours / params.tau_tag),
            tau_late: params.tau_late,
            parts: vec![part; n],
            tags: TagCapture::new(n, params),
            hours,
            burst: 0.0,
        }
    }

    /// A plasticity event Δw on synapse `i`: early part and tag.
    pub fn add(&mut self, i: usize, dw: f64) {
        if let Some(p) = self.parts.get_mut(i) {
            p.update(dw);
            self.tags.tetanus(&[i], dw.abs());
        }
    }

    /// The phasic dopamine of a step: the trial's largest burst lowers the
    /// trigger threshold at the trial's end.
    pub fn set_dopamine(&mut self, da: f64) {
        self.burst = self.burst.max(da);
    }

    /// The learned part of synapse `i`'s weight: early + late.
    pub fn net(&self, i: usize) -> f64 {
        self.parts.get(i).map_or(0.0, FastSlow::net)
    }

    /// Ends a trial: capture in proportion to p·h_i (× `protein`), then
    /// tags, proteins and early parts advance by one trial.
    pub fn end_trial(&mut self, protein: f64) {
        self.tags.set_dopamine(self.burst);
        self.burst = 0.0;
        let p = self.tags.protein();
        for (i, part) in self.parts.iter_mut().enumerate() {
            let rate = p * self.tags.tag(i) * self.hours / self.tau_late;
            part.consolidate(rate * protein);
            part.retain_fast = self.retain;
            part.update(0.0);
            part.retain_fast = 1.0;
        }
        self.tags.step(self.hours);
    }

    /// The parts, for the consolidated share.
    pub fn parts(&self) -> &[FastSlow] {
        &self.parts
    }

    /// The shared protein level p.
    pub fn protein(&self) -> f64 {
        self.tags.protein()
    }
}
