//! The Izhikevich (2007) network: 1000 simple-model neurons with
//! dopamine-modulated STDP, event-driven.

use crate::neuromod::ExtracellularDopamine;
use crate::plasticity::{DopamineGated, DopamineWindow, Stdp};
use crate::rng::Rng;
use std::collections::VecDeque;

/// Constants of the network (defaults: daspnet.m, science-criteria.md §1.1).
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
const NEVER: i64 = -1_000_000;
/// How much recent activity is kept for display.
const DISPLAY_MS: u32 = 2000;

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
    v: Vec<f64>,
    u: Vec<f64>,
    input: Vec<f64>,
    /// Recovery rate a per neuron (RS 0.02, FS 0.1).
    a: Vec<f64>,
    /// Targets, `m` per neuron, grouped by delay.
    post: Vec<u32>,
    /// Column range of each delay 1 … D (index d−1) for excitatory neurons.
    delay_cols: Vec<(usize, usize)>,
    synapses: Vec<Synapse>,
    in_start: Vec<u32>,
    incoming: Vec<Incoming>,
    /// Last spike times per neuron, newest at `spikes[i][0]`.
    spikes: Vec<[i64; HISTORY]>,
    stdp: Stdp,
    window: DopamineWindow,
    dopamine: ExtracellularDopamine,
    /// Neurons that fired in the last `max_delay` ms, by ms.
    fired_ring: Vec<Vec<u32>>,
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
    /// Builds a network, drawing its wiring from `rng`.
    pub fn new(
        cfg: &Config,
        dopamine: ExtracellularDopamine,
        tau_d_ms: f64,
        rng: &mut Rng,
    ) -> Self {
        let n_exc = cfg.n_exc as usize;
        let n = n_exc + cfg.n_inh as usize;
        let m = cfg.synapses as usize;
        let d = (cfg.max_delay_ms.max(1) as usize).min(m.max(1));
        let mut post = vec![0u32; n * m];
        for i in 0..n {
            let targets = if i < n_exc { n } else { n_exc };
            for p in &mut post[i * m..(i + 1) * m] {
                *p = rng.below(targets.max(1)) as u32;
            }
        }
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
            rate: cfg.rate,
        };
        // e^{k/τc} stays far from overflow within a window of ≤ 20 τc.
        let capacity = (20.0 * cfg.tau_c_ms).clamp(10.0, 10_000.0) as u32;
        Network {
            n,
            m,
            v: vec![-65.0; n],
            u: vec![-13.0; n],
            input: vec![0.0; n],
            a: (0..n).map(|i| if i < n_exc { 0.02 } else { 0.1 }).collect(),
            post,
            delay_cols,
            synapses,
            in_start,
            incoming,
            spikes: vec![[NEVER; HISTORY]; n],
            stdp: Stdp::new(0.1, 0.95, cfg.a_plus, cfg.a_minus),
            window: DopamineWindow::new(rule, capacity),
            dopamine,
            fired_ring: vec![Vec::new(); d],
            next_fired: Vec::new(),
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
    fn catch_up(window: &DopamineWindow, s: &mut Synapse, w_max: f64) {
        if s.c != 0.0 {
            let dw = window.catch_up(&mut s.c, &mut s.last);
            s.w = (s.w + dw).clamp(0.0, w_max);
        } else {
            s.last = window.now();
        }
    }

    /// Brings every plastic synapse up to date (before reading weights, and
    /// before the dopamine window restarts).
    pub fn catch_up_all(&mut self) {
        let (window, w_max) = (&self.window, self.cfg.w_max);
        for s in &mut self.synapses {
            Self::catch_up(window, s, w_max);
        }
    }

    /// Weights of the excitatory synapses, `synapses` per neuron, up to date
    /// after [`Network::catch_up_all`].
    pub fn weights(&self) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.synapses.iter().map(|s| s.w)
    }

    /// Weight and eligibility of excitatory synapse `col` of neuron `pre`,
    /// brought up to date.
    pub fn synapse(&mut self, pre: usize, col: usize) -> (f64, f64) {
        let idx = pre * self.m + col;
        let (window, w_max) = (&self.window, self.cfg.w_max);
        match self.synapses.get_mut(idx) {
            Some(s) => {
                Self::catch_up(window, s, w_max);
                (s.w, s.c)
            }
            None => (0.0, 0.0),
        }
    }

    /// Last spike of `neuron` at or before `t`, if any is remembered.
    #[inline]
    fn last_spike_at_or_before(&self, neuron: usize, t: i64) -> i64 {
        for &s in &self.spikes[neuron] {
            if s <= t {
                return s;
            }
        }
        NEVER
    }

    /// Simulates ms `t`: neurons over threshold fire, STDP tags, spikes are
    /// delivered, and every neuron integrates its input (noise, synapses and
    /// `stimulus_current` to `stimulated`). Dopamine for the ms is released
    /// by [`Network::end_ms`], which must follow.
    pub fn step(&mut self, stimulated: &[u32], stimulus_current: f64, rng: &mut Rng) {
        let t = self.t;
        let ti = t as i64;
        let n_exc = self.cfg.n_exc as usize;
        let slot = t as usize % self.fired_ring.len();
        let mut fired = std::mem::take(&mut self.next_fired);
        // 1. Spikes: reset, remember, tag incoming synapses (LTP).
        for &i in &fired {
            let i = i as usize;
            self.v[i] = -65.0;
            let exc = i < n_exc;
            self.u[i] += if exc { 8.0 } else { 2.0 };
            let h = &mut self.spikes[i];
            h.copy_within(0..HISTORY - 1, 1);
            h[0] = ti;
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
        if self.cfg.plastic {
            for &i in &fired {
                let i = i as usize;
                let (lo, hi) = (self.in_start[i] as usize, self.in_start[i + 1] as usize);
                for k in lo..hi {
                    let inc = self.incoming[k];
                    // daspnet.m: LTP reads the presynaptic trace `delay` ms back.
                    let at = ti - inc.delay as i64;
                    let tp = self.last_spike_at_or_before(inc.pre as usize, at);
                    let dt = (at - tp) as u64;
                    let add = self.stdp.potentiation(dt.min(u32::MAX as u64) as u32);
                    if add != 0.0 {
                        let s = &mut self.synapses[inc.synapse as usize];
                        Self::catch_up(&self.window, s, self.cfg.w_max);
                        s.c += add;
                    }
                }
            }
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
                    for &p in row {
                        self.input[p as usize] += self.cfg.w_inh;
                    }
                }
            }
            self.fired_ring[src] = list;
        }
        for &i in stimulated {
            if let Some(x) = self.input.get_mut(i as usize) {
                *x += stimulus_current;
            }
        }
        // 3. Integrate (daspnet.m): noise, two 0.5 ms steps of v, one of u.
        self.integrate(rng);
    }

    #[inline]
    fn deliver_exc(&mut self, i: usize, lo: usize, hi: usize, ti: i64) {
        let base = i * self.m;
        let plastic = self.cfg.plastic;
        for col in lo..hi {
            let p = self.post[base + col] as usize;
            let s = &mut self.synapses[base + col];
            if plastic {
                Self::catch_up(&self.window, s, self.cfg.w_max);
                // LTD: the postsynaptic trace now (its spike this ms included).
                let tp = self.spikes[p][0];
                let dt = (ti - tp) as u64;
                s.c -= self.stdp.depression(dt.min(u32::MAX as u64) as u32);
            }
            self.input[p] += s.w;
        }
    }

    fn integrate(&mut self, rng: &mut Rng) {
        let noise = self.cfg.noise;
        let amp = 2.0 * noise;
        // Noise, two draws from each 64-bit number (the serial part).
        let mut pairs = self.input.chunks_exact_mut(2);
        for pair in &mut pairs {
            let (r1, r2) = rng.uniform_pair();
            pair[0] += amp * r1 - noise;
            pair[1] += amp * r2 - noise;
        }
        if let [last] = pairs.into_remainder() {
            *last += amp * rng.uniform_pair().0 - noise;
        }
        // Dynamics: independent per neuron, so the compiler vectorises it.
        let lanes = self.v.iter_mut().zip(&mut self.u).zip(&mut self.input);
        for (((v, u), input), a) in lanes.zip(&self.a) {
            let i = *input;
            *input = 0.0;
            let (mut x, y) = (*v, *u);
            x += 0.5 * ((0.04 * x + 5.0) * x + 140.0 - y + i);
            x += 0.5 * ((0.04 * x + 5.0) * x + 140.0 - y + i);
            *u = y + a * (0.2 * x - y);
            *v = x;
        }
        // Threshold: a branch-free test per block of 16, then the rare hits.
        for (b, block) in self.v.chunks(16).enumerate() {
            let any = block.iter().fold(false, |acc, v| acc | (*v >= 30.0));
            if any {
                for (k, v) in block.iter().enumerate() {
                    if *v >= 30.0 {
                        self.next_fired.push((b * 16 + k) as u32);
                    }
                }
            }
        }
    }

    /// Ends ms `t`: releases `rewards` dopamine pulses and integrates the
    /// dopamine-gated weight change of the coming ms.
    pub fn end_ms(&mut self, rewards: u32) {
        let d = self.dopamine.step_ms(rewards);
        self.dopamine_trace[self.t as usize % DISPLAY_MS as usize] = d as f32;
        if self.window.is_full() {
            self.catch_up_all();
            self.window.restart();
        }
        self.window.push_ms(d, self.dopamine.baseline());
        self.t += 1;
        if self.cfg.clock_driven && self.cfg.plastic {
            self.catch_up_all();
        }
    }

    /// Restarts the dopamine window after catching every synapse up (the
    /// run does it at each recording bin, so reading weights costs nothing extra).
    pub fn restart_window(&mut self) {
        self.catch_up_all();
        self.window.restart();
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
