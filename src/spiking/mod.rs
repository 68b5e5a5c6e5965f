//! The spiking network of Izhikevich (2007), "Solving the distal reward
//! problem through linkage of STDP and dopamine signaling": 1000 neurons,
//! dopamine-modulated STDP with eligibility traces, integrated event-driven
//! (docs/science/criteria.md §1). [`Simulation`] couples it with the
//! distal-reward protocol of [`crate::tasks::distal_reward`] and records one
//! point per bin of model time.

pub mod actor;
pub mod modulation;
pub mod navigator;
mod network;

pub use actor::{ActorRun, ACTOR_METRICS};
pub use modulation::{Couplings, Gates, Receptors, Synapse4};
pub use navigator::{NavigatorRun, NAVIGATOR_METRICS};
pub use network::{Config, Network, DISPLAY_MS};

use crate::metric::{Group, Metric};
use crate::neuromod::{Condition, Manipulation};
use crate::rng::{Rng, Stream};
use crate::tasks::distal_reward::{
    DistalReward, DistalRewardSpec, Integration, Protocol, RewardSchedule,
};

/// Bins of the recorded weight histogram (fractions of excitatory weights in
/// [k−1, k)·w_max/8, the last bin closed).
pub const HISTOGRAM_BINS: usize = 8;

crate::metric_slots! {
    /// What a spiking run records per bin of model time, in order.
    ///
    /// reward: dopamine pulses; rewarded_weight: weight of the rewarded
    /// synapse (neuron 0, synapse 0); mean_weight: mean excitatory weight;
    /// rewarded_percentile: % of excitatory weights below the rewarded one;
    /// dopamine: mean extracellular dopamine above baseline;
    /// rate_exc/rate_inh: firing rates (Hz); pairings: rewarded n1 → n2
    /// coincidences; s1_response/other_response: mean spikes in the
    /// response window after S1 and after other sets (carried forward from
    /// the last bin that had one); s1_spikes, s1_count, other_spikes,
    /// other_count: the sums behind them; w_frac_1 … w_frac_8: the weight
    /// histogram; reward_total: pulses since the start of the run (counted
    /// by the engine every ms, so a chart's last point is the run's total
    /// however the series is downsampled).
    pub enum Slot in METRICS {
        Reward => Metric::new("reward", "dopamine pulses delivered", "count", Group::Behaviour).lead(),
        RewardedWeight => Metric::new("rewarded_weight", "weight of the rewarded synapse", "mV", Group::Weights).lead(),
        MeanWeight => Metric::new("mean_weight", "mean excitatory weight", "mV", Group::Weights),
        RewardedPercentile => Metric::new("rewarded_percentile", "excitatory weights below the rewarded one", "%", Group::Weights).within(0.0, 100.0),
        Dopamine => Metric::new("dopamine", "extracellular dopamine above baseline", "µM", Group::Modulator).lead(),
        RateExc => Metric::new("rate_exc", "excitatory firing rate", "Hz", Group::Behaviour),
        RateInh => Metric::new("rate_inh", "inhibitory firing rate", "Hz", Group::Behaviour),
        Pairings => Metric::new("pairings", "rewarded n1 → n2 coincidences", "count", Group::Task),
        S1Response => Metric::new("s1_response", "mean spikes after S1", "spikes", Group::Behaviour),
        OtherResponse => Metric::new("other_response", "mean spikes after other sets", "spikes", Group::Behaviour),
        S1Spikes => Metric::new("s1_spikes", "spikes in response windows after S1", "count", Group::Task),
        S1Count => Metric::new("s1_count", "S1 presentations", "count", Group::Task),
        OtherSpikes => Metric::new("other_spikes", "spikes in response windows after other sets", "count", Group::Task),
        OtherCount => Metric::new("other_count", "other-set presentations", "count", Group::Task),
        WFrac1 => Metric::new("w_frac_1", "excitatory weights in bin 1 of 8", "fraction", Group::Weights).within(0.0, 1.0),
        WFrac2 => Metric::new("w_frac_2", "excitatory weights in bin 2 of 8", "fraction", Group::Weights).within(0.0, 1.0),
        WFrac3 => Metric::new("w_frac_3", "excitatory weights in bin 3 of 8", "fraction", Group::Weights).within(0.0, 1.0),
        WFrac4 => Metric::new("w_frac_4", "excitatory weights in bin 4 of 8", "fraction", Group::Weights).within(0.0, 1.0),
        WFrac5 => Metric::new("w_frac_5", "excitatory weights in bin 5 of 8", "fraction", Group::Weights).within(0.0, 1.0),
        WFrac6 => Metric::new("w_frac_6", "excitatory weights in bin 6 of 8", "fraction", Group::Weights).within(0.0, 1.0),
        WFrac7 => Metric::new("w_frac_7", "excitatory weights in bin 7 of 8", "fraction", Group::Weights).within(0.0, 1.0),
        WFrac8 => Metric::new("w_frac_8", "excitatory weights in bin 8 of 8", "fraction", Group::Weights).within(0.0, 1.0),
        RewardTotal => Metric::new("reward_total", "dopamine pulses since the start", "count", Group::Behaviour),
    }
}

/// One run of the spiking network under a distal-reward protocol.
pub struct Simulation {
    network: Network,
    protocol: DistalReward,
    task_rng: Rng,
    bin_ms: u32,
    w_max: f64,
    spikes_at_bin_start: (u64, u64),
    s1_response: f64,
    other_response: f64,
    reward_total: u64,
}

impl Simulation {
    /// A run of `spec` under `condition` on `seed`. The condition acts
    /// through the shared vocabulary: its dopamine settings and drugs on
    /// extracellular dopamine; receptor agonists and antagonists, drugs on
    /// ACh, NE and 5-HT, and age on the synapses' traces and the neurons'
    /// gain ([`modulation`]); a lesion of the spec's `region` removes the
    /// network's plasticity. `from_trial` is not read (a condition acts
    /// from the start).
    ///
    /// A yoked schedule first runs the same seed contingently to the end,
    /// counts its rewards N, then delivers N pulses at times drawn
    /// uniformly over the run (from that run's task generator, continued).
    pub fn new(spec: &DistalRewardSpec, condition: &Condition, seed: u64) -> Self {
        let mut sim = Self::contingent(spec, condition, seed);
        if spec.reward_schedule == RewardSchedule::Yoked {
            let mut twin = Self::contingent(spec, condition, seed);
            let total_ms = spec.duration_s as u64 * 1000;
            for _ in 0..total_ms {
                twin.step_ms();
            }
            let n = twin.protocol.take_counts().rewards;
            let rng = &mut twin.task_rng;
            let times: Vec<u64> = (0..n)
                .map(|_| (rng.uniform() * total_ms as f64) as u64)
                .collect();
            sim.protocol.yoke(times);
        }
        sim
    }

    /// A run with the rewards earned by the protocol.
    fn contingent(spec: &DistalRewardSpec, condition: &Condition, seed: u64) -> Self {
        let manipulation = Manipulation::of(condition);
        let (n_exc, n_inh) = spec.population();
        let cfg = Config {
            n_exc,
            n_inh,
            synapses: spec.synapses_per_neuron,
            max_delay_ms: spec.max_delay_ms,
            w_max: spec.w_max,
            // Fig. 1 starts the rewarded synapse at 0; Fig. 2 has none.
            w_rewarded: spec.rewarded_weight.unwrap_or(match spec.protocol {
                Protocol::Instrumental => 0.0,
                Protocol::Pavlovian => 1.0,
            }),
            noise: spec.noise,
            tau_c_ms: spec.tau_c_ms,
            a_plus: spec.a_plus,
            a_minus: spec.a_minus,
            plastic: spec.plastic && !manipulation.lesioned(spec.region),
            clock_driven: spec.integration == Integration::Clock,
            ..Config::default()
        };
        let (dopamine, gates) = modulation::condition_modulation(
            &manipulation,
            (spec.tau_d_ms, spec.dopamine_pulse, spec.tonic_dopamine),
            spec.coupling,
        );
        let mut net_rng = Rng::new(seed, Stream::Learner);
        let mut task_rng = Rng::new(seed, Stream::Task);
        // The window integrates d with its own clearance (τd/reuptake).
        let tau_d = dopamine.tau_ms();
        let network = Network::new(&cfg, dopamine, tau_d, gates, &mut net_rng);
        let n2 = network.target(0, 0);
        let protocol = DistalReward::new(spec, network.len() as u32, 0, n2, &mut task_rng);
        Simulation {
            network,
            protocol,
            task_rng,
            bin_ms: spec.bin_ms.max(1),
            w_max: spec.w_max,
            spikes_at_bin_start: (0, 0),
            s1_response: 0.0,
            other_response: 0.0,
            reward_total: 0,
        }
    }

    /// Dopamine pulses delivered since the start (every completed bin).
    pub fn reward_total(&self) -> u64 {
        self.reward_total
    }

    /// The network (for display and tests).
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The network, mutably (to read a synapse brought up to date).
    pub fn network_mut(&mut self) -> &mut Network {
        &mut self.network
    }

    /// The protocol (stimulus sets, for tests).
    pub fn protocol(&self) -> &DistalReward {
        &self.protocol
    }

    /// Simulates one ms.
    #[inline]
    pub fn step_ms(&mut self) {
        let t = self.network.time_ms() as u64;
        let cue = self.protocol.cue(t, &mut self.task_rng);
        self.network.step(cue.stimulated, cue.current);
        let due = self
            .protocol
            .observe(t, self.network.fired(), &mut self.task_rng);
        self.network.end_ms(due);
    }

    /// Simulates one recording bin and writes its values of [`METRICS`] to
    /// `row` (each by its [`Slot`]).
    pub fn run_bin(&mut self, row: &mut [f64]) {
        let mut dopamine_sum = 0.0;
        for _ in 0..self.bin_ms {
            self.step_ms();
            dopamine_sum += self.network.dopamine();
        }
        // Weight statistics in the sweep that brings every synapse up to
        // date; the rewarded synapse (the first) is read first (catching it
        // up twice changes nothing).
        // (0 without synapses, as before).
        let rewarded = self.network.synapse(0, 0).0;
        let mut hist = [0u64; HISTOGRAM_BINS];
        let (mut sum, mut below, mut n) = (0.0, 0u64, 0u64);
        let scale = HISTOGRAM_BINS as f64 / self.w_max;
        self.network.restart_window_with(|w| {
            sum += w;
            n += 1;
            below += u64::from(w < rewarded);
            // Through u32 (w ≥ 0): one instruction, unlike f64 → usize.
            hist[((w * scale) as u32 as usize).min(HISTOGRAM_BINS - 1)] += 1;
        });
        let counts = self.protocol.take_counts();
        let (exc, inh) = self.network.spike_counts();
        let (e0, i0) = self.spikes_at_bin_start;
        self.spikes_at_bin_start = (exc, inh);
        let secs = self.bin_ms as f64 / 1000.0;
        let n_exc = self.network.n_exc();
        let n_inh = self.network.len() - n_exc;
        let nf = n.max(1) as f64;
        if counts.s1_count > 0 {
            self.s1_response = counts.s1_spikes as f64 / counts.s1_count as f64;
        }
        if counts.other_count > 0 {
            self.other_response = counts.other_spikes as f64 / counts.other_count as f64;
        }
        self.reward_total += counts.rewards as u64;
        row[Slot::Reward] = counts.rewards as f64;
        row[Slot::RewardTotal] = self.reward_total as f64;
        row[Slot::RewardedWeight] = rewarded;
        row[Slot::MeanWeight] = sum / nf;
        row[Slot::RewardedPercentile] = 100.0 * below as f64 / nf;
        row[Slot::Dopamine] = dopamine_sum / self.bin_ms as f64;
        row[Slot::RateExc] = (exc - e0) as f64 / n_exc.max(1) as f64 / secs;
        row[Slot::RateInh] = (inh - i0) as f64 / n_inh.max(1) as f64 / secs;
        row[Slot::Pairings] = counts.pairings as f64;
        row[Slot::S1Response] = self.s1_response;
        row[Slot::OtherResponse] = self.other_response;
        row[Slot::S1Spikes] = counts.s1_spikes as f64;
        row[Slot::S1Count] = counts.s1_count as f64;
        row[Slot::OtherSpikes] = counts.other_spikes as f64;
        row[Slot::OtherCount] = counts.other_count as f64;
        let bins = &mut row[Slot::WFrac1 as usize..=Slot::WFrac8 as usize];
        for (r, h) in bins.iter_mut().zip(&hist) {
            *r = *h as f64 / nf;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spiking_table_matches_its_slots() {
        let v: Vec<&str> = Slot::ALL.iter().map(|s| s.variant()).collect();
        assert_eq!(crate::metric::check_slots(&v, METRICS), Ok(()));
        assert_eq!(Slot::RewardTotal as usize + 1, METRICS.len());
    }
}
