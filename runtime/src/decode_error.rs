//! [`DecodeError`]: a success answer that does not decode.

use std::fmt;

use bytes::Bytes;

use crate::redact::body_excerpt;

/// Where in the answer decoding failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeLocation {
    /// In the body, at this serde path (`scaling_groups[0].name`; `.` for the root).
    Body {
        /// The serde path.
        path: String,
    },
    /// In this response header.
    Header {
        /// The header name.
        name: String,
    },
}

/// A success answer whose body or typed headers did not decode. Keeps everything needed to
/// see why: status, request id, the raw body and where decoding stopped.
#[derive(Clone)]
pub struct DecodeError {
    pub(crate) service: &'static str,
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) body: Bytes,
    pub(crate) location: DecodeLocation,
    pub(crate) message: String,
}

impl DecodeError {
    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id of the answer.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Where decoding failed.
    pub fn location(&self) -> &DecodeLocation {
        &self.location
    }

    /// The serde path of the failure inside the body, or `None` for a header failure.
    pub fn path(&self) -> Option<&str> {
        match &self.location {
            DecodeLocation::Body { path } => Some(path),
            DecodeLocation::Header { .. } => None,
        }
    }

    /// The decoder's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The operation, e.g. `"list_scaling_groups"`.
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The service name, e.g. `"as"`.
    pub fn service(&self) -> &str {
        self.service
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}: HTTP {} ",
            self.service, self.operation, self.status
        )?;
        match &self.location {
            DecodeLocation::Body { path } => {
                write!(f, "body does not decode at `{path}`: {}", self.message)?;
                if self.body.is_empty() {
                    f.write_str(" (empty body)")?;
                } else {
                    write!(f, " (body: {})", body_excerpt(&self.body, 200))?;
                }
            }
            DecodeLocation::Header { name } => {
                write!(f, "header {name} does not decode: {}", self.message)?;
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("service", &self.service)
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("location", &self.location)
            .field("message", &self.message)
            .field("body", &body_excerpt(&self.body, 200))
            .finish()
    }
}

impl std::error::Error for DecodeError {}
