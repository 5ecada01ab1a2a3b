//! Documentation of one error code, as generated `ErrorCode` enums carry it.

/// One documented row of a service error code: what the API reference says about it.
///
/// Generated `ErrorCode` enums return these from `documentation()`; a code the reference lists
/// several times (with another message or status) has several rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorDoc {
    /// The code exactly as sent (`AS.0001`, `0171`).
    pub code: &'static str,
    /// HTTP statuses the reference gives (empty when it gives none).
    pub statuses: &'static [u16],
    /// The documented message.
    pub message: &'static str,
    /// What the error means.
    pub description: Option<&'static str>,
    /// What to do about it.
    pub solution: Option<&'static str>,
    /// Where in the reference this row is, for codes listed more than once.
    pub context: Option<&'static str>,
}
