//! A small collector of range checks, so every spec validates in a few lines
//! and every message reads the same way.

use super::error::{FieldError, ScenarioError};

/// A number as messages show it: as Rust prints it, but in exponent form
/// from 10¹⁶ on (`1e308`, not three hundred digits).
pub fn number_text(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e16 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Collects field errors under a path prefix.
#[derive(Debug, Default)]
pub struct Check {
    prefix: String,
    errors: Vec<FieldError>,
}

impl Check {
    /// Runs `f` with paths nested under `path` (e.g. `task`, `conditions[1]`).
    pub fn nested(&mut self, path: &str, f: impl FnOnce(&mut Check)) {
        let outer = std::mem::take(&mut self.prefix);
        self.prefix = join(&outer, path);
        f(self);
        self.prefix = outer;
    }

    /// Records a failure at `path` (relative to the current nesting).
    pub fn fail(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(FieldError {
            path: join(&self.prefix, path),
            message: message.into(),
        });
    }

    /// A finite number within `[lo, hi]`.
    pub fn within(&mut self, path: &str, x: f64, lo: f64, hi: f64) {
        if !x.is_finite() || x < lo || x > hi {
            let x = number_text(x);
            self.fail(path, format!("must be within [{lo}, {hi}], got {x}"));
        }
    }

    /// A whole number within `[lo, hi]`.
    pub fn int_within(&mut self, path: &str, x: u64, lo: u64, hi: u64) {
        if x < lo || x > hi {
            self.fail(
                path,
                format!("must be a whole number within [{lo}, {hi}], got {x}"),
            );
        }
    }

    /// A list whose number of entries is within `[lo, hi]`.
    pub fn len_within(&mut self, path: &str, len: usize, lo: usize, hi: usize) {
        if len < lo || len > hi {
            self.fail(
                path,
                format!("must have between {lo} and {hi} entries, got {len}"),
            );
        }
    }

    /// A text whose number of characters (Unicode scalar values) is within
    /// `[lo, hi]`.
    pub fn chars_within(&mut self, path: &str, text: &str, lo: usize, hi: usize) {
        let n = text.chars().count();
        if n < lo || n > hi {
            let range = if lo == 0 {
                format!("at most {hi}")
            } else {
                format!("{lo} to {hi}")
            };
            self.fail(path, format!("must have {range} characters, got {n}"));
        }
    }

    /// No failure so far.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The collected errors, if any.
    pub fn finish(self) -> Result<(), ScenarioError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ScenarioError {
                errors: self.errors,
            })
        }
    }
}

/// `task` + `p_reward` → `task.p_reward`; `conditions` + `[2]` → `conditions[2]`.
fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_string()
    } else if path.is_empty() {
        prefix.to_string()
    } else if path.starts_with('[') {
        format!("{prefix}{path}")
    } else {
        format!("{prefix}.{path}")
    }
}
