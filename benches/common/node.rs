//! Runs a program of `make bench` (a Node script, or a bench binary again)
//! and reads the JSON object on the last line of its output (shared by
//! benches/engine.rs and benches/spiking.rs, which time the page's wasm
//! build in Node beside native runs).

use std::ffi::OsStr;
use std::process::Command;

/// `node ARGS…`, the last line of its standard output parsed as JSON; the
/// error says why not (Node missing, the script failing, no JSON line).
pub fn node_json(args: &[&str]) -> Result<serde_json::Value, String> {
    last_json_line(OsStr::new("node"), args)
}

/// `PROGRAM ARGS…`, the last line of its standard output parsed as JSON.
pub fn last_json_line(program: &OsStr, args: &[&str]) -> Result<serde_json::Value, String> {
    let name = program.to_string_lossy();
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("cannot start {name}: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| format!("no JSON line from {name} {}: {text}", args.join(" ")))
}
