//! Multi-timescale synapses: the Benna–Fusi chain of communicating vessels.

use super::rule::{Rule, RuleInfo};

/// `n` synapses, each a chain of `m` coupled variables u₁ … u_m
/// (Benna & Fusi 2016 Nat Neurosci 19:1697; equations from the literature,
/// verify before quoting):
///
/// C_k du_k/dt = g_{k−1,k}(u_{k−1} − u_k) + g_{k,k+1}(u_{k+1} − u_k),
/// u_{m+1} ≡ 0, with C_k = 2^{k−1} and g_{k,k+1} = g₁₂·2^{−(k−1)}
/// (capacities double, couplings halve: time scales τ_k = C_k/g_{k,k+1}
/// grow ×4 per level, τ₁ = 1/g₁₂). u₁ is the visible weight; plasticity
/// events add to it and the deeper variables pull it back, so a trace
/// decays as t^{−1/2} between τ₁ and τ_m instead of exponentially.
///
/// Integration: Crank–Nicolson, solved exactly per sub-step by the Thomas
/// algorithm; the scheme is unconditionally stable and conserves Σ C_k u_k
/// when the end leak is zero. Sub-steps are at most τ₁/2 for accuracy.
#[derive(Clone, Debug)]
pub struct SynapticChain {
    n: usize,
    m: usize,
    u: Vec<f64>,
    capacity: Vec<f64>,
    /// g_{k,k+1} for k = 1..m; the last entry is the leak.
    coupling: Vec<f64>,
    /// Cached forward-elimination factors for the last sub-step size.
    cached_dt: f64,
    c_prime: Vec<f64>,
    denom: Vec<f64>,
    rhs: Vec<f64>,
}

impl SynapticChain {
    /// `n` synapses of `m` ≥ 1 levels with first coupling g₁₂ > 0 and the
    /// standard leak g_{m,m+1} = g₁₂·2^{−(m−1)}.
    pub fn new(n: usize, m: usize, g12: f64) -> Self {
        let m = m.max(1);
        let capacity = (0..m).map(|k| libm::pow(2.0, k as f64)).collect();
        let coupling = (0..m).map(|k| g12 * libm::pow(2.0, -(k as f64))).collect();
        SynapticChain {
            n,
            m,
            u: vec![0.0; n * m],
            capacity,
            coupling,
            cached_dt: f64::NAN,
            c_prime: vec![0.0; m],
            denom: vec![0.0; m],
            rhs: vec![0.0; m],
        }
    }

    /// Sets the end leak g_{m,m+1} (0: a closed chain that conserves Σ C_k u_k).
    pub fn with_leak(mut self, leak: f64) -> Self {
        if let Some(g) = self.coupling.last_mut() {
            *g = leak;
        }
        self.cached_dt = f64::NAN;
        self
    }

    /// Number of synapses.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when there are no synapses.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Number of levels m.
    pub fn levels(&self) -> usize {
        self.m
    }

    /// τ₁ = C₁/g₁₂, the fastest time scale.
    pub fn tau_first(&self) -> f64 {
        self.capacity[0] / self.coupling[0]
    }

    /// τ_m = C_m/g_{m,m+1} with the standard leak, the slowest time scale.
    pub fn tau_last(&self) -> f64 {
        self.capacity[self.m - 1] / (self.coupling[0] * libm::pow(2.0, -((self.m - 1) as f64)))
    }

    /// Visible weight u₁ of synapse `i`.
    pub fn weight(&self, i: usize) -> f64 {
        self.u.get(i * self.m).copied().unwrap_or(0.0)
    }

    /// Every level of synapse `i` (u₁ first).
    pub fn levels_of(&self, i: usize) -> &[f64] {
        &self.u[i * self.m..(i + 1) * self.m]
    }

    /// Visible weights u₁ of all synapses, copied into `out`.
    pub fn weights_into(&self, out: &mut [f64]) {
        for (i, o) in out.iter_mut().enumerate().take(self.n) {
            *o = self.u[i * self.m];
        }
    }

    /// A plasticity event: adds `dw` to the visible variable of synapse `i`.
    pub fn add(&mut self, i: usize, dw: f64) {
        if i < self.n {
            self.u[i * self.m] += dw / self.capacity[0];
        }
    }

    /// Σ_k C_k u_k of synapse `i`: conserved without leak.
    pub fn content(&self, i: usize) -> f64 {
        self.levels_of(i)
            .iter()
            .zip(&self.capacity)
            .map(|(u, c)| u * c)
            .sum()
    }

    /// Share of all synapses' content Σ_k C_k·|u_k| held below the visible
    /// level (k ≥ 2), in [0, 1]; 0 when every chain is empty.
    pub fn hidden_share(&self) -> f64 {
        let (mut deep, mut all) = (0.0, 0.0);
        for i in 0..self.n {
            for (k, (u, c)) in self.levels_of(i).iter().zip(&self.capacity).enumerate() {
                let v = c * u.abs();
                all += v;
                if k > 0 {
                    deep += v;
                }
            }
        }
        if all > 0.0 {
            deep / all
        } else {
            0.0
        }
    }

    /// Lets every chain evolve for `dt` (in the units of 1/g₁₂).
    pub fn step(&mut self, dt: f64) {
        if dt.is_nan() || dt <= 0.0 {
            return;
        }
        let max = 0.5 * self.tau_first();
        let steps = libm::ceil(dt / max).max(1.0) as usize;
        let h = dt / steps as f64;
        self.factor(h);
        for _ in 0..steps {
            for i in 0..self.n {
                self.solve(i, h);
            }
        }
    }

    /// Crank–Nicolson: (C/h + L/2)·u′ = (C/h − L/2)·u with L the (positive
    /// semi-definite) coupling matrix; factors the left side once per h.
    fn factor(&mut self, h: f64) {
        if self.cached_dt == h {
            return;
        }
        let m = self.m;
        let mut prev_c = 0.0;
        for k in 0..m {
            let g_in = if k == 0 { 0.0 } else { self.coupling[k - 1] };
            let g_out = self.coupling[k];
            let a = -0.5 * g_in;
            let b = self.capacity[k] / h + 0.5 * (g_in + g_out);
            let c = if k + 1 < m { -0.5 * g_out } else { 0.0 };
            let d = b - a * prev_c;
            self.denom[k] = d;
            self.c_prime[k] = c / d;
            prev_c = self.c_prime[k];
        }
        self.cached_dt = h;
    }

    fn solve(&mut self, i: usize, h: f64) {
        let m = self.m;
        let u = &mut self.u[i * m..(i + 1) * m];
        // Right side (C/h − L/2)·u, then forward elimination in place.
        let mut prev = 0.0;
        for k in 0..m {
            let g_in = if k == 0 { 0.0 } else { self.coupling[k - 1] };
            let g_out = self.coupling[k];
            let below = if k == 0 { 0.0 } else { u[k - 1] };
            let above = if k + 1 < m { u[k + 1] } else { 0.0 };
            let r = self.capacity[k] / h * u[k]
                + 0.5 * (g_in * (below - u[k]) + g_out * (above - u[k]));
            let a = -0.5 * g_in;
            let d = (r - a * prev) / self.denom[k];
            self.rhs[k] = d;
            prev = d;
        }
        u[m - 1] = self.rhs[m - 1];
        for k in (0..m - 1).rev() {
            u[k] = self.rhs[k] - self.c_prime[k] * u[k + 1];
        }
    }
}

impl Rule for SynapticChain {
    const INFO: RuleInfo = RuleInfo {
        name: "synaptic_chain",
        modifies: &["weights", "hidden_levels"],
        records: &["weight", "deepest"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        let per = |k: usize| {
            if self.n == 0 {
                0.0
            } else {
                (0..self.n).map(|i| self.u[i * self.m + k]).sum::<f64>() / self.n as f64
            }
        };
        match what {
            "weight" => Some(per(0)),
            "deepest" => Some(per(self.m - 1)),
            _ => None,
        }
    }
}
