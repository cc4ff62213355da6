// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {GovernanceEmitter} from "../../contracts/solidity/governance/GovernanceEmitter.sol";
import {TestBase} from "../support/TestBase.sol";
import {GovernanceEmitterHandler} from "./handlers/GovernanceEmitterHandler.sol";

contract GovernanceEmitterInvariantTest is TestBase {
    GovernanceEmitter internal emitter;
    GovernanceEmitterHandler internal handler;

    function setUp() public {
        emitter = new GovernanceEmitter(address(this), address(0));
        handler = new GovernanceEmitterHandler(emitter, address(0xC0C11));
        emitter.grantRole(emitter.APPROVER_ROLE(), address(0xC0C11));

        bytes4[] memory selectors = new bytes4[](2);
        selectors[0] = GovernanceEmitterHandler.approveNew.selector;
        selectors[1] = GovernanceEmitterHandler.approveAgain.selector;
        targetSelector(address(handler), selectors);
        targetContract(address(handler));
    }

    /// @notice The sequence grew by exactly one per successful approval.
    function invariant_SequenceCountsApprovals() public view {
        vm.assertEq(emitter.lastSequence(), handler.ghostApprovals(), "lastSequence == approvals");
        vm.assertEq(handler.ghostSequenceSteps(), handler.ghostApprovals(), "each approval stepped by one");
    }

    /// @notice No proposal was approved twice, and every sequence number maps back to its proposal.
    function invariant_EachProposalApprovedOnce() public view {
        uint256 count = handler.approvedCount();
        vm.assertEq(count, emitter.lastSequence(), "one sequence number per distinct proposal");
        for (uint256 i = 0; i < count; i++) {
            bytes32 id = handler.approvedIds(i);
            uint64 sequence = emitter.sequenceOf(id);
            vm.assertEq(sequence, i + 1, "sequence in approval order");
            vm.assertEq(emitter.proposalAtSequence(sequence), id, "reverse lookup");
        }
    }
}
