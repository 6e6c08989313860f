//! The table's count of its states (`calendar`): what a full scan finds, and read without
//! touching a bucket.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use super::super::{mapping, test_hooks};
use super::*;
use crate::test_support::{attempt, login_key, SECOND, T0};
use crate::window::Policy;

fn key(subject: &[u8]) -> Key<'_> {
    login_key(subject, 60 * SECOND)
}

fn consume(table: &SharedTable, policy: Policy, subject: &[u8], now: Micros) {
    attempt(table, policy, subject, now);
}

/// The states a full scan finds live at `now`.
fn scanned(table: &SharedTable, now: Micros) -> u64 {
    table
        .buckets
        .iter()
        .flat_map(|bucket| &bucket.slots)
        .filter(|slot| is_live(slot.load(Ordering::Relaxed), now))
        .count() as u64
}

/// A small generator, so that each thread's choices differ and repeat from run to run.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn the_count_is_what_a_full_scan_finds_after_threads_insert_update_remove_expire_evict_and_move() {
    let table = &SharedTable::anonymous(MIN_BYTES).unwrap();
    // Clients of one-second windows come and go (their states expire and are reclaimed);
    // clients of one-hour windows pile up past the capacity (evictions, and moves to make room).
    let short = Policy {
        limit: 3,
        interval: SECOND,
    };
    let long = Policy {
        limit: 3,
        interval: 3600 * SECOND,
    };
    let clients = table.capacity() * 2;
    let clock = &AtomicI64::new(T0);
    let moves = &AtomicU64::new(0);
    for phase in 0..3u64 {
        std::thread::scope(|scope| {
            for thread in 0..4u64 {
                scope.spawn(move || {
                    let mut random = 0x9e37_79b9_7f4a_7c15 ^ (phase << 8 | thread);
                    for _ in 0..20_000 {
                        // The clock moves on by up to 2 ms a call, read as each call starts.
                        let now = clock
                            .fetch_add((next(&mut random) % 2_000) as Micros, Ordering::Relaxed);
                        let client = next(&mut random) % clients;
                        let subject = format!("client-{client}");
                        let policy = if client.is_multiple_of(2) {
                            short
                        } else {
                            long
                        };
                        match next(&mut random) % 10 {
                            0 => table.remove(key(subject.as_bytes()), now),
                            _ => consume(table, policy, subject.as_bytes(), now),
                        }
                    }
                    moves.fetch_add(test_hooks::moves(), Ordering::Relaxed);
                });
            }
        });
        // Once the last one-second state has expired and its calendar period (a second) ended.
        let at = clock.load(Ordering::Relaxed) + 4 * SECOND;
        clock.store(at, Ordering::Relaxed);
        let stats = table.stats(at);
        assert_eq!(
            stats.entries,
            scanned(table, at),
            "phase {phase}: {stats:?}"
        );
        assert!(stats.entries > table.capacity() / 2, "{stats:?}");
    }
    let stats = table.stats(clock.load(Ordering::Relaxed));
    assert!(stats.evictions > 0, "{stats:?}");
    assert!(moves.load(Ordering::Relaxed) > 0);
    // Each of those states ends within a period of its expiry, so they all end by two hours,
    // and the count with them.
    let later = clock.load(Ordering::Relaxed) + 3 * 3600 * SECOND;
    assert_eq!(table.stats(later).entries, 0);
}

#[test]
fn the_count_follows_removals_and_windows_rolling_over() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let policy = Policy {
        limit: 5,
        interval: 900 * SECOND,
    };
    for i in 0..100 {
        consume(&table, policy, format!("{i}").as_bytes(), T0);
    }
    for i in 0..30 {
        table.remove(key(format!("{i}").as_bytes()), T0 + SECOND);
    }
    assert_eq!(table.stats(T0 + SECOND).entries, 70);
    // A new window for every client: each state replaced by one expiring 15 minutes later.
    for i in 0..100 {
        consume(
            &table,
            policy,
            format!("{i}").as_bytes(),
            T0 + 1000 * SECOND,
        );
    }
    let at = T0 + 1000 * SECOND;
    assert_eq!(table.stats(at).entries, scanned(&table, at));
    assert_eq!(table.stats(at).entries, 100);
}

#[test]
fn stats_reads_no_bucket() {
    let table = SharedTable::anonymous(256 << 20).unwrap();
    let policy = Policy {
        limit: 5,
        interval: 900 * SECOND,
    };
    for i in 0..100 {
        consume(&table, policy, format!("{i}").as_bytes(), T0);
    }
    let resident = mapping::resident_pages(table.buckets);
    assert!(resident <= 200, "{resident} pages");
    let stats = table.stats(T0);
    assert_eq!(stats.entries, 100);
    assert_eq!(table.take_full_warning(T0), None);
    assert_eq!(mapping::resident_pages(table.buckets), resident);
    table.unmap();
}
