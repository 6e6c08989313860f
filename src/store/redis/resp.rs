//! Redis's wire protocol (RESP2), as much of it as the store speaks to one server: requests
//! are arrays of byte strings, and replies are read into `Reply`.
//!
//! The client crate's own reply parser is general (RESP3, pushes, every type) and costs about
//! twelve thousand instructions per reply; this one reads the few small replies the store gets
//! in a few hundred.

/// One reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// `+OK`, `+QUEUED`: the store only needs to know it is not an error.
    Status,
    /// An error reply: its text, as Redis sent it (`NOSCRIPT No matching script...`).
    Error(String),
    Int(i64),
    /// A byte string, or `None` for Redis's nil.
    Bulk(Option<Vec<u8>>),
    /// An array, or `None` for a nil array.
    Array(Option<Vec<Reply>>),
}

/// Bytes that are not a reply the store can get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotResp(pub &'static str);

/// Arrays nested deeper, or longer, than any reply the store asks for are not read: garbage
/// must not make the parser recurse or allocate without bound.
const MAX_DEPTH: usize = 4;
const MAX_ELEMENTS: i64 = 64;
/// Redis's own largest string (`proto-max-bulk-len`): a foreign value under a key is read, and
/// replaced, whatever its size.
const MAX_BULK: i64 = 512 << 20;

/// Appends one command (an array of byte strings) to `out`.
pub fn encode(out: &mut Vec<u8>, parts: &[&[u8]]) {
    header(out, b'*', parts.len());
    for part in parts {
        header(out, b'$', part.len());
        out.extend_from_slice(part);
        out.extend_from_slice(b"\r\n");
    }
}

fn header(out: &mut Vec<u8>, kind: u8, n: usize) {
    out.push(kind);
    // Most lengths in a request are below 100.
    match n {
        0..10 => out.push(b'0' + n as u8),
        10..100 => out.extend([b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]),
        _ => out.extend_from_slice(Decimal::of(n as i64).as_bytes()),
    }
    out.extend_from_slice(b"\r\n");
}

/// An integer in decimal, as `to_string` writes it, kept on the stack: a call writes a few.
pub struct Decimal {
    text: [u8; 20],
    start: usize,
}

impl Decimal {
    pub fn of(value: i64) -> Self {
        let mut text = [0u8; 20];
        let mut start = text.len();
        let mut rest = value.unsigned_abs();
        loop {
            start -= 1;
            text[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if value < 0 {
            start -= 1;
            text[start] = b'-';
        }
        Self { text, start }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.text[self.start..]
    }
}

/// The first reply in `input` and the bytes it takes, `Ok(None)` if `input` holds only part
/// of one, or an error if it cannot be the start of a reply.
pub fn parse(input: &[u8]) -> Result<Option<(Reply, usize)>, NotResp> {
    parse_at(input, 0)
}

fn parse_at(input: &[u8], depth: usize) -> Result<Option<(Reply, usize)>, NotResp> {
    let Some(&kind) = input.first() else {
        return Ok(None);
    };
    if !matches!(kind, b'+' | b'-' | b':' | b'$' | b'*') {
        return Err(NotResp("not a Redis reply"));
    }
    let Some(line_len) = line(&input[1..])? else {
        return Ok(None);
    };
    let text = &input[1..1 + line_len];
    let mut used = 1 + line_len + 2;
    let reply = match kind {
        b'+' => Reply::Status,
        b'-' => Reply::Error(String::from_utf8_lossy(text).into_owned()),
        b':' => Reply::Int(integer(text)?),
        b'$' => {
            let len = integer(text)?;
            if len == -1 {
                Reply::Bulk(None)
            } else if !(0..=MAX_BULK).contains(&len) {
                return Err(NotResp("a string of impossible length"));
            } else {
                let len = len as usize;
                let Some(body) = input.get(used..used + len + 2) else {
                    return Ok(None);
                };
                if &body[len..] != b"\r\n" {
                    return Err(NotResp("a string without its end"));
                }
                used += len + 2;
                Reply::Bulk(Some(body[..len].to_vec()))
            }
        }
        _ => {
            let len = integer(text)?;
            if len == -1 {
                Reply::Array(None)
            } else if !(0..=MAX_ELEMENTS).contains(&len) || depth >= MAX_DEPTH {
                return Err(NotResp("an array the store never asks for"));
            } else {
                let mut elements = Vec::with_capacity(len as usize);
                for _ in 0..len {
                    let Some((element, size)) = parse_at(&input[used..], depth + 1)? else {
                        return Ok(None);
                    };
                    elements.push(element);
                    used += size;
                }
                Reply::Array(Some(elements))
            }
        }
    };
    Ok(Some((reply, used)))
}

/// The length of the line at the start of `input` (without its `\r\n`), if it is complete.
fn line(input: &[u8]) -> Result<Option<usize>, NotResp> {
    // A header line is short; one without its end after this many bytes is garbage.
    const LONGEST: usize = 4096;
    match input.iter().take(LONGEST).position(|&b| b == b'\r') {
        Some(at) => match input.get(at + 1) {
            None => Ok(None),
            Some(b'\n') => Ok(Some(at)),
            Some(_) => Err(NotResp("a line without its end")),
        },
        None if input.len() >= LONGEST => Err(NotResp("a line without its end")),
        None => Ok(None),
    }
}

/// A decimal integer as Redis writes one.
fn integer(text: &[u8]) -> Result<i64, NotResp> {
    std::str::from_utf8(text)
        .ok()
        .and_then(|text| text.parse().ok())
        .ok_or(NotResp("a number that is not one"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bulk(text: &str) -> Reply {
        Reply::Bulk(Some(text.as_bytes().to_vec()))
    }

    #[test]
    fn a_command_is_an_array_of_strings() {
        let mut out = Vec::new();
        encode(&mut out, &[b"GET", b"k:1", b""]);
        assert_eq!(out, b"*3\r\n$3\r\nGET\r\n$3\r\nk:1\r\n$0\r\n\r\n");
        for (len, header) in [
            (9, &b"$9\r\n"[..]),
            (10, b"$10\r\n"),
            (99, b"$99\r\n"),
            (100, b"$100\r\n"),
            (1234, b"$1234\r\n"),
        ] {
            let mut long = Vec::new();
            encode(&mut long, &[&vec![7u8; len][..]]);
            assert!(long[4..].starts_with(header), "{len}");
        }
    }

    #[test]
    fn replies_are_read_whole() {
        let input = b"*2\r\n$-1\r\n:1800000000123456\r\n+OK\r\n";
        let (reply, used) = parse(input).unwrap().unwrap();
        assert_eq!(
            reply,
            Reply::Array(Some(vec![
                Reply::Bulk(None),
                Reply::Int(1_800_000_000_123_456)
            ]))
        );
        assert_eq!(used, input.len() - 5);
        assert_eq!(parse(b"+QUEUED\r\n").unwrap(), Some((Reply::Status, 9)));
        assert_eq!(
            parse(b"-NOSCRIPT No matching script.\r\n")
                .unwrap()
                .unwrap()
                .0,
            Reply::Error("NOSCRIPT No matching script.".to_owned())
        );
        assert_eq!(
            parse(b"*2\r\n$4\r\na\r\nb\r\n*0\r\n").unwrap().unwrap().0,
            Reply::Array(Some(vec![bulk("a\r\nb"), Reply::Array(Some(vec![]))]))
        );
        assert_eq!(parse(b"*-1\r\n").unwrap().unwrap().0, Reply::Array(None));
    }

    #[test]
    fn a_part_of_a_reply_asks_for_more() {
        let input = b"*2\r\n$4\r\nab:c\r\n*2\r\n$10\r\n1800000000\r\n$6\r\n123456\r\n";
        for end in 0..input.len() {
            assert_eq!(parse(&input[..end]), Ok(None), "{end}");
        }
        assert!(parse(input).unwrap().is_some());
    }

    #[test]
    fn what_is_not_a_reply_is_refused() {
        for bad in [
            &b"HTTP/1.1 400 Bad Request\r\n\r\n"[..],
            b":12x\r\n",
            b"$3\r\nabcd\r\n",
            b"$-2\r\n",
            b"$99999999999\r\n",
            b"*65\r\n",
            b"*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n",
            b"+OK\rX",
            &[b'+'; 5000][..],
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    proptest! {
        #[test]
        fn decimals_are_written_as_to_string_writes_them(value in any::<i64>()) {
            let (ours, std) = (Decimal::of(value), value.to_string());
            prop_assert_eq!(ours.as_bytes(), std.as_bytes());
        }

        #[test]
        fn any_bytes_parse_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(Some((_, used))) = parse(&bytes) {
                prop_assert!(used <= bytes.len());
            }
        }

        #[test]
        fn an_encoded_command_reads_back_as_its_strings(
            parts in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 0..6),
        ) {
            let mut out = Vec::new();
            let slices: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
            encode(&mut out, &slices);
            let expected = Reply::Array(Some(parts.iter().map(|p| Reply::Bulk(Some(p.clone()))).collect()));
            prop_assert_eq!(parse(&out), Ok(Some((expected, out.len()))));
        }
    }
}
