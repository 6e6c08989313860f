//! The clock: where it starts whatever the wall clock reads, where it resumes after a reboot,
//! and limiters counting on it under wall clocks of any year.

use std::sync::atomic::{AtomicI64, Ordering};

use super::*;
use crate::config::{ConfigValue, LimiterConfig};
use crate::limiter::{Engine, Limiter};
use crate::store::shm::{SharedTable, MAX_TIME, MIN_BYTES};

const SECOND: Micros = MICROS_PER_SECOND;
const MINUTE: Micros = 60 * SECOND;
const DAY: Micros = 86_400 * SECOND;
/// 1973-06-01T00:00:00Z: a board without a battery-backed clock, before NTP sets it.
const Y1973: Micros = 107_740_800 * SECOND;
/// 2026-11-24T10:00:03Z
const Y2026: Micros = 1_795_514_403 * SECOND;
/// 2050-01-01T00:00:00Z
const Y2050: Micros = 2_524_608_000 * SECOND;
/// 2058-01-01T00:00:00Z: a broken clock.
const Y2058: Micros = 2_777_068_800 * SECOND;

/// What a wall clock may read, sane or not.
const WALL_CLOCKS: [Micros; 14] = [
    Micros::MIN,
    -DAY,
    0,
    Y1973,
    TIME_BASE - 1,
    TIME_BASE,
    Y2026,
    ANCHOR_LATEST,
    ANCHOR_LATEST + 1,
    Y2050,
    LAST_COUNTABLE,
    MAX_TIME,
    Y2058,
    Micros::MAX,
];

/// A clock anchored as a table anchors it, with its boot time and wall clock moved by the test.
struct Injected {
    anchored: AnchoredClock,
    boot: AtomicI64,
    wall: AtomicI64,
}

impl Injected {
    /// Anchored when the wall clock read `wall`, 50 seconds after boot.
    fn anchored_at(wall: Micros) -> Self {
        let boot = 50 * SECOND;
        Self {
            anchored: AnchoredClock::anchored(Readings { wall, boot }),
            boot: AtomicI64::new(boot),
            wall: AtomicI64::new(wall),
        }
    }

    /// Real time passes: boot time and the wall clock move alike.
    fn pass(&self, by: Micros) {
        self.boot.fetch_add(by, Ordering::Relaxed);
        let wall = self.wall.load(Ordering::Relaxed);
        self.wall.store(wall.saturating_add(by), Ordering::Relaxed);
    }

    /// NTP sets the wall clock.
    fn set_wall(&self, wall: Micros) {
        self.wall.store(wall, Ordering::Relaxed);
    }

    fn wall(&self) -> Micros {
        self.wall.load(Ordering::Relaxed)
    }
}

impl Clock for Injected {
    fn now(&self) -> Micros {
        self.anchored
            .at_boot_time(self.boot.load(Ordering::Relaxed))
    }

    fn to_wall(&self, at: Micros) -> Micros {
        shown_on_wall(at, self.now(), self.wall())
    }
}

fn limiter(limit: i64, interval: &str) -> Limiter {
    let config = LimiterConfig::new(
        "BE",
        ConfigValue::Int(limit),
        ConfigValue::Text(interval),
        ConfigValue::Text(""),
    )
    .unwrap();
    Limiter::new(config)
}

fn engine<'a>(store: &'a SharedTable, clock: &'a Injected) -> Engine<'a> {
    Engine {
        store,
        clock,
        ipv6_prefix: 64,
        user: 1000,
    }
}

#[test]
fn a_new_clock_starts_at_a_plausible_wall_clock_else_at_the_nearest_plausible_instant() {
    let early = [Micros::MIN, -DAY, 0, Y1973, TIME_BASE - 1];
    let plausible = [TIME_BASE, Y2026, ANCHOR_LATEST];
    let late = [
        ANCHOR_LATEST + 1,
        Y2050,
        LAST_COUNTABLE,
        MAX_TIME,
        Y2058,
        Micros::MAX,
    ];
    let starts = early
        .map(|wall| (wall, ANCHOR_EARLIEST))
        .into_iter()
        .chain(plausible.map(|wall| (wall, wall)))
        .chain(late.map(|wall| (wall, ANCHOR_LATEST)));
    for (wall, start) in starts {
        assert_eq!(starting_instant(wall), start, "wall clock {wall}");
        assert_eq!(is_plausible(wall), start == wall, "wall clock {wall}");
        let clock = AnchoredClock::anchored(Readings {
            wall,
            boot: 7 * SECOND,
        });
        assert_eq!(clock.at_boot_time(7 * SECOND), start);
        assert_eq!(clock.at_boot_time(9 * SECOND), start + 2 * SECOND);
    }
    assert_eq!(ANCHOR_EARLIEST, TIME_BASE);
}

#[test]
fn whatever_the_wall_clock_reads_a_burst_gets_the_limit_and_a_lock_out_ends_at_its_retry_time() {
    for wall in WALL_CLOCKS {
        let clock = Injected::anchored_at(wall);
        let store = SharedTable::anonymous(MIN_BYTES).unwrap();
        let engine = engine(&store, &clock);
        let l = limiter(5, "2 seconds");
        let accepted = (0..1000)
            .filter(|_| l.consume(&engine, b"192.0.2.9", 1).unwrap().accepted)
            .count();
        assert_eq!(accepted, 5, "wall clock {wall}");
        let blocked = l.consume(&engine, b"192.0.2.9", 1).unwrap();
        let wait = blocked.retry_after - clock.now();
        assert!(!blocked.accepted, "wall clock {wall}");
        assert!(
            wait > 0 && wait <= 2 * 2 * SECOND,
            "wall clock {wall}: {wait}"
        );
        // Shown on the wall clock by its distance from now, whatever year that clock is in.
        assert_eq!(
            clock.to_wall(blocked.retry_after),
            wall.saturating_add(wait)
        );
        clock.pass(wait - 1);
        assert!(!l.consume(&engine, b"192.0.2.9", 1).unwrap().accepted);
        clock.pass(1);
        assert!(l.consume(&engine, b"192.0.2.9", 1).unwrap().accepted);
    }
}

#[test]
fn a_wall_clock_set_while_in_use_neither_ends_nor_stretches_a_lock_out() {
    for (before, after) in [(Y1973, Y2026), (Y2058, Y2026), (Y2026, Y1973), (0, Y2058)] {
        let clock = Injected::anchored_at(before);
        let store = SharedTable::anonymous(MIN_BYTES).unwrap();
        let engine = engine(&store, &clock);
        let l = limiter(5, "15 minutes");
        for _ in 0..5 {
            assert!(l.consume(&engine, b"192.0.2.9", 1).unwrap().accepted);
        }
        let blocked = l.consume(&engine, b"192.0.2.9", 1).unwrap();
        assert!(!blocked.accepted);
        assert_eq!(clock.to_wall(blocked.retry_after), before + 15 * MINUTE + 1);

        // A minute later NTP sets the wall clock: still blocked, and the retry time is shown 14
        // minutes ahead of the new wall clock.
        clock.pass(MINUTE);
        clock.set_wall(after);
        let still = l.consume(&engine, b"192.0.2.9", 1).unwrap();
        assert!(!still.accepted, "{before} -> {after}");
        assert_eq!(
            clock.to_wall(still.retry_after),
            after + 14 * MINUTE + 1,
            "{before} -> {after}"
        );
        clock.pass(14 * MINUTE);
        assert!(!l.consume(&engine, b"192.0.2.9", 1).unwrap().accepted);
        clock.pass(1);
        assert!(l.consume(&engine, b"192.0.2.9", 1).unwrap().accepted);
    }
}

#[test]
fn a_clock_started_at_the_latest_instant_counts_the_longest_window_for_nine_years() {
    let clock = Injected::anchored_at(Y2058);
    clock.pass(9 * 365 * DAY);
    let store = SharedTable::anonymous(MIN_BYTES).unwrap();
    let engine = engine(&store, &clock);
    let l = limiter(5, "366 days");
    let accepted = (0..1000)
        .filter(|_| l.consume(&engine, b"192.0.2.9", 1).unwrap().accepted)
        .count();
    assert_eq!(accepted, 5);
    let blocked = l.consume(&engine, b"192.0.2.9", 1).unwrap();
    assert_eq!(blocked.retry_after - clock.now(), 366 * DAY + 1);
    assert!(blocked.retry_after + 366 * DAY <= MAX_TIME);
    clock.pass(366 * DAY);
    assert!(!l.consume(&engine, b"192.0.2.9", 1).unwrap().accepted);
    clock.pass(1);
    assert!(l.consume(&engine, b"192.0.2.9", 1).unwrap().accepted);
}

#[test]
fn after_a_reboot_the_clock_resumes_no_earlier_than_it_was_and_within_its_range() {
    let cases = [
        // A plausible wall clock later than the table was: the time the machine was off passed.
        ((Y2026, Y2026 - DAY), (Y2026, 0)),
        // Earlier: resume where the table was.
        ((Y2026 - DAY, Y2026), (Y2026, 0)),
        // An implausible wall clock moves nothing forward: resume where the table was.
        ((Y1973, Y2026), (Y2026, 0)),
        ((Y2058, Y2026), (Y2026, 0)),
        // A table never read starts where a new one would, or at the earliest instant.
        ((Y2026, 0), (Y2026, 0)),
        ((Y1973, 0), (ANCHOR_EARLIEST, 0)),
        ((Y2058, 0), (ANCHOR_EARLIEST, 0)),
        // A table past the latest start starts again where a new one would, its states moved
        // back with it.
        ((Y2026, Y2050), (Y2026, Y2050 - Y2026)),
        (
            (Y2050, Y2050 - DAY),
            (ANCHOR_LATEST, Y2050 - DAY - ANCHOR_LATEST),
        ),
        ((Y1973, Y2050), (ANCHOR_EARLIEST, Y2050 - ANCHOR_EARLIEST)),
        ((Y2058, MAX_TIME), (ANCHOR_LATEST, MAX_TIME - ANCHOR_LATEST)),
    ];
    for ((wall, high_water), (at, shift)) in cases {
        assert_eq!(
            resumption(wall, high_water),
            Resumption { at, shift },
            "wall clock {wall}, high water {high_water}"
        );
    }
    for wall in WALL_CLOCKS {
        for high_water in [0, TIME_BASE, Y2026, ANCHOR_LATEST, Y2050, MAX_TIME] {
            let resumed = resumption(wall, high_water);
            assert!(is_plausible(resumed.at));
            // The old timeline goes on from no earlier than it was.
            assert!(resumed.at + resumed.shift >= high_water);
        }
    }
}

#[test]
fn an_implausible_wall_clock_is_named_with_what_the_limiter_does_instead() {
    assert_eq!(implausible_wall_clock(Y2026, Y2026), None);
    assert_eq!(implausible_wall_clock(ANCHOR_LATEST, Y2026), None);
    let warning = implausible_wall_clock(Y1973 + 1, TIME_BASE + 5 * SECOND).unwrap();
    assert_eq!(
        warning,
        "the wall clock reads 1973-06-01T00:00:00Z, outside 2020-01-01T00:00:00Z to \
         2044-01-01T00:00:00Z, the years a table's clock can start in (is the system clock \
         set?); limiting is not affected: windows are measured on the table's own clock, now at \
         2020-01-01T00:00:05Z, and retry times are still shown on the wall clock"
    );
    assert!(implausible_wall_clock(Micros::MAX, ANCHOR_LATEST).is_some());
}

#[test]
fn anchored_clock_starts_at_the_wall_clock_and_moves_forward() {
    let clock = AnchoredClock::anchored_now();
    let first = clock.now();
    assert!((first - wall_micros()).abs() < 1_000_000);
    std::thread::sleep(std::time::Duration::from_millis(2));
    assert!(clock.now() >= first + 2_000);
}

#[test]
fn instants_are_shown_relative_to_the_current_wall_clock() {
    assert_eq!(shown_on_wall(1_500, 1_000, 5_000), 5_500);
    assert_eq!(shown_on_wall(Micros::MAX, 0, Micros::MAX), Micros::MAX);
}

#[test]
fn manual_clock_moves_only_when_told() {
    let clock = ManualClock::new(10);
    clock.advance(5);
    assert_eq!(clock.now(), 15);
    clock.set(3);
    assert_eq!((clock.now(), clock.to_wall(7)), (3, 7));
}

#[test]
fn boot_id_is_read_on_linux() {
    assert_ne!(boot_id(), 0);
}
