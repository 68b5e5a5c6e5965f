//! A spiking actor that learns a two-armed bandit (docs/science/criteria.md
//! §9.1, BAN-2; docs/spiking.md, "Spiking actor").
//!
//! Built from the engine's own parts: the Izhikevich (2007) network
//! ([`Network`], its neurons, STDP tags and dopamine-gated conversion of
//! eligibility into weight change, unchanged) wired as an actor instead of
//! at random:
//!
//! - a cue population of regular-spiking excitatory neurons, driven by a
//!   current while the cue lasts, projects to every neuron of two action
//!   populations through plastic synapses (corticostriatal synapses whose
//!   potentiation needs dopamine: Reynolds, Hyland & Wickens 2001, from the
//!   literature, verify before quoting);
//! - each action population (fast-spiking neurons, the network's inhibitory
//!   kind, standing for striatal projection neurons, which are GABAergic)
//!   inhibits the other: a race with mutual inhibition, the two-population
//!   competition of decision models (Wang 2002; reward-dependent plasticity
//!   of the inputs to such a network learns probabilistic choice, Soltani &
//!   Wang 2006; both from the literature, verify before quoting). The
//!   population with more spikes during the cue is the choice (ties: a coin);
//! - a critic keeps the expected reward V ← V + α(r − V), and after the
//!   choice dopamine carries δ = r − V (Schultz, Dayan & Montague 1997): the
//!   centred third factor without which reward-modulated STDP drifts
//!   (Frémaux, Sprekeler & Gerstner 2010; Frémaux & Gerstner 2016, 3F-2).
//!   As in the actor–critic of Potjans, Morrison & Diesmann (2009), one
//!   global error signal teaches the actor; synapses are eligible in
//!   proportion to their target population's spikes, so the winner's change
//!   most. (The loser is not silenced: with the default inhibition it still
//!   fires about three quarters as much late in learning, and its synapses
//!   change too, less; the arms separate because which population won
//!   correlates with δ.)
//!
//! A condition acts through the shared vocabulary, as on the distal-reward
//! network: dopamine settings and drugs on extracellular dopamine (6-OHDA or
//! `release` < 1 shrink every pulse and the tone, so learning slows or
//! stops), D1/D2 factors and the other modulators on the gates
//! ([`Gates`]), a lesion of the spec's `region` removes plasticity, a lesion
//! of the ventral striatum (the critic) fixes V at its initial value.

use super::modulation::condition_modulation;
use super::network::{Config, Network};
use crate::metric::{Group, Metric};
use crate::neuromod::{Condition, Manipulation, Region};
use crate::rng::{Rng, Stream};
use crate::tasks::distal_reward::Coupling;
use crate::tasks::spiking_bandit::{DopamineSignal, SpikingBandit, SpikingBanditSpec};

crate::metric_slots! {
    /// What the actor records per trial, after `reward` and `correct`.
    ///
    /// choice: the arm chosen (0 good, 1 bad); weight_good/weight_bad: mean
    /// weight of the cue → action synapses of each arm's population at the
    /// end of the trial; dopamine: extracellular dopamine above the tone
    /// just after the outcome's release (δ·pulse plus what is left of the
    /// last one); expectation: the critic's V after the trial; rpe: δ;
    /// spikes_good/spikes_bad: each population's spikes during the cue.
    pub enum ActorSlot in ACTOR_METRICS {
        Choice => Metric::new("choice", "arm chosen (0 good, 1 bad)", "", Group::Behaviour).within(0.0, 1.0),
        WeightGood => Metric::new("weight_good", "mean cue → good-arm weight", "mV", Group::Weights).lead(),
        WeightBad => Metric::new("weight_bad", "mean cue → bad-arm weight", "mV", Group::Weights),
        Dopamine => Metric::new("dopamine", "dopamine above tone after the outcome", "µM", Group::Modulator).lead(),
        Rpe => Metric::new("rpe", "reward prediction error δ = r − V", "", Group::Modulator),
        Expectation => Metric::new("expectation", "critic's expected reward V", "", Group::Weights),
        SpikesGood => Metric::new("spikes_good", "good-arm population spikes during the cue", "count", Group::Task),
        SpikesBad => Metric::new("spikes_bad", "bad-arm population spikes during the cue", "count", Group::Task),
    }
}

/// What one trial brought: the reward and whether the better arm was chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// Reward (1 or 0).
    pub reward: f64,
    /// The better arm was chosen.
    pub correct: bool,
}

/// One run of the spiking actor on the bandit of a [`SpikingBanditSpec`].
pub struct ActorRun {
    network: Network,
    bandit: SpikingBandit,
    task_rng: Rng,
    /// The learner's generator (ties between the populations).
    learner_rng: Rng,
    /// The cue neurons (0 … cue_neurons − 1).
    cue: Vec<u32>,
    /// First neuron of each action population (each `action_neurons` long).
    action_start: [u32; 2],
    action_neurons: u32,
    cue_current: f64,
    cue_ms: u32,
    trial_ms: u32,
    /// The ms of the trial (0-based) at whose end dopamine is released.
    outcome_ms: u32,
    signal: DopamineSignal,
    expectation: f64,
    critic_rate: f64,
}

impl ActorRun {
    /// A run of `spec` under `condition` on `seed` (`from_trial` is not
    /// read: a condition acts from the start, as on the distal-reward
    /// network).
    pub fn new(spec: &SpikingBanditSpec, condition: &Condition, seed: u64) -> Self {
        let manipulation = Manipulation::of(condition);
        let n_cue = spec.cue_neurons.max(1);
        let n_act = spec.action_neurons.max(1);
        let m = 2 * n_act;
        let cfg = Config {
            n_exc: n_cue,
            n_inh: 2 * n_act,
            synapses: m,
            max_delay_ms: 1,
            w_exc: spec.w_init,
            // Each action neuron reaches each neuron of the other population
            // through two of its 2·n_act synapses: n_act·2·w = inhibition.
            w_inh: -spec.inhibition / (2.0 * f64::from(n_act)),
            w_max: spec.w_max,
            w_rewarded: spec.w_init,
            noise: spec.noise,
            tau_c_ms: spec.tau_c_ms,
            rate: spec.learning_rate,
            a_plus: spec.a_plus,
            a_minus: spec.a_minus,
            plastic: spec.plastic && !manipulation.lesioned(spec.region),
            clock_driven: false,
        };
        let action_start = [n_cue, n_cue + n_act];
        let mut post = Vec::with_capacity(((n_cue + 2 * n_act) * m) as usize);
        for _ in 0..n_cue {
            post.extend(n_cue..n_cue + m);
        }
        for p in 0..2 {
            let other = action_start[1 - p];
            for _ in 0..n_act {
                post.extend((0..m).map(|k| other + k % n_act));
            }
        }
        let (dopamine, gates) = condition_modulation(
            &manipulation,
            (spec.tau_d_ms, spec.dopamine_pulse, spec.tonic_dopamine),
            Coupling::Izhikevich,
        );
        let mut learner_rng = Rng::new(seed, Stream::Learner);
        // The window integrates d with its own clearance (τd/reuptake).
        let tau_d = dopamine.tau_ms();
        let network = Network::with_targets(&cfg, post, dopamine, tau_d, gates, &mut learner_rng);
        let critic_rate = if manipulation.lesioned(Region::VentralStriatum) {
            0.0
        } else {
            spec.critic_rate
        };
        ActorRun {
            network,
            bandit: SpikingBandit::new(spec),
            task_rng: Rng::new(seed, Stream::Task),
            learner_rng,
            cue: (0..n_cue).collect(),
            action_start,
            action_neurons: n_act,
            cue_current: spec.cue_current,
            cue_ms: spec.cue_ms.max(1),
            trial_ms: spec.cue_ms.max(1) + spec.iti_ms,
            outcome_ms: spec.cue_ms.max(1) - 1 + spec.reward_delay_ms.min(spec.iti_ms),
            signal: spec.dopamine_signal,
            expectation: spec.initial_expectation,
            critic_rate,
        }
    }

    /// The network (for tests).
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The critic's expected reward V.
    pub fn expectation(&self) -> f64 {
        self.expectation
    }

    /// Runs one trial: the cue, the race, the choice, its reward, dopamine
    /// and the time after; writes [`ACTOR_METRICS`] to `row` (each by its
    /// [`ActorSlot`]) and returns the outcome.
    pub fn trial(&mut self, row: &mut [f64]) -> Outcome {
        let mut spikes = [0u32; 2];
        let mut choice = 0;
        let mut reward = 0.0;
        let mut delta = 0.0;
        let mut dopamine = 0.0;
        let n_act = self.action_neurons;
        for t in 0..self.trial_ms {
            let cue = t < self.cue_ms;
            let stimulated: &[u32] = if cue { &self.cue } else { &[] };
            self.network.step(stimulated, self.cue_current);
            if cue {
                for &i in self.network.fired() {
                    for (p, start) in self.action_start.iter().enumerate() {
                        spikes[p] += u32::from(i >= *start && i < start + n_act);
                    }
                }
            }
            if t + 1 == self.cue_ms {
                choice = match spikes[0].cmp(&spikes[1]) {
                    std::cmp::Ordering::Greater => 0,
                    std::cmp::Ordering::Less => 1,
                    std::cmp::Ordering::Equal => self.learner_rng.below(2),
                };
                reward = self.bandit.act(choice, &mut self.task_rng);
                delta = reward - self.expectation;
                self.expectation += self.critic_rate * delta;
            }
            if t == self.outcome_ms {
                let signal = match self.signal {
                    DopamineSignal::Rpe => delta,
                    DopamineSignal::Reward => reward,
                };
                self.network.end_ms_release(signal);
                dopamine = self.network.dopamine();
            } else {
                self.network.end_ms(0);
            }
        }
        // Mean weights in the sweep that brings every synapse up to date
        // (cue neuron i's synapse k reaches population k / n_act).
        let m = 2 * n_act as usize;
        let mut sums = [0.0; 2];
        let mut k = 0;
        self.network.restart_window_with(|w| {
            sums[usize::from(k >= n_act as usize)] += w;
            k += 1;
            if k == m {
                k = 0;
            }
        });
        let per = (self.cue.len() * n_act as usize).max(1) as f64;
        row[ActorSlot::Choice] = choice as f64;
        row[ActorSlot::WeightGood] = sums[0] / per;
        row[ActorSlot::WeightBad] = sums[1] / per;
        row[ActorSlot::Dopamine] = dopamine;
        row[ActorSlot::Rpe] = delta;
        row[ActorSlot::Expectation] = self.expectation;
        row[ActorSlot::SpikesGood] = f64::from(spikes[0]);
        row[ActorSlot::SpikesBad] = f64::from(spikes[1]);
        Outcome {
            reward,
            correct: choice == self.bandit.best_action(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_actor_table_matches_its_slots() {
        let v: Vec<&str> = ActorSlot::ALL.iter().map(|s| s.variant()).collect();
        assert_eq!(crate::metric::check_slots(&v, ACTOR_METRICS), Ok(()));
    }

    #[test]
    fn cue_synapses_reach_both_populations_and_actions_inhibit_the_other() {
        let spec = SpikingBanditSpec {
            cue_neurons: 3,
            action_neurons: 2,
            ..SpikingBanditSpec::default()
        };
        let run = ActorRun::new(&spec, &Condition::default(), 1);
        let net = run.network();
        assert_eq!(net.len(), 7);
        assert_eq!(
            (0..4).map(|k| net.target(0, k)).collect::<Vec<_>>(),
            [3, 4, 5, 6]
        );
        assert_eq!(
            (0..4).map(|k| net.target(3, k)).collect::<Vec<_>>(),
            [5, 6, 5, 6]
        );
        assert_eq!(
            (0..4).map(|k| net.target(6, k)).collect::<Vec<_>>(),
            [3, 4, 3, 4]
        );
    }
}
