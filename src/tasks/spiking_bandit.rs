//! The 80/20 two-armed bandit played by a spiking actor
//! (docs/science/criteria.md §9.1, BAN-2): the same bandit as
//! [`super::bandit`], but the learner is a network of Izhikevich neurons
//! whose cue → action synapses learn by dopamine-gated STDP
//! ([`crate::spiking::actor`]). This file owns the spec (every field the
//! actor and the protocol read) and the payoffs; the actor owns the network
//! and the critic. The task never reads the network: it is told the arm
//! chosen and returns the reward.

use super::task::{
    spiking_work, TaskKind, SPIKING_A_MINUS, SPIKING_A_PLUS, SPIKING_CONDITION_FIELDS,
    SPIKING_NOISE, SPIKING_TAU_C, SPIKING_TAU_D,
};
use crate::neuromod::Region;
use crate::params::{Check, Field};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Most trials a run may have (a trial is up to 6 s of model time).
pub const MAX_TRIALS: u32 = 100_000;

/// What the dopamine released at the outcome carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DopamineSignal {
    /// The reward prediction error δ = r − V of a critic (Schultz, Dayan &
    /// Montague 1997; the centred third factor of Frémaux, Sprekeler &
    /// Gerstner 2010, which removes the drift of an uncentred rule).
    Rpe,
    /// The reward itself, r (Izhikevich 2007's pulses): uncentred, so the
    /// mean eligibility times the mean reward biases learning (3F-2).
    Reward,
}

/// The scenario's `task` for the spiking actor. Defaults: the 80/20 bandit
/// of §9.1, 300 trials, each 50 ms of cue (the decision window) and 250 ms
/// after it; the network and plasticity constants of Izhikevich (2007)
/// where the actor has the same part (docs/tasks.md, "Spiking bandit").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SpikingBanditSpec {
    /// Probability that the first arm ("good") pays 1.
    pub p_good: f64,
    /// Probability that the second arm ("bad") pays 1.
    pub p_bad: f64,
    /// Trials per run.
    pub trials: u32,
    /// Excitatory (regular-spiking) neurons of the cue population.
    pub cue_neurons: u32,
    /// Neurons of each action population (fast-spiking, inhibitory).
    pub action_neurons: u32,
    /// Input current to every cue neuron each ms of the cue.
    pub cue_current: f64,
    /// The cue lasts this many ms; spikes in it decide the choice.
    pub cue_ms: u32,
    /// Model time after the cue, to the next trial, in ms.
    pub iti_ms: u32,
    /// Dopamine comes this many ms after the cue ends (at most `iti_ms`).
    pub reward_delay_ms: u32,
    /// Initial weight of every cue → action synapse, in mV.
    pub w_init: f64,
    /// Largest cue → action weight, in mV.
    pub w_max: f64,
    /// Mutual inhibition, in mV: the input a neuron of one action population
    /// receives when every neuron of the other fires in the same ms (each
    /// pair's inhibitory weight is this divided by `action_neurons`, so the
    /// competition keeps its strength whatever the population size).
    pub inhibition: f64,
    /// Random input current, uniform in (−x, x) per neuron per ms.
    pub noise: f64,
    /// Dopamine released per unit of the signal (per reward, per unit δ).
    pub dopamine_pulse: f64,
    /// Tonic dopamine b gating plasticity without reward.
    pub tonic_dopamine: f64,
    /// Dopamine time constant τd, in ms.
    pub tau_d_ms: f64,
    /// Eligibility time constant τc, in ms.
    pub tau_c_ms: f64,
    /// STDP A₊ (pre → post).
    pub a_plus: f64,
    /// STDP A₋ (post → pre).
    pub a_minus: f64,
    /// Learning rate η per ms (daspnet.m: 0.1).
    pub learning_rate: f64,
    /// What dopamine carries: `rpe` (r − V) or `reward` (r).
    pub dopamine_signal: DopamineSignal,
    /// Learning rate α of the critic's expectation V ← V + α(r − V).
    pub critic_rate: f64,
    /// The critic's expectation before the first trial.
    pub initial_expectation: f64,
    /// Cue → action synapses change (false: fixed weights).
    pub plastic: bool,
    /// The region the action populations stand for: a condition that
    /// lesions it removes their plasticity. (Lesioning the ventral
    /// striatum, the critic, fixes V at `initial_expectation`.)
    pub region: Region,
}

impl Default for SpikingBanditSpec {
    fn default() -> Self {
        SpikingBanditSpec {
            p_good: 0.8,
            p_bad: 0.2,
            trials: 300,
            cue_neurons: 50,
            action_neurons: 25,
            cue_current: 10.0,
            cue_ms: 50,
            iti_ms: 250,
            reward_delay_ms: 0,
            w_init: 1.0,
            w_max: 4.0,
            inhibition: 150.0,
            noise: 6.5,
            dopamine_pulse: 0.5,
            tonic_dopamine: 0.002,
            tau_d_ms: 200.0,
            tau_c_ms: 200.0,
            a_plus: 1.0,
            a_minus: 1.5,
            learning_rate: 0.1,
            dopamine_signal: DopamineSignal::Rpe,
            critic_rate: 0.1,
            initial_expectation: 0.5,
            plastic: true,
            region: Region::DorsalStriatum,
        }
    }
}

impl SpikingBanditSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::number(
            "p_good",
            "P(reward), good arm",
            "Probability that the first arm pays 1 (§9.1: 0.8).",
            0.0,
            1.0,
        ),
        Field::number(
            "p_bad",
            "P(reward), bad arm",
            "Probability that the second arm pays 1 (§9.1: 0.2).",
            0.0,
            1.0,
        ),
        Field::integer(
            "trials",
            "Trials",
            "Trials per run.",
            1.0,
            MAX_TRIALS as f64,
        ),
        Field::integer(
            "cue_neurons",
            "Cue neurons",
            "Excitatory (regular-spiking) neurons driven by the cue; each projects to every action neuron.",
            1.0,
            1000.0,
        ),
        Field::integer(
            "action_neurons",
            "Neurons per action",
            "Fast-spiking neurons in each of the two action populations.",
            1.0,
            500.0,
        ),
        Field::number(
            "cue_current",
            "Cue current",
            "Input current to every cue neuron each ms of the cue.",
            0.0,
            100.0,
        ),
        Field::integer(
            "cue_ms",
            "Cue / decision window (ms)",
            "The cue lasts this long; the population with more spikes in it is the choice.",
            1.0,
            1000.0,
        ),
        Field::integer(
            "iti_ms",
            "After the cue (ms)",
            "Model time from the end of the cue to the next trial.",
            0.0,
            5000.0,
        ),
        Field::integer(
            "reward_delay_ms",
            "Dopamine delay (ms)",
            "Dopamine is released this long after the cue ends; at most the time after the cue.",
            0.0,
            5000.0,
        ),
        Field::number(
            "w_init",
            "Initial weight (mV)",
            "Starting weight of every cue → action synapse; at most the max weight.",
            0.0,
            20.0,
        ),
        Field::number(
            "w_max",
            "Max weight (mV)",
            "Cue → action weights are kept within [0, w_max].",
            0.1,
            20.0,
        ),
        Field::number(
            "inhibition",
            "Mutual inhibition (mV)",
            "Input to an action neuron when the whole other population fires at once (each pair: this / neurons per action); above ~200 the neurons' Euler step rebounds.",
            0.0,
            200.0,
        ),
        SPIKING_NOISE,
        Field::number(
            "dopamine_pulse",
            "Dopamine per unit signal",
            "Extracellular dopamine released per reward (or per unit of prediction error).",
            0.0,
            10.0,
        ),
        Field::number(
            "tonic_dopamine",
            "Tonic dopamine",
            "Baseline dopamine that gates plasticity without reward (Izhikevich 2007: 0.002).",
            0.0,
            1.0,
        ),
        SPIKING_TAU_D,
        SPIKING_TAU_C,
        SPIKING_A_PLUS,
        SPIKING_A_MINUS,
        Field::number(
            "learning_rate",
            "Learning rate η",
            "Weight change per ms per unit eligibility × dopamine (Izhikevich 2007: 0.1).",
            0.0,
            10.0,
        ),
        Field::choice(
            "dopamine_signal",
            "Dopamine signal",
            "rpe: reward minus the critic's expectation (centred, Frémaux et al. 2010); reward: the reward itself (uncentred).",
            &["rpe", "reward"],
        ),
        Field::number(
            "critic_rate",
            "Critic learning rate α",
            "The expectation V moves by α(r − V) after each trial.",
            0.0,
            1.0,
        ),
        Field::number(
            "initial_expectation",
            "Initial expectation V₀",
            "The critic's expected reward before the first trial.",
            0.0,
            1.0,
        ),
        Field::flag(
            "plastic",
            "Plasticity",
            "Cue → action synapses learn (off: weights stay fixed).",
        ),
        Field::choice(
            "region",
            "Region",
            "The region the action populations stand for; lesioning it in a condition removes their plasticity.",
            &Region::NAMES,
        ),
    ];

    /// Cross-field rules.
    pub fn validate(&self, c: &mut Check) {
        if self.w_init > self.w_max {
            c.fail(
                "w_init",
                format!(
                    "must be at most w_max ({}), got {}",
                    self.w_max, self.w_init
                ),
            );
        }
        if self.reward_delay_ms > self.iti_ms {
            c.fail(
                "reward_delay_ms",
                format!(
                    "must be at most iti_ms ({}), so dopamine comes within its trial, got {}",
                    self.iti_ms, self.reward_delay_ms
                ),
            );
        }
    }

    /// Model time per trial, in ms.
    pub fn trial_ms(&self) -> u32 {
        self.cue_ms + self.iti_ms
    }
}

/// The payoffs: arm 0 ("good") pays 1 with `p_good`, arm 1 ("bad") with
/// `p_bad`, else 0.
#[derive(Clone, Debug, PartialEq)]
pub struct SpikingBandit {
    p: [f64; 2],
    best: usize,
}

impl SpikingBandit {
    /// The bandit of a spec.
    pub fn new(spec: &SpikingBanditSpec) -> Self {
        SpikingBandit {
            p: [spec.p_good, spec.p_bad],
            // As the bandit: the first arm with the highest probability.
            best: usize::from(spec.p_bad > spec.p_good),
        }
    }

    /// The arm an ideal observer picks.
    pub fn best_action(&self) -> usize {
        self.best
    }

    /// The reward of choosing `arm` (0 or 1; any other pays 0).
    pub fn act(&self, arm: usize, rng: &mut Rng) -> f64 {
        let p = self.p.get(arm).copied().unwrap_or(0.0);
        f64::from(u8::from(rng.bernoulli(p)))
    }
}

impl TaskKind for SpikingBanditSpec {
    const LABEL: &'static str = "Spiking bandit";
    const ABOUT: &'static str = "The 80/20 bandit learned by spiking neurons: cue → action synapses gated by dopamine (Izhikevich 2007) carrying a reward prediction error.";
    fn fields() -> &'static [Field] {
        Self::FIELDS
    }
    fn run_length(&self) -> u32 {
        self.trials
    }
    /// A trial's cue and interval of the actor's network (cue population,
    /// two action populations; spiking::ActorRun).
    fn work_per_trial(&self) -> f64 {
        let act = self.action_neurons.max(1);
        let ms = self.cue_ms.max(1).saturating_add(self.iti_ms);
        spiking_work(
            ms,
            self.cue_neurons
                .max(1)
                .saturating_add(act.saturating_mul(2)),
            act.saturating_mul(2),
        )
    }
    fn check_rules(&self, c: &mut Check) {
        self.validate(c)
    }
    /// The actor is the spiking network: it reads what the network reads.
    fn condition_fields() -> Option<&'static [&'static str]> {
        Some(SPIKING_CONDITION_FIELDS)
    }
    /// A lesion of the region it stands for removes its plasticity;
    /// one of the ventral striatum fixes the critic's value.
    fn lesions_read(&self) -> Option<Vec<Region>> {
        // Once, when the actor stands for the ventral striatum itself.
        let mut read = vec![self.region, Region::VentralStriatum];
        read.dedup();
        Some(read)
    }
}
