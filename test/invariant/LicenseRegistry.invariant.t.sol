// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ILicenseRegistry} from "../../contracts/solidity/interfaces/ILicenseRegistry.sol";
import {LicenseFixture} from "../support/LicenseFixture.sol";
import {LicenseHandler} from "./handlers/LicenseHandler.sol";

/// @dev Longer sequences than the project default, so that licenses live through many calls (issue is
/// one selector of sixteen): 64 runs of 256 calls.
/// forge-config: default.invariant.runs = 64
/// forge-config: default.invariant.depth = 256
/// forge-config: ci.invariant.runs = 128
/// forge-config: ci.invariant.depth = 256
contract LicenseRegistryInvariantTest is LicenseFixture {
    LicenseHandler internal handler;

    function setUp() public override {
        _deployFixture();
        handler = new LicenseHandler(registry, dids);
        vm.label(address(handler), "LicenseHandler");
        bytes4[] memory selectors = new bytes4[](16);
        selectors[0] = LicenseHandler.issue.selector;
        selectors[1] = LicenseHandler.activate.selector;
        selectors[2] = LicenseHandler.suspend.selector;
        selectors[3] = LicenseHandler.reinstate.selector;
        selectors[4] = LicenseHandler.revoke.selector;
        selectors[5] = LicenseHandler.renew.selector;
        selectors[6] = LicenseHandler.setFrozen.selector;
        selectors[7] = LicenseHandler.sublicense.selector;
        selectors[8] = LicenseHandler.transfer.selector;
        selectors[9] = LicenseHandler.warp.selector;
        selectors[10] = LicenseHandler.recordCompliance.selector;
        selectors[11] = LicenseHandler.recordHolderRisk.selector;
        selectors[12] = LicenseHandler.toggleDid.selector;
        selectors[13] = LicenseHandler.setThreshold.selector;
        selectors[14] = LicenseHandler.recordExpiry.selector;
        selectors[15] = LicenseHandler.updateTerms.selector;
        targetSelector(address(handler), selectors);
        targetContract(address(handler));
    }

    /// @notice Every call succeeded exactly when the independent model of the lifecycle, the
    /// compliance gate, regions, royalties and expiries said it would.
    function invariant_CallsAgreeWithTheModel() public view {
        vm.assertEq(handler.mismatches(), 0, handler.lastMismatch());
    }

    /// @notice Every license's stored state only moved along the lifecycle table: checked on every call
    /// by the handler, and on the whole recorded history here.
    function invariant_StoredStateFollowsTheTransitionTable() public view {
        vm.assertEq(handler.illegalTransitions(), 0, "a call moved a stored state off the table");
        uint256 count = handler.idCount();
        for (uint256 i = 0; i < count; i++) {
            uint256 id = handler.ids(i);
            LicenseHandler.Ghost memory g = handler.ghost(id);
            ILicenseRegistry.StateChange[] memory history = registry.stateHistory(id);
            vm.assertEq(history.length, g.historyLength, "one history entry per modelled change");
            uint8 initial = g.parent == 0
                ? uint8(ILicenseRegistry.LicenseState.Draft)
                : uint8(ILicenseRegistry.LicenseState.Active);
            vm.assertEq(uint256(history[0].state), initial, "issuance entry");

            uint8 stored = uint8(history[0].state);
            bool expiredMarker = false;
            for (uint256 j = 1; j < history.length; j++) {
                vm.assertLe(history[j - 1].at, history[j].at, "history is in time order");
                uint8 next = uint8(history[j].state);
                if (next == uint8(ILicenseRegistry.LicenseState.Expired)) {
                    vm.assertFalse(expiredMarker, "an expiry is recorded once");
                    vm.assertTrue(
                        stored != uint8(ILicenseRegistry.LicenseState.Revoked), "revoked never expires"
                    );
                    expiredMarker = true;
                    continue;
                }
                if (expiredMarker) {
                    // Only a renewal follows a recorded expiry, and it restores the stored state.
                    vm.assertEq(next, stored, "renewal after a recorded expiry keeps the state");
                    expiredMarker = false;
                    continue;
                }
                vm.assertTrue(next != stored, "every stored entry is a change");
                vm.assertTrue(handler.allowedTransition(stored, next), "transition on the table");
                stored = next;
            }
            vm.assertEq(stored, g.stored, "last stored entry is the model's state");
            vm.assertEq(uint256(registry.stateOf(id)), handler.ghostState(id), "effective state");
        }
    }

    /// @notice Revoked is terminal.
    function invariant_RevokedNeverLeavesRevoked() public view {
        uint256 count = handler.idCount();
        for (uint256 i = 0; i < count; i++) {
            uint256 id = handler.ids(i);
            if (!handler.ghost(id).everRevoked) continue;
            vm.assertEq(
                uint256(registry.stateOf(id)), uint256(ILicenseRegistry.LicenseState.Revoked), "still revoked"
            );
            vm.assertFalse(registry.isUsable(id), "never usable again");
            vm.assertTrue(registry.getLicense(id).revokedBy != address(0), "revokedBy recorded");
        }
    }

    /// @notice No transfer (or sublicense) ever succeeded for a license that was not Active and usable
    /// at that moment.
    function invariant_NoTransferOfAnUnusableLicense() public view {
        vm.assertEq(handler.badTransfers(), 0, "an unusable license moved");
    }

    /// @notice isUsable matches the model (own state, freeze, expiry and the parent chain).
    function invariant_UsableMatchesTheModel() public view {
        uint256 count = handler.idCount();
        for (uint256 i = 0; i < count; i++) {
            uint256 id = handler.ids(i);
            vm.assertEq(registry.isUsable(id), handler.ghostUsable(id), "isUsable");
        }
    }

    /// @notice A child's royalty and expiry are at most its parent's at creation, and it sits one level
    /// below an original license.
    function invariant_ChildrenStayWithinTheirParent() public view {
        uint256 count = handler.idCount();
        for (uint256 i = 0; i < count; i++) {
            uint256 id = handler.ids(i);
            LicenseHandler.Ghost memory g = handler.ghost(id);
            if (g.parent == 0) continue;
            ILicenseRegistry.License memory child = registry.getLicense(id);
            ILicenseRegistry.License memory parent = registry.getLicense(g.parent);
            vm.assertEq(child.parentId, g.parent, "parentId");
            vm.assertEq(child.depth, 1, "depth");
            vm.assertEq(parent.depth, 0, "parent is an original");
            vm.assertLe(child.royaltyBps, g.parentRoyaltyAtCreation, "royalty <= parent's at creation");
            vm.assertLe(child.royaltyBps, parent.royaltyBps, "royalty <= parent's now");
            vm.assertLe(child.expiresAt, g.parentExpiryAtCreation, "expiry <= parent's at creation");
            vm.assertLe(child.expiresAt, parent.expiresAt, "expiry <= parent's now");
            vm.assertFalse(child.sublicensable, "children are not sublicensable");
            vm.assertEq(
                uint256(child.licenseType),
                uint256(ILicenseRegistry.LicenseType.Sublicense),
                "sublicense type"
            );
        }
    }

    /// @notice ERC-721 balances sum to the number of minted licenses, and every token is where the model
    /// put it.
    function invariant_BalancesSumToMinted() public view {
        address[7] memory accounts = handler.accounts();
        uint256 sum = 0;
        for (uint256 i = 0; i < accounts.length; i++) {
            sum += registry.balanceOf(accounts[i]);
        }
        vm.assertEq(sum, handler.minted(), "balances sum to minted");
        vm.assertEq(handler.minted(), handler.idCount(), "one id per mint");
        uint256 count = handler.idCount();
        for (uint256 i = 0; i < count; i++) {
            uint256 id = handler.ids(i);
            vm.assertEq(registry.ownerOf(id), handler.ghost(id).owner, "owner");
        }
    }

    /// @notice Per-issuer nonces count the ids issued, and the issuer index lists exactly them.
    function invariant_NoncesCountIssuance() public view {
        bytes32[5] memory issuers = [ISSUER_DID, ISSUER2_DID, HOLDER_DID, HOLDER2_DID, HOLDER3_DID];
        uint256 total = 0;
        for (uint256 i = 0; i < issuers.length; i++) {
            uint256 nonce = registry.nextNonce(issuers[i]);
            uint256[] memory issued = registry.licensesOfIssuer(issuers[i], 0, nonce);
            vm.assertEq(issued.length, nonce, "index length");
            for (uint256 j = 0; j < issued.length; j++) {
                vm.assertEq(registry.getLicense(issued[j]).issuerDid, issuers[i], "indexed under its issuer");
            }
            total += nonce;
        }
        vm.assertEq(total, handler.idCount(), "every license counted once");
    }
}
