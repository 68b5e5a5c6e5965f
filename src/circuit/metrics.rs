//! What the circuit records each trial: one slot per metric, written by
//! name in [`super::Circuit::trial_metrics`].

use crate::metric::{Group, Metric};

crate::metric_slots! {
    /// A row of the circuit's per-trial record.
    pub enum Slot in METRICS {
        Dopamine => Metric::new("dopamine", "phasic dopamine", "δ units", Group::Modulator).lead(),
        DopamineTonic => Metric::new("dopamine_tonic", "tonic dopamine", "avg. reward × tone", Group::Modulator),
        Acetylcholine => Metric::new("acetylcholine", "phasic ACh", "uncertainty τ", Group::Modulator),
        AcetylcholineTonic => Metric::new("acetylcholine_tonic", "tonic ACh", "", Group::Modulator),
        Norepinephrine => Metric::new("norepinephrine", "phasic NE", "change-point Ω", Group::Modulator),
        NorepinephrineTonic => Metric::new("norepinephrine_tonic", "tonic NE", "", Group::Modulator),
        Serotonin => Metric::new("serotonin", "phasic 5-HT", "aversive error", Group::Modulator),
        SerotoninTonic => Metric::new("serotonin_tonic", "serotonin tone", "", Group::Modulator),
        LearningRate => Metric::new("learning_rate", "effective learning rate η", "", Group::Plasticity).lead(),
        InverseTemperature => Metric::new("inverse_temperature", "inverse temperature β", "", Group::Plasticity),
        Discount => Metric::new("discount", "discount γ", "", Group::Plasticity).within(0.0, 1.0),
        ChoiceEntropy => Metric::new("choice_entropy", "choice entropy", "nats", Group::Behaviour),
        Value => Metric::new("value", "value of choice Q", "", Group::Weights).lead(),
        Latency => Metric::new("latency", "response latency", "a.u.", Group::Behaviour),
        Greedy => Metric::new("greedy", "P(greedy choice)", "", Group::Behaviour).within(0.0, 1.0),
        SlowShare => Metric::new("slow_share", "consolidated share of learning", "", Group::Weights).within(0.0, 1.0),
        Threshold => Metric::new("threshold", "sensory BCM threshold θ", "", Group::Plasticity),
        CueBelief => Metric::new("cue_belief", "cue believed relevant", "index", Group::Task),
    }
}

crate::metric_slots! {
    /// A row recorded after [`METRICS`] when `model.structure` is on
    /// (counted from the end of [`METRICS`]).
    pub enum StructureSlot in STRUCTURE_METRICS {
        Synapses => Metric::new("synapses", "existing cue → value synapses", "count", Group::Weights),
        Scaling => Metric::new("scaling", "mean homeostatic scaling factor", "", Group::Plasticity),
    }
}

crate::metric_slots! {
    /// A row recorded after the structure rows when `model.associability`
    /// is on: the mean Pearce–Hall associability of the trial's features.
    pub enum AssociabilitySlot in ASSOCIABILITY_METRICS {
        Associability => Metric::new("associability", "mean cue associability α", "", Group::Plasticity),
    }
}

crate::metric_slots! {
    /// A row recorded after those when `model.memory` is on: the strongest
    /// activity the hippocampus retrieved for an absent feature in the trial.
    pub enum MemorySlot in MEMORY_METRICS {
        Recall => Metric::new("recall", "hippocampal recall of an absent cue", "", Group::Plasticity),
    }
}

/// The phasic and tonic slot of each modulator, in the order of the
/// circuit's nuclei (dopamine, acetylcholine, norepinephrine, serotonin).
pub const LEVELS: [(Slot, Slot); 4] = [
    (Slot::Dopamine, Slot::DopamineTonic),
    (Slot::Acetylcholine, Slot::AcetylcholineTonic),
    (Slot::Norepinephrine, Slot::NorepinephrineTonic),
    (Slot::Serotonin, Slot::SerotoninTonic),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::check_slots;

    #[test]
    fn the_circuit_tables_match_their_slots() {
        let v: Vec<&str> = Slot::ALL.iter().map(|s| s.variant()).collect();
        assert_eq!(check_slots(&v, METRICS), Ok(()));
        let v: Vec<&str> = StructureSlot::ALL.iter().map(|s| s.variant()).collect();
        assert_eq!(check_slots(&v, STRUCTURE_METRICS), Ok(()));
        let v: Vec<&str> = AssociabilitySlot::ALL.iter().map(|s| s.variant()).collect();
        assert_eq!(check_slots(&v, ASSOCIABILITY_METRICS), Ok(()));
        let v: Vec<&str> = MemorySlot::ALL.iter().map(|s| s.variant()).collect();
        assert_eq!(check_slots(&v, MEMORY_METRICS), Ok(()));
    }

    #[test]
    fn what_each_region_records_is_in_the_tables() {
        use crate::circuit::regions::*;
        let all: Vec<&str> = [
            METRICS,
            STRUCTURE_METRICS,
            ASSOCIABILITY_METRICS,
            MEMORY_METRICS,
        ]
        .iter()
        .flat_map(|t| t.iter().map(|m| m.name))
        .collect();
        for list in [
            Sensory::RECORDS,
            Hippocampus::RECORDS,
            Ofc::RECORDS,
            Mpfc::RECORDS,
            Dlpfc::RECORDS,
            DorsalStriatum::RECORDS,
            VentralStriatum::RECORDS,
        ] {
            for name in list {
                assert!(all.contains(name), "{name}");
            }
        }
    }
}
