// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {GovernanceEmitter} from "../../contracts/solidity/governance/GovernanceEmitter.sol";
import {IGovernanceEmitter} from "../../contracts/solidity/interfaces/IGovernanceEmitter.sol";
import {TestBase} from "../support/TestBase.sol";

contract GovernanceEmitterFuzzTest is TestBase {
    GovernanceEmitter internal emitter;

    address internal constant ADMIN = address(0xA11CE);
    address internal constant APPROVER = address(0xC0C11);

    function setUp() public {
        emitter = new GovernanceEmitter(ADMIN, APPROVER);
    }

    function testFuzz_EmitApproval_RecordsWhatWasApproved(
        bytes32 proposalId,
        bytes32 payloadHash,
        address executor
    ) public {
        vm.assume(executor != address(0));
        vm.prank(APPROVER);
        emitter.emitApproval(proposalId, abi.encodePacked(payloadHash), executor);

        IGovernanceEmitter.Approval memory approval = emitter.approvalOf(proposalId);
        vm.assertEq(approval.sequence, 1, "sequence");
        vm.assertEq(approval.executor, executor, "executor");
        vm.assertEq(approval.payloadHash, payloadHash, "payload hash");
        vm.assertEq(emitter.proposalAtSequence(1), proposalId, "reverse lookup");
    }

    function testFuzz_RevertWhen_PayloadHashLengthIsWrong(bytes calldata payloadHash) public {
        vm.assume(payloadHash.length != 32);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceEmitter.GovernanceInvalidPayloadHash.selector, payloadHash.length
            )
        );
        vm.prank(APPROVER);
        emitter.emitApproval(keccak256("p"), payloadHash, address(1));
    }

    function testFuzz_RevertWhen_CallerLacksRole(address caller) public {
        vm.assume(caller != APPROVER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, caller, emitter.APPROVER_ROLE()
            )
        );
        vm.prank(caller);
        emitter.emitApproval(keccak256("p"), abi.encodePacked(keccak256("h")), address(1));
    }

    function testFuzz_PublishPayload_HashMatchesEncoding(IGovernanceEmitter.ActionPayload calldata payload)
        public
    {
        vm.assume(payload.targetChainId != 0 && payload.target != address(0));
        bytes32 hash = emitter.publishPayload(payload);
        vm.assertEq(hash, keccak256(abi.encode(payload)), "hash of the ABI encoding");
        vm.assertEq(emitter.payloadPublishedAt(hash), block.number, "published in this block");
    }
}
