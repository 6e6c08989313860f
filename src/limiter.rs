//! A login limiter: one configuration applied to clients over a store and a clock. This is
//! what the PHP class `LoginRateLimiter` is, minus the conversion of PHP values.

use std::fmt;
use std::net::IpAddr;

use crate::client::{client_key, parse_client, AddressError};
use crate::clock::Clock;
use crate::config::LimiterConfig;
use crate::store::{Key, StateStore, Update};
use crate::window::{Decision, Micros, Policy, State};

/// The answer to one call, in the terms of Symfony's `RateLimit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub accepted: bool,
    /// `None` for clients nobody limits (Symfony's `NoLimiter` reports `PHP_INT_MAX`).
    pub remaining: Option<u32>,
    pub limit: Option<u32>,
    /// On the limiter's clock (`Clock::to_wall` shows it on the wall clock).
    pub retry_after: Micros,
    /// The first rejection of a lock-out (see `window::Decision`): at most one call per
    /// lock-out, in any process, answers with it set.
    pub first_rejection: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimiterError {
    Address(AddressError),
    Tokens { tokens: i64, limit: u32 },
}

impl fmt::Display for LimiterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Address(error) => write!(f, "Invalid client address: {error}"),
            Self::Tokens { tokens, limit } => write!(
                f,
                "Cannot consume {tokens} tokens: the number must be between 1 and the limit ({limit})"
            ),
        }
    }
}

impl From<AddressError> for LimiterError {
    fn from(error: AddressError) -> Self {
        Self::Address(error)
    }
}

/// The parts a limiter works with, shared by every limiter of a process.
pub struct Engine<'a> {
    pub store: &'a dyn StateStore,
    pub clock: &'a dyn Clock,
    /// IPv6 clients are counted per prefix of this many bits.
    pub ipv6_prefix: u8,
}

pub struct Limiter {
    config: LimiterConfig,
}

impl Limiter {
    pub fn new(config: LimiterConfig) -> Self {
        Self { config }
    }

    pub fn config(&self) -> &LimiterConfig {
        &self.config
    }

    /// One login attempt of `tokens` by `client`.
    pub fn consume(
        &self,
        engine: &Engine<'_>,
        client: &[u8],
        tokens: i64,
    ) -> Result<RateLimit, LimiterError> {
        let address = parse_client(client)?;
        let tokens = self.checked_tokens(tokens)?;
        Ok(self.decide(engine, address, |policy, state, now| {
            policy.consume(state, now, tokens)
        }))
    }

    /// Whether one more attempt by `client` would be accepted now. Stores nothing.
    pub fn peek(&self, engine: &Engine<'_>, client: &[u8]) -> Result<RateLimit, LimiterError> {
        let address = parse_client(client)?;
        Ok(self.decide(engine, address, |policy, state, now| {
            policy.peek(state, now)
        }))
    }

    /// Forgets `client`'s attempts, as after a successful login.
    pub fn reset(&self, engine: &Engine<'_>, client: &[u8]) -> Result<(), LimiterError> {
        let address = parse_client(client)?;
        if self.limits(address) {
            let key = client_key(address, engine.ipv6_prefix);
            engine.store.remove(self.key(key.as_bytes()));
        }
        Ok(())
    }

    pub fn is_excluded(&self, client: &[u8]) -> Result<bool, LimiterError> {
        Ok(self.config.exclude_list.matches(parse_client(client)?))
    }

    fn limits(&self, address: IpAddr) -> bool {
        self.config.is_enabled() && !self.config.exclude_list.matches(address)
    }

    fn checked_tokens(&self, tokens: i64) -> Result<u32, LimiterError> {
        let refuse = LimiterError::Tokens {
            tokens,
            limit: self.config.limit,
        };
        if tokens < 1 {
            return Err(refuse);
        }
        if !self.config.is_enabled() {
            // Nothing is counted, so any positive number passes, as with Symfony's NoLimiter.
            return Ok(u32::try_from(tokens).unwrap_or(u32::MAX));
        }
        u32::try_from(tokens)
            .ok()
            .filter(|&t| t <= self.config.limit)
            .ok_or(refuse)
    }

    fn key<'k>(&'k self, subject: &'k [u8]) -> Key<'k> {
        Key {
            limiter: &self.config.login_type,
            subject,
        }
    }

    /// Applies `rule` to the client's state in the store, and stores what it decides.
    fn decide(
        &self,
        engine: &Engine<'_>,
        address: IpAddr,
        rule: impl Fn(&Policy, Option<State>, Micros) -> Decision,
    ) -> RateLimit {
        let now = engine.clock.now();
        if !self.limits(address) {
            return unlimited(now);
        }
        let policy = self.config.policy();
        let key = client_key(address, engine.ipv6_prefix);
        let mut decision = None;
        engine
            .store
            .measure_and_replace(self.key(key.as_bytes()), now, &mut |state| {
                let decided = rule(&policy, state, now);
                decision = Some(decided);
                decided.store.map_or(Update::Keep, Update::Put)
            });
        self.answer(decision)
    }

    fn answer(&self, decision: Option<Decision>) -> RateLimit {
        let decision = decision.expect("a store always measures once");
        RateLimit {
            accepted: decision.accepted,
            remaining: Some(decision.remaining),
            limit: Some(self.config.limit),
            retry_after: decision.retry_after,
            first_rejection: decision.first_rejection,
        }
    }
}

fn unlimited(now: Micros) -> RateLimit {
    RateLimit {
        accepted: true,
        remaining: None,
        limit: None,
        retry_after: now,
        first_rejection: false,
    }
}

#[cfg(test)]
#[path = "limiter_tests.rs"]
mod tests;
