//! `LoginRateLimit\RateLimitExceededException`, thrown by `RateLimit::ensureAccepted()`.

use ext_php_rs::class::RegisteredClass;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::{throw_object, throw_with_code, PhpException};
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendCallable, ZendClassObject, ZendObject};
use ext_php_rs::zend::{ce, ClassEntry, ExecutorGlobals};

use super::errors::{logic, runtime};
use super::rate_limit::{format_instant, on_wall_clock, RateLimit};
use crate::limiter;

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
    pub fn for_rate_limit(rate_limit: limiter::RateLimit) -> PhpException {
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
