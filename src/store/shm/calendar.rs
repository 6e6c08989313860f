//! How many states a table holds, kept in its header as the table changes, so that `stats()`
//! and phpinfo() read a few hundred words of the header instead of the whole table: the same
//! cost at any size, and no bucket touched (a scan of a 16 GiB table took 16 s and made the
//! kernel back every page of it).
//!
//! The figure wanted is the number of live states, and a state stops being live when its
//! expiry passes, with nobody writing anything. So states are counted by when they expire, in a
//! calendar: time on the table's clock is cut into periods, and a period holds how many stored
//! states expire in it. The figure at an instant is the sum over the periods that have not
//! ended: every live state, and the states that ended earlier in a period still running.
//!
//! One calendar cannot both reach two years ahead (the longest a state lives: two intervals of
//! up to 366 days) and count a one-second state finely, so there are `LEVELS` of them: level
//! `k` has periods of 2^(20 + 2k) µs (1 s, 4 s, 17 s, 67 s, 4.5 min, ... 203 days), and keeps
//! `PERIODS` of them in a ring, reused as time passes. A state is counted at the finest level
//! whose ring reaches its expiry (at most `AHEAD` periods after the current one), so its period
//! is at most 1 s or 2/7 of the time the state had left when stored (4.5 minutes for a state
//! of TYPO3's 15-minute interval): that is how long after it ends a state can still be counted.
//!
//! Every change of a slot is made by one compare-and-swap, and the process whose swap won
//! counts the change right after it (`swap`): the expiry it wrote is counted, the live one it
//! replaced is forgotten. (Re-anchoring after a reboot, which moves every expiry while nobody
//! else uses the table, counts them all afresh.) A process killed between the two leaves the
//! figure one off until the periods of the states involved end: such errors do not add up
//! over time, and the figure is never read above the table's capacity.
//!
//! Forgetting a live state must find the period it was counted in, but a slot does not say at
//! which level: that depended on when the state was stored. So it is taken from the finest level
//! the state can have been counted at (the level its expiry gets now, as a state stored earlier
//! had at least as far to go and went to this level or a coarser one; and one finer, for a
//! reading of the clock that lags the one it was stored at), upwards: the first period holding
//! the expiry with a count. When that count is another state's (both expire in that period),
//! the other state is counted from then on by the forgotten state's count, in a period of the
//! same or a coarser level that holds its expiry too: a live state is never missed, and a state
//! that ended is counted at most until the end of a period holding its expiry. A state that has
//! expired is never forgotten: it stops counting when its period ends, and forgetting it then
//! could take the count of a live state.

use std::sync::atomic::{AtomicU64, Ordering};

use portable_atomic::AtomicU128;

use super::layout::{self, MAX_TIME, TIME_BASE};
use crate::window::Micros;

/// Calendars, finest first.
pub const LEVELS: usize = 13;
/// Periods each calendar keeps (a ring).
pub const PERIODS: usize = 16;
/// How many periods after the current one a level counts: two fewer than its ring holds, so
/// that a period is reused only when it ended at least one period ago, also for a process whose
/// clock reading is a little behind.
const AHEAD: u64 = PERIODS as u64 - 2;
/// Level 0's periods last 2^20 µs; each level's four times longer than the one before.
const FINEST_SHIFT: u32 = 20;
const LEVEL_SHIFT: u32 = 2;

/// One level's ring of periods, each as `period << 32 | count`: the period's number (its start
/// on the table's clock, from `TIME_BASE`, in periods of its level) and how many states expire
/// in it. A period's ring position is its number modulo `PERIODS`.
#[repr(C)]
pub struct Calendar {
    levels: [[AtomicU64; PERIODS]; LEVELS],
}

const _: () = assert!(
    // The coarsest level reaches two of the longest intervals (the longest a state lives) ahead.
    AHEAD << (FINEST_SHIFT + LEVEL_SHIFT * (LEVELS as u32 - 1))
        > 2 * crate::interval::MAX_INTERVAL_SECONDS * crate::window::MICROS_PER_SECOND as u64
);
// Where `layout` documents it: appended to the header, within its page.
const _: () = assert!(
    std::mem::offset_of!(super::layout::Header, calendar) == 616
        && std::mem::size_of::<Calendar>() == 1664
);
// Every level-0 period number of the table's clock fits in 32 bits.
const _: () = assert!(((MAX_TIME - TIME_BASE) as u64 >> FINEST_SHIFT) < 1 << 32);

impl Calendar {
    /// Compare-and-swaps `slot` from `current` to `new` and, if this swap won, counts the
    /// change: the only way slots change (but for re-anchoring, which counts afresh).
    pub fn swap(&self, slot: &AtomicU128, current: u128, new: u128, now: Micros) -> bool {
        if slot
            .compare_exchange(current, new, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return false;
        }
        self.replaced(current, new, now);
        true
    }

    /// Counts a slot's change from `old` to `new` at `now`.
    pub fn replaced(&self, old: u128, new: u128, now: Micros) {
        let expiry = |word: u128| (word != 0).then(|| layout::decode(word).expires);
        let (old, new) = (expiry(old), expiry(new));
        if old == new {
            return;
        }
        if let Some(expires) = old {
            self.forget(expires, now);
        }
        if let Some(expires) = new {
            self.count(expires, now);
        }
    }

    /// Counts a state that expires at `expires`, stored at `now`; an expired one is not live.
    pub fn count(&self, expires: Micros, now: Micros) {
        if expires <= now {
            return;
        }
        let level = level_of(expires, now);
        let (period, current) = (period(expires, level), period(now, level));
        let entry = &self.levels[level][ring_index(period)];
        let mut word = entry.load(Ordering::Relaxed);
        loop {
            let (held, count) = split(word);
            let new = if held == period {
                join(period, count.saturating_add(1))
            } else if count == 0 || held.saturating_add(1) < current {
                // The ring position holds no state, or a period that ended: it is reused.
                join(period, 1)
            } else {
                // Only a clock far behind another process's gets here: a state not counted.
                return;
            };
            match entry.compare_exchange_weak(word, new, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => return,
                Err(now_held) => word = now_held,
            }
        }
    }

    /// Forgets a state that expires at `expires`, replaced or removed at `now` (see the module
    /// comment for why an expired one is not forgotten, and why from `level_of` upwards).
    pub fn forget(&self, expires: Micros, now: Micros) {
        if expires <= now {
            return;
        }
        // One level finer than its expiry gets now, for a clock reading that lags the one
        // the state was stored at (a process that stalled after reading the clock).
        for level in level_of(expires, now).saturating_sub(1)..LEVELS {
            let period = period(expires, level);
            let entry = &self.levels[level][ring_index(period)];
            let mut word = entry.load(Ordering::Relaxed);
            loop {
                let (held, count) = split(word);
                if held != period || count == 0 {
                    break;
                }
                match entry.compare_exchange_weak(
                    word,
                    join(period, count - 1),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => return,
                    Err(now_held) => word = now_held,
                }
            }
        }
    }

    /// States counted in periods that have not ended at `now`.
    pub fn live(&self, now: Micros) -> u64 {
        let mut total = 0u64;
        for (level, ring) in self.levels.iter().enumerate() {
            let current = period(now, level);
            for entry in ring {
                let (held, count) = split(entry.load(Ordering::Relaxed));
                if held >= current {
                    total += u64::from(count);
                }
            }
        }
        total
    }

    pub fn clear(&self) {
        for entry in self.levels.iter().flatten() {
            entry.store(0, Ordering::Relaxed);
        }
    }

    /// The first word of the calendar that a table of `capacity` slots cannot have written, and
    /// why: each ring position holds 0, or a period of the table's clock that belongs at that
    /// position and at most `capacity` states.
    pub fn check(&self, capacity: u64) -> Result<(), (u64, String)> {
        for (level, ring) in self.levels.iter().enumerate() {
            let last = period(MAX_TIME, level);
            for (index, entry) in ring.iter().enumerate() {
                let word = entry.load(Ordering::Relaxed);
                let (held, count) = split(word);
                if word != 0
                    && (ring_index(held) != index || held > last || u64::from(count) > capacity)
                {
                    return Err((
                        word,
                        format!(
                            "level {level}, position {index} holds 0, or a period up to {last} \
                             that is {index} modulo {PERIODS} in its high 32 bits and at most \
                             {capacity} states in its low 32 bits"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The finest level whose ring reaches `expires` from `now` (the coarsest if none does, which a
/// state's expiry never needs).
fn level_of(expires: Micros, now: Micros) -> usize {
    (0..LEVELS)
        .find(|&level| period(expires, level) <= period(now, level) + AHEAD)
        .unwrap_or(LEVELS - 1)
}

/// The number of the period of `level` holding instant `at` of the table's clock.
fn period(at: Micros, level: usize) -> u64 {
    let since_base = (at.clamp(TIME_BASE, MAX_TIME) - TIME_BASE) as u64;
    since_base >> (FINEST_SHIFT + LEVEL_SHIFT * level as u32)
}

fn ring_index(period: u64) -> usize {
    (period % PERIODS as u64) as usize
}

fn split(word: u64) -> (u64, u32) {
    (word >> 32, word as u32)
}

fn join(period: u64, count: u32) -> u64 {
    period << 32 | u64::from(count)
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
