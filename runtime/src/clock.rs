//! [`Clock`]: where the client reads the time when it decides whether a token is still fresh.

use std::fmt;
use std::time::SystemTime;

/// A source of wall-clock time. The default is [`SystemClock`]; tests inject their own
/// through [`ClientBuilder::clock`](crate::ClientBuilder::clock) to exercise token renewal
/// without sleeping.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}
