//! Task specifications: which task, with which parameters.

use super::check::Check;
use super::error::{clean_serde_message, ScenarioError};
use super::schema::{self, TaskDescription};
use crate::tasks::bandit::BanditSpec;
use crate::tasks::distal_reward::DistalRewardSpec;
use serde::{Deserialize, Serialize};

/// The reinforcement task of a scenario, chosen by `kind`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TaskSpec {
    /// k-armed bandit with Bernoulli payoffs.
    Bandit(BanditSpec),
    /// Izhikevich (2007) spiking network rewarded after a delay.
    DistalReward(DistalRewardSpec),
}

/// The task kinds a scenario may name, in the order the page lists them.
pub const TASK_KINDS: &[&str] = &["bandit", "distal_reward"];

impl TaskSpec {
    /// Trials per run.
    pub fn trials(&self) -> u32 {
        match self {
            TaskSpec::Bandit(b) => b.trials,
            TaskSpec::DistalReward(d) => d.bins(),
        }
    }

    /// The `kind` tag as written in a scenario.
    pub fn kind(&self) -> &'static str {
        match self {
            TaskSpec::Bandit(_) => "bandit",
            TaskSpec::DistalReward(_) => "distal_reward",
        }
    }

    /// Checks every field against its description, then cross-field rules.
    pub(crate) fn validate(&self, c: &mut Check) {
        let value = serde_json::to_value(self).unwrap_or_default();
        schema::check_fields(describe(self.kind()).map_or(&[], |d| d.fields), &value, c);
        match self {
            TaskSpec::Bandit(b) => b.validate(c),
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
            defaults: serde_json::to_value(T::default()).unwrap_or_default(),
        }
    }
    Some(match kind {
        "bandit" => d::<BanditSpec>(
            "bandit",
            "Bandit",
            "Choose among arms that pay off with fixed probabilities.",
            BanditSpec::FIELDS,
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

/// Checks the task object's fields with full paths (`task.p_reward[2]`),
/// which serde cannot report through an internally tagged enum.
pub(crate) fn check_fields(task: &serde_json::Value) -> Result<(), ScenarioError> {
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
        "bandit" => serde_path_to_error::deserialize::<_, BanditSpec>(fields).map(|_| ()),
        "distal_reward" => {
            serde_path_to_error::deserialize::<_, DistalRewardSpec>(fields).map(|_| ())
        }
        other => {
            return Err(ScenarioError::one(
                "task.kind",
                format!("unknown task {other:?}; {expected}"),
            ))
        }
    };
    result.map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." {
            "task".to_string()
        } else {
            format!("task.{path}")
        };
        ScenarioError::one(path, clean_serde_message(&e.inner().to_string()))
    })
}
