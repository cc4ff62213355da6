// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {GovernanceEmitter} from "../contracts/solidity/governance/GovernanceEmitter.sol";
import {DIDRegistry} from "../contracts/solidity/identity/DIDRegistry.sol";
import {Vm} from "../test/support/Vm.sol";

/// @notice The one cheatcode this script needs beyond `test/support/Vm.sol`, with forge's signature.
interface VmArtifacts {
    function getCode(string calldata artifactPath) external view returns (bytes memory creationBytecode);
}

/// @title DeployGovernance
/// @notice Deploys the CHLOM suite (today: the GovernanceEmitter, the DIDRegistry and the
/// LicenseRegistry) to any EVM chain.
/// @dev Run through `script/deploy.sh`, which records the result in deployments/<chainId>.json.
/// Environment: CHLOM_DEPLOYER_KEY (required), CHLOM_ADMIN and CHLOM_APPROVER (default: the deployer).
/// forge simulates unless `--broadcast` is given.
///
/// The LicenseRegistry is created from its artifact (`getCode`) rather than with `new`: it compiles
/// at 2,000 optimizer runs to fit EIP-170 (see foundry.toml), and importing it here would compile
/// this script, and with it the emitter and the DID registry, at 2,000 runs too, so that they would
/// differ from the committed artifacts that `chlom deploy` sends.
contract DeployGovernance {
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    /// @dev `LicenseRegistry.ISSUER_ROLE`, `COMPLIANCE_ROLE` and `ENFORCEMENT_ROLE`.
    bytes32 internal constant ISSUER_ROLE = keccak256("CHLOM_ISSUER_ROLE");
    bytes32 internal constant COMPLIANCE_ROLE = keccak256("CHLOM_COMPLIANCE_ROLE");
    bytes32 internal constant ENFORCEMENT_ROLE = keccak256("CHLOM_ENFORCEMENT_ROLE");
    /// @dev OpenZeppelin AccessControl's admin role.
    bytes32 internal constant DEFAULT_ADMIN_ROLE = 0x00;

    /// @notice The license registry's creation reverted.
    error LicenseRegistryNotCreated();

    /// @notice Deploys the suite. The approver also holds the DID registry's verifier role and the
    /// license registry's issuer, compliance and enforcement roles, until governance names others.
    /// @dev The license registry's constructor grants only the admin role, so the deployer takes it
    /// first, grants the three roles, and hands the admin role to `CHLOM_ADMIN` when that is
    /// another account (grant, then renounce its own).
    function run()
        external
        returns (GovernanceEmitter emitter, DIDRegistry registry, IAccessControl licenses)
    {
        uint256 key = vm.envUint("CHLOM_DEPLOYER_KEY");
        address deployer = vm.addr(key);
        address admin = vm.envOr("CHLOM_ADMIN", deployer);
        address approver = vm.envOr("CHLOM_APPROVER", deployer);
        bytes memory licensesCode = VmArtifacts(address(vm)).getCode("LicenseRegistry.sol:LicenseRegistry");

        vm.startBroadcast(key);
        emitter = new GovernanceEmitter(admin, approver);
        registry = new DIDRegistry(admin, approver);
        licenses = IAccessControl(_create(abi.encodePacked(licensesCode, abi.encode(deployer, registry))));
        licenses.grantRole(ISSUER_ROLE, approver);
        licenses.grantRole(COMPLIANCE_ROLE, approver);
        licenses.grantRole(ENFORCEMENT_ROLE, approver);
        if (admin != deployer) {
            licenses.grantRole(DEFAULT_ADMIN_ROLE, admin);
            licenses.renounceRole(DEFAULT_ADMIN_ROLE, deployer);
        }
        vm.stopBroadcast();
    }

    /// @dev CREATE with `initcode`, broadcast like `new`.
    function _create(bytes memory initcode) private returns (address created) {
        assembly ("memory-safe") {
            created := create(0, add(initcode, 0x20), mload(initcode))
        }
        if (created == address(0)) revert LicenseRegistryNotCreated();
    }
}
