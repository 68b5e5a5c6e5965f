//! Validation errors that name the field and what was expected.

use std::fmt;

/// One bad field: its path in the scenario and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// JSON path such as `task.p_reward[2]`; empty for the document itself.
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
}

/// Every problem found in a scenario, in the order of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The bad fields (at least one).
    pub errors: Vec<FieldError>,
}

impl ScenarioError {
    /// An error about a single field.
    pub fn one(path: impl Into<String>, message: impl Into<String>) -> Self {
        ScenarioError {
            errors: vec![FieldError {
                path: path.into(),
                message: message.into(),
            }],
        }
    }
}

impl ScenarioError {
    /// serde's error about one field joined with the range checks' problems
    /// (`ranges`), which replace it where they name the same field: a number
    /// too big for its type then reads `must be a whole number within
    /// [1, 10000000], got 1e15` instead of serde's overflow message.
    pub(crate) fn with_ranges(self, ranges: Result<(), ScenarioError>) -> ScenarioError {
        let Err(ranges) = ranges else { return self };
        let mut errors: Vec<FieldError> = self
            .errors
            .into_iter()
            .filter(|e| !ranges.errors.iter().any(|r| r.path == e.path))
            .collect();
        errors.extend(ranges.errors);
        ScenarioError { errors }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

/// serde's messages speak of Rust types; say what a scenario author knows.
pub fn clean_serde_message(msg: &str) -> String {
    msg.replace("u32", "a whole number")
        .replace("u64", "a whole number")
        .replace("usize", "a whole number")
        .replace("f64", "a number")
        .replace("a sequence", "an array")
        .replace("struct ", "")
        .replace("a map", "an object")
}
