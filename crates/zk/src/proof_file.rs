//! The proof file: a proof and its public inputs as JSON, in the words the verifier contracts take.

use alloy_primitives::U256;
use ark_bn254::Bn254;
use ark_groth16::Proof;
use serde_json::{Value, json};

use crate::verifier::{proof_calldata, proof_from_calldata, public_inputs_calldata, public_inputs_from_calldata};
use crate::{Fr, ZkError};

/// A proof and its public inputs as a JSON file: what `chlom zk prove` writes and `chlom zk verify`
/// reads, and the fixtures the forge tests read. `proof` holds the eight `uint256` words of
/// `IGroth16Verifier.verifyProof` and `publicInputs` its inputs, all as decimal strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofFile {
    /// The circuit's name (`SanctionsClean`, `LicenseTier`).
    pub circuit: String,
    /// The verifier contract that accepts it.
    pub verifier: String,
    /// The public inputs' names, in order.
    pub input_names: Vec<String>,
    /// `[A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y]`.
    pub proof: [U256; 8],
    /// The public inputs.
    pub public_inputs: Vec<U256>,
    /// A remark for readers (the fixtures say their keys are test keys).
    pub note: Option<String>,
}

impl ProofFile {
    /// The fixture of `proof` for `inputs`.
    pub fn new(circuit: &str, verifier: &str, input_names: &[&str], proof: &Proof<Bn254>, inputs: &[Fr]) -> Self {
        Self {
            circuit: circuit.into(),
            verifier: verifier.into(),
            input_names: input_names.iter().map(|name| (*name).to_owned()).collect(),
            proof: proof_calldata(proof),
            public_inputs: public_inputs_calldata(inputs),
            note: None,
        }
    }

    /// The same file with a note.
    pub fn with_note(mut self, note: &str) -> Self {
        self.note = Some(note.to_owned());
        self
    }

    /// The proof and the inputs back as arkworks values (points on the curve, inputs below r).
    pub fn decode(&self) -> Result<(Proof<Bn254>, Vec<Fr>), ZkError> {
        Ok((proof_from_calldata(&self.proof)?, public_inputs_from_calldata(&self.public_inputs)?))
    }

    /// The JSON file: pretty-printed, keys in alphabetical order, a final newline.
    pub fn to_json(&self) -> String {
        let decimal = |words: &[U256]| words.iter().map(|word| Value::String(word.to_string())).collect::<Vec<_>>();
        // Keys in alphabetical order, inserted in that order: the file is the same whether
        // serde_json keeps insertion order (its `preserve_order` feature, which other crates of
        // the workspace enable) or sorts its maps.
        let mut value = serde_json::Map::new();
        value.insert("circuit".into(), Value::String(self.circuit.clone()));
        value.insert("inputNames".into(), json!(self.input_names));
        if let Some(note) = &self.note {
            value.insert("note".into(), Value::String(note.clone()));
        }
        value.insert("proof".into(), Value::Array(decimal(&self.proof)));
        value.insert("publicInputs".into(), Value::Array(decimal(&self.public_inputs)));
        value.insert("verifier".into(), Value::String(self.verifier.clone()));
        let value = Value::Object(value);
        let mut text = serde_json::to_string_pretty(&value).expect("a JSON value always serializes");
        text.push('\n');
        text
    }

    /// A fixture read back from its JSON file.
    pub fn from_json(json: &str) -> Result<Self, ZkError> {
        let bad = |field: &str, problem: &str| ZkError::SnarkjsJson { field: field.into(), problem: problem.into() };
        let value: Value = serde_json::from_str(json).map_err(|error| bad("$", &error.to_string()))?;
        let text =
            |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned).ok_or(bad(name, "is missing"));
        let words = |name: &str| -> Result<Vec<U256>, ZkError> {
            let items = value.get(name).and_then(Value::as_array).ok_or(bad(name, "is missing"))?;
            items
                .iter()
                .map(|item| item.as_str().and_then(|s| s.parse::<U256>().ok()).ok_or(bad(name, "holds a non-decimal")))
                .collect()
        };
        let proof: [U256; 8] = words("proof")?.try_into().map_err(|_| bad("proof", "is not eight words"))?;
        let names = value.get("inputNames").and_then(Value::as_array).ok_or(bad("inputNames", "is missing"))?;
        Ok(Self {
            circuit: text("circuit")?,
            verifier: text("verifier")?,
            input_names: names.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            proof,
            public_inputs: words("publicInputs")?,
            note: value.get("note").and_then(Value::as_str).map(str::to_owned),
        })
    }
}
