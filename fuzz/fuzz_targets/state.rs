//! Any bytes as the page's decompressed URL state: decoding never panics,
//! and what it returns is a valid scenario and a clean view.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(state) = modulab::share::decode_state(text) {
        assert!(state.scenario.validate().is_ok());
        let v = &state.view;
        assert!(v.charts.len() <= modulab::share::MAX_CHARTS);
        assert!((1..=modulab::share::MAX_WINDOW).contains(&v.window));
    }
});
