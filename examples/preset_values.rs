//! Every preset's recorded values, one digest per metric name, as JSON: the
//! reference that `tests/preset_values.rs` (native) and `tests/wasm_api.rs`
//! (in Chromium) hold the engine to.
//!
//!   cargo run --profile test-release --example preset_values -- www/scenarios/*.json > tests/baseline/preset_values.json
//!
//! The committed file was written at the commit before the layering work of
//! issue 13; rewrite it only for a change that is meant to alter numbers,
//! and say so in the commit.

#[path = "../tests/common/values.rs"]
#[allow(dead_code)] // the comparison half is for the tests
mod values;

use modulab::experiment::Experiment;
use std::collections::BTreeMap;

fn main() {
    let mut out = BTreeMap::new();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable preset");
        let mut exp = Experiment::from_json(&text).expect("valid preset");
        exp.run_to_end();
        let name = std::path::Path::new(&path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        out.insert(name, values::metric_values(&exp));
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&out).expect("JSON of plain values")
    );
}
