//! Small JSON helpers shared by every spec's checks.

use serde::Serialize;

/// `value` as a JSON value, through its pretty JSON text: spec types are
/// written by one serializer (the text one scenarios are exported with)
/// instead of a second one into `serde_json::Value`, which would double
/// their code in the page's wasm.
pub fn json_value<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_string_pretty(value)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// A JSON value's kind in words, for messages ("a number", "an array" …).
pub fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
