//! Money in and out: taking a payment (ETH, or an ERC-20 delivered in full), paying ETH, and
//! OpenZeppelin SafeERC20's checks, with the Solidity engine's exact revert data.

use alloy_primitives::{Address, U256};
use alloy_sol_types::{SolCall, SolError};
use chlom_core::settlement::errors::{FeeOnTransferToken, InvalidAmount, PaymentFailed, SafeERC20FailedOperation};
use chlom_stylus_abi_words::{Revert, Word, calldata, revert};
use stylus_sdk::call::RawCall;
use stylus_sdk::prelude::*;

use crate::abi::{balanceOfCall, transferCall, transferFromCall};
use crate::store::SettlementStore;

/// `Panic(uint256)`'s selector, with which Solidity's checked arithmetic reverts.
const PANIC: [u8; 4] = [0x4e, 0x48, 0x7b, 0x71];
/// The panic code of an arithmetic overflow or underflow.
const ARITHMETIC: u64 = 0x11;

impl SettlementStore {
    /// Takes the payment: exactly `amount` of ETH as the call's value, or `amount` of the token
    /// from the caller, delivered in full (fee-on-transfer tokens are refused).
    pub fn collect(&mut self, token: Address, amount: U256) -> Result<(), Revert> {
        let value = self.vm().msg_value();
        let wrong = || revert(InvalidAmount::SELECTOR, &[amount.word(), value.word()]);
        if amount.is_zero() {
            return Err(wrong());
        }
        if token.is_zero() {
            return if value == amount { Ok(()) } else { Err(wrong()) };
        }
        if !value.is_zero() {
            return Err(wrong());
        }
        let this = self.vm().contract_address();
        let from = self.vm().msg_sender();
        let before = self.balance_of(token, this)?;
        let pull = calldata(transferFromCall::SELECTOR, &[from.word(), this.word(), amount.word()]);
        self.call_optional_return(token, &pull)?;
        let after = self.balance_of(token, this)?;
        // Solidity's checked subtraction: a token whose balance fell panics.
        let received = after.checked_sub(before).ok_or_else(|| revert(PANIC, &[ARITHMETIC.word()]))?;
        if received != amount {
            return Err(revert(FeeOnTransferToken::SELECTOR, &[token.word(), amount.word(), received.word()]));
        }
        Ok(())
    }

    /// Pays `amount` of `token` (ETH for the zero address) to `to`.
    pub fn pay(&mut self, token: Address, to: Address, amount: U256) -> Result<(), Revert> {
        if !token.is_zero() {
            return self.call_optional_return(token, &calldata(transferCall::SELECTOR, &[to.word(), amount.word()]));
        }
        // SAFETY: the state change (the zeroed credit) is written back before the call; the
        // program refuses reentrant calls, and nothing is read from storage after it.
        let sent = unsafe {
            RawCall::new_with_value(self.vm(), amount).flush_storage_cache().skip_return_data().call(to, &[])
        };
        sent.map(|_| ()).map_err(|_| revert(PaymentFailed::SELECTOR, &[to.word(), amount.word()]))
    }

    /// Adds `amount` to the credit of `account` in `token`.
    pub fn credit(&mut self, token: Address, account: Address, amount: U256) {
        let mut credits = self.credits.setter(token);
        let mut credit = credits.setter(account);
        let current = credit.get();
        // U256's `+` wraps; the sum of all credits in a token never exceeds what the engine
        // received of it, which is a token balance, so this cannot fail.
        credit.set(current.checked_add(amount).expect("credits are bounded by the engine's balance"));
    }

    /// `IERC20(token).balanceOf(account)` as a Solidity high-level call: no code or short return
    /// data reverts without data; a revert is passed on.
    fn balance_of(&self, token: Address, account: Address) -> Result<U256, Revert> {
        if self.vm().code_size(token) == 0 {
            return Err(Revert::new());
        }
        let call = calldata(balanceOfCall::SELECTOR, &[account.word()]);
        // SAFETY: a static call cannot change storage, and no storage reference is held across it.
        let output = unsafe { RawCall::new_static(self.vm()).call(token, &call) }?;
        if output.len() < 32 {
            return Err(Revert::new());
        }
        Ok(U256::from_be_slice(&output[..32]))
    }

    /// SafeERC20's `_callOptionalReturn`: a revert is passed on; no return data is success only
    /// from a contract; return data is success only when its first word is 1.
    fn call_optional_return(&mut self, token: Address, call: &[u8]) -> Result<(), Revert> {
        // SAFETY: the cache is written back before the call and the program refuses reentrant
        // calls, so the token sees this program's storage as it is.
        let output = unsafe { RawCall::new(self.vm()).flush_storage_cache().call(token, call) }?;
        let succeeded = if output.is_empty() {
            self.vm().code_size(token) != 0
        } else {
            output.len() >= 32 && U256::from_be_slice(&output[..32]) == U256::from(1)
        };
        if succeeded { Ok(()) } else { Err(revert(SafeERC20FailedOperation::SELECTOR, &[token.word()])) }
    }
}
