//! `deployments/<chainId>.json`: what was deployed where, written by `chlom deploy`, `chlom devnet`
//! and `script/deploy.sh`, never by hand.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use alloy::primitives::{Address, TxHash};
use eyre::{Result, WrapErr};
use serde::{Deserialize, Serialize};

/// One deployed contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContractRecord {
    pub(crate) address: Address,
    pub(crate) transaction_hash: TxHash,
    pub(crate) block_number: u64,
}

/// The deployment record of one chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DeploymentRecord {
    pub(crate) chain_id: u64,
    /// The git commit the contracts were built from, when known.
    pub(crate) commit: Option<String>,
    pub(crate) deployer: Address,
    /// Unix time of the recording.
    pub(crate) recorded_at: u64,
    /// Which tool wrote it ("chlom deploy", "chlom devnet", "forge script").
    pub(crate) tool: String,
    pub(crate) contracts: BTreeMap<String, ContractRecord>,
}

impl DeploymentRecord {
    /// The file for this chain inside `dir`.
    pub(crate) fn path(dir: &Path, chain_id: u64) -> PathBuf {
        dir.join(format!("{chain_id}.json"))
    }

    /// The address of contract `name` in the record of chain `chain_id` inside `dir`, with errors
    /// that say how to get a record.
    pub(crate) fn address_of(dir: &Path, chain_id: u64, name: &str) -> Result<Address> {
        let path = Self::path(dir, chain_id);
        let text = std::fs::read_to_string(&path).wrap_err_with(|| {
            format!("no deployment record {}: deploy the suite with `chlom deploy --broadcast`", path.display())
        })?;
        let record: Self = serde_json::from_str(&text).wrap_err_with(|| format!("{} is malformed", path.display()))?;
        record
            .contracts
            .get(name)
            .map(|contract| contract.address)
            .ok_or_else(|| eyre::eyre!("{} records no {name}: redeploy the suite", path.display()))
    }

    /// Adds the contracts already recorded for this chain in `dir` that this record does not
    /// name, so that deploying one implementation keeps the record of the other.
    pub(crate) fn merge_existing(mut self, dir: &Path) -> Result<Self> {
        let path = Self::path(dir, self.chain_id);
        if !path.exists() {
            return Ok(self);
        }
        let text = std::fs::read_to_string(&path).wrap_err_with(|| format!("cannot read {}", path.display()))?;
        let existing: Self = serde_json::from_str(&text)
            .wrap_err_with(|| format!("{} is not a deployment record; move it away or fix it", path.display()))?;
        for (name, contract) in existing.contracts {
            self.contracts.entry(name).or_insert(contract);
        }
        Ok(self)
    }

    /// Writes the record atomically (temporary file, then rename), creating `dir` if needed.
    pub(crate) fn write(&self, dir: &Path) -> Result<PathBuf> {
        std::fs::create_dir_all(dir).wrap_err_with(|| format!("cannot create {}", dir.display()))?;
        let path = Self::path(dir, self.chain_id);
        let temporary = path.with_extension("json.tmp");
        let json = serde_json::to_string_pretty(self).wrap_err("cannot serialize the deployment record")?;
        std::fs::write(&temporary, json + "\n").wrap_err_with(|| format!("cannot write {}", temporary.display()))?;
        std::fs::rename(&temporary, &path).wrap_err_with(|| format!("cannot write {}", path.display()))?;
        Ok(path)
    }
}

/// The commit of the repository the binary runs in, if `git` can tell.
pub(crate) fn current_commit() -> Option<String> {
    let output = std::process::Command::new("git").args(["rev-parse", "HEAD"]).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}
