// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title SettlementMath
/// @notice Rounding half to even, as `chlom_core::settlement::rounding` computes it.
library SettlementMath {
    /// @notice Basis points in a whole.
    uint256 internal constant BPS = 10_000;

    /// @notice `amount × numerator / denominator` rounded half to even, exact for every 256-bit
    /// amount when numerator and denominator are at most 2^64 (checked arithmetic reverts only if
    /// the result itself does not fit).
    function mulDivHalfEven(uint256 amount, uint256 numerator, uint256 denominator)
        internal
        pure
        returns (uint256 result)
    {
        uint256 scaled;
        uint256 twice;
        unchecked {
            // remainder × numerator < denominator × numerator ≤ 2^128, and twice that stays small.
            scaled = (amount % denominator) * numerator;
            twice = (scaled % denominator) * 2;
        }
        // Checked: quotient × numerator overflows exactly when the result does not fit.
        result = (amount / denominator) * numerator + scaled / denominator;
        if (twice > denominator || (twice == denominator && result & 1 == 1)) result += 1;
    }
}
