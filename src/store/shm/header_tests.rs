use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::clock::{boot_id, Clock};
use crate::store::shm::mapping::Region;
use crate::store::shm::table::{SharedTable, MIN_BYTES};
use crate::store::shm::TableError;

const SECOND: Micros = MICROS_PER_SECOND;
const BYTES: usize = MIN_BYTES as usize;
/// A boot id as Linux makes them (a random version 4 UUID).
const BOOT: u128 = 0x0f1e2d3c_4b5a_4978_8695_a4b3c2d1e0ff;
/// 2026-11-24T10:00:03Z
const Y2026: Micros = 1_795_514_403 * SECOND;

/// Each header field: its name, its offset in the file, and a value no table can hold there.
const GARBAGE: [(&str, u64, i64); 14] = [
    ("total_bytes", 16, 2 << 20),
    ("bucket_count", 24, 5),
    ("boot_id", 48, 0x0123_4567_89ab_cdef),
    ("clock_offset", 64, -252_460_800_000_000_000),
    ("high_water", 72, i64::MAX),
    ("high_water", 72, TIME_BASE - 1),
    ("evictions", 80, -1),
    ("lock_takeovers", 88, 1 << 60),
    ("created_wall", 96, -1),
    ("full_warned", 104, -5),
    // Not whole seconds; and longer than any interval.
    ("intervals[0]", 112, 7),
    ("intervals[62]", 112 + 62 * 8, 400 * 86_400 * 1_000_000),
    // Level 0, position 0: a period that belongs at position 1; and one counting 2^32 - 1 states.
    ("calendar", 616, 1 << 32),
    ("calendar", 624, 1 << 32 | 0xffff_ffff),
];

/// A new table file, made and attached once.
fn table_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lrl-header-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("table");
    SharedTable::file(path.clone(), MIN_BYTES).unwrap().unmap();
    path
}

fn write_at(path: &Path, offset: u64, value: i64) {
    let file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.write_all_at(&value.to_le_bytes(), offset).unwrap();
}

fn attach(path: &Path) -> Result<SharedTable, String> {
    match SharedTable::file(path.to_path_buf(), MIN_BYTES) {
        Ok(table) => Ok(table),
        Err(TableError::File { problem, .. }) => Err(problem),
        Err(other) => panic!("unexpected error {other}"),
    }
}

/// A header as a table made at `now` on boot `boot`, `boot_time` into it, leaves it.
fn header_at(boot: u128, now: Micros, boot_time: Micros) -> Region {
    let region = Region::private(BYTES).unwrap();
    let header = region.header();
    header.magic.store(MAGIC, Ordering::Relaxed);
    header
        .layout_version
        .store(LAYOUT_VERSION, Ordering::Relaxed);
    header.total_bytes.store(BYTES as u64, Ordering::Relaxed);
    header
        .bucket_count
        .store(layout::bucket_count(BYTES) as u64, Ordering::Relaxed);
    header.boot_id[0].store((boot >> 64) as u64, Ordering::Relaxed);
    header.boot_id[1].store(boot as u64, Ordering::Relaxed);
    header
        .clock_offset
        .store(now - boot_time, Ordering::Relaxed);
    header.high_water.store(now, Ordering::Relaxed);
    header.created_wall.store(now, Ordering::Relaxed);
    region
}

fn readings(boot: Micros) -> Readings {
    Readings { wall: Y2026, boot }
}

#[test]
fn garbage_in_any_field_refuses_the_file_naming_the_field() {
    let path = table_file("garbage");
    let original = std::fs::read(&path).unwrap();
    for (field, offset, value) in GARBAGE {
        std::fs::write(&path, &original).unwrap();
        write_at(&path, offset, value);
        let Err(problem) = attach(&path) else {
            panic!("{field} = {value} accepted");
        };
        assert!(
            problem.starts_with(&format!("has an impossible {field} in its header (")),
            "{field}: {problem}"
        );
    }
    std::fs::write(&path, &original).unwrap();
    write_at(&path, 64, -252_460_800_000_000_000);
    assert_eq!(
        attach(&path).err().unwrap(),
        "has an impossible clock_offset in its header (-252460800000000000: no boot of up to 35 \
         years can have anchored the table's clock in its range); the file is corrupt or was not \
         written by login_ratelimit: remove it to start a new table"
    );
    std::fs::write(&path, &original).unwrap();
    attach(&path).unwrap().unmap();
}

#[test]
fn any_hash_key_is_a_key() {
    let path = table_file("hash-key");
    for value in [0, -1, 0x0123_4567_89ab_cdef] {
        write_at(&path, 32, value);
        write_at(&path, 40, value);
        attach(&path).unwrap().unmap();
    }
}

#[test]
fn a_boot_id_of_another_boot_anchors_the_clock_again_one_of_no_boot_refuses_the_file() {
    let path = table_file("boot-id");
    let current = boot_id();
    // The current boot id with another random part: another boot.
    write_at(&path, 56, (current as i64) ^ 0x0000_00ff_0000_0000);
    let table = attach(&path).unwrap();
    let now = table.now();
    assert!((TIME_BASE..=LAST_COUNTABLE).contains(&now));
    table.unmap();
    // Version 4 turned into version 1: no boot id Linux makes.
    write_at(&path, 48, ((current >> 64) as i64) ^ 0x5000);
    write_at(&path, 56, (current as i64) ^ 0x0000_00ff_0000_0000);
    assert!(attach(&path).err().unwrap().contains("boot_id"));
}

#[test]
fn on_its_own_boot_a_table_is_refused_whose_clock_cannot_count() {
    let boot_time = 1_000 * SECOND;
    assert_eq!(
        check(
            header_at(BOOT, Y2026, boot_time).header(),
            BYTES,
            BOOT,
            readings(boot_time)
        ),
        Ok(())
    );
    // Up to the last instant at which every state fits, and no further.
    let region = header_at(BOOT, LAST_COUNTABLE - 5 * SECOND, boot_time);
    assert_eq!(
        check(
            region.header(),
            BYTES,
            BOOT,
            readings(boot_time + 5 * SECOND)
        ),
        Ok(())
    );
    let problem = check(
        region.header(),
        BYTES,
        BOOT,
        readings(boot_time + 6 * SECOND),
    );
    let problem = problem.unwrap_err();
    assert!(
        problem.starts_with("has a clock_offset in its header (")
            && problem.contains(
                "that puts the table's clock at 2053-09-03T05:58:27Z, outside \
                 2020-01-01T00:00:00Z to 2053-09-03T05:58:26Z, where it can count"
            ),
        "{problem}"
    );
    // On another boot the offset is replaced; it must only be one some boot can have written.
    let other = BOOT ^ 1 << 100;
    assert_eq!(
        check(region.header(), BYTES, other, readings(5 * SECOND)),
        Ok(())
    );
    let region = header_at(BOOT, TIME_BASE, 0);
    region
        .header()
        .clock_offset
        .store(MAX_TIME + 1, Ordering::Relaxed);
    assert!(check(region.header(), BYTES, other, readings(0))
        .unwrap_err()
        .contains("clock_offset"));
}

#[test]
fn on_its_own_boot_a_table_is_refused_that_has_seen_a_time_to_come() {
    let boot_time = 1_000 * SECOND;
    let region = header_at(BOOT, Y2026, boot_time);
    let header = region.header();
    header
        .high_water
        .store(Y2026 + 60 * SECOND, Ordering::Relaxed);
    assert_eq!(check(header, BYTES, BOOT, readings(boot_time)), Ok(()));
    header
        .high_water
        .store(Y2026 + 61 * SECOND, Ordering::Relaxed);
    assert!(check(header, BYTES, BOOT, readings(boot_time))
        .unwrap_err()
        .contains("high_water"));
    // After a reboot it is where the clock resumes from.
    assert_eq!(check(header, BYTES, BOOT ^ 1, readings(SECOND)), Ok(()));
    header.high_water.store(0, Ordering::Relaxed);
    assert_eq!(check(header, BYTES, BOOT, readings(boot_time)), Ok(()));
}

#[test]
fn wall_readings_are_kept_within_what_a_header_accepts() {
    for wall in [Micros::MIN, -1, 0, Y2026, WALL_LATEST, Micros::MAX] {
        assert!((WALL_EARLIEST..=WALL_LATEST).contains(&wall_reading(wall)));
    }
    assert_eq!(wall_reading(Y2026), Y2026);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever a file's header holds, attaching it gives a table whose clock counts, or a
    /// refusal: never a panic.
    #[test]
    fn any_header_is_refused_or_counts(words in proptest::collection::vec((0usize..13, any::<i64>()), 1..4)) {
        let path = table_file("any");
        for (field, value) in words {
            write_at(&path, field as u64 * 8, value);
        }
        if let Ok(table) = attach(&path) {
            let now = table.now();
            prop_assert!((TIME_BASE..=LAST_COUNTABLE).contains(&now));
            let _ = crate::store::StateStore::stats(&table, now);
            table.unmap();
        }
    }
}
