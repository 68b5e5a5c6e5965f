//! The distal reward problem (Izhikevich 2007; docs/science/criteria.md §1): a
//! spiking network is rewarded seconds after the activity that earned it.
//!
//! Two protocols. *Instrumental* (Fig. 1): one chosen synapse n1 → n2,
//! starting at weight 0, earns a dopamine pulse 1–3 s after each time n2
//! fires within 20 ms after n1. *Pavlovian* (Fig. 2): 100 random sets
//! S1…S100 of 50 neurons; every 100–300 ms one set gets a brief strong
//! input; only S1 is followed by dopamine (within 1 s). The protocol sees
//! the network's spikes as a task sees actions, never its weights.

use super::task::{
    spiking_work, TaskKind, XAxis, SPIKING_A_MINUS, SPIKING_A_PLUS, SPIKING_CONDITION_FIELDS,
    SPIKING_NOISE, SPIKING_TAU_C, SPIKING_TAU_D,
};
use crate::neuromod::Region;
use crate::params::{Check, Field, Gate};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Longest run, in model seconds (4 h).
pub const MAX_DURATION_S: u32 = 14_400;

/// Most neurons a network may have (100 times the published 1000).
pub const MAX_NEURONS: u32 = 100_000;

/// Most synapses (neurons × synapses per neuron) a network may have: at
/// most 48 bytes each (weight, two eligibility traces, time, target and
/// the incoming index), so 20 million take under 1 GB, a quarter of the
/// browser's 4 GiB of wasm memory.
pub const MAX_SYNAPSES: u64 = 20_000_000;

/// When the rewards come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RewardSchedule {
    /// Earned: after the rewarded event (the paper's protocol).
    Contingent,
    /// Non-contingent, yoked: the same seed is first run contingently, then
    /// as many rewards as it earned are delivered at random times
    /// (uniform over the run), whatever the network does.
    Yoked,
}

/// How the four modulators couple to the synapses' eligibility traces
/// (docs/spiking.md, "Four modulators").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Coupling {
    /// Izhikevich (2007): dopamine converts the eligibility; departures of
    /// NE (β) and 5-HT tone from rest scale the LTP and LTD conversion,
    /// ACh (M1) above rest sends LTP tags to the LTD trace.
    Izhikevich,
    /// Cortex (He et al. 2015; Seol et al. 2007): NE (β) converts the LTP
    /// trace, 5-HT the LTD trace; β during pairing routes tags to LTP, M1
    /// to LTD, which M1 converts.
    Cortical,
    /// Hippocampus (Brzosko et al. 2015, 2017): the LTD trace depresses by
    /// itself; dopamine converts both traces into potentiation; M1 during
    /// pairing routes tags to the LTD trace and converts it.
    Hippocampal,
}

/// Which experiment of the paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// Fig. 1: reward after pre → post coincidences of one synapse.
    Instrumental,
    /// Fig. 2: reward after one stimulus set among many.
    Pavlovian,
}

/// How eligibility and weights are integrated between spikes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Integration {
    /// Each synapse is brought up to date (exact closed form) only when a
    /// spike reaches it or it is read.
    Event,
    /// Every synapse is brought up to date every ms (same closed form; slow,
    /// for checking the event-driven form).
    Clock,
}

/// The scenario's `task` for the spiking network. Defaults: the paper's
/// Fig. 1 with the constants of daspnet.m (docs/science/criteria.md §1.1), one
/// model hour recorded in 1 s bins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DistalRewardSpec {
    /// "instrumental" (Fig. 1) or "pavlovian" (Fig. 2).
    pub protocol: Protocol,
    /// Model time per run, in seconds.
    pub duration_s: u32,
    /// Model time per recorded point ("trial"), in ms.
    pub bin_ms: u32,
    /// Shortest delay from the rewarded event to the dopamine pulse, in s.
    pub reward_delay_min_s: f64,
    /// Longest such delay, in s (the delay is uniform between the two).
    pub reward_delay_max_s: f64,
    /// Instrumental: n2 must fire less than this many ms after n1.
    pub coincidence_ms: u32,
    /// Conduction delays: 1 ms for all (daspnet.m), or 1 … this many ms
    /// spread evenly over each excitatory neuron's synapses (spnet.m).
    pub max_delay_ms: u32,
    /// Dopamine released per reward (daspnet.m: 0.5).
    pub dopamine_pulse: f64,
    /// Tonic dopamine b gating plasticity without reward (daspnet.m: 0.002).
    pub tonic_dopamine: f64,
    /// Dopamine time constant τd, in ms (paper: 200).
    pub tau_d_ms: f64,
    /// Eligibility time constant τc, in ms (paper: 1000).
    pub tau_c_ms: f64,
    /// LTP factor A₊ (pre → post), applied to a trace of 0.1 decaying ×0.95/ms.
    pub a_plus: f64,
    /// LTD factor A₋ (post → pre).
    pub a_minus: f64,
    /// Largest excitatory weight s_max, in mV (paper: 4).
    pub w_max: f64,
    /// Random input current, uniform in (−x, x) per neuron per ms (paper: 6.5).
    pub noise: f64,
    /// Excitatory synapses change (false: fixed weights, STDP off).
    pub plastic: bool,
    /// "event" (fast) or "clock" (every synapse every ms).
    pub integration: Integration,
    /// Pavlovian: number of stimulus sets.
    pub sets: u32,
    /// Pavlovian: neurons per set.
    pub set_size: u32,
    /// Pavlovian: input current given to a set for 1 ms.
    pub stimulus_current: f64,
    /// Pavlovian: shortest interval between stimuli, in ms.
    pub stimulus_interval_min_ms: u32,
    /// Pavlovian: longest interval between stimuli, in ms.
    pub stimulus_interval_max_ms: u32,
    /// Pavlovian: the response to a stimulus counts the network's spikes
    /// 1 … this many ms after it.
    pub response_window_ms: u32,
    /// Contingent (earned) or yoked non-contingent rewards.
    pub reward_schedule: RewardSchedule,
    /// Initial weight of the rewarded synapse (neuron 0, synapse 0), in mV;
    /// unset: the paper's (0 instrumental, Fig. 1; the common 1 Pavlovian).
    pub rewarded_weight: Option<f64>,
    /// Neurons in the network (paper: 1000).
    pub neurons: u32,
    /// Outgoing synapses per neuron (paper: 100).
    pub synapses_per_neuron: u32,
    /// Fraction of excitatory neurons (paper: 0.8).
    pub excitatory_fraction: f64,
    /// How ACh, NE, 5-HT and dopamine couple to the eligibility traces.
    pub coupling: Coupling,
    /// The region the network stands for: a condition that lesions it
    /// removes the network's plasticity.
    pub region: Region,
}

impl Default for DistalRewardSpec {
    fn default() -> Self {
        DistalRewardSpec {
            protocol: Protocol::Instrumental,
            duration_s: 3600,
            bin_ms: 1000,
            reward_delay_min_s: 1.0,
            reward_delay_max_s: 3.0,
            coincidence_ms: 20,
            max_delay_ms: 1,
            dopamine_pulse: 0.5,
            tonic_dopamine: 0.002,
            tau_d_ms: 200.0,
            tau_c_ms: 1000.0,
            a_plus: 1.0,
            a_minus: 1.5,
            w_max: 4.0,
            noise: 6.5,
            plastic: true,
            integration: Integration::Event,
            sets: 100,
            set_size: 50,
            stimulus_current: 40.0,
            stimulus_interval_min_ms: 100,
            stimulus_interval_max_ms: 300,
            response_window_ms: 50,
            reward_schedule: RewardSchedule::Contingent,
            rewarded_weight: None,
            neurons: 1000,
            synapses_per_neuron: 100,
            excitatory_fraction: 0.8,
            coupling: Coupling::Izhikevich,
            region: Region::Sensory,
        }
    }
}

impl DistalRewardSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::choice(
            "protocol",
            "Protocol",
            "instrumental: one synapse is rewarded (Fig. 1); pavlovian: one stimulus set of many is (Fig. 2).",
            &["instrumental", "pavlovian"],
        ),
        Field::integer(
            "duration_s",
            "Duration (s)",
            "Model time per run, in seconds.",
            1.0,
            MAX_DURATION_S as f64,
        ),
        Field::integer(
            "bin_ms",
            "Recording bin (ms)",
            "Model time per recorded point, in ms.",
            10.0,
            10_000.0,
        ),
        Field::number(
            "reward_delay_min_s",
            "Reward delay min (s)",
            "Shortest delay from the rewarded event to dopamine, in s.",
            0.0,
            60.0,
        ),
        Field::number(
            "reward_delay_max_s",
            "Reward delay max (s)",
            "Longest delay from the rewarded event to dopamine, in s.",
            0.0,
            60.0,
        ),
        Field::integer(
            "coincidence_ms",
            "Coincidence window (ms)",
            "Instrumental: n2 must fire less than this many ms after n1.",
            1.0,
            1000.0,
        ).when(&[Gate::new("protocol", &["instrumental"])]),
        Field::integer(
            "max_delay_ms",
            "Max conduction delay (ms)",
            "1: every synapse 1 ms (daspnet.m); D: delays 1…D ms spread over each neuron's synapses.",
            1.0,
            20.0,
        ),
        Field::number(
            "dopamine_pulse",
            "Dopamine per reward",
            "Extracellular dopamine added per reward (paper: 0.5).",
            0.0,
            10.0,
        ),
        Field::number(
            "tonic_dopamine",
            "Tonic dopamine",
            "Baseline dopamine that gates plasticity without reward (paper: 0.002).",
            0.0,
            1.0,
        ),
        SPIKING_TAU_D,
        SPIKING_TAU_C,
        SPIKING_A_PLUS,
        SPIKING_A_MINUS,
        Field::number(
            "w_max",
            "Max weight (mV)",
            "Excitatory weights are kept within [0, w_max].",
            0.1,
            20.0,
        ),
        SPIKING_NOISE,
        Field::flag(
            "plastic",
            "Plasticity",
            "Excitatory synapses learn (off: weights stay fixed).",
        ),
        Field::choice(
            "integration",
            "Integration",
            "event: synapses updated when spikes reach them (fast); clock: every synapse every ms.",
            &["event", "clock"],
        ).when(&[Gate::new("plastic", &["true"])]),
        Field::integer(
            "sets",
            "Stimulus sets",
            "Pavlovian: number of sets S1…Sn (S1 is rewarded).",
            2.0,
            1000.0,
        ).when(&[Gate::new("protocol", &["pavlovian"])]),
        Field::integer(
            "set_size",
            "Set size",
            "Pavlovian: neurons per stimulus set.",
            1.0,
            1000.0,
        ).when(&[Gate::new("protocol", &["pavlovian"])]),
        Field::number(
            "stimulus_current",
            "Stimulus current",
            "Pavlovian: input current given to a set for 1 ms.",
            0.0,
            1000.0,
        ).when(&[Gate::new("protocol", &["pavlovian"])]),
        Field::integer(
            "stimulus_interval_min_ms",
            "Stimulus interval min (ms)",
            "Pavlovian: shortest interval between stimuli.",
            1.0,
            60_000.0,
        ).when(&[Gate::new("protocol", &["pavlovian"])]),
        Field::integer(
            "stimulus_interval_max_ms",
            "Stimulus interval max (ms)",
            "Pavlovian: longest interval between stimuli.",
            1.0,
            60_000.0,
        ).when(&[Gate::new("protocol", &["pavlovian"])]),
        Field::integer(
            "response_window_ms",
            "Response window (ms)",
            "Pavlovian: spikes 1 … this many ms after a stimulus are its response.",
            1.0,
            1000.0,
        ).when(&[Gate::new("protocol", &["pavlovian"])]),
        Field::choice(
            "reward_schedule",
            "Reward schedule",
            "contingent: rewards follow the rewarded event; yoked: the same seed run contingently first, then as many rewards at random times.",
            &["contingent", "yoked"],
        ),
        Field::optional(
            "rewarded_weight",
            "Rewarded synapse initial weight (mV)",
            "Starting weight of the rewarded synapse, at most w_max; empty: 0 instrumental (Fig. 1), 1 Pavlovian.",
            0.0,
            20.0,
        ),
        Field::integer(
            "neurons",
            "Neurons",
            "Neurons in the network (paper: 1000); neurons × synapses per neuron at most 20 million.",
            2.0,
            MAX_NEURONS as f64,
        ),
        Field::integer(
            "synapses_per_neuron",
            "Synapses per neuron",
            "Outgoing synapses of each neuron, to random targets (paper: 100).",
            1.0,
            1000.0,
        ),
        Field::number(
            "excitatory_fraction",
            "Excitatory fraction",
            "Fraction of neurons that are excitatory (paper: 0.8); at least one neuron of each kind.",
            0.01,
            0.99,
        ),
        Field::choice(
            "coupling",
            "Modulator coupling",
            "izhikevich: dopamine converts eligibility, NE/5-HT/ACh tone shift it; cortical: NE (β) → LTP, 5-HT → LTD (He 2015); hippocampal: dopamine converts LTD to LTP, ACh biases to LTD (Brzosko 2015, 2017).",
            &["izhikevich", "cortical", "hippocampal"],
        ),
        Field::choice(
            "region",
            "Region",
            "The region the network stands for; lesioning it in a condition removes the network's plasticity.",
            &Region::NAMES,
        ),
    ];

    /// Cross-field rules.
    pub fn validate(&self, c: &mut Check) {
        if self.reward_delay_max_s < self.reward_delay_min_s {
            c.fail(
                "reward_delay_max_s",
                format!(
                    "must be at least reward_delay_min_s ({}), got {}",
                    self.reward_delay_min_s, self.reward_delay_max_s
                ),
            );
        }
        if self.stimulus_interval_max_ms < self.stimulus_interval_min_ms {
            c.fail(
                "stimulus_interval_max_ms",
                format!(
                    "must be at least stimulus_interval_min_ms ({}), got {}",
                    self.stimulus_interval_min_ms, self.stimulus_interval_max_ms
                ),
            );
        }
        if let Some(w) = self.rewarded_weight {
            if w > self.w_max {
                c.fail(
                    "rewarded_weight",
                    format!("must be at most w_max ({}), got {w}", self.w_max),
                );
            }
        }
        // A set larger than the network would be the whole network: the
        // rest of the size would change nothing.
        if self.protocol == Protocol::Pavlovian && self.set_size > self.neurons {
            c.fail(
                "set_size",
                format!(
                    "must be at most the network's {} neurons, got {}",
                    self.neurons, self.set_size
                ),
            );
        }
        let synapses = self.neurons as u64 * self.synapses_per_neuron as u64;
        if synapses > MAX_SYNAPSES {
            c.fail(
                "synapses_per_neuron",
                format!(
                    "neurons × synapses_per_neuron must be at most {MAX_SYNAPSES} \
                     (under 1 GB at up to 48 bytes a synapse with every trace; the browser gives wasm 4 GiB), got {} × {} = {synapses}",
                    self.neurons, self.synapses_per_neuron
                ),
            );
        }
        let (exc, inh) = self.population();
        if exc == 0 || inh == 0 {
            c.fail(
                "excitatory_fraction",
                format!(
                    "must leave at least one excitatory and one inhibitory neuron of {}, got {} ({exc} excitatory)",
                    self.neurons, self.excitatory_fraction
                ),
            );
            // The reader may have changed either field: the neurons are
            // named too, with the fewest this fraction needs.
            let fits = |n: u32| {
                let spec = Self {
                    neurons: n,
                    ..self.clone()
                };
                let (e, i) = spec.population();
                e > 0 && i > 0
            };
            if let Some(least) = (self.neurons..=MAX_NEURONS).find(|&n| fits(n)) {
                c.fail(
                    "neurons",
                    format!(
                        "must be at least {least} with excitatory_fraction {} (one excitatory and one inhibitory neuron), got {}",
                        self.excitatory_fraction, self.neurons
                    ),
                );
            }
        }
        if self.bin_ms > 0 && (self.duration_s as u64 * 1000) % self.bin_ms as u64 != 0 {
            c.fail(
                "bin_ms",
                format!(
                    "must divide the duration ({} ms), got {}",
                    self.duration_s as u64 * 1000,
                    self.bin_ms
                ),
            );
        }
    }

    /// Excitatory and inhibitory neurons: round(neurons × fraction) and the rest.
    pub fn population(&self) -> (u32, u32) {
        let n = self.neurons;
        let exc = ((n as f64 * self.excitatory_fraction).round() as u32).min(n);
        (exc, n - exc)
    }

    /// Recorded points ("trials") per run: duration / bin.
    pub fn bins(&self) -> u32 {
        ((self.duration_s as u64 * 1000) / self.bin_ms.max(1) as u64) as u32
    }
}

/// What the protocol asks of the network for the coming ms.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cue<'a> {
    /// Neurons that get the stimulus current this ms.
    pub stimulated: &'a [u32],
    /// The current they get.
    pub current: f64,
}

/// Counts of the current recording bin, read and reset by the run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BinCounts {
    /// Dopamine pulses released.
    pub rewards: u32,
    /// Instrumental: rewarded n1 → n2 coincidences.
    pub pairings: u32,
    /// Pavlovian: summed responses to S1, and how many S1 presentations ended.
    pub s1_spikes: u32,
    /// Pavlovian: S1 responses completed.
    pub s1_count: u32,
    /// Pavlovian: summed responses to the other sets.
    pub other_spikes: u32,
    /// Pavlovian: other-set responses completed.
    pub other_count: u32,
}

/// The running protocol of one run.
#[derive(Clone, Debug)]
pub struct DistalReward {
    protocol: Protocol,
    n1: u32,
    n2: u32,
    coincidence: i64,
    last_n1: i64,
    delay_min_ms: u32,
    delay_span_ms: u32,
    /// Reward times (ms), soonest first.
    pending: BinaryHeap<Reverse<u64>>,
    sets: Vec<Vec<u32>>,
    current: f64,
    interval_min: u32,
    interval_span: u32,
    next_stimulus: u64,
    stimulus_now: Option<usize>,
    window: u64,
    /// (set, time of stimulus, spikes so far) of the response being counted.
    response: Option<(usize, u64, u32)>,
    counts: BinCounts,
    /// Rewards come at fixed times ([`DistalReward::yoke`]), not earned.
    yoked: bool,
}

impl DistalReward {
    /// The protocol for a network of `n_neurons` in which the rewarded
    /// synapse goes from `n1` to `n2`. Stimulus sets are drawn here.
    pub fn new(spec: &DistalRewardSpec, n_neurons: u32, n1: u32, n2: u32, rng: &mut Rng) -> Self {
        let ms = |s: f64| (s * 1000.0).round() as u32;
        let delay_min_ms = ms(spec.reward_delay_min_s);
        let delay_span_ms = ms(spec.reward_delay_max_s).saturating_sub(delay_min_ms);
        let mut sets = Vec::new();
        if spec.protocol == Protocol::Pavlovian {
            let size = spec.set_size.min(n_neurons) as usize;
            let mut pool: Vec<u32> = (0..n_neurons).collect();
            for _ in 0..spec.sets {
                // Partial Fisher–Yates: `size` distinct neurons per set.
                for i in 0..size {
                    let j = i + rng.below(pool.len() - i);
                    pool.swap(i, j);
                }
                let mut set = pool[..size].to_vec();
                set.sort_unstable();
                sets.push(set);
            }
        }
        let interval_min = spec.stimulus_interval_min_ms;
        let interval_span = spec
            .stimulus_interval_max_ms
            .saturating_sub(spec.stimulus_interval_min_ms);
        let mut p = DistalReward {
            protocol: spec.protocol,
            n1,
            n2,
            coincidence: spec.coincidence_ms as i64,
            last_n1: i64::MIN / 2,
            delay_min_ms,
            delay_span_ms,
            pending: BinaryHeap::new(),
            sets,
            current: spec.stimulus_current,
            interval_min,
            interval_span,
            next_stimulus: 0,
            stimulus_now: None,
            window: spec.response_window_ms as u64,
            response: None,
            counts: BinCounts::default(),
            yoked: false,
        };
        p.next_stimulus = p.interval(rng);
        p
    }

    /// Non-contingent rewards: from now on rewarded events earn nothing
    /// (they are still counted as pairings and S1 presentations), and a
    /// pulse is released at each of `times` (ms).
    pub fn yoke(&mut self, times: impl IntoIterator<Item = u64>) {
        self.yoked = true;
        self.pending.clear();
        self.pending.extend(times.into_iter().map(Reverse));
    }

    /// The stimulus sets (empty for the instrumental protocol).
    pub fn sets(&self) -> &[Vec<u32>] {
        &self.sets
    }

    fn interval(&self, rng: &mut Rng) -> u64 {
        (self.interval_min + rng.below(self.interval_span as usize + 1) as u32) as u64
    }

    /// A reward delay in whole ms: min + ⌈span·U⌉ as in daspnet.m
    /// (`1000+ceil(2000*rand)`: 1001 … 3000 ms).
    fn delay(&self, rng: &mut Rng) -> u64 {
        let extra = if self.delay_span_ms == 0 {
            0
        } else {
            1 + rng.below(self.delay_span_ms as usize) as u32
        };
        (self.delay_min_ms + extra) as u64
    }

    /// The stimulus for ms `t` (before the network integrates it).
    pub fn cue(&mut self, t: u64, rng: &mut Rng) -> Cue<'_> {
        self.stimulus_now = None;
        if self.protocol != Protocol::Pavlovian || self.sets.is_empty() || t < self.next_stimulus {
            return Cue::default();
        }
        let set = rng.below(self.sets.len());
        self.next_stimulus = t + self.interval(rng);
        self.stimulus_now = Some(set);
        if set == 0 && !self.yoked {
            let at = t + self.delay(rng);
            self.pending.push(Reverse(at));
        }
        // A response still being counted ends early when the next stimulus comes.
        self.finish_response();
        self.response = Some((set, t, 0));
        Cue {
            stimulated: &self.sets[set],
            current: self.current,
        }
    }

    fn finish_response(&mut self) {
        if let Some((set, _, spikes)) = self.response.take() {
            if set == 0 {
                self.counts.s1_spikes += spikes;
                self.counts.s1_count += 1;
            } else {
                self.counts.other_spikes += spikes;
                self.counts.other_count += 1;
            }
        }
    }

    /// Sees the neurons that fired at ms `t`; schedules rewards. Returns the
    /// dopamine pulses due at `t`.
    pub fn observe(&mut self, t: u64, fired: &[u32], rng: &mut Rng) -> u32 {
        let t_i = t as i64;
        match self.protocol {
            Protocol::Instrumental => {
                // daspnet.m: n1's spike is noted first, so a same-ms n2 spike
                // does not count (it needs t(n2) > t(n1)).
                if fired.contains(&self.n1) {
                    self.last_n1 = t_i;
                }
                if fired.contains(&self.n2)
                    && t_i > self.last_n1
                    && t_i - self.last_n1 < self.coincidence
                {
                    self.counts.pairings += 1;
                    if !self.yoked {
                        let at = t + self.delay(rng);
                        self.pending.push(Reverse(at));
                    }
                }
            }
            Protocol::Pavlovian => {
                if let Some((_, t0, spikes)) = &mut self.response {
                    if t > *t0 && t <= *t0 + self.window {
                        *spikes += fired.len() as u32;
                    }
                    if t >= *t0 + self.window {
                        self.finish_response();
                    }
                }
            }
        }
        let mut due = 0;
        while let Some(Reverse(at)) = self.pending.peek() {
            if *at > t {
                break;
            }
            self.pending.pop();
            due += 1;
        }
        self.counts.rewards += due;
        due
    }

    /// The counts of the bin so far; resets them.
    pub fn take_counts(&mut self) -> BinCounts {
        std::mem::take(&mut self.counts)
    }
}

impl TaskKind for DistalRewardSpec {
    const LABEL: &'static str = "Distal reward (spiking)";
    const ABOUT: &'static str = "A spiking network (1000 neurons by default) learns from dopamine that arrives seconds after the spikes that earned it (Izhikevich 2007).";
    fn fields() -> &'static [Field] {
        Self::FIELDS
    }
    fn run_length(&self) -> u32 {
        self.bins()
    }
    /// A bin of the network's model time.
    fn work_per_trial(&self) -> f64 {
        spiking_work(self.bin_ms, self.neurons, self.synapses_per_neuron)
    }
    fn check_rules(&self, c: &mut Check) {
        self.validate(c)
    }
    /// The network records once per bin: its charts run over model time.
    fn x_axis(&self) -> XAxis {
        XAxis::model_time(self.bin_ms)
    }
    fn condition_fields() -> Option<&'static [&'static str]> {
        Some(SPIKING_CONDITION_FIELDS)
    }
    /// A lesion of the region it stands for removes its plasticity.
    fn lesions_read(&self) -> Option<Vec<Region>> {
        Some(vec![self.region])
    }
}
