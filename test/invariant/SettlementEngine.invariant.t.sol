// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ISettlementEngine} from "../../contracts/solidity/interfaces/ISettlementEngine.sol";
import {SettlementFixture} from "../support/SettlementFixture.sol";
import {SettlementHandler} from "./handlers/SettlementHandler.sol";

/// @dev 64 runs of 128 calls: enough for grants to vest, epochs to pass and holds to fill.
/// forge-config: default.invariant.runs = 64
/// forge-config: default.invariant.depth = 128
/// forge-config: ci.invariant.runs = 128
/// forge-config: ci.invariant.depth = 256
contract SettlementEngineInvariantTest is SettlementFixture {
    SettlementHandler internal handler;

    function setUp() public override {
        _deployFixture();
        handler = new SettlementHandler(engine, token);
        vm.label(address(handler), "SettlementHandler");
        bytes4[] memory selectors = new bytes4[](16);
        // Settlements weigh most: four of sixteen.
        selectors[0] = SettlementHandler.settle.selector;
        selectors[1] = SettlementHandler.settle.selector;
        selectors[2] = SettlementHandler.settle.selector;
        selectors[3] = SettlementHandler.settle.selector;
        selectors[4] = SettlementHandler.replay.selector;
        selectors[5] = SettlementHandler.withdraw.selector;
        selectors[6] = SettlementHandler.withdraw.selector;
        selectors[7] = SettlementHandler.setHold.selector;
        selectors[8] = SettlementHandler.releaseHold.selector;
        selectors[9] = SettlementHandler.createGrant.selector;
        selectors[10] = SettlementHandler.claim.selector;
        selectors[11] = SettlementHandler.revoke.selector;
        selectors[12] = SettlementHandler.setFee.selector;
        selectors[13] = SettlementHandler.togglePause.selector;
        selectors[14] = SettlementHandler.closeEpoch.selector;
        selectors[15] = SettlementHandler.warp.selector;
        targetSelector(address(handler), selectors);
        targetContract(address(handler));
    }

    function _assets() internal view returns (address[2] memory) {
        return [ETH, address(token)];
    }

    /// @notice Every call succeeded or failed exactly as the model predicted, with the amounts it
    /// predicted (settlement totals, withdrawals, claims, revocations, grants, epoch roots).
    function invariant_CallsAgreeWithTheModel() public view {
        vm.assertEq(handler.mismatches(), 0, handler.lastMismatch());
    }

    /// @notice Value conservation, per asset: what the engine holds is exactly the sum of every
    /// outstanding credit, every license's escrow and every grant's unclaimed funds, and exactly what
    /// entered it less what was withdrawn. Nothing is created or lost.
    function invariant_ValueIsConserved() public view {
        address[] memory accounts = handler.accounts();
        address[2] memory assets = _assets();
        uint256 grants = handler.grantCount();
        for (uint256 a = 0; a < assets.length; a++) {
            address asset = assets[a];
            uint256 owed;
            for (uint256 i = 0; i < accounts.length; i++) {
                owed += engine.creditOf(asset, accounts[i]);
            }
            for (uint256 licenseId = 1; licenseId <= handler.licenses(); licenseId++) {
                owed += engine.escrowOf(licenseId, asset);
            }
            for (uint256 id = 1; id <= grants; id++) {
                ISettlementEngine.Grant memory grant = engine.grantOf(id);
                if (grant.token == asset) owed += grant.total - grant.claimed;
            }
            uint256 held = _balanceOf(asset, address(engine));
            vm.assertEq(held, owed, "engine balance = credits + escrow + unclaimed grants");
            vm.assertEq(
                held,
                handler.ghostDeposited(asset) - handler.ghostWithdrawnTotal(asset),
                "engine balance = deposited - withdrawn"
            );
        }
        vm.assertEq(engine.grantOf(grants + 1).beneficiary, address(0), "no grant the model does not know");
    }

    /// @notice No account was credited more (or less) than settlements, claims, releases and
    /// revocations paid it, less what it withdrew; no withdrawal, claim or revocation paid more than
    /// the model allowed.
    function invariant_CreditsMatchTheLedger() public view {
        address[] memory accounts = handler.accounts();
        address[2] memory assets = _assets();
        for (uint256 a = 0; a < assets.length; a++) {
            for (uint256 i = 0; i < accounts.length; i++) {
                vm.assertEq(
                    engine.creditOf(assets[a], accounts[i]),
                    handler.ghostCredit(assets[a], accounts[i]),
                    "credit = paid - withdrawn"
                );
                vm.assertLe(
                    handler.ghostWithdrawn(assets[a], accounts[i]),
                    handler.ghostPaid(assets[a], accounts[i]),
                    "never withdrew more than it was paid"
                );
            }
        }
        vm.assertEq(handler.overpaid(), 0, "a payout above the model's");
        vm.assertEq(engine.creditOf(ETH, SETTLER), 0, "the settler is never credited");
        vm.assertEq(engine.creditOf(ETH, STRANGER), 0, "a stranger is never credited");
    }

    /// @notice Escrow and holds are what the model booked.
    function invariant_EscrowAndHoldsMatchTheLedger() public view {
        address[2] memory assets = _assets();
        for (uint256 licenseId = 1; licenseId <= handler.licenses(); licenseId++) {
            vm.assertEq(
                engine.holdOf(licenseId).outstanding, handler.ghostHold(licenseId), "hold outstanding"
            );
            for (uint256 a = 0; a < assets.length; a++) {
                vm.assertEq(
                    engine.escrowOf(licenseId, assets[a]), handler.ghostEscrow(licenseId, assets[a]), "escrow"
                );
            }
        }
    }

    /// @notice Every grant is the model's: total, claimed, revocation, and what it lets its
    /// beneficiary claim now; claims never exceed the total.
    function invariant_GrantsMatchTheLedger() public view {
        uint256 grants = handler.grantCount();
        for (uint256 id = 1; id <= grants; id++) {
            ISettlementEngine.Grant memory grant = engine.grantOf(id);
            SettlementHandler.GhostGrant memory ghost = handler.ghostGrant(id);
            vm.assertEq(grant.total, ghost.total, "grant total");
            vm.assertEq(grant.claimed, ghost.claimed, "grant claimed");
            vm.assertEq(grant.revoked, ghost.revoked, "grant revoked");
            vm.assertEq(grant.beneficiary, ghost.beneficiary, "grant beneficiary");
            vm.assertLe(grant.claimed, grant.total, "claimed <= total");
            vm.assertLe(engine.claimable(id), grant.total - grant.claimed, "claimable <= unclaimed");
        }
    }

    /// @notice A paused engine never settled.
    function invariant_PausedEngineNeverSettled() public view {
        vm.assertEq(handler.settledWhilePaused(), 0, "settled while paused");
        vm.assertEq(engine.paused(), handler.ghostPaused(), "pause state");
    }

    /// @notice Every txid settled at most once, and every settled one is marked.
    function invariant_EveryTxidSettlesAtMostOnce() public view {
        vm.assertEq(handler.replaysAccepted(), 0, "a replay was accepted");
        uint256 count = handler.txidCount();
        for (uint256 i = 0; i < count; i++) {
            bytes32 txid = handler.txids(i);
            vm.assertEq(handler.settledCount(txid), 1, "settled once");
            vm.assertTrue(engine.isSettled(txid), "marked settled");
        }
    }
}
