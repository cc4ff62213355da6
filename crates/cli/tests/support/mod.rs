//! What the CLI's integration test crates share: the repository, the npm-installed anvil, and
//! reading a finished `chlom` process's output.

use std::path::{Path, PathBuf};
use std::process::Output;

use alloy::node_bindings::{Anvil, AnvilInstance};
use serde_json::Value;

/// The repository root.
pub(crate) fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The anvil binary `script/setup.sh` installs from npm.
pub(crate) fn anvil_binary() -> PathBuf {
    let path = repository().join("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    assert!(path.is_file(), "anvil is missing at {}: run `script/setup.sh` first", path.display());
    path
}

/// A fresh anvil on a free local port.
pub(crate) fn start_anvil() -> AnvilInstance {
    Anvil::at(anvil_binary()).host("127.0.0.1").try_spawn().expect("anvil starts")
}

/// Standard output, as text.
pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error, as text.
pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Standard output, parsed as JSON.
pub(crate) fn json_stdout(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(output)))
}
