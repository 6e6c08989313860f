//! The line a login limiter writes when it first rejects a client in a lock-out, for fail2ban:
//!
//! `login_ratelimit: blocked BE login attempts from 203.0.113.44 (5 in 900 s) until 2026-11-24T10:15:03Z`
//!
//! Every part is made by the extension (a checked login type, a parsed address, numbers, a
//! time), never copied from a request, so nobody can make it say anything else. fail2ban's
//! filter (`fail2ban/filter.d/login-ratelimit.conf`) matches exactly this wording: change both
//! together.

use std::fmt::{self, Write};
use std::net::IpAddr;

use crate::client::{ipv6_network, parse_client};
use crate::limiter::{Engine, Limiter, RateLimit};
use crate::window::{Micros, MICROS_PER_SECOND};

/// The line for `answer`, when it is the first rejection of a lock-out of `client` by
/// `limiter`; `None` for every other answer.
pub fn blocked_line(
    limiter: &Limiter,
    engine: &Engine<'_>,
    client: &[u8],
    answer: &RateLimit,
) -> Option<String> {
    if !answer.first_rejection {
        return None;
    }
    let address = parse_client(client).ok()?;
    let config = limiter.config();
    Some(format!(
        "login_ratelimit: blocked {} login attempts from {} ({} in {} s) until {}",
        config.login_type,
        counted_client(address, engine.ipv6_prefix),
        config.limit,
        config.interval_seconds,
        utc_seconds_rounded_up(engine.clock.to_wall(answer.retry_after)),
    ))
}

/// The client as it is counted, so that a ban covers what the limiter blocked: an IPv4
/// address, or an IPv6 network in CIDR form (`2001:db8:1:2::/64`; a plain address at /128).
pub fn counted_client(address: IpAddr, ipv6_prefix: u8) -> String {
    match address {
        IpAddr::V6(v6) if ipv6_prefix < 128 => {
            format!("{}/{ipv6_prefix}", ipv6_network(v6, ipv6_prefix))
        }
        other => other.to_string(),
    }
}

/// A wall-clock instant in UTC as RFC 3339 whole seconds (`2026-11-24T10:15:03Z`), rounded up
/// so that it is never earlier than `at`. Defined for every instant: years outside 0 to 9999
/// are written with a sign and more digits, as ISO 8601's expanded form.
pub fn utc_seconds_rounded_up(at: Micros) -> String {
    let seconds =
        at.div_euclid(MICROS_PER_SECOND) + i64::from(at.rem_euclid(MICROS_PER_SECOND) > 0);
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    let mut text = String::with_capacity(20);
    // Writing to a String cannot fail.
    let _ = write_year(&mut text, year);
    let _ = write!(
        text,
        "-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    );
    text
}

fn write_year(text: &mut String, year: i64) -> fmt::Result {
    if (0..=9999).contains(&year) {
        write!(text, "{year:04}")
    } else {
        write!(text, "{year:+05}")
    }
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`). Exact for every day an `i64` of microseconds can reach.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
#[path = "block_log_tests.rs"]
mod tests;
