//! The limiter over each store: both must give the same answers.

use super::*;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::clock::{shown_on_wall, AnchoredClock, Clock, ManualClock};
use crate::config::ConfigValue::{self, Missing, Text};
use crate::store::memory::MemoryStore;
use crate::store::shm::{SharedTable, MIN_BYTES};
use crate::window::MICROS_PER_SECOND;

const T0: Micros = 1_800_000_000 * MICROS_PER_SECOND;

fn limiter(limit: i64, interval: &str, exclude: &str) -> Limiter {
    let config =
        LimiterConfig::new("BE", ConfigValue::Int(limit), Text(interval), Text(exclude)).unwrap();
    Limiter::new(config)
}

fn stores() -> Vec<Box<dyn StateStore>> {
    vec![
        Box::new(MemoryStore::new(1000)),
        Box::new(SharedTable::anonymous(MIN_BYTES).unwrap()),
    ]
}

fn each_engine(test: impl Fn(&Engine<'_>, &ManualClock)) {
    for store in stores() {
        let clock = ManualClock::new(T0);
        let engine = Engine {
            store: store.as_ref(),
            clock: &clock,
            ipv6_prefix: 64,
        };
        test(&engine, &clock);
    }
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
