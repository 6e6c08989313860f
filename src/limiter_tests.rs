//! The limiter over each store: both must give the same answers.

use super::*;
use crate::test_support::{each_engine, engine, stores, T0};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use crate::clock::{shown_on_wall, AnchoredClock, Clock, ManualClock};
use crate::config::ConfigValue::{self, Missing, Text};
use crate::store::shm::{SharedTable, MIN_BYTES};
use crate::window::{State, MICROS_PER_SECOND};

fn limiter(limit: i64, interval: &str, exclude: &str) -> Limiter {
    let config =
        LimiterConfig::new("BE", ConfigValue::Int(limit), Text(interval), Text(exclude)).unwrap();
    Limiter::new(config)
}

#[test]
fn an_attacker_is_blocked_after_the_limit_until_the_exact_retry_time() {
    each_engine(|engine, clock| {
        let l = limiter(3, "1 minute", "");
        for remaining in [2, 1, 0] {
            let answer = l.consume(engine, b"10.0.0.1", 1).unwrap();
            assert!(answer.accepted);
            assert_eq!(answer.remaining, Some(remaining));
        }
        let rejected = l.consume(engine, b"10.0.0.1", 1).unwrap();
        assert!(!rejected.accepted);
        assert_eq!(rejected.limit, Some(3));
        clock.set(rejected.retry_after - 1);
        assert!(!l.consume(engine, b"10.0.0.1", 1).unwrap().accepted);
        clock.set(rejected.retry_after);
        assert!(l.consume(engine, b"10.0.0.1", 1).unwrap().accepted);
    });
}

#[test]
fn reset_forgets_and_other_clients_are_apart() {
    each_engine(|engine, _| {
        let l = limiter(1, "1 hour", "");
        assert!(l.consume(engine, b"10.0.0.1", 1).unwrap().accepted);
        assert!(!l.consume(engine, b"10.0.0.1", 1).unwrap().accepted);
        assert!(l.consume(engine, b"10.0.0.2", 1).unwrap().accepted);
        l.reset(engine, b"10.0.0.1").unwrap();
        assert!(l.consume(engine, b"10.0.0.1", 1).unwrap().accepted);
    });
}

#[test]
fn processes_of_different_users_never_meet_and_of_one_user_share() {
    each_engine(|engine, _| {
        let as_user = |user| Engine { user, ..*engine };
        let (www, nobody, www_again) = (as_user(33), as_user(65534), as_user(33));
        let l = limiter(2, "1 hour", "");
        let client = b"198.51.100.7";
        for _ in 0..3 {
            l.consume(&www, client, 1).unwrap();
        }
        assert!(!l.peek(&www, client).unwrap().accepted);
        assert_eq!(l.peek(&nobody, client).unwrap().remaining, Some(2));
        // Another user's reset and attempts leave the block as it was.
        l.reset(&nobody, client).unwrap();
        for _ in 0..3 {
            l.consume(&nobody, client, 1).unwrap();
        }
        assert!(!l.peek(&nobody, client).unwrap().accepted);
        assert!(!l.peek(&www, client).unwrap().accepted);
        // A process of the same user shares the state, and its reset frees only that user's.
        assert!(!l.peek(&www_again, client).unwrap().accepted);
        l.reset(&www_again, client).unwrap();
        assert_eq!(l.peek(&www, client).unwrap().remaining, Some(2));
        assert!(!l.peek(&nobody, client).unwrap().accepted);
    });
}

#[test]
fn excluded_and_disabled_store_nothing_and_report_no_limit() {
    each_engine(|engine, _| {
        let l = limiter(1, "1 hour", "10.0.0.0/8");
        for _ in 0..3 {
            let answer = l.consume(engine, b"10.1.2.3", 1).unwrap();
            assert!(answer.accepted);
            assert_eq!((answer.remaining, answer.limit), (None, None));
        }
        let disabled = limiter(0, "1 hour", "");
        assert!(disabled.consume(engine, b"1.2.3.4", 50).unwrap().accepted);
        assert_eq!(engine.store.stats(T0).entries, 0);
    });
}

#[test]
fn peek_consumes_nothing() {
    each_engine(|engine, _| {
        let l = limiter(1, "1 hour", "");
        for _ in 0..3 {
            assert!(l.peek(engine, b"10.0.0.1").unwrap().accepted);
        }
        assert!(l.consume(engine, b"10.0.0.1", 1).unwrap().accepted);
        let peek = l.peek(engine, b"10.0.0.1").unwrap();
        assert!(!peek.accepted);
        assert_eq!(peek.remaining, Some(0));
    });
}

#[test]
fn ipv6_rotation_within_a_prefix_is_one_client() {
    each_engine(|engine, _| {
        let l = limiter(2, "1 hour", "");
        assert!(l.consume(engine, b"2001:db8:0:1::1", 1).unwrap().accepted);
        assert!(
            l.consume(engine, b"2001:db8:0:1:ffff::2", 1)
                .unwrap()
                .accepted
        );
        assert!(
            !l.consume(engine, b"2001:db8:0:1:1234::9", 1)
                .unwrap()
                .accepted
        );
        assert!(l.consume(engine, b"2001:db8:0:2::1", 1).unwrap().accepted);
        assert!(l.consume(engine, b"::ffff:10.9.9.9", 1).unwrap().accepted);
        assert!(l.consume(engine, b"10.9.9.9", 1).unwrap().accepted);
        assert!(!l.consume(engine, b"10.9.9.9", 1).unwrap().accepted);
    });
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    each_engine(|engine, _| {
        let l = limiter(2, "1 hour", "");
        assert!(matches!(
            l.consume(engine, b"1.2.3.4:80", 1),
            Err(LimiterError::Address(_))
        ));
        for tokens in [0, -1, 3, i64::MAX] {
            assert_eq!(
                l.consume(engine, b"1.2.3.4", tokens),
                Err(LimiterError::Tokens(TokensError { tokens, limit: 2 }))
            );
        }
        assert!(l.reset(engine, b"").is_err());
        assert!(l.is_excluded(b"nope").is_err());
        assert_eq!(engine.store.stats(T0).entries, 0);
    });
}

#[test]
fn each_lock_out_has_one_first_rejection() {
    each_engine(|engine, clock| {
        let l = limiter(2, "1 minute", "");
        let firsts = |attempts: usize| {
            (0..attempts)
                .map(|_| l.consume(engine, b"10.0.0.1", 1).unwrap())
                .filter(|answer| answer.first_rejection)
                .count()
        };
        assert_eq!(firsts(2), 0);
        assert!(!l.peek(engine, b"10.0.0.1").unwrap().first_rejection);
        let first = l.consume(engine, b"10.0.0.1", 1).unwrap();
        assert!(!first.accepted && first.first_rejection);
        assert_eq!(firsts(5), 0);
        // An accepted attempt ends the lock-out: the next rejection starts a new one.
        clock.set(first.retry_after);
        assert!(l.consume(engine, b"10.0.0.1", 1).unwrap().accepted);
        assert_eq!(firsts(4), 1);
        // So does a reset.
        l.reset(engine, b"10.0.0.1").unwrap();
        assert_eq!(firsts(6), 1);
    });
}

#[test]
fn threads_racing_past_the_limit_see_one_first_rejection() {
    for store in stores() {
        let clock = ManualClock::new(T0);
        let engine = engine(store.as_ref(), &clock);
        let l = limiter(50, "15 minutes", "");
        let (accepted, firsts) = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        (0..200).fold((0, 0), |(accepted, firsts), _| {
                            let answer = l.consume(&engine, b"203.0.113.9", 1).unwrap();
                            (
                                accepted + usize::from(answer.accepted),
                                firsts + usize::from(answer.first_rejection),
                            )
                        })
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().unwrap())
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
        });
        assert_eq!((accepted, firsts), (50, 1));
    }
}

/// The shared table, with another process's call landing between this call's read of a state
/// and its compare-and-swap, once.
struct Raced<'a> {
    table: &'a SharedTable,
    rival: &'a (dyn Fn() + Sync),
    raced: AtomicBool,
}

impl StateStore for Raced<'_> {
    fn measure_and_replace(
        &self,
        key: crate::store::Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>, Micros) -> crate::store::Update,
    ) {
        self.table.measure_and_replace(key, now, &mut |state, at| {
            if !self.raced.swap(true, Ordering::Relaxed) {
                (self.rival)();
            }
            measure(state, at)
        });
    }

    fn remove(&self, key: crate::store::Key<'_>, now: Micros) {
        self.table.remove(key, now);
    }

    fn stats(&self, now: Micros) -> crate::store::StoreStats {
        self.table.stats(now)
    }
}

#[test]
fn of_two_rejections_racing_only_the_one_whose_replace_wins_is_first() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let clock = ManualClock::new(T0);
    let direct = Engine {
        store: &table,
        clock: &clock,
        ipv6_prefix: 64,
        user: 1000,
    };
    let l = limiter(1, "1 hour", "");
    assert!(l.consume(&direct, b"10.0.0.1", 1).unwrap().accepted);
    let rival_first = AtomicBool::new(false);
    let rival = || {
        let answer = l.consume(&direct, b"10.0.0.1", 1).unwrap();
        rival_first.store(answer.first_rejection, Ordering::Relaxed);
    };
    let raced = Raced {
        table: &table,
        rival: &rival,
        raced: AtomicBool::new(false),
    };
    let engine = Engine {
        store: &raced,
        ..direct
    };
    let answer = l.consume(&engine, b"10.0.0.1", 1).unwrap();
    assert!(raced.raced.load(Ordering::Relaxed));
    assert!(rival_first.load(Ordering::Relaxed));
    assert!(!answer.accepted && !answer.first_rejection);
}

#[test]
fn defaults_follow_typo3() {
    let be = LimiterConfig::new("BE", Missing, Missing, Missing).unwrap();
    assert_eq!(Limiter::new(be).config().limit, 5);
}

/// The anchored clock with its two sources under the test's control.
struct SteppedClock {
    anchored: AnchoredClock,
    boot: AtomicI64,
    wall: AtomicI64,
}

impl Clock for SteppedClock {
    fn now(&self) -> Micros {
        self.anchored
            .at_boot_time(self.boot.load(Ordering::Relaxed))
    }

    fn to_wall(&self, at: Micros) -> Micros {
        shown_on_wall(at, self.now(), self.wall.load(Ordering::Relaxed))
    }
}

#[test]
fn wall_clock_steps_neither_shorten_nor_lengthen_a_lock_out() {
    const SECOND: Micros = MICROS_PER_SECOND;
    const HOUR: Micros = 3600 * SECOND;
    let boot0 = 50 * SECOND;
    let clock = SteppedClock {
        anchored: AnchoredClock::with_offset(T0 - boot0),
        boot: AtomicI64::new(boot0),
        wall: AtomicI64::new(T0),
    };
    let store = SharedTable::anonymous(MIN_BYTES).unwrap();
    let engine = Engine {
        store: &store,
        clock: &clock,
        ipv6_prefix: 64,
        user: 1000,
    };
    let l = limiter(1, "15 minutes", "");
    let advance = |by: Micros, wall_step: Micros| {
        clock.boot.fetch_add(by, Ordering::Relaxed);
        clock.wall.fetch_add(by + wall_step, Ordering::Relaxed);
    };
    assert!(l.consume(&engine, b"10.0.0.1", 1).unwrap().accepted);
    let blocked = l.consume(&engine, b"10.0.0.1", 1).unwrap();
    let wait = clock.to_wall(blocked.retry_after) - T0;
    assert_eq!(wait, 15 * 60 * SECOND + 1);

    // NTP steps the wall clock back an hour, a minute later: still blocked, and the retry time
    // shown on the (new) wall clock is still 14 minutes away.
    advance(60 * SECOND, -HOUR);
    let after_back_step = l.consume(&engine, b"10.0.0.1", 1).unwrap();
    assert!(!after_back_step.accepted);
    assert_eq!(
        clock.to_wall(after_back_step.retry_after) - clock.wall.load(Ordering::Relaxed),
        wait - 60 * SECOND
    );

    // A step forward by a day does not unblock early either.
    advance(60 * SECOND, 24 * HOUR);
    assert!(!l.consume(&engine, b"10.0.0.1", 1).unwrap().accepted);

    // Once the real time has passed (boot time), the client may try again, whatever the wall
    // clock says.
    advance(wait - 120 * SECOND, -HOUR);
    assert!(l.consume(&engine, b"10.0.0.1", 1).unwrap().accepted);
}
