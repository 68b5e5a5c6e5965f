//! Task specifications: which task, with which parameters.

use super::check::Check;
use super::error::{clean_serde_message, ScenarioError};
use super::schema::{self, TaskDescription};
use crate::tasks::attention::AttentionSpec;
use crate::tasks::bandit::BanditSpec;
use crate::tasks::conditioning::ConditioningSpec;
use crate::tasks::delay::DelaySpec;
use crate::tasks::distal_reward::DistalRewardSpec;
use crate::tasks::restless::RestlessSpec;
use crate::tasks::reversal::ReversalSpec;
use crate::tasks::reward_punishment::RewardPunishmentSpec;
use crate::tasks::selection::SelectionSpec;
use crate::tasks::switching::SwitchingSpec;
use crate::tasks::two_step::TwoStepSpec;
use crate::tasks::volatile::VolatileSpec;
use serde::{Deserialize, Serialize};

/// The reinforcement task of a scenario, chosen by `kind`. Serialised with
/// the kind as a tag (`{"kind": "bandit", ...}`); read through
/// [`parse_task`] (see the `Deserialize` impl below).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TaskSpec {
    /// k-armed bandit with Bernoulli or Gaussian payoffs.
    Bandit(BanditSpec),
    /// Probabilistic reversal learning.
    Reversal(ReversalSpec),
    /// Stable and volatile blocks (Behrens et al. 2007).
    Volatile(VolatileSpec),
    /// Restless four-armed bandit (Daw et al. 2006).
    Restless(RestlessSpec),
    /// Pavlovian conditioning with time inside a trial.
    Conditioning(ConditioningSpec),
    /// Delayed reward: intertemporal choice, waiting, corridor.
    Delay(DelaySpec),
    /// Relevant cue among distractors, switching unsignalled (Yu & Dayan 2005).
    Attention(AttentionSpec),
    /// Tasks alternating in blocks over shared synapses.
    Switching(SwitchingSpec),
    /// Two-step task (Daw et al. 2011).
    TwoStep(TwoStepSpec),
    /// Probabilistic selection: choose A, avoid B (Frank et al. 2004).
    Selection(SelectionSpec),
    /// Reward- vs punishment-signalled reversals of a prediction (Cools et al. 2009).
    RewardPunishment(RewardPunishmentSpec),
    /// Izhikevich (2007) spiking network rewarded after a delay.
    DistalReward(DistalRewardSpec),
}

/// The task kinds a scenario may name, in the order the page lists them.
pub const TASK_KINDS: &[&str] = &[
    "bandit",
    "reversal",
    "volatile",
    "restless",
    "conditioning",
    "delay",
    "attention",
    "switching",
    "two_step",
    "selection",
    "reward_punishment",
    "distal_reward",
];

impl TaskSpec {
    /// Trials per run.
    pub fn trials(&self) -> u32 {
        match self {
            TaskSpec::Bandit(b) => b.trials,
            TaskSpec::Reversal(t) => t.trials,
            TaskSpec::Volatile(t) => t.trials(),
            TaskSpec::Restless(t) => t.trials,
            TaskSpec::Conditioning(t) => t.trials(),
            TaskSpec::Delay(t) => t.trials,
            TaskSpec::Attention(t) => t.trials,
            TaskSpec::Switching(t) => t.trials,
            TaskSpec::TwoStep(t) => t.trials,
            TaskSpec::Selection(t) => t.trials(),
            TaskSpec::RewardPunishment(t) => t.trials,
            TaskSpec::DistalReward(d) => d.bins(),
        }
    }

    /// The `kind` tag as written in a scenario.
    pub fn kind(&self) -> &'static str {
        match self {
            TaskSpec::Bandit(_) => "bandit",
            TaskSpec::Reversal(_) => "reversal",
            TaskSpec::Volatile(_) => "volatile",
            TaskSpec::Restless(_) => "restless",
            TaskSpec::Conditioning(_) => "conditioning",
            TaskSpec::Delay(_) => "delay",
            TaskSpec::Attention(_) => "attention",
            TaskSpec::Switching(_) => "switching",
            TaskSpec::TwoStep(_) => "two_step",
            TaskSpec::Selection(_) => "selection",
            TaskSpec::RewardPunishment(_) => "reward_punishment",
            TaskSpec::DistalReward(_) => "distal_reward",
        }
    }

    /// Checks every field against its description, then cross-field rules.
    pub(crate) fn validate(&self, c: &mut Check) {
        let value = super::json_value(self);
        schema::check_fields(describe(self.kind()).map_or(&[], |d| d.fields), &value, c);
        match self {
            TaskSpec::Bandit(b) => b.validate(c),
            TaskSpec::Reversal(t) => t.validate(c),
            TaskSpec::Volatile(t) => t.validate(c),
            TaskSpec::Restless(t) => t.validate(c),
            TaskSpec::Conditioning(t) => t.validate(c),
            TaskSpec::Delay(t) => t.validate(c),
            TaskSpec::Attention(t) => t.validate(c),
            TaskSpec::Switching(t) => t.validate(c),
            TaskSpec::TwoStep(t) => t.validate(c),
            TaskSpec::Selection(t) => t.validate(c),
            TaskSpec::RewardPunishment(t) => t.validate(c),
            TaskSpec::DistalReward(d) => d.validate(c),
        }
    }
}

/// Every task kind with its label, description, fields and defaults, in the
/// order the page lists them.
pub fn descriptions() -> Vec<TaskDescription> {
    TASK_KINDS.iter().filter_map(|k| describe(k)).collect()
}

fn describe(kind: &str) -> Option<TaskDescription> {
    fn d<T: Serialize + Default>(
        kind: &'static str,
        label: &'static str,
        about: &'static str,
        fields: &'static [schema::Field],
    ) -> TaskDescription {
        TaskDescription {
            kind,
            label,
            about,
            fields,
            defaults: super::json_value(&T::default()),
        }
    }
    Some(match kind {
        "bandit" => d::<BanditSpec>(
            "bandit",
            "Bandit",
            "Choose among arms that pay off with fixed probabilities.",
            BanditSpec::FIELDS,
        ),
        "reversal" => d::<ReversalSpec>(
            "reversal",
            "Reversal",
            "Two options, 80/20; the better one swaps every N trials or once learned.",
            ReversalSpec::FIELDS,
        ),
        "volatile" => d::<VolatileSpec>(
            "volatile",
            "Volatility",
            "A stable block and a volatile block where the better option keeps swapping (Behrens 2007).",
            VolatileSpec::FIELDS,
        ),
        "restless" => d::<RestlessSpec>(
            "restless",
            "Restless bandit",
            "Four arms whose payoffs drift as random walks (Daw 2006).",
            RestlessSpec::FIELDS,
        ),
        "conditioning" => d::<ConditioningSpec>(
            "conditioning",
            "Pavlovian conditioning",
            "Cues then reward within a trial, in phases: acquisition, extinction, blocking …",
            ConditioningSpec::FIELDS,
        ),
        "delay" => d::<DelaySpec>(
            "delay",
            "Delayed reward",
            "Small-soon vs large-late choice, waiting for an uncertain reward, or a corridor to a goal.",
            DelaySpec::FIELDS,
        ),
        "attention" => d::<AttentionSpec>(
            "attention",
            "Attention (Yu & Dayan)",
            "One of several cues predicts the target; which one switches without a signal.",
            AttentionSpec::FIELDS,
        ),
        "switching" => d::<SwitchingSpec>(
            "switching",
            "Task switching",
            "Conflicting tasks alternate in blocks over shared synapses.",
            SwitchingSpec::FIELDS,
        ),
        "two_step" => d::<TwoStepSpec>(
            "two_step",
            "Two-step",
            "A choice leads to one of two states by common or rare transitions (Daw 2011).",
            TwoStepSpec::FIELDS,
        ),
        "selection" => d::<SelectionSpec>(
            "selection",
            "Probabilistic selection",
            "Learn three pairs of symbols, then choose among new pairs without feedback: choose A, avoid B (Frank 2004).",
            SelectionSpec::FIELDS,
        ),
        "reward_punishment" => d::<RewardPunishmentSpec>(
            "reward_punishment",
            "Reward vs punishment reversal",
            "Predict whether a stimulus brings reward or punishment; reversals are signalled by an unexpected reward or an unexpected punishment (Cools 2009).",
            RewardPunishmentSpec::FIELDS,
        ),
        "distal_reward" => d::<DistalRewardSpec>(
            "distal_reward",
            "Distal reward (spiking)",
            "A 1000-neuron spiking network learns from dopamine that arrives seconds after the spikes that earned it (Izhikevich 2007).",
            DistalRewardSpec::FIELDS,
        ),
        _ => return None,
    })
}

/// Reads the task through [`parse_task`], so that each task's fields are
/// deserialised by one generic instantiation (serde's derived, internally
/// tagged form buffers the object and instantiates every task's reader a
/// second time: tens of kilobytes of the page's wasm).
impl<'de> Deserialize<'de> for TaskSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        parse_task(&value).map_err(serde::de::Error::custom)
    }
}

/// Reads the task object, reporting bad fields with full paths
/// (`task.p_reward[2]`), which serde cannot report through an internally
/// tagged enum.
pub(crate) fn parse_task(task: &serde_json::Value) -> Result<TaskSpec, ScenarioError> {
    let expected = format!("expected one of: {}", TASK_KINDS.join(", "));
    let Some(obj) = task.as_object() else {
        return Err(ScenarioError::one(
            "task",
            format!("must be an object with a \"kind\" field ({expected})"),
        ));
    };
    let kind = match obj.get("kind") {
        None => {
            return Err(ScenarioError::one(
                "task.kind",
                format!("missing; {expected}"),
            ))
        }
        Some(serde_json::Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(ScenarioError::one(
                "task.kind",
                format!("must be a string, got {other}; {expected}"),
            ))
        }
    };
    let mut fields = obj.clone();
    fields.remove("kind");
    let fields = serde_json::Value::Object(fields);
    let result = match kind {
        "bandit" => parse(&fields).map(TaskSpec::Bandit),
        "reversal" => parse(&fields).map(TaskSpec::Reversal),
        "volatile" => parse(&fields).map(TaskSpec::Volatile),
        "restless" => parse(&fields).map(TaskSpec::Restless),
        "conditioning" => parse(&fields).map(TaskSpec::Conditioning),
        "delay" => parse(&fields).map(TaskSpec::Delay),
        "attention" => parse(&fields).map(TaskSpec::Attention),
        "switching" => parse(&fields).map(TaskSpec::Switching),
        "two_step" => parse(&fields).map(TaskSpec::TwoStep),
        "selection" => parse(&fields).map(TaskSpec::Selection),
        "reward_punishment" => parse(&fields).map(TaskSpec::RewardPunishment),
        "distal_reward" => parse(&fields).map(TaskSpec::DistalReward),
        other => {
            return Err(ScenarioError::one(
                "task.kind",
                format!("unknown task {other:?}; {expected}"),
            ))
        }
    };
    result.map_err(|e| {
        let path = if e.path.is_empty() {
            "task".to_string()
        } else {
            format!("task.{}", e.path)
        };
        // A number too big for its type gets its documented range instead.
        let mut c = Check::default();
        if let Some(d) = describe(kind) {
            c.nested("task", |c| schema::check_fields(d.fields, &fields, c));
        }
        ScenarioError::one(path, clean_serde_message(&e.message)).with_ranges(c.finish())
    })
}

fn parse<T: serde::de::DeserializeOwned>(
    fields: &serde_json::Value,
) -> Result<T, super::json_path::PathError> {
    super::json_path::from_value(fields)
}
