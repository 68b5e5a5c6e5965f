//! The three-factor rule with eligibility traces (Frémaux & Gerstner 2016).

use super::rule::{mean, Rule, RuleInfo};

/// Eligibility traces of a weight matrix: the synaptic tag that pre × post
/// coincidence sets and that a third factor later converts into change.
///
/// e ← decay·e + f(pre)·g(post), with decay = exp(−Δt/τ_e) per step; in the
/// trial-based learner decay = γλ (Sutton & Barto 2018, §12.7).
#[derive(Clone, Debug)]
pub struct EligibilityTrace {
    e: Vec<f64>,
    /// Every trace is +0 (set when cleared, unset by a tag): a trial ends
    /// with its traces decayed to 0 and then cleared, so the second
    /// clearing is skipped (a call out of the code in wasm, three per trial).
    zero: bool,
}

impl EligibilityTrace {
    /// Zero traces for `n` synapses.
    pub fn new(n: usize) -> Self {
        EligibilityTrace {
            e: vec![0.0; n],
            zero: true,
        }
    }

    /// Multiplies every trace by `decay`; clears them when `decay` is 0.
    pub fn decay(&mut self, decay: f64) {
        if decay == 0.0 {
            self.clear();
        } else if !self.zero {
            self.e.iter_mut().for_each(|e| *e *= decay);
        }
    }

    /// Adds the coincidence `pre[i]·post` to the row of synapses starting at
    /// `offset` (one row per postsynaptic unit).
    pub fn tag(&mut self, offset: usize, pre: &[f64], post: f64) {
        self.zero = false;
        for (e, x) in self.e[offset..offset + pre.len()].iter_mut().zip(pre) {
            *e += x * post;
        }
    }

    /// Sets every trace to zero (end of an episode).
    pub fn clear(&mut self) {
        if !self.zero {
            self.e.fill(0.0);
            self.zero = true;
        }
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

/// The dopamine-gated eligibility rule of Izhikevich (2007) in continuous
/// time, integrated exactly between events:
///
/// ds/dt = η·c·(b + d),   τc·dc/dt = −c,   τd·dd/dt = −d,
///
/// with s the weight, c the eligibility (the STDP tag), d extracellular
/// dopamine above baseline and b the tonic level (daspnet.m: 0.002). Over
/// h ms with no event (NESTML `neuromodulated_stdp_synapse`; τs = 1/τc + 1/τd):
///
/// Δs = −η·c·(d/τs·expm1(−τs·h) + b·τc·expm1(−h/τc)),  c ← c·e^{−h/τc},  d ← d·e^{−h/τd}.
///
/// The sign of the b term is daspnet's, where the tonic level adds to
/// dopamine (b + d). NEST's synapse, and the criteria's formula quoted from
/// it (`… − b·τc·expm1(−h/τc)`), read b as a baseline subtracted from the
/// dopamine signal (n − b), hence the opposite sign; the two agree at b = 0.
///
/// A single tag c₀ and one dopamine pulse D₀ Δ ms later give in total
/// Δs = η·c₀·D₀·e^{−Δ/τc}·τc·τd/(τc+τd) (docs/science/criteria.md §1.4, IZ-1).
/// daspnet.m's update every 10 ms, s += (0.002 + DA)·c, is this rule with
/// η = 0.1 per ms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DopamineGated {
    /// Eligibility time constant τc (ms).
    pub tau_c: f64,
    /// Dopamine time constant τd (ms).
    pub tau_d: f64,
    /// Learning rate η (per ms).
    pub rate: f64,
}

impl DopamineGated {
    /// Advances (c, d) by `h` ms with tonic level `baseline` and returns the
    /// weight change over that time (exact closed form, no clipping).
    pub fn advance(&self, c: &mut f64, d: &mut f64, baseline: f64, h: f64) -> f64 {
        let tau_s = 1.0 / self.tau_c + 1.0 / self.tau_d;
        let dw = -self.rate
            * *c
            * (*d / tau_s * libm::expm1(-tau_s * h)
                + baseline * self.tau_c * libm::expm1(-h / self.tau_c));
        *c *= libm::exp(-h / self.tau_c);
        *d *= libm::exp(-h / self.tau_d);
        dw
    }
}

impl Rule for EligibilityTrace {
    const INFO: RuleInfo = RuleInfo {
        name: "eligibility_trace",
        modifies: &["eligibility"],
        records: &["eligibility"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "eligibility" => Some(mean(&self.e)),
            _ => None,
        }
    }
}

impl Rule for ThreeFactor {
    const INFO: RuleInfo = RuleInfo {
        name: "three_factor",
        modifies: &["weights"],
        records: &["rate"],
    };

    /// Stateless: the weights and traces it acts on belong to the caller.
    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "rate" => Some(self.rate),
            _ => None,
        }
    }
}

impl Rule for DopamineGated {
    const INFO: RuleInfo = RuleInfo {
        name: "dopamine_gated",
        modifies: &["weights", "eligibility", "dopamine"],
        records: &["tau_c", "tau_d", "rate"],
    };

    /// Stateless: (c, d) and the weight belong to the caller.
    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "tau_c" => Some(self.tau_c),
            "tau_d" => Some(self.tau_d),
            "rate" => Some(self.rate),
            _ => None,
        }
    }
}

/// Event-driven form of [`DopamineGated`] for many synapses sharing one
/// dopamine signal, on a 1 ms grid: the exact integral is accumulated once
/// per ms for the whole population, and each synapse catches up in O(1)
/// only when it is touched (a spike reaches it or it is read).
///
/// Within a window that starts at `t₀`, with Iⱼ = ∫₀¹ e^{−s/τc}·η·(b + dⱼ·e^{−s/τd}) ds
/// the exact increment of ms j for unit eligibility, the window keeps
/// A(k) = Σ_{j<k} e^{−j/τc}·Iⱼ. A synapse last brought up to date at t₁ with
/// eligibility c₁ then gains Δs = c₁·e^{(t₁−t₀)/τc}·(A(t−t₀) − A(t₁−t₀)) by t,
/// and c ← c₁·e^{−(t−t₁)/τc}. Every synapse must be caught up before the
/// window restarts (the network does it at each recording bin).
#[derive(Clone, Debug)]
pub struct DopamineWindow {
    rule: DopamineGated,
    start: u32,
    /// Elapsed ms k = now − t₀.
    k: usize,
    /// [e^{+j/τc}, A(j)] for j = 0 ..= capacity (interleaved, so a catch-up
    /// reads both with one index); A(j) is known for j ≤ k.
    table: Vec<[f64; 2]>,
    /// e^{−j/τc}, j = 0 ..= capacity.
    decay: Vec<f64>,
    /// Per-ms increment of A per unit baseline and per unit dopamine.
    unit_baseline: f64,
    unit_dopamine: f64,
}

impl DopamineWindow {
    /// A window for `rule` holding up to `capacity` ms, starting at time 0.
    pub fn new(rule: DopamineGated, capacity: u32) -> Self {
        let n = capacity as usize + 1;
        let decay: Vec<f64> = (0..n)
            .map(|k| libm::exp(-(k as f64) / rule.tau_c))
            .collect();
        let table = (0..n)
            .map(|k| [libm::exp(k as f64 / rule.tau_c), 0.0])
            .collect();
        // The closed form of [`DopamineGated::advance`] over h = 1 ms for c = 1,
        // split into its baseline and dopamine parts.
        let tau_s = 1.0 / rule.tau_c + 1.0 / rule.tau_d;
        DopamineWindow {
            unit_baseline: -rule.rate * rule.tau_c * libm::expm1(-1.0 / rule.tau_c),
            unit_dopamine: -rule.rate * libm::expm1(-tau_s) / tau_s,
            rule,
            start: 0,
            k: 0,
            table,
            decay,
        }
    }

    /// The rule this window integrates.
    pub fn rule(&self) -> DopamineGated {
        self.rule
    }

    /// The time (ms) the window has reached.
    #[inline]
    pub fn now(&self) -> u32 {
        self.start + self.k as u32
    }

    /// Most ms the window can hold before it must restart.
    pub fn capacity(&self) -> u32 {
        self.decay.len() as u32 - 1
    }

    /// The window is full: catch every synapse up and [`DopamineWindow::restart`].
    pub fn is_full(&self) -> bool {
        self.k + 1 == self.decay.len()
    }

    /// Starts a new window at the current time; every synapse must have been
    /// caught up to [`DopamineWindow::now`] first.
    pub fn restart(&mut self) {
        self.start = self.now();
        self.k = 0;
    }

    /// Integrates one more ms during which dopamine starts at `dopamine`
    /// (and decays with τd) over tonic level `baseline`. Returns false,
    /// integrating nothing, when the window is full.
    #[inline]
    pub fn push_ms(&mut self, dopamine: f64, baseline: f64) -> bool {
        let k = self.k;
        if k + 1 >= self.decay.len() {
            return false;
        }
        let inc = baseline * self.unit_baseline + dopamine * self.unit_dopamine;
        let a = self.table[k][1] + self.decay[k] * inc;
        self.table[k + 1][1] = a;
        self.k = k + 1;
        true
    }

    /// The window at [`DopamineWindow::now`], for many catch-ups in a row
    /// (the same arithmetic as [`DopamineWindow::catch_up`], with A(now)
    /// read once).
    #[inline]
    pub fn at_now(&self) -> CatchUp<'_> {
        let k = self.k;
        CatchUp {
            start: self.start,
            k,
            table: &self.table[..=k],
            decay: &self.decay[..=k],
            a_now: self.table[k][1],
        }
    }

    /// Brings a synapse last updated at `*last` (within this window) up to
    /// [`DopamineWindow::now`]: returns its weight change and decays `c`.
    #[inline]
    pub fn catch_up(&self, c: &mut f64, last: &mut u32) -> f64 {
        self.at_now().catch_up(c, last)
    }
}

/// A [`DopamineWindow`] fixed at its current time k = now − t₀: catches a
/// synapse up by Δs = c₁·e^{(t₁−t₀)/τc}·(A(k) − A(t₁−t₀)), c ← c₁·e^{−(t−t₁)/τc}.
#[derive(Clone, Copy, Debug)]
pub struct CatchUp<'a> {
    start: u32,
    /// k = now − t₀.
    k: usize,
    /// [e^{+j/τc}, A(j)] and e^{−j/τc} for j = 0 ..= k (both k + 1 long).
    table: &'a [[f64; 2]],
    decay: &'a [f64],
    /// A(k).
    a_now: f64,
}

impl CatchUp<'_> {
    /// Brings a synapse last updated at `*last` up to now: returns its
    /// weight change and decays `c` (as [`DopamineWindow::catch_up`]).
    #[inline(always)]
    pub fn catch_up(&self, c: &mut f64, last: &mut u32) -> f64 {
        // Branch-free: c = 0 or no time elapsed give Δs = 0 and c unchanged.
        let k = self.k;
        let k1 = (last.saturating_sub(self.start) as usize).min(k);
        *last = self.start + k as u32;
        debug_assert!(self.table.len() == k + 1 && self.decay.len() == k + 1);
        // SAFETY: k1 ≤ k and k − k1 ≤ k, and both slices hold k + 1 entries
        // ([`DopamineWindow::at_now`] cuts them so).
        let ([growth, a1], decay) = unsafe {
            (
                *self.table.get_unchecked(k1),
                *self.decay.get_unchecked(k - k1),
            )
        };
        let dw = *c * growth * (self.a_now - a1);
        *c *= decay;
        dw
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The closed form against the equation integrated numerically, with a
    /// tonic level and a pulse: ds/dt = η·c·(b + d) (a tonic level b > 0
    /// potentiates a positive tag; daspnet.m's b = 0.002 over 10 ms with
    /// c = 1 adds about 0.002).
    #[test]
    fn advance_is_the_integral_of_its_equation() {
        let r = DopamineGated {
            tau_c: 1000.0,
            tau_d: 200.0,
            rate: 0.1,
        };
        for (c0, d0, b, h) in [
            (1.0, 0.0, 0.002, 10.0),
            (0.7, 0.5, 0.002, 750.0),
            (-0.4, 0.3, 0.01, 3000.0),
        ] {
            let (mut c, mut d) = (c0, d0);
            let closed = r.advance(&mut c, &mut d, b, h);
            // Midpoint rule, 0.01 ms steps.
            let n = (h * 100.0) as usize;
            let dt = h / n as f64;
            let numeric: f64 = (0..n)
                .map(|i| {
                    let t = (i as f64 + 0.5) * dt;
                    let c = c0 * (-t / r.tau_c).exp();
                    let d = d0 * (-t / r.tau_d).exp();
                    r.rate * c * (b + d) * dt
                })
                .sum();
            assert!(
                (closed - numeric).abs() <= 1e-6 * numeric.abs().max(1e-9),
                "{closed} vs {numeric}"
            );
            assert!((c - c0 * (-h / r.tau_c).exp()).abs() < 1e-12);
            assert!((d - d0 * (-h / r.tau_d).exp()).abs() < 1e-12);
        }
    }

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
