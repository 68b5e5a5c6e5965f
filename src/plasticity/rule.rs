//! What every plasticity rule declares about itself.

/// A rule's declaration, after Nengo's learning-rule types (`modifies` and
/// `probeable`): what state it changes and which quantities it can report, so
/// a circuit can wire it and a recording can name its series without
/// knowing the rule's internals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Short name, e.g. `"bcm"`.
    pub name: &'static str,
    /// What the rule changes (`"weights"`, `"threshold"`, `"value"` …).
    pub modifies: &'static [&'static str],
    /// Names accepted by [`Rule::record`].
    pub records: &'static [&'static str],
}

/// A plasticity rule: its declaration and a probe of its state.
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
