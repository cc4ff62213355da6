//! One settlement's arithmetic, exactly as the settlement engines compute it.
//!
//! With A the gross amount:
//!
//! 1. T = Σ round(A × rate_level / 10,000) over the jurisdiction path's levels (each level's tax
//!    goes to its collector, so each is rounded on its own, and takes at most what is left of A);
//! 2. fee = min(round(A × feeBps / 10,000), A − T), of which sustainability =
//!    round(fee × sustainabilityBps / 10,000) goes to the sustainability wallet;
//! 3. escrow = min(hold outstanding on the license, A − T − fee);
//! 4. B = A − T − fee − escrow;
//! 5. in graph order, each share amt_i = clamp(round(B × bps_i / 10,000) + adj_i, floor_i, cap_i),
//!    but never more than what is left of B (rounding half to even could otherwise overdraw by up
//!    to half a unit per share); a share whose floor does not fit in what is left refuses the
//!    whole settlement (`FloorsExceedAvailable`);
//! 6. dust = B − Σ amt_i goes to the pool, with the reason it arose.
//!
//! round is half to even. So Σ amt_i + T + fee + escrow + dust = A exactly, for every input.

use alloc::vec::Vec;

use alloy_primitives::U256;

use super::rounding::mul_div_half_even;

/// Basis points in a whole.
pub const BPS: u64 = 10_000;

/// One edge of a payout graph, as the arithmetic sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ShareTerms {
    /// The share of B, in basis points.
    pub bps: u16,
    /// Added after the percentage (may be negative).
    pub adjustment: i128,
    /// The least this share receives.
    pub floor: u128,
    /// The most this share receives; 0 means no cap.
    pub cap: u128,
}

/// What a settlement needs besides the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SettlementInputs {
    /// A, the gross amount.
    pub amount: U256,
    /// The platform fee, in basis points of A.
    pub fee_bps: u64,
    /// The sustainability share of the fee, in basis points of the fee.
    pub sustainability_bps: u64,
    /// What is still to be held in escrow for the license.
    pub hold_outstanding: U256,
}

/// Why dust arose; the settlement event carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum DustReason {
    /// No dust.
    None = 0,
    /// Rounding left a remainder.
    Rounding = 1,
    /// The shares' basis points add up to less than 10,000.
    Unallocated = 2,
    /// A cap held a share below its percentage.
    Capped = 3,
}

/// A settlement's result.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settlement {
    /// T.
    pub tax: U256,
    /// Each jurisdiction level's tax, in path order.
    pub taxes: Vec<U256>,
    /// The whole fee, sustainability included.
    pub fee: U256,
    /// The part of the fee for the sustainability wallet.
    pub sustainability: U256,
    /// Held for the license.
    pub escrow: U256,
    /// B.
    pub distributable: U256,
    /// amt_i, in graph order.
    pub shares: Vec<U256>,
    /// B − Σ amt_i.
    pub dust: U256,
    /// Why there is dust.
    pub dust_reason: u8,
}

/// Why a settlement is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettlementError {
    /// A rate above 10,000 basis points (tax, fee or sustainability), or shares summing above.
    InvalidBps,
    /// Share `index`'s floor does not fit in what is left of B (`available`).
    FloorsExceedAvailable {
        /// The share.
        index: usize,
        /// Its floor.
        floor: u128,
        /// What was left of B for it.
        available: U256,
    },
    /// A share's floor above its cap.
    FloorAboveCap {
        /// The share.
        index: usize,
    },
    /// An amount too large for 256 bits.
    Overflow,
}

/// Settles `inputs` over `shares`, with `tax_rates` the jurisdiction path's rates in basis points
/// (at most 10,000 together); see the module documentation.
pub fn settle(
    inputs: &SettlementInputs,
    tax_rates: &[u64],
    shares: &[ShareTerms],
) -> Result<Settlement, SettlementError> {
    let total_tax_bps = tax_rates.iter().try_fold(0u64, |sum, rate| sum.checked_add(*rate)).unwrap_or(u64::MAX);
    if total_tax_bps > BPS || inputs.fee_bps > BPS || inputs.sustainability_bps > BPS {
        return Err(SettlementError::InvalidBps);
    }
    let total_bps: u64 = shares.iter().map(|share| u64::from(share.bps)).sum();
    if total_bps > BPS {
        return Err(SettlementError::InvalidBps);
    }
    if let Some(index) = shares.iter().position(|share| share.cap != 0 && share.floor > share.cap) {
        return Err(SettlementError::FloorAboveCap { index });
    }
    let amount = inputs.amount;
    let mut taxes = Vec::with_capacity(tax_rates.len());
    let mut tax = U256::ZERO;
    for rate in tax_rates {
        let level = mul_div_half_even(amount, *rate, BPS).ok_or(SettlementError::Overflow)?.min(amount - tax);
        tax += level;
        taxes.push(level);
    }
    let fee = mul_div_half_even(amount, inputs.fee_bps, BPS).ok_or(SettlementError::Overflow)?.min(amount - tax);
    let sustainability = mul_div_half_even(fee, inputs.sustainability_bps, BPS).ok_or(SettlementError::Overflow)?;
    let escrow = inputs.hold_outstanding.min(amount - tax - fee);
    let distributable = amount - tax - fee - escrow;

    let mut split = Split::new(distributable);
    let mut amounts = Vec::with_capacity(shares.len());
    for (index, share) in shares.iter().enumerate() {
        amounts.push(split.next(index, share)?);
    }
    let (dust, dust_reason) = split.finish();
    Ok(Settlement {
        tax,
        taxes,
        fee,
        sustainability,
        escrow,
        distributable,
        shares: amounts,
        dust,
        dust_reason: dust_reason as u8,
    })
}

/// Step 5 and 6 share by share, for engines that read the graph as they go (the Stylus engine reads
/// each share from calldata and pays it before reading the next): [`settle`] is built on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    distributable: U256,
    left: U256,
    total_bps: u64,
    capped: bool,
}

impl Split {
    /// A split of B = `distributable`.
    pub fn new(distributable: U256) -> Self {
        Self { distributable, left: distributable, total_bps: 0, capped: false }
    }

    /// amt_i of the share at `index` (shares must come in graph order), taken from what is left.
    pub fn next(&mut self, index: usize, share: &ShareTerms) -> Result<U256, SettlementError> {
        let base = mul_div_half_even(self.distributable, u64::from(share.bps), BPS).ok_or(SettlementError::Overflow)?;
        let mut value = apply_adjustment(base, share.adjustment).max(U256::from(share.floor));
        if share.cap != 0 && value > U256::from(share.cap) {
            value = U256::from(share.cap);
            self.capped = true;
        }
        if U256::from(share.floor) > self.left {
            return Err(SettlementError::FloorsExceedAvailable { index, floor: share.floor, available: self.left });
        }
        let value = value.min(self.left);
        self.left -= value;
        self.total_bps += u64::from(share.bps);
        Ok(value)
    }

    /// The dust (what is left of B) and why it arose.
    pub fn finish(&self) -> (U256, DustReason) {
        let reason = if self.left.is_zero() {
            DustReason::None
        } else if self.capped {
            DustReason::Capped
        } else if self.total_bps < BPS {
            DustReason::Unallocated
        } else {
            DustReason::Rounding
        };
        (self.left, reason)
    }
}

/// `base + adjustment`, at least zero.
fn apply_adjustment(base: U256, adjustment: i128) -> U256 {
    if adjustment >= 0 {
        base.saturating_add(U256::from(adjustment.unsigned_abs()))
    } else {
        base.saturating_sub(U256::from(adjustment.unsigned_abs()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(bps: u16) -> ShareTerms {
        ShareTerms { bps, ..ShareTerms::default() }
    }

    fn inputs(amount: u64) -> SettlementInputs {
        SettlementInputs { amount: U256::from(amount), ..SettlementInputs::default() }
    }

    fn conserved(inputs: &SettlementInputs, settlement: &Settlement) {
        let paid: U256 = settlement.shares.iter().copied().sum();
        assert_eq!(paid + settlement.tax + settlement.fee + settlement.escrow + settlement.dust, inputs.amount);
    }

    #[test]
    fn the_specification_example_conserves_value() {
        let inputs = SettlementInputs {
            amount: U256::from(1_000_000u64),
            fee_bps: 250,
            sustainability_bps: 300,
            hold_outstanding: U256::from(10_000u64),
        };
        let shares = [share(6_000), share(3_000), ShareTerms { bps: 1_000, cap: 50_000, ..ShareTerms::default() }];
        let settled = settle(&inputs, &[600, 225], &shares).expect("settles");
        assert_eq!(settled.tax, U256::from(82_500u64));
        assert_eq!(settled.taxes, [U256::from(60_000u64), U256::from(22_500u64)]);
        assert_eq!(settled.fee, U256::from(25_000u64));
        assert_eq!(settled.sustainability, U256::from(750u64));
        assert_eq!(settled.escrow, U256::from(10_000u64));
        assert_eq!(settled.distributable, U256::from(882_500u64));
        assert_eq!(settled.shares, [U256::from(529_500u64), U256::from(264_750u64), U256::from(50_000u64)]);
        assert_eq!(settled.dust, U256::from(38_250u64));
        assert_eq!(settled.dust_reason, DustReason::Capped as u8);
        conserved(&inputs, &settled);
    }

    #[test]
    fn rounding_half_to_even_never_overdraws() {
        // 1.5 and 1.5 both round to 2: the second share gets what is left.
        let settled = settle(&inputs(3), &[], &[share(5_000), share(5_000)]).expect("settles");
        assert_eq!(settled.shares, [U256::from(2), U256::from(1)]);
        assert_eq!(settled.dust, U256::ZERO);
        let settled = settle(&inputs(5), &[], &[share(5_000), share(5_000)]).expect("settles");
        assert_eq!(settled.shares, [U256::from(2), U256::from(2)]);
        assert_eq!((settled.dust, settled.dust_reason), (U256::from(1), DustReason::Rounding as u8));
    }

    #[test]
    fn floors_that_do_not_fit_refuse_the_settlement() {
        let shares = [
            ShareTerms { bps: 5_000, floor: 80, ..ShareTerms::default() },
            ShareTerms { floor: 30, ..ShareTerms::default() },
        ];
        assert_eq!(
            settle(&inputs(100), &[], &shares),
            Err(SettlementError::FloorsExceedAvailable { index: 1, floor: 30, available: U256::from(20) })
        );
        let fits = settle(&inputs(110), &[], &shares).expect("settles");
        assert_eq!(fits.shares, [U256::from(80), U256::from(30)]);
    }

    #[test]
    fn adjustments_and_unallocated_basis_points() {
        let shares = [
            ShareTerms { bps: 1_000, adjustment: -5, ..ShareTerms::default() },
            ShareTerms { bps: 1_000, adjustment: 7, ..ShareTerms::default() },
        ];
        let settled = settle(&inputs(100), &[], &shares).expect("settles");
        assert_eq!(settled.shares, [U256::from(5), U256::from(17)]);
        assert_eq!((settled.dust, settled.dust_reason), (U256::from(78), DustReason::Unallocated as u8));
        let negative = [ShareTerms { bps: 10, adjustment: -1_000, ..ShareTerms::default() }];
        assert_eq!(settle(&inputs(100), &[], &negative).expect("settles").shares, [U256::ZERO]);
    }

    #[test]
    fn taxes_and_fees_never_exceed_the_amount() {
        let inputs = SettlementInputs { amount: U256::from(3), fee_bps: 5_000, ..SettlementInputs::default() };
        let settled = settle(&inputs, &[5_000], &[]).expect("settles");
        assert_eq!((settled.tax, settled.fee), (U256::from(2), U256::from(1)));
        conserved(&inputs, &settled);
    }

    #[test]
    fn refusals() {
        assert_eq!(settle(&inputs(1), &[], &[share(6_000), share(4_001)]), Err(SettlementError::InvalidBps));
        let bad = SettlementInputs { fee_bps: 10_001, ..inputs(1) };
        assert_eq!(settle(&bad, &[], &[]), Err(SettlementError::InvalidBps));
        assert_eq!(settle(&inputs(1), &[6_000, 4_001], &[]), Err(SettlementError::InvalidBps));
        let inverted = [ShareTerms { floor: 10, cap: 5, ..ShareTerms::default() }];
        assert_eq!(settle(&inputs(100), &[], &inverted), Err(SettlementError::FloorAboveCap { index: 0 }));
        let huge = SettlementInputs { amount: U256::MAX, ..SettlementInputs::default() };
        let settled = settle(&huge, &[], &[share(10_000)]).expect("settles");
        assert_eq!(settled.shares, [U256::MAX]);
    }
}
