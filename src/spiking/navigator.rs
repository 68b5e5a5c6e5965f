//! A spiking agent that navigates to a goal that moves
//! (docs/science/criteria.md §16, BRZ-2, the navigation half;
//! docs/spiking.md, "Spiking navigation").
//!
//! The model of Brzosko, Zannone, Schultz, Clopath & Paulsen (2017, eLife
//! 6:e27756) in outline, built from the engine's own parts: the Izhikevich
//! (2007) network ([`Network`]: its neurons, STDP tags and the four
//! modulators' conversion of two eligibility traces, unchanged) wired as
//! an agent:
//!
//! - place cells (the network's regular-spiking excitatory neurons) on a
//!   square grid over the arena, each receiving input pulses at the rate
//!   ρ_i(x) = ρ_max·exp(−|x − c_i|²/2σ²) of the agent's position x (an
//!   inhomogeneous Poisson process, one Bernoulli draw per cell per ms; a
//!   pulse is `place_current` for one ms, which makes the neuron fire
//!   unless it is recovering);
//! - a ring of n action neurons (the network's fast-spiking kind), neuron
//!   k standing for the heading u_k = (cos 2πk/n, sin 2πk/n), each
//!   inhibiting those at least 90° from it (simplified: Brzosko et al.'s
//!   ring has lateral excitation too; the engine's fast-spiking neurons
//!   only inhibit);
//! - every place cell projects to every action neuron through a plastic
//!   synapse, and every action neuron also receives random input pulses
//!   (`explore_rate_hz`, Poisson) while the agent is in the arena: the
//!   drive that makes an untrained agent wander (simplified: Brzosko et
//!   al.'s agent explores through its neurons' noise);
//! - the heading is the population vector of recent action spikes,
//!   h ← h·e^{−1/τh} + Σ_{k fired} u_k each ms, and the agent swims at a
//!   fixed speed along h/|h| (simplified: in Brzosko et al. the speed
//!   follows the population's rate), reflected by the walls.
//!
//! Plasticity is the hippocampal coupling of the four-modulator synapse
//! (docs/spiking.md, "Four modulators"; [`Couplings::of`] with
//! [`Coupling::Hippocampal`]): each synapse keeps an LTP trace e⁺ and an
//! LTD trace e⁻ (decaying with τc) and changes as
//!
//!   ds/dt = η·(e⁺·G⁺ − e⁻·G⁻),  G⁺ = d + b,  G⁻ = −d − b + a·M1·b₀,
//!
//! (at rest, b = b₀: G⁻ = −d + (a·M1 − 1)·b) with d the phasic dopamine
//! released at the goal, b the tone, b₀ the spec's tonic dopamine at rest
//! (the unit of acetylcholine's conversion and of the basal LTD, which a
//! dopamine lesion leaves in place), a the
//! acetylcholine tone while exploring (the spec's `acetylcholine`, × the
//! condition's tone) and M1 the condition's receptor factor (D1 = D2 = 1
//! here; a condition's D1 and D2 factors scale d and the tonic part as in
//! [`Gates::new`]). So:
//!
//! - **sequential** (the default, a = 20): M1 above rest routes every new
//!   tag, of either spike order, to e⁻ (ρ = clamp(a·M1 − 1, 0, 1)), which
//!   depresses at (a·M1 − 1)·b as the agent explores: "ACh biases STDP
//!   toward depression for both orders", applied as it happens; dopamine
//!   at the goal turns what is left of e⁻ (the last seconds of the path)
//!   into potentiation, −d on G⁻ (Brzosko et al. 2015, 2017);
//! - **dopamine-only** (M1 blocked, `receptors.m1.antagonist` = 1, or
//!   acetylcholine removed): no routing and no cholinergic depression;
//!   both traces are converted to potentiation by dopamine (the hippocampal
//!   window that dopamine makes symmetric, Brzosko et al. 2015), phasic at
//!   the goal and, slowly, by the tone.
//!
//! Acetylcholine is at `acetylcholine` × the condition's tone while the
//! agent is in the arena and at the condition's tone between trials (the
//! network's gates change at the trial's ends, [`Network::set_gates`]): so
//! most of the goal's dopamine, which lasts τd after the find, converts
//! the traces with acetylcholine back at rest.
//!
//! A condition acts through the shared vocabulary, as on the spiking bandit:
//! dopamine settings and drugs on extracellular dopamine, receptor factors
//! and tones on the gates, a lesion of the spec's `region` removes
//! plasticity.

use super::modulation::{Couplings, Gates, Receptors, ACH};
use super::network::{Config, Network};
use crate::metric::{Group, Metric};
use crate::neuromod::{Condition, ExtracellularDopamine, Manipulation};
use crate::rng::{Rng, Stream};
use crate::tasks::distal_reward::Coupling;
use crate::tasks::spiking_navigation::{
    reflect, within, SpikingNavigationSpec, FIRST_GOAL, HALF_SIDE, START,
};

crate::metric_slots! {
    /// What the agent records per trial, after `reward` (1 when the goal
    /// was found) and `correct` (the same: found within the time limit).
    ///
    /// latency: seconds to the goal (the time limit when not found);
    /// first_goal_time: seconds spent within the first goal's radius (after
    /// the move: perseveration at the old place); moved: 0 before the goal
    /// moves, 1 after; policy: mean over place cells of the cosine between
    /// each cell's weight population vector Σ_k w_ik·u_k and the direction
    /// from its centre to the current goal (1: every cell points at it);
    /// mean_weight: mean place → action weight at the end of the trial;
    /// action_rate: mean action-neuron rate while in the arena (Hz);
    /// dopamine: dopamine above tone just after the goal's release.
    pub enum NavigatorSlot in NAVIGATOR_METRICS {
        Latency => Metric::new("latency", "time to reach the goal", "s", Group::Behaviour).lead(),
        FirstGoalTime => Metric::new("first_goal_time", "time at the first goal's place", "s", Group::Behaviour),
        Moved => Metric::new("moved", "goal moved (0 before, 1 after)", "", Group::Task).within(0.0, 1.0),
        Policy => Metric::new("policy", "place cells' weights pointing at the goal (cosine)", "", Group::Weights).within(-1.0, 1.0).lead(),
        MeanWeight => Metric::new("mean_weight", "mean place → action weight", "mV", Group::Weights),
        ActionRate => Metric::new("action_rate", "action-neuron rate in the arena", "Hz", Group::Task),
        Dopamine => Metric::new("dopamine", "dopamine above tone at the goal", "µM", Group::Modulator).lead(),
    }
}

/// What one trial brought.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// 1 if the goal was found, else 0.
    pub reward: f64,
    /// Seconds to the goal (the time limit when not found).
    pub latency_s: f64,
}

/// One run of the navigating agent of a [`SpikingNavigationSpec`].
pub struct NavigatorRun {
    network: Network,
    spec: SpikingNavigationSpec,
    /// The learner's generator (place-cell input, exploration drive).
    learner_rng: Rng,
    /// Centres of the place fields.
    centres: Vec<[f64; 2]>,
    /// Heading of each action neuron.
    directions: Vec<[f64; 2]>,
    /// The gates while the agent explores (acetylcholine × `acetylcholine`)
    /// and out of the arena (acetylcholine at the condition's tone).
    gates: [Gates; 2],
    /// Place cells given an input pulse this ms (scratch).
    stimulated: Vec<u32>,
    trial: u32,
}

impl NavigatorRun {
    /// A run of `spec` under `condition` on `seed` (`from_trial` is not
    /// read: a condition acts from the start).
    pub fn new(spec: &SpikingNavigationSpec, condition: &Condition, seed: u64) -> Self {
        let manipulation = Manipulation::of(condition);
        let side = spec.place_side.max(2);
        let n_place = side * side;
        let n_act = spec.action_neurons.max(1);
        let m = n_act;
        let cfg = Config {
            n_exc: n_place,
            n_inh: n_act,
            synapses: m,
            max_delay_ms: 1,
            w_exc: spec.w_init,
            w_inh: -spec.inhibition / f64::from(m),
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
        // Place cell i's synapse k reaches action neuron k; action neuron
        // j's m synapses cycle over the neurons at least a quarter of the
        // ring away (each n/4 … 3n/4 steps round).
        let mut post = Vec::with_capacity(((n_place + n_act) * m) as usize);
        for _ in 0..n_place {
            post.extend(n_place..n_place + n_act);
        }
        let lo = n_act.div_ceil(4);
        let far: Vec<u32> = (lo..=n_act - lo).collect();
        for j in 0..n_act {
            post.extend((0..m).map(|k| {
                let step = far.get(k as usize % far.len().max(1)).copied().unwrap_or(0);
                n_place + (j + step) % n_act
            }));
        }
        let dopamine = ExtracellularDopamine::new(
            spec.tau_d_ms,
            spec.dopamine_pulse,
            spec.tonic_dopamine,
            &manipulation.modulators[0],
        );
        let couplings = Couplings::of(Coupling::Hippocampal);
        let receptors = Receptors::of(&manipulation);
        let rest = Gates::new(
            &couplings,
            &receptors,
            dopamine.baseline(),
            spec.tonic_dopamine,
        );
        let mut exploring = receptors;
        exploring.tone[ACH] *= spec.acetylcholine;
        let explore = Gates::new(
            &couplings,
            &exploring,
            dopamine.baseline(),
            spec.tonic_dopamine,
        );
        let mut learner_rng = Rng::new(seed, Stream::Learner);
        // Built with two traces whenever either gates need them.
        let first = if explore.single_trace() {
            rest
        } else {
            explore
        };
        // The window integrates d with its own clearance (τd/reuptake).
        let tau_d = dopamine.tau_ms();
        let network = Network::with_targets(&cfg, post, dopamine, tau_d, first, &mut learner_rng);
        let spacing = 2.0 * HALF_SIDE / f64::from(side - 1);
        let centres = (0..n_place)
            .map(|i| {
                [
                    -HALF_SIDE + f64::from(i % side) * spacing,
                    -HALF_SIDE + f64::from(i / side) * spacing,
                ]
            })
            .collect();
        let directions = (0..n_act)
            .map(|k| {
                let a = std::f64::consts::TAU * f64::from(k) / f64::from(n_act);
                [a.cos(), a.sin()]
            })
            .collect();
        NavigatorRun {
            network,
            spec: spec.clone(),
            learner_rng,
            centres,
            directions,
            gates: [explore, rest],
            stimulated: Vec::new(),
            trial: 0,
        }
    }

    /// The network (for tests).
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// Runs one trial: the agent starts at the centre ([`START`]) and swims until it
    /// reaches the goal (dopamine is released that ms) or the time limit,
    /// then `iti_ms` out of the arena; writes [`NAVIGATOR_METRICS`] to
    /// `row` (each by its [`NavigatorSlot`]) and returns the outcome.
    pub fn trial(&mut self, row: &mut [f64]) -> Outcome {
        let spec = &self.spec;
        let goal = spec.goal(self.trial);
        let moved = spec.moved(self.trial);
        let n_place = self.centres.len() as u32;
        let rate_per_ms = spec.place_rate_hz / 1000.0;
        let explore_per_ms = spec.explore_rate_hz / 1000.0;
        let inv_two_var = 1.0 / (2.0 * spec.place_width * spec.place_width);
        let step_m = spec.speed / 1000.0;
        let decay = (-1.0 / spec.heading_tau_ms).exp();
        let mut pos = START;
        let mut heading = [0.0f64; 2];
        let mut found = false;
        self.network.set_gates(self.gates[0]);
        let mut elapsed = 0u32;
        let mut at_first = 0u32;
        let mut action_spikes = 0u64;
        let mut dopamine = 0.0;
        while elapsed < spec.time_limit_ms {
            self.stimulated.clear();
            for (i, c) in self.centres.iter().enumerate() {
                let (dx, dy) = (pos[0] - c[0], pos[1] - c[1]);
                let p = rate_per_ms * (-(dx * dx + dy * dy) * inv_two_var).exp();
                if self.learner_rng.uniform() < p {
                    self.stimulated.push(i as u32);
                }
            }
            for k in 0..self.directions.len() as u32 {
                if self.learner_rng.uniform() < explore_per_ms {
                    self.stimulated.push(n_place + k);
                }
            }
            self.network.step(&self.stimulated, spec.place_current);
            heading = [heading[0] * decay, heading[1] * decay];
            for &i in self.network.fired() {
                if let Some(u) = i
                    .checked_sub(n_place)
                    .and_then(|k| self.directions.get(k as usize))
                {
                    heading[0] += u[0];
                    heading[1] += u[1];
                    action_spikes += 1;
                }
            }
            let norm = heading[0].hypot(heading[1]);
            if norm > 0.0 {
                pos[0] += step_m * heading[0] / norm;
                pos[1] += step_m * heading[1] / norm;
                reflect(&mut pos, &mut heading);
            }
            elapsed += 1;
            at_first += u32::from(within(pos, FIRST_GOAL, spec.goal_radius));
            if within(pos, goal, spec.goal_radius) {
                self.network.end_ms_release(1.0);
                dopamine = self.network.dopamine();
                found = true;
                break;
            }
            self.network.end_ms(0);
        }
        self.network.set_gates(self.gates[1]);
        for _ in 0..spec.iti_ms {
            self.network.step(&[], 0.0);
            self.network.end_ms(0);
        }
        let (policy, mean_weight) = self.read_weights(goal);
        self.trial += 1;
        let latency_s = f64::from(elapsed) / 1000.0;
        let n_act = self.directions.len().max(1) as f64;
        row[NavigatorSlot::Latency] = latency_s;
        row[NavigatorSlot::FirstGoalTime] = f64::from(at_first) / 1000.0;
        row[NavigatorSlot::Moved] = f64::from(u8::from(moved));
        row[NavigatorSlot::Policy] = policy;
        row[NavigatorSlot::MeanWeight] = mean_weight;
        row[NavigatorSlot::ActionRate] =
            action_spikes as f64 / n_act / (f64::from(elapsed.max(1)) / 1000.0);
        row[NavigatorSlot::Dopamine] = dopamine;
        Outcome {
            reward: f64::from(u8::from(found)),
            latency_s,
        }
    }

    /// Brings every synapse up to date and returns (policy, mean weight):
    /// the mean over place cells of cos(Σ_k w_ik·u_k, goal − c_i) (cells
    /// whose weights cancel, or that sit on the goal, count 0) and the mean
    /// weight.
    fn read_weights(&mut self, goal: [f64; 2]) -> (f64, f64) {
        let m = self.directions.len();
        let mut vectors = vec![[0.0f64; 2]; self.centres.len()];
        let (mut sum, mut n, mut k) = (0.0, 0usize, 0usize);
        let directions = &self.directions;
        self.network.restart_window_with(|w| {
            let (cell, col) = (k / m, k % m);
            if let (Some(v), Some(u)) = (vectors.get_mut(cell), directions.get(col)) {
                v[0] += w * u[0];
                v[1] += w * u[1];
            }
            sum += w;
            n += 1;
            k += 1;
        });
        let cosines: f64 = vectors
            .iter()
            .zip(&self.centres)
            .map(|(v, c)| {
                let to = [goal[0] - c[0], goal[1] - c[1]];
                let norm = v[0].hypot(v[1]) * to[0].hypot(to[1]);
                if norm > 1e-12 {
                    (v[0] * to[0] + v[1] * to[1]) / norm
                } else {
                    0.0
                }
            })
            .sum();
        (
            cosines / self.centres.len().max(1) as f64,
            sum / n.max(1) as f64,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_navigator_table_matches_its_slots() {
        let v: Vec<&str> = NavigatorSlot::ALL.iter().map(|s| s.variant()).collect();
        assert_eq!(crate::metric::check_slots(&v, NAVIGATOR_METRICS), Ok(()));
    }

    #[test]
    fn place_cells_reach_every_action_neuron_and_the_ring_inhibits_the_far_side() {
        let spec = SpikingNavigationSpec {
            place_side: 2,
            action_neurons: 8,
            ..SpikingNavigationSpec::default()
        };
        let run = NavigatorRun::new(&spec, &Condition::default(), 1);
        let net = run.network();
        assert_eq!(net.len(), 12);
        assert_eq!(
            (0..8).map(|k| net.target(3, k)).collect::<Vec<_>>(),
            (4..12).collect::<Vec<_>>()
        );
        // Action neuron 0 (index 4) inhibits those 2 … 6 steps round.
        let targets: Vec<u32> = (0..8).map(|k| net.target(4, k)).collect();
        assert_eq!(targets, [6, 7, 8, 9, 10, 6, 7, 8]);
    }
}
