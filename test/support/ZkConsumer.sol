// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IZkVerifierRegistry} from "../../contracts/solidity/interfaces/IZkVerifierRegistry.sol";

/// @title ZkConsumer
/// @notice TEST APPLICATION: the smallest contract that accepts zero-knowledge proofs through the
/// registry. It calls `verifyAndConsume` itself, so it is the consumer: the nullifiers it consumes are
/// recorded in its own namespace. It does not check the scope; a real application would also require
/// its scope input to be application-specific (see {IZkVerifierRegistry}).
contract ZkConsumer {
    IZkVerifierRegistry public immutable registry;

    /// @notice How many proofs this application accepted.
    uint256 public accepted;

    constructor(IZkVerifierRegistry registry_) {
        registry = registry_;
    }

    /// @notice Accepts `proof` for `circuitId` once per nullifier; reverts as the registry does.
    function accept(bytes32 circuitId, uint256[8] calldata proof, uint256[] calldata publicInputs) external {
        require(registry.verifyAndConsume(circuitId, proof, publicInputs), "ZkConsumer: not verified");
        ++accepted;
    }
}
