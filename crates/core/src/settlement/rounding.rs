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
    let denominator_wide = U256::from(denominator);
    let (quotient, remainder) = (amount / denominator_wide, amount % denominator_wide);
    // amount × n / d = quotient × n + remainder × n / d, with remainder × n < d × n < 2^128.
    let whole = quotient.checked_mul(U256::from(numerator))?;
    let scaled = remainder.to::<u128>() * u128::from(numerator);
    let (extra, left) = (scaled / u128::from(denominator), scaled % u128::from(denominator));
    let truncated = whole.checked_add(U256::from(extra))?;
    let twice = left * 2;
    let denominator = u128::from(denominator);
    let round_up = twice > denominator || (twice == denominator && truncated.bit(0));
    if round_up { truncated.checked_add(U256::from(1)) } else { Some(truncated) }
}

#[cfg(test)]
mod tests {
    use super::*;

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
