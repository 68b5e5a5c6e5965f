//! The model fingerprint: which numbers a scenario gives, as one short hash.
//!
//! Every export (results JSON and CSV), every page link and every embedded
//! figure carries the engine version ([`ENGINE_VERSION`], the Cargo package
//! version) and this fingerprint. Two runs whose fingerprints are equal give
//! identical numbers; when they differ, the numbers may differ (the
//! scenario, or the engine's numerics, changed).
//!
//! The fingerprint is FNV-1a (64 bits, written as 16 hex digits) of
//! `modulab-numerics-<NUMERICS>\n` followed by the canonical scenario: the
//! scenario as the engine reads it, every default filled in, serialised by
//! the engine, with the titles left out (`name` and each condition's
//! `label` name things; they never change a number).
//!
//! The rule for [`NUMERICS`]: bump it in the same commit as any change that
//! makes any scenario's recorded numbers differ (a rule, a task, a default,
//! the random streams). `tests/results.rs` holds it to the preset baseline
//! (`tests/baseline/preset_values.json`): rewriting the baseline fails that
//! test until `NUMERICS` (or, for a change that moves no number, the
//! baseline's recorded hash) is updated. A new scenario field changes the
//! canonical text, so a scenario read by an engine that knows more fields
//! may get a new fingerprint: the check errs on the side of "may differ".
//!
//! ```
//! use modulab::fingerprint::fingerprint;
//! use modulab::scenario::Scenario;
//! let a = Scenario::from_json(r#"{"task": {"kind": "bandit"}, "name": "mine"}"#).unwrap();
//! let b = Scenario::from_json(r#"{"task": {"kind": "bandit", "trials": 300}}"#).unwrap();
//! assert_eq!(fingerprint(&a), fingerprint(&b), "defaults filled, titles left out");
//! let c = Scenario::from_json(r#"{"task": {"kind": "bandit", "trials": 301}}"#).unwrap();
//! assert_ne!(fingerprint(&a), fingerprint(&c));
//! ```

use crate::scenario::Scenario;
use serde::Serialize;
use serde_json::Value;

/// The engine's version (the Cargo package version).
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The engine's numeric identity: bumped whenever a change makes any
/// scenario's numbers differ (see the module's rule).
pub const NUMERICS: u32 = 7;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bits, of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(FNV_PRIME)
    })
}

/// The canonical text the fingerprint hashes: the filled scenario without
/// its titles, as compact JSON.
pub fn canonical(scenario: &Scenario) -> String {
    let mut v = crate::scenario::json_value(scenario);
    if let Value::Object(o) = &mut v {
        o.remove("name");
        if let Some(Value::Array(conds)) = o.get_mut("conditions") {
            for c in conds {
                if let Value::Object(c) = c {
                    c.remove("label");
                }
            }
        }
    }
    v.to_string()
}

/// The model fingerprint of `scenario`: 16 lowercase hex digits.
pub fn fingerprint(scenario: &Scenario) -> String {
    let text = format!("modulab-numerics-{NUMERICS}\n{}", canonical(scenario));
    format!("{:016x}", fnv1a64(text.as_bytes()))
}

/// What a link, a results file or an embedded figure says about its
/// numbers: the engine version and fingerprint it was made with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// Engine version that made it.
    pub engine_version: String,
    /// Model fingerprint it was made with.
    pub fingerprint: String,
}

impl Identity {
    /// This engine's identity for `scenario`.
    pub fn of(scenario: &Scenario) -> Identity {
        Identity {
            engine_version: ENGINE_VERSION.to_string(),
            fingerprint: fingerprint(scenario),
        }
    }
}

/// Whether numbers made elsewhere are the ones this engine gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Match {
    /// Same fingerprint: this engine gives identical numbers.
    Identical {
        /// The fingerprint (both sides).
        fingerprint: String,
        /// Engine version that made the document.
        engine_version: String,
    },
    /// Different fingerprints: the numbers may differ.
    Differs {
        /// Fingerprint the document carries.
        written: String,
        /// Engine version that made the document.
        engine_version: String,
        /// This engine's fingerprint of the same scenario.
        now: String,
    },
    /// The document carries no fingerprint (made before fingerprints, or
    /// by hand): the numbers may differ.
    Unknown {
        /// This engine's fingerprint of the scenario.
        now: String,
    },
}

impl Match {
    /// Compares what a document says (`written`, if anything) with this
    /// engine's fingerprint of `scenario`.
    pub fn check(written: Option<&Identity>, scenario: &Scenario) -> Match {
        let now = fingerprint(scenario);
        match written {
            Some(w) if w.fingerprint == now => Match::Identical {
                fingerprint: now,
                engine_version: w.engine_version.clone(),
            },
            Some(w) => Match::Differs {
                written: w.fingerprint.clone(),
                engine_version: w.engine_version.clone(),
                now,
            },
            None => Match::Unknown { now },
        }
    }

    /// The numbers are identical.
    pub fn is_identical(&self) -> bool {
        matches!(self, Match::Identical { .. })
    }

    /// One sentence for a person: identical, or why the numbers may differ.
    pub fn message(&self) -> String {
        // An embed may give a fingerprint without the engine version.
        let by = |v: &str| {
            if v.is_empty() {
                String::new()
            } else {
                format!(" by ModuLab {v}")
            }
        };
        match self {
            Match::Identical {
                fingerprint,
                engine_version,
            } => format!(
                "identical: made{} with model fingerprint {fingerprint}, the one this engine ({ENGINE_VERSION}) gives, so the numbers are the same",
                by(engine_version)
            ),
            Match::Differs {
                written,
                engine_version,
                now,
            } => format!(
                "made{} with model fingerprint {written}; this engine ({ENGINE_VERSION}) gives {now}: its numbers may differ from this engine's",
                by(engine_version)
            ),
            Match::Unknown { now } => format!(
                "it carries no model fingerprint (this engine, {ENGINE_VERSION}, gives {now}): its numbers may differ from this engine's"
            ),
        }
    }
}

/// Reads `{"engine_version": "…", "fingerprint": "…"}` (both strings of
/// at most 64 bytes) from a JSON value; `None` for anything else.
pub fn identity_in(v: &Value) -> Option<Identity> {
    let o = v.as_object()?;
    let text = |k: &str| {
        o.get(k)
            .and_then(Value::as_str)
            .filter(|s| s.len() <= 64)
            .map(str::to_string)
    };
    Some(Identity {
        engine_version: text("engine_version")?,
        fingerprint: text("fingerprint")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn titles_do_not_count_and_numbers_do() {
        let s = |t: &str| Scenario::from_json(t).unwrap();
        let a = s(r#"{"task": {"kind": "bandit"}, "conditions": [{"label": "a"}]}"#);
        let b = s(r#"{"name": "x", "task": {"kind": "bandit"}, "conditions": [{"label": "b"}]}"#);
        let c = s(
            r#"{"task": {"kind": "bandit"}, "conditions": [{"label": "a", "dopamine": {"gain": 0.5}}]}"#,
        );
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&a), fingerprint(&c));
        assert_eq!(fingerprint(&a).len(), 16);
        let id = Identity::of(&a);
        assert!(Match::check(Some(&id), &b).is_identical());
        let m = Match::check(Some(&id), &c);
        assert!(matches!(m, Match::Differs { .. }));
        assert!(m.message().contains("may differ"), "{}", m.message());
        assert!(Match::check(None, &a)
            .message()
            .contains("no model fingerprint"));
    }
}
