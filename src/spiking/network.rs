//! The Izhikevich (2007) network: 1000 simple-model neurons with
//! dopamine-modulated STDP, event-driven.

use super::modulation::{route_tags, Gates};
use crate::neuromod::ExtracellularDopamine;
use crate::plasticity::{CatchUp, DopamineGated, DopamineWindow, Stdp};
use crate::rng::Rng;
use std::collections::VecDeque;

/// Constants of the network (defaults: daspnet.m, docs/science/criteria.md §1.1).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Excitatory (regular spiking) neurons.
    pub n_exc: u32,
    /// Inhibitory (fast spiking) neurons.
    pub n_inh: u32,
    /// Outgoing synapses per neuron.
    pub synapses: u32,
    /// Conduction delays 1 … this many ms (1: all 1 ms).
    pub max_delay_ms: u32,
    /// Initial excitatory weight (mV).
    pub w_exc: f64,
    /// Fixed inhibitory weight (mV).
    pub w_inh: f64,
    /// Largest excitatory weight.
    pub w_max: f64,
    /// Initial weight of the rewarded synapse (neuron 0, synapse 0).
    pub w_rewarded: f64,
    /// Input noise, uniform in (−noise, noise) per ms.
    pub noise: f64,
    /// Eligibility τc (ms).
    pub tau_c_ms: f64,
    /// Learning rate η per ms (daspnet.m's every-10-ms update: 0.1).
    pub rate: f64,
    /// STDP A₊ and A₋.
    pub a_plus: f64,
    /// STDP A₋.
    pub a_minus: f64,
    /// Excitatory synapses learn.
    pub plastic: bool,
    /// Bring every synapse up to date every ms instead of on events.
    pub clock_driven: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            n_exc: 800,
            n_inh: 200,
            synapses: 100,
            max_delay_ms: 1,
            w_exc: 1.0,
            w_inh: -1.0,
            w_max: 4.0,
            w_rewarded: 0.0,
            noise: 6.5,
            tau_c_ms: 1000.0,
            rate: 0.1,
            a_plus: 1.0,
            a_minus: 1.5,
            plastic: true,
            clock_driven: false,
        }
    }
}

/// One plastic synapse: weight, eligibility and when both were last brought
/// up to date.
#[derive(Clone, Copy, Debug, Default)]
struct Synapse {
    w: f64,
    c: f64,
    last: u32,
}

/// An incoming excitatory synapse as the postsynaptic neuron sees it.
#[derive(Clone, Copy, Debug)]
struct Incoming {
    synapse: u32,
    pre: u32,
    delay: u32,
}

/// Spike times kept per neuron: enough to find the last spike at or before
/// any time within the longest delay (neurons fire at most every few ms).
const HISTORY: usize = 4;
/// "Never fired" (far enough back that every trace has vanished).
const NEVER: i32 = -1_000_000;
/// How much recent activity is kept for display.
pub const DISPLAY_MS: u32 = 2000;

/// Neurons per block of the vectorised neuron update and streams of the
/// noise generator.
const LANES: usize = 16;
/// The reset potential c = −65 mV, as bits of an f32.
const RESET_BITS: u32 = (-65.0f32).to_bits();

/// The input noise: [`LANES`] independent xoshiro128+ streams (Blackman &
/// Vigna 2018, "Scrambled linear pseudorandom number generators"), one per
/// lane of a neuron block, seeded from the run's generator. Integer
/// arithmetic only, so every target draws the same numbers; the lanes
/// advance together, which the compiler vectorises (the generator of the
/// spiking network floor in `../shared/bench/floor.c` is the same
/// algorithm, one stream).
#[derive(Clone, Debug)]
struct Noise {
    s: [[u32; LANES]; 4],
}

impl Noise {
    fn new(rng: &mut Rng) -> Self {
        let mut s = [[0u32; LANES]; 4];
        for k in 0..LANES {
            // A stream's state must not be all zero.
            while (0..4).all(|j| s[j][k] == 0) {
                for row in &mut s {
                    row[k] = (rng.bits() >> 32) as u32;
                }
            }
        }
        Noise { s }
    }

    /// The next output of every stream: x = s₀ + s₃, then the xoshiro128
    /// state transition.
    #[inline(always)]
    fn next_block(&mut self) -> [u32; LANES] {
        let [s0, s1, s2, s3] = &mut self.s;
        let mut out = [0u32; LANES];
        for k in 0..LANES {
            out[k] = s0[k].wrapping_add(s3[k]);
            let t = s1[k] << 9;
            s2[k] ^= s0[k];
            s3[k] ^= s1[k];
            s1[k] ^= s2[k];
            s0[k] ^= s3[k];
            s2[k] ^= t;
            s3[k] = s3[k].rotate_left(11);
        }
        out
    }

    /// Uniform on [0, 1) from the top 24 bits (exact in f32).
    #[inline(always)]
    fn unit(x: u32) -> f32 {
        (x >> 8) as i32 as f32 * (1.0 / (1u32 << 24) as f32)
    }
}

/// Last spike in `history` (newest first) at or before `t`, if any is
/// remembered: the largest entry ≤ t, found without branches.
#[inline(always)]
fn last_spike_at_or_before(history: &[i32; HISTORY], t: i32) -> i32 {
    history
        .iter()
        .fold(NEVER, |m, &s| if s <= t { m.max(s) } else { m })
}

/// Izhikevich simple-model neurons (Izhikevich 2003):
/// v' = 0.04v² + 5v + 140 − u + I, u' = a(bv − u); at v ≥ 30 mV, v ← c, u ← u + d.
/// RS excitatory a = 0.02, d = 8; FS inhibitory a = 0.1, d = 2; b = 0.2,
/// c = −65. Integrated as in daspnet.m: two 0.5 ms Euler steps for v, then
/// one 1 ms step for u with the new v.
///
/// Each neuron has `synapses` outgoing synapses to random targets
/// (excitatory → any neuron, inhibitory → excitatory only; drawn with
/// replacement as in daspnet.m). Excitatory synapses learn by STDP tags
/// ([`Stdp`]) converted by dopamine ([`DopamineGated`]), integrated
/// event-driven with a shared [`DopamineWindow`].
pub struct Network {
    cfg: Config,
    n: usize,
    m: usize,
    /// Membrane potential v (mV), in blocks of [`LANES`] neurons (the last
    /// block padded with neurons nobody reads).
    v: Vec<[f32; LANES]>,
    /// Recovery variable u.
    u: Vec<[f32; LANES]>,
    /// Input current of the coming ms (synapses and stimulus).
    input: Vec<[f32; LANES]>,
    /// The input noise.
    noise: Noise,
    /// This ms's noise current per neuron, drawn in a pass of its own (the
    /// generator's state then fits the registers, and the neuron pass too).
    noise_current: Vec<[f32; LANES]>,
    /// Recovery rate a (RS 0.02, FS 0.1) and reset increment d of u (RS 8,
    /// FS 2) of the lanes of a block: all excitatory, all inhibitory, or
    /// the one block where the two meet (a few kinds, so they stay in cache).
    kinds: Vec<([f32; LANES], [f32; LANES])>,
    /// Which of `kinds` each block is.
    block_kind: Vec<u8>,
    /// Targets, `m` per neuron, grouped by delay.
    post: Vec<u32>,
    /// Column range of each delay 1 … D (index d−1) for excitatory neurons.
    delay_cols: Vec<(usize, usize)>,
    synapses: Vec<Synapse>,
    in_start: Vec<u32>,
    incoming: Vec<Incoming>,
    /// Last spike times per neuron, newest at `spikes[i][0]`.
    spikes: Vec<[i32; HISTORY]>,
    /// The newest of them (a compact copy for LTD).
    last_spike: Vec<i32>,
    stdp: Stdp,
    /// The dopamine window of the (LTP) trace.
    window: DopamineWindow,
    /// Two traces (docs/spiking.md, "Four modulators"): the LTD trace e⁻
    /// of each synapse (`Synapse::c` is then e⁺) and its window; empty
    /// and `None` with one signed trace.
    minus: Vec<f64>,
    window_minus: Option<DopamineWindow>,
    /// The modulators' gates of this run.
    gates: Gates,
    dopamine: ExtracellularDopamine,
    /// Neurons that fired in the last `max_delay` ms, by ms.
    fired_ring: Vec<Vec<u32>>,
    /// Scratch for the LTP tags of one spike: (synapse, eligibility added).
    tags: Vec<(u32, f64)>,
    /// Neurons crossing threshold in the last integration: they fire at `t`.
    next_fired: Vec<u32>,
    last_slot: usize,
    t: u32,
    /// (ms, neuron) of recent spikes, for display.
    recent: VecDeque<(u32, u32)>,
    /// Dopamine level of each of the last `DISPLAY_MS` ms.
    dopamine_trace: Vec<f32>,
    spike_count_exc: u64,
    spike_count_inh: u64,
}

impl Network {
    /// Builds a network, drawing its wiring from `rng`, with the
    /// modulators' `gates` ([`Gates`]; one signed trace when
    /// [`Gates::single_trace`]).
    pub fn new(
        cfg: &Config,
        dopamine: ExtracellularDopamine,
        tau_d_ms: f64,
        gates: Gates,
        rng: &mut Rng,
    ) -> Self {
        let n_exc = cfg.n_exc as usize;
        let n = n_exc + cfg.n_inh as usize;
        let m = cfg.synapses as usize;
        let mut post = vec![0u32; n * m];
        for i in 0..n {
            let targets = if i < n_exc { n } else { n_exc };
            for p in &mut post[i * m..(i + 1) * m] {
                *p = rng.below(targets.max(1)) as u32;
            }
        }
        Self::with_targets(cfg, post, dopamine, tau_d_ms, gates, rng)
    }

    /// A network wired as `post` says instead of at random: `post[i·m + k]`
    /// is the target of synapse `k` of neuron `i` (m = `cfg.synapses`;
    /// excitatory neurons first, as in [`Network::new`]). Any neuron may
    /// target any other (the spiking actor, [`super::actor`], wires a cue
    /// population to two action populations that inhibit each other). The
    /// input noise is drawn from `rng`.
    ///
    /// # Panics
    ///
    /// If `post` does not hold m targets per neuron or names a neuron the
    /// network does not have (the caller builds the wiring, never the
    /// user's input; spike delivery relies on every target existing).
    pub fn with_targets(
        cfg: &Config,
        post: Vec<u32>,
        dopamine: ExtracellularDopamine,
        tau_d_ms: f64,
        gates: Gates,
        rng: &mut Rng,
    ) -> Self {
        let n_exc = cfg.n_exc as usize;
        let n = n_exc + cfg.n_inh as usize;
        let m = cfg.synapses as usize;
        assert_eq!(post.len(), n * m, "{m} targets per neuron for {n} neurons");
        assert!(
            post.iter().all(|&p| (p as usize) < n),
            "every target is one of the {n} neurons"
        );
        let d = (cfg.max_delay_ms.max(1) as usize).min(m.max(1));
        // Columns of delay k (1-based) are [m·(k−1)/D, m·k/D) (spnet.m layout).
        let delay_cols: Vec<(usize, usize)> =
            (0..d).map(|k| (m * k / d, m * (k + 1) / d)).collect();
        let delay_of = |col: usize| -> u32 {
            delay_cols
                .iter()
                .position(|(lo, hi)| col >= *lo && col < *hi)
                .unwrap_or(0) as u32
                + 1
        };
        let mut synapses = vec![
            Synapse {
                w: cfg.w_exc,
                c: 0.0,
                last: 0
            };
            n_exc * m
        ];
        if let Some(s) = synapses.first_mut() {
            s.w = cfg.w_rewarded;
        }
        // Incoming excitatory synapses of each neuron (CSR), for LTP.
        let mut count = vec![0u32; n + 1];
        for &p in &post[..n_exc * m] {
            count[p as usize + 1] += 1;
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let in_start = count.clone();
        let mut fill = count;
        let mut incoming = vec![
            Incoming {
                synapse: 0,
                pre: 0,
                delay: 1
            };
            n_exc * m
        ];
        for (s, &p) in post[..n_exc * m].iter().enumerate() {
            let slot = &mut fill[p as usize];
            incoming[*slot as usize] = Incoming {
                synapse: s as u32,
                pre: (s / m) as u32,
                delay: delay_of(s % m),
            };
            *slot += 1;
        }
        let rule = DopamineGated {
            tau_c: cfg.tau_c_ms,
            tau_d: tau_d_ms,
            rate: cfg.rate * gates.rate,
        };
        // e^{k/τc} stays far from overflow within a window of ≤ 20 τc.
        let capacity = (20.0 * cfg.tau_c_ms).clamp(10.0, 10_000.0) as u32;
        let blocks = n.div_ceil(LANES);
        let mut kinds = Vec::new();
        let block_kind = (0..blocks)
            .map(|b| {
                let kind: ([f32; LANES], [f32; LANES]) = (
                    std::array::from_fn(|k| if b * LANES + k < n_exc { 0.02 } else { 0.1 }),
                    std::array::from_fn(|k| if b * LANES + k < n_exc { 8.0 } else { 2.0 }),
                );
                match kinds.iter().position(|x| *x == kind) {
                    Some(i) => i as u8,
                    None => {
                        kinds.push(kind);
                        (kinds.len() - 1) as u8
                    }
                }
            })
            .collect();
        let noise = Noise::new(rng);
        let split = !gates.single_trace();
        let minus = if split {
            vec![0.0; synapses.len()]
        } else {
            Vec::new()
        };
        let window_minus = split.then(|| DopamineWindow::new(rule, capacity));
        Network {
            n,
            m,
            v: vec![[-65.0; LANES]; blocks],
            u: vec![[-13.0; LANES]; blocks],
            input: vec![[0.0; LANES]; blocks],
            noise,
            noise_current: vec![[0.0; LANES]; blocks],
            kinds,
            block_kind,
            post,
            delay_cols,
            synapses,
            in_start,
            incoming,
            spikes: vec![[NEVER; HISTORY]; n],
            last_spike: vec![NEVER; n],
            stdp: Stdp::new(0.1, 0.95, cfg.a_plus, cfg.a_minus),
            window: DopamineWindow::new(rule, capacity),
            minus,
            window_minus,
            gates,
            dopamine,
            fired_ring: vec![Vec::new(); d],
            next_fired: Vec::new(),
            tags: Vec::new(),
            last_slot: 0,
            t: 0,
            recent: VecDeque::new(),
            dopamine_trace: vec![0.0; DISPLAY_MS as usize],
            spike_count_exc: 0,
            spike_count_inh: 0,
            cfg: cfg.clone(),
        }
    }

    /// Neurons in the network.
    pub fn len(&self) -> usize {
        self.n
    }

    /// The network has no neurons.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Excitatory neurons (indices `0..n_exc`).
    pub fn n_exc(&self) -> usize {
        self.cfg.n_exc as usize
    }

    /// Model time in ms (steps taken).
    pub fn time_ms(&self) -> u32 {
        self.t
    }

    /// Target of synapse `col` of neuron `pre`.
    pub fn target(&self, pre: usize, col: usize) -> u32 {
        self.post[pre * self.m + col]
    }

    /// Neurons that fired in the ms last simulated by [`Network::step`].
    pub fn fired(&self) -> &[u32] {
        &self.fired_ring[self.last_slot]
    }

    /// Spikes of excitatory and inhibitory neurons so far.
    pub fn spike_counts(&self) -> (u64, u64) {
        (self.spike_count_exc, self.spike_count_inh)
    }

    /// Extracellular dopamine above baseline now.
    pub fn dopamine(&self) -> f64 {
        self.dopamine.level()
    }

    /// Brings one synapse up to the window's time and clips its weight.
    #[inline(always)]
    fn catch_up(window: &CatchUp, s: &mut Synapse, w_max: f64) {
        let dw = window.catch_up(&mut s.c, &mut s.last);
        s.w = (s.w + dw).clamp(0.0, w_max);
    }

    /// Brings one synapse with two traces up to date: Δs = Δ⁺ − Δ⁻, each
    /// trace caught up in its own window, then clipped. (Between events
    /// e⁺·G⁺ − e⁻·G⁻ may change sign when the two traces read dopamine
    /// differently, so clipping at the catch-up can differ from clipping
    /// continuously there; with one signed trace it cannot.)
    #[inline(always)]
    fn catch_up_split(
        plus: &CatchUp,
        minus: &CatchUp,
        s: &mut Synapse,
        e_minus: &mut f64,
        w_max: f64,
    ) {
        let mut last = s.last;
        let dp = plus.catch_up(&mut s.c, &mut s.last);
        let dm = minus.catch_up(e_minus, &mut last);
        s.w = (s.w + (dp - dm)).clamp(0.0, w_max);
    }

    /// Bytes held by the network's arrays: neuron state, wiring, synapses
    /// (weight, eligibility, time: 24 bytes; with two traces 8 more), the
    /// incoming index (12 bytes per excitatory synapse), spike history and
    /// the dopamine windows' tables. (Display buffers and the recording
    /// are not counted.)
    pub fn memory_bytes(&self) -> usize {
        use std::mem::size_of_val;
        let windows = 1 + usize::from(self.window_minus.is_some());
        // Each window: [e^{j/τc}, A(j)] and e^{−j/τc} per ms of capacity.
        let window = (self.window.capacity() as usize + 1) * 24;
        size_of_val(&self.v[..])
            + size_of_val(&self.u[..])
            + size_of_val(&self.input[..])
            + size_of_val(&self.noise_current[..])
            + size_of_val(&self.post[..])
            + size_of_val(&self.synapses[..])
            + size_of_val(&self.minus[..])
            + size_of_val(&self.in_start[..])
            + size_of_val(&self.incoming[..])
            + size_of_val(&self.spikes[..])
            + size_of_val(&self.last_spike[..])
            + windows * window
    }

    /// Synapses of the network (excitatory and inhibitory).
    pub fn synapse_count(&self) -> usize {
        self.post.len()
    }

    /// The network keeps two traces per synapse (docs/spiking.md, "Four
    /// modulators").
    pub fn two_traces(&self) -> bool {
        self.window_minus.is_some()
    }

    /// Changes the modulators' gates from the next ms on (a modulator's
    /// tone that changes within a run: the navigating agent's acetylcholine
    /// while it explores, [`super::navigator`]). The trace layout stays
    /// the one chosen at construction, so a network built with one signed
    /// trace refuses gates that need two and keeps its own: returns whether
    /// the gates were taken. (The learning-rate factor, fixed in the
    /// network's rule at construction, is not read again.)
    pub fn set_gates(&mut self, gates: Gates) -> bool {
        if self.window_minus.is_none() && !gates.single_trace() {
            return false;
        }
        self.gates = gates;
        true
    }

    /// The modulators' gates of this run.
    pub fn gates(&self) -> &Gates {
        &self.gates
    }

    /// Brings every plastic synapse up to date (before reading weights, and
    /// before the dopamine window restarts).
    pub fn catch_up_all(&mut self) {
        self.restart_window_with_inner(|_| (), false);
    }

    /// Weights of the excitatory synapses, `synapses` per neuron, up to date
    /// after [`Network::catch_up_all`].
    pub fn weights(&self) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.synapses.iter().map(|s| s.w)
    }

    /// Weight and eligibility of excitatory synapse `col` of neuron `pre`,
    /// brought up to date.
    /// With two traces, the eligibility is e⁺ − e⁻.
    pub fn synapse(&mut self, pre: usize, col: usize) -> (f64, f64) {
        let idx = pre * self.m + col;
        let (window, w_max) = (self.window.at_now(), self.cfg.w_max);
        match (self.synapses.get_mut(idx), &self.window_minus) {
            (Some(s), None) => {
                Self::catch_up(&window, s, w_max);
                (s.w, s.c)
            }
            (Some(s), Some(wm)) => {
                let em = &mut self.minus[idx];
                Self::catch_up_split(&window, &wm.at_now(), s, em, w_max);
                (s.w, s.c - *em)
            }
            (None, _) => (0.0, 0.0),
        }
    }

    /// Simulates ms `t`: neurons over threshold fire, STDP tags, spikes are
    /// delivered, and every neuron integrates its input (noise, synapses and
    /// `stimulus_current` to `stimulated`). Dopamine for the ms is released
    /// by [`Network::end_ms`], which must follow.
    pub fn step(&mut self, stimulated: &[u32], stimulus_current: f64) {
        let t = self.t;
        // Spike times are kept as i32 ms (24 days; runs last at most 4 h).
        let ti = i32::try_from(t).unwrap_or(i32::MAX);
        let n_exc = self.cfg.n_exc as usize;
        let slot = t as usize % self.fired_ring.len();
        let mut fired = std::mem::take(&mut self.next_fired);
        // 1. Spikes: tag the incoming synapses of the neurons that fire
        // (LTP), then note the spikes; the reset of v and u is part of the
        // integration below.
        if self.cfg.plastic {
            let all_delays_one = self.fired_ring.len() == 1;
            let window = self.window.at_now();
            for &i in &fired {
                let i = i as usize;
                let (lo, hi) = (self.in_start[i] as usize, self.in_start[i + 1] as usize);
                // Two passes: the tags first (sequential reads and a
                // branch-free compaction), then the synapses, whose random
                // accesses then overlap instead of waiting on branches.
                let tags = &mut self.tags;
                tags.clear();
                tags.resize(hi - lo, (0, 0.0));
                let mut n_tags = 0;
                // daspnet.m: LTP reads the presynaptic trace `delay` ms back.
                // The spikes of this ms are not yet noted, so with all
                // delays 1 ms that is the presynaptic neuron's newest spike.
                if all_delays_one {
                    for inc in &self.incoming[lo..hi] {
                        let tp = self.last_spike[inc.pre as usize];
                        // tp ≤ ti − 1: the difference is exact in u32.
                        let add = self.stdp.potentiation((ti - 1).wrapping_sub(tp) as u32);
                        tags[n_tags] = (inc.synapse, add);
                        n_tags += usize::from(add != 0.0);
                    }
                } else {
                    for inc in &self.incoming[lo..hi] {
                        let at = ti - inc.delay as i32;
                        let tp = last_spike_at_or_before(&self.spikes[inc.pre as usize], at);
                        let add = self.stdp.potentiation(at.saturating_sub(tp) as u32);
                        tags[n_tags] = (inc.synapse, add);
                        n_tags += usize::from(add != 0.0);
                    }
                }
                // The tagged synapses lie anywhere in the synapse array (it
                // is ordered by presynaptic neuron). Touch them all first in
                // a branch-free loop, so their cache misses are in flight
                // together; the catch-up below branches on each synapse's
                // state, which would otherwise wait for one miss at a time.
                let mut touched = 0;
                for &(synapse, _) in &tags[..n_tags] {
                    if let Some(s) = self.synapses.get(synapse as usize) {
                        touched ^= s.last;
                    }
                    // The LTD traces, when the rule keeps them apart
                    // (empty otherwise).
                    if let Some(e) = self.minus.get(synapse as usize) {
                        touched ^= e.to_bits() as u32;
                    }
                }
                std::hint::black_box(touched);
                match &self.window_minus {
                    None => {
                        for &(synapse, add) in &tags[..n_tags] {
                            let s = &mut self.synapses[synapse as usize];
                            Self::catch_up(&window, s, self.cfg.w_max);
                            s.c += add;
                        }
                    }
                    Some(wm) => {
                        let wm = wm.at_now();
                        let rho = self.gates.routing;
                        for &(synapse, add) in &tags[..n_tags] {
                            let s = &mut self.synapses[synapse as usize];
                            let em = &mut self.minus[synapse as usize];
                            Self::catch_up_split(&window, &wm, s, em, self.cfg.w_max);
                            let (p, m) = route_tags(add, 0.0, rho);
                            s.c += p;
                            *em += m;
                        }
                    }
                }
            }
        }
        for &i in &fired {
            let i = i as usize;
            let exc = i < n_exc;
            let h = &mut self.spikes[i];
            h.copy_within(0..HISTORY - 1, 1);
            h[0] = ti;
            self.last_spike[i] = ti;
            if exc {
                self.spike_count_exc += 1;
            } else {
                self.spike_count_inh += 1;
            }
            self.recent.push_back((t, i as u32));
        }
        while self
            .recent
            .front()
            .is_some_and(|(ts, _)| ts + DISPLAY_MS <= t)
        {
            self.recent.pop_front();
        }
        // 2. Deliver: spikes fired j−1 ms ago reach the delay-j synapses now.
        let d = self.fired_ring.len();
        // The slot of ms t − d is free: reuse its buffer for the next spikes.
        std::mem::swap(&mut self.fired_ring[slot], &mut fired);
        fired.clear();
        self.next_fired = fired;
        self.last_slot = slot;
        for j in 1..=d {
            let src = (t as usize + d + 1 - j) % d;
            let list = std::mem::take(&mut self.fired_ring[src]);
            for &i in &list {
                let i = i as usize;
                if i < n_exc {
                    let (lo, hi) = self.delay_cols[j - 1];
                    self.deliver_exc(i, lo, hi, ti);
                } else if j == 1 {
                    let row = &self.post[i * self.m..(i + 1) * self.m];
                    let input = self.input.as_flattened_mut();
                    let w = self.cfg.w_inh as f32;
                    for &p in row {
                        input[p as usize] += w;
                    }
                }
            }
            self.fired_ring[src] = list;
        }
        let input = &mut self.input.as_flattened_mut()[..self.n];
        for &i in stimulated {
            if let Some(x) = input.get_mut(i as usize) {
                *x += stimulus_current as f32;
            }
        }
        // 3. Integrate (daspnet.m): noise, two 0.5 ms steps of v, one of u.
        self.integrate();
    }

    #[inline]
    fn deliver_exc(&mut self, i: usize, lo: usize, hi: usize, ti: i32) {
        let base = i * self.m;
        let window = self.window.at_now();
        let w_max = self.cfg.w_max;
        let post = &self.post[base + lo..base + hi];
        let synapses = &mut self.synapses[base + lo..base + hi];
        let input = self.input.as_flattened_mut();
        let last_spike = &self.last_spike[..];
        debug_assert!(post.iter().all(|&p| (p as usize) < last_spike.len()));
        debug_assert!(last_spike.len() <= input.len());
        if let (true, Some(wm)) = (self.cfg.plastic, &self.window_minus) {
            let wm = wm.at_now();
            let rho = self.gates.routing;
            let minus = &mut self.minus[base + lo..base + hi];
            for ((&p, s), em) in post.iter().zip(synapses).zip(minus) {
                let p = p as usize;
                Self::catch_up_split(&window, &wm, s, em, w_max);
                let dt = ti.wrapping_sub(last_spike[p]) as u32;
                let (up, down) = route_tags(0.0, self.stdp.depression(dt), rho);
                s.c += up;
                *em += down;
                input[p] += s.w as f32;
            }
        } else if self.cfg.plastic {
            for (&p, s) in post.iter().zip(synapses) {
                let p = p as usize;
                Self::catch_up(&window, s, w_max);
                // LTD: the postsynaptic trace now (its spike this ms
                // included). No spike is later than now, so the difference
                // is exact in u32 (and past the STDP table either way).
                // SAFETY: targets are below n = last_spike.len() ≤ input.len()
                // (drawn so in `new`).
                let tp = unsafe { *last_spike.get_unchecked(p) };
                let dt = ti.wrapping_sub(tp) as u32;
                s.c -= self.stdp.depression(dt);
                // SAFETY: as above.
                unsafe { *input.get_unchecked_mut(p) += s.w as f32 };
            }
        } else {
            for (&p, s) in post.iter().zip(synapses) {
                input[p as usize] += s.w as f32;
            }
        }
    }

    /// One ms of every neuron (daspnet.m's order): neurons that crossed
    /// threshold reset (v ← −65, u ← u + d), the input gets its noise,
    /// v takes two 0.5 ms Euler steps and u one 1 ms step with the new v;
    /// neurons now at or above 30 mV fire at the start of the next ms.
    /// Branch-free over blocks of [`LANES`] neurons, so the compiler
    /// vectorises it; f32 as in Izhikevich's own C++ (spnet.cpp). On
    /// x86-64 CPUs with AVX2 the same code runs 8 lanes wide: lane-wise
    /// IEEE arithmetic without fused multiply-add, so bit-identical to the
    /// SSE2 and wasm builds.
    fn integrate(&mut self) {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, checked just above.
            unsafe { self.integrate_avx2() };
            return;
        }
        self.integrate_lanes();
    }

    /// [`Network::integrate`] compiled for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn integrate_avx2(&mut self) {
        self.integrate_lanes();
    }

    #[inline(always)]
    fn integrate_lanes(&mut self) {
        let noise = self.cfg.noise as f32;
        let amp = 2.0 * noise;
        // NE gain of the synaptic and stimulus input (1 at rest: x·1 = x).
        let gain = self.gates.gain;
        let n = self.n;
        // Local copies (the generator's state, each block's a and d), so
        // the compiler need not reload them or check them for aliasing
        // with the neuron arrays.
        let mut rng = self.noise.clone();
        // The noise of every block first, in the generator's order: uniform
        // on (−noise, noise).
        for z in &mut self.noise_current {
            let r = rng.next_block();
            for k in 0..LANES {
                z[k] = amp * Noise::unit(r[k]) - noise;
            }
        }
        self.noise = rng;
        let kinds = &self.kinds[..];
        let next_fired = &mut self.next_fired;
        let blocks = self
            .v
            .iter_mut()
            .zip(&mut self.u)
            .zip(&mut self.input)
            .zip(&self.noise_current)
            .zip(&self.block_kind);
        for (b, ((((v, u), input), z), &kind)) in blocks.enumerate() {
            let (a, d) = &kinds[usize::from(kind)];
            for k in 0..LANES {
                // The reset by bit masks (a select here keeps the compiler
                // from vectorising the loop): x = fired ? −65 : v,
                // y = u + (fired ? d : 0).
                let (x0, y0, dk) = (v[k], u[k], d[k]);
                let fired = 0u32.wrapping_sub(u32::from(x0 >= 30.0));
                let mut x = f32::from_bits((x0.to_bits() & !fired) | (RESET_BITS & fired));
                let mut y = y0 + f32::from_bits(dk.to_bits() & fired);
                let i = input[k] * gain + z[k];
                input[k] = 0.0;
                x += 0.5 * ((0.04 * x + 5.0) * x + 140.0 - y + i);
                x += 0.5 * ((0.04 * x + 5.0) * x + 140.0 - y + i);
                y += a[k] * (0.2 * x - y);
                v[k] = x;
                u[k] = y;
            }
            // Threshold: a branch-free test of the block, then the rare hits
            // (padding lanes excluded).
            if v.iter().fold(false, |any, x| any | (*x >= 30.0)) {
                for (k, x) in v.iter().enumerate() {
                    let i = b * LANES + k;
                    if *x >= 30.0 && i < n {
                        next_fired.push(i as u32);
                    }
                }
            }
        }
    }

    /// Ends ms `t`: releases `rewards` dopamine pulses and integrates the
    /// dopamine-gated weight change of the coming ms.
    pub fn end_ms(&mut self, rewards: u32) {
        self.end_ms_release(f64::from(rewards));
    }

    /// [`Network::end_ms`] releasing `pulses` dopamine pulses, any real
    /// number: a fraction of a pulse, or a negative amount, a dip below
    /// the tone (a reward prediction error, Schultz, Dayan & Montague
    /// 1997; the spiking actor, [`super::actor`]).
    pub fn end_ms_release(&mut self, pulses: f64) {
        let d = self.dopamine.release_ms(pulses);
        self.dopamine_trace[self.t as usize % DISPLAY_MS as usize] = d as f32;
        if self.window.is_full() {
            self.restart_window();
        }
        let g = &self.gates;
        self.window.push_ms(d * g.dopamine[0], g.constant[0]);
        if let Some(wm) = &mut self.window_minus {
            wm.push_ms(d * g.dopamine[1], g.constant[1]);
        }
        self.t += 1;
        if self.cfg.clock_driven && self.cfg.plastic {
            self.catch_up_all();
        }
    }

    /// Restarts the dopamine window after catching every synapse up (the
    /// run does it at each recording bin, so reading weights costs nothing extra).
    pub fn restart_window(&mut self) {
        self.restart_window_with(|_| ());
    }

    /// [`Network::restart_window`], handing each weight, brought up to
    /// date, to `each` in the order of [`Network::weights`] (statistics in
    /// the same sweep).
    #[inline]
    pub fn restart_window_with(&mut self, each: impl FnMut(f64)) {
        self.restart_window_with_inner(each, true);
    }

    #[inline]
    fn restart_window_with_inner(&mut self, mut each: impl FnMut(f64), restart: bool) {
        let (window, w_max) = (self.window.at_now(), self.cfg.w_max);
        match &mut self.window_minus {
            None => {
                for s in &mut self.synapses {
                    Self::catch_up(&window, s, w_max);
                    each(s.w);
                }
            }
            Some(wm) => {
                let minus = wm.at_now();
                for (s, em) in self.synapses.iter_mut().zip(&mut self.minus) {
                    Self::catch_up_split(&window, &minus, s, em, w_max);
                    each(s.w);
                }
            }
        }
        if restart {
            self.window.restart();
            if let Some(wm) = &mut self.window_minus {
                wm.restart();
            }
        }
    }

    /// Recent spikes as (ms, neuron) pairs, oldest first, over the last
    /// `window_ms` (at most 2000) ms.
    pub fn recent_spikes(&self, window_ms: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let from = self.t.saturating_sub(window_ms);
        self.recent.iter().copied().filter(move |(t, _)| *t >= from)
    }

    /// Dopamine of each of the last `window_ms` (at most 2000) ms, oldest first.
    pub fn recent_dopamine(&self, window_ms: u32) -> Vec<f32> {
        let w = window_ms.min(DISPLAY_MS).min(self.t);
        (self.t - w..self.t)
            .map(|t| self.dopamine_trace[t as usize % DISPLAY_MS as usize])
            .collect()
    }
}
