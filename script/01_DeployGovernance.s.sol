// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {GovernanceEmitter} from "../contracts/solidity/governance/GovernanceEmitter.sol";
import {DIDRegistry} from "../contracts/solidity/identity/DIDRegistry.sol";
import {DLAEnforcement} from "../contracts/solidity/enforcement/DLAEnforcement.sol";
import {SettlementEngine} from "../contracts/solidity/settlement/SettlementEngine.sol";
import {Vm} from "../test/support/Vm.sol";

/// @notice The cheatcodes this script needs beyond `test/support/Vm.sol`, with forge's signatures.
interface VmScript {
    function getCode(string calldata artifactPath) external view returns (bytes memory creationBytecode);
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256);
}

/// @title DeployGovernance
/// @notice Deploys the CHLOM suite (today: the GovernanceEmitter, the DIDRegistry, the
/// LicenseRegistry, the SettlementEngine and the DLAEnforcement) to any EVM chain.
/// @dev Run through `script/deploy.sh`, which records the result in deployments/<chainId>.json.
/// Environment: CHLOM_DEPLOYER_KEY (required), CHLOM_ADMIN and CHLOM_APPROVER (default: the deployer),
/// CHLOM_EPOCH_SECONDS (the settlement engine's epoch length; default 86,400, one day).
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
    /// @dev The settlement engine's epoch length when CHLOM_EPOCH_SECONDS is not set: one day.
    uint256 internal constant DEFAULT_EPOCH_SECONDS = 86_400;

    /// @notice The license registry's creation reverted.
    error LicenseRegistryNotCreated();

    /// @notice CHLOM_EPOCH_SECONDS is zero or does not fit in a uint64.
    error EpochSecondsInvalid(uint256 epochSeconds);

    /// @notice Deploys the suite. The approver also holds the DID registry's verifier role, the
    /// license registry's issuer, compliance and enforcement roles, the settlement engine's
    /// settler, graph, tax, enforcement and pauser roles and the DLA enforcement contract's
    /// triage, investigator and council roles, until governance names others. The DLA holds
    /// `ENFORCEMENT_ROLE` in the license registry and in the settlement engine.
    /// @dev The license registry's, the settlement engine's and the DLA's constructors grant only
    /// the admin role, so the deployer takes it first, grants the other roles, and hands the admin
    /// role to `CHLOM_ADMIN` when that is another account (grant, then renounce its own); the
    /// engine's wallets and the DLA's treasury, which their constructors set to their admin, are
    /// handed over first. Every contract is created before the role calls, in the order and with
    /// the calls `chlom deploy` sends.
    function run()
        external
        returns (
            GovernanceEmitter emitter,
            DIDRegistry registry,
            IAccessControl licenses,
            SettlementEngine engine,
            DLAEnforcement dla
        )
    {
        uint256 key = vm.envUint("CHLOM_DEPLOYER_KEY");
        address deployer = vm.addr(key);
        address admin = vm.envOr("CHLOM_ADMIN", deployer);
        address approver = vm.envOr("CHLOM_APPROVER", deployer);
        uint256 epochSeconds = VmScript(address(vm)).envOr("CHLOM_EPOCH_SECONDS", DEFAULT_EPOCH_SECONDS);
        if (epochSeconds == 0 || epochSeconds > type(uint64).max) revert EpochSecondsInvalid(epochSeconds);
        bytes memory licensesCode = VmScript(address(vm)).getCode("LicenseRegistry.sol:LicenseRegistry");

        vm.startBroadcast(key);
        emitter = new GovernanceEmitter(admin, approver);
        registry = new DIDRegistry(admin, approver);
        licenses = IAccessControl(_create(abi.encodePacked(licensesCode, abi.encode(deployer, registry))));
        // casting to uint64 is safe because run() reverted above when epochSeconds does not fit
        // forge-lint: disable-next-line(unsafe-typecast)
        engine = new SettlementEngine(deployer, uint64(epochSeconds));
        dla = new DLAEnforcement(deployer, address(registry), address(licenses), address(engine));

        licenses.grantRole(ISSUER_ROLE, approver);
        licenses.grantRole(COMPLIANCE_ROLE, approver);
        licenses.grantRole(ENFORCEMENT_ROLE, approver);
        licenses.grantRole(ENFORCEMENT_ROLE, address(dla));
        _handOver(licenses, deployer, admin);

        engine.grantRole(engine.SETTLER_ROLE(), approver);
        engine.grantRole(engine.GRAPH_ROLE(), approver);
        engine.grantRole(engine.TAX_ROLE(), approver);
        engine.grantRole(engine.ENFORCEMENT_ROLE(), approver);
        engine.grantRole(engine.PAUSER_ROLE(), approver);
        engine.grantRole(engine.ENFORCEMENT_ROLE(), address(dla));
        if (admin != deployer) {
            engine.setFee(0, admin);
            engine.setSustainability(engine.MIN_SUSTAINABILITY_BPS(), admin);
            engine.setCommunityPool(admin);
        }
        _handOver(IAccessControl(address(engine)), deployer, admin);

        dla.grantRole(dla.TRIAGE_ROLE(), approver);
        dla.grantRole(dla.INVESTIGATOR_ROLE(), approver);
        dla.grantRole(dla.COUNCIL_ROLE(), approver);
        if (admin != deployer) dla.setTreasury(admin);
        _handOver(IAccessControl(address(dla)), deployer, admin);
        vm.stopBroadcast();
    }

    /// @dev When `admin` is not the deployer: the admin role of `target` granted to it, then
    /// renounced by the deployer.
    function _handOver(IAccessControl target, address deployer, address admin) private {
        if (admin == deployer) return;
        target.grantRole(DEFAULT_ADMIN_ROLE, admin);
        target.renounceRole(DEFAULT_ADMIN_ROLE, deployer);
    }

    /// @dev CREATE with `initcode`, broadcast like `new`.
    function _create(bytes memory initcode) private returns (address created) {
        assembly ("memory-safe") {
            created := create(0, add(initcode, 0x20), mload(initcode))
        }
        if (created == address(0)) revert LicenseRegistryNotCreated();
    }
}
