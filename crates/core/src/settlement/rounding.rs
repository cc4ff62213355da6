//! `amount × numerator / denominator` rounded half to even, exact for every 256-bit amount.

use alloy_primitives::U256;

/// `amount * numerator / denominator`, rounded half to even (banker's rounding): a result exactly
/// halfway between two integers goes to the even one. `numerator` and `denominator` are basis-point
/// sized (at most 2^64), so the computation splits `amount` by the denominator and never overflows
/// unless the result itself does (`None`).
pub fn mul_div_half_even(amount: U256, numerator: u64, denominator: u64) -> Option<U256> {
    if denominator == 0 {
        return None;
    }
    let (quotient, remainder) = div_rem_u64(amount, denominator);
    // amount × n / d = quotient × n + remainder × n / d, with remainder × n < d × n < 2^128.
    let whole = quotient.checked_mul(U256::from(numerator))?;
    let scaled = u128::from(remainder) * u128::from(numerator);
    let (extra, left) = (scaled / u128::from(denominator), scaled % u128::from(denominator));
    let truncated = whole.checked_add(U256::from(extra))?;
    let twice = left * 2;
    let denominator = u128::from(denominator);
    let round_up = twice > denominator || (twice == denominator && truncated.bit(0));
    if round_up { truncated.checked_add(U256::from(1)) } else { Some(truncated) }
}

/// `amount / divisor` and its remainder, for a non-zero divisor of at most 64 bits: schoolbook
/// division limb by limb (each step divides 128 bits by 64). The engines divide only by basis-point
/// denominators and durations, and in WASM this is a small fraction of a general 256-bit
/// division's code, which matters under Arbitrum's 24 KB limit.
pub fn div_rem_u64(amount: U256, divisor: u64) -> (U256, u64) {
    let divisor = u128::from(divisor);
    let mut limbs = *amount.as_limbs();
    let mut remainder = 0u128;
    for limb in limbs.iter_mut().rev() {
        let current = remainder << 64 | u128::from(*limb);
        // current < divisor × 2^64, so the quotient fits in 64 bits.
        *limb = (current / divisor) as u64;
        remainder = current % divisor;
    }
    (U256::from_limbs(limbs), remainder as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_divisor_division_matches_the_general_one() {
        let amounts = [U256::ZERO, U256::from(1), U256::MAX, U256::MAX >> 1, U256::from(u128::MAX) * U256::from(3)];
        for amount in amounts {
            for divisor in [1u64, 2, 3, 10_000, u64::MAX, u64::MAX - 1, 1 << 63] {
                let (quotient, remainder) = div_rem_u64(amount, divisor);
                assert_eq!(quotient, amount / U256::from(divisor), "{amount} / {divisor}");
                assert_eq!(U256::from(remainder), amount % U256::from(divisor), "{amount} % {divisor}");
            }
        }
    }

    fn half_even(amount: u64, numerator: u64, denominator: u64) -> u64 {
        mul_div_half_even(U256::from(amount), numerator, denominator).expect("fits").to::<u64>()
    }

    #[test]
    fn halves_go_to_the_even_neighbour() {
        assert_eq!(half_even(1, 5_000, 10_000), 0, "0.5 → 0");
        assert_eq!(half_even(3, 5_000, 10_000), 2, "1.5 → 2");
        assert_eq!(half_even(5, 5_000, 10_000), 2, "2.5 → 2");
        assert_eq!(half_even(7, 5_000, 10_000), 4, "3.5 → 4");
        assert_eq!(half_even(1, 2_500, 10_000), 0, "0.25 → 0");
        assert_eq!(half_even(3, 2_500, 10_000), 1, "0.75 → 1");
        assert_eq!(half_even(10_000, 1_234, 10_000), 1_234, "exact");
    }

    #[test]
    fn huge_amounts_do_not_overflow_unless_the_result_does() {
        assert_eq!(mul_div_half_even(U256::MAX, 10_000, 10_000), Some(U256::MAX));
        assert_eq!(mul_div_half_even(U256::MAX, 5_000, 10_000), Some(U256::MAX / U256::from(2) + U256::from(1)));
        assert_eq!(mul_div_half_even(U256::MAX, 10_001, 10_000), None);
        assert_eq!(mul_div_half_even(U256::from(1), 1, 0), None);
    }
}
