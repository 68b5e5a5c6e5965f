//! Reads a typed value from JSON and names the path of the first bad field
//! (`task.p_reward[1]`, `conditions[0].dopamine.gain`).
//!
//! serde's errors carry no path. Tracking one while deserialising (as
//! serde_path_to_error does) wraps every generated reader in a second layer,
//! which costs tens of kilobytes of the page's wasm. Instead the value is
//! printed as JSON text, read from that text (whose errors carry a line and
//! column), and the column is turned back into a path by scanning the text
//! up to it.

use serde::de::DeserializeOwned;

/// A read that failed: where, and serde's message without its position.
#[derive(Debug)]
pub(crate) struct PathError {
    /// Dotted path with indices (`task.p_reward[1]`); empty for the root.
    pub path: String,
    /// serde's message, e.g. "invalid type: string \"x\", expected f64".
    pub message: String,
}

/// Deserialises `T` from `value`, naming the path of the first problem.
pub(crate) fn from_value<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, PathError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| PathError {
        path: String::new(),
        message: e.to_string(),
    })?;
    serde_json::from_str(&text).map_err(|e| {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        PathError {
            path: path_at(&text, e.line(), e.column()),
            message,
        }
    })
}

/// The path of the first key given twice in one object of JSON `text`
/// (serde_json keeps the last value silently), if any; `None` as well for
/// text that is not JSON, which the scenario's own read reports.
pub(crate) fn duplicate_key(text: &str) -> Option<String> {
    match serde_json::from_str::<Unique>(text) {
        Err(e) if e.is_data() => Some(path_at(text, e.line(), e.column())),
        _ => None,
    }
}

/// Any JSON value whose objects each name a key at most once.
struct Unique;

impl<'de> serde::Deserialize<'de> for Unique {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UniqueVisitor)
    }
}

struct UniqueVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueVisitor {
    type Value = Unique;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_unit<E>(self) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Unique, A::Error> {
        while a.next_element::<Unique>()?.is_some() {}
        Ok(Unique)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Unique, A::Error> {
        let mut keys = std::collections::HashSet::new();
        while let Some(key) = m.next_key::<String>()? {
            if !keys.insert(key) {
                return Err(serde::de::Error::custom("duplicate key"));
            }
            m.next_value::<Unique>()?;
        }
        Ok(Unique)
    }
}

/// One open container while scanning.
enum Frame {
    /// An object and the key whose value is being read, if any.
    Object(Option<String>),
    /// An array and the index of the element being read.
    Array(usize),
}

/// The path of the innermost value open at `line`:`column` in valid JSON
/// `text`, as serde_json reports positions: lines from 1, the column as the
/// bytes of that line read so far.
pub(crate) fn path_at(text: &str, line: usize, column: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut l, mut c) = (1usize, 0usize);
    // Whether the next string in an object is a key (not a value).
    let mut want_key = false;
    while let Some(ch) = chars.next() {
        if ch == '\n' {
            l += 1;
            c = 0;
        } else {
            c += ch.len_utf8();
        }
        if l > line || (l == line && c > column) {
            break;
        }
        match ch {
            '{' => {
                stack.push(Frame::Object(None));
                want_key = true;
            }
            '[' => stack.push(Frame::Array(0)),
            '}' | ']' => {
                stack.pop();
                want_key = false;
            }
            ',' => match stack.last_mut() {
                Some(Frame::Array(i)) => *i += 1,
                Some(Frame::Object(key)) => {
                    *key = None;
                    want_key = true;
                }
                None => {}
            },
            '"' => {
                let mut s = String::new();
                while let Some(x) = chars.next() {
                    c += x.len_utf8();
                    match x {
                        '"' => break,
                        '\\' => {
                            if let Some(y) = chars.next() {
                                c += y.len_utf8();
                                s.push(y);
                            }
                        }
                        _ => s.push(x),
                    }
                }
                if want_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some(s);
                    }
                    want_key = false;
                }
            }
            _ => {}
        }
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        gain: f64,
        list: Vec<f64>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        items: Vec<Inner>,
    }

    fn err(json: &str) -> PathError {
        let v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
        from_value::<Outer>(&v).expect_err("a bad value")
    }

    #[test]
    fn names_the_path_of_a_wrong_type_in_nested_arrays() {
        let e = err(
            r#"{"name": "a", "items": [{"gain": 1, "list": [1]}, {"gain": 2, "list": [1, "x"]}]}"#,
        );
        assert_eq!(e.path, "items[1].list[1]");
        assert!(
            e.message.starts_with("invalid type: string \"x\""),
            "{}",
            e.message
        );
        assert!(!e.message.contains("line"), "{}", e.message);
    }

    #[test]
    fn names_an_unknown_field_and_a_wrong_type_at_the_root() {
        assert_eq!(err(r#"{"name": "a", "items": [], "nmae": 1}"#).path, "nmae");
        assert_eq!(err(r#"{"name": 3, "items": []}"#).path, "name");
        let e = err(r#"{"name": "a", "items": [{"gain": 1, "list": [], "gian": 2}]}"#);
        assert_eq!(e.path, "items[0].gian");
        assert!(
            e.message.starts_with("unknown field `gian`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn keys_with_quotes_and_escapes_do_not_confuse_the_scan() {
        let e =
            err(r#"{"name": "a \"quoted\", [braced] {x}", "items": [{"gain": "g", "list": []}]}"#);
        assert_eq!(e.path, "items[0].gain");
    }

    #[test]
    fn a_missing_field_names_its_object() {
        let e = err(r#"{"name": "a", "items": [{"gain": 1}]}"#);
        assert_eq!(e.path, "items[0]");
        assert!(
            e.message.starts_with("missing field `list`"),
            "{}",
            e.message
        );
    }
}
