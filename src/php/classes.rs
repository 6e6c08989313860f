//! `LoginRateLimit\LoginRateLimiter`, `RateLimit`, `RateLimitExceededException` and
//! `TestClock`.

// PHP parameter names come from the Rust ones, and PHP names are camelCase.
#![allow(non_snake_case)]

use ext_php_rs::binary_slice::BinarySlice;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::class::RegisteredClass;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::convert::IntoZvalDyn;
use ext_php_rs::exception::{throw_object, throw_with_code, PhpException};
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendCallable;
use ext_php_rs::types::{ZendClassObject, ZendHashTable, ZendObject, Zval};
use ext_php_rs::zend::{ce, ClassEntry, ExecutorGlobals};

use super::errors::{invalid_argument, logic, runtime};
use super::runtime::{self, Runtime};
use crate::clock::{Clock, ManualClock};
use crate::config::{ConfigValue, LimiterConfig, KEY_EXCLUDE_LIST, KEY_INTERVAL, KEY_LIMIT};
use crate::limiter::{self, Limiter, LimiterError};
use crate::store::shm::{MAX_TIME, TIME_BASE};
use crate::window::{Micros, MICROS_PER_SECOND};

extern "C" {
    /// SPL's `\RuntimeException`, exported by every PHP 8 binary.
    static spl_ce_RuntimeException: *mut ClassEntry;
}

/// The parent class of `RateLimitExceededException`. It is needed while the module starts, when
/// PHP's class lookup does not work yet and ext-php-rs offers no safe way to name an SPL class.
#[allow(unsafe_code)]
fn runtime_exception_ce() -> &'static ClassEntry {
    // SAFETY: SPL is built into PHP 8 and sets this global during its own module start, which
    // precedes every shared extension's; it stays valid until module shutdown. A null pointer
    // (never seen) falls back to `\Exception`.
    unsafe { spl_ce_RuntimeException.as_ref() }.unwrap_or_else(ce::exception)
}

fn started() -> PhpResult<&'static Runtime> {
    runtime::get().ok_or_else(|| runtime("login_ratelimit did not start: see the PHP startup log"))
}

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
    pub fn __construct(config: Option<&ZendHashTable>, loginType: String) -> PhpResult<Self> {
        let value = |key: &str| {
            config
                .and_then(|c| c.get(key))
                .map_or(Ok(ConfigValue::Missing), |v| config_value(key, v))
        };
        let config = LimiterConfig::new(
            &loginType,
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
    pub fn consume(&self, remoteIp: BinarySlice<u8>, tokens: i64) -> PhpResult<RateLimit> {
        let runtime = started()?;
        self.limiter
            .consume(&runtime.engine(), &remoteIp, tokens)
            .map(RateLimit::from)
            .map_err(limiter_error)
    }

    /// Whether one more attempt would be accepted now; consumes nothing.
    pub fn peek(&self, remoteIp: BinarySlice<u8>) -> PhpResult<RateLimit> {
        let runtime = started()?;
        self.limiter
            .peek(&runtime.engine(), &remoteIp)
            .map(RateLimit::from)
            .map_err(limiter_error)
    }

    /// Forgets the client's attempts: call it after a successful login.
    pub fn reset(&self, remoteIp: BinarySlice<u8>) -> PhpResult<()> {
        let runtime = started()?;
        self.limiter
            .reset(&runtime.engine(), &remoteIp)
            .map_err(limiter_error)
    }

    pub fn is_excluded(&self, remoteIp: BinarySlice<u8>) -> PhpResult<bool> {
        self.limiter.is_excluded(&remoteIp).map_err(limiter_error)
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

    /// The store's figures: capacity, entries, evictions, memory_bytes, backend, and more.
    pub fn stats() -> PhpResult<ZBox<ZendHashTable>> {
        let stats = started()?.stats();
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
        put("memory_bytes", &saturating_int(stats.memory_bytes))?;
        put(
            "bytes_per_client",
            &(stats.memory_bytes as f64 / stats.capacity.max(1) as f64),
        )?;
        put("lock_takeovers", &saturating_int(stats.lock_takeovers))?;
        put("ipv6_prefix", &i64::from(runtime::ipv6_prefix()))?;
        Ok(table)
    }
}

/// One value of the configuration array.
fn config_value<'a>(key: &str, value: &'a Zval) -> PhpResult<ConfigValue<'a>> {
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

/// The answer to one call, as Symfony's `RateLimit` gives it.
#[php_class]
#[php(name = "LoginRateLimit\\RateLimit")]
#[php(flags = ClassFlags::Final)]
#[derive(Clone, Copy, Debug)]
pub struct RateLimit {
    inner: limiter::RateLimit,
}

impl From<limiter::RateLimit> for RateLimit {
    fn from(inner: limiter::RateLimit) -> Self {
        Self { inner }
    }
}

#[php_impl]
impl RateLimit {
    pub fn is_accepted(&self) -> bool {
        self.inner.accepted
    }

    /// `PHP_INT_MAX` when the client is not limited.
    pub fn get_remaining_tokens(&self) -> i64 {
        self.inner.remaining.map_or(i64::MAX, i64::from)
    }

    /// `PHP_INT_MAX` when the client is not limited.
    pub fn get_limit(&self) -> i64 {
        self.inner.limit.map_or(i64::MAX, i64::from)
    }

    /// When to try again: exact to the microsecond.
    pub fn get_retry_after(&self) -> PhpResult<Zval> {
        date_time_immutable(on_wall_clock(self.inner.retry_after))
    }

    /// Returns `$this` when accepted, else throws `RateLimitExceededException`.
    pub fn ensure_accepted(
        self_: &mut ZendClassObject<RateLimit>,
    ) -> PhpResult<&mut ZendClassObject<RateLimit>> {
        if self_.inner.accepted {
            return Ok(self_);
        }
        Err(RateLimitExceededException::for_rate_limit(self_.inner))
    }
}

/// A limiter instant on the wall clock of this moment.
fn on_wall_clock(at: Micros) -> Micros {
    runtime::get().map_or(at, |runtime| runtime.clock().to_wall(at))
}

/// `\DateTimeImmutable` for a wall-clock instant in microseconds, in UTC as Symfony's is.
fn date_time_immutable(at: Micros) -> PhpResult<Zval> {
    let seconds = at.div_euclid(MICROS_PER_SECOND);
    let micros = at.rem_euclid(MICROS_PER_SECOND);
    let text = format!("{seconds}.{micros:06}");
    ZendCallable::try_from_name("date_create_immutable_from_format")
        .map_err(|e| {
            runtime(format!(
                "date_create_immutable_from_format is not available: {e}"
            ))
        })?
        .try_call(vec![&"U.u", &text.as_str()])
        .map_err(|e| runtime(format!("cannot build the retry time: {e}")))
}

/// Thrown by `RateLimit::ensureAccepted()` when the attempt was not accepted.
#[php_class]
#[php(name = "LoginRateLimit\\RateLimitExceededException")]
#[php(extends(ce = runtime_exception_ce, stub = "\\RuntimeException"))]
#[derive(Default)]
pub struct RateLimitExceededException {
    rate_limit: Option<limiter::RateLimit>,
}

impl RateLimitExceededException {
    /// Throws the exception for `rate_limit`. The engine must create the object itself (that is
    /// what records its file, line and trace), so it is thrown first and given its rate limit
    /// while in flight; the returned value only tells the caller to stop.
    fn for_rate_limit(rate_limit: limiter::RateLimit) -> PhpException {
        let message = format!(
            "Rate limit exceeded: retry after {}",
            format_instant(on_wall_clock(rate_limit.retry_after))
        );
        if throw_with_code(Self::get_metadata().ce(), 429, &message).is_err() {
            return runtime(message);
        }
        let Some(mut thrown) = ExecutorGlobals::take_exception() else {
            return runtime(message);
        };
        if let Some(exception) = ZendClassObject::<Self>::from_zend_obj_mut(&mut thrown) {
            exception.rate_limit = Some(rate_limit);
        }
        place_at_caller(&mut thrown);
        if thrown.into_zval(false).map(throw_object).is_err() {
            return runtime(message);
        }
        // An exception is now pending, so this one is never thrown.
        runtime(message)
    }
}

/// Gives an exception the file, line and trace of the PHP code that called into the extension,
/// which PHP records only for exceptions it creates itself.
fn place_at_caller(exception: &mut ZendObject) {
    const DEBUG_BACKTRACE_IGNORE_ARGS: i64 = 2;
    let Ok(trace) = ZendCallable::try_from_name("debug_backtrace")
        .and_then(|f| f.try_call(vec![&DEBUG_BACKTRACE_IGNORE_ARGS]))
    else {
        return;
    };
    let caller = trace.array().and_then(|frames| frames.get(0));
    let file = caller.and_then(|f| f.array()?.get("file")?.str().map(str::to_owned));
    let line = caller.and_then(|f| f.array()?.get("line")?.long());
    // Exception's own properties may only be written from its scope.
    let previous_scope = std::mem::replace(
        &mut ExecutorGlobals::get_mut().fake_scope,
        std::ptr::from_ref(ce::exception()).cast_mut(),
    );
    if let (Some(file), Some(line)) = (file, line) {
        let _ = exception.set_property("file", file);
        let _ = exception.set_property("line", line);
    }
    let _ = exception.set_property("trace", trace);
    ExecutorGlobals::get_mut().fake_scope = previous_scope;
}

#[php_impl]
impl RateLimitExceededException {
    pub fn get_rate_limit(&self) -> PhpResult<RateLimit> {
        self.rate_limit
            .map(RateLimit::from)
            .ok_or_else(|| logic("This exception carries no rate limit"))
    }
}

/// Time that stands still, for tests: available only with `login_ratelimit.test_clock=1`.
#[php_class]
#[php(name = "LoginRateLimit\\TestClock")]
#[php(flags = ClassFlags::Final)]
pub struct TestClock;

#[php_impl]
impl TestClock {
    /// Sets the time, in Unix seconds with up to microsecond precision.
    pub fn set(unix_seconds: f64) -> PhpResult<()> {
        manual_clock()?.set(test_instant(unix_seconds)?);
        Ok(())
    }

    /// Moves the time forward (or back) by `seconds`.
    pub fn advance(seconds: f64) -> PhpResult<()> {
        let clock = manual_clock()?;
        let now = clock.now() as f64 / MICROS_PER_SECOND as f64;
        clock.set(test_instant(now + seconds)?);
        Ok(())
    }

    /// The current time, in Unix seconds.
    pub fn now() -> PhpResult<f64> {
        Ok(manual_clock()?.now() as f64 / MICROS_PER_SECOND as f64)
    }
}

fn manual_clock() -> PhpResult<&'static ManualClock> {
    started()?.manual_clock().ok_or_else(|| {
        logic("LoginRateLimit\\TestClock needs login_ratelimit.test_clock=1 in php.ini")
    })
}

fn test_instant(unix_seconds: f64) -> PhpResult<Micros> {
    let at = (unix_seconds * MICROS_PER_SECOND as f64).round();
    if !(TIME_BASE as f64..MAX_TIME as f64).contains(&at) {
        return Err(invalid_argument(format!(
            "Test time {unix_seconds} is outside the supported years 2020 to 2055"
        )));
    }
    Ok(at as Micros)
}

fn saturating_int(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// An instant as `2026-11-23T05:21:38.123456+00:00`, as PHP's `DATE_RFC3339_EXTENDED` with µs.
fn format_instant(at: Micros) -> String {
    let since_epoch = std::time::Duration::from_micros(at.max(0) as u64);
    let text = humantime::format_rfc3339_micros(std::time::UNIX_EPOCH + since_epoch).to_string();
    text.replace('Z', "+00:00")
}
