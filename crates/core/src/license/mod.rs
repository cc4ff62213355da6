//! Smart licenses: the rules every license registry applies ([`rules`]), the registry's custom
//! errors as ABI types ([`errors`]), and a whole registry as a reference model ([`model`]) that the
//! differential tests run beside the Solidity and Stylus contracts.

pub mod errors;
pub mod model;
pub mod rules;

pub use rules::*;
