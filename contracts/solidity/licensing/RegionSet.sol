// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title RegionSet
/// @notice Up to 16 two-letter region codes packed into one storage word, so that a license's
/// allowed regions cost one slot and a transfer checks them with one read.
/// @dev Code `i` occupies bytes `2i` and `2i + 1` of the word (big-endian, first code leftmost);
/// the first zero code ends the set. Region codes are never zero, so the packing is unambiguous.
library RegionSet {
    /// @notice The most codes a set holds.
    uint256 internal constant MAX_REGIONS = 16;

    /// @notice The region code of identities not tied to a region ("ZZ").
    bytes2 internal constant GLOBAL_REGION = "ZZ";

    /// @notice Whether `region` is two uppercase ASCII letters or the global code.
    function isValid(bytes2 region) internal pure returns (bool) {
        if (region == GLOBAL_REGION) return true;
        return _isUpper(region[0]) && _isUpper(region[1]);
    }

    /// @notice Packs `regions`; the caller has checked the count and every code.
    function pack(bytes2[] calldata regions) internal pure returns (bytes32 packed) {
        for (uint256 i = 0; i < regions.length; ++i) {
            packed |= bytes32(regions[i]) >> (16 * i);
        }
    }

    /// @notice The codes of `packed`, in packing order.
    function unpack(bytes32 packed) internal pure returns (bytes2[] memory regions) {
        uint256 count = 0;
        while (count < MAX_REGIONS && _at(packed, count) != bytes2(0)) ++count;
        regions = new bytes2[](count);
        for (uint256 i = 0; i < count; ++i) {
            regions[i] = _at(packed, i);
        }
    }

    /// @notice Whether `region` is one of the codes of `packed`.
    function contains(bytes32 packed, bytes2 region) internal pure returns (bool) {
        if (region == bytes2(0)) return false;
        for (uint256 i = 0; i < MAX_REGIONS; ++i) {
            bytes2 code = _at(packed, i);
            if (code == region) return true;
            if (code == bytes2(0)) return false;
        }
        return false;
    }

    function _at(bytes32 packed, uint256 index) private pure returns (bytes2) {
        // Truncation is the point: the code at `index` is the top two bytes after the shift.
        // forge-lint: disable-next-line(unsafe-typecast)
        return bytes2(packed << (16 * index));
    }

    function _isUpper(bytes1 character) private pure returns (bool) {
        return character >= "A" && character <= "Z";
    }
}
