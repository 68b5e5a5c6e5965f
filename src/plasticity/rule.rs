//! What every plasticity rule declares about itself.

/// A rule's declaration, after Nengo's learning-rule types (`modifies` and
/// `probeable`): which state the rule changes and which quantities of it
/// can be read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Short name, e.g. `"bcm"`.
    pub name: &'static str,
    /// What the rule changes (`"weights"`, `"threshold"`, `"value"` …).
    pub modifies: &'static [&'static str],
    /// Names accepted by [`Rule::record`].
    pub records: &'static [&'static str],
}

/// A plasticity rule's declaration and a probe of its state, implemented
/// by every rule type of this module.
///
/// What it is, exactly: a description, not a wiring interface. The circuit
/// (`src/circuit/`) and the spiking network (`src/spiking/`) call each
/// rule's own methods (`present`, `add`, `step`, `settle` …), whose
/// signatures differ with what the rule needs, and record their metrics
/// themselves; nothing dispatches through this trait. It is used by
/// tests/plasticity.rs (`every_rule_declares_and_serves_its_records`, and
/// rule-level criteria reading [`Rule::record`]) and it is the source of
/// the "modifies" and "records" columns of docs/plasticity.md.
pub trait Rule {
    /// What the rule modifies and records.
    const INFO: RuleInfo;

    /// The current value of a recordable quantity (a mean where the state is
    /// a vector); `None` for a name not in [`RuleInfo::records`].
    fn record(&self, what: &str) -> Option<f64>;
}

/// Mean of a slice; 0 for an empty one (never NaN).
pub(crate) fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        0.0
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}
