//! [`StylusEvm`]: revm's mainnet EVM whose frames run Stylus WASM when the callee's code is Stylus.

use revm::context::{ContextError, Evm, FrameStack};
use revm::database::InMemoryDB;
use revm::handler::evm::{ContextDbError, FrameInitResult};
use revm::handler::instructions::EthInstructions;
use revm::handler::{EthFrame, EvmTr, FrameInitOrResult, ItemOrResult, MainnetContext};
use revm::interpreter::InterpreterAction;
use revm::interpreter::interpreter::EthInterpreter;
use revm::interpreter::interpreter_action::{CallScheme, FrameInit, FrameInput};

use alloy_primitives::Address;

use super::arbwasm::StylusPrecompiles;
use super::frame::{Execution, Step};
use super::program;

type Ctx = MainnetContext<InMemoryDB>;

/// revm's mainnet EVM with a Stylus executor: a call frame whose code starts with `EF F0 00` runs
/// the program's WASM; every other frame runs as usual. Validation, value transfer, checkpoints,
/// gas settlement and everything else stay revm's.
pub struct StylusEvm {
    /// The wrapped mainnet EVM (with ArbWasm among its precompiles); its context is the chain's state.
    pub inner: Evm<Ctx, (), EthInstructions<EthInterpreter, Ctx>, StylusPrecompiles, EthFrame<EthInterpreter>>,
    /// Per frame on revm's frame stack (by index): the contract it runs as, whether it runs
    /// another account's code in that contract's context (DELEGATECALL, CALLCODE), whether its
    /// code is Stylus, and the Stylus execution suspended in a call, if any.
    frames: Vec<FrameSlot>,
}

#[derive(Default)]
struct FrameSlot {
    contract: Address,
    delegated: bool,
    is_stylus: bool,
    suspended: Option<Box<Execution>>,
}

impl std::fmt::Debug for StylusEvm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StylusEvm").field("precompiles", &self.inner.precompiles).finish_non_exhaustive()
    }
}

impl StylusEvm {
    /// A mainnet EVM over `ctx` with the Stylus executor and ArbWasm.
    pub fn new(ctx: Ctx) -> Self {
        let spec = ctx.cfg.spec;
        let inner = Evm {
            ctx,
            inspector: (),
            instruction: EthInstructions::new_mainnet_with_spec(spec),
            precompiles: StylusPrecompiles::new(spec),
            frame_stack: FrameStack::new_prealloc(8),
        };
        Self { inner, frames: Vec::new() }
    }

    fn top_stylus_index(&self) -> Option<usize> {
        self.inner.frame_stack.index().filter(|index| self.frames.get(*index).is_some_and(|slot| slot.is_stylus))
    }
}

impl EvmTr for StylusEvm {
    type Context = Ctx;
    type Instructions = EthInstructions<EthInterpreter, Ctx>;
    type Precompiles = StylusPrecompiles;
    type Frame = EthFrame<EthInterpreter>;

    fn all(&self) -> (&Self::Context, &Self::Instructions, &Self::Precompiles, &FrameStack<Self::Frame>) {
        self.inner.all()
    }

    fn all_mut(
        &mut self,
    ) -> (&mut Self::Context, &mut Self::Instructions, &mut Self::Precompiles, &mut FrameStack<Self::Frame>) {
        self.inner.all_mut()
    }

    fn frame_init(&mut self, frame_input: FrameInit) -> Result<FrameInitResult<'_, Self::Frame>, ContextDbError<Ctx>> {
        // As Nitro's `IsDelegateOrCallcode`: by the call's scheme, so that a program that
        // DELEGATECALLs its own code (the settlement engine's `settle` does) is not re-entered.
        let delegated = matches!(
            &frame_input.frame_input,
            FrameInput::Call(call) if matches!(call.scheme, CallScheme::DelegateCall | CallScheme::CallCode)
        );
        let started = self.inner.frame_init(frame_input)?.map_item(|frame| {
            let contract = frame.interpreter.input.target_address;
            (contract, delegated, program::is_stylus(frame.interpreter.bytecode.original_byte_slice()))
        });
        match started {
            ItemOrResult::Item((contract, delegated, is_stylus)) => {
                if let Some(index) = self.inner.frame_stack.index() {
                    self.frames.resize_with(index + 1, FrameSlot::default);
                    self.frames[index] = FrameSlot { contract, delegated, is_stylus, suspended: None };
                }
                Ok(ItemOrResult::Item(self.inner.frame_stack.get()))
            }
            ItemOrResult::Result(result) => Ok(ItemOrResult::Result(result)),
        }
    }

    fn frame_run(&mut self) -> Result<FrameInitOrResult<Self::Frame>, ContextDbError<Ctx>> {
        let Some(index) = self.top_stylus_index() else {
            return self.inner.frame_run();
        };
        let Evm { ctx, frame_stack, precompiles, .. } = &mut self.inner;
        let frame = frame_stack.get();
        let step = match self.frames[index].suspended.take() {
            Some(execution) => execution.resume(ctx, frame),
            None => {
                // Reentrant, as Nitro counts it: more than one open frame acts as this contract,
                // counting only frames entered by CALL or STATICCALL (Nitro's `PushContract` skips
                // delegate and callcode frames). A DELEGATECALL runs code in its caller's context
                // without re-entering it, even its own code, so it neither counts nor is reentrant
                // by itself (a program split across delegate targets keeps working).
                let contract = self.frames[index].contract;
                let entered = self.frames[..=index].iter().filter(|slot| slot.contract == contract && !slot.delegated);
                let reentrant = entered.count() > 1;
                precompiles.programs.start(ctx, frame, reentrant)
            }
        };
        let result = match step {
            Step::Call(execution, init) => {
                self.frames[index].suspended = Some(execution);
                return Ok(ItemOrResult::Item(init));
            }
            Step::Done(result) => result,
        };
        frame
            .process_next_action::<_, ContextError<std::convert::Infallible>>(ctx, InterpreterAction::Return(result))
            .inspect(|next| {
                if next.is_result() {
                    frame.set_finished(true);
                }
            })
    }

    fn frame_return_result(
        &mut self,
        result: <Self::Frame as revm::handler::FrameTr>::FrameResult,
    ) -> Result<Option<<Self::Frame as revm::handler::FrameTr>::FrameResult>, ContextDbError<Ctx>> {
        self.inner.frame_return_result(result)
    }
}
