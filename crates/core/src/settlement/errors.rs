//! The settlement engine's custom errors, as in `ISettlementEngine.sol` (and the OpenZeppelin errors
//! the engine can raise), so that the Stylus engine reverts with the same bytes as the Solidity one
//! and tests can decode either.

#![allow(missing_docs)] // the sol! macro generates undocumented items; each error is documented in ISettlementEngine.sol

alloy_sol_types::sol! {
    #[derive(Debug, PartialEq, Eq)]
    error TxidAlreadySettled(bytes32 txid);
    #[derive(Debug, PartialEq, Eq)]
    error GraphMismatch(bytes32 graphId);
    #[derive(Debug, PartialEq, Eq)]
    error GraphExists(bytes32 graphId);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidGraph(uint256 index);
    #[derive(Debug, PartialEq, Eq)]
    error FloorsExceedAvailable(uint256 index, uint128 floor, uint256 available);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidAmount(uint256 amount, uint256 value);
    #[derive(Debug, PartialEq, Eq)]
    error FeeOnTransferToken(address token, uint256 expected, uint256 received);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidRate(uint256 value);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidAccount(address account);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidSchedule(uint64 start, uint64 cliff, uint64 end);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidGrant(uint256 grantId);
    #[derive(Debug, PartialEq, Eq)]
    error NothingToPay();
    #[derive(Debug, PartialEq, Eq)]
    error EpochNotClosable(uint64 epoch);
    #[derive(Debug, PartialEq, Eq)]
    error PaymentFailed(address to, uint256 amount);

    // OpenZeppelin: Pausable, SafeERC20, SafeCast.
    #[derive(Debug, PartialEq, Eq)]
    error EnforcedPause();
    #[derive(Debug, PartialEq, Eq)]
    error ExpectedPause();
    #[derive(Debug, PartialEq, Eq)]
    error SafeERC20FailedOperation(address token);
    #[derive(Debug, PartialEq, Eq)]
    error SafeCastOverflowedUintDowncast(uint8 bits, uint256 value);
}
