// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IZkVerifierRegistry} from "../../contracts/solidity/interfaces/IZkVerifierRegistry.sol";
import {ZkFixture} from "../support/ZkFixture.sol";

contract ZkVerifierRegistryFuzzTest is ZkFixture {
    /// @dev Any input at or above r is refused with its index, on both entry points.
    function testFuzz_RevertWhen_InputNotInField(uint256 index, uint256 value) public {
        index = bound(index, 0, sanctionsInputs.length - 1);
        value = bound(value, R, type(uint256).max);
        uint256[] memory inputs = _copy(sanctionsInputs);
        inputs[index] = value;
        bytes memory refusal =
            abi.encodeWithSelector(IZkVerifierRegistry.InputNotInField.selector, index, value);
        vm.expectRevert(refusal);
        registry.verifyProof(SANCTIONS, sanctionsProof, inputs);
        vm.expectRevert(refusal);
        registry.verifyAndConsume(SANCTIONS, sanctionsProof, inputs);
    }

    /// @dev Any inputs below r reach the verifier once the root is published, whose answer is returned.
    function testFuzz_InputsInFieldReachTheVerifier(uint256 a, uint256 b, uint256 c, bool answer) public {
        uint256[] memory inputs = new uint256[](3);
        inputs[0] = bound(a, 1, R - 1);
        _publish(SWITCH, inputs[0]);
        inputs[1] = bound(b, 0, R - 1);
        inputs[2] = bound(c, 0, R - 1);
        switchVerifier.setAnswer(answer);
        vm.assertEq(registry.verifyProof(SWITCH, sanctionsProof, inputs), answer, "the verifier's answer");
    }

    /// @dev The real verifier refuses the fixture proof for any other in-field value of any input.
    function testFuzz_RealVerifierRefusesAlteredInput(uint256 index, uint256 value) public {
        _publishFixtureRoots();
        index = bound(index, 0, tierInputs.length - 1);
        value = bound(value, 0, R - 1);
        vm.assume(value != tierInputs[index]);
        uint256[] memory inputs = _copy(tierInputs);
        inputs[index] = value;
        // An altered root is published too, so that the verifier, not the root check, refuses it.
        if (index == 0 && value != 0) _publish(TIER, value);
        if (index == 0 && value == 0) {
            vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.UnknownRoot.selector, TIER, 0));
        }
        vm.assertFalse(registry.verifyProof(TIER, tierProof, inputs), "altered input");
    }

    /// @dev A root superseded at `supersededAt` is valid exactly while `now < supersededAt + grace`,
    /// and verification agrees with `isValidRoot`.
    function testFuzz_RootGraceWindow(uint64 grace, uint32 publishedAfter, uint64 elapsed) public {
        vm.prank(ADMIN);
        registry.setRootGracePeriod(grace);
        _publish(SWITCH, 111);
        uint256 supersededAt = block.timestamp + publishedAfter;
        vm.warp(supersededAt);
        _publish(SWITCH, 222);
        elapsed = uint64(bound(elapsed, 0, 200 * 365 days));
        vm.warp(supersededAt + elapsed);

        bool valid = uint256(elapsed) < grace;
        vm.assertEq(registry.isValidRoot(SWITCH, 111), valid, "isValidRoot of the superseded root");
        vm.assertTrue(registry.isValidRoot(SWITCH, 222), "the current root");
        if (!valid) {
            vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.StaleRoot.selector, SWITCH, 111));
        }
        registry.verifyAndConsume(SWITCH, sanctionsProof, _switchInputs(111, 1));
        registry.verifyAndConsume(SWITCH, sanctionsProof, _switchInputs(222, 2));
    }

    /// @dev With roots published, a root never published for the circuit is unknown at any time.
    function testFuzz_RevertWhen_RootNeverPublished(uint256 root, uint64 later) public {
        root = bound(root, 0, R - 1);
        vm.assume(root != 111 && root != 222);
        _publish(SWITCH, 111);
        _publish(SWITCH, 222);
        vm.warp(block.timestamp + bound(later, 0, 10 * 365 days));
        vm.assertFalse(registry.isValidRoot(SWITCH, root), "never published");
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.UnknownRoot.selector, SWITCH, root));
        registry.verifyProof(SWITCH, sanctionsProof, _switchInputs(root, 1));
    }

    /// @dev Changing the grace period leaves the window of an already superseded root where it was, in
    /// both directions, and applies to the next root superseded.
    function testFuzz_GraceChangeIsNotRetroactive(uint64 before, uint64 after_, uint32 elapsed) public {
        vm.prank(ADMIN);
        registry.setRootGracePeriod(before);
        _publish(SWITCH, 111);
        _publish(SWITCH, 222);
        vm.prank(ADMIN);
        registry.setRootGracePeriod(after_);
        _publish(SWITCH, 333);
        vm.warp(block.timestamp + elapsed);
        vm.assertEq(registry.isValidRoot(SWITCH, 111), elapsed < before, "the period when it was superseded");
        vm.assertEq(registry.isValidRoot(SWITCH, 222), elapsed < after_, "the period in force for the next");
    }

    /// @dev A revoked root is stale from the revocation on, whatever its grace period had left.
    function testFuzz_RevokedRootIsStale(uint64 grace, uint32 revokedAfter, uint32 later) public {
        grace = uint64(bound(grace, 1, type(uint64).max));
        vm.prank(ADMIN);
        registry.setRootGracePeriod(grace);
        _publish(SWITCH, 111);
        _publish(SWITCH, 222);
        vm.warp(block.timestamp + bound(revokedAfter, 0, grace - 1));
        vm.prank(ORACLE);
        registry.revokeRoot(SWITCH, 111);
        vm.warp(block.timestamp + later);
        vm.assertFalse(registry.isValidRoot(SWITCH, 111), "revoked");
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.StaleRoot.selector, SWITCH, 111));
        registry.verifyProof(SWITCH, sanctionsProof, _switchInputs(111, 1));
        vm.assertTrue(
            registry.verifyProof(SWITCH, sanctionsProof, _switchInputs(222, 1)), "current unaffected"
        );
    }

    /// @dev A nullifier is consumed once per circuit and consumer: a replay by the same consumer
    /// reverts, while another caller's consumption (a front-runner's) leaves the consumer's namespace
    /// untouched.
    function testFuzz_NullifierConsumedOncePerConsumer(uint256 nullifier, address consumer, address other)
        public
    {
        _publishFixtureRoots();
        nullifier = bound(nullifier, 0, R - 1);
        vm.assume(consumer != other);
        vm.prank(other);
        registry.verifyAndConsume(SWITCH, sanctionsProof, _switchInputs(1, nullifier));
        vm.assertTrue(registry.isNullifierUsed(SWITCH, other, nullifier), "consumed by the other");
        vm.assertFalse(registry.isNullifierUsed(SWITCH, consumer, nullifier), "not by the consumer");

        vm.prank(consumer);
        registry.verifyAndConsume(SWITCH, sanctionsProof, _switchInputs(1, nullifier));
        vm.assertTrue(registry.isNullifierUsed(SWITCH, consumer, nullifier), "consumed by the consumer");
        vm.expectRevert(
            abi.encodeWithSelector(IZkVerifierRegistry.NullifierUsed.selector, SWITCH, consumer, nullifier)
        );
        vm.prank(consumer);
        registry.verifyAndConsume(SWITCH, sanctionsProof, _switchInputs(1, nullifier));
    }

    /// @dev A rejected proof never consumes its nullifier.
    function testFuzz_RejectedProofConsumesNothing(uint256 nullifier) public {
        _publishFixtureRoots();
        nullifier = bound(nullifier, 0, R - 1);
        switchVerifier.setAnswer(false);
        vm.expectRevert(abi.encodeWithSelector(IZkVerifierRegistry.InvalidProof.selector, SWITCH));
        registry.verifyAndConsume(SWITCH, sanctionsProof, _switchInputs(1, nullifier));
        vm.assertFalse(registry.isNullifierUsed(SWITCH, address(this), nullifier), "not consumed");
    }
}
