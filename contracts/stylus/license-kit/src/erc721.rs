//! OpenZeppelin ERC-721 (v5) semantics over [`LicenseStore`]: the same storage meaning, events,
//! errors and check order, with the registry's transfer gate where OpenZeppelin has its `_update`
//! hook. (OpenZeppelin's own Stylus library pins an older stylus-sdk, so the registry carries
//! this port.)

use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent};
use chlom_core::license::errors::{
    ERC721IncorrectOwner, ERC721InsufficientApproval, ERC721InvalidApprover, ERC721InvalidReceiver,
    ERC721NonexistentToken,
};
use stylus_sdk::call::RawCall;
use stylus_sdk::prelude::*;

use crate::Revert;
use crate::abi::{
    Approval, ApprovalForAll, ERC721InvalidOperator, ERC721InvalidOwner, ERC721InvalidSender, Transfer,
    onERC721ReceivedCall,
};
use crate::encode::{Word, revert};
use crate::store::LicenseStore;

impl LicenseStore {
    /// `balanceOf`.
    pub fn balance_of(&self, owner: Address) -> Result<U256, Revert> {
        if owner.is_zero() {
            return Err(revert(ERC721InvalidOwner::SELECTOR, &[owner.word()]));
        }
        Ok(self.tokens.balances.get(owner))
    }

    /// `_ownerOf`: zero for a token that does not exist.
    pub fn owner_of_raw(&self, id: U256) -> Address {
        self.tokens.owners.get(id)
    }

    /// `_requireOwned` / `ownerOf`.
    pub fn require_owned(&self, id: U256) -> Result<Address, Revert> {
        let owner = self.owner_of_raw(id);
        if owner.is_zero() {
            return Err(nonexistent(id));
        }
        Ok(owner)
    }

    /// `getApproved`.
    pub fn get_approved(&self, id: U256) -> Result<Address, Revert> {
        self.require_owned(id)?;
        Ok(self.tokens.token_approvals.get(id))
    }

    /// `isApprovedForAll`.
    pub fn is_approved_for_all(&self, owner: Address, operator: Address) -> bool {
        self.tokens.operator_approvals.getter(owner).get(operator)
    }

    /// `approve`, by `auth`.
    pub fn approve(&mut self, to: Address, id: U256, auth: Address) -> Result<(), Revert> {
        let owner = self.require_owned(id)?;
        if owner != auth && !self.is_approved_for_all(owner, auth) {
            return Err(revert(ERC721InvalidApprover::SELECTOR, &[auth.word()]));
        }
        self.log(&[Approval::SIGNATURE_HASH, owner.word(), to.word(), id.word()], &[]);
        self.tokens.token_approvals.insert(id, to);
        Ok(())
    }

    /// `setApprovalForAll`, by `owner`.
    pub fn set_approval_for_all(&mut self, owner: Address, operator: Address, approved: bool) -> Result<(), Revert> {
        if operator.is_zero() {
            return Err(revert(ERC721InvalidOperator::SELECTOR, &[operator.word()]));
        }
        self.tokens.operator_approvals.setter(owner).insert(operator, approved);
        self.log(&[ApprovalForAll::SIGNATURE_HASH, owner.word(), operator.word()], approved.word().as_slice());
        Ok(())
    }

    /// `transferFrom`, by `caller`.
    pub fn transfer_from(&mut self, from: Address, to: Address, id: U256, caller: Address) -> Result<(), Revert> {
        if to.is_zero() {
            return Err(invalid_receiver(to));
        }
        let previous = self.update(to, id, caller)?;
        if previous != from {
            return Err(revert(ERC721IncorrectOwner::SELECTOR, &[from.word(), id.word(), previous.word()]));
        }
        Ok(())
    }

    /// `safeTransferFrom`, by `caller`: a transfer, then `onERC721Received` on a contract receiver.
    pub fn safe_transfer_from(
        &mut self,
        from: Address,
        to: Address,
        id: U256,
        data: Bytes,
        caller: Address,
    ) -> Result<(), Revert> {
        self.transfer_from(from, to, id, caller)?;
        self.check_on_received(caller, from, to, id, data)
    }

    /// `_mint` (never to an existing token: ids are fresh by construction).
    pub fn mint(&mut self, to: Address, id: U256) -> Result<(), Revert> {
        if to.is_zero() {
            return Err(invalid_receiver(to));
        }
        let previous = self.update(to, id, Address::ZERO)?;
        if !previous.is_zero() {
            return Err(revert(ERC721InvalidSender::SELECTOR, &[B256::ZERO]));
        }
        Ok(())
    }

    /// OpenZeppelin's `_update` with the registry's override: a transfer (not a mint) checks the
    /// caller's authority, then the license's usability and the receiver's compliance and region.
    fn update(&mut self, to: Address, id: U256, auth: Address) -> Result<Address, Revert> {
        let from = self.owner_of_raw(id);
        if from.is_zero() {
            if !auth.is_zero() {
                // Only reachable for a token that does not exist.
                return Err(nonexistent(id));
            }
        } else {
            if !auth.is_zero() {
                self.check_authorized(from, auth, id)?;
            }
            self.require_transferable(id, to)?;
            self.tokens.token_approvals.delete(id);
            let balance = self.tokens.balances.get(from);
            self.tokens.balances.insert(from, balance - U256::from(1));
        }
        let balance = self.tokens.balances.get(to);
        self.tokens.balances.insert(to, balance + U256::from(1));
        self.tokens.owners.insert(id, to);
        self.log(&[Transfer::SIGNATURE_HASH, from.word(), to.word(), id.word()], &[]);
        Ok(from)
    }

    fn check_authorized(&self, owner: Address, spender: Address, id: U256) -> Result<(), Revert> {
        let authorized = owner == spender
            || self.is_approved_for_all(owner, spender)
            || self.tokens.token_approvals.get(id) == spender;
        if authorized {
            Ok(())
        } else {
            Err(revert(ERC721InsufficientApproval::SELECTOR, &[spender.word(), id.word()]))
        }
    }

    /// `ERC721Utils.checkOnERC721Received`.
    fn check_on_received(
        &mut self,
        operator: Address,
        from: Address,
        to: Address,
        id: U256,
        data: Bytes,
    ) -> Result<(), Revert> {
        if self.vm().code_size(to) == 0 {
            return Ok(());
        }
        let calldata = onERC721ReceivedCall { operator, from, tokenId: id, data }.abi_encode();
        // SAFETY: no storage reference is held across the call, and the cache is written back
        // and cleared first, so a receiver that re-enters the registry sees and leaves
        // consistent storage (as it would with the Solidity registry).
        let result = unsafe { RawCall::new(self.vm()).clear_storage_cache().call(to, &calldata) };
        match result {
            Ok(output) => {
                // Solidity decodes a bytes4: at least one word, with zero padding.
                if output.len() < 32 || output[4..32].iter().any(|byte| *byte != 0) {
                    return Err(Revert::new());
                }
                if output[..4] != onERC721ReceivedCall::SELECTOR {
                    return Err(invalid_receiver(to));
                }
                Ok(())
            }
            Err(reason) if !reason.is_empty() => Err(reason),
            Err(_) => Err(invalid_receiver(to)),
        }
    }

    /// Emits a log.
    pub fn log(&self, topics: &[B256], data: &[u8]) {
        // At most four topics by construction of the registry's events, so this cannot fail.
        let _ = self.vm().raw_log(topics, data);
    }
}

fn nonexistent(id: U256) -> Revert {
    revert(ERC721NonexistentToken::SELECTOR, &[id.word()])
}

fn invalid_receiver(to: Address) -> Revert {
    revert(ERC721InvalidReceiver::SELECTOR, &[to.word()])
}
