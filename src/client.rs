//! Client addresses: strict parsing, normalization, and the key under which a client's state
//! is stored.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The longest textual IPv6 address (`ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`).
const MAX_ADDRESS_LENGTH: usize = 45;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressError {
    /// The refused value, made printable and short enough for a message.
    pub shown: String,
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not an IPv4 or IPv6 address (a bare address is expected: no port, \
             brackets, zone, prefix length or surrounding whitespace)",
            self.shown
        )
    }
}

/// A client address: IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are the IPv4 client.
pub fn parse_client(raw: &[u8]) -> Result<IpAddr, AddressError> {
    let refuse = || AddressError {
        shown: printable(raw),
    };
    if raw.len() > MAX_ADDRESS_LENGTH {
        return Err(refuse());
    }
    if let Some(v4) = parse_dotted_quad(raw) {
        return Ok(IpAddr::V4(v4));
    }
    let text = std::str::from_utf8(raw).map_err(|_| refuse())?;
    // std's parsers accept exactly the standard textual forms: no whitespace, zone ids,
    // brackets, prefixes or IPv4 octets with leading zeros.
    let address: IpAddr = text.parse().map_err(|_| refuse())?;
    Ok(normalize(address))
}

/// The common case, `a.b.c.d`, read in one pass: it is most of the cost of a decision otherwise.
/// Accepts exactly what std's parser accepts (four decimal octets up to 255, no leading zeros);
/// anything else is left to it.
fn parse_dotted_quad(raw: &[u8]) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut pos = 0;
    for (index, octet) in octets.iter_mut().enumerate() {
        if index > 0 {
            if raw.get(pos) != Some(&b'.') {
                return None;
            }
            pos += 1;
        }
        let start = pos;
        let mut value: u32 = 0;
        while let Some(digit) = raw.get(pos).filter(|b| b.is_ascii_digit()) {
            value = value * 10 + u32::from(digit - b'0');
            pos += 1;
            if pos - start > 3 {
                return None;
            }
        }
        let digits = pos - start;
        if digits == 0 || value > 255 || (digits > 1 && raw[start] == b'0') {
            return None;
        }
        *octet = value as u8;
    }
    (pos == raw.len()).then_some(Ipv4Addr::from(octets))
}

pub fn normalize(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

/// The bytes that identify a client's state: the IPv4 address, or the IPv6 address cut to
/// `ipv6_prefix` bits, because one subscriber owns a whole /64 and could otherwise rotate
/// through it forever.
pub fn client_key(address: IpAddr, ipv6_prefix: u8) -> ClientKey {
    match address {
        IpAddr::V4(v4) => ClientKey::v4(v4),
        IpAddr::V6(v6) => ClientKey::v6(v6, ipv6_prefix),
    }
}

/// The first `prefix` bits of `address` (at most 128), the rest zero: the network an IPv6
/// client is counted by.
pub fn ipv6_network(address: Ipv6Addr, prefix: u8) -> Ipv6Addr {
    let mask = u128::MAX
        .checked_shl(128 - u32::from(prefix.min(128)))
        .unwrap_or(0);
    Ipv6Addr::from(u128::from(address) & mask)
}

/// A client's key bytes: a family tag, the prefix length for IPv6, and the address bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientKey {
    bytes: [u8; 18],
    len: u8,
}

impl ClientKey {
    fn v4(address: Ipv4Addr) -> Self {
        let mut bytes = [0; 18];
        bytes[0] = 4;
        bytes[1..5].copy_from_slice(&address.octets());
        Self { bytes, len: 5 }
    }

    fn v6(address: Ipv6Addr, prefix: u8) -> Self {
        let prefix = prefix.min(128);
        let mut bytes = [0; 18];
        bytes[0] = 6;
        bytes[1] = prefix;
        bytes[2..].copy_from_slice(&ipv6_network(address, prefix).octets());
        Self { bytes, len: 18 }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

/// A value made safe to quote in an error message: bytes other than printable ASCII shown as
/// `\xNN`, cut to a readable length.
pub fn printable(raw: impl AsRef<[u8]>) -> String {
    const MAX_SHOWN: usize = 64;
    let raw = raw.as_ref();
    let mut shown: String = raw
        .iter()
        .take(MAX_SHOWN)
        .map(|&byte| match byte {
            b' '..=b'~' if byte != b'\\' => char::from(byte).to_string(),
            _ => format!("\\x{byte:02x}"),
        })
        .collect();
    if raw.len() > MAX_SHOWN {
        shown.push_str("...");
    }
    shown
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
