//! Gap and duplicate detection over the emitter's approval sequence numbers.
//!
//! The GovernanceEmitter numbers approvals 1, 2, 3, … on-chain. A follower that feeds every observed
//! number into a [`SequenceTracker`] learns, from the numbers alone, which approvals it has not seen
//! (so that it can fetch them with `proposalAtSequence`) and which it saw twice (a replayed log).

use alloc::collections::BTreeSet;
use alloc::vec::Vec;
use core::ops::RangeInclusive;

use crate::{Error, Result};

/// What one observed sequence number tells the follower.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observation {
    /// The number extends what was seen without a hole.
    InOrder,
    /// The number was seen before: the log is a duplicate.
    Duplicate,
    /// The number arrived ahead of these missing numbers.
    Gap(RangeInclusive<u64>),
    /// The number fills (part of) an earlier gap.
    FillsGap,
}

/// Tracks which sequence numbers were observed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SequenceTracker {
    /// Every number up to and including this one was observed.
    contiguous: u64,
    /// Numbers observed above `contiguous + 1`, waiting for the hole below them to fill.
    ahead: BTreeSet<u64>,
}

impl SequenceTracker {
    /// A tracker that has seen nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// A tracker resuming after every number up to `contiguous` was observed (a persisted cursor).
    pub fn resume_from(contiguous: u64) -> Self {
        Self { contiguous, ahead: BTreeSet::new() }
    }

    /// The highest number below which nothing is missing.
    pub fn contiguous(&self) -> u64 {
        self.contiguous
    }

    /// The highest number observed at all.
    pub fn highest(&self) -> u64 {
        self.ahead.last().copied().unwrap_or(self.contiguous)
    }

    /// Records `sequence` and says what it means.
    pub fn observe(&mut self, sequence: u64) -> Result<Observation> {
        if sequence == 0 {
            return Err(Error::ZeroSequence);
        }
        if sequence <= self.contiguous || self.ahead.contains(&sequence) {
            return Ok(Observation::Duplicate);
        }
        if sequence == self.contiguous + 1 {
            let filled_gap = !self.ahead.is_empty();
            self.contiguous = sequence;
            while self.ahead.remove(&(self.contiguous + 1)) {
                self.contiguous += 1;
            }
            return Ok(if filled_gap { Observation::FillsGap } else { Observation::InOrder });
        }
        let highest_before = self.highest();
        self.ahead.insert(sequence);
        if sequence > highest_before + 1 {
            Ok(Observation::Gap(highest_before + 1..=sequence - 1))
        } else {
            Ok(Observation::FillsGap)
        }
    }

    /// Every number not yet observed below the highest observed one, as ranges.
    pub fn missing(&self) -> Vec<RangeInclusive<u64>> {
        let mut missing = Vec::new();
        let mut next = self.contiguous + 1;
        for &seen in &self.ahead {
            if seen > next {
                missing.push(next..=seen - 1);
            }
            next = seen + 1;
        }
        missing
    }

    /// Checks the tracker against the emitter's on-chain `lastSequence()`: the numbers the chain has
    /// assigned that were never observed, including any after the highest observed one.
    pub fn missing_up_to(&self, last_sequence: u64) -> Vec<RangeInclusive<u64>> {
        let mut missing = self.missing();
        let highest = self.highest();
        if last_sequence > highest {
            missing.push(highest + 1..=last_sequence);
        }
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn in_order_numbers_advance_the_cursor() {
        let mut tracker = SequenceTracker::new();
        for n in 1..=3 {
            assert_eq!(tracker.observe(n), Ok(Observation::InOrder));
        }
        assert_eq!(tracker.contiguous(), 3);
        assert!(tracker.missing().is_empty());
    }

    #[test]
    fn a_jump_reports_the_gap_and_its_fill_closes_it() {
        let mut tracker = SequenceTracker::new();
        tracker.observe(1).expect("valid");
        assert_eq!(tracker.observe(4), Ok(Observation::Gap(2..=3)));
        assert_eq!(tracker.missing(), vec![2..=3]);
        assert_eq!(tracker.observe(3), Ok(Observation::FillsGap));
        assert_eq!(tracker.missing(), vec![2..=2]);
        assert_eq!(tracker.observe(2), Ok(Observation::FillsGap));
        assert_eq!(tracker.contiguous(), 4);
        assert!(tracker.missing().is_empty());
    }

    #[test]
    fn repeats_are_duplicates_and_zero_is_an_error() {
        let mut tracker = SequenceTracker::new();
        tracker.observe(1).expect("valid");
        tracker.observe(3).expect("valid");
        assert_eq!(tracker.observe(1), Ok(Observation::Duplicate));
        assert_eq!(tracker.observe(3), Ok(Observation::Duplicate));
        assert_eq!(tracker.observe(0), Err(Error::ZeroSequence));
    }

    #[test]
    fn on_chain_last_sequence_reveals_a_missed_tail() {
        let mut tracker = SequenceTracker::resume_from(5);
        tracker.observe(7).expect("valid");
        assert_eq!(tracker.missing_up_to(9), vec![6..=6, 8..=9]);
        assert_eq!(tracker.missing_up_to(7), vec![6..=6]);
    }
}
