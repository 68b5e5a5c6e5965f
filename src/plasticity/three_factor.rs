//! The three-factor rule with eligibility traces (Frémaux & Gerstner 2016).

/// Eligibility traces of a weight matrix: the synaptic tag that pre × post
/// coincidence sets and that a third factor later converts into change.
///
/// e ← decay·e + f(pre)·g(post), with decay = exp(−Δt/τ_e) per step; in the
/// trial-based learner decay = γλ (Sutton & Barto 2018, §12.7).
#[derive(Clone, Debug)]
pub struct EligibilityTrace {
    e: Vec<f64>,
}

impl EligibilityTrace {
    /// Zero traces for `n` synapses.
    pub fn new(n: usize) -> Self {
        EligibilityTrace { e: vec![0.0; n] }
    }

    /// Multiplies every trace by `decay`; clears them when `decay` is 0.
    pub fn decay(&mut self, decay: f64) {
        if decay == 0.0 {
            self.e.fill(0.0);
        } else {
            self.e.iter_mut().for_each(|e| *e *= decay);
        }
    }

    /// Adds the coincidence `pre[i]·post` to the row of synapses starting at
    /// `offset` (one row per postsynaptic unit).
    pub fn tag(&mut self, offset: usize, pre: &[f64], post: f64) {
        for (e, x) in self.e[offset..offset + pre.len()].iter_mut().zip(pre) {
            *e += x * post;
        }
    }

    /// Sets every trace to zero (end of an episode).
    pub fn clear(&mut self) {
        self.e.fill(0.0);
    }

    /// The traces, one per synapse.
    pub fn values(&self) -> &[f64] {
        &self.e
    }
}

/// The three-factor update Δw = η · M · e: the modulator M (dopamine for the
/// striatum and critic) converts eligibility e into weight change at rate η
/// (Frémaux & Gerstner 2016, eq. 3; Izhikevich 2007, ds/dt = c·d).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThreeFactor {
    /// Learning rate η.
    pub rate: f64,
}

impl ThreeFactor {
    /// Applies Δw = η·M·e to every weight.
    pub fn apply(&self, weights: &mut [f64], trace: &EligibilityTrace, modulator: f64) {
        let k = self.rate * modulator;
        if k == 0.0 {
            return;
        }
        for (w, e) in weights.iter_mut().zip(trace.values()) {
            *w += k * e;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_tag_no_change_and_change_scales_with_modulator() {
        let rule = ThreeFactor { rate: 0.5 };
        let mut trace = EligibilityTrace::new(4);
        let mut w = vec![1.0; 4];
        rule.apply(&mut w, &trace, 2.0);
        assert_eq!(w, vec![1.0; 4], "untagged synapses must not change");
        trace.tag(2, &[1.0, 0.5], 1.0);
        rule.apply(&mut w, &trace, 2.0);
        assert_eq!(w, vec![1.0, 1.0, 2.0, 1.5]);
        rule.apply(&mut w, &trace, -2.0);
        assert_eq!(w, vec![1.0; 4], "a dip undoes a burst of the same size");
        trace.decay(0.5);
        assert_eq!(trace.values(), &[0.0, 0.0, 0.5, 0.25]);
    }
}
