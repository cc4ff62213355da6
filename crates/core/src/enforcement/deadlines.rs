//! Deadlines and the appeal council: escalation and the M-of-N tally.

/// The highest priority a case reaches.
pub const MAX_PRIORITY: u8 = 3;

/// The priority after an escalation: one higher, at most [`MAX_PRIORITY`].
pub fn escalated_priority(priority: u8) -> u8 {
    priority.saturating_add(1).min(MAX_PRIORITY)
}

/// The deadline of a stage entered at `now` with `sla` seconds (0 = none).
pub fn deadline(now: u64, sla: u64) -> u64 {
    if sla == 0 { 0 } else { now.saturating_add(sla) }
}

/// Whether a window of `length` seconds opened at `from` is still open at `now` (inclusive).
pub fn within(from: u64, length: u64, now: u64) -> bool {
    now <= from.saturating_add(length)
}

/// A council member's vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    /// Lift the sanctions.
    Uphold,
    /// Make them final.
    Reject,
}

/// The votes on one appeal, and the first side to reach the quorum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AppealTally {
    /// Votes to uphold.
    pub votes_for: u8,
    /// Votes to reject.
    pub votes_against: u8,
}

impl AppealTally {
    /// Counts a vote; returns the decision (`Some(upheld)`) when this vote brings its side to
    /// `quorum`.
    pub fn vote(&mut self, vote: Vote, quorum: u8) -> Option<bool> {
        let side = match vote {
            Vote::Uphold => &mut self.votes_for,
            Vote::Reject => &mut self.votes_against,
        };
        *side = side.saturating_add(1);
        (*side >= quorum.max(1)).then_some(vote == Vote::Uphold)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_side_to_reach_the_quorum_decides() {
        let mut tally = AppealTally::default();
        assert_eq!(tally.vote(Vote::Uphold, 2), None);
        assert_eq!(tally.vote(Vote::Reject, 2), None);
        assert_eq!(tally.vote(Vote::Reject, 2), Some(false));
        assert_eq!((tally.votes_for, tally.votes_against), (1, 2));
        let mut single = AppealTally::default();
        assert_eq!(single.vote(Vote::Uphold, 1), Some(true));
        assert_eq!(AppealTally::default().vote(Vote::Uphold, 0), Some(true), "a zero quorum counts as one");
    }

    #[test]
    fn escalation_and_windows() {
        assert_eq!(escalated_priority(0), 1);
        assert_eq!(escalated_priority(MAX_PRIORITY), MAX_PRIORITY);
        assert_eq!(escalated_priority(u8::MAX), MAX_PRIORITY);
        assert_eq!(deadline(100, 0), 0);
        assert_eq!(deadline(100, 50), 150);
        assert_eq!(deadline(u64::MAX, 1), u64::MAX);
        assert!(within(100, 50, 150) && !within(100, 50, 151));
        assert!(within(u64::MAX - 1, 10, u64::MAX));
    }
}
