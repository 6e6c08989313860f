use std::os::unix::fs::PermissionsExt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::super::test_hooks;
use super::*;
use crate::store::shm::layout::FINGERPRINT_MASK;
use crate::store::Namespace;
use crate::test_support::{attempt, login_key, SECOND, T0};
use crate::window::Policy;

fn key(subject: &[u8]) -> Key<'_> {
    login_key(subject, 60 * SECOND)
}

fn consume(table: &SharedTable, policy: Policy, subject: &[u8], now: Micros) -> bool {
    attempt(table, policy, subject, now).accepted
}

/// Stores a one-hit state for a login limiter's subject; says whether a state was there before.
fn put(table: &SharedTable, limiter: &str, subject: &[u8]) -> bool {
    put_in(table, Namespace::Login, limiter, subject)
}

fn put_in(table: &SharedTable, namespace: Namespace, limiter: &str, subject: &[u8]) -> bool {
    let mut found = false;
    let key = Key {
        user: 1000,
        namespace,
        limiter,
        subject,
        interval: SECOND,
    };
    table.measure_and_replace(key, T0, &mut |state, _| {
        found = state.is_some();
        Update::Put(State {
            expires: T0 + SECOND,
            interval: SECOND,
            prev: 0,
            cur: 1,
            blocking: false,
            reported: false,
        })
    });
    found
}

fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lrl-table-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("table")
}

#[test]
fn a_state_is_kept_and_replaced() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let policy = Policy {
        limit: 2,
        interval: 60 * SECOND,
    };
    assert!(consume(&table, policy, b"a", T0));
    assert!(consume(&table, policy, b"a", T0 + 1));
    assert!(!consume(&table, policy, b"a", T0 + 2));
    assert!(consume(&table, policy, b"b", T0 + 3));
    assert_eq!(table.stats(T0).entries, 2);
    table.remove(key(b"a"), T0 + 4);
    assert!(consume(&table, policy, b"a", T0 + 4));
}

#[test]
fn limiters_with_the_same_subject_are_apart() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    assert!(!put(&table, "BE", b"x"));
    assert!(!put(&table, "FE", b"x"));
    assert!(put(&table, "BE", b"x"));
}

#[test]
fn namespaces_with_the_same_limiter_and_subject_are_apart() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    assert!(!put_in(&table, Namespace::Login, "BE", b"x"));
    assert!(!put_in(&table, Namespace::Keyed, "BE", b"x"));
    assert!(put_in(&table, Namespace::Login, "BE", b"x"));
    assert!(put_in(&table, Namespace::Keyed, "BE", b"x"));
    table.remove(
        Key {
            user: 1000,
            namespace: Namespace::Keyed,
            limiter: "BE",
            subject: b"x",
            interval: SECOND,
        },
        T0,
    );
    assert!(put_in(&table, Namespace::Login, "BE", b"x"));
    assert!(!put_in(&table, Namespace::Keyed, "BE", b"x"));
}

#[test]
fn expired_states_read_as_absent_and_are_reclaimed() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let policy = Policy {
        limit: 1,
        interval: SECOND,
    };
    assert!(consume(&table, policy, b"a", T0));
    assert!(consume(&table, policy, b"b", T0));
    // Counted until the end of its calendar period, at most a second after it expires.
    assert_eq!(table.stats(T0 + 4 * SECOND).entries, 0);
    assert!(consume(&table, policy, b"a", T0 + 2 * SECOND));
    assert_eq!(table.stats(T0 + 4 * SECOND).entries, 1);
    assert_eq!(
        table
            .buckets
            .iter()
            .flat_map(|b| &b.slots)
            .filter(|s| s.load(Ordering::Relaxed) != 0)
            .count(),
        2,
        "the expired state's slot was taken again"
    );
}

#[test]
fn threads_hammering_one_client_get_exactly_the_limit() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let policy = Policy {
        limit: 1000,
        interval: 3600 * SECOND,
    };
    let accepted = std::sync::atomic::AtomicU32::new(0);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..2000 {
                    if consume(&table, policy, b"victim", T0) {
                        accepted.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    assert_eq!(accepted.load(Ordering::Relaxed), 1000);
}

#[test]
fn new_clients_racing_into_one_bucket_are_each_added_once() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let policy = Policy {
        limit: 1,
        interval: 3600 * SECOND,
    };
    for round in 0u32..200 {
        let subject = round.to_le_bytes();
        let accepted = std::sync::atomic::AtomicU32::new(0);
        std::thread::scope(|scope| {
            for _ in 0..3 {
                scope.spawn(|| {
                    if consume(&table, policy, &subject, T0) {
                        accepted.fetch_add(1, Ordering::Relaxed);
                    }
                });
            }
        });
        assert_eq!(accepted.load(Ordering::Relaxed), 1, "round {round}");
    }
}

#[test]
fn a_flood_of_new_clients_does_not_free_blocked_ones() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let policy = Policy {
        limit: 3,
        interval: 3600 * SECOND,
    };
    let capacity = table.capacity();
    let blocked: Vec<Vec<u8>> = (0..capacity / 10)
        .map(|i| format!("blocked-{i}").into_bytes())
        .collect();
    for subject in &blocked {
        for _ in 0..3 {
            assert!(consume(&table, policy, subject, T0));
        }
        assert!(!consume(&table, policy, subject, T0));
    }
    for i in 0..3 * capacity {
        consume(&table, policy, format!("flood-{i}").as_bytes(), T0 + 1);
    }
    let stats = table.stats(T0 + 2);
    assert!(stats.evictions >= 2 * capacity, "{stats:?}");
    assert!(stats.entries <= capacity);
    let freed = blocked
        .iter()
        .filter(|subject| consume(&table, policy, subject, T0 + 3))
        .count();
    assert_eq!(freed, 0);
}

#[test]
fn the_keyed_hash_differs_between_tables() {
    let a = SharedTable::anonymous(MIN_BYTES).unwrap();
    let b = SharedTable::anonymous(MIN_BYTES).unwrap();
    assert_ne!(a.hash_key, b.hash_key);
}

#[test]
fn sizes_outside_the_range_are_refused() {
    assert!(matches!(
        SharedTable::anonymous(MIN_BYTES - 1),
        Err(TableError::Size(_))
    ));
    assert!(matches!(
        SharedTable::anonymous(MAX_BYTES + 1),
        Err(TableError::Size(_))
    ));
    let table = SharedTable::anonymous(16 << 20).unwrap();
    assert!(table.capacity() >= 900_000);
    assert!((16 << 20) / table.capacity() < 64);
}

#[test]
fn a_file_table_is_shared_by_every_mapping_of_it() {
    let path = temp_path("shared");
    let policy = Policy {
        limit: 1,
        interval: 60 * SECOND,
    };
    let first = SharedTable::file(path.clone(), MIN_BYTES).unwrap();
    let second = SharedTable::file(path.clone(), MIN_BYTES).unwrap();
    assert!(consume(&first, policy, b"a", T0));
    assert!(!consume(&second, policy, b"a", T0 + 1));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(second.stats(T0).backend, "shared-file");
}

#[test]
fn bad_files_are_refused_with_the_reason() {
    let problem = |result: Result<SharedTable, TableError>| match result {
        Err(TableError::File { problem, .. }) => problem,
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("a bad file was accepted"),
    };
    let path = temp_path("bad");
    std::fs::write(&path, vec![7u8; MIN_BYTES as usize]).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(problem(SharedTable::file(path.clone(), MIN_BYTES)).contains("magic"));
    assert!(problem(SharedTable::file(path.clone(), 2 * MIN_BYTES)).contains("bytes"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    assert!(problem(SharedTable::file(path.clone(), MIN_BYTES)).contains("writable"));
    let missing = path.parent().unwrap().join("no-such-dir/table");
    assert!(problem(SharedTable::file(missing, MIN_BYTES)).contains("does not exist"));
    let link = path.parent().unwrap().join("link");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    assert!(problem(SharedTable::file(link, MIN_BYTES)).contains("symbolic link"));
}

#[test]
fn after_a_reboot_the_clock_resumes_no_earlier_than_it_was() {
    let path = temp_path("reboot");
    let table = SharedTable::file(path.clone(), MIN_BYTES).unwrap();
    let future = table.now() + 3600 * SECOND;
    // As if the table had last been used an hour ahead of this wall clock, on another boot.
    table.header.high_water.store(future, Ordering::Relaxed);
    table.header.boot_id[0].fetch_add(1, Ordering::Relaxed);
    let reopened = SharedTable::file(path, MIN_BYTES).unwrap();
    assert!(reopened.now() >= future);
}

#[test]
fn long_keys_and_shifted_boundaries_are_told_apart() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let long = vec![7u8; 100];
    assert!(!put(&table, "BE", &long));
    assert!(put(&table, "BE", &long));
    assert!(!put(&table, "B", &long));
    let mut shifted = long.clone();
    shifted.insert(0, b'E');
    assert!(!put(&table, "B", &shifted));
}

const HOUR: Micros = 3600 * SECOND;

/// Every state the table holds for `subject` (under limiter "BE"), wherever it is, with the
/// bucket it is in.
fn copies(table: &SharedTable, subject: &[u8]) -> Vec<(usize, State)> {
    held(table, table.place(key(subject), false).fingerprint)
}

fn held(table: &SharedTable, fingerprint: u64) -> Vec<(usize, State)> {
    let mut found = Vec::new();
    for (index, bucket) in table.buckets.iter().enumerate() {
        for slot in &bucket.slots {
            let word = slot.load(Ordering::Relaxed);
            if layout::fingerprint_of(word) == fingerprint {
                found.push((index, layout::decode(word)));
            }
        }
    }
    found
}

fn live(cur: u32, blocking: bool) -> State {
    State {
        interval: 0,
        expires: T0 + HOUR,
        prev: 0,
        cur,
        blocking,
        reported: false,
    }
}

/// Writes an entry with `fingerprint` into a slot, as if some client had been inserted there.
fn write(table: &SharedTable, bucket: usize, slot: usize, fingerprint: u64, state: State) {
    table.buckets[bucket].slots[slot]
        .store(layout::encode(fingerprint, 0, &state), Ordering::Relaxed);
}

/// Made-up fingerprints, different for each `series`, spread like real ones (a fingerprint's
/// low bits choose its other bucket).
fn fingerprints(series: u64) -> impl Iterator<Item = u64> {
    (series << 32..)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> FINGERPRINT_MASK.leading_zeros())
}

/// `count` fingerprints of `series` of entries that sit in `bucket` as their second bucket:
/// never moved.
fn unmovable(table: &SharedTable, bucket: usize, count: usize, series: u64) -> Vec<u64> {
    fingerprints(series)
        .filter(|&fingerprint| {
            let place = Place::of_entry(bucket, fingerprint, table.buckets.len());
            place.first != bucket
        })
        .take(count)
        .collect()
}

/// Fills both of `place`'s buckets with never-moved entries in these states (first bucket's
/// seven, then the second's); returns their fingerprints in the same order.
fn fill_pair(table: &SharedTable, place: &Place, states: [State; 14]) -> Vec<u64> {
    let mut fingerprints = unmovable(table, place.first, 7, 1);
    fingerprints.extend(unmovable(table, place.second, 7, 2));
    for (n, (state, &fingerprint)) in states.iter().zip(&fingerprints).enumerate() {
        let bucket = if n < 7 { place.first } else { place.second };
        write(table, bucket, n % 7, fingerprint, *state);
    }
    fingerprints
}

/// A subject whose two buckets are different, as nearly all are.
fn two_bucket_client(table: &SharedTable, name: &str) -> (Vec<u8>, Place) {
    (0u32..)
        .map(|i| format!("{name}-{i}").into_bytes())
        .map(|subject| {
            let place = table.place(key(&subject), false);
            (subject, place)
        })
        .find(|(_, place)| place.has_two_buckets())
        .unwrap()
}

#[test]
fn a_holder_stalled_past_the_lock_bound_leaves_one_state_counting_every_attempt() {
    // One neighbour: the stalled holder and the next one choose two slots of the first bucket;
    // two neighbours: the stalled holder chooses the second bucket and the next one the first.
    for neighbours in [1, 2] {
        let table = &SharedTable::anonymous(MIN_BYTES).unwrap();
        let policy = Policy {
            limit: 3,
            interval: 60 * SECOND,
        };
        let (client, place) = two_bucket_client(table, "stalled");
        // Live when the stalled holder chooses its slot, expired when the next holder chooses.
        for (slot, fingerprint) in unmovable(table, place.first, neighbours, 3)
            .into_iter()
            .enumerate()
        {
            let state = State {
                expires: T0 + SECOND,
                ..live(1, false)
            };
            write(table, place.first, slot, fingerprint, state);
        }
        let (paused, is_paused) = mpsc::channel();
        let (resume, resumed) = mpsc::channel::<()>();
        std::thread::scope(|scope| {
            let client = &client;
            let stalled = scope.spawn(move || {
                test_hooks::on_next_insert(move || {
                    paused.send(()).unwrap();
                    resumed.recv().unwrap();
                });
                consume(table, policy, client, T0)
            });
            is_paused.recv().unwrap();
            // Another process waits out the lock's bound, takes it over and adds the client.
            let started = Instant::now();
            assert!(consume(table, policy, client, T0 + 2 * SECOND));
            assert!(started.elapsed() >= Duration::from_millis(200));
            resume.send(()).unwrap();
            assert!(stalled.join().unwrap());
        });
        assert!(table.stats(T0).lock_takeovers >= 1);
        let copies_left = copies(table, &client);
        assert_eq!(copies_left.len(), 1, "{neighbours}: {copies_left:?}");
        assert_eq!(copies_left[0].1.cur, 2);
        assert!(consume(table, policy, &client, T0 + 3 * SECOND));
        assert!(!consume(table, policy, &client, T0 + 3 * SECOND));
        table.remove(key(&client), T0 + 3 * SECOND);
        assert!(copies(table, &client).is_empty());
    }
}

#[test]
fn lookups_use_the_first_copy_only() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let policy = Policy {
        limit: 10,
        interval: 60 * SECOND,
    };
    let (client, place) = two_bucket_client(&table, "client");
    assert!(consume(&table, policy, &client, T0));
    write(&table, place.second, 0, place.fingerprint, live(5, false));
    write(&table, place.first, 6, place.fingerprint, live(7, false));
    for _ in 0..3 {
        assert!(consume(&table, policy, &client, T0 + 1));
    }
    let counts: Vec<(usize, u32)> = copies(&table, &client)
        .iter()
        .map(|&(bucket, state)| (bucket, state.cur))
        .collect();
    let mut expected = vec![(place.first, 4), (place.first, 7), (place.second, 5)];
    expected.sort_by_key(|&(bucket, _)| bucket);
    assert_eq!(counts, expected);
}

#[test]
fn copies_are_folded_into_the_first_keeping_every_attempt() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let (client, place) = two_bucket_client(&table, "client");
    let first = State {
        interval: 0,
        expires: T0 + 60 * SECOND,
        prev: 2,
        cur: 1,
        blocking: false,
        reported: false,
    };
    write(&table, place.first, 3, place.fingerprint, first);
    let later = State {
        interval: 0,
        expires: T0 + 61 * SECOND,
        prev: 1,
        cur: 3,
        blocking: true,
        reported: false,
    };
    write(&table, place.second, 0, place.fingerprint, later);
    let expired = State {
        expires: T0 - 1,
        ..live(9, true)
    };
    write(&table, place.second, 5, place.fingerprint, expired);
    fold::fold(
        &table.header.calendar,
        &table.candidates(&place),
        place.fingerprint,
        T0,
    );
    let merged = State {
        interval: 0,
        expires: T0 + 61 * SECOND,
        prev: 3,
        cur: 4,
        blocking: true,
        reported: false,
    };
    assert_eq!(copies(&table, &client), [(place.first, merged)]);
}

#[test]
fn remove_clears_every_copy() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let (client, place) = two_bucket_client(&table, "client");
    assert!(!put(&table, "BE", &client));
    write(&table, place.first, 5, place.fingerprint, live(1, false));
    write(&table, place.second, 2, place.fingerprint, live(2, false));
    assert_eq!(copies(&table, &client).len(), 3);
    table.remove(key(&client), T0);
    assert!(copies(&table, &client).is_empty());
    assert!(!put(&table, "BE", &client));
}

#[test]
fn a_new_key_goes_to_its_second_bucket_when_the_first_holds_two_more_and_is_found_there() {
    let policy = Policy {
        limit: 10,
        interval: 60 * SECOND,
    };
    for (in_first, expected) in [(1, 0), (2, 1), (7, 1)] {
        let table = SharedTable::anonymous(MIN_BYTES).unwrap();
        let (client, place) = two_bucket_client(&table, "client");
        for (slot, fingerprint) in unmovable(&table, place.first, in_first, 3)
            .into_iter()
            .enumerate()
        {
            write(&table, place.first, slot, fingerprint, live(1, false));
        }
        assert!(consume(&table, policy, &client, T0));
        assert!(consume(&table, policy, &client, T0 + 1));
        let bucket = [place.first, place.second][expected];
        assert_eq!(copies(&table, &client), [(bucket, live_at(T0, 2, 60))]);
        assert_eq!(table.stats(T0).evictions, 0);
    }
}

/// The state a client with `cur` accepted attempts since `start` has, for an interval in seconds.
fn live_at(start: Micros, cur: u32, interval: i64) -> State {
    State {
        interval: 0,
        expires: start + 2 * interval * SECOND,
        prev: 0,
        cur,
        blocking: false,
        reported: false,
    }
}

#[test]
fn a_full_pair_makes_room_by_moving_an_entry_to_its_other_bucket() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let (client, place) = two_bucket_client(&table, "client");
    let mut filled = fill_pair(&table, &place, [live(1, false); 14]);
    // One entry of the first bucket is in its own first bucket, and its second has room.
    let movable = fingerprints(4)
        .find(|&fingerprint| {
            let entry = Place::of_entry(place.first, fingerprint, table.buckets.len());
            entry.first == place.first
                && entry.second != place.first
                && entry.second != place.second
        })
        .unwrap();
    write(&table, place.first, 4, movable, live(3, true));
    filled[4] = movable;
    assert!(!put(&table, "BE", &client));
    assert_eq!(table.stats(T0).evictions, 0);
    assert_eq!(copies(&table, &client), [(place.first, put_state())]);
    let second = Place::of_entry(place.first, movable, table.buckets.len()).second;
    assert_eq!(held(&table, movable), [(second, live(3, true))]);
    for fingerprint in filled {
        assert_eq!(held(&table, fingerprint).len(), 1);
    }
}

/// What `put` stores.
fn put_state() -> State {
    State {
        interval: 0,
        expires: T0 + SECOND,
        prev: 0,
        cur: 1,
        blocking: false,
        reported: false,
    }
}

#[test]
fn when_both_buckets_are_full_the_eviction_order_applies_across_both() {
    let expired = State {
        expires: T0 - 1,
        ..live(1, false)
    };
    // (the states of the first bucket's seven and the second's, the one that must give way,
    // whether that is an eviction)
    let mut cases = Vec::new();
    let mut states = [live(1, true); 14];
    states[10] = expired;
    cases.push((states, 10, false));
    let mut states = [live(1, true); 14];
    states[11] = live(5, false);
    cases.push((states, 11, true));
    let mut states = [live(1, true); 14];
    states[5] = live(2, false);
    states[12] = live(3, false);
    cases.push((states, 5, true));
    let mut states = [live(3, true); 14];
    states[9] = live(1, true);
    cases.push((states, 9, true));
    let mut states = [live(2, false); 14];
    states[13] = State {
        expires: T0 + SECOND,
        ..live(2, false)
    };
    cases.push((states, 13, true));
    for (case, (states, victim, evicted)) in cases.into_iter().enumerate() {
        let table = SharedTable::anonymous(MIN_BYTES).unwrap();
        let (client, place) = two_bucket_client(&table, "client");
        let fingerprints = fill_pair(&table, &place, states);
        assert!(!put(&table, "BE", &client));
        let bucket = if victim < 7 {
            place.first
        } else {
            place.second
        };
        assert_eq!(
            copies(&table, &client),
            [(bucket, put_state())],
            "case {case}"
        );
        assert!(held(&table, fingerprints[victim]).is_empty(), "case {case}");
        assert_eq!(table.stats(T0).evictions, u64::from(evicted), "case {case}");
    }
}

#[test]
fn threads_inserting_the_same_new_keys_leave_one_state_each() {
    let table = &SharedTable::anonymous(MIN_BYTES).unwrap();
    let policy = Policy {
        limit: 1000,
        interval: HOUR,
    };
    // Most buckets well filled, so that new keys go to both of their buckets.
    for i in 0..table.capacity() * 6 / 10 {
        consume(table, policy, format!("resident-{i}").as_bytes(), T0);
    }
    let clients: Vec<Vec<u8>> = (0..400).map(|i| format!("new-{i}").into_bytes()).collect();
    let threads = 4;
    std::thread::scope(|scope| {
        for t in 0..threads {
            let clients = &clients;
            scope.spawn(move || {
                for n in 0..clients.len() {
                    consume(
                        table,
                        policy,
                        &clients[(n * 7 + t * 101) % clients.len()],
                        T0,
                    );
                }
            });
        }
    });
    assert_eq!(table.stats(T0).evictions, 0);
    for client in &clients {
        let held = copies(table, client);
        assert_eq!(held.len(), 1, "{held:?}");
        assert_eq!(held[0].1.cur, threads as u32);
    }
}

#[test]
fn moves_racing_with_updates_lose_no_attempt_and_copy_no_key() {
    let table = &SharedTable::anonymous(MIN_BYTES).unwrap();
    let policy = Policy {
        limit: 60_000,
        interval: HOUR,
    };
    let capacity = table.capacity();
    for i in 0..capacity * 86 / 100 {
        consume(table, policy, format!("resident-{i}").as_bytes(), T0);
    }
    let hammered: Vec<Vec<u8>> = (0..capacity / 20)
        .map(|i| format!("resident-{i}").into_bytes())
        .collect();
    // Heavier than every other state from the start, so that none of them is evicted: two
    // attempts each, also for one the filling evicted (at 86 % of the capacity, now and then).
    for client in &hammered {
        while copies(table, client)
            .first()
            .map_or(0, |(_, state)| state.cur)
            < 2
        {
            assert!(consume(table, policy, client, T0));
        }
    }
    let attempts = AtomicU32::new(0);
    let moves = std::thread::scope(|scope| {
        for t in 0..2 {
            let (hammered, attempts) = (&hammered, &attempts);
            scope.spawn(move || {
                for round in 0..200 {
                    for (n, client) in hammered.iter().enumerate() {
                        if (n + round + t) % 2 == 0 {
                            assert!(consume(table, policy, client, T0 + 1));
                            attempts.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            });
        }
        // New clients come and go while the table is nearly full: their inserts move entries.
        let newcomers = scope.spawn(move || {
            for round in 0..200u32 {
                let batch: Vec<Vec<u8>> = (0..capacity / 50)
                    .map(|i| format!("new-{round}-{i}").into_bytes())
                    .collect();
                for client in &batch {
                    consume(table, policy, client, T0 + 1);
                }
                for client in &batch {
                    table.remove(key(client), T0 + 1);
                }
            }
            test_hooks::moves()
        });
        newcomers.join().unwrap()
    });
    assert!(moves > 0);
    let evictions = table.stats(T0).evictions;
    let mut counted = 0;
    for client in &hammered {
        let held = copies(table, client);
        assert!(held.len() <= 1, "{held:?}");
        counted += held.iter().map(|(_, state)| state.cur - 2).sum::<u32>();
    }
    // A hammered client is never the lightest state, so none is evicted.
    assert_eq!(
        counted,
        attempts.load(Ordering::Relaxed),
        "evictions {evictions}"
    );
}

#[test]
fn a_lookup_during_a_move_updates_the_original_and_the_copy_is_dropped() {
    let policy = Policy {
        limit: 10,
        interval: 60 * SECOND,
    };
    for update_during_the_move in [false, true] {
        // The hook outlives this frame; a mapping is never unmapped anyway.
        let table: &'static SharedTable =
            Box::leak(Box::new(SharedTable::anonymous(MIN_BYTES).unwrap()));
        let (client, place) = two_bucket_client(table, "client");
        // A real client in the first bucket, in its own first bucket, with room in its second.
        let (resident, home) = (0u32..)
            .map(|i| format!("resident-{i}").into_bytes())
            .map(|subject| {
                let home = table.place(key(&subject), false);
                (subject, home)
            })
            .find(|(_, home)| {
                home.first == place.first
                    && home.second != place.first
                    && home.second != place.second
            })
            .unwrap();
        // If the resident stays, the one state lighter than it gives way.
        let mut states = [live(1, true); 14];
        states[7] = live(1, false);
        let mut fingerprints = fill_pair(table, &place, states);
        write(table, place.first, 0, home.fingerprint, live_at(T0, 1, 60));
        fingerprints[0] = home.fingerprint;
        let seen = std::rc::Rc::new(std::cell::Cell::new(None));
        let seen_inside = seen.clone();
        let resident_inside = resident.clone();
        test_hooks::on_next_move(move || {
            // Both copies exist now; a lookup must find the original, in the first bucket.
            let accepted =
                !update_during_the_move || consume(table, policy, &resident_inside, T0 + 1);
            seen_inside.set(Some((accepted, copies(table, &resident_inside).len())));
        });
        assert!(!put(table, "BE", &client));
        assert_eq!(seen.get(), Some((true, 2)));
        let cur = if update_during_the_move { 2 } else { 1 };
        let expected_bucket = if update_during_the_move {
            place.first
        } else {
            home.second
        };
        assert_eq!(
            copies(table, &resident),
            [(expected_bucket, live_at(T0, cur, 60))]
        );
        // After a move the client is found in its second bucket; after a failed one, in its first.
        assert!(consume(table, policy, &resident, T0 + 2));
        assert_eq!(copies(table, &resident)[0].1.cur, cur + 1);
        assert_eq!(table.stats(T0).evictions, u64::from(update_during_the_move));
    }
}

#[test]
fn the_first_live_eviction_and_then_one_a_minute_across_processes_claim_a_warning() {
    let path = temp_path("warning");
    let one = SharedTable::file(path.clone(), MIN_BYTES).unwrap();
    let other = SharedTable::file(path, MIN_BYTES).unwrap();
    let capacity = one.capacity();
    let flood = |table: &SharedTable, name: &str, at: Micros| {
        let before = table.stats(at).evictions;
        for i in 0.. {
            put_at(table, format!("{name}-{i}").as_bytes(), at);
            if table.stats(at).evictions > before {
                return;
            }
        }
    };
    assert_eq!(one.take_full_warning(T0), None);
    for i in 0..capacity * 7 / 10 {
        put_at(&one, format!("fill-{i}").as_bytes(), T0);
    }
    assert_eq!(one.take_full_warning(T0), None, "no state was lost yet");
    flood(&one, "a", T0);
    let warning = one.take_full_warning(T0).unwrap();
    assert_eq!(warning.capacity, capacity);
    assert_eq!(warning.memory_bytes, MIN_BYTES);
    assert_eq!(warning.entries, one.stats(T0).entries);
    assert_eq!(one.take_full_warning(T0), None, "given out once");
    flood(&other, "b", T0 + 59 * SECOND);
    assert_eq!(
        other.take_full_warning(T0 + 59 * SECOND),
        None,
        "within the minute"
    );
    flood(&one, "c", T0 + 59 * SECOND);
    assert_eq!(
        one.take_full_warning(T0 + 59 * SECOND),
        None,
        "within the minute"
    );
    flood(&other, "d", T0 + 61 * SECOND);
    assert!(other.take_full_warning(T0 + 61 * SECOND).is_some());
    flood(&one, "e", T0 + 62 * SECOND);
    assert_eq!(one.take_full_warning(T0 + 62 * SECOND), None);
}

/// Stores a live one-hit state for `subject` at `at`.
fn put_at(table: &SharedTable, subject: &[u8], at: Micros) {
    table.measure_and_replace(key(subject), at, &mut |_, _| {
        Update::Put(State {
            expires: at + HOUR,
            ..live(1, false)
        })
    });
}
