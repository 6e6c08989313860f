//! `loginRateLimitIpExcludeList`: TYPO3's `GeneralUtility::cmpIP()` semantics for well-formed
//! lists, with malformed entries refused instead of silently never matching.
//!
//! - The list is trimmed; `''` matches nothing and exactly `'*'` matches every client.
//! - Entries are separated by commas, trimmed, and empty ones skipped.
//! - IPv4 entries are CIDR prefixes (`a.b.c.d/n`, `0 <= n <= 32`; `0.0.0.0/0` matches every
//!   IPv4 client, unlike TYPO3) or octet patterns compared from the left, where `*` matches
//!   any octet and missing octets match anything (`192.168`, `*.168`, `10.*.*.1`).
//! - IPv6 entries are addresses with an optional `/n` (`0..=128`); no mask means exact.
//!   An IPv4-mapped IPv6 entry (`::ffff:10.0.0.0/104`) is the IPv4 entry it maps, because
//!   clients are normalized the same way.
//! - IPv4 entries never match IPv6 clients and vice versa.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{Ipv4Net, Ipv6Net};

use crate::client::printable;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExcludeListError {
    pub entry: String,
    pub reason: &'static str,
}

impl fmt::Display for ExcludeListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "entry \"{}\" {}", self.entry, self.reason)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExcludeList {
    Everyone,
    Entries(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    V4Net(Ipv4Net),
    V6Net(Ipv6Net),
    /// Octets from the left; `None` is `*`. Fewer than four octets leave the rest open.
    V4Pattern(Vec<Option<u8>>),
}

impl ExcludeList {
    pub fn parse(list: &str) -> Result<Self, ExcludeListError> {
        let list = list.trim();
        if list == "*" {
            return Ok(Self::Everyone);
        }
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(parse_entry)
            .collect::<Result<_, _>>()
            .map(Self::Entries)
    }

    pub fn excludes_everyone(&self) -> bool {
        matches!(self, Self::Everyone)
    }

    /// Whether `client` (already normalized) is excluded.
    pub fn matches(&self, client: IpAddr) -> bool {
        match self {
            Self::Everyone => true,
            Self::Entries(entries) => entries.iter().any(|entry| entry.matches(client)),
        }
    }
}

impl Entry {
    fn matches(&self, client: IpAddr) -> bool {
        match (self, client) {
            (Self::V4Net(net), IpAddr::V4(v4)) => net.contains(&v4),
            (Self::V6Net(net), IpAddr::V6(v6)) => net.contains(&v6),
            (Self::V4Pattern(octets), IpAddr::V4(v4)) => octets
                .iter()
                .zip(v4.octets())
                .all(|(pattern, octet)| pattern.is_none_or(|p| p == octet)),
            _ => false,
        }
    }
}

fn parse_entry(entry: &str) -> Result<Entry, ExcludeListError> {
    let refuse = |reason| ExcludeListError {
        entry: printable(entry),
        reason,
    };
    let (address, prefix) = match entry.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (entry, None),
    };
    if address.ends_with(char::is_whitespace)
        || prefix.is_some_and(|p| p.starts_with(char::is_whitespace))
    {
        return Err(refuse("has whitespace around '/'"));
    }
    let prefix = prefix
        .map(|p| {
            if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
                Err(refuse("has a prefix length that is not a number"))
            } else {
                p.parse::<u8>()
                    .map_err(|_| refuse("has a prefix length that is not a number"))
            }
        })
        .transpose()?;
    if address.contains(':') {
        let v6: Ipv6Addr = address
            .parse()
            .map_err(|_| refuse("is not an IPv6 address (wildcards are IPv4 only)"))?;
        let len = prefix.unwrap_or(128);
        if len > 128 {
            return Err(refuse("has an IPv6 prefix length above 128"));
        }
        let net = Ipv6Net::new(v6, len).map_err(|_| refuse("has an invalid prefix length"))?;
        return Ok(mapped_v4(net).unwrap_or(Entry::V6Net(net.trunc())));
    }
    match prefix {
        Some(len) => {
            let v4: Ipv4Addr = address
                .parse()
                .map_err(|_| refuse("is not an IPv4 address before its prefix length"))?;
            if len > 32 {
                return Err(refuse("has an IPv4 prefix length above 32"));
            }
            let net = Ipv4Net::new(v4, len).map_err(|_| refuse("has an invalid prefix length"))?;
            Ok(Entry::V4Net(net.trunc()))
        }
        None => parse_pattern(address).map_err(refuse),
    }
}

fn parse_pattern(pattern: &str) -> Result<Entry, &'static str> {
    let parts: Vec<&str> = pattern.split('.').collect();
    if parts.len() > 4 {
        return Err("has more than four octets");
    }
    parts
        .into_iter()
        .map(|part| match part {
            "*" => Ok(None),
            _ if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) => {
                Err("is not an IPv4 address, pattern (like 192.168.*) or prefix (like 10.0.0.0/8)")
            }
            _ if part.len() > 1 && part.starts_with('0') => {
                Err("has an octet with a leading zero, which would never match")
            }
            _ => part
                .parse::<u8>()
                .map(Some)
                .map_err(|_| "has an octet above 255"),
        })
        .collect::<Result<_, _>>()
        .map(Entry::V4Pattern)
}

/// `::ffff:a.b.c.d/n` with `n >= 96` is the IPv4 prefix it maps.
fn mapped_v4(net: Ipv6Net) -> Option<Entry> {
    let v4 = net.addr().to_ipv4_mapped()?;
    let len = net.prefix_len().checked_sub(96)?;
    Ipv4Net::new(v4, len).ok().map(|n| Entry::V4Net(n.trunc()))
}

#[cfg(test)]
#[path = "exclude_tests.rs"]
mod tests;
