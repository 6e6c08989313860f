//! A keyed limiter: Symfony's sliding window for any key (an e-mail address, a user id, an
//! address as the caller spells it) under a limiter id. This is what the PHP class
//! `RateLimiter` is, minus the conversion of PHP values.
//!
//! Keys are opaque bytes, compared exactly: nothing is parsed or normalized, so the caller
//! decides what counts as one subject.

use std::fmt;

use crate::client::printable;
use crate::interval::{parse_interval, IntervalError};
use crate::limiter::{checked_tokens, decide, Attempt, Engine, RateLimit, TokensError};
use crate::store::{Key, Namespace};
use crate::window::{Micros, Policy, MAX_LIMIT, MICROS_PER_SECOND};

pub const MAX_ID_LENGTH: usize = 64;
pub const MAX_KEY_BYTES: usize = 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyedError {
    Id { shown: String },
    Limit(i64),
    Interval { shown: String, error: IntervalError },
    Key { shown: String, len: usize },
    Tokens(TokensError),
}

impl fmt::Display for KeyedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Id { shown } => write!(
                f,
                "Invalid rate limiter id: \"{shown}\" must be 1 to {MAX_ID_LENGTH} characters of \
                 A-Z, a-z, 0-9, '_', '.', ':' and '-'"
            ),
            Self::Limit(limit) => write!(
                f,
                "Invalid limit: {limit} is not between 1 and the largest supported limit, \
                 {MAX_LIMIT}"
            ),
            Self::Interval { shown, error } => write!(f, "Invalid interval: \"{shown}\": {error}"),
            Self::Key { shown, len } => write!(
                f,
                "Invalid key: \"{shown}\" is {len} bytes long; a key is 1 to {MAX_KEY_BYTES} bytes"
            ),
            Self::Tokens(error) => error.fmt(f),
        }
    }
}

impl From<TokensError> for KeyedError {
    fn from(error: TokensError) -> Self {
        Self::Tokens(error)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyedLimiter {
    id: String,
    limit: u32,
    interval_seconds: u64,
}

impl KeyedLimiter {
    /// `id`: 1 to 64 characters of `[A-Za-z0-9_.:-]`; `limit`: 1 to 65535 per `interval`
    /// (the forms `loginRateLimitInterval` takes).
    pub fn new(id: &[u8], limit: i64, interval: &[u8]) -> Result<Self, KeyedError> {
        let id = parse_id(id)?;
        let limit = u32::try_from(limit)
            .ok()
            .filter(|l| (1..=MAX_LIMIT).contains(l))
            .ok_or(KeyedError::Limit(limit))?;
        let refuse_interval = |error| KeyedError::Interval {
            shown: printable(interval),
            error,
        };
        let text = std::str::from_utf8(interval)
            .map_err(|_| refuse_interval(IntervalError::Unparsable))?;
        let interval_seconds = parse_interval(text).map_err(refuse_interval)?;
        Ok(Self {
            id,
            limit,
            interval_seconds,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn limit(&self) -> u32 {
        self.limit
    }

    pub fn interval_seconds(&self) -> u64 {
        self.interval_seconds
    }

    /// Takes `tokens` (1 to the limit) for `key`, if they are there.
    pub fn consume(
        &self,
        engine: &Engine<'_>,
        key: &[u8],
        tokens: i64,
    ) -> Result<RateLimit, KeyedError> {
        let key = self.key(engine, key)?;
        let tokens = checked_tokens(tokens, self.limit)?;
        Ok(decide(engine, key, self.policy(), Attempt::Consume(tokens)))
    }

    /// Whether one more token for `key` would be there now. Stores nothing.
    pub fn peek(&self, engine: &Engine<'_>, key: &[u8]) -> Result<RateLimit, KeyedError> {
        Ok(decide(
            engine,
            self.key(engine, key)?,
            self.policy(),
            Attempt::Peek,
        ))
    }

    /// Forgets what `key` consumed.
    pub fn reset(&self, engine: &Engine<'_>, key: &[u8]) -> Result<(), KeyedError> {
        engine
            .store
            .remove(self.key(engine, key)?, engine.clock.now());
        Ok(())
    }

    fn policy(&self) -> Policy {
        Policy {
            limit: self.limit,
            interval: self.interval_seconds as Micros * MICROS_PER_SECOND,
        }
    }

    fn key<'k>(&'k self, engine: &Engine<'_>, subject: &'k [u8]) -> Result<Key<'k>, KeyedError> {
        if !(1..=MAX_KEY_BYTES).contains(&subject.len()) {
            return Err(KeyedError::Key {
                shown: printable(subject),
                len: subject.len(),
            });
        }
        Ok(Key {
            user: engine.user,
            namespace: Namespace::Keyed,
            limiter: &self.id,
            subject,
            interval: self.policy().interval,
        })
    }
}

fn parse_id(id: &[u8]) -> Result<String, KeyedError> {
    let valid = (1..=MAX_ID_LENGTH).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'));
    match std::str::from_utf8(id) {
        Ok(id) if valid => Ok(id.to_owned()),
        _ => Err(KeyedError::Id {
            shown: printable(id),
        }),
    }
}

#[cfg(test)]
#[path = "keyed_tests.rs"]
mod tests;
