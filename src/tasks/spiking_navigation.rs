//! Navigation to a reward that moves, learned by a spiking agent
//! (docs/science/criteria.md §16, BRZ-2, the navigation half): an agent in
//! a square arena with walls, place cells with Gaussian fields as input, a
//! ring of action neurons whose population vector sets the heading, and
//! place → action synapses that learn by STDP converted by acetylcholine
//! and dopamine (Brzosko, Zannone, Schultz, Clopath & Paulsen 2017, eLife
//! 6:e27756; the navigation model is theirs in outline, built here from
//! the engine's own Izhikevich neurons and four-modulator synapses,
//! [`crate::spiking::navigator`]).
//!
//! This file owns the spec (every field the agent and the arena read) and
//! the arena: where the goal is on each trial, whether a position is in
//! it, and the walls. The arena never reads the network.

use super::task::{
    spiking_work, TaskKind, NAVIGATION_CONDITION_FIELDS, SPIKING_A_MINUS, SPIKING_A_PLUS,
    SPIKING_NOISE, SPIKING_TAU_C, SPIKING_TAU_D,
};
use crate::neuromod::Region;
use crate::params::{Check, Field};
use serde::{Deserialize, Serialize};

/// Most trials a run may have (a trial is up to a minute of model time).
pub const MAX_TRIALS: u32 = 10_000;

/// Half the side of the square arena, in m: the arena is [−1, 1]².
pub const HALF_SIDE: f64 = 1.0;

/// Where the goal is before it moves: the centre of the north-east quadrant.
pub const FIRST_GOAL: [f64; 2] = [0.5, 0.5];

/// Where it is after: the centre of the opposite, south-west quadrant (a
/// displacement across the arena, as in the model of Brzosko et al. 2017,
/// where the reward moves to a new location; from the literature, verify
/// before quoting).
pub const MOVED_GOAL: [f64; 2] = [-0.5, -0.5];

/// Where every trial starts: the centre, as far from one goal as from the
/// other (simplified: a water maze releases the animal at several points
/// round the wall; one start point keeps the 40 trials enough to learn).
pub const START: [f64; 2] = [0.0, 0.0];

/// The scenario's `task` for the navigating agent. Defaults: 40 trials,
/// the goal moving after 20, 15 s to find it, a 7 × 7 grid of place cells
/// and a ring of 16 action neurons; the rates and modulator levels were
/// tuned (after BRZ-2's test and its thresholds were written) so that both
/// rules learn the first goal within 20 trials (docs/tasks.md, "Spiking
/// navigation").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SpikingNavigationSpec {
    /// Trials per run.
    pub trials: u32,
    /// The goal moves (from [`FIRST_GOAL`] to [`MOVED_GOAL`]) after this
    /// many trials (0: it is at the moved place from the start).
    pub move_after: u32,
    /// Longest a trial lasts without the goal found, in ms.
    pub time_limit_ms: u32,
    /// Model time between trials, in ms: the agent is out of the arena (no
    /// place-cell input) while dopamine and eligibility decay.
    pub iti_ms: u32,
    /// Place cells per side of the square grid covering the arena.
    pub place_side: u32,
    /// Width σ of each place field, in m: rate ∝ exp(−d²/2σ²).
    pub place_width: f64,
    /// Peak rate of a place cell's input pulses, in Hz (at its field's centre).
    pub place_rate_hz: f64,
    /// Current of one input pulse to a place cell (one ms).
    pub place_current: f64,
    /// Action neurons in the ring (fast-spiking).
    pub action_neurons: u32,
    /// Rate of the random input pulses every action neuron receives while
    /// the agent is in the arena, in Hz: the drive that makes an untrained
    /// agent explore (each pulse is `place_current` for one ms).
    pub explore_rate_hz: f64,
    /// Inhibition in the ring, in mV: the input an action neuron receives
    /// when every action neuron fires in the same ms; each neuron inhibits
    /// those whose direction is at least 90° from its own.
    pub inhibition: f64,
    /// Swimming speed, in m/s.
    pub speed: f64,
    /// Time constant τh of the heading's memory of action spikes, in ms.
    pub heading_tau_ms: f64,
    /// Radius of the goal, in m.
    pub goal_radius: f64,
    /// Initial weight of every place → action synapse, in mV.
    pub w_init: f64,
    /// Largest place → action weight, in mV.
    pub w_max: f64,
    /// Random input current, uniform in (−x, x) per neuron per ms.
    pub noise: f64,
    /// Dopamine released when the goal is found.
    pub dopamine_pulse: f64,
    /// Tonic dopamine b; also the unit in which acetylcholine's depression
    /// is counted (docs/spiking.md, "Four modulators").
    pub tonic_dopamine: f64,
    /// Dopamine time constant τd, in ms.
    pub tau_d_ms: f64,
    /// Eligibility time constant τc, in ms.
    pub tau_c_ms: f64,
    /// STDP A₊ (pre → post).
    pub a_plus: f64,
    /// STDP A₋ (post → pre).
    pub a_minus: f64,
    /// Learning rate η per ms.
    pub learning_rate: f64,
    /// Acetylcholine tone while the agent explores, as a multiple of the
    /// resting tone (1: at rest, no bias). Above rest, M1 routes new tags
    /// to the depressing trace and depresses it (BRZ-1, BRZ-2); a
    /// condition blocking M1 or removing acetylcholine takes that away.
    pub acetylcholine: f64,
    /// Place → action synapses change (false: fixed weights).
    pub plastic: bool,
    /// The region the place → action synapses stand for: a condition that
    /// lesions it removes their plasticity.
    pub region: Region,
}

impl Default for SpikingNavigationSpec {
    fn default() -> Self {
        SpikingNavigationSpec {
            trials: 40,
            move_after: 20,
            time_limit_ms: 15_000,
            iti_ms: 1000,
            place_side: 7,
            place_width: 0.33,
            place_rate_hz: 200.0,
            place_current: 40.0,
            action_neurons: 16,
            explore_rate_hz: 5.0,
            inhibition: 60.0,
            speed: 1.0,
            heading_tau_ms: 200.0,
            goal_radius: 0.3,
            w_init: 1.0,
            w_max: 10.0,
            noise: 6.5,
            dopamine_pulse: 0.55,
            tonic_dopamine: 0.0007,
            tau_d_ms: 200.0,
            tau_c_ms: 2000.0,
            a_plus: 1.0,
            a_minus: 1.0,
            learning_rate: 0.004,
            acetylcholine: 20.0,
            plastic: true,
            region: Region::Hippocampus,
        }
    }
}

impl SpikingNavigationSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::integer(
            "trials",
            "Trials",
            "Trials per run.",
            1.0,
            MAX_TRIALS as f64,
        ),
        Field::integer(
            "move_after",
            "Goal moves after (trials)",
            "The goal moves from the north-east to the south-west quadrant after this many trials (0: it starts there).",
            0.0,
            MAX_TRIALS as f64,
        ),
        Field::integer(
            "time_limit_ms",
            "Time limit (ms)",
            "Longest a trial lasts when the goal is not found.",
            100.0,
            60_000.0,
        ),
        Field::integer(
            "iti_ms",
            "Between trials (ms)",
            "Model time between trials, out of the arena (no place input).",
            0.0,
            10_000.0,
        ),
        Field::integer(
            "place_side",
            "Place cells per side",
            "The place cells form a square grid of this many per side over the arena.",
            2.0,
            20.0,
        ),
        Field::number(
            "place_width",
            "Place field width σ (m)",
            "Each place cell's rate falls as exp(−d²/2σ²) with distance d from its centre (the arena is 2 m across).",
            0.05,
            2.0,
        ),
        Field::number(
            "place_rate_hz",
            "Place input rate (Hz)",
            "Peak rate of the input pulses a place cell receives at its field's centre.",
            0.0,
            1000.0,
        ),
        Field::number(
            "place_current",
            "Place input pulse",
            "Current of one input pulse to a place cell, for one ms.",
            0.0,
            200.0,
        ),
        Field::integer(
            "action_neurons",
            "Action neurons",
            "Fast-spiking neurons in the ring; neuron k stands for the heading 2πk/n.",
            4.0,
            200.0,
        ),
        Field::number(
            "explore_rate_hz",
            "Exploration drive (Hz)",
            "Rate of random input pulses to every action neuron in the arena: what makes an untrained agent wander.",
            0.0,
            1000.0,
        ),
        Field::number(
            "inhibition",
            "Ring inhibition (mV)",
            "Input to an action neuron when the whole ring fires at once; each neuron inhibits those at least 90° away.",
            0.0,
            200.0,
        ),
        Field::number(
            "speed",
            "Speed (m/s)",
            "The agent swims at this speed along its heading.",
            0.01,
            5.0,
        ),
        Field::number(
            "heading_tau_ms",
            "Heading memory τh (ms)",
            "The heading is the population vector of action spikes, each fading with this time constant.",
            1.0,
            10_000.0,
        ),
        Field::number(
            "goal_radius",
            "Goal radius (m)",
            "The goal is found when the agent comes this close to its centre.",
            0.01,
            1.0,
        ),
        Field::number(
            "w_init",
            "Initial weight (mV)",
            "Starting weight of every place → action synapse; at most the max weight.",
            0.0,
            20.0,
        ),
        Field::number(
            "w_max",
            "Max weight (mV)",
            "Place → action weights are kept within [0, w_max].",
            0.1,
            20.0,
        ),
        SPIKING_NOISE,
        Field::number(
            "dopamine_pulse",
            "Dopamine at the goal",
            "Extracellular dopamine released when the goal is found.",
            0.0,
            10.0,
        ),
        Field::number(
            "tonic_dopamine",
            "Tonic dopamine",
            "Baseline dopamine b; acetylcholine's depression is counted in units of it.",
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
            "Weight change per ms per unit eligibility × modulator.",
            0.0,
            10.0,
        ),
        Field::number(
            "acetylcholine",
            "Acetylcholine while exploring",
            "Acetylcholine tone during exploration, × the resting tone (1: at rest). Above rest M1 biases STDP toward depression (Brzosko et al. 2017); block M1 in a condition for dopamine-only STDP.",
            0.0,
            100.0,
        ),
        Field::flag(
            "plastic",
            "Plasticity",
            "Place → action synapses learn (off: weights stay fixed).",
        ),
        Field::choice(
            "region",
            "Region",
            "The region the place → action synapses stand for; lesioning it in a condition removes their plasticity.",
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
    }

    /// Where the goal is on trial `trial` (0-based).
    pub fn goal(&self, trial: u32) -> [f64; 2] {
        if trial < self.move_after {
            FIRST_GOAL
        } else {
            MOVED_GOAL
        }
    }

    /// The goal has moved by trial `trial` (0-based).
    pub fn moved(&self, trial: u32) -> bool {
        trial >= self.move_after
    }
}

/// Whether `p` lies within `radius` of `centre`.
pub fn within(p: [f64; 2], centre: [f64; 2], radius: f64) -> bool {
    let (dx, dy) = (p[0] - centre[0], p[1] - centre[1]);
    dx * dx + dy * dy <= radius * radius
}

/// Keeps a position inside the walls of [−1, 1]², reflecting it and the
/// heading `h` off any wall it crossed.
pub fn reflect(p: &mut [f64; 2], h: &mut [f64; 2]) {
    for k in 0..2 {
        if p[k] > HALF_SIDE {
            p[k] = 2.0 * HALF_SIDE - p[k];
            h[k] = -h[k].abs();
        } else if p[k] < -HALF_SIDE {
            p[k] = -2.0 * HALF_SIDE - p[k];
            h[k] = h[k].abs();
        }
        p[k] = p[k].clamp(-HALF_SIDE, HALF_SIDE);
    }
}

impl TaskKind for SpikingNavigationSpec {
    const LABEL: &'static str = "Spiking navigation";
    const ABOUT: &'static str = "A spiking agent finds a goal that moves: place → action synapses with STDP that acetylcholine biases toward depression while exploring and dopamine converts to potentiation at the goal (Brzosko et al. 2017).";
    fn fields() -> &'static [Field] {
        Self::FIELDS
    }
    fn run_length(&self) -> u32 {
        self.trials
    }
    /// A trial at its longest (the time limit, then the interval) of the
    /// agent's network (place cells, the action ring; spiking::NavigatorRun).
    fn work_per_trial(&self) -> f64 {
        let side = self.place_side.max(2);
        let act = self.action_neurons.max(1);
        let ms = self.time_limit_ms.saturating_add(self.iti_ms);
        spiking_work(ms, side.saturating_mul(side).saturating_add(act), act)
    }
    fn check_rules(&self, c: &mut Check) {
        self.validate(c)
    }
    /// The agent is the spiking network with hippocampal synapses: it
    /// reads what that network reads (not serotonin).
    fn condition_fields() -> Option<&'static [&'static str]> {
        Some(NAVIGATION_CONDITION_FIELDS)
    }
    /// A lesion of the region it stands for removes its plasticity.
    fn lesions_read(&self) -> Option<Vec<Region>> {
        Some(vec![self.region])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_goal_moves_after_its_trials_and_walls_reflect() {
        let spec = SpikingNavigationSpec::default();
        assert_eq!(spec.goal(19), FIRST_GOAL);
        assert_eq!(spec.goal(20), MOVED_GOAL);
        let (mut p, mut h) = ([1.1, -1.2], [1.0, -1.0]);
        reflect(&mut p, &mut h);
        assert!((p[0] - 0.9).abs() < 1e-12 && (p[1] + 0.8).abs() < 1e-12);
        assert_eq!(h, [-1.0, 1.0]);
        assert!(within([0.6, 0.6], FIRST_GOAL, 0.25));
        assert!(!within([0.0, 0.0], FIRST_GOAL, 0.25));
    }
}
