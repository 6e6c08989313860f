//! Limiters: a policy applied to subjects over a store and a clock.
//!
//! `decide` is the one place where any limiter meets the store. `Limiter` is the login limiter
//! (what the PHP class `LoginRateLimiter` is, minus the conversion of PHP values); the keyed
//! limiter (`crate::keyed`) decides through the same function.

use std::fmt;
use std::net::IpAddr;

use crate::client::{client_key, parse_client, AddressError};
use crate::clock::Clock;
use crate::config::LimiterConfig;
use crate::store::{Key, Namespace, StateStore, Update};
use crate::window::{Decision, Effect, Micros, Policy};

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

/// A number of tokens outside `1..=limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokensError {
    pub tokens: i64,
    pub limit: u32,
}

impl fmt::Display for TokensError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Cannot consume {} tokens: the number must be between 1 and the limit ({})",
            self.tokens, self.limit
        )
    }
}

/// `tokens` as a count, if it is within `1..=limit`.
pub fn checked_tokens(tokens: i64, limit: u32) -> Result<u32, TokensError> {
    u32::try_from(tokens)
        .ok()
        .filter(|&t| (1..=limit).contains(&t))
        .ok_or(TokensError { tokens, limit })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimiterError {
    Address(AddressError),
    Tokens(TokensError),
}

impl fmt::Display for LimiterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Address(error) => write!(f, "Invalid client address: {error}"),
            Self::Tokens(error) => error.fmt(f),
        }
    }
}

impl From<AddressError> for LimiterError {
    fn from(error: AddressError) -> Self {
        Self::Address(error)
    }
}

impl From<TokensError> for LimiterError {
    fn from(error: TokensError) -> Self {
        Self::Tokens(error)
    }
}

/// The parts a limiter works with, shared by every limiter of a process.
pub struct Engine<'a> {
    pub store: &'a dyn StateStore,
    pub clock: &'a dyn Clock,
    /// IPv6 clients are counted per prefix of this many bits.
    pub ipv6_prefix: u8,
    /// The user whose states the limiters see (`store::user::effective_uid` in PHP).
    pub user: u32,
}

/// What one call does to a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// Take this many tokens (`1..=limit`, checked by the caller) if they are there.
    Consume(u32),
    /// Would one more token be there now? Stores nothing.
    Peek,
}

/// Decides one attempt on `key`'s state under `policy`, and stores what the decision says, as
/// one atomic step of the store.
pub fn decide(engine: &Engine<'_>, key: Key<'_>, policy: Policy, attempt: Attempt) -> RateLimit {
    let now = engine.clock.now();
    let mut decision = None;
    let plan = |state, lo, hi| match attempt {
        Attempt::Consume(tokens) => policy.consume_throughout(state, lo, hi, tokens),
        Attempt::Peek => Some(Effect::Keep),
    };
    engine.store.measure_and_replace_planned(
        key,
        now,
        &mut |state, at| {
            let decided = match attempt {
                Attempt::Consume(tokens) => policy.consume(state, at, tokens),
                Attempt::Peek => policy.peek(state, at),
            };
            decision = Some((decided, at));
            decided.store.map_or(Update::Keep, Update::Put)
        },
        &plan,
    );
    let (decision, at) = decision.expect("a store always measures once");
    answer(decision, &policy, now - at)
}

/// The answer on the limiter's clock: a store that decided on its own clock (Redis's) gives
/// the same wait from the limiter's `now`, which is `shift` after the instant decided at.
fn answer(decision: Decision, policy: &Policy, shift: Micros) -> RateLimit {
    RateLimit {
        accepted: decision.accepted,
        remaining: Some(decision.remaining),
        limit: Some(policy.limit),
        retry_after: decision.retry_after.saturating_add(shift),
        first_rejection: decision.first_rejection,
    }
}

/// The answer for a subject nobody limits.
fn unlimited(now: Micros) -> RateLimit {
    RateLimit {
        accepted: true,
        remaining: None,
        limit: None,
        retry_after: now,
        first_rejection: false,
    }
}

/// The login limiter: TYPO3's configuration applied to client addresses.
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
        Ok(self.decide(engine, address, Attempt::Consume(tokens)))
    }

    /// Whether one more attempt by `client` would be accepted now. Stores nothing.
    pub fn peek(&self, engine: &Engine<'_>, client: &[u8]) -> Result<RateLimit, LimiterError> {
        let address = parse_client(client)?;
        Ok(self.decide(engine, address, Attempt::Peek))
    }

    /// Forgets `client`'s attempts, as after a successful login.
    pub fn reset(&self, engine: &Engine<'_>, client: &[u8]) -> Result<(), LimiterError> {
        let address = parse_client(client)?;
        if self.limits(address) {
            let key = client_key(address, engine.ipv6_prefix);
            engine
                .store
                .remove(self.key(engine, key.as_bytes()), engine.clock.now());
        }
        Ok(())
    }

    pub fn is_excluded(&self, client: &[u8]) -> Result<bool, LimiterError> {
        Ok(self.config.exclude_list.matches(parse_client(client)?))
    }

    fn limits(&self, address: IpAddr) -> bool {
        self.config.is_enabled() && !self.config.exclude_list.matches(address)
    }

    fn checked_tokens(&self, tokens: i64) -> Result<u32, TokensError> {
        if tokens >= 1 && !self.config.is_enabled() {
            // Nothing is counted, so any positive number passes, as with Symfony's NoLimiter.
            return Ok(u32::try_from(tokens).unwrap_or(u32::MAX));
        }
        checked_tokens(tokens, self.config.limit)
    }

    fn key<'k>(&'k self, engine: &Engine<'_>, subject: &'k [u8]) -> Key<'k> {
        Key {
            user: engine.user,
            namespace: Namespace::Login,
            limiter: &self.config.login_type,
            subject,
            interval: self.config.policy().interval,
        }
    }

    fn decide(&self, engine: &Engine<'_>, address: IpAddr, attempt: Attempt) -> RateLimit {
        if !self.limits(address) {
            return unlimited(engine.clock.now());
        }
        let key = client_key(address, engine.ipv6_prefix);
        decide(
            engine,
            self.key(engine, key.as_bytes()),
            self.config.policy(),
            attempt,
        )
    }
}

#[cfg(test)]
#[path = "limiter_tests.rs"]
mod tests;
