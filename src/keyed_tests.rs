//! The keyed limiter over each store: exact, opaque keys, apart from login limiters, and the
//! same answers as a login limiter of the same policy.

use super::*;
use crate::test_support::{each_engine, engine, stores, T0};
use proptest::prelude::*;

use crate::client::{client_key, parse_client};
use crate::clock::ManualClock;
use crate::config::{ConfigValue, LimiterConfig};
use crate::limiter::Limiter;

fn keyed(id: &str, limit: i64, interval: &str) -> KeyedLimiter {
    KeyedLimiter::new(id.as_bytes(), limit, interval.as_bytes()).unwrap()
}

fn accepted(l: &KeyedLimiter, engine: &Engine<'_>, key: &[u8]) -> bool {
    l.consume(engine, key, 1).unwrap().accepted
}

#[test]
fn a_key_is_blocked_after_the_limit_until_the_exact_retry_time() {
    each_engine(|engine, clock| {
        let l = keyed("password-recovery", 3, "1 minute");
        for remaining in [2, 1, 0] {
            let answer = l.consume(engine, b"jane@example.com", 1).unwrap();
            assert!(answer.accepted);
            assert_eq!(answer.remaining, Some(remaining));
            assert_eq!(answer.limit, Some(3));
        }
        let rejected = l.consume(engine, b"jane@example.com", 1).unwrap();
        assert!(!rejected.accepted);
        assert!(!l.peek(engine, b"jane@example.com").unwrap().accepted);
        clock.set(rejected.retry_after - 1);
        assert!(!accepted(&l, engine, b"jane@example.com"));
        clock.set(rejected.retry_after);
        assert!(accepted(&l, engine, b"jane@example.com"));
    });
}

#[test]
fn peek_stores_nothing_and_reset_forgets() {
    each_engine(|engine, _| {
        let l = keyed("recovery", 1, "1 hour");
        for _ in 0..3 {
            assert!(l.peek(engine, b"user:42").unwrap().accepted);
        }
        assert_eq!(engine.store.stats(T0).entries, 0);
        assert!(accepted(&l, engine, b"user:42"));
        assert!(!accepted(&l, engine, b"user:42"));
        l.reset(engine, b"user:42").unwrap();
        assert!(accepted(&l, engine, b"user:42"));
    });
}

#[test]
fn keys_are_opaque_bytes_compared_exactly() {
    let long = vec![b'x'; MAX_KEY_BYTES];
    let mut long_other = long.clone();
    long_other[MAX_KEY_BYTES - 1] = b'y';
    let keys: [&[u8]; 10] = [
        b"jane@example.com",
        b"Jane@example.com",
        "jürgen@bücher.example".as_bytes(),
        b"j\xfcrgen@b\xfccher.example",
        b"a",
        b"a\0",
        b"\0",
        b"\xff\xfe",
        &long,
        &long_other,
    ];
    each_engine(|engine, _| {
        let l = keyed("opaque", 1, "1 hour");
        for key in keys {
            assert!(accepted(&l, engine, key), "first use of {}", printable(key));
        }
        for key in keys {
            assert!(
                !accepted(&l, engine, key),
                "second use of {}",
                printable(key)
            );
        }
        // An address is a key like any other: not parsed, so other spellings are other keys.
        assert!(accepted(&l, engine, b"192.0.2.1"));
        assert!(accepted(&l, engine, b"::ffff:192.0.2.1"));
    });
}

#[test]
fn limiters_with_another_id_count_apart_and_the_same_id_shares() {
    each_engine(|engine, _| {
        let a = keyed("a", 1, "1 hour");
        assert!(accepted(&a, engine, b"k"));
        assert!(accepted(&keyed("b", 1, "1 hour"), engine, b"k"));
        assert!(accepted(&keyed("a:b", 1, "1 hour"), engine, b"k"));
        assert!(!accepted(&keyed("a", 1, "1 hour"), engine, b"k"));
    });
}

#[test]
fn keys_of_different_users_never_meet_and_of_one_user_share() {
    each_engine(|engine, _| {
        let (root, other) = (Engine { user: 0, ..*engine }, Engine { user: 1, ..*engine });
        let l = keyed("password-recovery", 1, "1 hour");
        assert!(accepted(&l, &root, b"jane@example.com"));
        assert!(!accepted(&l, &root, b"jane@example.com"));
        assert!(accepted(&l, &other, b"jane@example.com"));
        l.reset(&other, b"jane@example.com").unwrap();
        assert!(!accepted(
            &l,
            &Engine { user: 0, ..*engine },
            b"jane@example.com"
        ));
    });
}

#[test]
fn a_login_type_and_a_keyed_id_of_the_same_name_never_share_a_state() {
    each_engine(|engine, _| {
        let config = LimiterConfig::new(
            "BE",
            ConfigValue::Int(1),
            ConfigValue::Missing,
            ConfigValue::Missing,
        )
        .unwrap();
        let login = Limiter::new(config);
        let keyed = keyed("BE", 1, "15 minutes");
        // The very bytes the login limiter stores its client under.
        let client = client_key(parse_client(b"192.0.2.7").unwrap(), 64);
        assert!(login.consume(engine, b"192.0.2.7", 1).unwrap().accepted);
        assert!(accepted(&keyed, engine, client.as_bytes()));
        assert!(!login.consume(engine, b"192.0.2.7", 1).unwrap().accepted);
        assert!(!accepted(&keyed, engine, client.as_bytes()));
        keyed.reset(engine, client.as_bytes()).unwrap();
        assert!(!login.consume(engine, b"192.0.2.7", 1).unwrap().accepted);
        assert!(accepted(&keyed, engine, client.as_bytes()));
        assert_eq!(engine.store.stats(T0).entries, 2);
    });
}

#[test]
fn bad_input_is_refused_naming_it_and_changes_nothing() {
    let id_error = |id: &[u8]| KeyedLimiter::new(id, 5, b"1 minute").unwrap_err();
    for id in [
        &b""[..],
        b"B E",
        &[b'x'; 65],
        b"BE\0",
        b"a/b",
        "\u{e9}".as_bytes(),
    ] {
        assert_eq!(
            id_error(id),
            KeyedError::Id {
                shown: printable(id)
            }
        );
    }
    assert_eq!(
        id_error(b"a b").to_string(),
        "Invalid rate limiter id: \"a b\" must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', \
         ':' and '-'"
    );
    assert!(KeyedLimiter::new(&[b'x'; 64], 5, b"1 minute").is_ok());
    assert!(KeyedLimiter::new(b"Az09_.:-", 5, b"1 minute").is_ok());

    for limit in [0, -1, 65_536, i64::MAX, i64::MIN] {
        assert_eq!(
            KeyedLimiter::new(b"x", limit, b"1 minute"),
            Err(KeyedError::Limit(limit))
        );
    }
    assert_eq!(keyed("x", 65_535, "1 minute").limit(), 65_535);

    for interval in ["", "1 month", "0 seconds", "500 ms", "400 days", "soon"] {
        assert_eq!(
            KeyedLimiter::new(b"x", 5, interval.as_bytes()),
            Err(KeyedError::Interval {
                shown: interval.to_owned(),
                error: parse_interval(interval).unwrap_err()
            })
        );
    }
    assert_eq!(
        KeyedLimiter::new(b"x", 5, b"1 month")
            .unwrap_err()
            .to_string(),
        "Invalid interval: \"1 month\": months and years have no fixed length; use days or \
         weeks instead"
    );
    assert_eq!(
        KeyedLimiter::new(b"x", 5, b"15 min\xff").unwrap_err(),
        KeyedError::Interval {
            shown: "15 min\\xff".to_owned(),
            error: IntervalError::Unparsable
        }
    );
    assert_eq!(keyed("x", 5, "1h 30m").interval_seconds(), 5400);

    each_engine(|engine, _| {
        let l = keyed("x", 2, "1 hour");
        let too_long = vec![b'k'; MAX_KEY_BYTES + 1];
        for key in [&b""[..], &too_long] {
            let refused = KeyedError::Key {
                shown: printable(key),
                len: key.len(),
            };
            assert_eq!(l.consume(engine, key, 1), Err(refused.clone()));
            assert_eq!(l.peek(engine, key), Err(refused.clone()));
            assert_eq!(l.reset(engine, key), Err(refused));
        }
        for tokens in [0, -1, 3, i64::MAX] {
            assert_eq!(
                l.consume(engine, b"k", tokens),
                Err(KeyedError::Tokens(TokensError { tokens, limit: 2 }))
            );
        }
        assert_eq!(engine.store.stats(T0).entries, 0);
    });
}

/// One step of a random history: wait, then consume, peek or reset.
#[derive(Clone, Debug)]
enum Step {
    Consume(Micros, u32),
    Peek(Micros),
    Reset(Micros),
}

fn step(limit: u32, interval: Micros) -> impl Strategy<Value = Step> {
    let wait = prop_oneof![
        6 => 0..interval / i64::from(limit),
        3 => 0..interval,
        1 => 0..3 * interval,
    ];
    (wait, 1..=limit, 0..20u8).prop_map(|(wait, tokens, kind)| match kind {
        0 => Step::Reset(wait),
        1..=3 => Step::Peek(wait),
        _ => Step::Consume(wait, tokens),
    })
}

fn history() -> impl Strategy<Value = (u32, u64, Vec<Step>)> {
    (1..=12u32, 1..=900u64).prop_flat_map(|(limit, seconds)| {
        let interval = seconds as Micros * MICROS_PER_SECOND;
        (
            Just(limit),
            Just(seconds),
            prop::collection::vec(step(limit, interval), 1..80),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the history, a keyed limiter answers exactly as a login limiter of the same
    /// limit and interval does for one client.
    #[test]
    fn the_same_answers_as_a_login_limiter((limit, seconds, steps) in history()) {
        let interval = format!("{seconds} seconds");
        let config = LimiterConfig::new(
            "BE",
            ConfigValue::Int(i64::from(limit)),
            ConfigValue::Text(&interval),
            ConfigValue::Missing,
        )
        .unwrap();
        let login = Limiter::new(config);
        let keyed = keyed("BE", i64::from(limit), &interval);
        for store in stores() {
            let clock = ManualClock::new(T0);
            let engine = engine(store.as_ref(), &clock);
            for step in &steps {
                match *step {
                    Step::Consume(wait, tokens) => {
                        clock.advance(wait);
                        prop_assert_eq!(
                            keyed.consume(&engine, b"jane@example.com", i64::from(tokens)).unwrap(),
                            login.consume(&engine, b"198.51.100.1", i64::from(tokens)).unwrap()
                        );
                    }
                    Step::Peek(wait) => {
                        clock.advance(wait);
                        prop_assert_eq!(
                            keyed.peek(&engine, b"jane@example.com").unwrap(),
                            login.peek(&engine, b"198.51.100.1").unwrap()
                        );
                    }
                    Step::Reset(wait) => {
                        clock.advance(wait);
                        keyed.reset(&engine, b"jane@example.com").unwrap();
                        login.reset(&engine, b"198.51.100.1").unwrap();
                    }
                }
            }
        }
    }
}
