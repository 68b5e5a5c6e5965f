//! Task specifications: which task, with which parameters.

use super::check::Check;
use super::error::{clean_serde_message, ScenarioError};
use super::MAX_TRIALS;
use serde::{Deserialize, Serialize};

/// Most arms a bandit may have.
pub const MAX_ARMS: usize = 64;

/// The reinforcement task of a scenario, chosen by `kind`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TaskSpec {
    /// k-armed bandit with Bernoulli payoffs.
    Bandit(BanditSpec),
}

/// The task kinds a scenario may name, in the order the page lists them.
pub const TASK_KINDS: &[&str] = &["bandit"];

impl TaskSpec {
    /// Trials per run.
    pub fn trials(&self) -> u32 {
        match self {
            TaskSpec::Bandit(b) => b.trials,
        }
    }

    /// The `kind` tag as written in a scenario.
    pub fn kind(&self) -> &'static str {
        match self {
            TaskSpec::Bandit(_) => "bandit",
        }
    }

    pub(crate) fn validate(&self, c: &mut Check) {
        match self {
            TaskSpec::Bandit(b) => b.validate(c),
        }
    }
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

/// A k-armed bandit: each trial the learner picks an arm, which pays 1 with
/// its probability and 0 otherwise. Defaults: the 80/20 two-armed bandit of
/// science-criteria.md §9.1, 300 trials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BanditSpec {
    /// Reward probability of each arm; the number of entries is the number of arms.
    pub p_reward: Vec<f64>,
    /// Trials per run.
    pub trials: u32,
}

impl Default for BanditSpec {
    fn default() -> Self {
        BanditSpec {
            p_reward: vec![0.8, 0.2],
            trials: 300,
        }
    }
}

impl BanditSpec {
    fn validate(&self, c: &mut Check) {
        c.len_within("p_reward", self.p_reward.len(), 2, MAX_ARMS);
        for (i, p) in self.p_reward.iter().enumerate() {
            c.within(&format!("p_reward[{i}]"), *p, 0.0, 1.0);
        }
        c.int_within("trials", self.trials as u64, 1, MAX_TRIALS as u64);
    }
}
