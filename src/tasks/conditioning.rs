//! Pavlovian conditioning with time inside a trial: the dopamine-as-TD-error
//! protocol of Montague, Dayan & Sejnowski (1996) and Schultz, Dayan &
//! Montague (1997) (docs/science/criteria.md §2), and the associative designs of
//! §6 (blocking, overshadowing, conditioned inhibition, overexpectation,
//! latent inhibition, partial reinforcement) as lists of phases.

use super::task::{Step, Task, TaskKind, TrialTask};
use crate::metric::{Group, Metric};
use crate::params::{limits::MAX_TRIALS, Check, Field};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Most cues a design may use.
pub const MAX_CUES: usize = 8;
/// Most phases a design may have.
pub const MAX_PHASES: usize = 64;
/// Most time steps per trial.
pub const MAX_STEPS: u32 = 500;

/// One phase of a design: which cues come on, how often the US follows, and
/// for how many trials. With `alt_cues`, every second trial of the phase
/// presents those cues with `alt_p_reward` instead (e.g. A+ / AX− for
/// conditioned inhibition).
///
/// A phase ends after `trials` trials (`until: "trials"`), or when the
/// conditioned response crosses a criterion: with `until: "below"` (e.g.
/// "extinguish until the response falls below 0.1") the phase ends after
/// `criterion_run` consecutive main-type trials whose response is below
/// `criterion`; with `until: "above"` (acquisition to criterion) above it.
/// `trials` is then the most trials the phase may take, so it always ends.
/// The response is the dopamine at cue onset, the task's `dopamine_cs`
/// event: what the experimenter records, read after each trial through
/// [`Task::observe_events`] (the task never reads the learner's state).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Phase {
    /// Indices of the cues presented (0 = A, 1 = X …).
    pub cues: Vec<f64>,
    /// Probability that the US follows (partial reinforcement below 1, extinction at 0).
    pub p_reward: f64,
    /// Trials in the phase.
    pub trials: u32,
    /// Omit the US on every n-th trial of the phase (omission probes; 0 = never).
    pub omit_every: u32,
    /// Cues of the alternate trial type (every second trial); empty for none.
    pub alt_cues: Vec<f64>,
    /// US probability on alternate trials.
    pub alt_p_reward: f64,
    /// What ends the phase: `trials` (a fixed length), `below` or `above`
    /// (the response crosses `criterion`, at most `trials` trials).
    pub until: String,
    /// The criterion level of the response (dopamine at cue onset, δ units).
    pub criterion: f64,
    /// Consecutive main-type trials beyond the criterion that end the phase.
    pub criterion_run: u32,
}

/// What ends a phase.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Until {
    Trials,
    Below,
    Above,
}

impl Phase {
    fn until(&self) -> Until {
        match self.until.as_str() {
            "below" => Until::Below,
            "above" => Until::Above,
            _ => Until::Trials,
        }
    }
}

impl Default for Phase {
    fn default() -> Self {
        Phase {
            cues: vec![0.0],
            p_reward: 1.0,
            trials: 100,
            omit_every: 0,
            alt_cues: Vec::new(),
            alt_p_reward: 0.0,
            until: "trials".into(),
            criterion: 0.1,
            criterion_run: 1,
        }
    }
}

/// Pavlovian conditioning. Each trial has `steps` time steps; the trial's
/// cues come on at `cs_step` and stay on to the end; the US (reward
/// `reward`) arrives at `us_step`. Each cue is represented by a complete
/// serial compound: one feature per time step since its onset, of height
/// `salience[cue]` (Montague et al. 1996; Sutton & Barto 1990). One action,
/// "watch". Defaults: Montague et al. (1996) Fig. 5 timing (60 steps, CS at
/// 41, US at 54), one cue, 100 acquisition trials then 50 extinction trials.
///
/// The learner's initial value Q₀ sits on feature 0, which here is cue A's
/// onset element: set `model.initial_value` to 0 for the textbook TD model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConditioningSpec {
    /// Time steps per trial.
    pub steps: u32,
    /// Step (1-based) at which the trial's cues come on.
    pub cs_step: u32,
    /// Step (1-based) at which the US arrives.
    pub us_step: u32,
    /// Size of the US (negative for punishment).
    pub reward: f64,
    /// Salience (feature height) of each cue; its length is the number of cues.
    pub salience: Vec<f64>,
    /// The phases, run in order.
    pub phases: Vec<Phase>,
}

impl Default for ConditioningSpec {
    fn default() -> Self {
        ConditioningSpec {
            steps: 60,
            cs_step: 41,
            us_step: 54,
            reward: 1.0,
            salience: vec![1.0],
            phases: vec![
                Phase::default(),
                Phase {
                    p_reward: 0.0,
                    trials: 50,
                    ..Phase::default()
                },
            ],
        }
    }
}

/// Fields of one phase.
const PHASE_FIELDS: &[Field] = &[
    Field::list(
        "cues",
        "Cues",
        "Indices of the cues presented in the phase (0 = first cue).",
        (0, MAX_CUES),
        0.0,
        (MAX_CUES - 1) as f64,
    ),
    Field::number(
        "p_reward",
        "P(US)",
        "Probability that the US follows the cues.",
        0.0,
        1.0,
    ),
    Field::integer(
        "trials",
        "Trials",
        "Trials in the phase.",
        0.0,
        MAX_TRIALS as f64,
    ),
    Field::integer(
        "omit_every",
        "Omission probe every",
        "Omit the US on every n-th trial of the phase; 0 = never.",
        0.0,
        MAX_TRIALS as f64,
    ),
    Field::list(
        "alt_cues",
        "Alternate cues",
        "Cues of the trial type presented on every second trial; empty for none.",
        (0, MAX_CUES),
        0.0,
        (MAX_CUES - 1) as f64,
    ),
    Field::number(
        "alt_p_reward",
        "Alternate P(US)",
        "Probability of the US on alternate trials (needs alt_cues; refused without them).",
        0.0,
        1.0,
    ),
    Field::choice(
        "until",
        "Phase ends",
        "trials: after `trials` trials; below / above: once the response (dopamine at cue onset) is below / above `criterion` on `criterion_run` trials in a row, at most `trials` trials.",
        &["trials", "below", "above"],
    ),
    Field::number(
        "criterion",
        "Criterion",
        "below / above: the response level (dopamine at cue onset, δ units) that ends the phase (refused when until is trials).",
        -10.0,
        10.0,
    ),
    Field::integer(
        "criterion_run",
        "Criterion run",
        "below / above: consecutive trials beyond the criterion that end the phase (refused when until is trials).",
        1.0,
        1000.0,
    ),
];

impl ConditioningSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::integer(
            "steps",
            "Steps per trial",
            "Time steps in each trial.",
            2.0,
            MAX_STEPS as f64,
        ),
        Field::integer(
            "cs_step",
            "CS step",
            "Step (1-based) at which the cues come on; at least 2, so the CS is unpredicted.",
            2.0,
            MAX_STEPS as f64,
        ),
        Field::integer(
            "us_step",
            "US step",
            "Step (1-based) at which the US arrives; after the CS step.",
            3.0,
            MAX_STEPS as f64,
        ),
        Field::number(
            "reward",
            "US size",
            "Reward delivered by the US (negative for punishment).",
            -10.0,
            10.0,
        ),
        Field::list(
            "salience",
            "Cue salience",
            "Feature height of each cue; the number of entries is the number of cues.",
            (1, MAX_CUES),
            0.0,
            10.0,
        ),
        Field::records(
            "phases",
            "Phases",
            "The design: phases run in order, each with its cues, US probability and trials.",
            (1, MAX_PHASES),
            PHASE_FIELDS,
        ),
    ];

    /// Trials per run: all phases.
    pub fn trials(&self) -> u32 {
        let total: u64 = self.phases.iter().map(|p| p.trials as u64).sum();
        total.min(u32::MAX as u64) as u32
    }

    /// Cross-field rules: timing order, cue indices, total trials.
    pub fn validate(&self, c: &mut Check) {
        if self.cs_step > self.steps {
            c.fail(
                "cs_step",
                format!(
                    "must be at most steps ({}), got {}",
                    self.steps, self.cs_step
                ),
            );
        }
        if self.us_step <= self.cs_step || self.us_step > self.steps {
            c.fail(
                "us_step",
                format!(
                    "must be after cs_step ({}) and at most steps ({}), got {}",
                    self.cs_step, self.steps, self.us_step
                ),
            );
        }
        let n = self.salience.len();
        for (i, p) in self.phases.iter().enumerate() {
            for (name, list) in [("cues", &p.cues), ("alt_cues", &p.alt_cues)] {
                for (j, x) in list.iter().enumerate() {
                    if x.fract() != 0.0 || *x < 0.0 || *x >= n as f64 {
                        c.fail(
                            &format!("phases[{i}].{name}[{j}]"),
                            format!(
                                "must be a cue index, a whole number within [0, {}] (salience has {n} entries), got {x}",
                                n.saturating_sub(1)
                            ),
                        );
                    }
                }
            }
        }
        // A field that would change nothing is refused, not ignored.
        let unused = Phase::default();
        for (i, p) in self.phases.iter().enumerate() {
            if p.alt_cues.is_empty() && p.alt_p_reward != unused.alt_p_reward {
                c.fail(
                    &format!("phases[{i}].alt_p_reward"),
                    format!(
                        "is the US probability of the alternate trials, and this phase has none: give their cues in alt_cues, or leave alt_p_reward out; got {}",
                        p.alt_p_reward
                    ),
                );
            }
            if p.until() != Until::Trials {
                continue;
            }
            for (name, set) in [
                ("criterion", p.criterion != unused.criterion),
                ("criterion_run", p.criterion_run != unused.criterion_run),
            ] {
                if set {
                    c.fail(
                        &format!("phases[{i}].{name}"),
                        "applies only to a phase that ends on a criterion: set until to \"below\" or \"above\", or leave it out",
                    );
                }
            }
        }
        for (i, p) in self.phases.iter().enumerate() {
            if p.until() == Until::Trials {
                continue;
            }
            if p.trials == 0 {
                c.fail(
                    &format!("phases[{i}].trials"),
                    format!(
                        "a phase that ends {} a criterion needs a maximum of at least 1 trial, got 0",
                        p.until
                    ),
                );
            }
            if p.cues.is_empty() {
                c.fail(
                    &format!("phases[{i}].cues"),
                    "a phase that ends on a criterion needs at least one cue (its response is the dopamine at cue onset), got none",
                );
            }
        }
        let total: u64 = self.phases.iter().map(|p| p.trials as u64).sum();
        if total == 0 || total > MAX_TRIALS as u64 {
            c.fail(
                "phases",
                format!("the phases' trials must add up to within [1, {MAX_TRIALS}], got {total}"),
            );
        }
    }
}

/// The running conditioning task.
#[derive(Clone, Debug)]
pub struct Conditioning {
    steps: usize,
    cs: usize,
    us: usize,
    reward: f64,
    salience: Vec<f64>,
    phases: Vec<Phase>,
    elements: usize,
    features: Vec<f64>,
    // Trial state.
    phase: usize,
    in_phase: u32,
    step: usize,
    cues: Vec<usize>,
    us_given: bool,
    probe: bool,
    alt: bool,
    event_steps: [usize; 2],
    /// Consecutive main-type trials of this phase beyond its criterion.
    run: u32,
    /// The phase's criterion was met: the next trial starts the next phase.
    met: bool,
    /// Every phase is done (criteria ended some early): the remaining
    /// trials of the run show no cue and no US.
    design_done: bool,
}

crate::metric_slots! {
    /// The rows of [`METRICS`], by name.
    pub enum Slot in METRICS {
        Phase => Metric::new("phase", "phase", "index", Group::Task),
        Alternate => Metric::new("alternate", "alternate trial type", "", Group::Task).within(0.0, 1.0),
        Us => Metric::new("us", "reward delivered", "", Group::Task).within(0.0, 1.0),
        Probe => Metric::new("probe", "probe trial", "", Group::Task).within(0.0, 1.0),
    }
}
crate::metric_slots! {
    /// The rows of [`EVENTS`], by name.
    pub enum Event in EVENTS {
        DopamineCs => Metric::new(
        "dopamine_cs",
        "phasic dopamine at the cue",
        "δ units",
        Group::Modulator,
    ),
        DopamineUs => Metric::new(
        "dopamine_us",
        "phasic dopamine at the reward",
        "δ units",
        Group::Modulator,
    ),
    }
}

impl Conditioning {
    /// A conditioning task at the start of its first phase.
    pub fn new(spec: &ConditioningSpec) -> Self {
        let steps = spec.steps as usize;
        let cs = (spec.cs_step as usize).saturating_sub(1).min(steps);
        let us = (spec.us_step as usize).saturating_sub(1).min(steps);
        let elements = steps - cs;
        // δ entering the CS step and the US step (see `Task::event_steps`).
        let mut event_steps = [0; 2];
        event_steps[Event::DopamineCs as usize] = cs.saturating_sub(1);
        event_steps[Event::DopamineUs as usize] = us.saturating_sub(1);
        Conditioning {
            steps,
            cs,
            us,
            reward: spec.reward,
            salience: spec.salience.clone(),
            phases: spec.phases.clone(),
            elements,
            features: vec![0.0; spec.salience.len() * elements],
            phase: 0,
            in_phase: 0,
            step: 0,
            cues: Vec::new(),
            us_given: false,
            probe: false,
            alt: false,
            event_steps,
            run: 0,
            met: false,
            design_done: false,
        }
    }

    fn set_features(&mut self) {
        self.features.fill(0.0);
        if self.step >= self.cs && self.step < self.steps {
            let k = self.step - self.cs;
            for &cue in &self.cues {
                let height = self.salience.get(cue).copied().unwrap_or(0.0);
                if let Some(f) = self.features.get_mut(cue * self.elements + k) {
                    *f = height;
                }
            }
        }
    }
}

impl Task for Conditioning {
    fn n_features(&self) -> usize {
        self.features.len()
    }
    fn n_actions(&self) -> usize {
        1
    }
    fn steps_per_trial(&self) -> usize {
        self.steps
    }
    fn start_trial(&mut self, rng: &mut Rng) {
        // Skip finished (and empty) phases. The run has Σ trials, so only
        // phases ended early by their criterion leave trials past the last
        // phase: those are rest trials (no cue, no US, phase = number of phases).
        let done = |me: &Self| me.met || me.in_phase >= me.phases[me.phase].trials;
        while self.phase + 1 < self.phases.len() && done(self) {
            self.phase += 1;
            self.in_phase = 0;
            self.met = false;
            self.run = 0;
        }
        if done(self) {
            self.design_done = true;
        }
        let Some(p) = self.phases.get(self.phase).filter(|_| !self.design_done) else {
            self.cues.clear();
            self.us_given = false;
            self.probe = false;
            self.alt = false;
            self.step = 0;
            self.set_features();
            return;
        };
        self.alt = !p.alt_cues.is_empty() && self.in_phase % 2 == 1;
        let (cues, p_us) = if self.alt {
            (&p.alt_cues, p.alt_p_reward)
        } else {
            (&p.cues, p.p_reward)
        };
        self.cues.clear();
        self.cues.extend(cues.iter().map(|c| *c as usize));
        self.probe = p.omit_every > 0 && (self.in_phase + 1) % p.omit_every == 0;
        let drawn = rng.bernoulli(p_us);
        self.us_given = drawn && !self.probe;
        self.in_phase += 1;
        self.step = 0;
        self.set_features();
    }
    fn features(&self) -> &[f64] {
        &self.features
    }
    fn best_action(&self) -> Option<usize> {
        None
    }
    fn act(&mut self, _action: usize, _rng: &mut Rng) -> Step {
        self.step += 1;
        // The US arrives as the trial enters its step: the reward comes with
        // the transition into it, δ = r + V(us) − V(us − 1).
        let reward = if self.us_given && self.step == self.us {
            self.reward
        } else {
            0.0
        };
        let end = self.step >= self.steps;
        self.set_features();
        Step {
            reward,
            end_of_trial: end,
        }
    }
    fn metrics(&self) -> &'static [Metric] {
        METRICS
    }
    /// No choice is right or wrong here: what is learnt shows in the
    /// dopamine response to the cue.
    fn headline(&self) -> &'static str {
        "dopamine_cs"
    }
    fn trial_metrics(&self, out: &mut [f64]) {
        let b = |x: bool| f64::from(u8::from(x));
        out[Slot::Phase] = if self.design_done {
            self.phases.len() as f64
        } else {
            self.phase as f64
        };
        out[Slot::Alternate] = b(self.alt);
        out[Slot::Us] = b(self.us_given);
        out[Slot::Probe] = b(self.probe);
    }
    fn events(&self) -> &'static [Metric] {
        EVENTS
    }
    fn event_steps(&self) -> &[usize] {
        &self.event_steps
    }
    /// Counts the trial towards its phase's criterion: a main-type trial whose
    /// response (dopamine at cue onset) is beyond `criterion` extends the
    /// run, any other main-type trial resets it.
    fn observe_events(&mut self, values: &[f64]) {
        let Some(p) = self.phases.get(self.phase) else {
            return;
        };
        let until = p.until();
        if self.design_done || until == Until::Trials || self.alt {
            return;
        }
        let response = values
            .get(Event::DopamineCs as usize)
            .copied()
            .unwrap_or(0.0);
        let beyond = match until {
            Until::Below => response < p.criterion,
            _ => response > p.criterion,
        };
        self.run = if beyond { self.run + 1 } else { 0 };
        if self.run >= p.criterion_run.max(1) {
            self.met = true;
        }
    }
}

impl TaskKind for ConditioningSpec {
    const LABEL: &'static str = "Pavlovian conditioning";
    const ABOUT: &'static str =
        "Cues then reward within a trial, in phases: acquisition, extinction, blocking …";
    fn fields() -> &'static [Field] {
        Self::FIELDS
    }
    fn run_length(&self) -> u32 {
        self.trials()
    }
    fn check_rules(&self, c: &mut Check) {
        self.validate(c)
    }
}

impl TrialTask for ConditioningSpec {
    fn build(&self) -> Box<dyn Task> {
        Box::new(Conditioning::new(self))
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    fn errors(phases: &str) -> String {
        let text = format!(r#"{{"task": {{"kind": "conditioning", "phases": {phases}}}}}"#);
        match Scenario::from_json(&text) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn criterion_phases_are_validated_by_name() {
        assert_eq!(
            errors(r#"[{"until": "below", "criterion": 0.1, "trials": 50}]"#),
            ""
        );
        for (phases, want) in [
            (
                r#"[{"until": "soon"}]"#,
                "task.phases[0].until: must be one of trials, below, above, got \"soon\"",
            ),
            (
                r#"[{"until": "below", "criterion": 11}]"#,
                "task.phases[0].criterion: must be within [-10, 10], got 11",
            ),
            (
                r#"[{"until": "below", "criterion_run": 0}]"#,
                "task.phases[0].criterion_run: must be a whole number within [1, 1000], got 0",
            ),
            (
                r#"[{"trials": 5}, {"until": "below", "trials": 0}]"#,
                "task.phases[1].trials: a phase that ends below a criterion needs a maximum of at least 1 trial, got 0",
            ),
            (
                r#"[{"until": "above", "cues": []}]"#,
                "task.phases[0].cues: a phase that ends on a criterion needs at least one cue",
            ),
        ] {
            let e = errors(phases);
            assert!(e.contains(want), "{phases}\n  got:  {e}\n  want: {want}");
        }
    }
}
