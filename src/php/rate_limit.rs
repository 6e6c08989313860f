//! `LoginRateLimit\RateLimit`: the answer to one call, as Symfony's `RateLimit` gives it.

use ext_php_rs::convert::IntoZval;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::flags::DataType;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendClassObject, Zval};
use ext_php_rs::zend::{ClassEntry, ExecutorGlobals};

use super::errors::runtime;
use super::exception::RateLimitExceededException;
use crate::limiter;
use crate::window::{Micros, MICROS_PER_SECOND};

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
    pub fn get_retry_after(&self) -> PhpResult<DateTimeImmutable> {
        date_time_immutable(on_wall_clock(self.inner.retry_after)).map(DateTimeImmutable)
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

/// A `\DateTimeImmutable`, so that a method returning it declares that type to reflection and
/// static analysis instead of `mixed`.
pub struct DateTimeImmutable(Zval);

impl IntoZval for DateTimeImmutable {
    const TYPE: DataType = DataType::object("DateTimeImmutable");
    const NULLABLE: bool = false;

    fn set_zval(self, zv: &mut Zval, _persistent: bool) -> ext_php_rs::error::Result<()> {
        *zv = self.0;
        Ok(())
    }
}

/// A limiter instant on the wall clock of this moment.
pub fn on_wall_clock(at: Micros) -> Micros {
    super::runtime::get().map_or(at, |runtime| runtime.clock().to_wall(at))
}

/// `\DateTimeImmutable` for a wall-clock instant in microseconds, in UTC as Symfony's is. Made
/// through the class and its constructor, as `new` does, so that no function that
/// `disable_functions` may remove is needed.
fn date_time_immutable(at: Micros) -> PhpResult<Zval> {
    let class = ClassEntry::try_find("DateTimeImmutable")
        .ok_or_else(|| runtime("the class DateTimeImmutable is not available"))?;
    let magnitude = at.unsigned_abs();
    let unit = MICROS_PER_SECOND.unsigned_abs();
    // '@' takes seconds since the epoch with a fraction, the sign applying to both.
    let text = format!(
        "@{}{}.{:06}",
        if at < 0 { "-" } else { "" },
        magnitude / unit,
        magnitude % unit
    );
    let object = class.new();
    let built = object.try_call_method("__construct", vec![&text.as_str()]);
    if built.is_err() || ExecutorGlobals::has_exception() {
        // A pending exception from the constructor is what PHP code sees.
        return Err(runtime(format!("cannot build the retry time {text}")));
    }
    object
        .into_zval(false)
        .map_err(|e| runtime(format!("cannot build the retry time: {e}")))
}
