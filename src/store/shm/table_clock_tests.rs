//! A table's clock: anchored when the table is made, and again after a reboot, whatever the
//! wall clock reads.

use std::sync::atomic::Ordering;

use super::*;
use crate::clock::{ANCHOR_EARLIEST, ANCHOR_LATEST};
use crate::test_support::{attempt, login_key, SECOND};
use crate::window::Policy;

const MINUTE: Micros = 60 * SECOND;
/// 1973-06-01T00:00:00Z
const Y1973: Micros = 107_740_800 * SECOND;
/// 2026-11-24T10:00:03Z
const Y2026: Micros = 1_795_514_403 * SECOND;
/// 2050-01-01T00:00:00Z
const Y2050: Micros = 2_524_608_000 * SECOND;
/// 2058-01-01T00:00:00Z
const Y2058: Micros = 2_777_068_800 * SECOND;

fn key(subject: &[u8]) -> Key<'_> {
    login_key(subject, 60 * SECOND)
}

fn consume(table: &SharedTable, policy: Policy, subject: &[u8], now: Micros) -> bool {
    attempt(table, policy, subject, now).accepted
}

/// The state stored for `subject`, as read at `now`.
fn state_of(table: &SharedTable, subject: &[u8], now: Micros) -> Option<State> {
    let mut found = None;
    table.measure_and_replace(key(subject), now, &mut |state, _| {
        found = state;
        Update::Keep
    });
    found
}

/// A table made when the wall clock read `wall`, in private memory.
fn made_at(wall: Micros) -> SharedTable {
    let bytes = checked_size(MIN_BYTES).unwrap();
    let region = Region::private(bytes).unwrap();
    let readings = Readings {
        wall,
        ..Readings::now()
    };
    initialize_at(region.header(), bytes, readings).unwrap();
    SharedTable::attach(&region, None).unwrap()
}

fn boot_of(table: &SharedTable) -> u128 {
    u128::from(table.header.boot_id[0].load(Ordering::Relaxed)) << 64
        | u128::from(table.header.boot_id[1].load(Ordering::Relaxed))
}

#[test]
fn a_table_made_under_an_implausible_wall_clock_counts_from_a_plausible_instant() {
    for (wall, start) in [
        (Y1973, ANCHOR_EARLIEST),
        (-1, ANCHOR_EARLIEST),
        (Y2026, Y2026),
        (Y2058, ANCHOR_LATEST),
        (Micros::MAX, ANCHOR_LATEST),
    ] {
        let table = made_at(wall);
        let now = table.now();
        assert!(
            (start..start + MINUTE).contains(&now),
            "wall clock {wall}: {now}"
        );
        let policy = Policy {
            limit: 5,
            interval: 2 * SECOND,
        };
        let accepted = (0..1000)
            .filter(|_| consume(&table, policy, b"192.0.2.9", now))
            .count();
        assert_eq!(accepted, 5, "wall clock {wall}");
        assert!(!consume(&table, policy, b"192.0.2.9", now + 2 * SECOND));
        assert!(consume(&table, policy, b"192.0.2.9", now + 2 * SECOND + 1));
        let created = table.header.created_wall.load(Ordering::Relaxed);
        assert_eq!(created, wall.clamp(0, header::WALL_LATEST));
    }
}

#[test]
fn after_a_reboot_under_an_implausible_wall_clock_the_clock_resumes_where_it_was() {
    for wall in [Y1973, Y2058] {
        let table = made_at(Y2026);
        let seen = table.now() + 3600 * SECOND;
        table.header.high_water.store(seen, Ordering::Relaxed);
        let readings = Readings {
            wall,
            ..Readings::now()
        };
        let boot = boot_of(&table) ^ 1;
        reanchor_after_reboot(table.header, table.buckets, boot, readings);
        let clock = AnchoredClock::with_offset(table.header.clock_offset.load(Ordering::Relaxed));
        assert_eq!(clock.at_boot_time(readings.boot), seen, "wall clock {wall}");
        assert_eq!(boot_of(&table), boot);
    }
}

#[test]
fn a_table_past_the_latest_start_moves_back_at_a_reboot_keeping_every_lock_out() {
    let table = made_at(Y2026);
    let policy = Policy {
        limit: 1,
        interval: 15 * MINUTE,
    };
    // The table was last used in 2050 (a machine whose clock ran ahead, or a very long life):
    // one client blocked with 14 minutes to go, another whose state has expired.
    let last = Y2050;
    assert!(consume(&table, policy, b"blocked", last - MINUTE));
    assert!(!consume(&table, policy, b"blocked", last));
    assert!(consume(&table, policy, b"gone", last - 31 * MINUTE));
    table.header.high_water.store(last, Ordering::Relaxed);
    let blocked_until = state_of(&table, b"blocked", last).unwrap().expires;

    let readings = Readings {
        wall: Y2026,
        ..Readings::now()
    };
    let boot = boot_of(&table) ^ 1;
    reanchor_after_reboot(table.header, table.buckets, boot, readings);
    let clock = AnchoredClock::with_offset(table.header.clock_offset.load(Ordering::Relaxed));
    let now = clock.at_boot_time(readings.boot);
    assert_eq!(now, Y2026);
    assert_eq!(table.header.high_water.load(Ordering::Relaxed), Y2026);
    assert_eq!(boot_of(&table), boot);
    // The blocked client keeps exactly the time it had left; the expired state is cleared.
    let moved = state_of(&table, b"blocked", now).unwrap();
    assert_eq!(moved.expires - now, blocked_until - last);
    assert!(!consume(&table, policy, b"blocked", now + 13 * MINUTE));
    assert!(consume(&table, policy, b"blocked", now + 14 * MINUTE + 1));
    assert_eq!(state_of(&table, b"gone", now), None);
    assert_eq!(table.stats(now + 15 * MINUTE).entries, 1);

    // A second process of the same boot changes nothing.
    reanchor_after_reboot(table.header, table.buckets, boot, readings);
    assert_eq!(
        table.header.clock_offset.load(Ordering::Relaxed),
        clock.offset()
    );
}

#[test]
fn a_file_made_under_an_implausible_wall_clock_is_attached_again_on_the_same_boot() {
    let dir = std::env::temp_dir().join(format!("lrl-table-clock-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("table");
    let first = SharedTable::file(path.clone(), MIN_BYTES).unwrap();
    // As if the file had been made when the wall clock read 1973.
    initialize_at(
        first.header,
        first.bytes,
        Readings {
            wall: Y1973,
            ..Readings::now()
        },
    )
    .unwrap();
    let second = SharedTable::file(path, MIN_BYTES).unwrap();
    let now = second.now();
    assert!((ANCHOR_EARLIEST..ANCHOR_EARLIEST + MINUTE).contains(&now));
    first.unmap();
    second.unmap();
    std::fs::remove_dir_all(&dir).unwrap();
}
