// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IZkVerifierRegistry} from "../../contracts/solidity/interfaces/IZkVerifierRegistry.sol";
import {ZkVerifierRegistry} from "../../contracts/solidity/zk/ZkVerifierRegistry.sol";
import {BadCountVerifier, MisbehavingVerifier, SwitchVerifier} from "../support/ZkVerifierDoubles.sol";
import {ZkConsumer} from "../support/ZkConsumer.sol";
import {ZkFixture} from "../support/ZkFixture.sol";

contract ZkVerifierRegistryTest is ZkFixture {
    bytes32 internal constant NEW_ID = keccak256("CHLOM_NEW_CIRCUIT");
    uint256 internal constant ROOT_A = 0xA;
    uint256 internal constant ROOT_B = 0xB;

    function _unauthorized(address account, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role);
    }

    // ---------------------------------------------------------------- construction

    function test_Constructor_GrantsRolesAndDefaults() public view {
        vm.assertTrue(registry.hasRole(registry.DEFAULT_ADMIN_ROLE(), ADMIN), "admin");
        vm.assertTrue(registry.hasRole(registry.CIRCUIT_ADMIN_ROLE(), CIRCUIT_ADMIN), "circuit admin");
        vm.assertTrue(registry.hasRole(registry.ORACLE_ROLE(), ORACLE), "oracle");
        vm.assertEq(
            registry.CIRCUIT_ADMIN_ROLE(), keccak256("CHLOM_CIRCUIT_ADMIN_ROLE"), "circuit admin role"
        );
        vm.assertEq(registry.ORACLE_ROLE(), keccak256("CHLOM_ORACLE_ROLE"), "oracle role");
        vm.assertEq(registry.rootGracePeriod(), 1 hours, "default grace period");
        vm.assertEq(registry.SCALAR_FIELD(), R, "scalar field");
    }

    function test_Constructor_SkipsZeroRoleHolders() public {
        ZkVerifierRegistry bare = new ZkVerifierRegistry(ADMIN, address(0), address(0));
        vm.assertFalse(bare.hasRole(bare.CIRCUIT_ADMIN_ROLE(), address(0)), "no circuit admin");
        vm.assertFalse(bare.hasRole(bare.ORACLE_ROLE(), address(0)), "no oracle");
    }

    function test_RevertWhen_AdminIsZero() public {
        vm.expectRevert(IZkVerifierRegistry.InvalidAdmin.selector);
        new ZkVerifierRegistry(address(0), CIRCUIT_ADMIN, ORACLE);
    }

    // ---------------------------------------------------------------- registerCircuit

    function test_RegisterCircuit_ReadsTheRealVerifiersInputCounts() public view {
        (address verifier, uint8 count, bool retired) = registry.circuitOf(SANCTIONS);
        vm.assertEq(verifier, address(sanctionsVerifier), "sanctions verifier");
        vm.assertEq(count, 3, "sanctions: root, scope, nullifier");
        vm.assertFalse(retired, "not retired");
        (verifier, count, retired) = registry.circuitOf(TIER);
        vm.assertEq(verifier, address(tierVerifier), "tier verifier");
        vm.assertEq(count, 4, "tier: root, k, scope, nullifier");
        (verifier, count, retired) = registry.circuitOf(NEW_ID);
        vm.assertEq(verifier, address(0), "unknown: no verifier");
        vm.assertEq(count, 0, "unknown: no count");
    }

    function test_RegisterCircuit_EmitsCircuitRegistered() public {
        vm.expectEmit(address(registry));
        emit IZkVerifierRegistry.CircuitRegistered(NEW_ID, address(tierVerifier), 4);
        vm.prank(CIRCUIT_ADMIN);
        registry.registerCircuit(NEW_ID, address(tierVerifier));
    }

    function test_RegisterCircuit_AcceptsOneAndThirtyTwoInputs() public {
        vm.startPrank(CIRCUIT_ADMIN);
        registry.registerCircuit(keccak256("one"), address(new SwitchVerifier(1)));
        registry.registerCircuit(keccak256("thirty-two"), address(new SwitchVerifier(32)));
        vm.stopPrank();
        (, uint8 one,) = registry.circuitOf(keccak256("one"));
        (, uint8 thirtyTwo,) = registry.circuitOf(keccak256("thirty-two"));
        vm.assertEq(one, 1, "one input");
        vm.assertEq(thirtyTwo, 32, "thirty-two inputs");
    }

    function test_RevertWhen_RegisterCallerIsNotCircuitAdmin() public {
        address[3] memory callers = [STRANGER, ADMIN, ORACLE];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(_unauthorized(callers[i], registry.CIRCUIT_ADMIN_ROLE()));
            vm.prank(callers[i]);
            registry.registerCircuit(NEW_ID, address(tierVerifier));
        }
    }

    function test_RevertWhen_CircuitExists() public {
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.CircuitExists.selector, SANCTIONS));
        vm.prank(CIRCUIT_ADMIN);
        registry.registerCircuit(SANCTIONS, address(tierVerifier));
    }

    function test_RevertWhen_CircuitExists_BeforeCheckingTheVerifier() public {
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.CircuitExists.selector, SANCTIONS));
        vm.prank(CIRCUIT_ADMIN);
        registry.registerCircuit(SANCTIONS, STRANGER);
    }

    function test_RevertWhen_RetiredCircuitIsRegisteredAgain() public {
        vm.startPrank(CIRCUIT_ADMIN);
        registry.retireCircuit(SANCTIONS);
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.CircuitExists.selector, SANCTIONS));
        registry.registerCircuit(SANCTIONS, address(sanctionsVerifier));
        vm.stopPrank();
    }

    function test_RevertWhen_CircuitIdIsZero() public {
        vm.expectRevert(IZkVerifierRegistry.InvalidCircuitId.selector);
        vm.prank(CIRCUIT_ADMIN);
        registry.registerCircuit(bytes32(0), address(tierVerifier));
    }

    function test_RevertWhen_VerifierHasNoCode() public {
        address[2] memory verifiers = [address(0), STRANGER];
        for (uint256 i; i < verifiers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IZkVerifierRegistry.InvalidVerifier.selector, verifiers[i])
            );
            vm.prank(CIRCUIT_ADMIN);
            registry.registerCircuit(NEW_ID, verifiers[i]);
        }
    }

    function test_RevertWhen_InputCountReverts() public {
        address verifier = address(new BadCountVerifier(3, 1));
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.InvalidVerifier.selector, verifier));
        vm.prank(CIRCUIT_ADMIN);
        registry.registerCircuit(NEW_ID, verifier);
    }

    function test_RevertWhen_InputCountIsMalformed() public {
        address verifier = address(new BadCountVerifier(3, 2));
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.InvalidVerifier.selector, verifier));
        vm.prank(CIRCUIT_ADMIN);
        registry.registerCircuit(NEW_ID, verifier);
    }

    function test_RevertWhen_InputCountIsZero() public {
        address verifier = address(new BadCountVerifier(0, 0));
        vm.expectRevert(
            abi.encodeWithSelector(IZkVerifierRegistry.UnsupportedInputCount.selector, verifier, 0)
        );
        vm.prank(CIRCUIT_ADMIN);
        registry.registerCircuit(NEW_ID, verifier);
    }

    function test_RevertWhen_InputCountAboveThirtyTwo() public {
        uint256[2] memory counts = [uint256(33), type(uint256).max];
        for (uint256 i; i < counts.length; ++i) {
            address verifier = address(new BadCountVerifier(counts[i], 0));
            vm.expectRevert(
                abi.encodeWithSelector(
                    IZkVerifierRegistry.UnsupportedInputCount.selector, verifier, counts[i]
                )
            );
            vm.prank(CIRCUIT_ADMIN);
            registry.registerCircuit(NEW_ID, verifier);
        }
    }

    // ---------------------------------------------------------------- retireCircuit

    function test_RetireCircuit_MarksRetiredAndEmits() public {
        vm.expectEmit(address(registry));
        emit IZkVerifierRegistry.CircuitRetired(SANCTIONS);
        vm.prank(CIRCUIT_ADMIN);
        registry.retireCircuit(SANCTIONS);
        (address verifier, uint8 count, bool retired) = registry.circuitOf(SANCTIONS);
        vm.assertEq(verifier, address(sanctionsVerifier), "verifier kept");
        vm.assertEq(count, 3, "count kept");
        vm.assertTrue(retired, "retired");
    }

    function test_RetireCircuit_RefusesVerificationAndRoots() public {
        vm.prank(CIRCUIT_ADMIN);
        registry.retireCircuit(SANCTIONS);
        bytes memory retired =
            abi.encodeWithSelector(IZkVerifierRegistry.CircuitIsRetired.selector, SANCTIONS);

        vm.expectRevert(retired);
        registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.expectRevert(retired);
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.expectRevert(retired);
        vm.prank(ORACLE);
        registry.publishRoot(SANCTIONS, ROOT_A);
    }

    function test_RetireCircuit_KeepsConsumedNullifiersReadable() public {
        _publishFixtureRoots();
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.prank(CIRCUIT_ADMIN);
        registry.retireCircuit(SANCTIONS);
        vm.assertTrue(
            registry.isNullifierUsed(SANCTIONS, address(this), sanctionsInputs[2]), "still consumed"
        );
    }

    function test_RevertWhen_RetireCallerIsNotCircuitAdmin() public {
        address[3] memory callers = [STRANGER, ADMIN, ORACLE];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(_unauthorized(callers[i], registry.CIRCUIT_ADMIN_ROLE()));
            vm.prank(callers[i]);
            registry.retireCircuit(SANCTIONS);
        }
    }

    function test_RevertWhen_RetireUnknownCircuit() public {
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.CircuitNotFound.selector, NEW_ID));
        vm.prank(CIRCUIT_ADMIN);
        registry.retireCircuit(NEW_ID);
    }

    function test_RevertWhen_RetireTwice() public {
        vm.startPrank(CIRCUIT_ADMIN);
        registry.retireCircuit(SANCTIONS);
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.CircuitIsRetired.selector, SANCTIONS));
        registry.retireCircuit(SANCTIONS);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- publishRoot

    function test_PublishRoot_FirstRootEmitsWithZeroPrevious() public {
        vm.expectEmit(address(registry));
        emit IZkVerifierRegistry.RootPublished(SANCTIONS, ROOT_A, 0);
        _publish(SANCTIONS, ROOT_A);
        vm.assertEq(registry.currentRoot(SANCTIONS), ROOT_A, "current root");
        vm.assertTrue(registry.isValidRoot(SANCTIONS, ROOT_A), "valid");
        vm.assertEq(registry.currentRoot(TIER), 0, "other circuits untouched");
    }

    function test_PublishRoot_SupersedesAndEmitsPrevious() public {
        _publish(SANCTIONS, ROOT_A);
        vm.expectEmit(address(registry));
        emit IZkVerifierRegistry.RootPublished(SANCTIONS, ROOT_B, ROOT_A);
        _publish(SANCTIONS, ROOT_B);
        vm.assertEq(registry.currentRoot(SANCTIONS), ROOT_B, "current root");
        vm.assertTrue(registry.isValidRoot(SANCTIONS, ROOT_A), "previous within grace");
    }

    function test_PublishRoot_AcceptsTheLargestFieldElement() public {
        _publish(SANCTIONS, R - 1);
        vm.assertEq(registry.currentRoot(SANCTIONS), R - 1, "r - 1");
    }

    function test_PublishRoot_SupersededRootCanBecomeCurrentAgain() public {
        _publish(SANCTIONS, ROOT_A);
        _publish(SANCTIONS, ROOT_B);
        vm.warp(block.timestamp + 2 hours);
        vm.assertFalse(registry.isValidRoot(SANCTIONS, ROOT_A), "A stale");
        _publish(SANCTIONS, ROOT_A);
        vm.assertTrue(registry.isValidRoot(SANCTIONS, ROOT_A), "A current again");
        vm.assertTrue(registry.isValidRoot(SANCTIONS, ROOT_B), "B within its fresh grace");
    }

    function test_RevertWhen_PublishCallerIsNotOracle() public {
        address[3] memory callers = [STRANGER, ADMIN, CIRCUIT_ADMIN];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(_unauthorized(callers[i], registry.ORACLE_ROLE()));
            vm.prank(callers[i]);
            registry.publishRoot(SANCTIONS, ROOT_A);
        }
    }

    function test_RevertWhen_PublishForUnknownCircuit() public {
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.CircuitNotFound.selector, NEW_ID));
        _publish(NEW_ID, 0); // existence is checked before the root
    }

    function test_RevertWhen_RootIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.InvalidRoot.selector, 0));
        _publish(SANCTIONS, 0);
    }

    function test_RevertWhen_RootIsNotInTheField() public {
        uint256[3] memory roots = [R, R + 1, type(uint256).max];
        for (uint256 i; i < roots.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.InvalidRoot.selector, roots[i]));
            _publish(SANCTIONS, roots[i]);
        }
    }

    function test_RevertWhen_RootUnchanged() public {
        _publish(SANCTIONS, ROOT_A);
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.RootUnchanged.selector, SANCTIONS, ROOT_A));
        _publish(SANCTIONS, ROOT_A);
    }

    // ---------------------------------------------------------------- setRootGracePeriod

    function test_SetRootGracePeriod_StoresAndEmits() public {
        vm.expectEmit(address(registry));
        emit IZkVerifierRegistry.RootGracePeriodSet(1 hours, 10 minutes);
        vm.prank(ADMIN);
        registry.setRootGracePeriod(10 minutes);
        vm.assertEq(registry.rootGracePeriod(), 10 minutes, "grace period");
    }

    function test_RevertWhen_GraceCallerIsNotAdmin() public {
        address[3] memory callers = [STRANGER, CIRCUIT_ADMIN, ORACLE];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(_unauthorized(callers[i], registry.DEFAULT_ADMIN_ROLE()));
            vm.prank(callers[i]);
            registry.setRootGracePeriod(0);
        }
    }

    // ---------------------------------------------------------------- roots and grace windows

    function test_Roots_GraceWindowIsHalfOpen() public {
        _publish(SANCTIONS, ROOT_A);
        vm.warp(1000);
        _publish(SANCTIONS, ROOT_B);
        vm.warp(1000 + 1 hours - 1);
        vm.assertTrue(registry.isValidRoot(SANCTIONS, ROOT_A), "last second of grace");
        vm.warp(1000 + 1 hours);
        vm.assertFalse(registry.isValidRoot(SANCTIONS, ROOT_A), "grace over");
        vm.assertTrue(registry.isValidRoot(SANCTIONS, ROOT_B), "current never expires");
        vm.warp(1000 + 365 days);
        vm.assertTrue(registry.isValidRoot(SANCTIONS, ROOT_B), "current a year later");
    }

    function test_Roots_ZeroGraceInvalidatesAtOnce() public {
        vm.prank(ADMIN);
        registry.setRootGracePeriod(0);
        _publish(SANCTIONS, ROOT_A);
        _publish(SANCTIONS, ROOT_B);
        vm.assertFalse(registry.isValidRoot(SANCTIONS, ROOT_A), "superseded, no grace");
    }

    function test_Roots_GraceChangeDoesNotReviveAnExpiredRoot() public {
        _publish(SANCTIONS, ROOT_A);
        _publish(SANCTIONS, ROOT_B);
        vm.warp(block.timestamp + 2 hours);
        vm.assertFalse(registry.isValidRoot(SANCTIONS, ROOT_A), "stale at 1 hour");
        vm.prank(ADMIN);
        registry.setRootGracePeriod(3 hours);
        vm.assertFalse(registry.isValidRoot(SANCTIONS, ROOT_A), "a longer period does not revive it");
        _publish(SANCTIONS, 0xC);
        vm.warp(block.timestamp + 3 hours - 1);
        vm.assertTrue(registry.isValidRoot(SANCTIONS, ROOT_B), "the next root superseded gets 3 hours");
    }

    function test_Roots_GraceChangeDoesNotShortenAGivenWindow() public {
        _publish(SANCTIONS, ROOT_A);
        _publish(SANCTIONS, ROOT_B);
        vm.prank(ADMIN);
        registry.setRootGracePeriod(0);
        vm.warp(block.timestamp + 1 hours - 1);
        vm.assertTrue(registry.isValidRoot(SANCTIONS, ROOT_A), "keeps the hour it was given");
    }

    function test_Roots_MaxGraceSaturates() public {
        vm.prank(ADMIN);
        registry.setRootGracePeriod(type(uint64).max);
        _publish(SANCTIONS, ROOT_A);
        _publish(SANCTIONS, ROOT_B);
        vm.assertEq(registry.rootValidUntil(SANCTIONS, ROOT_A), type(uint64).max, "saturated, no overflow");
        vm.warp(block.timestamp + 100 * 365 days);
        vm.assertTrue(registry.isValidRoot(SANCTIONS, ROOT_A), "valid for ever");
    }

    function test_RootValidUntil_CurrentSupersededAndUnknown() public {
        vm.warp(1000);
        _publish(SANCTIONS, ROOT_A);
        vm.assertEq(registry.rootValidUntil(SANCTIONS, ROOT_A), type(uint64).max, "current");
        _publish(SANCTIONS, ROOT_B);
        vm.assertEq(registry.rootValidUntil(SANCTIONS, ROOT_A), 1000 + 1 hours, "superseded");
        vm.assertEq(registry.rootValidUntil(SANCTIONS, ROOT_B), type(uint64).max, "new current");
        vm.assertEq(registry.rootValidUntil(SANCTIONS, 0xC), 0, "never published");
        vm.assertEq(registry.rootValidUntil(SANCTIONS, 0), 0, "zero");
        vm.assertEq(registry.rootValidUntil(TIER, ROOT_A), 0, "per circuit");
    }

    // ---------------------------------------------------------------- revokeRoot

    function test_RevokeRoot_EndsTheGraceAtOnceAndEmits() public {
        _publish(SANCTIONS, sanctionsInputs[0]);
        _publish(SANCTIONS, ROOT_A);
        vm.assertTrue(registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs), "within grace");
        vm.expectEmit(address(registry));
        emit IZkVerifierRegistry.RootRevoked(SANCTIONS, sanctionsInputs[0]);
        vm.prank(ORACLE);
        registry.revokeRoot(SANCTIONS, sanctionsInputs[0]);
        vm.assertEq(registry.rootValidUntil(SANCTIONS, sanctionsInputs[0]), block.timestamp, "ends now");
        bytes memory stale =
            abi.encodeWithSelector(IZkVerifierRegistry.StaleRoot.selector, SANCTIONS, sanctionsInputs[0]);
        vm.expectRevert(stale);
        registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.expectRevert(stale);
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs);
    }

    function test_RevokeRoot_ARevokedRootCanBeCurrentAgain() public {
        _publish(SANCTIONS, sanctionsInputs[0]);
        _publish(SANCTIONS, ROOT_A);
        vm.prank(ORACLE);
        registry.revokeRoot(SANCTIONS, sanctionsInputs[0]);
        _publish(SANCTIONS, sanctionsInputs[0]);
        vm.assertTrue(registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs), "current again");
    }

    function test_RevertWhen_RevokeRootNotRevocable() public {
        _publish(SANCTIONS, ROOT_A);
        _publish(SANCTIONS, ROOT_B);
        uint256[3] memory roots = [ROOT_B, uint256(0xC), uint256(0)]; // current, never published, zero
        for (uint256 i; i < roots.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IZkVerifierRegistry.RootNotRevocable.selector, SANCTIONS, roots[i])
            );
            vm.prank(ORACLE);
            registry.revokeRoot(SANCTIONS, roots[i]);
        }
        vm.warp(block.timestamp + 1 hours);
        vm.expectRevert(
            abi.encodeWithSelector(IZkVerifierRegistry.RootNotRevocable.selector, SANCTIONS, ROOT_A)
        );
        vm.prank(ORACLE);
        registry.revokeRoot(SANCTIONS, ROOT_A); // expired already
    }

    function test_RevertWhen_RevokeRootTwice() public {
        _publish(SANCTIONS, ROOT_A);
        _publish(SANCTIONS, ROOT_B);
        vm.startPrank(ORACLE);
        registry.revokeRoot(SANCTIONS, ROOT_A);
        vm.expectRevert(
            abi.encodeWithSelector(IZkVerifierRegistry.RootNotRevocable.selector, SANCTIONS, ROOT_A)
        );
        registry.revokeRoot(SANCTIONS, ROOT_A);
        vm.stopPrank();
    }

    function test_RevertWhen_RevokeCallerIsNotOracle() public {
        _publish(SANCTIONS, ROOT_A);
        _publish(SANCTIONS, ROOT_B);
        address[3] memory callers = [STRANGER, ADMIN, CIRCUIT_ADMIN];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(_unauthorized(callers[i], registry.ORACLE_ROLE()));
            vm.prank(callers[i]);
            registry.revokeRoot(SANCTIONS, ROOT_A);
        }
    }

    function test_RevertWhen_RevokeOnUnknownOrRetiredCircuit() public {
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.CircuitNotFound.selector, NEW_ID));
        vm.prank(ORACLE);
        registry.revokeRoot(NEW_ID, ROOT_A);
        _publish(SANCTIONS, ROOT_A);
        _publish(SANCTIONS, ROOT_B);
        vm.prank(CIRCUIT_ADMIN);
        registry.retireCircuit(SANCTIONS);
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.CircuitIsRetired.selector, SANCTIONS));
        vm.prank(ORACLE);
        registry.revokeRoot(SANCTIONS, ROOT_A);
    }

    function test_IsValidRoot_FalseWithoutRootsAndForZero() public {
        vm.assertFalse(registry.isValidRoot(SANCTIONS, sanctionsInputs[0]), "no roots published");
        vm.assertFalse(registry.isValidRoot(NEW_ID, ROOT_A), "unknown circuit");
        _publish(SANCTIONS, ROOT_A);
        vm.assertFalse(registry.isValidRoot(SANCTIONS, 0), "zero");
        vm.assertFalse(registry.isValidRoot(SANCTIONS, ROOT_B), "never published");
        vm.assertFalse(registry.isValidRoot(TIER, ROOT_A), "roots are per circuit");
    }

    // ---------------------------------------------------------------- verifyProof with the real verifiers

    function test_VerifyProof_RealSanctionsProof() public {
        _publishFixtureRoots();
        vm.assertTrue(registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs), "valid proof");
    }

    function test_VerifyProof_RealTierProof() public {
        _publishFixtureRoots();
        vm.assertTrue(registry.verifyProof(TIER, tierProof, tierInputs), "valid proof");
    }

    function test_VerifyProof_RealProofsAgainstPublishedRoots() public {
        _publish(SANCTIONS, sanctionsInputs[0]);
        _publish(TIER, tierInputs[0]);
        vm.assertTrue(registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs), "sanctions");
        vm.assertTrue(registry.verifyProof(TIER, tierProof, tierInputs), "tier");
    }

    function test_VerifyProof_RealProofAgainstASupersededRootWithinGrace() public {
        _publish(SANCTIONS, sanctionsInputs[0]);
        _publish(SANCTIONS, ROOT_A);
        vm.warp(block.timestamp + 1 hours - 1);
        vm.assertTrue(registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs), "within grace");
    }

    function test_VerifyProof_TamperedProofWordIsFalse() public {
        _publishFixtureRoots();
        for (uint256 i; i < 8; ++i) {
            uint256[8] memory proof = sanctionsProof;
            proof[i] = proof[i] + 1;
            vm.assertFalse(registry.verifyProof(SANCTIONS, proof, sanctionsInputs), "sanctions word + 1");
            proof = tierProof;
            proof[i] = proof[i] ^ 2;
            vm.assertFalse(registry.verifyProof(TIER, proof, tierInputs), "tier word ^ 2");
        }
    }

    function test_VerifyProof_ProofCoordinateOutOfRangeIsFalse() public {
        _publishFixtureRoots();
        for (uint256 i; i < 8; ++i) {
            uint256[8] memory proof = sanctionsProof;
            proof[i] = proof[i] + Q; // the same point modulo q, but not a canonical coordinate
            vm.assertFalse(registry.verifyProof(SANCTIONS, proof, sanctionsInputs), "coordinate + q");
        }
    }

    function test_VerifyProof_TamperedInputIsFalse() public {
        _publishFixtureRoots();
        // An altered root is published too, so that the verifier, not the root check, refuses it.
        for (uint256 i; i < sanctionsInputs.length; ++i) {
            uint256[] memory inputs = _copy(sanctionsInputs);
            inputs[i] = (inputs[i] + 1) % R;
            if (i == 0) _publish(SANCTIONS, inputs[0]);
            vm.assertFalse(registry.verifyProof(SANCTIONS, sanctionsProof, inputs), "sanctions input + 1");
        }
        for (uint256 i; i < tierInputs.length; ++i) {
            uint256[] memory inputs = _copy(tierInputs);
            inputs[i] = (inputs[i] + 1) % R;
            if (i == 0) _publish(TIER, inputs[0]);
            vm.assertFalse(registry.verifyProof(TIER, tierProof, inputs), "tier input + 1");
        }
    }

    function test_VerifyProof_LowerTierClaimIsFalse() public {
        _publishFixtureRoots();
        // The fixture proves "tier >= 2"; the same proof does not prove "tier >= 1" nor "tier >= 3".
        uint256[] memory inputs = _copy(tierInputs);
        inputs[1] = 1;
        vm.assertFalse(registry.verifyProof(TIER, tierProof, inputs), "k = 1");
        inputs[1] = 3;
        vm.assertFalse(registry.verifyProof(TIER, tierProof, inputs), "k = 3");
    }

    function test_VerifyProof_ProofOfTheOtherCircuitIsFalse() public {
        _publishFixtureRoots();
        // A real proof of one circuit, given to the other with inputs of the right count and values.
        vm.assertFalse(registry.verifyProof(SANCTIONS, tierProof, sanctionsInputs), "tier proof, sanctions");
        _publish(TIER, sanctionsInputs[0]);
        uint256[] memory inputs = new uint256[](4);
        inputs[0] = sanctionsInputs[0];
        inputs[1] = 2;
        inputs[2] = sanctionsInputs[1];
        inputs[3] = sanctionsInputs[2];
        vm.assertFalse(registry.verifyProof(TIER, sanctionsProof, inputs), "sanctions proof, tier");
    }

    function test_VerifyProof_DoesNotConsume() public {
        _publishFixtureRoots();
        registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.assertFalse(registry.isNullifierUsed(SANCTIONS, address(this), sanctionsInputs[2]), "not consumed");
    }

    // ---------------------------------------------------------------- verifyProof reverts

    function test_RevertWhen_VerifyUnknownCircuit() public {
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.CircuitNotFound.selector, NEW_ID));
        registry.verifyProof(NEW_ID, sanctionsProof, sanctionsInputs);
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.CircuitNotFound.selector, NEW_ID));
        registry.verifyAndConsume(NEW_ID, sanctionsProof, sanctionsInputs);
    }

    function test_RevertWhen_PublicInputCountIsWrong() public {
        uint256[] memory empty = new uint256[](0);
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.PublicInputCount.selector, 3, 0));
        registry.verifyProof(SANCTIONS, sanctionsProof, empty);
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.PublicInputCount.selector, 3, 4));
        registry.verifyProof(SANCTIONS, sanctionsProof, tierInputs);
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.PublicInputCount.selector, 4, 3));
        registry.verifyAndConsume(TIER, tierProof, sanctionsInputs);
    }

    function test_RevertWhen_InputNotInField() public {
        for (uint256 i; i < sanctionsInputs.length; ++i) {
            uint256[] memory inputs = _copy(sanctionsInputs);
            inputs[i] = inputs[i] + R; // the same residue: a verifier reducing mod r would accept it
            vm.expectRevert(
                abi.encodeWithSelector(IZkVerifierRegistry.InputNotInField.selector, i, inputs[i])
            );
            registry.verifyProof(SANCTIONS, sanctionsProof, inputs);
            vm.expectRevert(
                abi.encodeWithSelector(IZkVerifierRegistry.InputNotInField.selector, i, inputs[i])
            );
            registry.verifyAndConsume(SANCTIONS, sanctionsProof, inputs);
        }
    }

    function test_RevertWhen_InputNotInField_ReportsTheLowestIndex() public {
        uint256[] memory inputs = _copy(tierInputs);
        inputs[3] = type(uint256).max;
        inputs[1] = R;
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.InputNotInField.selector, 1, R));
        registry.verifyProof(TIER, tierProof, inputs);
    }

    function test_RevertWhen_InputNotInField_BeforeTheRoot() public {
        _publish(SANCTIONS, ROOT_A);
        uint256[] memory inputs = _copy(sanctionsInputs);
        inputs[0] = R;
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.InputNotInField.selector, 0, R));
        registry.verifyProof(SANCTIONS, sanctionsProof, inputs);
    }

    function test_RevertWhen_RootUnknown() public {
        _publish(SANCTIONS, ROOT_A);
        bytes memory unknown =
            abi.encodeWithSelector(IZkVerifierRegistry.UnknownRoot.selector, SANCTIONS, sanctionsInputs[0]);
        vm.expectRevert(unknown);
        registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.expectRevert(unknown);
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs);
    }

    function test_RevertWhen_NoRootPublishedYet() public {
        // Fail closed: a valid proof of a circuit whose first root is not published verifies nothing.
        bytes memory unknown =
            abi.encodeWithSelector(IZkVerifierRegistry.UnknownRoot.selector, SANCTIONS, sanctionsInputs[0]);
        vm.expectRevert(unknown);
        registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.expectRevert(unknown);
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs);
    }

    function test_RevertWhen_RootIsZero_WithOrWithoutRoots() public {
        // A circuit without roots has current root 0: input 0 of 0 must not match it.
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.UnknownRoot.selector, SWITCH, 0));
        registry.verifyProof(SWITCH, sanctionsProof, _switchInputs(0, 1));
        _publish(SWITCH, SWITCH_ROOT);
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.UnknownRoot.selector, SWITCH, 0));
        registry.verifyProof(SWITCH, sanctionsProof, _switchInputs(0, 1));
    }

    function test_RevertWhen_RootOfAnotherCircuit() public {
        _publish(TIER, sanctionsInputs[0]);
        _publish(SANCTIONS, ROOT_A);
        vm.expectRevert(
            abi.encodeWithSelector(IZkVerifierRegistry.UnknownRoot.selector, SANCTIONS, sanctionsInputs[0])
        );
        registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs);
    }

    function test_RevertWhen_RootStale() public {
        _publish(SANCTIONS, sanctionsInputs[0]);
        vm.warp(5000);
        _publish(SANCTIONS, ROOT_A);
        vm.warp(5000 + 1 hours);
        bytes memory stale =
            abi.encodeWithSelector(IZkVerifierRegistry.StaleRoot.selector, SANCTIONS, sanctionsInputs[0]);
        vm.expectRevert(stale);
        registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.expectRevert(stale);
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs);
    }

    // ---------------------------------------------------------------- verifier answers (test doubles)

    function test_VerifyProof_ReturnsTheVerifiersAnswer() public {
        _publishFixtureRoots();
        uint256[] memory inputs = _switchInputs(1, 2);
        vm.assertTrue(registry.verifyProof(SWITCH, sanctionsProof, inputs), "true");
        switchVerifier.setAnswer(false);
        vm.assertFalse(registry.verifyProof(SWITCH, sanctionsProof, inputs), "false");
    }

    function test_VerifyProof_MisbehavingVerifierIsFalse() public {
        _publishFixtureRoots();
        for (uint8 mode; mode <= uint8(MisbehavingVerifier.Mode.BurnGas); ++mode) {
            bytes32 id = keccak256(abi.encode("misbehaving", mode));
            address verifier = address(new MisbehavingVerifier(MisbehavingVerifier.Mode(mode)));
            vm.prank(CIRCUIT_ADMIN);
            registry.registerCircuit(id, verifier);
            _publish(id, SWITCH_ROOT);
            vm.assertFalse(
                registry.verifyProof(id, sanctionsProof, _switchInputs(1, 2)), "misbehaving: false"
            );
            vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.InvalidProof.selector, id));
            registry.verifyAndConsume(id, sanctionsProof, _switchInputs(1, 2));
            vm.assertFalse(registry.isNullifierUsed(id, address(this), 2), "nothing consumed");
        }
    }

    // ---------------------------------------------------------------- verifyAndConsume

    function test_VerifyAndConsume_RealProofConsumesAndEmits() public {
        _publish(SANCTIONS, sanctionsInputs[0]);
        uint256 nullifier = sanctionsInputs[2];
        vm.expectEmit(address(registry));
        emit IZkVerifierRegistry.ProofVerified(SANCTIONS, nullifier, STRANGER);
        vm.prank(STRANGER);
        vm.assertTrue(registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs), "returns true");
        vm.assertTrue(registry.isNullifierUsed(SANCTIONS, STRANGER, nullifier), "consumed by the caller");
        vm.assertFalse(registry.isNullifierUsed(SANCTIONS, address(this), nullifier), "not by anyone else");
    }

    function test_VerifyAndConsume_RealTierProof() public {
        _publishFixtureRoots();
        vm.expectEmit(address(registry));
        emit IZkVerifierRegistry.ProofVerified(TIER, tierInputs[3], address(this));
        registry.verifyAndConsume(TIER, tierProof, tierInputs);
        vm.assertTrue(registry.isNullifierUsed(TIER, address(this), tierInputs[3]), "consumed");
    }

    function test_RevertWhen_NullifierReplayed() public {
        _publishFixtureRoots();
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.expectRevert(
            abi.encodeWithSelector(
                IZkVerifierRegistry.NullifierUsed.selector, SANCTIONS, address(this), sanctionsInputs[2]
            )
        );
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs);
        // verifyProof still answers: it does not look at nullifiers.
        vm.assertTrue(registry.verifyProof(SANCTIONS, sanctionsProof, sanctionsInputs), "still a valid proof");
    }

    function test_VerifyAndConsume_FrontRunnerDoesNotBurnTheApplicationsNullifier() public {
        _publishFixtureRoots();
        ZkConsumer app = new ZkConsumer(registry);
        uint256 nullifier = sanctionsInputs[2];
        // The attacker copies the holder's proof from the mempool and submits it first, directly.
        vm.expectEmit(address(registry));
        emit IZkVerifierRegistry.ProofVerified(SANCTIONS, nullifier, STRANGER);
        vm.prank(STRANGER);
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.assertTrue(registry.isNullifierUsed(SANCTIONS, STRANGER, nullifier), "attacker's namespace");
        vm.assertFalse(registry.isNullifierUsed(SANCTIONS, address(app), nullifier), "not the app's");

        // The holder's transaction lands afterwards: the application still accepts the proof.
        vm.expectEmit(address(registry));
        emit IZkVerifierRegistry.ProofVerified(SANCTIONS, nullifier, address(app));
        vm.prank(STRANGER); // whoever submits to the application, the application is the consumer
        app.accept(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.assertEq(app.accepted(), 1, "accepted once");
        vm.assertTrue(registry.isNullifierUsed(SANCTIONS, address(app), nullifier), "consumed by the app");
    }

    function test_RevertWhen_ApplicationReplaysTheNullifier() public {
        _publishFixtureRoots();
        ZkConsumer app = new ZkConsumer(registry);
        app.accept(SANCTIONS, sanctionsProof, sanctionsInputs);
        bytes memory used = abi.encodeWithSelector(
            IZkVerifierRegistry.NullifierUsed.selector, SANCTIONS, address(app), sanctionsInputs[2]
        );
        // Replayed through the application, by anyone, the proof is refused.
        vm.expectRevert(used);
        app.accept(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.expectRevert(used);
        vm.prank(STRANGER);
        app.accept(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.assertEq(app.accepted(), 1, "accepted once");
    }

    function test_VerifyAndConsume_NullifiersArePerConsumer() public {
        _publishFixtureRoots();
        // Documented consequence: a scope shared by two applications lets one proof serve both, which
        // is why an application should make its scope application-specific.
        ZkConsumer first = new ZkConsumer(registry);
        ZkConsumer second = new ZkConsumer(registry);
        first.accept(SANCTIONS, sanctionsProof, sanctionsInputs);
        second.accept(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.assertEq(first.accepted() + second.accepted(), 2, "each namespace consumed once");
    }

    function test_VerifyAndConsume_NullifiersArePerCircuit() public {
        _publishFixtureRoots();
        // The two fixtures are the same holder in the same scope: the same nullifier.
        vm.assertEq(sanctionsInputs[2], tierInputs[3], "fixtures share the nullifier");
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs);
        vm.assertFalse(
            registry.isNullifierUsed(TIER, address(this), tierInputs[3]), "not consumed for the tier circuit"
        );
        registry.verifyAndConsume(TIER, tierProof, tierInputs);
        vm.assertTrue(
            registry.isNullifierUsed(TIER, address(this), tierInputs[3]), "consumed for the tier circuit"
        );
    }

    function test_RevertWhen_ConsumeTamperedProof() public {
        _publishFixtureRoots();
        uint256[8] memory proof = sanctionsProof;
        proof[6] = proof[6] + 1;
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.InvalidProof.selector, SANCTIONS));
        registry.verifyAndConsume(SANCTIONS, proof, sanctionsInputs);
        vm.assertFalse(
            registry.isNullifierUsed(SANCTIONS, address(this), sanctionsInputs[2]), "nothing consumed"
        );
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, sanctionsInputs);
    }

    function test_RevertWhen_ConsumeTamperedNullifier() public {
        _publishFixtureRoots();
        uint256[] memory inputs = _copy(sanctionsInputs);
        inputs[2] = inputs[2] + 1;
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.InvalidProof.selector, SANCTIONS));
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, inputs);
        vm.assertFalse(
            registry.isNullifierUsed(SANCTIONS, address(this), inputs[2]), "forged nullifier not consumed"
        );
    }

    function test_RevertWhen_NullifierUsed_BeforeAskingTheVerifier() public {
        _publishFixtureRoots();
        uint256[] memory inputs = _switchInputs(1, 42);
        registry.verifyAndConsume(SWITCH, sanctionsProof, inputs);
        switchVerifier.setAnswer(false);
        vm.expectRevert(
            abi.encodeWithSelector(IZkVerifierRegistry.NullifierUsed.selector, SWITCH, address(this), 42)
        );
        registry.verifyAndConsume(SWITCH, sanctionsProof, inputs);
    }

    function test_RevertWhen_ConsumeOnRetiredCircuitAfterUse() public {
        _publishFixtureRoots();
        registry.verifyAndConsume(SWITCH, sanctionsProof, _switchInputs(1, 1));
        vm.prank(CIRCUIT_ADMIN);
        registry.retireCircuit(SWITCH);
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.CircuitIsRetired.selector, SWITCH));
        registry.verifyAndConsume(SWITCH, sanctionsProof, _switchInputs(1, 2));
    }

    function test_VerifyAndConsume_SingleInputCircuitUsesInputZeroAsRootAndNullifier() public {
        bytes32 id = keccak256("one");
        address verifier = address(new SwitchVerifier(1));
        vm.prank(CIRCUIT_ADMIN);
        registry.registerCircuit(id, verifier);
        uint256[] memory inputs = new uint256[](1);
        inputs[0] = ROOT_A;
        _publish(id, ROOT_A);
        registry.verifyAndConsume(id, sanctionsProof, inputs);
        vm.assertTrue(registry.isNullifierUsed(id, address(this), ROOT_A), "input 0 is the nullifier too");
    }
}
