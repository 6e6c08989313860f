//! `LoginRateLimit\TestClock`.

// PHP parameter names come from the Rust ones, and PHP names are camelCase.
#![allow(non_snake_case)]

use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;

use super::args::Float;
use super::errors::{invalid_argument, logic};
use super::runtime::started;
use crate::clock::{Clock, ManualClock};
use crate::store::shm::{LAST_COUNTABLE, TIME_BASE};
use crate::utc;
use crate::window::{Micros, MICROS_PER_SECOND};

/// Time that stands still, for tests: available only with `login_ratelimit.test_clock=1`.
#[php_class]
#[php(name = "LoginRateLimit\\TestClock")]
#[php(flags = ClassFlags::Final)]
pub struct TestClock;

#[php_impl]
impl TestClock {
    /// Sets the time, in Unix seconds with up to microsecond precision: from 2020-01-01T00:00:00Z
    /// to 2053-09-03T05:58:26Z, where every interval counts exactly.
    pub fn set(unixSeconds: Float) -> PhpResult<()> {
        with_manual_clock(|clock| {
            clock.set(test_instant(unixSeconds.0)?);
            Ok(())
        })
    }

    /// Moves the time forward (or back) by `seconds`.
    pub fn advance(seconds: Float) -> PhpResult<()> {
        with_manual_clock(|clock| {
            let now = clock.now() as f64 / MICROS_PER_SECOND as f64;
            clock.set(test_instant(now + seconds.0)?);
            Ok(())
        })
    }

    /// The current time, in Unix seconds.
    pub fn now() -> PhpResult<f64> {
        with_manual_clock(|clock| Ok(clock.now() as f64 / MICROS_PER_SECOND as f64))
    }
}

fn with_manual_clock<T>(use_clock: impl FnOnce(&ManualClock) -> PhpResult<T>) -> PhpResult<T> {
    let runtime = started()?;
    let clock = runtime.manual_clock().ok_or_else(|| {
        logic("LoginRateLimit\\TestClock needs login_ratelimit.test_clock=1 in php.ini")
    })?;
    use_clock(clock)
}

fn test_instant(unix_seconds: f64) -> PhpResult<Micros> {
    let at = (unix_seconds * MICROS_PER_SECOND as f64).round();
    // Up to the last instant at which the table holds a state of any interval, whole.
    if !(TIME_BASE as f64..=LAST_COUNTABLE as f64).contains(&at) {
        return Err(invalid_argument(format!(
            "Test time {} is outside the supported range {} to {}",
            shown(unix_seconds),
            utc::seconds_rounded_down(TIME_BASE),
            utc::seconds_rounded_down(LAST_COUNTABLE)
        )));
    }
    Ok(at as Micros)
}

/// A number of seconds as a message shows it: huge ones in exponent form.
fn shown(seconds: f64) -> String {
    if seconds.abs() < 1e15 {
        format!("{seconds}")
    } else {
        format!("{seconds:e}")
    }
}
