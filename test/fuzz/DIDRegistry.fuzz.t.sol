// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DIDRegistry} from "../../contracts/solidity/identity/DIDRegistry.sol";
import {IDIDRegistry} from "../../contracts/solidity/interfaces/IDIDRegistry.sol";
import {TestBase} from "../support/TestBase.sol";

contract DIDRegistryFuzzTest is TestBase {
    DIDRegistry internal registry;

    address internal constant VERIFIER = address(0xFE11);

    function setUp() public {
        registry = new DIDRegistry(address(this), VERIFIER);
    }

    function testFuzz_IsValidRegion_MatchesTheRule(bytes2 region) public view {
        bool upper = region[0] >= "A" && region[0] <= "Z" && region[1] >= "A" && region[1] <= "Z";
        vm.assertEq(registry.isValidRegion(region), upper, "two uppercase letters (ZZ is among them)");
    }

    /// @dev Reference table of the lifecycle, written independently of the contract.
    function _expected(uint8 previous, uint8 next) internal pure returns (bool) {
        // 1 New, 2 Verified, 3 Valid, 4 Suspended, 5 Revoked
        if (previous == 5) return false;
        if (next == 5) return true;
        return (previous == 1 && next == 2) || (previous == 2 && next == 3) || (previous == 3 && next == 4)
            || (previous == 4 && next == 3);
    }

    /// @dev Walks a DID to `start`, then tries `target`: the contract must agree with the table.
    function testFuzz_SetStatus_FollowsTheLifecycleTable(uint8 startSeed, uint8 targetSeed) public {
        uint8 start = uint8(bound(startSeed, 1, 5));
        uint8 target = uint8(bound(targetSeed, 0, 5));
        vm.prank(address(0xA1));
        bytes32 didHash = registry.registerDID("did:chlom:fuzz", "DE", keccak256("c"));
        uint8[4] memory path = [2, 3, 4, 5];
        vm.startPrank(VERIFIER);
        for (uint256 i = 0; i < path.length && uint8(registry.getDID(didHash).status) != start; i++) {
            registry.setStatus(didHash, IDIDRegistry.Status(path[i]));
        }
        vm.assertEq(uint256(registry.getDID(didHash).status), start, "walked to start");
        if (_expected(start, target)) {
            registry.setStatus(didHash, IDIDRegistry.Status(target));
            vm.assertEq(uint256(registry.getDID(didHash).status), target, "moved");
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IDIDRegistry.DIDInvalidTransition.selector,
                    didHash,
                    IDIDRegistry.Status(start),
                    IDIDRegistry.Status(target)
                )
            );
            registry.setStatus(didHash, IDIDRegistry.Status(target));
        }
        vm.stopPrank();
    }

    function testFuzz_RegisterDID_LengthBounds(bytes calldata did) public {
        if (did.length == 0 || did.length > 64) {
            vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDInvalidIdentifier.selector, did.length));
            registry.registerDID(did, "US", keccak256("c"));
        } else {
            bytes32 didHash = registry.registerDID(did, "US", keccak256("c"));
            vm.assertEq(didHash, keccak256(did), "keyed by keccak256");
        }
    }
}
