//! The one seeded, portable random generator of the engine.
//!
//! PCG-XSL-RR 128/64 (`rand_pcg::Pcg64`, O'Neill 2014) gives the same stream
//! on every target, and every draw derived from it goes through integer
//! arithmetic, `libm`, or the operations IEEE 754 rounds correctly on every
//! target (+, −, ×, ÷ and √: `f64::sqrt` is one wasm instruction, while
//! `libm::sqrt` is emulated in software there), so a scenario and a seed give
//! bit-identical numbers natively and in WebAssembly.

use rand_core::{Rng as _, SeedableRng};
use rand_pcg::Pcg64;

/// A seeded random stream. Each run owns separate streams for the task and
/// for the learner, so two conditions on the same seed see the same task
/// randomness wherever their choices agree.
#[derive(Clone, Debug)]
pub struct Rng(Pcg64);

/// Which part of a run a stream feeds: keeps the task's draws independent of
/// how many draws the learner makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Reward outcomes, cue presentations, random walks.
    Task = 1,
    /// Action selection and any noise inside the learner.
    Learner = 2,
}

impl Rng {
    /// A stream for `seed` and `stream`; distinct pairs give independent streams.
    pub fn new(seed: u64, stream: Stream) -> Self {
        // SplitMix-style mixing so that seeds 0, 1, 2 … start far apart.
        let mut z = seed
            .wrapping_add(0x9E37_79B9_7F4A_7C15u64.wrapping_mul(stream as u64 + 1))
            .wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 31)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng(Pcg64::seed_from_u64(z ^ (z >> 29)))
    }

    /// Uniform on [0, 1) with 53 random bits.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// 64 random bits (to seed other generators).
    #[inline]
    pub fn bits(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// True with probability `p` (p outside [0, 1] saturates).
    #[inline]
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Uniform integer in `0..n` (n ≥ 1), by Lemire's multiply-shift.
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        ((self.0.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Standard normal draw (Box–Muller through `libm` and the correctly
    /// rounded `f64::sqrt`, portable to the bit).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform(); // (0, 1]: ln is finite
        let u2 = self.uniform();
        (-2.0 * libm::log(u1)).sqrt() * libm::cos(2.0 * std::f64::consts::PI * u2)
    }

    /// Index drawn from unnormalised non-negative weights; the last index if
    /// rounding leaves the draw past the total.
    pub fn categorical(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut u = self.uniform() * total;
        for (i, w) in weights.iter().enumerate() {
            if u < *w {
                return i;
            }
            u -= w;
        }
        weights.len().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_streams_differ() {
        let mut a = Rng::new(7, Stream::Task);
        let mut b = Rng::new(7, Stream::Task);
        let mut c = Rng::new(7, Stream::Learner);
        let xa: Vec<f64> = (0..5).map(|_| a.uniform()).collect();
        let xb: Vec<f64> = (0..5).map(|_| b.uniform()).collect();
        let xc: Vec<f64> = (0..5).map(|_| c.uniform()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn moments_are_right() {
        let mut r = Rng::new(1, Stream::Task);
        let n = 200_000;
        let (mut s, mut s2, mut hits) = (0.0, 0.0, 0);
        for _ in 0..n {
            let x = r.normal();
            s += x;
            s2 += x * x;
            if r.bernoulli(0.3) {
                hits += 1;
            }
        }
        let mean = s / n as f64;
        assert!(mean.abs() < 0.01, "normal mean {mean}");
        assert!((s2 / n as f64 - 1.0).abs() < 0.02, "normal variance");
        assert!(
            (hits as f64 / n as f64 - 0.3).abs() < 0.005,
            "bernoulli rate"
        );
        let counts = (0..30_000).fold([0usize; 3], |mut c, _| {
            c[r.below(3)] += 1;
            c
        });
        assert!(
            counts.iter().all(|&k| (9_500..10_500).contains(&k)),
            "{counts:?}"
        );
    }
}
