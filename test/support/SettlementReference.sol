// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISettlementEngine} from "../../contracts/solidity/interfaces/ISettlementEngine.sol";

/// @title SettlementReference
/// @notice An independent model of one settlement's split, written from `chlom_core::settlement::split`
/// (the reference the engine mirrors) for the forge tests: the engine's arithmetic is compared with
/// it, not with itself.
/// @dev Rounding half to even is computed from OpenZeppelin's 512-bit `Math.mulDiv` and the exact
/// remainder `mulmod(a, n, d)`, not by the engine's split-by-denominator method. Adjustments
/// saturate as in the Rust reference (`saturating_add` / `saturating_sub`).
library SettlementReference {
    uint256 internal constant BPS = 10_000;

    /// @notice A settlement's expected result.
    struct Outcome {
        bool refused;
        uint256 refusedIndex;
        uint128 refusedFloor;
        uint256 refusedAvailable;
        uint256[] taxes;
        uint256 tax;
        uint256 fee;
        uint256 sustainability;
        uint256 escrow;
        uint256 distributable;
        uint256[] amounts;
        uint256 dust;
        uint8 reason;
    }

    /// @notice `a × n / d` rounded half to even, for any a, n and d > 0 whose result fits 256 bits.
    function halfEven(uint256 a, uint256 n, uint256 d) internal pure returns (uint256 q) {
        q = Math.mulDiv(a, n, d);
        uint256 r = mulmod(a, n, d);
        // r × 2 may not fit: compare r with d − r instead.
        if (r > d - r || (r == d - r && q % 2 == 1)) q += 1;
    }

    /// @notice The split of `amount` with the path's `rates` (in order), the fee, the sustainability
    /// share, the license's outstanding hold and the graph's shares.
    function split(
        uint256 amount,
        uint256[] memory rates,
        uint256 feeBps,
        uint256 sustainabilityBps,
        uint256 holdOutstanding,
        ISettlementEngine.Share[] memory shares
    ) internal pure returns (Outcome memory o) {
        o.taxes = new uint256[](rates.length);
        for (uint256 i = 0; i < rates.length; i++) {
            uint256 level = Math.min(halfEven(amount, rates[i], BPS), amount - o.tax);
            o.taxes[i] = level;
            o.tax += level;
        }
        o.fee = Math.min(halfEven(amount, feeBps, BPS), amount - o.tax);
        o.sustainability = halfEven(o.fee, sustainabilityBps, BPS);
        o.escrow = Math.min(holdOutstanding, amount - o.tax - o.fee);
        o.distributable = amount - o.tax - o.fee - o.escrow;

        uint256 left = o.distributable;
        bool capped;
        uint256 totalBps;
        o.amounts = new uint256[](shares.length);
        for (uint256 i = 0; i < shares.length; i++) {
            ISettlementEngine.Share memory share = shares[i];
            totalBps += share.bps;
            uint256 value = halfEven(o.distributable, share.bps, BPS);
            if (share.adjustment >= 0) {
                uint256 plus = uint256(int256(share.adjustment));
                value = value > type(uint256).max - plus ? type(uint256).max : value + plus;
            } else {
                uint256 minus = uint256(-int256(share.adjustment));
                value = value > minus ? value - minus : 0;
            }
            value = Math.max(value, share.floor);
            if (share.cap != 0 && value > share.cap) {
                value = share.cap;
                capped = true;
            }
            if (share.floor > left) {
                (o.refused, o.refusedIndex, o.refusedFloor, o.refusedAvailable) = (true, i, share.floor, left);
                return o;
            }
            value = Math.min(value, left);
            left -= value;
            o.amounts[i] = value;
        }
        o.dust = left;
        if (o.dust != 0) o.reason = capped ? 3 : totalBps < BPS ? 2 : 1;
    }

    /// @notice Whether a share has terms beyond recipient, kind and bps (it then has a `ShareTerms`
    /// entry in the packed form).
    function hasTerms(ISettlementEngine.Share memory share) internal pure returns (bool) {
        return share.floor != 0 || share.cap != 0 || share.adjustment != 0 || share.vestingCliff != 0
            || share.vestingEnd != 0;
    }

    /// @notice The packed form the interface documents: one word per share,
    /// `recipient | bps << 160 | kind << 176 | t << 184`, `t` = 0 for a plain share and 1 + its
    /// index in `terms` otherwise.
    function pack(ISettlementEngine.Share[] memory shares)
        internal
        pure
        returns (uint256[] memory packed, ISettlementEngine.ShareTerms[] memory terms)
    {
        packed = new uint256[](shares.length);
        ISettlementEngine.ShareTerms[] memory all = new ISettlementEngine.ShareTerms[](shares.length);
        uint256 count;
        for (uint256 i = 0; i < shares.length; i++) {
            ISettlementEngine.Share memory share = shares[i];
            packed[i] = uint256(uint160(share.recipient)) + (uint256(share.bps) << 160)
                + (uint256(uint8(share.kind)) << 176);
            if (hasTerms(share)) {
                all[count] = ISettlementEngine.ShareTerms(
                    share.floor, share.cap, share.adjustment, share.vestingCliff, share.vestingEnd
                );
                count++;
                packed[i] += count << 184;
            }
        }
        terms = new ISettlementEngine.ShareTerms[](count);
        for (uint256 i = 0; i < count; i++) {
            terms[i] = all[i];
        }
    }

    /// @notice The hash a graph is registered under: `keccak256(abi.encode(packed, terms))`.
    function graphHash(ISettlementEngine.Share[] memory shares) internal pure returns (bytes32) {
        (uint256[] memory packed, ISettlementEngine.ShareTerms[] memory terms) = pack(shares);
        return keccak256(abi.encode(packed, terms));
    }

    /// @notice The audit leaf the interface documents.
    function leaf(
        ISettlementEngine.SettleRequest memory request,
        uint256 tax,
        uint256 fee,
        uint256 escrow,
        uint256 dust,
        bytes32 tableHash,
        bytes32 jurisdictionHash
    ) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                request.txid,
                request.graphId,
                request.licenseId,
                request.token,
                request.amount,
                tax,
                fee,
                escrow,
                dust,
                tableHash,
                jurisdictionHash
            )
        );
    }

    /// @notice The root of the depth-32 tree over `leaves` (in order, empty leaves zero, node =
    /// keccak256(left ‖ right)), built level by level from the leaves: no branch cache, unlike the
    /// deposit-contract algorithm the engine uses.
    function merkleRoot(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[] memory level = leaves;
        bytes32 zero; // the root of an empty subtree of the current height
        for (uint256 height = 0; height < 32; height++) {
            uint256 width = (level.length + 1) / 2;
            bytes32[] memory next = new bytes32[](width);
            for (uint256 j = 0; j < width; j++) {
                bytes32 left = level[2 * j];
                bytes32 right = 2 * j + 1 < level.length ? level[2 * j + 1] : zero;
                next[j] = keccak256(abi.encodePacked(left, right));
            }
            level = next;
            zero = keccak256(abi.encodePacked(zero, zero));
        }
        // An empty tree: the root of 2^32 zero leaves.
        return level.length == 0 ? zero : level[0];
    }
}
