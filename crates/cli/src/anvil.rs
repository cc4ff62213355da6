//! Finding and starting the anvil that `script/setup.sh` installed from npm.

use std::net::TcpListener;
use std::path::{Path, PathBuf};

use alloy::node_bindings::{Anvil, AnvilInstance};
use eyre::{Result, WrapErr, bail};

/// Where npm puts the native anvil binary of `@foundry-rs/anvil`, relative to a project root.
const NPM_ANVIL: &str = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";

/// How long anvil may take to print its listening address.
const STARTUP_TIMEOUT_MS: u64 = 20_000;

/// Resolves the anvil binary: the explicit path, else the npm install in this directory or an
/// ancestor, else the one in this repository, else `anvil` on PATH.
pub(crate) fn locate(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        if path.is_file() {
            return Ok(path.to_path_buf());
        }
        bail!(
            "anvil not found at {}: pass the path of an anvil binary, or run `script/setup.sh` and omit --anvil",
            path.display()
        );
    }
    let cwd = std::env::current_dir().wrap_err("cannot read the current directory")?;
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for root in cwd.ancestors().chain(std::iter::once(repository.as_path())) {
        let candidate = root.join(NPM_ANVIL);
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    if let Some(on_path) = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join("anvil"))
        .find(|candidate| candidate.is_file())
    {
        return Ok(on_path);
    }
    bail!(
        "anvil not found: run `script/setup.sh` in the repository (it installs @foundry-rs/anvil from npm), or pass --anvil PATH"
    )
}

/// Starts anvil on 127.0.0.1; `port` 0 lets the OS choose a free one.
pub(crate) async fn start(binary: PathBuf, port: u16) -> Result<AnvilInstance> {
    if port != 0
        && let Err(error) = TcpListener::bind(("127.0.0.1", port))
    {
        bail!(
            "port {port} on 127.0.0.1 is not available ({error}): choose another with --port, or --port 0 for any free port"
        );
    }
    let display = binary.display().to_string();
    let spawn = move || Anvil::at(binary).host("127.0.0.1").port(port).timeout(STARTUP_TIMEOUT_MS).try_spawn();
    tokio::task::spawn_blocking(spawn)
        .await
        .wrap_err("the anvil start-up task failed")?
        .wrap_err_with(|| format!("anvil ({display}) did not start"))
}
