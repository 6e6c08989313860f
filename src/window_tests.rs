use proptest::prelude::*;

use super::*;

const SECOND: Micros = MICROS_PER_SECOND;
const T0: Micros = 1_800_000_000 * SECOND;

fn policy(limit: u32, seconds: i64) -> Policy {
    Policy {
        limit,
        interval: seconds * SECOND,
    }
}

/// Runs `consume(1)` at each offset (in microseconds after T0), storing as a store would.
fn run(policy: Policy, offsets: &[Micros]) -> (Vec<bool>, Option<State>) {
    let mut state = None;
    let answers = offsets
        .iter()
        .map(|&offset| {
            let decision = policy.consume(state, T0 + offset, 1);
            if decision.store.is_some() {
                state = decision.store;
            }
            decision.accepted
        })
        .collect();
    (answers, state)
}

#[test]
fn the_worked_example_of_the_reference() {
    // limit 5 per 900 s: +0..+4 s accepted, +5 and +899 rejected, +901 accepted (the five old
    // hits now weigh as four), and rejected again right after.
    let offsets: Vec<Micros> = [0, 1, 2, 3, 4, 5, 899, 901, 902]
        .iter()
        .map(|s| s * SECOND)
        .collect();
    let (answers, _) = run(policy(5, 900), &offsets);
    assert_eq!(
        answers,
        [true, true, true, true, true, false, false, true, false]
    );
}

#[test]
fn rejected_attempts_do_not_extend_the_lock() {
    let p = policy(2, 60);
    let (_, state) = run(p, &[0, 1, 2 * SECOND, 30 * SECOND, 59 * SECOND]);
    // Only the two accepted attempts are counted: the window still ends at T0 + 60 s.
    let state = state.unwrap();
    assert_eq!((state.cur, state.prev), (2, 0));
    assert_eq!(state.expires, T0 + 120 * SECOND);
}

#[test]
fn a_whole_idle_window_starts_afresh() {
    let p = policy(1, 10);
    let (answers, state) = run(p, &[0, 20 * SECOND, 20 * SECOND + 1]);
    assert_eq!(answers, [true, true, false]);
    let state = state.unwrap();
    assert_eq!(state.prev, 0);
    assert_eq!(state.expires, T0 + 40 * SECOND);
}

#[test]
fn the_previous_window_keeps_its_end_when_rolling_over() {
    let p = policy(4, 10);
    let (_, state) = run(p, &[0, 1, 11 * SECOND]);
    let state = state.unwrap();
    // The window that ended at +10 s is followed by the one ending at +20 s, not +21 s.
    assert_eq!(state.expires, T0 + 30 * SECOND);
    assert_eq!((state.prev, state.cur), (2, 1));
}

#[test]
fn remaining_tokens_never_go_below_zero() {
    let p = policy(3, 60);
    let full = State {
        expires: T0 + 60 * SECOND,
        interval: 60 * SECOND,
        prev: 0,
        cur: 3,
        blocking: true,
        reported: false,
    };
    let decision = p.consume(Some(full), T0, 2);
    assert!(!decision.accepted);
    assert_eq!(decision.remaining, 0);
}

#[test]
fn a_rejection_only_ever_marks_the_state_as_blocking_and_reported() {
    let p = policy(1, 60);
    let state = State {
        expires: T0 + 120 * SECOND,
        interval: 60 * SECOND,
        prev: 0,
        cur: 1,
        blocking: false,
        reported: false,
    };
    let decision = p.consume(Some(state), T0 + SECOND, 1);
    assert_eq!(
        decision.store,
        Some(State {
            blocking: true,
            reported: true,
            ..state
        })
    );
    let again = p.consume(decision.store, T0 + 2 * SECOND, 1);
    assert_eq!(again.store, None);
}

#[test]
fn the_first_rejection_of_a_lock_out_is_reported_once() {
    let p = policy(2, 60);
    let (_, state) = run(p, &[0, SECOND]);
    assert!(!state.unwrap().reported);
    let first = p.consume(state, T0 + 2 * SECOND, 1);
    assert!(!first.accepted && first.first_rejection);
    assert!(first.store.unwrap().reported);
    for offset in [3, 30, 59] {
        let again = p.consume(first.store, T0 + offset * SECOND, 1);
        assert!(!again.accepted && !again.first_rejection);
        assert_eq!(again.store, None);
    }
}

#[test]
fn an_accepted_attempt_ends_the_lock_out_so_the_next_one_is_reported_again() {
    let p = policy(1, 60);
    let (_, state) = run(p, &[0]);
    let first = p.consume(state, T0 + SECOND, 1);
    assert!(first.first_rejection);
    let accepted = p.consume(first.store, first.retry_after, 1);
    assert!(accepted.accepted && !accepted.first_rejection);
    let stored = accepted.store.unwrap();
    assert!(stored.blocking && !stored.reported);
    let next = p.consume(Some(stored), first.retry_after + 1, 1);
    assert!(!next.accepted && next.first_rejection);
}

#[test]
fn peek_never_reports_nor_marks_a_lock_out() {
    let p = policy(1, 60);
    let (_, state) = run(p, &[0]);
    let peek = p.peek(state, T0 + SECOND);
    assert!(!peek.accepted && !peek.first_rejection);
    assert_eq!(peek.store, None);
    assert!(p.consume(state, T0 + SECOND, 1).first_rejection);
}

#[test]
fn a_rejection_without_a_stored_state_reports_nothing() {
    // Only reachable with more tokens than the limit, which limiters refuse before deciding.
    let decision = policy(1, 60).consume(None, T0, 2);
    assert!(!decision.accepted && !decision.first_rejection);
    assert_eq!(decision.store, None);
}

#[test]
fn peek_stores_nothing_and_answers_like_consume() {
    let p = policy(2, 60);
    let (_, state) = run(p, &[0]);
    let peek = p.peek(state, T0 + SECOND);
    assert!(peek.accepted);
    assert_eq!(peek.remaining, 1);
    assert_eq!(peek.store, None);
    assert_eq!(peek.retry_after, T0 + SECOND);
}

#[test]
fn accepted_with_tokens_left_can_retry_now() {
    let p = policy(5, 900);
    let decision = p.consume(None, T0, 1);
    assert_eq!(decision.remaining, 4);
    assert_eq!(decision.retry_after, T0);
}

#[test]
fn the_worked_example_retry_instant_is_exact() {
    let p = policy(5, 900);
    let (_, state) = run(p, &[0, SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND]);
    let rejected = p.consume(state, T0 + 5 * SECOND, 1);
    assert!(!rejected.accepted);
    // The five hits of the window ending at +900 s weigh as four just after it: +900 s + 1 µs.
    assert_eq!(rejected.retry_after, T0 + 900 * SECOND + 1);
    assert!(!p.consume(state, rejected.retry_after - 1, 1).accepted);
    assert!(p.consume(state, rejected.retry_after, 1).accepted);
}

/// Symfony's own arithmetic, in floats, for comparison.
fn symfony_hits(window_end: f64, prev: u32, cur: u32, interval: f64, now: f64) -> i64 {
    let start = window_end - interval;
    let percent = ((now - start) / interval).min(1.0);
    (f64::from(prev) * (1.0 - percent) + f64::from(cur)).floor() as i64
}

/// A limit, an interval, a state as a store could hold it at `now`, and `now` (as an offset
/// from T0). A stored window never starts after `now`, so `expires <= now + 2 * interval`.
fn any_state() -> impl Strategy<Value = (u32, i64, Option<State>, Micros)> {
    (1u32..20, 1i64..4000).prop_flat_map(|(limit, seconds)| {
        let interval = seconds * SECOND;
        (0..3 * interval).prop_flat_map(move |offset| {
            (
                Just(limit),
                Just(seconds),
                proptest::option::of(
                    (0..=limit, 0..=limit, -2 * interval..=2 * interval).prop_map(
                        move |(prev, cur, delta)| State {
                            expires: T0 + offset + delta,
                            interval,
                            prev,
                            cur,
                            blocking: false,
                            reported: false,
                        },
                    ),
                ),
                Just(offset),
            )
        })
    })
}

#[test]
fn a_clock_read_before_the_window_start_weighs_the_previous_window_once() {
    // The clock stepped back half an interval: Symfony would weigh prev at 150 %.
    let p = policy(10, 100);
    let state = State {
        expires: T0 + 200 * SECOND,
        interval: 100 * SECOND,
        prev: 8,
        cur: 2,
        blocking: false,
        reported: false,
    };
    let decision = p.peek(Some(state), T0 - 50 * SECOND);
    assert_eq!(decision.remaining, 0);
    assert!(decision.retry_after <= T0 + 100 * SECOND);
}

proptest! {
    #[test]
    fn retry_after_is_the_earliest_accepting_instant(
        (limit, seconds, stored, offset) in any_state(),
        tokens_seed in 0u32..100,
    ) {
        let p = policy(limit, seconds);
        let now = T0 + offset;
        let tokens = tokens_seed % limit + 1;
        let decision = p.consume(stored, now, tokens);
        let retry = decision.retry_after;
        prop_assert!(retry >= now);
        // The state the retry time was computed for: the stored one, or the updated one.
        let (state, wanted) = if decision.accepted { (decision.store, 1) } else { (stored, tokens) };
        prop_assert!(p.consume(state, retry, wanted).accepted);
        if retry > now {
            prop_assert!(!p.consume(state, retry - 1, wanted).accepted);
        }
    }

    #[test]
    fn decisions_match_symfony_away_from_float_edges(
        (limit, seconds, stored, offset) in any_state(),
    ) {
        let p = policy(limit, seconds);
        let now = T0 + offset;
        let interval = seconds as f64;
        let to_seconds = |micros: Micros| micros as f64 / 1e6;
        // Symfony's window at `now`, with its float arithmetic.
        let (end, prev, cur) = match stored {
            None => (to_seconds(now) + interval, 0, 0),
            Some(s) => {
                let end = to_seconds(s.expires) - interval;
                if to_seconds(now) > end {
                    if to_seconds(now) < end + interval { (end + interval, s.cur, 0) }
                    else { (to_seconds(now) + interval, 0, 0) }
                } else { (end, s.prev, s.cur) }
            }
        };
        let hits = symfony_hits(end, prev, cur, interval, to_seconds(now));
        let overlap = (end - to_seconds(now)).clamp(0.0, interval);
        let exact = f64::from(prev) * overlap / interval;
        // Where the weighted count is within float error of an integer, Symfony's floats may
        // round either way; everywhere else the answers must be identical.
        let on_edge = prev > 0 && overlap > 0.0 && overlap < interval
            && (exact - exact.round()).abs() < 1e-6;
        prop_assume!(!on_edge);
        let symfony_accepts = i64::from(limit) - hits >= 1;
        prop_assert_eq!(p.consume(stored, now, 1).accepted, symfony_accepts);
    }

    #[test]
    fn exactly_the_rejections_right_after_an_acceptance_are_first(
        limit in 1u32..6,
        seconds in 1i64..30,
        steps in proptest::collection::vec((0i64..4_000_000, 1u32..4), 1..80),
    ) {
        let p = policy(limit, seconds);
        let mut now = T0;
        let mut state = None;
        let mut last_accepted = true;
        for (gap, tokens) in steps {
            now += gap;
            let decision = p.consume(state, now, tokens.min(limit));
            prop_assert_eq!(decision.first_rejection, !decision.accepted && last_accepted);
            if let Some(new) = decision.store { state = Some(new); }
            last_accepted = decision.accepted;
        }
    }

    #[test]
    fn hits_never_exceed_the_limit(
        limit in 1u32..10,
        seconds in 1i64..100,
        steps in proptest::collection::vec((0i64..5_000_000, 1u32..4), 1..60),
    ) {
        let p = policy(limit, seconds);
        let mut now = T0;
        let mut state = None;
        for (gap, tokens) in steps {
            now += gap;
            let decision = p.consume(state, now, tokens.min(limit));
            if let Some(new) = decision.store { state = Some(new); }
            prop_assert!(decision.remaining <= limit);
            let peek = p.peek(state, now);
            prop_assert!(peek.remaining <= limit);
        }
    }
}

/// A policy whose interval is a few microseconds, a state and a span around it: every phase,
/// roll and change of what a consume stores lies within a few dozen instants, so a span can
/// be checked instant by instant.
fn tiny_case() -> impl Strategy<Value = (Policy, Option<State>, Micros, Micros, u32)> {
    (1u32..6, 1i64..12).prop_flat_map(|(limit, interval)| {
        (
            Just(Policy { limit, interval }),
            proptest::option::of(
                // The stored window's own interval: the reader's (0), or another one, as a
                // state written under another configuration has.
                (
                    0..=limit,
                    0..=limit,
                    0..3 * interval,
                    any::<[bool; 2]>(),
                    0i64..12,
                )
                    .prop_map(|(prev, cur, expires, [blocking, reported], own)| {
                        State {
                            expires: T0 + expires,
                            interval: own,
                            prev,
                            cur,
                            blocking,
                            reported,
                        }
                    }),
            ),
            -interval..4 * interval,
            0..3 * interval,
            1..=limit,
        )
            .prop_map(|(policy, stored, lo, width, tokens)| {
                (policy, stored, T0 + lo, T0 + lo + width, tokens)
            })
    })
}

proptest! {
    #[test]
    fn an_effect_for_a_span_is_what_consume_stores_at_each_of_its_instants(
        (p, stored, lo, hi, tokens) in tiny_case(),
    ) {
        if let Some(effect) = p.consume_throughout(stored, lo, hi, tokens) {
            for t in lo..=hi {
                prop_assert_eq!(p.consume(stored, t, tokens).store, effect.at(t), "at {}", t - T0);
            }
        }
    }

    #[test]
    fn an_effect_is_found_where_one_fits(
        (p, stored, lo, hi, tokens) in tiny_case(),
    ) {
        // The converse, so that the check above cannot pass by finding nothing: a span over
        // which consume stores one constant state (or one that moves with the instant) within
        // one phase gets its effect.
        let stores: Vec<_> = (lo..=hi).map(|t| p.consume(stored, t, tokens).store).collect();
        let one_phase = p.phase(stored, lo) == p.phase(stored, hi);
        let constant = stores.iter().all(|s| *s == stores[0]);
        let moving = stores.iter().zip(lo..).all(|(s, t)| {
            s.map(|s| State { expires: s.expires - t, ..s })
                == stores[0].map(|s| State { expires: s.expires - lo, ..s })
        });
        let fresh = p.phase(stored, lo) == Phase::Fresh;
        if one_phase && ((!fresh && constant) || (fresh && moving)) {
            prop_assert!(p.consume_throughout(stored, lo, hi, tokens).is_some());
        }
    }
}

#[test]
fn a_span_of_seconds_has_one_effect_in_the_usual_cases() {
    let p = policy(5, 900);
    let (lo, hi) = (T0, T0 + 2 * SECOND);
    // A new client: a fresh window from the instant decided at.
    let fresh = p.consume_throughout(None, lo, hi, 1).unwrap();
    assert_eq!(fresh.at(lo + 7).unwrap().expires, lo + 7 + 1800 * SECOND);
    // A client counting, a client blocked (the rejection marks it once, then nothing), a peek.
    let counting = p.consume(None, T0 - 10 * SECOND, 1).store;
    assert!(matches!(
        p.consume_throughout(counting, lo, hi, 1),
        Some(Effect::Put(s)) if s.cur == 2
    ));
    let blocked = State {
        expires: T0 + 1700 * SECOND,
        interval: 900 * SECOND,
        prev: 0,
        cur: 5,
        blocking: true,
        reported: false,
    };
    assert!(matches!(
        p.consume_throughout(Some(blocked), lo, hi, 1),
        Some(Effect::Put(s)) if s.reported
    ));
    let reported = State {
        reported: true,
        ..blocked
    };
    assert_eq!(
        p.consume_throughout(Some(reported), lo, hi, 1),
        Some(Effect::Keep)
    );
    // The window rolls within the span: no one effect.
    let rolling = State {
        expires: T0 + 901 * SECOND,
        ..blocked
    };
    assert_eq!(p.consume_throughout(Some(rolling), lo, hi, 1), None);
    assert_eq!(p.consume_throughout(None, hi, lo, 1), None);
}
