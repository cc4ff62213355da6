// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {DIDRegistry} from "../../contracts/solidity/identity/DIDRegistry.sol";
import {IDIDRegistry} from "../../contracts/solidity/interfaces/IDIDRegistry.sol";
import {TestBase} from "../support/TestBase.sol";

contract DIDRegistryTest is TestBase {
    DIDRegistry internal registry;

    address internal constant ADMIN = address(0xA11CE);
    address internal constant VERIFIER = address(0xFE11);
    address internal constant ALICE = address(0xA1);
    address internal constant BOB = address(0xB0);
    bytes internal constant DID = "did:chlom:alice";
    bytes32 internal constant COMMITMENT = keccak256("salt|template-hash");

    function setUp() public {
        registry = new DIDRegistry(ADMIN, VERIFIER);
    }

    function _register() internal returns (bytes32 didHash) {
        vm.prank(ALICE);
        didHash = registry.registerDID(DID, "US", COMMITMENT);
    }

    function _setStatus(bytes32 didHash, IDIDRegistry.Status next) internal {
        vm.prank(VERIFIER);
        registry.setStatus(didHash, next);
    }

    function test_RegisterDID_RecordsAndEmits() public {
        vm.warp(1000);
        vm.expectEmit(address(registry));
        emit IDIDRegistry.DIDRegistered(keccak256(DID), ALICE, DID, "US");
        bytes32 didHash = _register();

        IDIDRegistry.DIDRecord memory record = registry.getDID(didHash);
        vm.assertEq(didHash, keccak256(DID), "didHash");
        vm.assertEq(record.controller, ALICE, "controller");
        vm.assertEq(uint256(record.status), uint256(IDIDRegistry.Status.New), "status");
        vm.assertEq(record.registeredAt, 1000, "registeredAt");
        vm.assertEq(record.biometricCommitment, COMMITMENT, "commitment");
        vm.assertEq(registry.didOf(ALICE), didHash, "reverse lookup");
        vm.assertFalse(registry.isInGoodStanding(didHash), "new is not good standing");
    }

    function test_RevertWhen_IdentifierIsEmptyOrTooLong() public {
        vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDInvalidIdentifier.selector, 0));
        registry.registerDID("", "US", COMMITMENT);
        bytes memory long = new bytes(65);
        vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDInvalidIdentifier.selector, 65));
        registry.registerDID(long, "US", COMMITMENT);
    }

    function test_RevertWhen_RegionIsInvalid() public {
        vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDInvalidRegion.selector, bytes2("us")));
        registry.registerDID(DID, "us", COMMITMENT);
        vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDInvalidRegion.selector, bytes2(0)));
        registry.registerDID(DID, bytes2(0), COMMITMENT);
    }

    function test_RegisterDID_AcceptsTheGlobalRegion() public {
        vm.prank(BOB);
        bytes32 didHash = registry.registerDID("did:chlom:bob", "ZZ", COMMITMENT);
        vm.assertEq(bytes32(registry.getDID(didHash).region), bytes32(bytes2("ZZ")), "global region");
    }

    function test_RevertWhen_CommitmentIsZero() public {
        vm.expectRevert(IDIDRegistry.DIDInvalidCommitment.selector);
        registry.registerDID(DID, "US", bytes32(0));
    }

    function test_RevertWhen_DIDOrControllerIsTaken() public {
        bytes32 didHash = _register();
        vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDAlreadyRegistered.selector, didHash));
        vm.prank(BOB);
        registry.registerDID(DID, "US", COMMITMENT);
        vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDControllerTaken.selector, ALICE, didHash));
        vm.prank(ALICE);
        registry.registerDID("did:chlom:alice-2", "US", COMMITMENT);
    }

    function test_SetStatus_WalksTheLifecycle() public {
        bytes32 didHash = _register();
        _setStatus(didHash, IDIDRegistry.Status.Verified);
        vm.expectEmit(address(registry));
        emit IDIDRegistry.DIDStatusChanged(
            didHash, IDIDRegistry.Status.Verified, IDIDRegistry.Status.Valid, VERIFIER
        );
        _setStatus(didHash, IDIDRegistry.Status.Valid);
        vm.assertTrue(registry.isInGoodStanding(didHash), "valid");
        _setStatus(didHash, IDIDRegistry.Status.Suspended);
        vm.assertFalse(registry.isInGoodStanding(didHash), "suspended");
        _setStatus(didHash, IDIDRegistry.Status.Valid);
        _setStatus(didHash, IDIDRegistry.Status.Revoked);
        vm.assertEq(uint256(registry.getDID(didHash).status), uint256(IDIDRegistry.Status.Revoked), "revoked");
    }

    function test_RevertWhen_TransitionSkipsVerification() public {
        bytes32 didHash = _register();
        vm.expectRevert(
            abi.encodeWithSelector(
                IDIDRegistry.DIDInvalidTransition.selector,
                didHash,
                IDIDRegistry.Status.New,
                IDIDRegistry.Status.Valid
            )
        );
        _setStatus(didHash, IDIDRegistry.Status.Valid);
    }

    function test_RevertWhen_RevokedDIDChanges() public {
        bytes32 didHash = _register();
        _setStatus(didHash, IDIDRegistry.Status.Revoked);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDIDRegistry.DIDInvalidTransition.selector,
                didHash,
                IDIDRegistry.Status.Revoked,
                IDIDRegistry.Status.Valid
            )
        );
        _setStatus(didHash, IDIDRegistry.Status.Valid);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDIDRegistry.DIDInvalidTransition.selector,
                didHash,
                IDIDRegistry.Status.Revoked,
                IDIDRegistry.Status.Revoked
            )
        );
        vm.prank(ALICE);
        registry.rotateController(didHash, BOB);
    }

    function test_RevertWhen_StrangerSetsStatus() public {
        bytes32 didHash = _register();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, ALICE, registry.VERIFIER_ROLE()
            )
        );
        vm.prank(ALICE);
        registry.setStatus(didHash, IDIDRegistry.Status.Verified);
    }

    function test_RevertWhen_StatusOfUnknownDID() public {
        vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDNotFound.selector, bytes32(uint256(1))));
        _setStatus(bytes32(uint256(1)), IDIDRegistry.Status.Verified);
    }

    function test_RotateController_MovesTheDID() public {
        bytes32 didHash = _register();
        vm.expectEmit(address(registry));
        emit IDIDRegistry.ControllerRotated(didHash, ALICE, BOB);
        vm.prank(ALICE);
        registry.rotateController(didHash, BOB);
        vm.assertEq(registry.getDID(didHash).controller, BOB, "new controller");
        vm.assertEq(registry.didOf(BOB), didHash, "bob controls it");
        vm.assertEq(registry.didOf(ALICE), bytes32(0), "alice does not");
    }

    function test_RevertWhen_NonControllerRotatesOrUpdates() public {
        bytes32 didHash = _register();
        vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDNotController.selector, didHash, BOB));
        vm.prank(BOB);
        registry.rotateController(didHash, BOB);
        vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDNotController.selector, didHash, BOB));
        vm.prank(BOB);
        registry.updateCommitment(didHash, keccak256("other"));
        vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDInvalidAccount.selector, address(0)));
        vm.prank(ALICE);
        registry.rotateController(didHash, address(0));
    }

    function test_UpdateCommitment_SendsAValidDIDBackToVerified() public {
        bytes32 didHash = _register();
        _setStatus(didHash, IDIDRegistry.Status.Verified);
        _setStatus(didHash, IDIDRegistry.Status.Valid);
        bytes32 next = keccak256("new-salt|template-hash");
        vm.prank(ALICE);
        registry.updateCommitment(didHash, next);
        vm.assertEq(
            uint256(registry.getDID(didHash).status), uint256(IDIDRegistry.Status.Verified), "re-verify"
        );
        vm.assertTrue(registry.matchesCommitment(didHash, next), "new commitment matches");
        vm.assertFalse(registry.matchesCommitment(didHash, COMMITMENT), "old one does not");
        vm.assertFalse(registry.matchesCommitment(didHash, bytes32(0)), "zero never matches");
    }

    function test_RevertWhen_AdminIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IDIDRegistry.DIDInvalidAccount.selector, address(0)));
        new DIDRegistry(address(0), VERIFIER);
    }

    function test_StandingOf_ReportsTheControlledDid() public {
        (bytes32 didHash, bytes2 region, IDIDRegistry.Status status) = registry.standingOf(ALICE);
        vm.assertEq(didHash, bytes32(0), "no DID yet");
        vm.assertEq(bytes32(region), bytes32(0), "no region");
        vm.assertEq(uint256(status), uint256(IDIDRegistry.Status.None), "None");

        bytes32 registered = _register();
        (didHash, region, status) = registry.standingOf(ALICE);
        vm.assertEq(didHash, registered, "didHash");
        vm.assertEq(bytes32(region), bytes32(bytes2("US")), "region");
        vm.assertEq(uint256(status), uint256(IDIDRegistry.Status.New), "New");

        _setStatus(registered, IDIDRegistry.Status.Verified);
        _setStatus(registered, IDIDRegistry.Status.Valid);
        (,, status) = registry.standingOf(ALICE);
        vm.assertEq(uint256(status), uint256(IDIDRegistry.Status.Valid), "follows the status");

        (didHash, region, status) = registry.standingOf(BOB);
        vm.assertEq(didHash, bytes32(0), "bob has none");
        vm.assertEq(uint256(status), uint256(IDIDRegistry.Status.None), "bob None");
    }

    function test_StandingOf_FollowsARotation() public {
        bytes32 didHash = _register();
        _setStatus(didHash, IDIDRegistry.Status.Verified);
        vm.prank(ALICE);
        registry.rotateController(didHash, BOB);
        (bytes32 aliceDid, bytes2 aliceRegion, IDIDRegistry.Status aliceStatus) = registry.standingOf(ALICE);
        vm.assertEq(aliceDid, bytes32(0), "alice lost it");
        vm.assertEq(bytes32(aliceRegion), bytes32(0), "alice no region");
        vm.assertEq(uint256(aliceStatus), uint256(IDIDRegistry.Status.None), "alice None");
        (bytes32 bobDid, bytes2 bobRegion, IDIDRegistry.Status bobStatus) = registry.standingOf(BOB);
        vm.assertEq(bobDid, didHash, "bob has it");
        vm.assertEq(bytes32(bobRegion), bytes32(bytes2("US")), "region kept");
        vm.assertEq(uint256(bobStatus), uint256(IDIDRegistry.Status.Verified), "status kept");
    }

    function test_ControllerOf_ReportsControllerRegionAndStatus() public {
        bytes32 unknown = keccak256("did:chlom:nobody");
        (address controller, bytes2 region, IDIDRegistry.Status status) = registry.controllerOf(unknown);
        vm.assertEq(controller, address(0), "unregistered: no controller");
        vm.assertEq(bytes32(region), bytes32(0), "unregistered: no region");
        vm.assertEq(uint256(status), uint256(IDIDRegistry.Status.None), "unregistered: None");

        vm.prank(BOB);
        bytes32 didHash = registry.registerDID("did:chlom:bob", "ZZ", COMMITMENT);
        (controller, region, status) = registry.controllerOf(didHash);
        vm.assertEq(controller, BOB, "controller");
        vm.assertEq(bytes32(region), bytes32(bytes2("ZZ")), "region");
        vm.assertEq(uint256(status), uint256(IDIDRegistry.Status.New), "status");

        vm.prank(BOB);
        registry.rotateController(didHash, ALICE);
        _setStatus(didHash, IDIDRegistry.Status.Revoked);
        (controller, region, status) = registry.controllerOf(didHash);
        vm.assertEq(controller, ALICE, "rotated controller");
        vm.assertEq(bytes32(region), bytes32(bytes2("ZZ")), "region unchanged");
        vm.assertEq(uint256(status), uint256(IDIDRegistry.Status.Revoked), "revoked keeps its controller");

        IDIDRegistry.DIDRecord memory record = registry.getDID(didHash);
        vm.assertEq(record.controller, controller, "agrees with getDID");
    }
}
