// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";

/// @title TestBase
/// @notice The base of the CHLOM forge tests: the cheatcode handle, `bound`, and the hooks forge's
/// invariant runner reads to know which contracts and selectors to call.
abstract contract TestBase {
    /// @dev forge's cheatcode address: address(bytes20(uint160(uint256(keccak256("hevm cheat code"))))).
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    /// @notice A contract and the selectors the invariant runner may call on it.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetContracts;
    FuzzSelector[] private _targetSelectors;

    /// @notice Marks this contract as a test contract for forge.
    function IS_TEST() external pure returns (bool) {
        return true;
    }

    /// @notice The contracts the invariant runner calls (read by forge).
    function targetContracts() external view returns (address[] memory) {
        return _targetContracts;
    }

    /// @notice The selectors the invariant runner calls (read by forge).
    function targetSelectors() external view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }

    /// @dev Restricts the invariant runner to `target`.
    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    /// @dev Restricts the invariant runner to `selectors` of `target`.
    function targetSelector(address target, bytes4[] memory selectors) internal {
        _targetSelectors.push(FuzzSelector({addr: target, selectors: selectors}));
    }

    /// @dev Maps `x` into [min, max] (inclusive), keeping small values stable so that shrinking works.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }
}
