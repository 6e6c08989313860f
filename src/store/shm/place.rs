//! Where a key may live: two buckets, both from the table's keyed hash, and the fingerprint
//! that tells the key apart there.
//!
//! The keyed SipHash-1-3 of the key gives its home bucket (the hash scaled by multiply-shift,
//! so from its high bits) and its fingerprint (the low `FINGERPRINT_MASK` bits); the two use
//! disjoint bits up to 2^19 buckets (64 MiB), and above that share a few, which makes two keys
//! of one bucket a little likelier to share a fingerprint. The other bucket follows from a
//! bucket and the fingerprint alone, by an involution (`other = g - bucket` modulo the bucket
//! count, `g` from the fingerprint's low 32 bits, which the home bucket does not depend on), as
//! in cuckoo filters: whichever of its two buckets an entry is found in, its other bucket is
//! known without its key, so an entry can be moved there.
//!
//! The home bucket is the one lookups scan first: its address is known one multiplication after
//! the hash, as with one bucket per key, so a client found there costs what it did. Whoever
//! finds an entry without its key (a process moving it) must still tell which of the two is its
//! home, so fingerprint bit 32 (which `g` does not use) says it: 0 when the home is the lower
//! of the two indices. That also gives every process the same scan order, so that all agree on
//! which copy of a key comes first (`fold`).
//!
//! One 64-bit hash rather than SipHash's 128-bit output: the second half costs three more
//! rounds (about 5 ns, near a tenth of a lookup of a known client), for fingerprint bits that
//! only tables above 64 MiB would use.

use super::layout::FINGERPRINT_MASK;

/// Fingerprint bit 32: set when a key's home bucket is the higher of its two.
const HOME_IS_HIGH: u64 = 1 << 32;

/// A key's fingerprint and its two buckets in scan order (the same bucket twice, rarely).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub fingerprint: u64,
    /// The home bucket.
    pub first: usize,
    pub second: usize,
}

impl Place {
    /// The place of a key whose keyed hash is `hash`, in a table of `buckets`.
    #[inline]
    pub fn of_hash(hash: u64, buckets: usize) -> Self {
        let home = scale(hash, buckets);
        let other = other_bucket(home, hash, buckets);
        let home_is_high = if home > other { HOME_IS_HIGH } else { 0 };
        let fingerprint = (hash & FINGERPRINT_MASK & !HOME_IS_HIGH) | home_is_high;
        Self {
            // 0 marks an empty slot; bit 33 changes neither bucket.
            fingerprint: if fingerprint == 0 {
                1 << 33
            } else {
                fingerprint
            },
            first: home,
            second: other,
        }
    }

    /// The place of an entry with `fingerprint` found in `bucket`.
    #[inline]
    pub fn of_entry(bucket: usize, fingerprint: u64, buckets: usize) -> Self {
        let other = other_bucket(bucket, fingerprint, buckets);
        let (low, high) = (bucket.min(other), bucket.max(other));
        let (first, second) = if fingerprint & HOME_IS_HIGH == 0 {
            (low, high)
        } else {
            (high, low)
        };
        Self {
            fingerprint,
            first,
            second,
        }
    }

    pub fn has_two_buckets(&self) -> bool {
        self.first != self.second
    }
}

/// `hash` scaled to `0..n` (multiply-shift: no division on the hot path).
#[inline]
fn scale(hash: u64, n: usize) -> usize {
    ((u128::from(hash) * n as u128) >> 64) as usize
}

/// The other bucket of an entry with `fingerprint` (or a hash with the same low 32 bits) in
/// `bucket`.
#[inline]
fn other_bucket(bucket: usize, fingerprint: u64, n: usize) -> usize {
    let g = (((fingerprint & 0xffff_ffff) * n as u64) >> 32) as usize;
    if g >= bucket {
        g - bucket
    } else {
        g + n - bucket
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn an_entry_in_either_bucket_has_the_place_of_its_key(
            hash in any::<u64>(), buckets in 1usize..1 << 27
        ) {
            let place = Place::of_hash(hash, buckets);
            prop_assert!(place.first < buckets && place.second < buckets);
            prop_assert_eq!(place.first, ((u128::from(hash) * buckets as u128) >> 64) as usize);
            prop_assert_ne!(place.fingerprint, 0);
            prop_assert_eq!(Place::of_entry(place.first, place.fingerprint, buckets), place);
            prop_assert_eq!(Place::of_entry(place.second, place.fingerprint, buckets), place);
        }
    }

    #[test]
    fn the_two_buckets_are_spread_independently() {
        // Every pair of 16 buckets about equally often, and each bucket as often first.
        let buckets = 16;
        let mut pairs = [[0u32; 16]; 16];
        let mut state = 0x1234_5678_9abc_def0u64;
        let draws = 256_000;
        for _ in 0..draws {
            let mut next = || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state
            };
            let place = Place::of_hash(next(), buckets);
            pairs[place.first][place.second] += 1;
        }
        let expected = draws as f64 / 256.0;
        for row in &pairs {
            for &count in row {
                assert!(
                    (f64::from(count) - expected).abs() < expected * 0.2,
                    "{pairs:?}"
                );
            }
        }
    }
}
