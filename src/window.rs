//! Symfony's sliding-window rule, in exact integer microseconds.
//!
//! This is where every decision is made. It is a pure function from the stored state of one
//! client and the current instant to an answer and the state to store, so that every store
//! (the shared-memory table, the in-process map) only has to guarantee an atomic replace.
//!
//! The rule is Symfony's `SlidingWindowLimiter` (identical in 5.4 and 7.x): a window of `I`
//! seconds holds `cur` hits; the previous window's `prev` hits count with the weight of the part
//! of the previous window that still overlaps the last `I` seconds. Symfony computes with
//! floats; here the same formula runs on integers, so results are exact and `retry_after` can
//! be the true earliest instant, which Symfony does not compute.
//!
//! A state carries its window's own interval, as Symfony's `SlidingWindow` does, so that every
//! reader judges it alike whatever interval the reader is configured with: the window keeps
//! its interval until it ends, and only the window that follows it takes the reader's
//! (`createFromPreviousWindow`). A state lasts until its window's end plus its own interval,
//! which is when Symfony's storages drop it.

use crate::interval::MAX_INTERVAL_SECONDS;

/// Microseconds since the Unix epoch, as the limiter's clock reads them.
pub type Micros = i64;

pub const MICROS_PER_SECOND: i64 = 1_000_000;

/// The largest count a store must be able to keep; limits above it are refused.
pub const MAX_LIMIT: u32 = u16::MAX as u32;

/// The longest interval a policy or a state may have, in microseconds.
pub const MAX_INTERVAL: Micros = MAX_INTERVAL_SECONDS as Micros * MICROS_PER_SECOND;

/// What a store keeps per client.
///
/// Symfony's window (its end is `expires - interval`), plus `expires` (the instant from which
/// the state no longer affects any decision) and `blocking`, which is all a store needs to
/// reclaim or rank entries without knowing any limiter's configuration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// End of the current window plus its interval: from then on the state is absent, as in
    /// Symfony's storages.
    pub expires: Micros,
    /// The current window's own interval (Symfony's `intervalInSeconds`), which weighs its
    /// previous window whatever the reader's interval is. Outside `1..=MAX_INTERVAL` (0 in a
    /// state written before states carried it) the reader's interval stands in.
    pub interval: Micros,
    /// Hits counted in the previous window.
    pub prev: u32,
    /// Hits counted in the current window.
    pub cur: u32,
    /// The last decision on this state left the client without a token: an eviction hint.
    pub blocking: bool,
    /// The current lock-out's first rejection has been stored (an accepted attempt clears it).
    /// Kept in the state so that the store's atomic replace, not any one process, decides which
    /// rejection is the first.
    pub reported: bool,
}

/// A limiter's policy: `limit` hits per `interval` microseconds (a whole number of seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub limit: u32,
    pub interval: Micros,
}

/// Symfony's `SlidingWindow` as it stands at one instant, and when its state vanishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Window {
    end: Micros,
    /// The window's own interval: `prev` weighs over the `interval` before `end`.
    interval: Micros,
    /// From then on the store has no state (nothing stored meanwhile): the stored state's
    /// `expires`, which for a window rolled over from it may come before `end`.
    expires: Micros,
    prev: u32,
    cur: u32,
}

/// What a decision stores, when it is the same at every instant of a span of time: lets a store
/// that learns the instant only as it applies the change (Redis, whose clock decides) send the
/// change ahead. See `Policy::consume_throughout`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing: the stored state stays as it is.
    Keep,
    /// This state.
    Put(State),
    /// This state with `expires` counted from the instant decided at: decided at `t`, the
    /// state stored has `expires + t` (a fresh window starts at the instant of its first hit).
    PutFromNow(State),
}

impl Effect {
    /// The state stored when decided at `at`, or `None` for none.
    pub fn at(self, at: Micros) -> Option<State> {
        match self {
            Self::Keep => None,
            Self::Put(state) => Some(state),
            Self::PutFromNow(state) => Some(State {
                expires: state.expires + at,
                ..state
            }),
        }
    }
}

/// Where an instant falls for a stored state: `window_at` brings the state to it one of three
/// ways, and within each the window is one fixed function of the instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// The stored window is the current one.
    Current,
    /// The stored window has ended; its hits weigh in the next one.
    Next,
    /// No state, or more than one whole window has passed: a new window starts at the instant.
    Fresh,
}

/// The answer to one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub accepted: bool,
    /// `max(0, limit - hits)` after the attempt.
    pub remaining: u32,
    /// Rejected: the earliest instant at which the same attempt would be accepted.
    /// Accepted: `now` while tokens remain, else the earliest instant one more would be.
    pub retry_after: Micros,
    /// The state to store, or `None` to leave the store as it is (Symfony does not store
    /// rejected attempts, and `peek` stores nothing).
    pub store: Option<State>,
    /// The first rejection of a lock-out, once `store` has replaced the stored state (a store
    /// whose replace fails decides again, on the state that won). Of all the decisions on one
    /// lock-out, in any process, only one can say so: only one replace of a state without
    /// `reported` succeeds.
    pub first_rejection: bool,
}

impl Policy {
    /// One attempt of `tokens` (`1..=limit`, checked by the caller) at `now`.
    pub fn consume(&self, stored: Option<State>, now: Micros, tokens: u32) -> Decision {
        let window = self.window_at(stored, now);
        let hits = window.hits(now);
        if u64::from(hits) + u64::from(tokens) > u64::from(self.limit) {
            // Remembering that this client is blocked (which helps the store keep it) and that
            // its lock-out has been reported changes no decision, so it is all a rejection
            // writes. Without a stored state there is nothing to mark, and nothing to report.
            let store = stored
                .filter(|s| !(s.blocking && s.reported))
                .map(|s| State {
                    blocking: true,
                    reported: true,
                    ..s
                });
            return Decision {
                accepted: false,
                remaining: self.limit.saturating_sub(hits),
                retry_after: self.earliest(&window, now, tokens),
                store,
                first_rejection: stored.is_some_and(|s| !s.reported),
            };
        }
        // Once stored, the window lasts its own interval past its end.
        let after = Window {
            cur: window.cur + tokens,
            expires: window.end.saturating_add(window.interval),
            ..window
        };
        let remaining = self.limit - after.hits(now);
        Decision {
            accepted: true,
            remaining,
            retry_after: self.earliest(&after, now, 1),
            store: Some(after.state(remaining == 0)),
            first_rejection: false,
        }
    }

    /// Would one more attempt pass at `now`? Nothing is stored.
    pub fn peek(&self, stored: Option<State>, now: Micros) -> Decision {
        let window = self.window_at(stored, now);
        let hits = window.hits(now);
        Decision {
            accepted: hits < self.limit,
            remaining: self.limit.saturating_sub(hits),
            retry_after: self.earliest(&window, now, 1),
            store: None,
            first_rejection: false,
        }
    }

    /// What `consume(stored, t, tokens)` stores at every instant `t` of `lo..=hi`, if one
    /// `Effect` says it for all of them; `None` when it differs within the span (or `lo > hi`).
    ///
    /// Why the two ends suffice: within one `Phase` the window is fixed (`Current`, `Next`) or
    /// moves with the instant (`Fresh`: no hits, ending one interval after it). The hit count
    /// only falls as time passes, so an attempt once accepted stays accepted, and after an
    /// accepted attempt the count left only rises, so a state once no longer blocking stays so.
    /// What a consume stores therefore goes through at most three values in this order, each
    /// for one stretch of time and never again: the rejection's (the stored state marked, or
    /// nothing), the accepted state that blocks, the accepted state that does not (they differ
    /// in `cur`, `blocking` or `reported`). In `Fresh` it is one value with `expires` a fixed
    /// distance after the instant. So the same at both ends of a span within one phase is the
    /// same throughout.
    pub fn consume_throughout(
        &self,
        stored: Option<State>,
        lo: Micros,
        hi: Micros,
        tokens: u32,
    ) -> Option<Effect> {
        let phase = self.phase(stored, lo);
        if lo > hi || self.phase(stored, hi) != phase {
            return None;
        }
        let (first, last) = (
            self.consume(stored, lo, tokens).store,
            self.consume(stored, hi, tokens).store,
        );
        if phase != Phase::Fresh {
            return (first == last).then_some(first.map_or(Effect::Keep, Effect::Put));
        }
        let from_now = |state: Option<State>, at: Micros| {
            state.map(|s| State {
                expires: s.expires - at,
                ..s
            })
        };
        let first = from_now(first, lo);
        (first == from_now(last, hi)).then_some(first.map_or(Effect::Keep, Effect::PutFromNow))
    }

    /// How `window_at` brings a stored state to `now`: the stored window, with its own interval,
    /// until it ends; then the next window, with this policy's interval, ending that interval
    /// after it (`createFromPreviousWindow`); a new window when there is no state, when it has
    /// expired, or when the next window would already be over.
    fn phase(&self, stored: Option<State>, now: Micros) -> Phase {
        let Some(state) = stored else {
            return Phase::Fresh;
        };
        let end = self.window_end(&state);
        if now <= end {
            Phase::Current
        } else if now < end.saturating_add(self.interval).min(state.expires) {
            Phase::Next
        } else {
            Phase::Fresh
        }
    }

    /// The end of a stored state's window. Saturating: a store may hand over any integer (a
    /// foreign value in Redis).
    fn window_end(&self, state: &State) -> Micros {
        state.expires.saturating_sub(self.interval_of(state))
    }

    /// The stored state brought to `now` the way Symfony brings it (see `phase`).
    fn window_at(&self, stored: Option<State>, now: Micros) -> Window {
        match (self.phase(stored, now), stored) {
            (Phase::Current, Some(state)) => Window {
                end: self.window_end(&state),
                interval: self.interval_of(&state),
                expires: state.expires,
                prev: state.prev,
                cur: state.cur,
            },
            (Phase::Next, Some(state)) => Window {
                end: self.window_end(&state).saturating_add(self.interval),
                interval: self.interval,
                expires: state.expires,
                prev: state.cur,
                cur: 0,
            },
            _ => Window {
                end: now + self.interval,
                interval: self.interval,
                expires: now + 2 * self.interval,
                prev: 0,
                cur: 0,
            },
        }
    }
    /// The interval a stored state's window is judged by.
    fn interval_of(&self, state: &State) -> Micros {
        if (1..=MAX_INTERVAL).contains(&state.interval) {
            state.interval
        } else {
            self.interval
        }
    }

    /// The earliest instant `t >= now` at which `tokens` would be accepted, if nothing is
    /// stored meanwhile. `window` must be the window at `now` (so `now <= window.end`).
    ///
    /// Until `end` the hit count is `cur + floor(prev * (end - t) / W)`, `W` the window's own
    /// interval; just after `end` the window rolls and it becomes
    /// `floor(cur * (end + I - t) / I)`, `I` this policy's; from `expires` on it is 0. All only
    /// fall with time, so the answer is the first instant the matching inequality holds, solved
    /// exactly, or `expires` if that comes first.
    fn earliest(&self, window: &Window, now: Micros, tokens: u32) -> Micros {
        // Counts are at most MAX_LIMIT and intervals at most MAX_INTERVAL (366 days in
        // microseconds, under 2^45), so every product below stays under 2^61.
        let allowed = i64::from(self.limit - tokens.min(self.limit));
        let (prev, cur) = (i64::from(window.prev), i64::from(window.cur));
        let first = if cur <= allowed {
            // floor(prev * d / W) <= allowed - cur  <=>  prev * d <= (allowed - cur + 1) * W - 1,
            // which holds at once whatever d when even the full previous window fits.
            if prev <= allowed - cur {
                return now;
            }
            let longest_wait = ((allowed - cur + 1) * window.interval - 1) / prev;
            window.end.saturating_sub(longest_wait)
        } else {
            // floor(cur * d / I) <= allowed  <=>  cur * d <= (allowed + 1) * I - 1, with d < I
            let longest_wait = ((allowed + 1) * self.interval - 1) / cur;
            window.end.saturating_add(self.interval - longest_wait)
        };
        first.min(window.expires).max(now)
    }
}

impl Window {
    /// Symfony's `getHitCount()`: `floor(prev * (1 - elapsed / W) + cur)`, `W` the window's own
    /// interval. The overlap is clamped to one whole interval so that a clock read before the
    /// window's start (a wall clock stepped back) can never weigh the previous window more
    /// than fully.
    fn hits(&self, now: Micros) -> u32 {
        let overlap = self.end.saturating_sub(now).clamp(0, self.interval) as u64;
        // prev <= MAX_LIMIT and interval <= MAX_INTERVAL: the product fits in 2^61.
        let weighted = u64::from(self.prev).saturating_mul(overlap) / self.interval as u64;
        // weighted <= prev: with both counts at most MAX_LIMIT the sum is exact.
        self.cur
            .saturating_add(weighted.min(u64::from(self.prev)) as u32)
    }

    /// The state to store for this window after an accepted attempt, which ends any
    /// lock-out: a later one is new.
    fn state(&self, blocking: bool) -> State {
        State {
            expires: self.expires,
            interval: self.interval,
            prev: self.prev,
            cur: self.cur,
            blocking,
            reported: false,
        }
    }
}

#[cfg(test)]
#[path = "window_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "window_interval_tests.rs"]
mod interval_tests;
