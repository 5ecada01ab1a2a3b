//! [`Error`]: everything a call can fail with, and the [`ServiceErrorCode`] trait of generated
//! per-service error-code enums.

use std::fmt;
use std::marker::PhantomData;

use crate::auth::AuthError;
use crate::config_error::ConfigError;
use crate::decode_error::DecodeError;
use crate::request::RequestError;
use crate::service_error::ServiceError;
use crate::string_enum::UnknownValue;
use crate::transport::TransportError;

/// Implemented by each generated `ErrorCode` enum, whose catch-all variant holds an
/// [`UnknownCode`].
///
/// A code is mapped by [`ServiceErrorCode::from_code`]: the documented variant when
/// [`ServiceErrorCode::documented`] knows the code, else the catch-all. [`UnknownCode`] has no
/// public constructor, so the catch-all never holds a documented code: `AS.0001` is always
/// `ErrorCode::As0001`, however the value was made.
pub trait ServiceErrorCode: fmt::Debug + fmt::Display + Clone + Send + Sync + 'static {
    /// The documented value for `code`; `None` when the reference does not list it.
    fn documented(code: &str) -> Option<Self>;
    /// Wraps a code that [`ServiceErrorCode::documented`] does not know.
    fn undocumented(code: UnknownCode<Self>) -> Self;
    /// The code as it appears on the wire.
    fn as_str(&self) -> &str;
    /// Maps a code from the wire to the enum. Never fails: unknown codes become the catch-all.
    fn from_code(code: &str) -> Self {
        match Self::documented(code) {
            Some(known) => known,
            None => Self::undocumented(UnknownCode::new(code)),
        }
    }
}

/// For code that does not care about a service's codes (and for the runtime's own IAM calls).
impl ServiceErrorCode for String {
    fn documented(code: &str) -> Option<Self> {
        Some(code.to_owned())
    }

    fn undocumented(code: UnknownCode<Self>) -> Self {
        code.as_str().to_owned()
    }

    fn as_str(&self) -> &str {
        self
    }
}

/// An error code that the error-code enum `C` does not document, kept as sent.
///
/// Only [`ServiceErrorCode::from_code`] makes one, after the enum said it does not know the
/// code; there is no public constructor. So `Unknown("AS.0001")` cannot exist beside
/// `As0001`, and two values of `C` are equal exactly when their codes are. Dereferences to
/// `str` and compares with `str`.
pub struct UnknownCode<C> {
    code: UnknownValue,
    of: PhantomData<fn() -> C>,
}

impl<C> UnknownCode<C> {
    fn new(code: &str) -> Self {
        Self {
            code: UnknownValue::from(code),
            of: PhantomData,
        }
    }

    /// The code as sent.
    pub fn as_str(&self) -> &str {
        self.code.as_str()
    }
}

impl<C> Clone for UnknownCode<C> {
    fn clone(&self) -> Self {
        Self {
            code: self.code.clone(),
            of: PhantomData,
        }
    }
}

impl<C> PartialEq for UnknownCode<C> {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl<C> Eq for UnknownCode<C> {}

impl<C> std::hash::Hash for UnknownCode<C> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

impl<C> PartialEq<str> for UnknownCode<C> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<C> PartialEq<&str> for UnknownCode<C> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<C> std::ops::Deref for UnknownCode<C> {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl<C> fmt::Debug for UnknownCode<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<C> fmt::Display for UnknownCode<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything a call through [`Client`](crate::Client) can fail with.
///
/// `C` is the service's error-code type; `String` when the caller does not care.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<C: ServiceErrorCode = String> {
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

impl<C: ServiceErrorCode> Error<C> {
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

impl<C: ServiceErrorCode> From<ServiceError<C>> for Error<C> {
    fn from(e: ServiceError<C>) -> Self {
        Error::Service(Box::new(e))
    }
}

impl<C: ServiceErrorCode> From<TransportError> for Error<C> {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl<C: ServiceErrorCode> From<DecodeError> for Error<C> {
    fn from(e: DecodeError) -> Self {
        Error::Decode(Box::new(e))
    }
}

impl<C: ServiceErrorCode> From<AuthError> for Error<C> {
    fn from(e: AuthError) -> Self {
        Error::Auth(e)
    }
}

impl<C: ServiceErrorCode> From<ConfigError> for Error<C> {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

impl<C: ServiceErrorCode> From<RequestError> for Error<C> {
    fn from(e: RequestError) -> Self {
        Error::Request(e)
    }
}

/// Lets generated code write `req.json(&body, "application/json")?`: a request body that
/// cannot be serialised becomes [`Error::Request`] (decoding answers never goes through here).
impl<C: ServiceErrorCode> From<serde_json::Error> for Error<C> {
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
        let c = <String as ServiceErrorCode>::from_code("0171");
        assert_eq!(c.as_str(), "0171");
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Code {
        As0001,
        Unknown(UnknownCode<Code>),
    }

    impl fmt::Display for Code {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.as_str())
        }
    }

    impl ServiceErrorCode for Code {
        fn documented(code: &str) -> Option<Self> {
            (code == "AS.0001").then_some(Code::As0001)
        }

        fn undocumented(code: UnknownCode<Self>) -> Self {
            Code::Unknown(code)
        }

        fn as_str(&self) -> &str {
            match self {
                Code::As0001 => "AS.0001",
                Code::Unknown(code) => code,
            }
        }
    }

    #[test]
    fn a_documented_code_is_always_its_variant() {
        assert_eq!(Code::from_code("AS.0001"), Code::As0001);
        let other = Code::from_code("AS.9999");
        let Code::Unknown(unknown) = &other else {
            panic!("{other:?}")
        };
        assert_eq!(unknown, "AS.9999");
        assert_eq!(format!("{unknown} {unknown:?}"), "AS.9999 \"AS.9999\"");
        assert_eq!(other.clone(), Code::from_code("AS.9999"));
        assert_ne!(other, Code::from_code("AS.9998"));
        assert_eq!(size_of::<UnknownCode<Code>>(), size_of::<usize>());
    }
}
