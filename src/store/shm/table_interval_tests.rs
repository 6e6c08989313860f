//! States read by limiters of different intervals, and a table whose interval registry is full.

use std::sync::atomic::Ordering;

use super::*;
use crate::window::Policy;

const MINUTE: Micros = 60 * SECOND;
const DAY: Micros = 24 * 60 * MINUTE;

use crate::test_support::{attempt as consume, login_key as key, SECOND, T0};

/// The state a limiter of `interval` reads for `subject` at `now`.
fn stored(table: &SharedTable, subject: &[u8], interval: Micros, now: Micros) -> Option<State> {
    let mut seen = None;
    table.measure_and_replace(key(subject, interval), now, &mut |state, _| {
        seen = state;
        Update::Keep
    });
    seen
}

fn policy(limit: u32, interval: Micros) -> Policy {
    Policy { limit, interval }
}

fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lrl-intervals-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("table")
}

#[test]
fn limiters_of_two_intervals_judge_one_state_alike() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    let (short, long) = (policy(5, 15 * MINUTE), policy(5, DAY));
    for _ in 0..5 {
        assert!(consume(&table, short, b"c", T0).accepted);
    }
    for second in 0..10 {
        let decision = consume(&table, long, b"c", T0 + MINUTE + second * SECOND);
        assert!(!decision.accepted);
        assert_eq!(decision.retry_after, T0 + 15 * MINUTE + 1);
    }
    let state = stored(&table, b"c", long.interval, T0 + MINUTE).unwrap();
    assert_eq!((state.interval, state.cur), (short.interval, 5));
    // The window after it is the day-long reader's, and stored with that interval.
    assert!(consume(&table, long, b"c", T0 + 15 * MINUTE + 1).accepted);
    let state = stored(&table, b"c", short.interval, T0 + 16 * MINUTE).unwrap();
    assert_eq!((state.interval, state.prev, state.cur), (DAY, 5, 1));
}

#[test]
fn every_mapping_of_a_file_reads_a_state_with_its_interval() {
    let path = temp_path("file");
    let (week, short) = (policy(5, 7 * DAY), policy(5, 15 * MINUTE));
    let first = SharedTable::file(path.clone(), MIN_BYTES).unwrap();
    for _ in 0..5 {
        consume(&first, week, b"c", T0);
    }
    first.unmap();
    let second = SharedTable::file(path.clone(), MIN_BYTES).unwrap();
    assert_eq!(
        second.header.intervals[0].load(Ordering::Relaxed),
        week.interval as u64
    );
    let decision = consume(&second, short, b"c", T0 + 60 * MINUTE);
    assert!(!decision.accepted);
    assert_eq!(decision.retry_after, T0 + 7 * DAY + 1);
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn a_new_table_names_no_interval_until_one_is_used() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    assert!(table
        .header
        .intervals
        .iter()
        .all(|entry| entry.load(Ordering::Relaxed) == 0));
    consume(&table, policy(1, MINUTE), b"c", T0);
    consume(&table, policy(1, MINUTE), b"d", T0);
    let held: Vec<u64> = table
        .header
        .intervals
        .iter()
        .map(|entry| entry.load(Ordering::Relaxed))
        .filter(|&interval| interval != 0)
        .collect();
    assert_eq!(held, [MINUTE as u64]);
}

#[test]
fn with_a_full_registry_further_intervals_are_kept_apart_and_exact() {
    let table = SharedTable::anonymous(MIN_BYTES).unwrap();
    for n in 1..=layout::INTERVAL_ENTRIES as i64 {
        consume(
            &table,
            policy(1, n * SECOND),
            format!("filler-{n}").as_bytes(),
            T0,
        );
    }
    let (apart, other_apart, named) = (
        policy(2, 1000 * SECOND),
        policy(2, 2000 * SECOND),
        policy(1, 5 * SECOND),
    );

    // A limiter of a further interval limits exactly on states of its own.
    assert!(consume(&table, apart, b"x", T0).accepted);
    assert!(consume(&table, apart, b"x", T0 + 1).accepted);
    let rejected = consume(&table, apart, b"x", T0 + 2);
    assert!(!rejected.accepted);
    assert!(!consume(&table, apart, b"x", rejected.retry_after - 1).accepted);
    assert_eq!(
        stored(&table, b"x", apart.interval, T0 + 3)
            .unwrap()
            .interval,
        apart.interval
    );

    // It does not see the states of other intervals, nor they its own.
    assert!(consume(&table, named, b"y", T0).accepted);
    assert!(!consume(&table, named, b"y", T0).accepted);
    assert!(consume(&table, apart, b"y", T0).accepted);
    assert_eq!(stored(&table, b"x", named.interval, T0 + 3), None);
    assert_eq!(stored(&table, b"x", other_apart.interval, T0 + 3), None);

    // A reset by it forgets both the key's state and its own.
    assert!(consume(&table, apart, b"y", T0 + 1).accepted);
    assert!(!consume(&table, apart, b"y", T0 + 2).accepted);
    table.remove(key(b"y", apart.interval), T0 + 2);
    assert!(consume(&table, named, b"y", T0 + 3).accepted);
    assert!(consume(&table, apart, b"y", T0 + 3).accepted);
}
