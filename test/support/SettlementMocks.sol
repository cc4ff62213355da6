// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockERC20
/// @notice A plain OpenZeppelin ERC-20 with an open mint, for the settlement tests.
contract MockERC20 is ERC20 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /// @notice Mints `amount` to `to`; anyone may call.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @title FeeOnTransferERC20
/// @notice Burns `feeBps` of every transfer, so the recipient receives less than was sent.
contract FeeOnTransferERC20 is ERC20 {
    uint256 public immutable feeBps;

    constructor(uint256 feeBps_) ERC20("Fee On Transfer", "FOT") {
        feeBps = feeBps_;
    }

    /// @notice Mints `amount` to `to`; anyone may call.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 cut = value * feeBps / 10_000;
        super._update(from, address(0), cut);
        super._update(from, to, value - cut);
    }
}

/// @title QuirkyERC20
/// @notice An ERC-20 whose `transfer` and `transferFrom` can misbehave as old tokens do: in mode 1
/// they return `false` without moving anything; in mode 2 they move the tokens and return nothing
/// (no return data at all, as USDT does). In mode 3 `transferFrom` burns `value` from the recipient
/// instead of paying it, so that the recipient's balance falls. Mode 0 is a plain ERC-20.
contract QuirkyERC20 is ERC20 {
    uint8 public mode;

    constructor() ERC20("Quirky", "QRK") {}

    /// @notice Mints `amount` to `to`; anyone may call.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets how transfers answer: 0 normally, 1 `false`, 2 without return data, 3 by
    /// burning from the recipient (`transferFrom` only).
    function setMode(uint8 mode_) external {
        mode = mode_;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (mode == 1) return false;
        bool ok = super.transfer(to, value);
        if (mode == 2) _returnNothing();
        return ok;
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (mode == 1) return false;
        if (mode == 3) {
            _burn(to, value);
            return true;
        }
        bool ok = super.transferFrom(from, to, value);
        if (mode == 2) _returnNothing();
        return ok;
    }

    function _returnNothing() private pure {
        assembly ("memory-safe") {
            return(0, 0)
        }
    }
}

/// @title ReentrantERC20
/// @notice An ERC-20 that, when armed, calls `target` with `payload` from inside `transferFrom` or
/// `transfer` (before moving the tokens), records how the inner call ended and either swallows its
/// failure or bubbles it up.
contract ReentrantERC20 is ERC20 {
    address public target;
    bytes public payload;
    bool public bubble;
    bool public onTransferFrom;
    bool public onTransfer;

    /// @notice How many re-entries were attempted, and how many of them succeeded.
    uint256 public reentries;
    uint256 public reentrySuccesses;
    /// @notice The revert data of the last failed re-entry.
    bytes public lastRevertData;

    constructor() ERC20("Reentrant", "RE") {}

    /// @notice Mints `amount` to `to`; anyone may call.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the token: the next transfers call `target_` with `payload_`.
    function arm(
        address target_,
        bytes calldata payload_,
        bool bubble_,
        bool onTransferFrom_,
        bool onTransfer_
    ) external {
        (target, payload, bubble, onTransferFrom, onTransfer) =
        (target_, payload_, bubble_, onTransferFrom_, onTransfer_);
    }

    /// @notice Lets this contract approve a spender (it is itself a credited account in some tests).
    function approveFromSelf(address spender, uint256 amount) external {
        _approve(address(this), spender, amount);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (onTransferFrom) _reenter();
        return super.transferFrom(from, to, value);
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (onTransfer) _reenter();
        return super.transfer(to, value);
    }

    function _reenter() private {
        reentries++;
        (bool ok, bytes memory data) = target.call(payload);
        if (ok) {
            reentrySuccesses++;
            return;
        }
        lastRevertData = data;
        if (bubble) {
            assembly ("memory-safe") {
                revert(add(data, 0x20), mload(data))
            }
        }
    }
}

/// @title ReentrantReceiver
/// @notice Withdraws its ETH credit from the engine and, in `receive`, tries to withdraw again.
contract ReentrantReceiver {
    address public immutable engine;
    bool public bubble;

    uint256 public reentries;
    uint256 public reentrySuccesses;
    bytes public lastRevertData;

    constructor(address engine_, bool bubble_) {
        engine = engine_;
        bubble = bubble_;
    }

    /// @notice Calls `withdraw(address(0))` on the engine.
    function withdrawEth() external returns (uint256 amount) {
        (bool ok, bytes memory data) = engine.call(abi.encodeWithSignature("withdraw(address)", address(0)));
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(data, 0x20), mload(data))
            }
        }
        amount = abi.decode(data, (uint256));
    }

    receive() external payable {
        if (reentries != 0) return;
        reentries++;
        (bool ok, bytes memory data) = engine.call(abi.encodeWithSignature("withdraw(address)", address(0)));
        if (ok) {
            reentrySuccesses++;
            return;
        }
        lastRevertData = data;
        if (bubble) {
            assembly ("memory-safe") {
                revert(add(data, 0x20), mload(data))
            }
        }
    }
}

/// @title RejectingReceiver
/// @notice Refuses ETH; can still call the engine's `withdraw`.
contract RejectingReceiver {
    /// @notice Calls `withdraw(token)` on `engine`, bubbling its revert.
    function withdrawFrom(address engine, address token) external returns (uint256 amount) {
        (bool ok, bytes memory data) = engine.call(abi.encodeWithSignature("withdraw(address)", token));
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(data, 0x20), mload(data))
            }
        }
        amount = abi.decode(data, (uint256));
    }

    receive() external payable {
        revert("no ETH");
    }
}
