//! `LoginRateLimit\LoginRateLimiter`: TYPO3's login limiter for PHP.

// PHP parameter names come from the Rust ones, and PHP names are camelCase.
#![allow(non_snake_case)]

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZvalDyn;
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::args::{Bytes, Int, OptionalArray};
use super::errors::{invalid_argument, runtime};
use super::log::log_if_blocked;
use super::rate_limit::RateLimit;
use super::runtime::{self, started};
use crate::config::{ConfigValue, LimiterConfig, KEY_EXCLUDE_LIST, KEY_INTERVAL, KEY_LIMIT};
use crate::limiter::{Limiter, LimiterError};

fn limiter_error(error: LimiterError) -> PhpException {
    invalid_argument(error.to_string())
}

#[php_class]
#[php(name = "LoginRateLimit\\LoginRateLimiter")]
#[php(flags = ClassFlags::Final)]
pub struct LoginRateLimiter {
    limiter: Limiter,
}

#[php_impl]
impl LoginRateLimiter {
    /// `$config` is TYPO3's per-login-type array (`$GLOBALS['TYPO3_CONF_VARS']['BE']`).
    #[php(defaults(loginType = "\"BE\""))]
    #[php(optional = config)]
    pub fn __construct(config: OptionalArray, loginType: Bytes) -> PhpResult<Self> {
        let value = |key: &str| {
            config
                .0
                .and_then(|c| c.get(key))
                .map_or(Ok(ConfigValue::Missing), |v| config_value(key, v))
        };
        let config = LimiterConfig::new(
            loginType.0,
            value(KEY_LIMIT)?,
            value(KEY_INTERVAL)?,
            value(KEY_EXCLUDE_LIST)?,
        )
        .map_err(|e| invalid_argument(e.to_string()))?;
        Ok(Self {
            limiter: Limiter::new(config),
        })
    }

    /// One login attempt by `$remoteIp`.
    #[php(defaults(tokens = 1))]
    pub fn consume(&self, remoteIp: Bytes, tokens: Int) -> PhpResult<RateLimit> {
        let runtime = started()?;
        let engine = runtime.engine();
        let answer = self
            .limiter
            .consume(&engine, remoteIp.0, tokens.0)
            .map_err(limiter_error)?;
        log_if_blocked(&self.limiter, &engine, remoteIp.0, &answer);
        runtime.report_full_table();
        Ok(RateLimit::from(answer))
    }

    /// Whether one more attempt would be accepted now; consumes nothing.
    pub fn peek(&self, remoteIp: Bytes) -> PhpResult<RateLimit> {
        let runtime = started()?;
        self.limiter
            .peek(&runtime.engine(), remoteIp.0)
            .map(RateLimit::from)
            .map_err(limiter_error)
    }

    /// Forgets the client's attempts: call it after a successful login.
    pub fn reset(&self, remoteIp: Bytes) -> PhpResult<()> {
        let runtime = started()?;
        self.limiter
            .reset(&runtime.engine(), remoteIp.0)
            .map_err(limiter_error)
    }

    pub fn is_excluded(&self, remoteIp: Bytes) -> PhpResult<bool> {
        self.limiter.is_excluded(remoteIp.0).map_err(limiter_error)
    }

    pub fn is_enabled(&self) -> bool {
        self.limiter.config().is_enabled()
    }

    pub fn get_limit(&self) -> i64 {
        i64::from(self.limiter.config().limit)
    }

    pub fn get_interval(&self) -> i64 {
        self.limiter.config().interval_seconds as i64
    }

    pub fn get_login_type(&self) -> String {
        self.limiter.config().login_type.clone()
    }

    /// The store's figures: capacity, entries, load, evictions, memory_bytes, backend, and more;
    /// with Redis, the local table's figures and Redis's errors and fallback answers.
    pub fn stats() -> PhpResult<ZBox<ZendHashTable>> {
        let (stats, redis) = {
            let runtime = started()?;
            (runtime.stats(), runtime.redis().map(|redis| redis.report()))
        };
        let mut table = ZendHashTable::new();
        let mut put = |key: &str, value: &dyn IntoZvalDyn| {
            value
                .as_zval(false)
                .and_then(|v| table.insert(key, v))
                .map_err(|e| runtime(format!("cannot build the stats array: {e}")))
        };
        put("backend", &stats.backend)?;
        put("location", &stats.location.as_str())?;
        put("capacity", &saturating_int(stats.capacity))?;
        put("entries", &saturating_int(stats.entries))?;
        put("evictions", &saturating_int(stats.evictions))?;
        put("load", &runtime::load(&stats))?;
        put("memory_bytes", &saturating_int(stats.memory_bytes))?;
        put(
            "bytes_per_client",
            &(stats.memory_bytes as f64 / stats.capacity.max(1) as f64),
        )?;
        put("lock_takeovers", &saturating_int(stats.lock_takeovers))?;
        put("ipv6_prefix", &i64::from(runtime::ipv6_prefix()))?;
        let health = redis.clone().map(|r| r.health).unwrap_or_default();
        put("redis_available", &redis.map(|r| r.health.available))?;
        put("redis_errors", &saturating_int(health.errors))?;
        put("fallback_answers", &saturating_int(health.fallback_answers))?;
        put("redis_last_error", &health.last_error)?;
        Ok(table)
    }
}

/// One value of the configuration array, read through a reference (what `foreach ($config as
/// &$value)` or `=&` leave in an array) as PHP code reading it would.
fn config_value<'a>(key: &str, value: &'a Zval) -> PhpResult<ConfigValue<'a>> {
    let value = value.dereference();
    if value.is_null() {
        return Ok(ConfigValue::Missing);
    }
    if let Some(int) = value.long() {
        return Ok(ConfigValue::Int(int));
    }
    if value.is_string() {
        return value.str().map(ConfigValue::Text).ok_or_else(|| {
            invalid_argument(format!("Invalid {key}: the string is not valid UTF-8"))
        });
    }
    Ok(ConfigValue::Other(php_type_name(value)))
}

fn php_type_name(value: &Zval) -> &'static str {
    if value.is_double() {
        "float"
    } else if value.is_bool() {
        "bool"
    } else if value.is_array() {
        "array"
    } else if value.is_object() {
        "object"
    } else {
        "value of another type"
    }
}

fn saturating_int(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
