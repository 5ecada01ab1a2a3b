//! [`Error`]: everything a call can fail with, and the [`ErrorCode`] trait of generated
//! per-service error-code enums.

use std::fmt;

use crate::auth::AuthError;
use crate::config_error::ConfigError;
use crate::decode_error::DecodeError;
use crate::request::RequestError;
use crate::service_error::ServiceError;
use crate::transport::TransportError;

/// Implemented by each generated `ErrorCode` enum (which has an `Unknown(String)` catch-all).
pub trait ErrorCode: fmt::Debug + fmt::Display + Clone + Send + Sync + 'static {
    /// Maps a code from the wire to the enum. Never fails: unknown codes become the catch-all.
    fn from_code(code: &str) -> Self;
    /// The code as it appears on the wire.
    fn as_str(&self) -> &str;
}

/// For code that does not care about a service's codes (and for the runtime's own IAM calls).
impl ErrorCode for String {
    fn from_code(code: &str) -> Self {
        code.to_owned()
    }

    fn as_str(&self) -> &str {
        self
    }
}

/// Everything a call through [`Client`](crate::Client) can fail with.
///
/// `C` is the service's error-code type; `String` when the caller does not care.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<C: ErrorCode = String> {
    /// The service answered with a status that is not a success status.
    #[error(transparent)]
    Service(Box<ServiceError<C>>),
    /// The request could not be sent or the answer not received (connect, timeout, I/O).
    #[error(transparent)]
    Transport(TransportError),
    /// A success answer whose body (or typed headers) did not decode.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// No token could be obtained from IAM.
    #[error(transparent)]
    Auth(AuthError),
    /// The client configuration cannot serve this call (no endpoint, no project id, ...).
    #[error(transparent)]
    Config(ConfigError),
    /// The request itself was malformed (invalid header value, empty path parameter,
    /// unserialisable body); nothing was sent.
    #[error(transparent)]
    Request(RequestError),
}

impl<C: ErrorCode> Error<C> {
    /// The service's error code, when the service answered with one.
    pub fn service_code(&self) -> Option<&C> {
        match self {
            Error::Service(e) => e.code(),
            _ => None,
        }
    }

    /// The request id of the failed exchange, when there was an answer carrying one
    /// (service errors, decode errors, and IAM refusals).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id(),
            Error::Decode(e) => e.request_id(),
            Error::Auth(e) => e.request_id(),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status()),
            Error::Decode(e) => Some(e.status()),
            Error::Auth(e) => e.status(),
            _ => None,
        }
    }

    /// How many attempts were made: more than 1 when the request was retried and this is
    /// the outcome of the last attempt.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Service(e) => e.attempts(),
            Error::Transport(e) => e.attempts(),
            _ => 1,
        }
    }

    /// The service error, when this is one.
    pub fn as_service(&self) -> Option<&ServiceError<C>> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl<C: ErrorCode> From<ServiceError<C>> for Error<C> {
    fn from(e: ServiceError<C>) -> Self {
        Error::Service(Box::new(e))
    }
}

impl<C: ErrorCode> From<TransportError> for Error<C> {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl<C: ErrorCode> From<DecodeError> for Error<C> {
    fn from(e: DecodeError) -> Self {
        Error::Decode(Box::new(e))
    }
}

impl<C: ErrorCode> From<AuthError> for Error<C> {
    fn from(e: AuthError) -> Self {
        Error::Auth(e)
    }
}

impl<C: ErrorCode> From<ConfigError> for Error<C> {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

impl<C: ErrorCode> From<RequestError> for Error<C> {
    fn from(e: RequestError) -> Self {
        Error::Request(e)
    }
}

/// Lets generated code write `req.json(&body, "application/json")?`: a request body that
/// cannot be serialised becomes [`Error::Request`] (decoding answers never goes through here).
impl<C: ErrorCode> From<serde_json::Error> for Error<C> {
    fn from(e: serde_json::Error) -> Self {
        Error::Request(RequestError::from(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_send_sync_and_small() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error<String>>();
        assert!(
            std::mem::size_of::<Error<String>>() <= 128,
            "{}",
            std::mem::size_of::<Error<String>>()
        );
    }

    #[test]
    fn string_error_code_round_trips() {
        let c = <String as ErrorCode>::from_code("0171");
        assert_eq!(c.as_str(), "0171");
    }
}
