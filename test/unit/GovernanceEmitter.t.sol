// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {GovernanceEmitter} from "../../contracts/solidity/governance/GovernanceEmitter.sol";
import {IGovernanceEmitter} from "../../contracts/solidity/interfaces/IGovernanceEmitter.sol";
import {TestBase} from "../support/TestBase.sol";

contract GovernanceEmitterTest is TestBase {
    GovernanceEmitter internal emitter;

    address internal constant ADMIN = address(0xA11CE);
    address internal constant APPROVER = address(0xC0C11);
    address internal constant EXECUTOR = address(0xE0E0);
    address internal constant STRANGER = address(0xBAD);
    bytes32 internal constant PROPOSAL = keccak256("proposal-1");
    bytes32 internal constant PAYLOAD_HASH = keccak256("payload-1");

    function setUp() public {
        emitter = new GovernanceEmitter(ADMIN, APPROVER);
    }

    function _payload() internal pure returns (IGovernanceEmitter.ActionPayload memory) {
        return IGovernanceEmitter.ActionPayload({
            targetChainId: 421_614,
            target: address(0x1234),
            // forge-lint: disable-next-line(unsafe-typecast)
            callData: abi.encodeWithSignature("suspendLicense(uint256,bytes32)", 7, bytes32("fraud")),
            nonce: 1,
            // forge-lint: disable-next-line(unsafe-typecast)
            regionTag: bytes32("EU")
        });
    }

    function test_EmitApproval_EmitsSequencedThenApproved() public {
        vm.expectEmit(address(emitter));
        emit IGovernanceEmitter.ApprovalSequenced(1, PROPOSAL);
        vm.expectEmit(address(emitter));
        emit IGovernanceEmitter.LicenseActionApproved(PROPOSAL, abi.encodePacked(PAYLOAD_HASH), EXECUTOR);

        vm.prank(APPROVER);
        emitter.emitApproval(PROPOSAL, abi.encodePacked(PAYLOAD_HASH), EXECUTOR);
    }

    function test_EmitApproval_RecordsApproval() public {
        vm.roll(42);
        vm.prank(APPROVER);
        emitter.emitApproval(PROPOSAL, abi.encodePacked(PAYLOAD_HASH), EXECUTOR);

        IGovernanceEmitter.Approval memory approval = emitter.approvalOf(PROPOSAL);
        vm.assertEq(approval.sequence, 1, "sequence");
        vm.assertEq(approval.blockNumber, 42, "block number");
        vm.assertEq(approval.executor, EXECUTOR, "executor");
        vm.assertEq(approval.payloadHash, PAYLOAD_HASH, "payload hash");
        vm.assertEq(emitter.sequenceOf(PROPOSAL), 1, "sequenceOf");
        vm.assertEq(emitter.proposalAtSequence(1), PROPOSAL, "proposalAtSequence");
        vm.assertEq(emitter.lastSequence(), 1, "lastSequence");
    }

    function test_EmitApproval_SequenceStartsAtOneAndIncrements() public {
        vm.assertEq(emitter.lastSequence(), 0, "no approval yet");
        vm.startPrank(APPROVER);
        for (uint256 i = 1; i <= 5; i++) {
            bytes32 id = keccak256(abi.encode(i));
            emitter.emitApproval(id, abi.encodePacked(PAYLOAD_HASH), EXECUTOR);
            vm.assertEq(emitter.sequenceOf(id), i, "sequence of the i-th approval");
        }
        vm.stopPrank();
        vm.assertEq(emitter.lastSequence(), 5, "lastSequence");
        vm.assertEq(emitter.proposalAtSequence(6), bytes32(0), "no sixth approval");
    }

    function test_RevertWhen_ProposalApprovedTwice() public {
        vm.startPrank(APPROVER);
        emitter.emitApproval(PROPOSAL, abi.encodePacked(PAYLOAD_HASH), EXECUTOR);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceEmitter.GovernanceProposalAlreadyApproved.selector, PROPOSAL, 1)
        );
        emitter.emitApproval(PROPOSAL, abi.encodePacked(keccak256("other")), EXECUTOR);
        vm.stopPrank();
        vm.assertEq(emitter.lastSequence(), 1, "the duplicate took no sequence number");
    }

    function test_RevertWhen_CallerIsNotApprover() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, emitter.APPROVER_ROLE()
            )
        );
        vm.prank(STRANGER);
        emitter.emitApproval(PROPOSAL, abi.encodePacked(PAYLOAD_HASH), EXECUTOR);
    }

    function test_RevertWhen_AdminIsNotApprover() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, ADMIN, emitter.APPROVER_ROLE()
            )
        );
        vm.prank(ADMIN);
        emitter.emitApproval(PROPOSAL, abi.encodePacked(PAYLOAD_HASH), EXECUTOR);
    }

    function test_RevertWhen_ExecutorIsZero() public {
        vm.expectRevert(IGovernanceEmitter.GovernanceInvalidExecutor.selector);
        vm.prank(APPROVER);
        emitter.emitApproval(PROPOSAL, abi.encodePacked(PAYLOAD_HASH), address(0));
    }

    function test_RevertWhen_PayloadHashIsEmpty() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernanceEmitter.GovernanceInvalidPayloadHash.selector, 0));
        vm.prank(APPROVER);
        emitter.emitApproval(PROPOSAL, "", EXECUTOR);
    }

    function test_RevertWhen_PayloadHashIsNotADigest() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernanceEmitter.GovernanceInvalidPayloadHash.selector, 33));
        vm.prank(APPROVER);
        emitter.emitApproval(PROPOSAL, abi.encodePacked(PAYLOAD_HASH, uint8(1)), EXECUTOR);
    }

    function test_RevertWhen_AdminIsZero() public {
        vm.expectRevert(IGovernanceEmitter.GovernanceInvalidAdmin.selector);
        new GovernanceEmitter(address(0), APPROVER);
    }

    function test_GrantRole_AdminAddsApprover() public {
        bytes32 role = emitter.APPROVER_ROLE();
        vm.prank(ADMIN);
        emitter.grantRole(role, STRANGER);
        vm.prank(STRANGER);
        emitter.emitApproval(PROPOSAL, abi.encodePacked(PAYLOAD_HASH), EXECUTOR);
        vm.assertEq(emitter.lastSequence(), 1, "new approver approved");
    }

    function test_PublishPayload_RecordsBlockAndEmitsEncoding() public {
        IGovernanceEmitter.ActionPayload memory payload = _payload();
        bytes memory encoded = abi.encode(payload);
        vm.roll(9);
        vm.expectEmit(address(emitter));
        emit IGovernanceEmitter.ActionPayloadPublished(keccak256(encoded), encoded);
        vm.prank(STRANGER);
        bytes32 hash = emitter.publishPayload(payload);

        vm.assertEq(hash, keccak256(encoded), "hash is keccak256(abi.encode(payload))");
        vm.assertEq(emitter.hashPayload(payload), hash, "hashPayload agrees");
        vm.assertEq(emitter.payloadPublishedAt(hash), 9, "first publication block");

        vm.roll(10);
        emitter.publishPayload(payload);
        vm.assertEq(emitter.payloadPublishedAt(hash), 9, "republishing keeps the first block");
    }

    function test_RevertWhen_PayloadHasNoTarget() public {
        IGovernanceEmitter.ActionPayload memory payload = _payload();
        payload.target = address(0);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceEmitter.GovernanceInvalidPayload.selector, 421_614, address(0))
        );
        emitter.publishPayload(payload);
    }

    function test_RevertWhen_PayloadHasNoChain() public {
        IGovernanceEmitter.ActionPayload memory payload = _payload();
        payload.targetChainId = 0;
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceEmitter.GovernanceInvalidPayload.selector, 0, address(0x1234))
        );
        emitter.publishPayload(payload);
    }

    function test_EmitApprovalWithPayload_PublishesAndApproves() public {
        IGovernanceEmitter.ActionPayload memory payload = _payload();
        bytes32 expected = keccak256(abi.encode(payload));
        vm.recordLogs();
        vm.prank(APPROVER);
        bytes32 hash = emitter.emitApprovalWithPayload(PROPOSAL, payload, EXECUTOR);

        vm.assertEq(hash, expected, "returned hash");
        vm.assertEq(emitter.approvalOf(PROPOSAL).payloadHash, expected, "approval carries the hash");
        vm.assertEq(emitter.payloadPublishedAt(expected), block.number, "payload published");
        vm.assertEq(vm.getRecordedLogs().length, 3, "published, sequenced, approved");
    }

    function test_RevertWhen_StrangerApprovesWithPayload() public {
        IGovernanceEmitter.ActionPayload memory payload = _payload();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, emitter.APPROVER_ROLE()
            )
        );
        vm.prank(STRANGER);
        emitter.emitApprovalWithPayload(PROPOSAL, payload, EXECUTOR);
    }
}
