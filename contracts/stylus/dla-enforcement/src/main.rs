//! `cargo run --features export-abi -- abi` prints the contract's Solidity interface;
//! `-- constructor` prints its constructor.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]

#[cfg(not(any(test, feature = "export-abi")))]
#[unsafe(no_mangle)]
pub extern "C" fn main() {}

#[cfg(feature = "export-abi")]
fn main() {
    chlom_stylus_dla_enforcement::print_from_args();
    if std::env::args().nth(1).as_deref() != Some("constructor") {
        chlom_stylus_dla_kit::abi::print_argument_structs();
    }
}
