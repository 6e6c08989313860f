use std::os::unix::fs::PermissionsExt;
use std::sync::atomic::Ordering;

use super::*;
use crate::store::Namespace;
use crate::window::Policy;

const SECOND: Micros = MICROS_PER_SECOND;
const T0: Micros = 1_800_000_000 * SECOND;

fn key(subject: &[u8]) -> Key<'_> {
    Key {
        user: 1000,
        namespace: Namespace::Login,
        limiter: "BE",
        subject,
        interval: 60 * SECOND,
    }
}

fn consume(table: &SharedTable, policy: Policy, subject: &[u8], now: Micros) -> bool {
    let mut accepted = false;
    let key = Key {
        interval: policy.interval,
        ..key(subject)
    };
    table.measure_and_replace(key, now, &mut |state, now| {
        let decision = policy.consume(state, now, 1);
        accepted = decision.accepted;
        decision.store.map_or(Update::Keep, Update::Put)
    });
    accepted
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
    table.remove(key(b"a"));
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
    table.remove(Key {
        user: 1000,
        namespace: Namespace::Keyed,
        limiter: "BE",
        subject: b"x",
        interval: SECOND,
    });
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
    assert_eq!(table.stats(T0 + 2 * SECOND).entries, 0);
    assert!(consume(&table, policy, b"a", T0 + 2 * SECOND));
    assert_eq!(table.stats(T0 + 2 * SECOND).entries, 1);
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
