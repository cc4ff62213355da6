//! Arbitrum Stylus support: the deployable program format and (with the executor) running the
//! compiled WASM inside revm next to EVM bytecode.

pub mod program;
