//! Norepinephrine as the gain of a logistic activation.

/// A logistic unit f(x) = 1/(1 + e^{−g(x − b)}) whose gain g catecholamines
/// raise (Servan-Schreiber, Printz & Cohen 1990 Science 249:892; from the
/// literature, verify before quoting). A single monotone unit cannot gain
/// discriminability from g; a chain of noisy units can (NE-1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogisticGain {
    /// Gain g (NE raises it).
    pub gain: f64,
    /// Bias b, the input of half activation.
    pub bias: f64,
}

impl LogisticGain {
    /// A unit with gain g and bias b.
    pub fn new(gain: f64, bias: f64) -> Self {
        LogisticGain { gain, bias }
    }

    /// f(x) = 1/(1 + e^{−g(x − b)}).
    pub fn apply(&self, x: f64) -> f64 {
        1.0 / (1.0 + libm::exp(-self.gain * (x - self.bias)))
    }
}
