//! [`Sleeper`]: how the client waits between retries, injectable so tests need not wait.

use std::fmt;
use std::time::Duration;

/// Waits between two attempts of a request. The default is [`TokioSleeper`]; tests inject
/// one that records the delays and returns at once, through
/// [`ClientBuilder::sleeper`](crate::ClientBuilder::sleeper).
#[async_trait::async_trait]
pub trait Sleeper: Send + Sync + fmt::Debug {
    /// Returns after `duration` (or sooner, in tests).
    async fn sleep(&self, duration: Duration);
}

/// Sleeps on the tokio timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

#[async_trait::async_trait]
impl Sleeper for TokioSleeper {
    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}
