//! A state judged by limiters of different intervals: as Symfony's objects judge it, and with a
//! single interval exactly as before states carried their interval.

use proptest::prelude::*;

use super::*;

const SECOND: Micros = MICROS_PER_SECOND;
const MINUTE: Micros = 60 * SECOND;
const DAY: Micros = 24 * 60 * MINUTE;
const T0: Micros = 1_800_000_000 * SECOND;

fn policy(limit: u32, interval: Micros) -> Policy {
    Policy { limit, interval }
}

/// What a store hands to the rule: nothing once the state has expired.
fn live(state: Option<State>, now: Micros) -> Option<State> {
    state.filter(|s| s.expires > now)
}

/// A store of one state: decides with `policy` at `now` and keeps what the decision stores.
fn consume_in(state: &mut Option<State>, policy: Policy, now: Micros, tokens: u32) -> Decision {
    let decision = policy.consume(live(*state, now), now, tokens);
    if decision.store.is_some() {
        *state = decision.store;
    }
    decision
}

#[test]
fn a_client_blocked_under_15_minutes_stays_blocked_under_1_day_until_its_window_ends() {
    let (short, long) = (policy(5, 15 * MINUTE), policy(5, DAY));
    let mut state = None;
    for _ in 0..5 {
        assert!(consume_in(&mut state, short, T0, 1).accepted);
    }
    let stored = state.unwrap();
    assert_eq!(stored.interval, 15 * MINUTE);
    for second in 0..10 {
        let decision = consume_in(&mut state, long, T0 + MINUTE + second * SECOND, 1);
        assert!(!decision.accepted);
        // The window's end, then its five hits weigh as four in the day-long window after it.
        assert_eq!(decision.retry_after, T0 + 15 * MINUTE + 1);
    }
    // Just after the end: the next window is a day long, so the five hits weigh almost fully.
    assert!(consume_in(&mut state, long, T0 + 15 * MINUTE + SECOND, 1).accepted);
    let rolled = state.unwrap();
    assert_eq!((rolled.interval, rolled.prev, rolled.cur), (DAY, 5, 1));
    assert_eq!(rolled.expires, T0 + 15 * MINUTE + 2 * DAY);
    assert!(!consume_in(&mut state, long, T0 + 15 * MINUTE + 2 * SECOND, 1).accepted);
}

#[test]
fn a_state_lasts_its_own_interval_past_its_window() {
    // Symfony's storages drop a window at its end plus its own interval: a reader with a longer
    // interval finds nothing from then on.
    let (short, long) = (policy(5, 15 * MINUTE), policy(5, DAY));
    let mut state = None;
    for _ in 0..5 {
        consume_in(&mut state, short, T0, 1);
    }
    assert_eq!(state.unwrap().expires, T0 + 30 * MINUTE);
    // Until then the five hits weigh as floor(5 * (1 day - 15 min) / 1 day) = 4.
    let before = long.peek(live(state, T0 + 30 * MINUTE - 1), T0 + 30 * MINUTE - 1);
    assert_eq!(before.remaining, 1);
    assert_eq!(
        long.peek(live(state, T0 + 30 * MINUTE), T0 + 30 * MINUTE)
            .remaining,
        5
    );
}

#[test]
fn a_client_blocked_under_1_week_is_free_under_15_minutes_when_that_week_ends() {
    let (week, short) = (policy(5, 7 * DAY), policy(5, 15 * MINUTE));
    let mut state = None;
    for _ in 0..5 {
        consume_in(&mut state, week, T0, 1);
    }
    let under_week = week.peek(state, T0 + 60 * MINUTE);
    let decision = consume_in(&mut state, short, T0 + 60 * MINUTE, 1);
    assert!(!decision.accepted);
    // The week's window holds all five hits until it ends; the 15-minute window after it
    // weighs them as four at once.
    assert_eq!(decision.retry_after, T0 + 7 * DAY + 1);
    assert!(decision.retry_after <= under_week.retry_after);
    assert!(!short.consume(state, decision.retry_after - 1, 1).accepted);
    assert!(short.consume(state, decision.retry_after, 1).accepted);
}

#[test]
fn the_window_after_a_short_one_is_the_readers_but_the_state_vanishes_with_its_own() {
    // Stored under 10 s, read under 100 s: after the end at +10 s the next window would end at
    // +110 s, but the state is gone at +20 s, so the retry time is +20 s at the latest.
    let mut state = None;
    for _ in 0..3 {
        consume_in(&mut state, policy(3, 10 * SECOND), T0, 1);
    }
    let long = policy(2, 100 * SECOND);
    let decision = long.consume(state, T0 + 12 * SECOND, 1);
    assert!(!decision.accepted);
    // floor(3 * (110 - t) / 100) <= 1 from t = 43.33 s on: later than the state's end.
    assert_eq!(decision.retry_after, T0 + 20 * SECOND);
    assert!(!long.consume(state, T0 + 20 * SECOND - 1, 1).accepted);
    assert!(
        long.consume(live(state, T0 + 20 * SECOND), T0 + 20 * SECOND, 1)
            .accepted
    );
}

#[test]
fn a_state_without_an_interval_is_judged_by_the_readers() {
    let p = policy(2, 60 * SECOND);
    let stored = State {
        expires: T0 + 90 * SECOND,
        interval: 0,
        prev: 0,
        cur: 2,
        ..State::default()
    };
    let with = State {
        interval: 60 * SECOND,
        ..stored
    };
    for offset in [0, 29, 30, 31, 59, 89] {
        let now = T0 + offset * SECOND;
        assert_eq!(
            p.peek(Some(stored), now),
            p.peek(Some(with), now),
            "+{offset} s"
        );
    }
    // Out of range, as a foreign value could be: the reader's too, and never a panic.
    for interval in [-1, MAX_INTERVAL + 1, Micros::MIN, Micros::MAX] {
        let odd = State { interval, ..stored };
        assert_eq!(p.peek(Some(odd), T0), p.peek(Some(with), T0));
    }
}

#[test]
fn extreme_stored_values_never_overflow() {
    let p = policy(MAX_LIMIT, MAX_INTERVAL);
    for expires in [Micros::MIN, -1, 0, Micros::MAX] {
        for (prev, cur) in [(u32::MAX, u32::MAX), (MAX_LIMIT, MAX_LIMIT), (0, u32::MAX)] {
            let state = State {
                expires,
                interval: MAX_INTERVAL,
                prev,
                cur,
                ..State::default()
            };
            let _ = p.consume(Some(state), T0, 1);
            let _ = p.peek(Some(state), T0);
            let _ = policy(1, SECOND).consume(Some(state), T0, 1);
        }
    }
}

#[test]
fn the_largest_counts_and_intervals_are_exact() {
    // A full previous window of MAX_LIMIT hits under MAX_INTERVAL, read under one second: the
    // products stay below 2^63 and the answers are the exact instants.
    let stored = State {
        expires: T0 + 2 * MAX_INTERVAL,
        interval: MAX_INTERVAL,
        prev: MAX_LIMIT,
        cur: MAX_LIMIT,
        ..State::default()
    };
    let end = T0 + MAX_INTERVAL;
    let short = policy(MAX_LIMIT, SECOND);
    let decision = short.consume(Some(stored), T0, MAX_LIMIT);
    assert!(!decision.accepted);
    // Full after the end for one second, weighted: floor(65535 * d / 1 s) <= 0 needs d < 1/65535 s.
    let retry = decision.retry_after;
    assert_eq!(retry, end + SECOND - (SECOND - 1) / i64::from(MAX_LIMIT));
    assert!(!short.consume(Some(stored), retry - 1, MAX_LIMIT).accepted);
    assert!(short.consume(Some(stored), retry, MAX_LIMIT).accepted);
    let long = policy(MAX_LIMIT, MAX_INTERVAL);
    let half = State { cur: 0, ..stored };
    let decision = long.consume(Some(half), T0, 1);
    let retry = decision.retry_after;
    assert!(!long.consume(Some(half), retry - 1, 1).accepted);
    assert!(long.consume(Some(half), retry, 1).accepted);
}

/// The rule as it was before states carried their interval: every reader derives the window
/// from its own interval. Kept as it was (but for names, and the field states gained) to show
/// that a single interval decides exactly as before.
mod old_rule {
    use super::super::{Decision, Micros, Policy, State};

    #[derive(Clone, Copy)]
    struct Window {
        end: Micros,
        prev: u32,
        cur: u32,
    }

    pub fn consume(p: &Policy, stored: Option<State>, now: Micros, tokens: u32) -> Decision {
        let window = window_at(p, stored, now);
        let count = hits(&window, now, p.interval);
        if u64::from(count) + u64::from(tokens) > u64::from(p.limit) {
            let store = stored
                .filter(|s| !(s.blocking && s.reported))
                .map(|s| State {
                    blocking: true,
                    reported: true,
                    ..s
                });
            return Decision {
                accepted: false,
                remaining: p.limit.saturating_sub(count),
                retry_after: earliest(p, &window, now, tokens),
                store,
                first_rejection: stored.is_some_and(|s| !s.reported),
            };
        }
        let after = Window {
            cur: window.cur + tokens,
            ..window
        };
        let remaining = p.limit - hits(&after, now, p.interval);
        Decision {
            accepted: true,
            remaining,
            retry_after: earliest(p, &after, now, 1),
            store: Some(State {
                expires: after.end + p.interval,
                interval: 0,
                prev: after.prev,
                cur: after.cur,
                blocking: remaining == 0,
                reported: false,
            }),
            first_rejection: false,
        }
    }

    pub fn peek(p: &Policy, stored: Option<State>, now: Micros) -> Decision {
        let window = window_at(p, stored, now);
        let count = hits(&window, now, p.interval);
        Decision {
            accepted: count < p.limit,
            remaining: p.limit.saturating_sub(count),
            retry_after: earliest(p, &window, now, 1),
            store: None,
            first_rejection: false,
        }
    }

    fn window_at(p: &Policy, stored: Option<State>, now: Micros) -> Window {
        let fresh = Window {
            end: now + p.interval,
            prev: 0,
            cur: 0,
        };
        let Some(state) = stored else { return fresh };
        let end = state.expires - p.interval;
        if now <= end {
            return Window {
                end,
                prev: state.prev,
                cur: state.cur,
            };
        }
        let next_end = end + p.interval;
        if now < next_end {
            Window {
                end: next_end,
                prev: state.cur,
                cur: 0,
            }
        } else {
            fresh
        }
    }

    fn earliest(p: &Policy, window: &Window, now: Micros, tokens: u32) -> Micros {
        let allowed = i64::from(p.limit - tokens.min(p.limit));
        let (prev, cur) = (i64::from(window.prev), i64::from(window.cur));
        if cur <= allowed {
            if prev <= allowed - cur {
                return now;
            }
            let longest_wait = ((allowed - cur + 1) * p.interval - 1) / prev;
            return (window.end - longest_wait).max(now);
        }
        let longest_wait = ((allowed + 1) * p.interval - 1) / cur;
        (window.end + p.interval - longest_wait).max(now)
    }

    fn hits(window: &Window, now: Micros, interval: Micros) -> u32 {
        let overlap = (window.end - now).clamp(0, interval) as u64;
        let weighted = u64::from(window.prev).saturating_mul(overlap) / interval as u64;
        window.cur + weighted as u32
    }
}

/// Symfony's objects (`SlidingWindow`, `SlidingWindowLimiter`, a storage), in exact integers.
mod symfony {
    use super::super::Micros;

    #[derive(Clone, Copy, Debug)]
    pub struct SlidingWindow {
        hit_count: u32,
        hit_count_for_last_window: u32,
        interval: Micros,
        window_end_at: Micros,
    }

    impl SlidingWindow {
        fn new(interval: Micros, now: Micros) -> Self {
            Self {
                hit_count: 0,
                hit_count_for_last_window: 0,
                interval,
                window_end_at: now + interval,
            }
        }

        fn create_from_previous_window(window: &Self, interval: Micros, now: Micros) -> Self {
            let mut new = Self::new(interval, now);
            let window_end_at = window.window_end_at + interval;
            if now < window_end_at {
                new.hit_count_for_last_window = window.hit_count;
                new.window_end_at = window_end_at;
            }
            new
        }

        fn is_expired(&self, now: Micros) -> bool {
            now > self.window_end_at
        }

        /// `floor(last * (1 - min((now - start) / interval, 1)) + hits)`, with `now >= start`.
        fn hit_count(&self, now: Micros) -> i64 {
            let elapsed = (now - (self.window_end_at - self.interval)).min(self.interval);
            i64::from(self.hit_count)
                + i64::from(self.hit_count_for_last_window) * (self.interval - elapsed)
                    / self.interval
        }

        /// `getExpirationTime()` from the save, as an instant: when a storage drops it.
        fn expires(&self) -> Micros {
            self.window_end_at + self.interval
        }
    }

    /// One client's storage entry.
    #[derive(Default)]
    pub struct Storage {
        saved: Option<SlidingWindow>,
    }

    impl Storage {
        fn fetch(&self, now: Micros) -> Option<SlidingWindow> {
            self.saved.filter(|w| now < w.expires())
        }

        pub fn delete(&mut self) {
            self.saved = None;
        }
    }

    /// `SlidingWindowLimiter::consume()`: whether accepted, and the remaining tokens it reports.
    pub fn consume(
        storage: &mut Storage,
        limit: u32,
        interval: Micros,
        tokens: u32,
        now: Micros,
    ) -> (bool, i64) {
        let mut window = match storage.fetch(now) {
            None => SlidingWindow::new(interval, now),
            Some(w) if w.is_expired(now) => {
                SlidingWindow::create_from_previous_window(&w, interval, now)
            }
            Some(w) => w,
        };
        let available = i64::from(limit) - window.hit_count(now);
        if available < i64::from(tokens) {
            return (false, available);
        }
        window.hit_count += tokens;
        storage.saved = Some(window);
        (true, i64::from(limit) - window.hit_count(now))
    }
}

/// Steps of a schedule: a gap, which of the policies, tokens (as a seed), and whether it is a
/// peek or a reset instead of a consume.
fn any_schedule(max_gap: Micros) -> impl Strategy<Value = Vec<(Micros, usize, u32, u8)>> {
    proptest::collection::vec((0..max_gap, 0usize..3, 0u32..100, 0u8..40), 1..120)
}

/// Three policies: limits 1 to 6, intervals from `unit` to 40 `unit`s.
fn any_policies(unit: Micros) -> impl Strategy<Value = Vec<Policy>> {
    proptest::collection::vec((1u32..7, 1i64..40), 3)
        .prop_map(move |v| v.into_iter().map(|(l, i)| policy(l, i * unit)).collect())
}

proptest! {
    #[test]
    fn with_one_interval_every_answer_is_the_old_rules(
        limit in 1u32..8,
        seconds in 1i64..120,
        schedule in any_schedule(40 * SECOND),
        written_without_interval in any::<bool>(),
    ) {
        let p = policy(limit, seconds * SECOND);
        let mut now = T0;
        let mut state: Option<State> = None;
        for (gap, _, seed, kind) in schedule {
            now += gap;
            if kind == 1 {
                state = None;
                continue;
            }
            // A state from before states carried an interval (Redis) decides the same too.
            let stored = live(state, now)
                .map(|s| if written_without_interval { State { interval: 0, ..s } } else { s });
            let (new, old) = if kind == 0 {
                (p.peek(stored, now), old_rule::peek(&p, stored, now))
            } else {
                let tokens = seed % limit + 1;
                (p.consume(stored, now, tokens), old_rule::consume(&p, stored, now, tokens))
            };
            if let Some(s) = new.store.filter(|_| new.accepted) {
                prop_assert_eq!(s.interval, p.interval);
            }
            let without_interval = |d: Decision| Decision {
                store: d.store.map(|s| State { interval: 0, ..s }),
                ..d
            };
            prop_assert_eq!(without_interval(new), without_interval(old));
            if new.store.is_some() {
                state = new.store;
            }
        }
    }

    #[test]
    fn decisions_match_symfony_when_the_interval_changes(
        policies in any_policies(SECOND),
        schedule in any_schedule(30 * SECOND),
    ) {
        let mut now = T0;
        let mut ours: Option<State> = None;
        let mut theirs = symfony::Storage::default();
        for (gap, which, seed, kind) in schedule {
            now += gap;
            let p = policies[which];
            if kind == 1 {
                ours = None;
                theirs.delete();
                continue;
            }
            let tokens = seed % p.limit + 1;
            let decision = consume_in(&mut ours, p, now, tokens);
            let (accepted, remaining) = symfony::consume(&mut theirs, p.limit, p.interval, tokens, now);
            prop_assert_eq!(decision.accepted, accepted, "at +{} µs", now - T0);
            prop_assert_eq!(i64::from(decision.remaining), remaining.max(0));
        }
    }

    #[test]
    fn retry_after_is_the_earliest_accepting_instant_when_the_interval_changes(
        policies in any_policies(1),
        schedule in any_schedule(30),
        tokens_seed in 0u32..100,
    ) {
        // Microsecond intervals, so that every instant up to the state's end can be tried.
        let mut now = T0;
        let mut state: Option<State> = None;
        for (gap, which, seed, _) in schedule {
            now += gap;
            let p = policies[which];
            consume_in(&mut state, p, now, seed % p.limit + 1);
        }
        let p = policies[tokens_seed as usize % 3];
        let tokens = tokens_seed % p.limit + 1;
        let stored = live(state, now);
        let decision = p.consume(stored, now, tokens);
        // The state the retry time was computed for: the stored one, or the updated one.
        let (state, wanted) = if decision.accepted { (decision.store, 1) } else { (stored, tokens) };
        let first = (now..now + 200)
            .find(|&t| p.consume(live(state, t), t, wanted).accepted)
            .expect("accepted within two windows");
        prop_assert_eq!(decision.retry_after, first);
        let peek = p.peek(stored, now);
        let first = (now..now + 200)
            .find(|&t| p.peek(live(stored, t), t).accepted)
            .expect("accepted within two windows");
        prop_assert_eq!(peek.retry_after, first);
    }
}
