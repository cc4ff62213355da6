//! `chlom zk setup|identity|snapshot|prove|verify|export-verifier`: zero-knowledge compliance proofs
//! with the circuits of `chlom-zk`, offline.
//!
//! Values on the command line: a secret is a number (decimal or `0x` hex) from 2^128 up to the
//! field's order (a smaller one could be guessed: `chlom zk identity` without `--secret` makes
//! one); a DID is a DID string (its keccak-256 hash, as the DID registry keys it, reduced into the
//! field) or a `0x` 32-byte hash; a scope is a number, or any other text, hashed the same way.
//! Files: a snapshot lists one registered identity commitment per line, in registration order,
//! followed by the word `listed` for a listed one; a credential list one `commitment tier` pair per
//! line (`#` starts a comment in both).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alloy::primitives::{B256, U256, keccak256};
use chlom_zk::circuits::{CredentialTree, LicenseTier, SanctionsClean, field_from_bytes32, identity_commitment};
use chlom_zk::groth16::{Keys, constraint_count, load_verifying_key, prove, setup, setup_from_entropy, verify};
use chlom_zk::proof_file::ProofFile;
use chlom_zk::snapshot::{Registration, SanctionsSnapshot};
use chlom_zk::verifier::{public_inputs_from_calldata, snarkjs, solidity_verifier};
use chlom_zk::{Fr, ZkError};
use eyre::{Result, WrapErr, bail, eyre};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// Options of `chlom zk`.
#[derive(Debug, clap::Args)]
pub(crate) struct ZkArgs {
    #[command(subcommand)]
    command: ZkCommand,
}

/// The circuits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Circuit {
    /// The holder's registered identity is clean on the sanctions snapshot.
    SanctionsClean,
    /// The holder has a credential of at least a tier in an issuer's tree.
    LicenseTier,
}

impl Circuit {
    /// The key files' name, the proof file's `circuit` and the verifier contract's prefix.
    fn name(self) -> &'static str {
        match self {
            Circuit::SanctionsClean => "SanctionsClean",
            Circuit::LicenseTier => "LicenseTier",
        }
    }

    fn input_names(self) -> &'static [&'static str] {
        match self {
            Circuit::SanctionsClean => &["root", "scope", "nullifier"],
            Circuit::LicenseTier => &["root", "k", "scope", "nullifier"],
        }
    }
}

#[derive(Debug, clap::Subcommand)]
enum ZkCommand {
    /// Create a circuit's proving and verifying keys in a folder. Without --seed the keys come from
    /// the system's entropy; either way whoever ran setup could forge proofs: production keys need
    /// a multi-party ceremony.
    Setup {
        /// The circuit.
        circuit: Circuit,
        /// Where `<Circuit>.pk` and `<Circuit>.vk` are written.
        #[arg(long)]
        keys: PathBuf,
        /// 32 bytes of hex: reproducible keys, for tests only.
        #[arg(long)]
        seed: Option<B256>,
    },
    /// Print a holder's identity commitment (what the holder registers, and what snapshots and
    /// credential lists hold). Without --secret, make a new random secret and print it too.
    Identity {
        /// The holder's secret (at least 2^128).
        #[arg(long)]
        secret: Option<String>,
        /// The holder's DID.
        #[arg(long)]
        did: String,
    },
    /// Print a snapshot's root (what the oracle publishes) and size.
    Snapshot {
        /// The registered identity commitments, one per line in registration order, `listed` after
        /// a listed one.
        registrations: PathBuf,
    },
    /// Prove a statement and write the proof file.
    Prove {
        #[command(subcommand)]
        statement: Statement,
    },
    /// Verify a proof file with a circuit's verifying key: exit 0 if it holds, 1 if not.
    Verify {
        /// The folder holding the circuit's `.vk`.
        #[arg(long)]
        keys: PathBuf,
        /// The proof file (`chlom zk prove` writes it).
        proof: PathBuf,
    },
    /// Write the Solidity verifier (IGroth16Verifier) of a circuit's verifying key, or of a snarkjs
    /// `verification_key.json`.
    ExportVerifier {
        /// The circuit (with --keys).
        #[arg(required_unless_present = "snarkjs_key")]
        circuit: Option<Circuit>,
        /// The folder holding the circuit's `.vk`.
        #[arg(long, requires = "circuit")]
        keys: Option<PathBuf>,
        /// A snarkjs verification_key.json instead.
        #[arg(long, conflicts_with_all = ["circuit", "keys"])]
        snarkjs_key: Option<PathBuf>,
        /// The contract's name (default: `<Circuit>Verifier`, or `Groth16Verifier` for snarkjs).
        #[arg(long)]
        name: Option<String>,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// What both statements take: the keys, the holder's secret, DID and scope, and where the proof goes.
#[derive(Debug, clap::Args)]
struct Holder {
    /// The folder holding the keys.
    #[arg(long)]
    keys: PathBuf,
    /// The holder's secret (at least 2^128).
    #[arg(long)]
    secret: String,
    /// The holder's DID.
    #[arg(long)]
    did: String,
    /// The scope the nullifier is for.
    #[arg(long)]
    scope: String,
    /// The proof file to write.
    #[arg(long)]
    out: PathBuf,
}

impl Holder {
    /// The secret, the DID and the scope as field elements.
    fn fields(&self) -> Result<(Fr, Fr, Fr)> {
        Ok((secret_field(&self.secret)?, did_field(&self.did)?, scope_field(&self.scope)?))
    }
}

#[derive(Debug, clap::Subcommand)]
enum Statement {
    /// "The identity I registered is clean on this sanctions snapshot."
    SanctionsClean {
        /// The snapshot: registered identity commitments, one per line, `listed` after a listed one.
        #[arg(long)]
        snapshot: PathBuf,
        #[command(flatten)]
        holder: Holder,
    },
    /// "My credential in this issuer's tree has a tier of at least k."
    LicenseTier {
        /// The issuer's credentials: `commitment tier` per line, in tree order.
        #[arg(long)]
        credentials: PathBuf,
        /// The holder's credential's line (from 0, comments and blank lines not counted).
        #[arg(long)]
        index: usize,
        /// The threshold (0 to 255).
        #[arg(long)]
        k: u8,
        #[command(flatten)]
        holder: Holder,
    },
}

/// Runs `chlom zk`.
pub(crate) fn run(args: ZkArgs) -> Result<ExitCode> {
    match args.command {
        ZkCommand::Setup { circuit, keys, seed } => {
            let made = match (circuit, seed) {
                (Circuit::SanctionsClean, Some(seed)) => setup(SanctionsClean::blank(), seed.0),
                (Circuit::SanctionsClean, None) => setup_from_entropy(SanctionsClean::blank()),
                (Circuit::LicenseTier, Some(seed)) => setup(LicenseTier::blank(), seed.0),
                (Circuit::LicenseTier, None) => setup_from_entropy(LicenseTier::blank()),
            }?;
            made.save(&keys, circuit.name())?;
            let constraints = match circuit {
                Circuit::SanctionsClean => constraint_count(SanctionsClean::blank()),
                Circuit::LicenseTier => constraint_count(LicenseTier::blank()),
            }?;
            println!("{}: {constraints} constraints; keys in {}", circuit.name(), keys.display());
            if seed.is_some() {
                eprintln!("warning: keys from a seed are reproducible by anyone who knows it: tests only");
            } else {
                eprintln!("note: this machine knew the setup's randomness; production keys need a ceremony");
            }
        }
        ZkCommand::Identity { secret, did } => {
            let did = did_field(&did)?;
            match secret {
                Some(secret) => println!("{}", identity_commitment(secret_field(&secret)?, did)),
                None => {
                    let secret = new_secret();
                    println!("secret     {secret}");
                    println!("commitment {}", identity_commitment(secret, did));
                    eprintln!("keep the secret private: whoever knows it can prove as this identity");
                }
            }
        }
        ZkCommand::Snapshot { registrations } => {
            let snapshot = load_snapshot(&registrations)?;
            println!("root {}", snapshot.root());
            println!("{} registered identities, {} listed", snapshot.len(), snapshot.listed_count());
        }
        ZkCommand::Prove { statement } => return prove_statement(statement),
        ZkCommand::Verify { keys, proof } => {
            let text = read(&proof)?;
            let file = ProofFile::from_json(&text)?;
            let circuit = [Circuit::SanctionsClean, Circuit::LicenseTier]
                .into_iter()
                .find(|circuit| circuit.name() == file.circuit)
                .ok_or_else(|| eyre!("{}: unknown circuit {:?}", proof.display(), file.circuit))?;
            let verifying = load_verifying_key(&keys, circuit.name())?;
            // A malformed proof (a point off the curve) is an invalid proof, not a usage error.
            let holds = match file.decode() {
                Ok((decoded, inputs)) => verify(&verifying, &inputs, &decoded)?,
                Err(ZkError::NotOnCurve { field }) => {
                    eprintln!("{field} is not a point of the curve");
                    false
                }
                Err(error) => return Err(error.into()),
            };
            println!("{}: {}", circuit.name(), if holds { "valid" } else { "INVALID" });
            return Ok(if holds { ExitCode::SUCCESS } else { ExitCode::from(1) });
        }
        ZkCommand::ExportVerifier { circuit, keys, snarkjs_key, name, out } => {
            let (verifying, default_name) = match (circuit, keys, snarkjs_key) {
                (_, _, Some(path)) => (snarkjs::verifying_key(&read(&path)?)?, "Groth16Verifier".to_owned()),
                (Some(circuit), Some(keys), None) => {
                    (load_verifying_key(&keys, circuit.name())?, format!("{}Verifier", circuit.name()))
                }
                _ => bail!("give a circuit with --keys, or --snarkjs-key"),
            };
            let source = solidity_verifier(&verifying, &name.unwrap_or(default_name));
            match out {
                Some(path) => std::fs::write(&path, source).wrap_err_with(|| format!("writing {}", path.display()))?,
                None => print!("{source}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn prove_statement(statement: Statement) -> Result<ExitCode> {
    let mut rng = ChaCha20Rng::from_entropy();
    let (circuit, out, proof, inputs) = match statement {
        Statement::SanctionsClean { snapshot, holder } => {
            let snapshot = load_snapshot(&snapshot)?;
            let (secret, did, scope) = holder.fields()?;
            let statement = SanctionsClean::new(&snapshot, secret, did, scope).map_err(|error| match error {
                ZkError::Listed => eyre!("the holder's identity is listed on the snapshot: there is nothing to prove"),
                ZkError::NotRegistered => eyre!(
                    "the holder's identity {} is not registered in the snapshot: check the secret and the DID \
                     (`chlom zk identity` prints the commitment to register)",
                    identity_commitment(secret, did)
                ),
                other => other.into(),
            })?;
            let keys = Keys::load(&holder.keys, Circuit::SanctionsClean.name())?;
            let proof = prove(&keys.proving, statement.clone(), &mut rng).map_err(unsatisfied)?;
            (Circuit::SanctionsClean, holder.out, proof, statement.public_inputs().to_vec())
        }
        Statement::LicenseTier { credentials, index, k, holder } => {
            let tree = CredentialTree::new(read_credentials(&credentials)?)?;
            let (secret, did, scope) = holder.fields()?;
            let statement = LicenseTier::new(&tree, index, secret, did, k, scope)?;
            let keys = Keys::load(&holder.keys, Circuit::LicenseTier.name())?;
            let proof = prove(&keys.proving, statement.clone(), &mut rng).map_err(unsatisfied)?;
            (Circuit::LicenseTier, holder.out, proof, statement.public_inputs().to_vec())
        }
    };
    let verifier = format!("{}Verifier", circuit.name());
    let file = ProofFile::new(circuit.name(), &verifier, circuit.input_names(), &proof, &inputs);
    std::fs::write(&out, file.to_json()).wrap_err_with(|| format!("writing {}", out.display()))?;
    for (name, value) in circuit.input_names().iter().zip(&inputs) {
        println!("{name:<10} {value}");
    }
    println!("proof written to {}", out.display());
    Ok(ExitCode::SUCCESS)
}

fn unsatisfied(error: ZkError) -> eyre::Report {
    match error {
        ZkError::Unsatisfied => eyre!(
            "the statement does not hold for this witness (a wrong secret or DID, another holder's credential, \
             or a tier below k)"
        ),
        other => other.into(),
    }
}

/// A number below the field's order, decimal or `0x` hex.
fn number(text: &str, what: &str) -> Result<Fr> {
    let value: U256 = text.parse().map_err(|_| eyre!("{what}: {text:?} is not a number"))?;
    let [field] = public_inputs_from_calldata(&[value])
        .map_err(|_| eyre!("{what}: {text} is not below the field's order"))?
        .try_into()
        .map_err(|_| eyre!("{what}: one value expected"))?;
    Ok(field)
}

/// A DID: a `0x` 32-byte hash as given, else the keccak-256 hash of the DID string.
fn did_field(text: &str) -> Result<Fr> {
    let hash = match text.parse::<B256>() {
        Ok(hash) if text.starts_with("0x") => hash,
        _ => keccak256(text.as_bytes()),
    };
    Ok(field_from_bytes32(hash.0))
}

/// A scope: a number as given, any other text hashed.
fn scope_field(text: &str) -> Result<Fr> {
    match text.parse::<U256>() {
        Ok(_) => number(text, "--scope"),
        Err(_) => Ok(field_from_bytes32(keccak256(text.as_bytes()).0)),
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).wrap_err_with(|| format!("reading {}", path.display()))
}

/// The meaningful lines of a list file, with their line numbers.
fn lines(path: &Path) -> Result<Vec<(usize, String)>> {
    Ok(read(path)?
        .lines()
        .enumerate()
        .map(|(at, line)| (at + 1, line.split('#').next().unwrap_or_default().trim().to_owned()))
        .filter(|(_, line)| !line.is_empty())
        .collect())
}

/// A secret: a number from 2^128 up. Smaller ones are refused: with the DID public, a small
/// secret can be found from the commitment by trying them all.
fn secret_field(text: &str) -> Result<Fr> {
    let value: U256 = text.parse().map_err(|_| eyre!("--secret: the secret is not a number"))?;
    if value < U256::from(1u8) << 128 {
        bail!(
            "--secret: the secret is below 2^128 and could be guessed; run `chlom zk identity --did DID` without \
             --secret to make a random one"
        );
    }
    number(text, "--secret")
}

/// A random secret of 248 bits (below the field's order, above 2^128 but with negligible
/// probability).
fn new_secret() -> Fr {
    let mut bytes = [0u8; 32];
    ChaCha20Rng::from_entropy().fill_bytes(&mut bytes[1..]);
    field_from_bytes32(bytes)
}

/// The snapshot of a registrations file (positions in errors count registrations from 0).
fn load_snapshot(path: &Path) -> Result<SanctionsSnapshot> {
    SanctionsSnapshot::new(read_registrations(path)?).wrap_err_with(|| format!("snapshot {}", path.display()))
}

/// A snapshot file: `commitment` or `commitment listed` per line.
fn read_registrations(path: &Path) -> Result<Vec<Registration>> {
    lines(path)?
        .iter()
        .map(|(at, line)| {
            let place = format!("{}:{at}", path.display());
            let mut fields = line.split_whitespace();
            let identity = number(fields.next().unwrap_or_default(), &place)?;
            let listed = match (fields.next(), fields.next()) {
                (None, _) => false,
                (Some("listed"), None) => true,
                _ => bail!("{place}: expected `commitment` or `commitment listed`"),
            };
            Ok(Registration { identity, listed })
        })
        .collect()
}

fn read_credentials(path: &Path) -> Result<Vec<(Fr, u8)>> {
    lines(path)?
        .iter()
        .map(|(at, line)| {
            let place = format!("{}:{at}", path.display());
            let mut fields = line.split_whitespace();
            let (Some(commitment), Some(tier), None) = (fields.next(), fields.next(), fields.next()) else {
                bail!("{place}: expected `commitment tier`");
            };
            let tier = tier.parse::<u8>().map_err(|_| eyre!("{place}: tier {tier:?} is not 0 to 255"))?;
            Ok((number(commitment, &place)?, tier))
        })
        .collect()
}
