//! A bounded buffer of past experience for offline replay.

use crate::rng::Rng;

/// Stores up to `capacity` experiences by reservoir sampling (every
/// experience seen so far is kept with equal probability; Vitter 1985) and
/// hands back random ones for offline replay interleaved with new learning
/// (McClelland, McNaughton & O'Reilly 1995; from the literature, verify
/// before quoting).
#[derive(Clone, Debug)]
pub struct Replay<T> {
    items: Vec<T>,
    capacity: usize,
    seen: u64,
}

impl<T: Clone> Replay<T> {
    /// An empty buffer holding at most `capacity` experiences.
    pub fn new(capacity: usize) -> Self {
        Replay {
            items: Vec::with_capacity(capacity.min(1 << 16)),
            capacity,
            seen: 0,
        }
    }

    /// Offers one experience; kept with probability capacity/seen once full.
    pub fn store(&mut self, item: T, rng: &mut Rng) {
        self.seen += 1;
        if self.items.len() < self.capacity {
            self.items.push(item);
        } else if self.capacity > 0 {
            let j = rng.below(self.seen.min(usize::MAX as u64) as usize);
            if j < self.capacity {
                self.items[j] = item;
            }
        }
    }

    /// A stored experience drawn uniformly, or `None` when empty.
    pub fn sample(&self, rng: &mut Rng) -> Option<&T> {
        if self.items.is_empty() {
            None
        } else {
            self.items.get(rng.below(self.items.len()))
        }
    }

    /// Number of stored experiences.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<T: Clone> super::rule::Rule for Replay<T> {
    const INFO: super::rule::RuleInfo = super::rule::RuleInfo {
        name: "replay",
        modifies: &["buffer"],
        records: &["stored", "seen"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "stored" => Some(self.items.len() as f64),
            "seen" => Some(self.seen as f64),
            _ => None,
        }
    }
}
