//! `cargo run --features export-abi -- abi` prints the contract's Solidity interface;
//! `-- constructor` prints its (empty) constructor.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]

#[cfg(not(any(test, feature = "export-abi")))]
#[unsafe(no_mangle)]
pub extern "C" fn main() {}

#[cfg(feature = "export-abi")]
fn main() {
    chlom_stylus_license_tier_verifier::print_from_args();
}
