//! Checking a table file's header when a process attaches the file.
//!
//! A file may hold anything: a table of another build, a torn write, a copy from another
//! machine, bytes written by hand. Before any of it is used, every header field must hold a
//! value that this build can have written (`layout` lists them); otherwise the file is refused
//! with the field named, and the process uses an anonymous table, as for every refused file.

use std::sync::atomic::Ordering;

use super::layout::{self, Header, LAST_COUNTABLE, LAYOUT_VERSION, MAGIC, MAX_TIME, TIME_BASE};
use crate::clock::Readings;
use crate::utc;
use crate::window::{Micros, MAX_INTERVAL, MICROS_PER_SECOND};

/// The largest count a header's counter can have reached: it goes up by one per insert into the
/// table, and 2^53 inserts take 285 years at a million a second.
pub const MAX_COUNTER: u64 = 1 << 53;

/// Wall-clock readings kept in a header (`created_wall`) lie from the Unix epoch to the end of
/// year 9999; a reading outside is kept as the nearer end.
pub const WALL_EARLIEST: Micros = 0;
pub const WALL_LATEST: Micros = 253_402_300_799 * MICROS_PER_SECOND;

/// The longest a boot can have lasted when it anchored a table's clock: the table's whole range.
const LONGEST_BOOT: Micros = MAX_TIME - TIME_BASE;

/// How far `high_water` may be ahead of this process's reading of the table's clock: another
/// process may have read the clock after this one did (this one may have been descheduled since).
const READING_SLACK: Micros = 60 * MICROS_PER_SECOND;

/// The wall clock's reading `wall` as a header keeps it.
pub fn wall_reading(wall: Micros) -> Micros {
    wall.clamp(WALL_EARLIEST, WALL_LATEST)
}

/// Why the header of a table file of `bytes` bytes cannot be used, naming the field, when this
/// process runs on boot `boot` and reads the clocks as `readings`.
pub fn check(header: &Header, bytes: usize, boot: u128, readings: Readings) -> Result<(), String> {
    check_shape(header, bytes)?;
    check_clock(header, boot, readings)?;
    check_counts(header)
}

/// What the file is: a table of this layout and size.
fn check_shape(header: &Header, bytes: usize) -> Result<(), String> {
    if header.magic.load(Ordering::Acquire) != MAGIC {
        return Err("is not a login_ratelimit table (wrong magic number)".to_owned());
    }
    let version = header.layout_version.load(Ordering::Relaxed);
    if version != LAYOUT_VERSION {
        return Err(format!(
            "has table layout version {version}, this build uses {LAYOUT_VERSION}; remove the \
             file to start a new table"
        ));
    }
    let total_bytes = header.total_bytes.load(Ordering::Relaxed);
    if total_bytes != bytes as u64 {
        return Err(impossible(
            "total_bytes",
            total_bytes,
            format!("the file is {bytes} bytes"),
        ));
    }
    let buckets = header.bucket_count.load(Ordering::Relaxed);
    if buckets != layout::bucket_count(bytes) as u64 {
        return Err(impossible(
            "bucket_count",
            buckets,
            format!("{bytes} bytes hold {} buckets", layout::bucket_count(bytes)),
        ));
    }
    // hash_key: any value is a key.
    Ok(())
}

/// The boot that anchored the table's clock, and where the clock is.
fn check_clock(header: &Header, boot: u128, readings: Readings) -> Result<(), String> {
    let stored_boot = u128::from(header.boot_id[0].load(Ordering::Relaxed)) << 64
        | u128::from(header.boot_id[1].load(Ordering::Relaxed));
    let same_boot = stored_boot == boot;
    if !same_boot && stored_boot != 0 && is_kernel_uuid(boot) && !is_kernel_uuid(stored_boot) {
        return Err(impossible(
            "boot_id",
            format!("{stored_boot:032x}"),
            "not a random UUID as the kernel makes boot ids".to_owned(),
        ));
    }
    let offset = header.clock_offset.load(Ordering::Relaxed);
    if !(TIME_BASE - LONGEST_BOOT..=MAX_TIME).contains(&offset) {
        return Err(impossible(
            "clock_offset",
            offset,
            format!(
                "no boot of up to {} years can have anchored the table's clock in its range",
                LONGEST_BOOT / (365 * 86_400 * MICROS_PER_SECOND)
            ),
        ));
    }
    // On the boot that anchored it, the offset gives the table's clock now.
    let now = offset.saturating_add(readings.boot);
    if same_boot && !(TIME_BASE..=LAST_COUNTABLE).contains(&now) {
        // Also what a table used by one boot for more than nine years comes to.
        return Err(format!(
            "has a clock_offset in its header ({offset}) that puts the table's clock at {}, \
             outside {} to {}, where it can count; remove the file to start a new table",
            utc::seconds_rounded_down(now),
            utc::seconds_rounded_down(TIME_BASE),
            utc::seconds_rounded_down(LAST_COUNTABLE)
        ));
    }
    let high_water = header.high_water.load(Ordering::Relaxed);
    if high_water != 0 && !(TIME_BASE..=MAX_TIME).contains(&high_water) {
        return Err(impossible(
            "high_water",
            high_water,
            format!(
                "the table's clock only reads from {} to {}",
                utc::seconds_rounded_down(TIME_BASE),
                utc::seconds_rounded_down(MAX_TIME)
            ),
        ));
    }
    if same_boot && high_water > now.saturating_add(READING_SLACK) {
        return Err(impossible(
            "high_water",
            high_water,
            format!(
                "the table's clock has not yet read it on this boot: it reads {}",
                utc::seconds_rounded_down(now)
            ),
        ));
    }
    Ok(())
}

/// What the table has counted, and when it was made.
fn check_counts(header: &Header) -> Result<(), String> {
    for (name, counter) in [
        ("evictions", &header.evictions),
        ("lock_takeovers", &header.lock_takeovers),
    ] {
        let count = counter.load(Ordering::Relaxed);
        if count > MAX_COUNTER {
            return Err(impossible(
                name,
                count,
                format!("no table counts past {MAX_COUNTER}"),
            ));
        }
    }
    for (index, entry) in header.intervals.iter().enumerate() {
        let interval = entry.load(Ordering::Relaxed);
        let limiter_interval = i64::try_from(interval)
            .is_ok_and(|i| (1..=MAX_INTERVAL).contains(&i) && i % MICROS_PER_SECOND == 0);
        if interval != 0 && !limiter_interval {
            return Err(impossible(
                &format!("intervals[{index}]"),
                interval,
                "an interval entry is 0 or whole seconds from 1 s to 366 days".to_owned(),
            ));
        }
    }
    let warned = header.full_warned.load(Ordering::Relaxed);
    if warned != 0 && !(TIME_BASE..=MAX_TIME).contains(&warned) {
        return Err(impossible(
            "full_warned",
            warned,
            "the last full-table warning is 0 or an instant of the table's clock".to_owned(),
        ));
    }
    let capacity = header.bucket_count.load(Ordering::Relaxed) * layout::SLOTS_PER_BUCKET as u64;
    header
        .calendar
        .check(capacity)
        .map_err(|(word, why)| impossible("calendar", format!("{word:#x}"), why))?;
    let created = header.created_wall.load(Ordering::Relaxed);
    if !(WALL_EARLIEST..=WALL_LATEST).contains(&created) {
        return Err(impossible(
            "created_wall",
            created,
            "a wall-clock reading is kept between the Unix epoch and year 9999".to_owned(),
        ));
    }
    Ok(())
}

fn impossible(field: &str, value: impl std::fmt::Display, why: String) -> String {
    format!(
        "has an impossible {field} in its header ({value}: {why}); the file is corrupt or was \
         not written by login_ratelimit: remove it to start a new table"
    )
}

/// Whether `id` has the form of the random (version 4, RFC 4122 variant) UUIDs that Linux makes
/// its boot ids.
fn is_kernel_uuid(id: u128) -> bool {
    (id >> 76) & 0xf == 4 && (id >> 62) & 0b11 == 0b10
}

#[cfg(test)]
#[path = "header_tests.rs"]
mod tests;
