//! What this process last saw in Redis: the value of each key it decided on, and Redis's
//! clock. Both are guesses, which the change script checks before it applies anything (the
//! value must still be there, the clock must read an instant the change is right for): a
//! right guess saves a round trip, a wrong one costs nothing but its bytes.

use std::collections::HashMap;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::window::Micros;

/// Keys remembered at most; then all are forgotten at once. A guess is worth keeping only as
/// long as this process is likely to see the key again before another one changes it.
const MOST_KEYS: usize = 4096;
/// A state takes at most about 60 bytes; a longer value was written by something else, and
/// is not kept (nothing would be decided on it ahead anyway).
const LONGEST_VALUE: usize = 128;

#[derive(Default)]
pub struct Memory {
    values: HashMap<Vec<u8>, Vec<u8>>,
    /// An instant of Redis's clock and when this process learnt it.
    clock: Option<(Micros, Instant)>,
}

impl Memory {
    /// What `key` held when this process last saw it: `None` for nothing, or never seen
    /// (a key not seen is most often one that does not exist: a client's first attempt).
    pub fn value(&self, key: &[u8]) -> Option<&[u8]> {
        self.values.get(key).map(Vec::as_slice)
    }

    /// `key` holds `value` (`None`: nothing).
    pub fn saw(&mut self, key: &[u8], value: Option<&[u8]>) {
        let Some(value) = value.filter(|value| value.len() <= LONGEST_VALUE) else {
            self.values.remove(key);
            return;
        };
        if let Some(kept) = self.values.get_mut(key) {
            kept.clear();
            kept.extend_from_slice(value);
            return;
        }
        if self.values.len() >= MOST_KEYS {
            self.values = HashMap::new();
        }
        self.values.insert(key.to_vec(), value.to_vec());
    }

    /// Redis's clock read `at` (in a reply received just now).
    pub fn saw_time(&mut self, at: Micros) {
        self.clock = Some((at, Instant::now()));
    }

    /// Where Redis's clock is expected to be now: the last reading moved on by this server's
    /// steady clock; before any reading, this server's wall clock.
    pub fn redis_now(&self) -> Micros {
        match self.clock {
            Some((at, seen)) => at.saturating_add(micros(seen.elapsed().as_micros())),
            None => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |since| micros(since.as_micros())),
        }
    }
}

fn micros(value: u128) -> Micros {
    Micros::try_from(value).unwrap_or(Micros::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_kept_replaced_and_forgotten() {
        let mut memory = Memory::default();
        assert_eq!(memory.value(b"k"), None);
        memory.saw(b"k", Some(b"1:0:1:0:0"));
        memory.saw(b"k", Some(b"1:0:2:0:0"));
        assert_eq!(memory.value(b"k"), Some(&b"1:0:2:0:0"[..]));
        memory.saw(b"k", None);
        assert_eq!(memory.value(b"k"), None);
        memory.saw(b"k", Some(b"1:0:1:0:0"));
        memory.saw(b"k", Some(&[b'x'; LONGEST_VALUE + 1]));
        assert_eq!(memory.value(b"k"), None, "a long foreign value is not kept");
    }

    #[test]
    fn memory_is_bounded() {
        let mut memory = Memory::default();
        for i in 0..MOST_KEYS + 10 {
            memory.saw(i.to_string().as_bytes(), Some(b"v"));
        }
        assert!(memory.values.len() <= MOST_KEYS);
        assert_eq!(
            memory.value((MOST_KEYS + 9).to_string().as_bytes()),
            Some(&b"v"[..])
        );
    }

    #[test]
    fn redis_time_moves_on_with_this_servers_clock() {
        let mut memory = Memory::default();
        let wall = memory.redis_now();
        assert!(wall > 1_600_000_000_000_000, "{wall}");
        memory.saw_time(5_000_000);
        let now = memory.redis_now();
        assert!((5_000_000..5_000_000 + 60_000_000).contains(&now), "{now}");
    }
}
