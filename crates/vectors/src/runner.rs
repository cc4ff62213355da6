use std::collections::BTreeMap;

use alloy_dyn_abi::{DynSolValue, EventExt, FunctionExt, JsonAbiExt, Specifier};
use alloy_json_abi::{Function, JsonAbi};
use alloy_primitives::{Address, Bytes, LogData, U256};
use chlom_evm::{Chain, Receipt, Status, TxRequest};
use serde_json::Value;

use crate::format::{CallStep, Event, RevertExpectation, ViewStep};
use crate::values::Values;
use crate::{Error, Result, Scenario, Step, VectorFile};

/// Deploys the implementation under test and returns its address.
pub trait Deployer {
    /// Deploys from `from` with the vector's constructor arguments.
    fn deploy(&mut self, chain: &mut Chain, from: Address, args: &[DynSolValue]) -> chlom_evm::Result<Address>;
}

impl<F> Deployer for F
where
    F: FnMut(&mut Chain, Address, &[DynSolValue]) -> chlom_evm::Result<Address>,
{
    fn deploy(&mut self, chain: &mut Chain, from: Address, args: &[DynSolValue]) -> chlom_evm::Result<Address> {
        self(chain, from, args)
    }
}

/// What one step did, kept so that two implementations' runs can be compared byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepReport {
    /// `call name` or `view name`.
    pub label: String,
    /// Whether it succeeded.
    pub success: bool,
    /// Return data, or revert data.
    pub output: Bytes,
    /// Logs (topics and data; the emitter is checked to be the contract under test).
    pub logs: Vec<LogData>,
    /// Gas used by a committed call; `None` for views and clock moves.
    pub gas_used: Option<u64>,
}

/// What one scenario did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioReport {
    /// The scenario's name.
    pub name: String,
    /// One report per setup step of the file, run before the scenario's own steps.
    pub setup: Vec<StepReport>,
    /// One report per step.
    pub steps: Vec<StepReport>,
}

/// Replays a [`VectorFile`] against one implementation of its ABI.
#[derive(Debug, Clone)]
pub struct Runner {
    abi: JsonAbi,
    file: VectorFile,
    bound: BTreeMap<String, Address>,
}

/// Balance given to every named account before the scenarios run.
const ACCOUNT_FUNDING_WEI: u128 = 1_000 * 10u128.pow(18);

impl Runner {
    /// A runner for `file` against contracts with the ABI `abi`.
    pub fn new(abi: JsonAbi, file: VectorFile) -> Self {
        Self { abi, file, bound: BTreeMap::new() }
    }

    /// The vector file.
    pub fn file(&self) -> &VectorFile {
        &self.file
    }

    /// Binds the prerequisite `name` of the file to `address`, where the harness put it on the
    /// chain it will pass to [`Runner::run`]. Fails if the file declares no such prerequisite, or
    /// if the name is also an account's.
    pub fn bind(mut self, name: &str, address: Address) -> Result<Self> {
        let problem = |reason| Error::Prerequisite { name: name.to_owned(), reason };
        if !self.file.prerequisites.contains_key(name) {
            return Err(problem("the vector file declares no such prerequisite"));
        }
        if self.file.accounts.contains_key(name) {
            return Err(problem("the vector file also names an account so"));
        }
        self.bound.insert(name.to_owned(), address);
        Ok(self)
    }

    /// Runs every scenario, each from a fresh deployment made by `deployer`; stops at the first
    /// step that does not behave as expected.
    ///
    /// Every scenario starts from the state `chain` is in when this is called (plus the funded
    /// accounts), so a harness that deployed the file's prerequisites on `chain` and bound their
    /// addresses gets them, untouched by earlier scenarios, in every scenario.
    pub fn run(&self, chain: &mut Chain, deployer: &mut impl Deployer) -> Result<Vec<ScenarioReport>> {
        if let Some(name) = self.file.prerequisites.keys().find(|name| !self.bound.contains_key(*name)) {
            return Err(Error::Prerequisite { name: name.clone(), reason: "not bound; see Runner::bind" });
        }
        for account in self.file.accounts.values() {
            chain.fund(*account, U256::from(ACCOUNT_FUNDING_WEI));
        }
        let mut names = self.file.accounts.clone();
        names.extend(self.bound.iter().map(|(name, address)| (name.clone(), *address)));
        let values = Values::new(&names);
        self.file.scenarios.iter().map(|scenario| self.run_scenario(chain, deployer, &values, scenario)).collect()
    }

    fn run_scenario(
        &self,
        chain: &mut Chain,
        deployer: &mut impl Deployer,
        values: &Values<'_>,
        scenario: &Scenario,
    ) -> Result<ScenarioReport> {
        let snapshot = chain.snapshot();
        let from = values.address(&self.file.constructor.from)?;
        let params = self.abi.constructor.as_ref().map(|c| c.inputs.as_slice()).unwrap_or_default();
        let args = values.coerce_params(params, &self.file.constructor.args)?;
        let target = deployer.deploy(chain, from, &args).map_err(Error::Deploy)?;

        let mut setup = Vec::with_capacity(self.file.setup.len());
        for (index, step) in self.file.setup.iter().enumerate() {
            let attach =
                |message: String| Error::SetupMismatch { scenario: scenario.name.clone(), step: index, message };
            setup.push(self.run_step(chain, values, target, step).map_err(|e| into_mismatch(e, attach))?);
        }
        let mut steps = Vec::with_capacity(scenario.steps.len());
        for (index, step) in scenario.steps.iter().enumerate() {
            let attach = |message: String| Error::Mismatch { scenario: scenario.name.clone(), step: index, message };
            steps.push(self.run_step(chain, values, target, step).map_err(|e| into_mismatch(e, attach))?);
        }
        chain.revert_to(snapshot)?;
        Ok(ScenarioReport { name: scenario.name.clone(), setup, steps })
    }

    fn run_step(&self, chain: &mut Chain, values: &Values<'_>, target: Address, step: &Step) -> Result<StepReport> {
        match step {
            Step::Call(call) => self.run_call(chain, values, target, call),
            Step::View(view) => self.run_view(chain, values, target, view),
            Step::Advance(advance) => {
                chain.mine(advance.blocks, advance.seconds);
                Ok(StepReport {
                    label: format!("advance {} blocks", advance.blocks),
                    success: true,
                    output: Bytes::new(),
                    logs: Vec::new(),
                    gas_used: None,
                })
            }
        }
    }

    fn run_call(&self, chain: &mut Chain, values: &Values<'_>, target: Address, step: &CallStep) -> Result<StepReport> {
        let function = self.function(&step.call)?;
        let args = values.coerce_params(&function.inputs, &step.args)?;
        let value = match &step.value {
            Some(text) => text.parse::<U256>().map_err(|error| Error::BadValue {
                value: text.clone(),
                ty: "uint256".into(),
                reason: error.to_string(),
            })?,
            None => U256::ZERO,
        };
        let request = TxRequest::call(values.address(&step.from)?, target, function.abi_encode_input(&args)?);
        let receipt = chain.transact(request.with_value(value))?;

        match &step.expect.revert {
            Some(expected) => self.check_revert(&receipt, values, expected)?,
            None => {
                ensure_success(&receipt, &self.abi)?;
                if let Some(events) = &step.expect.events {
                    self.check_events(&receipt, values, target, events)?;
                }
                if let Some(returns) = &step.expect.returns {
                    check_returns(function, &receipt.output, values, returns)?;
                }
            }
        }
        Ok(StepReport {
            label: format!("call {}", step.call),
            success: receipt.is_success(),
            output: receipt.output.clone(),
            logs: receipt.logs.iter().map(|log| log.data.clone()).collect(),
            gas_used: Some(receipt.gas_used),
        })
    }

    fn run_view(&self, chain: &mut Chain, values: &Values<'_>, target: Address, step: &ViewStep) -> Result<StepReport> {
        let function = self.function(&step.view)?;
        let args = values.coerce_params(&function.inputs, &step.args)?;
        let receipt = chain.call_raw(TxRequest::call(Address::ZERO, target, function.abi_encode_input(&args)?))?;
        ensure_success(&receipt, &self.abi)?;
        check_returns(function, &receipt.output, values, &step.returns)?;
        Ok(StepReport {
            label: format!("view {}", step.view),
            success: true,
            output: receipt.output,
            logs: Vec::new(),
            gas_used: None,
        })
    }

    fn check_revert(&self, receipt: &Receipt, values: &Values<'_>, expected: &RevertExpectation) -> Result<()> {
        let error = find_one(self.abi.errors(), "error", &expected.name, |e| e.name.as_str(), |e| e.signature())?;
        let args = values.coerce_params(&error.inputs, &expected.args)?;
        let expected_data = error.abi_encode_input(&args)?;
        if receipt.status != Status::Revert {
            return Err(mismatch(format!("expected revert {}, got {:?}", expected.name, receipt.status)));
        }
        if receipt.output.as_ref() != expected_data.as_slice() {
            return Err(mismatch(format!(
                "expected revert {}({}), got {}",
                expected.name,
                Value::Array(expected.args.clone()),
                describe_revert(&self.abi, &receipt.output)
            )));
        }
        Ok(())
    }

    fn check_events(&self, receipt: &Receipt, values: &Values<'_>, target: Address, expected: &[Event]) -> Result<()> {
        if receipt.logs.len() != expected.len() {
            return Err(mismatch(format!("expected {} event(s), got {} log(s)", expected.len(), receipt.logs.len())));
        }
        for (position, (log, want)) in receipt.logs.iter().zip(expected).enumerate() {
            if log.address != target {
                return Err(mismatch(format!("event {position} was emitted by {}, not the contract", log.address)));
            }
            let event = find_one(self.abi.events(), "event", &want.name, |e| e.name.as_str(), |e| e.signature())?;
            let decoded = event
                .decode_log(&log.data)
                .map_err(|error| mismatch(format!("log {position} is not {}: {error}", want.name)))?;
            let (mut indexed, mut body) = (decoded.indexed.into_iter(), decoded.body.into_iter());
            let actual: Vec<DynSolValue> = event
                .inputs
                .iter()
                .filter_map(|input| if input.indexed { indexed.next() } else { body.next() })
                .collect();
            let types = event.inputs.iter().map(|input| input.resolve()).collect::<Result<Vec<_>, _>>()?;
            let wanted = values.coerce_list(&types, &want.args)?;
            if actual != wanted {
                return Err(mismatch(format!("event {position} {}: expected {wanted:?}, got {actual:?}", want.name)));
            }
        }
        Ok(())
    }

    fn function(&self, name: &str) -> Result<&Function> {
        find_one(self.abi.functions(), "function", name, |f| f.name.as_str(), |f| f.signature())
    }
}

/// The single item called `name`, or whose full signature is `name`.
fn find_one<'a, T>(
    items: impl Iterator<Item = &'a T>,
    kind: &'static str,
    name: &str,
    item_name: impl Fn(&T) -> &str,
    signature: impl Fn(&T) -> String,
) -> Result<&'a T> {
    let by_signature = name.contains('(');
    let mut matches = items.filter(|item| if by_signature { signature(item) == name } else { item_name(item) == name });
    match (matches.next(), matches.next()) {
        (Some(item), None) => Ok(item),
        _ => Err(Error::UnknownAbiItem { kind, name: name.to_owned() }),
    }
}

fn check_returns(function: &Function, output: &[u8], values: &Values<'_>, expected: &[Value]) -> Result<()> {
    let actual = function.abi_decode_output(output)?;
    let wanted = values.coerce_params(&function.outputs, expected)?;
    if actual != wanted {
        return Err(mismatch(format!("{} returned {actual:?}, expected {wanted:?}", function.name)));
    }
    Ok(())
}

fn ensure_success(receipt: &Receipt, abi: &JsonAbi) -> Result<()> {
    match &receipt.status {
        Status::Success => Ok(()),
        Status::Revert => {
            Err(mismatch(format!("expected success, got revert {}", describe_revert(abi, &receipt.output))))
        }
        Status::Halt(reason) => Err(mismatch(format!("expected success, got halt {reason}"))),
    }
}

/// Names the ABI error that `data` encodes, for messages.
fn describe_revert(abi: &JsonAbi, data: &[u8]) -> String {
    if data.len() >= 4 {
        for error in abi.errors() {
            if error.selector().as_slice() == &data[..4]
                && let Ok(args) = error.abi_decode_input(&data[4..])
            {
                return format!("{}{:?}", error.name, args);
            }
        }
    }
    format!("0x{}", alloy_primitives::hex::encode(data))
}

fn mismatch(message: String) -> Error {
    Error::Mismatch { scenario: String::new(), step: 0, message }
}

/// Attaches the scenario and step to a mismatch raised deep inside a step (and to any other error
/// a step raises, as a message).
fn into_mismatch(error: Error, attach: impl Fn(String) -> Error) -> Error {
    match error {
        Error::Mismatch { message, .. } => attach(message),
        other => attach(other.to_string()),
    }
}
