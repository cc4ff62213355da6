// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DIDRegistry} from "../../../contracts/solidity/identity/DIDRegistry.sol";
import {IDIDRegistry} from "../../../contracts/solidity/interfaces/IDIDRegistry.sol";
import {TestBase} from "../../support/TestBase.sol";

/// @notice Drives the registry with registrations, status changes, rotations and commitment updates
/// from a small set of actors, keeping ghosts of every DID registered and every DID ever revoked.
contract DIDRegistryHandler is TestBase {
    DIDRegistry public immutable registry;
    address public immutable verifier;

    bytes32[] public dids;
    mapping(bytes32 => bool) public everRevoked;

    constructor(DIDRegistry registry_, address verifier_) {
        registry = registry_;
        verifier = verifier_;
    }

    function _actor(uint256 seed) internal pure returns (address) {
        return address(uint160(0x1000 + bound(seed, 0, 7)));
    }

    function _did(uint256 seed) internal view returns (bytes32) {
        return dids[bound(seed, 0, dids.length - 1)];
    }

    /// @notice Registers DID number `seed % 12` from an actor (reverts are part of the game).
    function register(uint256 actorSeed, uint256 didSeed) external {
        bytes memory did = abi.encodePacked("did:chlom:", bound(didSeed, 0, 11));
        vm.prank(_actor(actorSeed));
        try registry.registerDID(did, "FR", keccak256(did)) returns (bytes32 didHash) {
            dids.push(didHash);
        } catch {}
    }

    /// @notice The verifier tries any status on any known DID.
    function setStatus(uint256 didSeed, uint8 statusSeed) external {
        if (dids.length == 0) return;
        bytes32 didHash = _did(didSeed);
        IDIDRegistry.Status next = IDIDRegistry.Status(bound(statusSeed, 0, 5));
        vm.prank(verifier);
        try registry.setStatus(didHash, next) {
            if (next == IDIDRegistry.Status.Revoked) everRevoked[didHash] = true;
        } catch {}
    }

    /// @notice The controller (or a stranger) tries to rotate a DID to an actor.
    function rotate(uint256 didSeed, uint256 callerSeed, uint256 toSeed, bool asController) external {
        if (dids.length == 0) return;
        bytes32 didHash = _did(didSeed);
        address caller = asController ? registry.getDID(didHash).controller : _actor(callerSeed);
        vm.prank(caller);
        try registry.rotateController(didHash, _actor(toSeed)) {} catch {}
    }

    /// @notice The controller replaces the commitment.
    function updateCommitment(uint256 didSeed, bytes32 commitment) external {
        if (dids.length == 0) return;
        bytes32 didHash = _did(didSeed);
        vm.prank(registry.getDID(didHash).controller);
        try registry.updateCommitment(didHash, commitment) {} catch {}
    }

    /// @notice Number of DIDs registered.
    function didCount() external view returns (uint256) {
        return dids.length;
    }
}
