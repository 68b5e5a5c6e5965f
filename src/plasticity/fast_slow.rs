//! Two-state (fast and slow) adaptation.

use super::rule::{Rule, RuleInfo};

/// Fast and slow states driven by the same error (Smith, Ghazizadeh &
/// Shadmehr 2006 PLoS Biol 4:e179):
/// x_f ← A_f·x_f + B_f·e, x_s ← A_s·x_s + B_s·e, net = x_f + x_s, e = f − net.
/// The fast state learns and forgets quickly, the slow one retains: together
/// they give spontaneous recovery and savings. Defaults A_f = 0.59,
/// B_f = 0.21, A_s = 0.992, B_s = 0.02 (from the literature; verify before
/// quoting).
#[derive(Clone, Debug, PartialEq)]
pub struct FastSlow {
    /// Retention of the fast state per trial, A_f.
    pub retain_fast: f64,
    /// Error sensitivity of the fast state, B_f.
    pub learn_fast: f64,
    /// Retention of the slow state per trial, A_s.
    pub retain_slow: f64,
    /// Error sensitivity of the slow state, B_s.
    pub learn_slow: f64,
    fast: f64,
    slow: f64,
    last_error: f64,
}

impl Default for FastSlow {
    fn default() -> Self {
        FastSlow::new(0.59, 0.21, 0.992, 0.02)
    }
}

impl FastSlow {
    /// Naive states with retentions and error sensitivities A_f, B_f, A_s, B_s.
    pub fn new(retain_fast: f64, learn_fast: f64, retain_slow: f64, learn_slow: f64) -> Self {
        FastSlow {
            retain_fast,
            learn_fast,
            retain_slow,
            learn_slow,
            fast: 0.0,
            slow: 0.0,
            last_error: 0.0,
        }
    }

    /// The net output x_f + x_s.
    pub fn net(&self) -> f64 {
        self.fast + self.slow
    }

    /// The fast state x_f.
    pub fn fast(&self) -> f64 {
        self.fast
    }

    /// The slow state x_s.
    pub fn slow(&self) -> f64 {
        self.slow
    }

    /// A trial against target f: e = f − net, then both states update.
    /// Returns e.
    pub fn trial(&mut self, target: f64) -> f64 {
        let e = target - self.net();
        self.update(e);
        e
    }

    /// A trial with the error supplied from outside (e = 0 is an
    /// error-clamp trial: both states only decay).
    pub fn update(&mut self, error: f64) {
        self.fast = self.retain_fast * self.fast + self.learn_fast * error;
        self.slow = self.retain_slow * self.slow + self.learn_slow * error;
        self.last_error = error;
    }

    /// Consolidation: moves `fraction` (clamped to [0, 1]) of the fast state
    /// into the slow one, leaving the net unchanged (offline replay, or
    /// tagging and capture when dopamine arrives).
    pub fn consolidate(&mut self, fraction: f64) {
        let moved = fraction.clamp(0.0, 1.0) * self.fast;
        self.fast -= moved;
        self.slow += moved;
    }
}

impl Rule for FastSlow {
    const INFO: RuleInfo = RuleInfo {
        name: "fast_slow",
        modifies: &["fast_weight", "slow_weight"],
        records: &["net", "fast", "slow", "error"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "net" => Some(self.net()),
            "fast" => Some(self.fast),
            "slow" => Some(self.slow),
            "error" => Some(self.last_error),
            _ => None,
        }
    }
}
