//! The limits every face shares (the page reads them through the wasm API
//! instead of repeating them): how much one scenario may ask for.

/// Most seeds a scenario may ask for.
pub const MAX_SEEDS: u32 = 10_000;
/// Most conditions a scenario may compare.
pub const MAX_CONDITIONS: usize = 16;
/// Most trials one run may have.
pub const MAX_TRIALS: u32 = 10_000_000;
/// Most trials a whole scenario may ask for (seeds × conditions × trials),
/// so that no input makes the engine run for hours.
pub const MAX_TOTAL_TRIALS: u64 = 2_000_000_000;
/// Longest accepted scenario text, in bytes.
pub const MAX_TEXT_BYTES: usize = 1 << 20;
