//! Spike-timing-dependent plasticity with nearest-spike traces, as in
//! Izhikevich (2007) and his reference code daspnet.m (ModelDB 84167).

/// Most whole milliseconds a trace is followed; beyond it the trace is taken
/// as 0 (0.95^1024 ≈ 1.5·10⁻²³, far below anything a weight can show).
const TABLE_MS: usize = 1024;

/// The STDP window of Izhikevich (2007): every spike *sets* its neuron's
/// trace to `amplitude` (nearest-spike, not cumulative), and the trace is
/// multiplied by `decay` every millisecond (daspnet.m: `STDP(fired,t+D)=0.1`,
/// `STDP(:,t+D+1)=0.95*STDP(:,t+D)`, τ = −1/ln 0.95 ≈ 19.5 ms).
///
/// A postsynaptic spike `Δt` ms after a presynaptic arrival tags the synapse
/// by `+A₊·trace(Δt−1)`; a presynaptic arrival `Δt ≥ 0` ms after a
/// postsynaptic spike tags it by `−A₋·trace(Δt)` (daspnet.m: LTP adds the
/// pre trace, LTD subtracts 1.5 × the post trace). The tag is the
/// eligibility `c` that dopamine converts into weight change.
#[derive(Clone, Debug)]
pub struct Stdp {
    /// LTP factor A₊ (daspnet.m: 1.0).
    pub a_plus: f64,
    /// LTD factor A₋ (daspnet.m: 1.5).
    pub a_minus: f64,
    /// trace(k) = amplitude · decay^k, k whole milliseconds since the spike.
    table: Vec<f64>,
}

impl Default for Stdp {
    /// The published constants: amplitude 0.1, decay 0.95 per ms, A₊ = 1, A₋ = 1.5.
    fn default() -> Self {
        Stdp::new(0.1, 0.95, 1.0, 1.5)
    }
}

impl Stdp {
    /// A window with trace `amplitude` at the spike, `decay` per ms, and the
    /// LTP/LTD factors.
    pub fn new(amplitude: f64, decay: f64, a_plus: f64, a_minus: f64) -> Self {
        // Repeated multiplication, exactly as the per-ms decay of daspnet.m
        // (and identical on every target).
        let mut table = Vec::with_capacity(TABLE_MS + 1);
        let mut x = amplitude;
        for _ in 0..TABLE_MS {
            table.push(x);
            x *= decay;
        }
        // Beyond the table the trace is 0: one more entry, so a lookup
        // clamps its index instead of branching.
        table.push(0.0);
        Stdp {
            a_plus,
            a_minus,
            table,
        }
    }

    /// The trace `k` whole ms after its neuron's last spike.
    #[inline]
    pub fn trace(&self, k: u32) -> f64 {
        self.table[(k as usize).min(self.table.len() - 1)]
    }

    /// Eligibility added when the postsynaptic neuron fires and the
    /// presynaptic trace, read `k` ms back, is `trace(k)`: +A₊·trace(k).
    #[inline]
    pub fn potentiation(&self, k: u32) -> f64 {
        self.a_plus * self.trace(k)
    }

    /// Eligibility removed when a presynaptic spike arrives `k` ms after the
    /// postsynaptic neuron's last spike: A₋·trace(k) (to be subtracted).
    #[inline]
    pub fn depression(&self, k: u32) -> f64 {
        self.a_minus * self.trace(k)
    }
}

impl super::rule::Rule for Stdp {
    const INFO: super::rule::RuleInfo = super::rule::RuleInfo {
        name: "stdp",
        modifies: &["eligibility"],
        records: &["trace_peak", "a_plus", "a_minus"],
    };

    /// The window is fixed: its peak trace and the LTP/LTD factors.
    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "trace_peak" => Some(self.trace(0)),
            "a_plus" => Some(self.a_plus),
            "a_minus" => Some(self.a_minus),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_has_the_published_peaks_and_decay() {
        let s = Stdp::default();
        assert_eq!(s.potentiation(0), 0.1);
        assert!((s.depression(0) - 0.15).abs() < 1e-15);
        assert!((s.trace(20) - 0.1 * 0.95f64.powi(20)).abs() < 1e-15);
        assert_eq!(s.trace(5000), 0.0);
    }
}
