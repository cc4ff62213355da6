// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {GovernanceEmitter} from "../contracts/solidity/governance/GovernanceEmitter.sol";
import {DIDRegistry} from "../contracts/solidity/identity/DIDRegistry.sol";
import {Vm} from "../test/support/Vm.sol";

/// @title DeployGovernance
/// @notice Deploys the CHLOM suite (today: the GovernanceEmitter and the DIDRegistry) to any EVM chain.
/// @dev Run through `script/deploy.sh`, which records the result in deployments/<chainId>.json.
/// Environment: CHLOM_DEPLOYER_KEY (required), CHLOM_ADMIN and CHLOM_APPROVER (default: the deployer).
/// forge simulates unless `--broadcast` is given.
contract DeployGovernance {
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    /// @notice Deploys the suite; the approver also holds the registry's verifier role.
    function run() external returns (GovernanceEmitter emitter, DIDRegistry registry) {
        uint256 key = vm.envUint("CHLOM_DEPLOYER_KEY");
        address deployer = vm.addr(key);
        address admin = vm.envOr("CHLOM_ADMIN", deployer);
        address approver = vm.envOr("CHLOM_APPROVER", deployer);

        vm.startBroadcast(key);
        emitter = new GovernanceEmitter(admin, approver);
        registry = new DIDRegistry(admin, approver);
        vm.stopBroadcast();
    }
}
