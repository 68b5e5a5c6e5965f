//! The prefrontal belief: a change-point filter per option, whose surprise is
//! norepinephrine's input and whose relative uncertainty is acetylcholine's.

/// Reduced Bayesian observer of Nassar et al. (2010, J Neurosci 30:12366),
/// one per option. For an outcome x with belief mean μ, relative uncertainty
/// τ, known noise σ² and hazard H:
///
/// Ω = H·U(x) / (H·U(x) + (1 − H)·N(x; μ, σ²/(1 − τ)))  (change-point probability; U uniform on [0, 1]),
/// α = Ω + (1 − Ω)·τ,  μ ← μ + α·δ,
/// τ ← (Ωσ² + (1 − Ω)τσ² + Ω(1 − Ω)(δ(1 − τ))²) / (same + σ²).
#[derive(Clone, Debug)]
pub struct ChangePointFilter {
    mean: Vec<f64>,
    uncertainty: Vec<f64>,
    noise: f64,
}

/// What one observation did to the belief.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Surprise {
    /// Change-point probability Ω (unexpected uncertainty; NE's input).
    pub change_point: f64,
    /// Relative uncertainty τ before the update (expected uncertainty; ACh's input).
    pub uncertainty: f64,
}

impl ChangePointFilter {
    /// A filter over `n` options starting at `initial` with uncertainty 0.5.
    pub fn new(n: usize, initial: f64, noise: f64) -> Self {
        ChangePointFilter {
            mean: vec![initial; n],
            uncertainty: vec![0.5; n],
            noise,
        }
    }

    /// Ω and τ that observing `x` for `option` would give at hazard rate
    /// `hazard`, without updating. The hazard is the learner's current
    /// estimate of volatility (tonic norepinephrine), so a volatile world
    /// makes every surprise count more (after Behrens et al. 2007).
    pub fn surprise(&self, option: usize, x: f64, hazard: f64) -> Surprise {
        let (mu, tau) = (self.mean[option], self.uncertainty[option]);
        let var = self.noise / (1.0 - tau).max(1e-6);
        let d = x - mu;
        let normal = libm::exp(-0.5 * d * d / var) / (2.0 * std::f64::consts::PI * var).sqrt();
        let h = hazard.clamp(0.001, 0.5);
        let omega = h / (h + (1.0 - h) * normal);
        Surprise {
            change_point: omega,
            uncertainty: tau,
        }
    }

    /// Updates `option`'s belief with outcome `x` at change-point
    /// probability `omega` and uncertainty `tau` (possibly modulated), and
    /// returns the learning rate α used.
    pub fn update(&mut self, option: usize, x: f64, omega: f64, tau: f64) -> f64 {
        let (omega, tau) = (omega.clamp(0.0, 1.0), tau.clamp(0.0, 0.999));
        let d = x - self.mean[option];
        let alpha = omega + (1.0 - omega) * tau;
        self.mean[option] += alpha * d;
        let s2 = self.noise;
        let spread = d * (1.0 - tau);
        let num = omega * s2 + (1.0 - omega) * tau * s2 + omega * (1.0 - omega) * spread * spread;
        self.uncertainty[option] = (num / (num + s2)).clamp(0.0, 0.999);
        alpha
    }

    /// The belief mean of an option.
    pub fn mean(&self, option: usize) -> f64 {
        self.mean[option]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surprising_outcomes_raise_change_point_probability() {
        let mut f = ChangePointFilter::new(1, 0.9, 0.05);
        for _ in 0..30 {
            let s = f.surprise(0, 0.9, 0.05);
            f.update(0, 0.9, s.change_point, s.uncertainty);
        }
        let expected = f.surprise(0, 0.9, 0.05).change_point;
        let surprising = f.surprise(0, 0.0, 0.05).change_point;
        assert!(expected < 0.06, "{expected}");
        assert!(surprising > 0.5, "{surprising}");
        assert!(
            f.uncertainty[0] < 0.2,
            "uncertainty falls with consistent outcomes"
        );
    }
}

/// The prefrontal model of the task for model-based values (Daw et al.
/// 2011): states are the index of the largest feature (tasks with one-hot
/// states); where an action leads, T(s, a → s′) ← T + α_T (1[s′] − T) with the
/// end of the trial as one more outcome, and what it pays now,
/// R(s, a) ← R + α_R (r − R). Then
/// Q_MB(s, a) = R(s, a) + Σ_s′ T(s, a, s′) · max_a′ Q(s′, a′).
#[derive(Clone, Debug)]
pub struct TransitionModel {
    n_states: usize,
    n_actions: usize,
    rate: f64,
    reward_rate: f64,
    /// Per (s, a): n_states + 1 probabilities, the last for "trial ends".
    t: Vec<f64>,
    r: Vec<f64>,
}

impl TransitionModel {
    /// A model over `n_states` × `n_actions` with uniform transitions,
    /// learning transitions at `rate` and rewards at `reward_rate`.
    pub fn new(n_states: usize, n_actions: usize, rate: f64, reward_rate: f64) -> Self {
        let p = 1.0 / (n_states + 1) as f64;
        TransitionModel {
            n_states,
            n_actions,
            rate,
            reward_rate,
            t: vec![p; n_states * n_actions * (n_states + 1)],
            r: vec![0.0; n_states * n_actions],
        }
    }

    /// The state a feature vector stands for: its largest entry.
    pub fn state(x: &[f64]) -> usize {
        x.iter()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |(bi, bv), (i, v)| {
                if *v > bv {
                    (i, *v)
                } else {
                    (bi, bv)
                }
            })
            .0
    }

    /// Learns that `action` in state `s` paid `reward` and led to `next`
    /// (`None`: the trial ended).
    pub fn observe(&mut self, s: usize, action: usize, reward: f64, next: Option<usize>) {
        let k = s * self.n_actions + action;
        let width = self.n_states + 1;
        let to = next.unwrap_or(self.n_states);
        for (j, t) in self.t[k * width..(k + 1) * width].iter_mut().enumerate() {
            let target = if j == to { 1.0 } else { 0.0 };
            *t += self.rate * (target - *t);
        }
        self.r[k] += self.reward_rate * (reward - self.r[k]);
    }

    /// Q_MB(s, a) given the value of the best action in each state.
    pub fn value(&self, s: usize, action: usize, best_value: &[f64]) -> f64 {
        let k = s * self.n_actions + action;
        let width = self.n_states + 1;
        let future: f64 = self.t[k * width..k * width + self.n_states]
            .iter()
            .zip(best_value)
            .map(|(p, v)| p * v)
            .sum();
        self.r[k] + future
    }
}

/// Volatility from the autocorrelation of prediction errors (an
/// innovation-based adaptive Kalman filter, after Mehra 1970): isolated
/// errors are noise, errors of the same sign in a row on the same option
/// mean the world moved. The estimate q of the process variance follows
/// q ← q + κ·δ_t·δ_prev(a) − ρ·(q − q₀), and sets the learning rate as the
/// steady-state Kalman gain α = (√(q² + 4qσ²) − q) / (2σ²) for outcome
/// variance σ². In a volatile world α rises, in a stable one it falls
/// (Behrens et al. 2007).
#[derive(Clone, Debug)]
pub struct Volatility {
    estimate: f64,
    prior: f64,
    rate: f64,
    decay: f64,
    last_error: Vec<f64>,
}

impl Volatility {
    /// An estimator over `n` options with prior process variance `prior`,
    /// rate κ and decay ρ towards the prior.
    pub fn new(n: usize, prior: f64, rate: f64, decay: f64) -> Self {
        Volatility {
            estimate: prior,
            prior,
            rate,
            decay,
            last_error: vec![0.0; n],
        }
    }

    /// Observes the prediction error `delta` on `option`; returns the new estimate q.
    pub fn observe(&mut self, option: usize, delta: f64) -> f64 {
        let q = self.estimate + self.rate * delta * self.last_error[option]
            - self.decay * (self.estimate - self.prior);
        self.estimate = q.clamp(1e-6, 1.0);
        self.last_error[option] = delta;
        self.estimate
    }

    /// The steady-state Kalman gain for process variance `q` and outcome variance `noise`.
    pub fn gain(q: f64, noise: f64) -> f64 {
        let r = noise.max(1e-9);
        (((q * q + 4.0 * q * r).sqrt() - q) / (2.0 * r)).clamp(0.0, 1.0)
    }
}

/// Which cue is relevant: the approximate inference of Yu & Dayan (2005,
/// Neuron 46:681; docs/science/criteria.md §4.1). The believed context μ̂ has a
/// validity estimate γ* = (valid trials since the last switch + 2) / (trials
/// since it + 3); acetylcholine signals the expected uncertainty 1 − γ*.
/// The probability p that the context is unchanged follows
/// p ← τp·L_μ̂ / (τp·L_μ̂ + (1 − τp)·L_other); norepinephrine signals the
/// unexpected uncertainty 1 − p. The belief switches when
/// NE > ACh / (0.5 + ACh), to the cue that has agreed most with recent
/// outcomes: acetylcholine raises the threshold for NE-driven switches.
#[derive(Clone, Debug)]
pub struct CueBelief {
    context: usize,
    valid: f64,
    total: f64,
    unchanged: f64,
    persistence: f64,
    agreement: Vec<f64>,
}

/// What one outcome did to the cue belief.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CueSignals {
    /// Expected uncertainty 1 − γ* (ACh's input).
    pub expected: f64,
    /// Unexpected uncertainty 1 − p (NE's input).
    pub unexpected: f64,
}

impl CueBelief {
    /// A belief over `n` cues that persist with probability `persistence`.
    pub fn new(n: usize, persistence: f64) -> Self {
        CueBelief {
            context: 0,
            valid: 2.0,
            total: 3.0,
            unchanged: 1.0,
            persistence: persistence.clamp(0.5, 0.9999),
            agreement: vec![0.5; n],
        }
    }

    /// The believed relevant cue.
    pub fn context(&self) -> usize {
        self.context
    }

    /// The validity estimate γ* of the believed cue.
    pub fn validity(&self) -> f64 {
        self.valid / self.total
    }

    /// Observes which action the target was on (`target`) given where each
    /// cue pointed; returns the uncertainty signals before any switch.
    pub fn observe(&mut self, directions: &[usize], target: usize) -> CueSignals {
        let n = directions.len().min(self.agreement.len());
        if n == 0 {
            return CueSignals::default();
        }
        let g = self.validity();
        let agrees = |c: usize| directions.get(c).is_some_and(|d| *d == target);
        let l_current = if agrees(self.context) { g } else { 1.0 - g };
        // Under a switch the target follows some other cue, of mean validity 0.8.
        let others = (0..n).filter(|c| *c != self.context);
        let k = others.clone().count().max(1) as f64;
        let l_other = others
            .map(|c| if agrees(c) { 0.8 } else { 0.2 })
            .sum::<f64>()
            / k;
        let prior = self.persistence * self.unchanged;
        let num = prior * l_current;
        self.unchanged = (num / (num + (1.0 - prior) * l_other)).clamp(1e-6, 1.0);
        if agrees(self.context) {
            self.valid += 1.0;
        }
        self.total += 1.0;
        for (c, a) in self.agreement.iter_mut().enumerate().take(n) {
            *a = 0.8 * *a + 0.2 * f64::from(u8::from(agrees(c)));
        }
        CueSignals {
            expected: 1.0 - g,
            unexpected: 1.0 - self.unchanged,
        }
    }

    /// Switches to the most recently consistent other cue when the
    /// (modulated) NE exceeds the ACh-set threshold; returns whether it did.
    pub fn maybe_switch(&mut self, ne: f64, ach: f64) -> bool {
        let threshold = ach / (0.5 + ach);
        if ne <= threshold {
            return false;
        }
        let best = (0..self.agreement.len())
            .filter(|c| *c != self.context)
            .fold(None, |b: Option<usize>, c| match b {
                Some(b) if self.agreement[b] >= self.agreement[c] => Some(b),
                _ => Some(c),
            });
        let Some(best) = best else { return false };
        self.context = best;
        self.valid = 2.0;
        self.total = 3.0;
        self.unchanged = 1.0;
        true
    }
}
