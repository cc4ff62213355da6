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
    /// Logs (topics and data), in order; their emitters are checked against the expectation (the
    /// contract under test, or the prerequisite an expected event names).
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
    /// The ABIs of the prerequisites bound with [`Runner::bind_with_abi`].
    abis: BTreeMap<String, JsonAbi>,
}

/// The reference (`"@this"`) to the contract under test, in the steps of a scenario: the address
/// of that scenario's deployment. No account or prerequisite may take the name.
pub const THIS: &str = "this";

/// Balance given to every named account before the scenarios run.
const ACCOUNT_FUNDING_WEI: u128 = 1_000 * 10u128.pow(18);

impl Runner {
    /// A runner for `file` against contracts with the ABI `abi`.
    pub fn new(abi: JsonAbi, file: VectorFile) -> Self {
        Self { abi, file, bound: BTreeMap::new(), abis: BTreeMap::new() }
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

    /// [`Runner::bind`], with the prerequisite's ABI: expected events may then name it as their
    /// `"emitter"` (they are decoded with this ABI), and its custom errors, when the contract under
    /// test lets them bubble, may be expected by name (an error is looked up in the contract's own
    /// ABI first, then in the bound ABIs by prerequisite name).
    pub fn bind_with_abi(self, name: &str, address: Address, abi: JsonAbi) -> Result<Self> {
        let mut runner = self.bind(name, address)?;
        runner.abis.insert(name.to_owned(), abi);
        Ok(runner)
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
        if self.file.accounts.contains_key(THIS) || self.file.prerequisites.contains_key(THIS) {
            return Err(Error::ReservedName(THIS.to_owned()));
        }
        for account in self.file.accounts.values() {
            chain.fund(*account, U256::from(ACCOUNT_FUNDING_WEI));
        }
        let mut names = self.file.accounts.clone();
        names.extend(self.bound.iter().map(|(name, address)| (name.clone(), *address)));
        self.file.scenarios.iter().map(|scenario| self.run_scenario(chain, deployer, &names, scenario)).collect()
    }

    fn run_scenario(
        &self,
        chain: &mut Chain,
        deployer: &mut impl Deployer,
        names: &BTreeMap<String, Address>,
        scenario: &Scenario,
    ) -> Result<ScenarioReport> {
        let snapshot = chain.snapshot();
        let values = Values::new(names);
        let from = values.address(&self.file.constructor.from)?;
        let params = self.abi.constructor.as_ref().map(|c| c.inputs.as_slice()).unwrap_or_default();
        let args = values.coerce_params(params, &self.file.constructor.args)?;
        let target = deployer.deploy(chain, from, &args).map_err(Error::Deploy)?;
        let mut names = names.clone();
        names.insert(THIS.to_owned(), target);
        let values = &Values::new(&names);

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
                ensure_success(&receipt, self)?;
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
        ensure_success(&receipt, self)?;
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
        let error = self.error(&expected.name)?;
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
                self.describe_revert(&receipt.output)
            )));
        }
        Ok(())
    }

    fn check_events(&self, receipt: &Receipt, values: &Values<'_>, target: Address, expected: &[Event]) -> Result<()> {
        if receipt.logs.len() != expected.len() {
            return Err(mismatch(format!("expected {} event(s), got {} log(s)", expected.len(), receipt.logs.len())));
        }
        for (position, (log, want)) in receipt.logs.iter().zip(expected).enumerate() {
            let (emitter, abi) = match &want.emitter {
                None => (target, &self.abi),
                Some(reference) => (values.address(reference)?, self.emitter_abi(reference, target)?),
            };
            if log.address != emitter {
                let expected = want.emitter.as_deref().unwrap_or("the contract");
                return Err(mismatch(format!(
                    "event {position} {} was emitted by {}, not {expected}",
                    want.name, log.address
                )));
            }
            let event = find_one(abi.events(), "event", &want.name, |e| e.name.as_str(), |e| e.signature())?;
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

    /// The error `name` of the contract's ABI; when the contract's ABI has no error of that name or
    /// signature, the one of the first bound ABI (by prerequisite name) that has it.
    fn error<'a>(&'a self, name: &str) -> Result<&'a alloy_json_abi::Error> {
        let find = |abi: &'a JsonAbi| find_one(abi.errors(), "error", name, |e| e.name.as_str(), |e| e.signature());
        let declares = |abi: &JsonAbi| abi.errors().any(|e| e.name == name || e.signature() == name);
        match std::iter::once(&self.abi).chain(self.abis.values()).find(|abi| declares(abi)) {
            Some(abi) => find(abi),
            None => Err(Error::UnknownAbiItem { kind: "error", name: name.to_owned() }),
        }
    }

    /// The ABI of the emitter `reference`: a prerequisite bound with its ABI, or `@this`.
    fn emitter_abi(&self, reference: &str, target: Address) -> Result<&JsonAbi> {
        let name = reference.strip_prefix('@').unwrap_or(reference);
        if let Some(abi) = self.abis.get(name) {
            return Ok(abi);
        }
        if name == THIS || reference.parse::<Address>().is_ok_and(|address| address == target) {
            return Ok(&self.abi);
        }
        Err(Error::Prerequisite {
            name: name.to_owned(),
            reason: "an expected event names it as its emitter, but no ABI is bound for it; see Runner::bind_with_abi",
        })
    }

    /// Names the error that `data` encodes, from the contract's ABI or a bound one, for messages.
    fn describe_revert(&self, data: &[u8]) -> String {
        std::iter::once(&self.abi)
            .chain(self.abis.values())
            .find_map(|abi| decode_error(abi, data))
            .unwrap_or_else(|| format!("0x{}", alloy_primitives::hex::encode(data)))
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

fn ensure_success(receipt: &Receipt, runner: &Runner) -> Result<()> {
    match &receipt.status {
        Status::Success => Ok(()),
        Status::Revert => {
            Err(mismatch(format!("expected success, got revert {}", runner.describe_revert(&receipt.output))))
        }
        Status::Halt(reason) => Err(mismatch(format!("expected success, got halt {reason}"))),
    }
}

/// The error of `abi` that `data` encodes, with its arguments, if any.
fn decode_error(abi: &JsonAbi, data: &[u8]) -> Option<String> {
    if data.len() < 4 {
        return None;
    }
    abi.errors().find_map(|error| {
        if error.selector().as_slice() != &data[..4] {
            return None;
        }
        error.abi_decode_input(&data[4..]).ok().map(|args| format!("{}{:?}", error.name, args))
    })
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
