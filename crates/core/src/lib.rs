//! The Roots domain: the types and rules a first-contact occupational therapy
//! service rests on.
//!
//! This crate is pure. It knows nothing of HTTP, SQL, HTML, files or clocks:
//! callers pass "today" in, and every function returns the same answer for the
//! same input. That is what lets clinical rules be table-tested and reviewed by
//! a clinical safety officer without reading any I/O code.
//!
//! Errors are returned as [`FieldError`]s that carry a Fluent message id, never
//! English text: the `web` crate turns ids into words in the person's language.

pub mod alerts;
pub mod audit;
pub mod checkpoint;
pub mod dates;
pub mod discharge;
pub mod episode;
pub mod evaluation;
pub mod gas;
#[cfg(feature = "hostile")]
pub mod hostile;
pub mod identifiers;
pub mod interventions;
pub mod measures;
pub mod nhs_number;
pub mod policy;
pub mod postcode;
pub mod queue;
pub mod reference;
pub mod referral;
pub mod signposting;
pub mod staff;
pub mod text;
pub mod triage;
pub mod work;

pub use dates::DateOfBirth;
pub use nhs_number::NhsNumber;
pub use postcode::Postcode;
pub use reference::Reference;

/// A problem with one answer, named by the form field it belongs to.
///
/// `message` is a Fluent message id (see `locales/en/roots.ftl`); `args` fill
/// its variables (for example the length limit that was exceeded).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: &'static str,
    pub args: Vec<(&'static str, i64)>,
}

impl FieldError {
    pub fn new(field: &'static str, message: &'static str) -> Self {
        Self {
            field,
            message,
            args: Vec::new(),
        }
    }

    pub fn with_arg(mut self, name: &'static str, value: i64) -> Self {
        self.args.push((name, value));
        self
    }
}
