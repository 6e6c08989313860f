//! The line a login limiter writes when it first rejects a client in a lock-out, for fail2ban:
//!
//! `login_ratelimit: blocked BE login attempts from 203.0.113.44 (5 in 900 s) until 2026-11-24T10:15:03Z`
//!
//! Every part is made by the extension (a checked login type, a parsed address, numbers, a
//! time), never copied from a request, so nobody can make it say anything else. fail2ban's
//! filter (`fail2ban/filter.d/login-ratelimit.conf`) matches exactly this wording: change both
//! together.

use std::net::IpAddr;

use crate::client::{ipv6_network, parse_client};
use crate::limiter::{Engine, Limiter, RateLimit};
use crate::utc;

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
        utc::seconds_rounded_up(engine.clock.to_wall(answer.retry_after)),
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

#[cfg(test)]
#[path = "block_log_tests.rs"]
mod tests;
