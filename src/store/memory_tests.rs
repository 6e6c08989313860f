use std::time::{Duration, Instant};

use super::*;
use crate::store::shm::MIN_BYTES;
use crate::test_support::{login_key, SECOND};
use crate::window::Policy;

const T0: Micros = 1_800_000_000 * SECOND;
/// What the runtime gives the fallback: the default table size.
const DEFAULT_BYTES: u64 = 16 << 20;

fn key(subject: &[u8]) -> Key<'_> {
    login_key(subject, SECOND)
}

/// Stores a one-hit state for a new client.
fn add(store: &MemoryStore, client: u32) {
    let subject = client.to_le_bytes();
    store.measure_and_replace(key(&subject), T0, &mut |_, _| {
        Update::Put(State {
            expires: T0 + SECOND,
            interval: SECOND,
            prev: 0,
            cur: 1,
            blocking: false,
            reported: false,
        })
    });
}

/// How long `count` new clients from `first` on take.
fn time_to_add(store: &MemoryStore, first: u32, count: u32) -> Duration {
    let start = Instant::now();
    for client in first..first + count {
        add(store, client);
    }
    start.elapsed()
}

/// This process's resident memory.
fn resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib << 10
}

#[test]
fn a_flood_of_new_clients_keeps_the_memory_and_the_cost_of_a_call_flat() {
    const CLIENTS: u32 = 1 << 21;
    const BATCH: u32 = 1 << 12;
    const BATCHES: u32 = 8;
    let store = MemoryStore::new(DEFAULT_BYTES).unwrap();
    let before = store.stats(T0);
    assert!(u64::from(CLIENTS) > 2 * before.capacity);
    let resident_before = resident_bytes();

    // The fastest of several batches, so that a moment without the CPU does not count: first
    // into the empty store, then after it has been full for a million clients.
    let empty = (0..BATCHES)
        .map(|i| time_to_add(&store, i * BATCH, BATCH))
        .min()
        .unwrap();
    for client in BATCHES * BATCH..CLIENTS - BATCHES * BATCH {
        add(&store, client);
    }
    let full = (0..BATCHES)
        .map(|i| time_to_add(&store, CLIENTS - (BATCHES - i) * BATCH, BATCH))
        .min()
        .unwrap();

    let after = store.stats(T0);
    assert_eq!(after.memory_bytes, before.memory_bytes);
    assert!(after.memory_bytes <= DEFAULT_BYTES);
    assert!(after.entries <= after.capacity);
    // Every new client got a slot: a free one, or one given up by an eviction (but for the
    // rare two clients whose fingerprints meet in a bucket, which share one).
    let placed = after.entries + after.evictions;
    assert!(placed <= u64::from(CLIENTS) && placed + 8 >= u64::from(CLIENTS));
    let grown = resident_bytes().saturating_sub(resident_before);
    assert!(
        grown < 4 * DEFAULT_BYTES,
        "resident memory grew by {grown} bytes for {CLIENTS} clients"
    );
    // A call that has to evict scans one bucket, as one into an empty store does: the same
    // order of cost (a store that searched all its states would be thousands of times slower).
    assert!(
        full < empty * 10,
        "{BATCH} new clients took {full:?} when full, {empty:?} when empty"
    );
}

#[test]
fn it_counts_exactly_and_reports_itself_as_private() {
    let store = MemoryStore::new(MIN_BYTES).unwrap();
    let policy = Policy {
        limit: 3,
        interval: 60 * SECOND,
    };
    let accepted = (0..10)
        .filter(|_| {
            let mut accepted = false;
            store.measure_and_replace(key(b"10.0.0.1"), T0, &mut |state, _| {
                let decision = policy.consume(state, T0, 1);
                accepted = decision.accepted;
                decision.store.map_or(Update::Keep, Update::Put)
            });
            accepted
        })
        .count();
    assert_eq!(accepted, 3);
    let stats = store.stats(T0);
    assert_eq!(stats.backend, "process-local");
    assert_eq!(stats.location, "memory of this process only (not shared)");
    assert_eq!(stats.entries, 1);
    assert!(stats.capacity > 0 && stats.memory_bytes <= MIN_BYTES);
    store.remove(key(b"10.0.0.1"), T0);
    assert_eq!(store.stats(T0).entries, 0);
}

#[test]
fn sizes_a_table_cannot_have_are_refused() {
    assert!(MemoryStore::new(MIN_BYTES - 1).is_err());
    assert!(MemoryStore::new(0).is_err());
}
