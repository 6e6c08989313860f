//! The limiter's time.
//!
//! Windows are measured on a clock that only moves forward at the rate of real time:
//! `CLOCK_BOOTTIME` (monotonic, counting suspend) plus an offset fixed when the clock is
//! anchored, chosen so that readings start out equal to the wall clock. A wall clock stepped
//! back by NTP therefore cannot lengthen a lock-out, and one stepped forward cannot end it
//! early. Instants shown to users (`retryAfter`) are converted to the wall clock of the moment
//! they are shown, so the remaining wait they express is always right.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use rustix::time::{clock_gettime, ClockId};

use crate::window::Micros;

/// The limiter's time. Instants on it are shown to users on the wall clock, converted at the
/// moment they are shown (not on the hot path of a decision).
pub trait Clock: Send + Sync {
    fn now(&self) -> Micros;

    /// The wall-clock instant of limiter instant `at`, as of this moment.
    fn to_wall(&self, at: Micros) -> Micros;
}

/// Boot time plus a fixed offset. The shared table keeps the offset in its header so that all
/// processes, and restarts on the same boot, read the same clock.
#[derive(Clone, Copy, Debug)]
pub struct AnchoredClock {
    offset: Micros,
}

impl AnchoredClock {
    /// A clock that reads the wall clock's value now.
    pub fn anchored_now() -> Self {
        Self::with_offset(wall_micros() - boot_micros())
    }

    /// A clock whose readings continue from `at_least` if the wall clock reads less, so that
    /// re-anchoring (after a reboot) never moves time backwards.
    pub fn anchored_from(at_least: Micros) -> Self {
        Self::with_offset(wall_micros().max(at_least) - boot_micros())
    }

    pub fn with_offset(offset: Micros) -> Self {
        Self { offset }
    }

    pub fn offset(&self) -> Micros {
        self.offset
    }

    /// The limiter's time at this boot time.
    pub fn at_boot_time(&self, boot: Micros) -> Micros {
        self.offset + boot
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
mod tests {
    use super::*;

    #[test]
    fn anchored_clock_starts_at_the_wall_clock_and_moves_forward() {
        let clock = AnchoredClock::anchored_now();
        let first = clock.now();
        assert!((first - wall_micros()).abs() < 1_000_000);
        std::thread::sleep(std::time::Duration::from_millis(2));
        assert!(clock.now() >= first + 2_000);
    }

    #[test]
    fn re_anchoring_never_moves_backwards() {
        let future = wall_micros() + 3_600_000_000;
        assert!(AnchoredClock::anchored_from(future).now() >= future);
    }

    #[test]
    fn instants_are_shown_relative_to_the_current_wall_clock() {
        assert_eq!(shown_on_wall(1_500, 1_000, 5_000), 5_500);
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(10);
        clock.advance(5);
        assert_eq!(clock.now(), 15);
        clock.set(3);
        assert_eq!((clock.now(), clock.to_wall(7)), (3, 7));
    }

    #[test]
    fn boot_id_is_read_on_linux() {
        assert_ne!(boot_id(), 0);
    }
}
