use super::*;
use crate::clock::ManualClock;
use crate::config::{ConfigValue, LimiterConfig};
use crate::store::memory::MemoryStore;
use crate::store::shm::MIN_BYTES;
use crate::window::{Micros, MICROS_PER_SECOND};

const SECOND: Micros = MICROS_PER_SECOND;
/// 2026-11-24T10:00:03Z
const T0: Micros = 1_795_514_403 * SECOND;

fn limiter(limit: i64) -> Limiter {
    let config = LimiterConfig::new(
        "BE",
        ConfigValue::Int(limit),
        ConfigValue::Text("15 minutes"),
        ConfigValue::Text(""),
    )
    .unwrap();
    Limiter::new(config)
}

/// The answers of `attempts` consumes by `client`, and the lines they log.
fn lines(ipv6_prefix: u8, client: &str, attempts: usize) -> Vec<Option<String>> {
    let store = MemoryStore::new(MIN_BYTES).unwrap();
    let clock = ManualClock::new(T0);
    let engine = Engine {
        store: &store,
        clock: &clock,
        ipv6_prefix,
        user: 1000,
    };
    let l = limiter(5);
    (0..attempts)
        .map(|_| {
            let answer = l.consume(&engine, client.as_bytes(), 1).unwrap();
            clock.advance(SECOND / 3);
            blocked_line(&l, &engine, client.as_bytes(), &answer)
        })
        .collect()
}

#[test]
fn the_first_rejection_writes_the_documented_line_and_nothing_else_does() {
    let lines = lines(64, "203.0.113.44", 9);
    assert!(lines[..5].iter().all(Option::is_none));
    // The five hits at T0 .. T0 + 4/3 s expire from the window at T0 + 900 s + 1 µs.
    assert_eq!(
        lines[5].as_deref(),
        Some(
            "login_ratelimit: blocked BE login attempts from 203.0.113.44 (5 in 900 s) \
             until 2026-11-24T10:15:04Z"
        )
    );
    assert!(lines[6..].iter().all(Option::is_none));
}

#[test]
fn an_ipv6_client_is_written_as_the_network_it_is_counted_by() {
    let client = "2001:db8:1:2:aaaa:bbbb:cccc:dddd";
    let from = |prefix: u8| {
        let line = lines(prefix, client, 6)[5].clone().unwrap();
        line.split(" from ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(from(64), "2001:db8:1:2::/64");
    assert_eq!(from(48), "2001:db8:1::/48");
    assert_eq!(from(1), "::/1");
    assert_eq!(from(128), client);
}

#[test]
fn an_ipv4_mapped_client_is_written_as_ipv4() {
    let line = lines(64, "::ffff:192.0.2.7", 6)[5].clone().unwrap();
    assert!(line.contains(" from 192.0.2.7 ("), "{line}");
}
