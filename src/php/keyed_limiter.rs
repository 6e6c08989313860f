//! `LoginRateLimit\RateLimiter`: a sliding-window limiter for any string key, on the same
//! shared table as the login limiter.

// PHP parameter names come from the Rust ones, and PHP names are camelCase.
#![allow(non_snake_case)]

use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;

use super::args::{Bytes, Int};
use super::errors::invalid_argument;
use super::rate_limit::RateLimit;
use super::runtime::started;
use crate::keyed::{KeyedError, KeyedLimiter};

fn keyed_error(error: KeyedError) -> PhpException {
    invalid_argument(error.to_string())
}

#[php_class]
#[php(name = "LoginRateLimit\\RateLimiter")]
#[php(flags = ClassFlags::Final)]
pub struct RateLimiter {
    limiter: KeyedLimiter,
}

#[php_impl]
impl RateLimiter {
    /// Every `RateLimiter` with the same `$id`, in any worker, shares its states.
    #[php(defaults(interval = "\"15 minutes\""))]
    pub fn __construct(id: Bytes, limit: Int, interval: Bytes) -> PhpResult<Self> {
        KeyedLimiter::new(id.0, limit.0, interval.0)
            .map(|limiter| Self { limiter })
            .map_err(keyed_error)
    }

    /// Takes `$tokens` for `$key`, if they are there.
    #[php(defaults(tokens = 1))]
    pub fn consume(&self, key: Bytes, tokens: Int) -> PhpResult<RateLimit> {
        let runtime = started()?;
        self.limiter
            .consume(&runtime.engine(), key.0, tokens.0)
            .map(RateLimit::from)
            .map_err(keyed_error)
    }

    /// Whether one more token for `$key` would be there now; consumes nothing.
    pub fn peek(&self, key: Bytes) -> PhpResult<RateLimit> {
        let runtime = started()?;
        self.limiter
            .peek(&runtime.engine(), key.0)
            .map(RateLimit::from)
            .map_err(keyed_error)
    }

    /// Forgets what `$key` consumed.
    pub fn reset(&self, key: Bytes) -> PhpResult<()> {
        let runtime = started()?;
        self.limiter
            .reset(&runtime.engine(), key.0)
            .map_err(keyed_error)
    }

    pub fn get_id(&self) -> String {
        self.limiter.id().to_owned()
    }

    pub fn get_limit(&self) -> i64 {
        i64::from(self.limiter.limit())
    }

    /// Seconds.
    pub fn get_interval(&self) -> i64 {
        self.limiter.interval_seconds() as i64
    }
}
