//! The limiter's time.
//!
//! Windows are measured on a clock that only moves forward at the rate of real time:
//! `CLOCK_BOOTTIME` (monotonic, counting suspend) plus an offset fixed when the clock is
//! anchored, chosen so that readings start out equal to the wall clock. A wall clock stepped
//! back by NTP therefore cannot lengthen a lock-out, and one stepped forward cannot end it
//! early. Instants shown to users (`retryAfter`) are converted to the wall clock of the moment
//! they are shown, so the remaining wait they express is always right.
//!
//! Decisions need that timeline only, not the date, and the table stores instants from 2020 to
//! 2055 (`TIME_BASE` to `MAX_TIME`). So a clock starts at the wall clock's reading only when
//! that lies between `ANCHOR_EARLIEST` and `ANCHOR_LATEST`, and at the nearer of the two
//! otherwise: a board without a battery-backed clock reads 1970 until NTP sets it, a broken one
//! may read 2058. Such a clock's readings are not the date, but nothing a user sees is the
//! clock's own reading: instants are shown on the wall clock, by their distance from now.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use rustix::time::{clock_gettime, ClockId};

use crate::store::shm::{LAST_COUNTABLE, TIME_BASE};
use crate::utc;
use crate::window::{Micros, MICROS_PER_SECOND};

/// The earliest instant a clock starts at: where the table's instants begin (2020-01-01).
pub const ANCHOR_EARLIEST: Micros = TIME_BASE;

/// The latest instant a clock starts at (2044-01-01T00:00:00Z): a clock anchored then counts for
/// more than nine years of uptime before `LAST_COUNTABLE`, and each reboot of a table file that
/// went past it moves the table back (`resumption`).
pub const ANCHOR_LATEST: Micros = 2_335_219_200 * MICROS_PER_SECOND;

const _: () = assert!(LAST_COUNTABLE - ANCHOR_LATEST > 9 * 365 * 86_400 * MICROS_PER_SECOND);

/// The limiter's time. Instants on it are shown to users on the wall clock, converted at the
/// moment they are shown (not on the hot path of a decision).
pub trait Clock: Send + Sync {
    fn now(&self) -> Micros;

    /// The wall-clock instant of limiter instant `at`, as of this moment.
    fn to_wall(&self, at: Micros) -> Micros;
}

/// The wall clock and boot time, read together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Readings {
    pub wall: Micros,
    pub boot: Micros,
}

impl Readings {
    pub fn now() -> Self {
        Self {
            wall: wall_micros(),
            boot: boot_micros(),
        }
    }
}

/// Whether a clock may start at the wall clock's reading `wall`.
pub fn is_plausible(wall: Micros) -> bool {
    (ANCHOR_EARLIEST..=ANCHOR_LATEST).contains(&wall)
}

/// Where a new clock starts: at the wall clock's reading, or the nearest instant a clock may
/// start at.
pub fn starting_instant(wall: Micros) -> Micros {
    wall.clamp(ANCHOR_EARLIEST, ANCHOR_LATEST)
}

/// Where a table's clock resumes after a reboot (when boot time starts again from zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resumption {
    /// What the clock reads now.
    pub at: Micros,
    /// How far every instant stored on the old timeline moves back with it, so that each state
    /// keeps the time it had left (0: none moves).
    pub shift: Micros,
}

/// Where a table's clock resumes after a reboot, given the wall clock now and `high_water`, the
/// latest reading the table's clock was seen at before (0 if none).
///
/// The old timeline continues from the later of the two (the wall clock tells how long the
/// machine was off), or from `high_water` when the wall clock is implausible: a wall clock that
/// cannot be trusted never moves time forward and so never ends a lock-out. Should that be later
/// than a clock may start at, the clock starts again where a new one would, and the stored
/// instants move back with it.
pub fn resumption(wall: Micros, high_water: Micros) -> Resumption {
    let continued = if is_plausible(wall) {
        wall.max(high_water)
    } else {
        high_water
    };
    if continued <= ANCHOR_LATEST {
        return Resumption {
            at: continued.max(ANCHOR_EARLIEST),
            shift: 0,
        };
    }
    let at = starting_instant(wall);
    Resumption {
        at,
        shift: continued - at,
    }
}

/// The warning for a wall clock that a clock may not start at, naming what the limiter does
/// instead; `None` when the wall clock is plausible.
pub fn implausible_wall_clock(wall: Micros, limiter_now: Micros) -> Option<String> {
    (!is_plausible(wall)).then(|| {
        format!(
            "the wall clock reads {}, outside {} to {}, the years a table's clock can start in \
             (is the system clock set?); limiting is not affected: windows are measured on the \
             table's own clock, now at {}, and retry times are still shown on the wall clock",
            utc::seconds_rounded_down(wall),
            utc::seconds_rounded_down(ANCHOR_EARLIEST),
            utc::seconds_rounded_down(ANCHOR_LATEST),
            utc::seconds_rounded_down(limiter_now),
        )
    })
}

/// Boot time plus a fixed offset. The shared table keeps the offset in its header so that all
/// processes, and restarts on the same boot, read the same clock.
#[derive(Clone, Copy, Debug)]
pub struct AnchoredClock {
    offset: Micros,
}

impl AnchoredClock {
    /// A new clock: it reads the wall clock's value now, or the nearest instant a clock may
    /// start at (`starting_instant`).
    pub fn anchored_now() -> Self {
        Self::anchored(Readings::now())
    }

    /// A new clock, as `anchored_now` makes it from `readings`.
    pub fn anchored(readings: Readings) -> Self {
        Self::reading(starting_instant(readings.wall), readings.boot)
    }

    /// The clock that reads `at` at boot time `boot`.
    pub fn reading(at: Micros, boot: Micros) -> Self {
        Self::with_offset(at.saturating_sub(boot))
    }

    pub fn with_offset(offset: Micros) -> Self {
        Self { offset }
    }

    pub fn offset(&self) -> Micros {
        self.offset
    }

    /// The limiter's time at this boot time.
    pub fn at_boot_time(&self, boot: Micros) -> Micros {
        self.offset.saturating_add(boot)
    }
}

impl Clock for AnchoredClock {
    fn now(&self) -> Micros {
        self.at_boot_time(boot_micros())
    }

    fn to_wall(&self, at: Micros) -> Micros {
        shown_on_wall(at, self.now(), wall_micros())
    }
}

/// `at` on the wall clock, given one reading of both clocks.
pub fn shown_on_wall(at: Micros, now: Micros, wall: Micros) -> Micros {
    wall.saturating_add(at.saturating_sub(now))
}

/// A clock that stands still until told otherwise: for tests and demonstrations.
#[derive(Debug, Default)]
pub struct ManualClock {
    at: AtomicI64,
}

impl ManualClock {
    pub fn new(at: Micros) -> Self {
        Self {
            at: AtomicI64::new(at),
        }
    }

    pub fn set(&self, at: Micros) {
        self.at.store(at, Ordering::Relaxed);
    }

    pub fn advance(&self, by: Micros) {
        self.at.fetch_add(by, Ordering::Relaxed);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Micros {
        self.at.load(Ordering::Relaxed)
    }

    fn to_wall(&self, at: Micros) -> Micros {
        at
    }
}

pub fn wall_micros() -> Micros {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => since.as_micros() as Micros,
        Err(before) => -(before.duration().as_micros() as Micros),
    }
}

/// The identity of the running boot, to tell whether a saved clock offset still applies.
pub fn boot_id() -> u128 {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .ok()
        .and_then(|id| u128::from_str_radix(&id.trim().replace('-', ""), 16).ok())
        .unwrap_or(0)
}

fn boot_micros() -> Micros {
    let time = clock_gettime(ClockId::Boottime);
    time.tv_sec * 1_000_000 + time.tv_nsec / 1_000
}

#[cfg(test)]
#[path = "clock_tests.rs"]
mod tests;
