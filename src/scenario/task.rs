//! Reading the task object of a scenario: the registry
//! ([`crate::tasks::registry`]) picks the spec type by `kind`, this layer
//! supplies the JSON reader that names the path of a bad field.

use super::json_path::{self, PathError};
use crate::params::{check_fields, clean_serde_message, kind_of, Check, FieldKind, ScenarioError};
use crate::tasks::{fields_of, read_spec, SpecReader, TaskSpec, TASK_KINDS};
use serde::Deserialize;

/// Reads the task through `parse_task`, so that each task's fields are
/// deserialised by one generic instantiation (serde's derived, internally
/// tagged form buffers the object and instantiates every task's reader a
/// second time: tens of kilobytes of the page's wasm).
impl<'de> Deserialize<'de> for TaskSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        parse_task(&value).map_err(serde::de::Error::custom)
    }
}

/// The task's fields (its object without `kind`), read with paths.
struct Fields(serde_json::Value);

impl SpecReader for Fields {
    type Error = PathError;
    fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, PathError> {
        json_path::from_value(&self.0)
    }
}

/// Reads the task object, reporting bad fields with full paths
/// (`task.p_reward[2]`), which serde cannot report through an internally
/// tagged enum.
pub(crate) fn parse_task(task: &serde_json::Value) -> Result<TaskSpec, ScenarioError> {
    let expected = format!("expected one of: {}", TASK_KINDS.join(", "));
    let Some(obj) = task.as_object() else {
        return Err(ScenarioError::one(
            "task",
            format!("must be an object with a \"kind\" field ({expected})"),
        ));
    };
    let kind = match obj.get("kind") {
        None => {
            return Err(ScenarioError::one(
                "task.kind",
                format!("missing; {expected}"),
            ))
        }
        Some(serde_json::Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(ScenarioError::one(
                "task.kind",
                format!("must be a string, got {other}; {expected}"),
            ))
        }
    };
    // serde reads a struct from an array too (positionally): each record
    // of a list of records (`phases`) must be an object.
    for f in fields_of(kind).unwrap_or(&[]) {
        if let (FieldKind::Records { .. }, Some(serde_json::Value::Array(items))) =
            (&f.kind, obj.get(f.name))
        {
            if let Some((i, item)) = items.iter().enumerate().find(|(_, v)| !v.is_object()) {
                return Err(ScenarioError::one(
                    format!("task.{}[{i}]", f.name),
                    format!("must be an object {{…}}, got {}", kind_of(item)),
                ));
            }
        }
    }
    let mut fields = obj.clone();
    fields.remove("kind");
    let fields = Fields(serde_json::Value::Object(fields));
    let Some(result) = read_spec(kind, &fields) else {
        return Err(ScenarioError::one(
            "task.kind",
            format!("unknown task {kind:?}; {expected}"),
        ));
    };
    result.map_err(|e| {
        let path = if e.path.is_empty() {
            "task".to_string()
        } else {
            format!("task.{}", e.path)
        };
        // A number too big for its type gets its documented range instead.
        let mut c = Check::default();
        if let Some(described) = fields_of(kind) {
            c.nested("task", |c| check_fields(described, &fields.0, c));
        }
        ScenarioError::one(path, clean_serde_message(&e.message)).with_ranges(c.finish())
    })
}
