//! Runs a Node script of `make bench` and reads the JSON object on the last
//! line of its output (shared by benches/engine.rs and benches/spiking.rs,
//! which time the page's wasm build in Node beside native runs).

use std::process::Command;

/// `node ARGS…`, the last line of its standard output parsed as JSON; the
/// error says why not (Node missing, the script failing, no JSON line).
pub fn node_json(args: &[&str]) -> Result<serde_json::Value, String> {
    let out = Command::new("node")
        .args(args)
        .output()
        .map_err(|e| format!("cannot start node: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| format!("no JSON line from {}: {text}", args.join(" ")))
}
