//! Linear vesting with a cliff, as the settlement engines' grants vest.

use alloy_primitives::U256;

use super::rounding::div_rem_u64;

/// A grant's schedule: nothing before `cliff`, everything from `end`, linear from `start` between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Schedule {
    /// When vesting starts accruing.
    pub start: u64,
    /// Before this, nothing is claimable.
    pub cliff: u64,
    /// From this, everything is vested.
    pub end: u64,
}

impl Schedule {
    /// Whether `start ≤ cliff ≤ end` and `start < end`.
    pub fn is_valid(&self) -> bool {
        self.start <= self.cliff && self.cliff <= self.end && self.start < self.end
    }

    /// How much of `total` has vested at `now` (rounded down, so never more than linear).
    pub fn vested(&self, total: U256, now: u64) -> U256 {
        if now < self.cliff {
            return U256::ZERO;
        }
        if now >= self.end {
            return total;
        }
        let (elapsed, duration) = (now - self.start, self.end - self.start);
        // total × elapsed fits unless total is near 2^192; fall back to the split form then, where
        // quotient × elapsed ≤ total and remainder × elapsed < duration × elapsed < 2^128.
        match total.checked_mul(U256::from(elapsed)) {
            Some(product) => div_rem_u64(product, duration).0,
            None => {
                let (quotient, remainder) = div_rem_u64(total, duration);
                let part = u128::from(remainder) * u128::from(elapsed) / u128::from(duration);
                quotient * U256::from(elapsed) + U256::from(part)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEDULE: Schedule = Schedule { start: 100, cliff: 150, end: 200 };

    #[test]
    fn nothing_before_the_cliff_then_linear_then_everything() {
        let total = U256::from(1_000);
        assert_eq!(SCHEDULE.vested(total, 0), U256::ZERO);
        assert_eq!(SCHEDULE.vested(total, 149), U256::ZERO);
        assert_eq!(SCHEDULE.vested(total, 150), U256::from(500), "at the cliff, what accrued since start");
        assert_eq!(SCHEDULE.vested(total, 175), U256::from(750));
        assert_eq!(SCHEDULE.vested(total, 200), total);
        assert_eq!(SCHEDULE.vested(total, u64::MAX), total);
        assert_eq!(Schedule { start: 0, cliff: 0, end: 3 }.vested(U256::from(10), 1), U256::from(3), "rounded down");
    }

    #[test]
    fn vesting_never_decreases_and_huge_totals_do_not_overflow() {
        let mut previous = U256::ZERO;
        for now in 90..=210 {
            let vested = SCHEDULE.vested(U256::MAX, now);
            assert!(vested >= previous && vested <= U256::MAX);
            previous = vested;
        }
        assert_eq!(previous, U256::MAX);
    }

    #[test]
    fn schedules_must_be_ordered() {
        assert!(SCHEDULE.is_valid());
        assert!(!Schedule { start: 10, cliff: 5, end: 20 }.is_valid());
        assert!(!Schedule { start: 10, cliff: 30, end: 20 }.is_valid());
        assert!(!Schedule { start: 10, cliff: 10, end: 10 }.is_valid());
    }

    mod properties {
        use super::*;
        use alloy_primitives::U512;
        use proptest::prelude::*;

        fn schedule() -> impl Strategy<Value = Schedule> {
            (0..u64::MAX / 4, 1..u64::MAX / 4, any::<u64>()).prop_map(|(start, length, cliff)| {
                let end = start + length;
                Schedule { start, cliff: start + cliff % (length + 1), end }
            })
        }

        fn total() -> impl Strategy<Value = U256> {
            prop_oneof![(0..u64::MAX).prop_map(U256::from), any::<[u64; 4]>().prop_map(U256::from_limbs)]
        }

        proptest! {
            /// Nothing before the cliff, everything from the end, never more than the total, and
            /// between them exactly ⌊total × elapsed / duration⌋ (checked in 512 bits).
            #[test]
            fn vesting_is_exactly_linear_between_cliff_and_end(schedule in schedule(), total in total(), now in any::<u64>()) {
                prop_assert!(schedule.is_valid());
                let vested = schedule.vested(total, now);
                prop_assert!(vested <= total);
                if now < schedule.cliff {
                    prop_assert_eq!(vested, U256::ZERO);
                } else if now >= schedule.end {
                    prop_assert_eq!(vested, total);
                } else {
                    let exact = U512::from(total) * U512::from(now - schedule.start) / U512::from(schedule.end - schedule.start);
                    prop_assert_eq!(U512::from(vested), exact);
                }
            }

            /// Later is never less: claims made at any times add up to what vested at the last.
            #[test]
            fn claims_at_any_times_add_up_to_what_vested(schedule in schedule(), total in total(), mut times in prop::collection::vec(any::<u64>(), 1..8)) {
                times.sort_unstable();
                let mut claimed = U256::ZERO;
                for now in &times {
                    let vested = schedule.vested(total, *now);
                    prop_assert!(vested >= claimed, "vesting went back at {}", now);
                    claimed = vested;
                }
                let last = times[times.len() - 1];
                prop_assert_eq!(claimed, schedule.vested(total, last));
            }
        }
    }
}
