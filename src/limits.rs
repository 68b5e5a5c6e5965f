//! The engine's limits in one place: what a scenario, a view and a results
//! file may hold. The page, `<modulab-figure>`, the embed and the spiking
//! page read them (`limits()` in the wasm API) instead of repeating them.

use crate::metric::CHARTS;
use crate::scenario::{MAX_CONDITIONS, MAX_SEEDS, MAX_TEXT_BYTES, MAX_TOTAL_TRIALS, MAX_TRIALS};
use serde::Serialize;

/// Most charts a view names (the page has [`CHARTS`]).
pub const MAX_CHARTS: usize = CHARTS.len();
/// Longest smoothing window (trailing moving average), in points.
pub const MAX_WINDOW: u32 = 100;
/// Most recorded values a results file may hold in all (every point of
/// every series of every run), so reading one stays within memory.
pub const MAX_RESULT_VALUES: usize = 1 << 27;

/// Most trials a scenario may have for the page to run it as soon as it is
/// opened or edited; above it the page waits for Run.
pub const AUTO_RUN_TRIALS: u64 = 300_000;
/// Most work ([`crate::scenario::Scenario::total_work`], in trials of the
/// rate circuit) a scenario may take for the page to run it without
/// asking: about 10 s natively by that estimate, a little more in a
/// browser. Every shipped preset is within it (the largest, the
/// distal-reward preset, takes 2.4·10⁷); the distal-reward task at 20
/// seeds, 5·10⁸, is not (tests/tasks.rs).
pub const AUTO_RUN_WORK: u64 = 30_000_000;

/// Every limit, as the wasm API hands it to JavaScript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Most conditions a scenario may compare.
    pub max_conditions: usize,
    /// Most seeds per condition.
    pub max_seeds: u32,
    /// Most trials one run may have.
    pub max_trials: u32,
    /// Most trials a whole scenario may ask for.
    pub max_total_trials: u64,
    /// Longest scenario (or link state) text, in bytes.
    pub max_text_bytes: usize,
    /// Longest smoothing window, in points.
    pub max_window: u32,
    /// Most charts a view names.
    pub max_charts: usize,
    /// Longest window of recent spikes and dopamine the spiking network
    /// keeps for display, in ms of model time.
    pub max_spike_window_ms: u32,
    /// Most recorded values a results file may hold.
    pub max_result_values: usize,
    /// Most trials of a scenario the page runs without asking.
    pub auto_run_trials: u64,
    /// Most work of a scenario the page runs without asking.
    pub auto_run_work: u64,
}

/// The engine's limits.
pub fn limits() -> Limits {
    Limits {
        max_conditions: MAX_CONDITIONS,
        max_seeds: MAX_SEEDS,
        max_trials: MAX_TRIALS,
        max_total_trials: MAX_TOTAL_TRIALS,
        max_text_bytes: MAX_TEXT_BYTES,
        max_window: MAX_WINDOW,
        max_charts: MAX_CHARTS,
        max_spike_window_ms: crate::spiking::DISPLAY_MS,
        max_result_values: MAX_RESULT_VALUES,
        auto_run_trials: AUTO_RUN_TRIALS,
        auto_run_work: AUTO_RUN_WORK,
    }
}
