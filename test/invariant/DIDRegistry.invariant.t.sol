// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DIDRegistry} from "../../contracts/solidity/identity/DIDRegistry.sol";
import {IDIDRegistry} from "../../contracts/solidity/interfaces/IDIDRegistry.sol";
import {TestBase} from "../support/TestBase.sol";
import {DIDRegistryHandler} from "./handlers/DIDRegistryHandler.sol";

contract DIDRegistryInvariantTest is TestBase {
    DIDRegistry internal registry;
    DIDRegistryHandler internal handler;

    function setUp() public {
        registry = new DIDRegistry(address(this), address(0xFE11));
        handler = new DIDRegistryHandler(registry, address(0xFE11));
        bytes4[] memory selectors = new bytes4[](4);
        selectors[0] = DIDRegistryHandler.register.selector;
        selectors[1] = DIDRegistryHandler.setStatus.selector;
        selectors[2] = DIDRegistryHandler.rotate.selector;
        selectors[3] = DIDRegistryHandler.updateCommitment.selector;
        targetSelector(address(handler), selectors);
        targetContract(address(handler));
    }

    /// @notice Every registered DID is controlled by the account whose reverse lookup names it.
    function invariant_ControllerAndDIDAgree() public view {
        for (uint256 i = 0; i < handler.didCount(); i++) {
            bytes32 didHash = handler.dids(i);
            IDIDRegistry.DIDRecord memory record = registry.getDID(didHash);
            vm.assertTrue(record.status != IDIDRegistry.Status.None, "registered DIDs have a status");
            vm.assertEq(registry.didOf(record.controller), didHash, "didOf(controller) is the DID");
        }
    }

    /// @notice Revoked is terminal.
    function invariant_RevokedStaysRevoked() public view {
        for (uint256 i = 0; i < handler.didCount(); i++) {
            bytes32 didHash = handler.dids(i);
            if (handler.everRevoked(didHash)) {
                vm.assertEq(
                    uint256(registry.getDID(didHash).status), uint256(IDIDRegistry.Status.Revoked), "terminal"
                );
            }
        }
    }

    /// @notice Only a Valid DID is in good standing.
    function invariant_GoodStandingMeansValid() public view {
        for (uint256 i = 0; i < handler.didCount(); i++) {
            bytes32 didHash = handler.dids(i);
            bool valid = registry.getDID(didHash).status == IDIDRegistry.Status.Valid;
            vm.assertEq(registry.isInGoodStanding(didHash), valid, "good standing iff valid");
        }
    }
}
