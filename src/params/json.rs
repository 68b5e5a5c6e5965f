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

/// Rewrites, everywhere in `value`, a number written as a float whose value
/// is a whole number of at most 2⁵³ in magnitude (`3.0`, `1e3`, as Python's
/// `json` writes floats) as that integer, so whole-number fields read it
/// and number fields read the same value. Negative zero, fractions and
/// larger floats are left as written (range checks then name them).
pub fn whole_floats_as_integers(value: &mut serde_json::Value) {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            let Some(x) = n.as_f64() else { return };
            if x.fract() != 0.0 || x.abs() > EXACT || (x == 0.0 && x.is_sign_negative()) {
                return;
            }
            *value = if x < 0.0 {
                serde_json::Value::from(x as i64)
            } else {
                serde_json::Value::from(x as u64)
            };
        }
        serde_json::Value::Array(list) => list.iter_mut().for_each(whole_floats_as_integers),
        serde_json::Value::Object(map) => map.values_mut().for_each(whole_floats_as_integers),
        _ => {}
    }
}
