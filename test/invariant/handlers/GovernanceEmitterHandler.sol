// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {GovernanceEmitter} from "../../../contracts/solidity/governance/GovernanceEmitter.sol";
import {TestBase} from "../../support/TestBase.sol";

/// @notice Drives the emitter through approvals (fresh and repeated ids) and tracks what the
/// invariants compare against: the ghost count of successful approvals and every id approved.
contract GovernanceEmitterHandler is TestBase {
    GovernanceEmitter public immutable emitter;
    address public immutable approver;

    uint256 public ghostApprovals;
    uint256 public ghostRejectedDuplicates;
    uint256 public ghostSequenceSteps;
    bytes32[] public approvedIds;
    mapping(bytes32 => bool) public seen;

    constructor(GovernanceEmitter emitter_, address approver_) {
        emitter = emitter_;
        approver = approver_;
    }

    /// @notice Approves a new proposal id derived from `seed`.
    function approveNew(uint256 seed, address executor) external {
        if (executor == address(0)) executor = address(1);
        bytes32 id = keccak256(abi.encode("new", seed, approvedIds.length));
        if (seen[id]) return;
        uint64 before = emitter.lastSequence();
        vm.prank(approver);
        emitter.emitApproval(id, abi.encodePacked(keccak256(abi.encode(seed))), executor);
        if (emitter.lastSequence() == before + 1) ghostSequenceSteps++;
        seen[id] = true;
        approvedIds.push(id);
        ghostApprovals++;
    }

    /// @notice Tries to approve an id that was approved before; the emitter must refuse.
    function approveAgain(uint256 index) external {
        if (approvedIds.length == 0) return;
        bytes32 id = approvedIds[bound(index, 0, approvedIds.length - 1)];
        vm.prank(approver);
        try emitter.emitApproval(id, abi.encodePacked(bytes32(uint256(1))), address(1)) {
            // Recorded so that the invariant fails: a proposal approved twice.
            ghostApprovals += 1_000_000;
        } catch {
            ghostRejectedDuplicates++;
        }
    }

    /// @notice Number of distinct proposals approved.
    function approvedCount() external view returns (uint256) {
        return approvedIds.length;
    }
}
