//! A recurrent associative memory whose mode acetylcholine switches between
//! retrieval and encoding.

use super::rule::{Rule, RuleInfo};

/// `n` rate units with symmetric recurrent weights W (no self-coupling):
/// x ← tanh(β·(a + r·W·x)), r = 1 − s·ACh, and Hebbian learning
/// ΔW = η·(1 + k·ACh)·x·xᵀ/n on the settled state.
///
/// Acetylcholine suppresses recurrent (association-fibre) transmission much
/// more than afferent input and enhances LTP, switching the network from
/// retrieval to encoding (Hasselmo & Bower 1992/1993; Hasselmo 2006; from
/// the literature, verify before quoting). Defaults: β = 2, s = 0.9,
/// k = 1, η = 0.1.
#[derive(Clone, Debug)]
pub struct Hopfield {
    n: usize,
    weights: Vec<f64>,
    state: Vec<f64>,
    scratch: Vec<f64>,
    /// Slope β of the tanh units.
    pub slope: f64,
    /// Recurrent suppression per unit ACh, s (r = 1 − s·ACh, floored at 0).
    pub suppression: f64,
    /// Learning-rate gain per unit ACh, k.
    pub ach_learning_gain: f64,
    /// Base learning rate η.
    pub rate: f64,
    ach: f64,
}

impl Hopfield {
    /// `n` silent units with no recurrent weights.
    pub fn new(n: usize) -> Self {
        Hopfield {
            n,
            weights: vec![0.0; n * n],
            state: vec![0.0; n],
            scratch: vec![0.0; n],
            slope: 2.0,
            suppression: 0.9,
            ach_learning_gain: 1.0,
            rate: 0.1,
            ach: 0.0,
        }
    }

    /// Sets the acetylcholine level (clamped to [0, 1]).
    pub fn set_ach(&mut self, level: f64) {
        self.ach = level.clamp(0.0, 1.0);
    }

    /// Recurrent transmission factor r = max(0, 1 − s·ACh).
    pub fn recurrent_scale(&self) -> f64 {
        (1.0 - self.suppression * self.ach).max(0.0)
    }

    /// Effective learning rate η·(1 + k·ACh).
    pub fn learning_rate(&self) -> f64 {
        self.rate * (1.0 + self.ach_learning_gain * self.ach)
    }

    /// Stores `pattern` directly with strength `c`: W += c·ξξᵀ/n.
    pub fn imprint(&mut self, pattern: &[f64], c: f64) {
        self.hebb(pattern, c);
    }

    fn hebb(&mut self, x: &[f64], c: f64) {
        let k = c / self.n as f64;
        for i in 0..self.n {
            let xi = x.get(i).copied().unwrap_or(0.0);
            for j in 0..self.n {
                if i != j {
                    self.weights[i * self.n + j] += k * xi * x.get(j).copied().unwrap_or(0.0);
                }
            }
        }
    }

    /// Settles for `iterations` synchronous updates with afferent input
    /// `input` held on, starting from x = tanh(β·a). Returns the state.
    pub fn settle(&mut self, input: &[f64], iterations: usize) -> &[f64] {
        let r = self.recurrent_scale();
        for (x, a) in self.state.iter_mut().zip(input) {
            *x = libm::tanh(self.slope * a);
        }
        for _ in 0..iterations {
            for i in 0..self.n {
                let row = &self.weights[i * self.n..(i + 1) * self.n];
                let rec: f64 = row.iter().zip(&self.state).map(|(w, x)| w * x).sum();
                let a = input.get(i).copied().unwrap_or(0.0);
                self.scratch[i] = libm::tanh(self.slope * (a + r * rec));
            }
            std::mem::swap(&mut self.state, &mut self.scratch);
        }
        &self.state
    }

    /// One encoding presentation: settles on `input`, then learns
    /// ΔW = η(1 + k·ACh)·x·xᵀ/n on the settled state.
    pub fn present(&mut self, input: &[f64], iterations: usize) {
        self.settle(input, iterations);
        let x = self.state.clone();
        let eta = self.learning_rate();
        self.hebb(&x, eta);
    }

    /// Overlap m = (1/|S|)·Σ_{i∈S} ξ_i·x_i of the state with `pattern` over
    /// the units in `units` (all units when empty).
    pub fn overlap(&self, pattern: &[f64], units: &[usize]) -> f64 {
        if units.is_empty() {
            let s: f64 = pattern.iter().zip(&self.state).map(|(p, x)| p * x).sum();
            s / self.n.max(1) as f64
        } else {
            let s: f64 = units
                .iter()
                .map(|&i| pattern.get(i).copied().unwrap_or(0.0) * self.state[i])
                .sum();
            s / units.len() as f64
        }
    }
}

impl Rule for Hopfield {
    const INFO: RuleInfo = RuleInfo {
        name: "hopfield",
        modifies: &["recurrent_weights"],
        records: &["recurrent_scale", "learning_rate", "activity"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "recurrent_scale" => Some(self.recurrent_scale()),
            "learning_rate" => Some(self.learning_rate()),
            "activity" => Some(super::rule::mean(&self.state)),
            _ => None,
        }
    }
}
