// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ZkVerifierRegistry} from "../../contracts/solidity/zk/ZkVerifierRegistry.sol";
import {LicenseTierVerifier} from "../../contracts/solidity/zk/generated/LicenseTierVerifier.sol";
import {SanctionsCleanVerifier} from "../../contracts/solidity/zk/generated/SanctionsCleanVerifier.sol";
import {TestBase} from "./TestBase.sol";
import {SwitchVerifier} from "./ZkVerifierDoubles.sol";

/// @title ZkFixture
/// @notice A registry with the real generated verifiers (SanctionsClean: root, scope, nullifier;
/// LicenseTier: root, k, scope, nullifier) registered, their proof fixtures from test/fixtures/zk/, and
/// a {SwitchVerifier} test double registered as a third circuit for the paths that need a verifier
/// answering true or false on demand.
abstract contract ZkFixture is TestBase {
    ZkVerifierRegistry internal registry;
    SanctionsCleanVerifier internal sanctionsVerifier;
    LicenseTierVerifier internal tierVerifier;
    SwitchVerifier internal switchVerifier;

    address internal constant ADMIN = address(0xA11CE);
    address internal constant CIRCUIT_ADMIN = address(0xC1C);
    address internal constant ORACLE = address(0x0AC1E);
    address internal constant STRANGER = address(0xBAD);

    bytes32 internal constant SANCTIONS = keccak256("CHLOM_SANCTIONS_CLEAN_V1");
    bytes32 internal constant TIER = keccak256("CHLOM_LICENSE_TIER_V1");
    bytes32 internal constant SWITCH = keccak256("TEST_DOUBLE_SWITCH");

    uint256 internal constant R =
        21_888_242_871_839_275_222_246_405_745_257_275_088_548_364_400_416_034_343_698_204_186_575_808_495_617;
    uint256 internal constant Q =
        21_888_242_871_839_275_222_246_405_745_257_275_088_696_311_157_297_823_662_689_037_894_645_226_208_583;

    uint256[8] internal sanctionsProof;
    uint256[] internal sanctionsInputs;
    uint256[8] internal tierProof;
    uint256[] internal tierInputs;

    function setUp() public virtual {
        registry = new ZkVerifierRegistry(ADMIN, CIRCUIT_ADMIN, ORACLE);
        sanctionsVerifier = new SanctionsCleanVerifier();
        tierVerifier = new LicenseTierVerifier();
        switchVerifier = new SwitchVerifier(3);

        vm.startPrank(CIRCUIT_ADMIN);
        registry.registerCircuit(SANCTIONS, address(sanctionsVerifier));
        registry.registerCircuit(TIER, address(tierVerifier));
        registry.registerCircuit(SWITCH, address(switchVerifier));
        vm.stopPrank();

        (sanctionsProof, sanctionsInputs) = _readFixture("sanctions_clean.json");
        (tierProof, tierInputs) = _readFixture("license_tier.json");
    }

    /// @dev The proof (8 words) and public inputs of test/fixtures/zk/`name`.
    function _readFixture(string memory name)
        internal
        view
        returns (uint256[8] memory proof, uint256[] memory inputs)
    {
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/zk/", name));
        uint256[] memory words = vm.parseJsonUintArray(json, ".proof");
        require(words.length == 8, "fixture: a proof has 8 words");
        for (uint256 i; i < 8; ++i) {
            proof[i] = words[i];
        }
        inputs = vm.parseJsonUintArray(json, ".publicInputs");
    }

    /// @dev Three public inputs for the switch double: `root`, a scope, `nullifier`.
    function _switchInputs(uint256 root, uint256 nullifier) internal pure returns (uint256[] memory inputs) {
        inputs = new uint256[](3);
        inputs[0] = root;
        inputs[1] = 7;
        inputs[2] = nullifier;
    }

    /// @dev The root the switch double's proofs are made against once published.
    uint256 internal constant SWITCH_ROOT = 1;

    /// @dev Publishes the fixtures' roots and {SWITCH_ROOT}: verification fails closed until a circuit
    /// has a root, so every test that verifies calls this (or publishes its own roots) first.
    function _publishFixtureRoots() internal {
        _publish(SANCTIONS, sanctionsInputs[0]);
        _publish(TIER, tierInputs[0]);
        _publish(SWITCH, SWITCH_ROOT);
    }

    function _publish(bytes32 circuitId, uint256 root) internal {
        vm.prank(ORACLE);
        registry.publishRoot(circuitId, root);
    }

    function _copy(uint256[] memory values) internal pure returns (uint256[] memory copy) {
        copy = new uint256[](values.length);
        for (uint256 i; i < values.length; ++i) {
            copy[i] = values[i];
        }
    }
}
