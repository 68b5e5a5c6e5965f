//! The parameter vocabulary, the engine's ground floor: how a field is
//! described (name, label, help, kind, range), how values are checked
//! against those descriptions, the errors that name a field's path, and the
//! limits every layer shares. Every spec type above (tasks, the circuit's
//! model, the conditions) describes its fields with these types; nothing
//! here knows any of them.

mod check;
mod error;
mod field;
mod json;
pub mod limits;

pub use check::{number_text, Check};
pub use error::{clean_serde_message, FieldError, ScenarioError};
pub use field::{check_fields, check_unread, unread_fields, Field, FieldKind, Gate};
pub use json::{json_value, kind_of, whole_floats_as_integers};
