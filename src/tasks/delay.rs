//! Tasks where reward comes later than the choice: intertemporal choice,
//! waiting for an uncertain reward (docs/science/criteria.md §13, §3.2) and a
//! corridor with the reward several steps away.

use super::task::{Step, Task, TaskKind, TrialTask};
use crate::metric::{Group, Metric};
use crate::params::{limits::MAX_TRIALS, Check, Field, Gate};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Longest delay, wait or corridor, in steps.
pub const MAX_DELAY: u32 = 200;

/// Delayed reward, in one of three modes:
///
/// * `choice` — intertemporal choice: action 0 takes `small_reward` after
///   `small_delay` steps, action 1 takes `large_reward` after `large_delay`
///   steps (Cardinal et al. 2001 used 1 vs 4 pellets). A TD learner values an
///   option at γ^delay × reward, so a smaller discount γ (Doya 2002: lower
///   5-HT) shifts choice to small-soon. Every `forced_every`-th trial is a
///   forced trial (alternately small and large): the choice point is shown as
///   on a free trial but only the forced option is available, as in the
///   forced-choice trials of Evenden & Ryan (1996) and Cardinal et al. (2001)
///   where one lever is inserted. Both delays are sampled and a forced trial
///   teaches the same value Q(choice point, option) that free choices read.
/// * `waiting` — after the cue the reward comes after a delay drawn from
///   `delays` with probability `p_reward`, else never (omission); each step
///   the learner waits (action 0) or leaves (action 1, trial ends unrewarded);
///   an omission trial ends at `max_steps`. Miyazaki et al. (2014, 2018):
///   delays 3/6/9 s or omission, P(reward) 0.75.
/// * `corridor` — a corridor of `length` steps to a T junction: action 0
///   moves forward (at the junction: takes the goal arm, which pays `reward`
///   with probability `p_reward`), action 1 steps back (at the junction:
///   takes the empty arm); a trial ends at the junction or after `max_steps`.
///
/// Defaults: `choice`, 1 reward now vs 4 after 8 steps, 300 trials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DelaySpec {
    /// `choice`, `waiting` or `corridor`.
    pub mode: String,
    /// choice: reward of the small-soon option (action 0).
    pub small_reward: f64,
    /// choice: steps from choice to the small reward.
    pub small_delay: u32,
    /// choice: reward of the large-late option (action 1).
    pub large_reward: f64,
    /// choice: steps from choice to the large reward.
    pub large_delay: u32,
    /// choice: every n-th trial is forced, alternately small and large (0 = never).
    pub forced_every: u32,
    /// waiting, corridor: size of the reward.
    pub reward: f64,
    /// waiting, corridor: probability that the reward comes at all.
    pub p_reward: f64,
    /// waiting: possible reward delays in steps, drawn uniformly.
    pub delays: Vec<f64>,
    /// waiting, corridor: longest trial in steps.
    pub max_steps: u32,
    /// corridor: steps from the start to the junction.
    pub length: u32,
    /// Trials per run.
    pub trials: u32,
}

impl Default for DelaySpec {
    fn default() -> Self {
        DelaySpec {
            mode: "choice".into(),
            small_reward: 1.0,
            small_delay: 0,
            large_reward: 4.0,
            large_delay: 8,
            forced_every: 5,
            reward: 1.0,
            p_reward: 0.75,
            delays: vec![3.0, 6.0, 9.0],
            max_steps: 20,
            length: 5,
            trials: 300,
        }
    }
}

impl DelaySpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::choice(
            "mode",
            "Mode",
            "choice: small-soon vs large-late; waiting: wait for a reward that may never come; corridor: walk to a reward several steps away.",
            &["choice", "waiting", "corridor"],
        ),
        Field::number(
            "small_reward",
            "Small reward",
            "choice: reward of the small-soon option (action 0).",
            -10.0,
            10.0,
        ).when(&[Gate::new("mode", &["choice"])]),
        Field::integer(
            "small_delay",
            "Small delay",
            "choice: steps from the choice to the small reward.",
            0.0,
            MAX_DELAY as f64,
        ).when(&[Gate::new("mode", &["choice"])]),
        Field::number(
            "large_reward",
            "Large reward",
            "choice: reward of the large-late option (action 1).",
            -10.0,
            10.0,
        ).when(&[Gate::new("mode", &["choice"])]),
        Field::integer(
            "large_delay",
            "Large delay",
            "choice: steps from the choice to the large reward.",
            0.0,
            MAX_DELAY as f64,
        ).when(&[Gate::new("mode", &["choice"])]),
        Field::integer(
            "forced_every",
            "Forced trial every",
            "choice: every n-th trial is forced, alternately to the small and the large option; 0 = never.",
            0.0,
            MAX_TRIALS as f64,
        ).when(&[Gate::new("mode", &["choice"])]),
        Field::number(
            "reward",
            "Reward",
            "waiting, corridor: size of the reward.",
            -10.0,
            10.0,
        ).when(&[Gate::new("mode", &["waiting", "corridor"])]),
        Field::number(
            "p_reward",
            "P(reward)",
            "waiting, corridor: probability that the reward comes at all.",
            0.0,
            1.0,
        ).when(&[Gate::new("mode", &["waiting", "corridor"])]),
        Field::list(
            "delays",
            "Reward delays",
            "waiting: possible delays of the reward in steps, drawn uniformly each trial.",
            (1, 16),
            1.0,
            MAX_DELAY as f64,
        ).when(&[Gate::new("mode", &["waiting"])]),
        Field::integer(
            "max_steps",
            "Longest trial",
            "waiting, corridor: a trial ends unrewarded after this many steps.",
            1.0,
            MAX_DELAY as f64,
        ).when(&[Gate::new("mode", &["waiting", "corridor"])]),
        Field::integer(
            "length",
            "Corridor length",
            "corridor: steps from the start to the junction.",
            1.0,
            MAX_DELAY as f64,
        ).when(&[Gate::new("mode", &["corridor"])]),
        Field::trials(),
    ];

    /// Cross-field rules: whole-number delays that fit in a trial, and a
    /// corridor whose junction a trial can reach (each forward step counts
    /// towards `max_steps`).
    pub fn validate(&self, c: &mut Check) {
        if self.mode == "corridor" && self.length >= self.max_steps {
            c.fail(
                "length",
                format!(
                    "must be less than max_steps ({}), so the junction can be reached, got {}",
                    self.max_steps, self.length
                ),
            );
        }
        for (i, d) in self.delays.iter().enumerate() {
            if d.fract() != 0.0 {
                c.fail(
                    &format!("delays[{i}]"),
                    format!("must be a whole number of steps, got {d}"),
                );
            } else if self.mode == "waiting" && *d > self.max_steps as f64 {
                c.fail(
                    &format!("delays[{i}]"),
                    format!("must be at most max_steps ({}), got {d}", self.max_steps),
                );
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    Choice,
    Waiting,
    Corridor,
}

/// The running delay task. Features are one-hot states: in `choice`, the
/// choice point then each step of each option's delay; in `waiting`, the
/// steps since the cue; in `corridor`, the position.
#[derive(Clone, Debug)]
pub struct Delay {
    spec: DelaySpec,
    mode: Mode,
    features: Vec<f64>,
    state: usize,
    /// choice: the option taken (None at the choice point).
    option: Option<usize>,
    /// waiting: this trial's reward delay (None: omission).
    due: Option<u32>,
    steps: u32,
    /// choice: trials started, and this trial's forced option.
    trial: u32,
    forced: Option<usize>,
    /// choice: the one option offered on a forced trial.
    offered: [usize; 1],
    metrics: [f64; 4],
}

crate::metric_slots! {
    /// The rows of [`CHOICE_METRICS`], by name.
    pub enum ChoiceSlot in CHOICE_METRICS {
        ChoseLarge => Metric::new(
        "chose_large",
        "P(large, later reward)",
        "",
        Group::Behaviour,
    )
    .within(0.0, 1.0),
        ChoseSmall => Metric::new(
        "chose_small",
        "P(small, sooner reward)",
        "",
        Group::Behaviour,
    )
    .within(0.0, 1.0),
        Delay => Metric::new("delay", "delay of the chosen option", "steps", Group::Task),
        Forced => Metric::new("forced", "forced-choice trial", "", Group::Task).within(0.0, 1.0),
    }
}
crate::metric_slots! {
    /// The rows of [`WAITING_METRICS`], by name.
    pub enum WaitingSlot in WAITING_METRICS {
        Waited => Metric::new(
        "waited",
        "steps waited (for the reward or until leaving)",
        "steps",
        Group::Behaviour,
    ),
        Omission => Metric::new("omission", "reward omitted", "", Group::Task).within(0.0, 1.0),
        Left => Metric::new("left", "left before the reward", "", Group::Behaviour).within(0.0, 1.0),
        RewardedTrial => Metric::new("rewarded_trial", "rewarded trial", "", Group::Task).within(0.0, 1.0),
    }
}
crate::metric_slots! {
    /// The rows of [`CORRIDOR_METRICS`], by name.
    pub enum CorridorSlot in CORRIDOR_METRICS {
        Steps => Metric::new("steps", "steps taken", "steps", Group::Behaviour),
        Reached => Metric::new("reached", "P(reached the goal)", "", Group::Behaviour).within(0.0, 1.0),
        Goal => Metric::new("goal", "goal rewarded", "", Group::Task).within(0.0, 1.0),
    }
}

impl Delay {
    /// A delay task in the spec's mode.
    pub fn new(spec: &DelaySpec) -> Self {
        let mode = match spec.mode.as_str() {
            "waiting" => Mode::Waiting,
            "corridor" => Mode::Corridor,
            _ => Mode::Choice,
        };
        let n = match mode {
            // The choice point (free and forced trials), then each option's delay states.
            Mode::Choice => 1 + spec.small_delay as usize + spec.large_delay as usize,
            Mode::Waiting => spec.max_steps as usize,
            Mode::Corridor => spec.length as usize + 1,
        };
        Delay {
            spec: spec.clone(),
            mode,
            features: vec![0.0; n.max(1)],
            state: 0,
            option: None,
            due: None,
            steps: 0,
            trial: 0,
            forced: None,
            offered: [0],
            metrics: [0.0; 4],
        }
    }

    fn set_state(&mut self, state: usize) {
        self.features.fill(0.0);
        self.state = state.min(self.features.len() - 1);
        self.features[self.state] = 1.0;
    }

    fn choice_act(&mut self, action: usize) -> Step {
        let s = &self.spec;
        let option = *self
            .option
            .get_or_insert(self.forced.unwrap_or(action.min(1)));
        let (reward, delay, base) = if option == 0 {
            (s.small_reward, s.small_delay, 1)
        } else {
            (s.large_reward, s.large_delay, 1 + s.small_delay as usize)
        };
        // Steps already spent waiting in this option's delay states.
        let waited = self.steps;
        self.steps += 1;
        if waited >= delay {
            let forced = f64::from(u8::from(self.forced.is_some()));
            let m = &mut self.metrics[..];
            m[ChoiceSlot::ChoseLarge] = option as f64;
            m[ChoiceSlot::ChoseSmall] = 1.0 - option as f64;
            m[ChoiceSlot::Delay] = delay as f64;
            m[ChoiceSlot::Forced] = forced;
            return Step {
                reward,
                end_of_trial: true,
            };
        }
        self.set_state(base + waited as usize);
        Step {
            reward: 0.0,
            end_of_trial: false,
        }
    }

    fn waiting_act(&mut self, action: usize) -> Step {
        let omission = self.due.is_none();
        self.steps += 1;
        let finish = |me: &mut Self, left: bool, rewarded: bool, reward: f64| {
            let m = &mut me.metrics[..];
            m[WaitingSlot::Waited] = (me.steps - u32::from(left)) as f64;
            m[WaitingSlot::Omission] = f64::from(u8::from(omission));
            m[WaitingSlot::Left] = f64::from(u8::from(left));
            m[WaitingSlot::RewardedTrial] = f64::from(u8::from(rewarded));
            Step {
                reward,
                end_of_trial: true,
            }
        };
        if action == 1 {
            return finish(self, true, false, 0.0);
        }
        if self.due == Some(self.steps) {
            let r = self.spec.reward;
            return finish(self, false, true, r);
        }
        if self.steps >= self.spec.max_steps {
            return finish(self, false, false, 0.0);
        }
        self.set_state(self.steps as usize);
        Step {
            reward: 0.0,
            end_of_trial: false,
        }
    }

    /// The corridor's row: steps taken, whether the junction was reached
    /// and whether the goal arm was taken there.
    fn corridor_metrics(&mut self, reached: f64, goal: f64) {
        let steps = self.steps as f64;
        let m = &mut self.metrics[..];
        m[CorridorSlot::Steps] = steps;
        m[CorridorSlot::Reached] = reached;
        m[CorridorSlot::Goal] = goal;
    }

    fn corridor_act(&mut self, action: usize, rng: &mut Rng) -> Step {
        let junction = self.spec.length as usize;
        self.steps += 1;
        let b = |x: bool| f64::from(u8::from(x));
        if self.state == junction {
            let goal = action == 0;
            let win = goal && rng.bernoulli(self.spec.p_reward);
            self.corridor_metrics(1.0, b(goal));
            return Step {
                reward: if win { self.spec.reward } else { 0.0 },
                end_of_trial: true,
            };
        }
        if self.steps >= self.spec.max_steps {
            self.corridor_metrics(0.0, 0.0);
            return Step {
                reward: 0.0,
                end_of_trial: true,
            };
        }
        let next = if action == 0 {
            self.state + 1
        } else {
            self.state.saturating_sub(1)
        };
        self.set_state(next);
        Step {
            reward: 0.0,
            end_of_trial: false,
        }
    }
}

impl Task for Delay {
    fn n_features(&self) -> usize {
        self.features.len()
    }
    fn n_actions(&self) -> usize {
        2
    }
    fn steps_per_trial(&self) -> usize {
        match self.mode {
            Mode::Choice => 1 + self.spec.small_delay.max(self.spec.large_delay) as usize,
            Mode::Waiting | Mode::Corridor => self.spec.max_steps.max(2) as usize,
        }
    }
    fn start_trial(&mut self, rng: &mut Rng) {
        self.steps = 0;
        self.option = None;
        self.trial += 1;
        let every = self.spec.forced_every;
        self.forced = (self.mode == Mode::Choice && every > 0 && self.trial % every == 0)
            .then_some((self.trial / every.max(1) % 2) as usize);
        if self.mode == Mode::Waiting {
            let d = &self.spec.delays;
            self.due = if rng.bernoulli(self.spec.p_reward) && !d.is_empty() {
                Some(d[rng.below(d.len())] as u32)
            } else {
                None
            };
        }
        // A forced trial shows the choice point with one option available.
        self.offered = [self.forced.unwrap_or(0)];
        self.set_state(0);
    }
    fn features(&self) -> &[f64] {
        &self.features
    }
    /// On a forced trial, at the choice point: only the forced option.
    fn available(&self) -> Option<&[usize]> {
        (self.forced.is_some() && self.option.is_none()).then_some(&self.offered[..])
    }
    fn best_action(&self) -> Option<usize> {
        // Only the corridor has an answer independent of the learner's discount.
        (self.mode == Mode::Corridor).then_some(0)
    }
    fn act(&mut self, action: usize, rng: &mut Rng) -> Step {
        match self.mode {
            Mode::Choice => self.choice_act(action),
            Mode::Waiting => self.waiting_act(action),
            Mode::Corridor => self.corridor_act(action, rng),
        }
    }
    fn metrics(&self) -> &'static [Metric] {
        match self.mode {
            Mode::Choice => CHOICE_METRICS,
            Mode::Waiting => WAITING_METRICS,
            Mode::Corridor => CORRIDOR_METRICS,
        }
    }
    /// Per mode: the choice of the larger, later reward; the steps waited;
    /// reaching the goal.
    fn headline(&self) -> &'static str {
        match self.mode {
            Mode::Choice => "chose_large",
            Mode::Waiting => "waited",
            Mode::Corridor => "reached",
        }
    }
    fn trial_metrics(&self, out: &mut [f64]) {
        let n = out.len();
        out.copy_from_slice(&self.metrics[..n]);
    }
}

impl TaskKind for DelaySpec {
    const LABEL: &'static str = "Delayed reward";
    const ABOUT: &'static str = "Small-soon vs large-late choice, waiting for an uncertain reward, or a corridor to a goal.";
    fn fields() -> &'static [Field] {
        Self::FIELDS
    }
    fn run_length(&self) -> u32 {
        self.trials
    }
    fn check_rules(&self, c: &mut Check) {
        self.validate(c)
    }
}

impl TrialTask for DelaySpec {
    fn build(&self) -> Box<dyn Task> {
        Box::new(Delay::new(self))
    }
}
