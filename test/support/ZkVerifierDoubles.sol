// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title SwitchVerifier
/// @notice TEST DOUBLE of a verifier, for the registry's own logic only (role, root, nullifier and
/// answer-handling paths), with the selectors of `IGroth16Verifier`: it answers whatever the test sets, whatever the proof. It is not a stand-in
/// for the real generated verifiers, which the happy-path and tamper tests use with real proofs.
contract SwitchVerifier {
    uint256 private immutable _count;
    bool public answer = true;

    constructor(uint256 count) {
        _count = count;
    }

    function setAnswer(bool value) external {
        answer = value;
    }

    function verifyProof(uint256[8] calldata, uint256[] calldata) external view returns (bool) {
        return answer;
    }

    function publicInputCount() external view returns (uint256) {
        return _count;
    }
}

/// @title MisbehavingVerifier
/// @notice TEST DOUBLE: a "verifier" whose `verifyProof` misbehaves in the way chosen at deployment, to
/// check that the registry reads any such answer as "invalid". `publicInputCount()` answers 3.
contract MisbehavingVerifier {
    enum Mode {
        Revert,
        RevertWithData,
        Empty,
        Short,
        Long,
        Two,
        Huge,
        BurnGas
    }

    Mode public immutable mode;

    constructor(Mode mode_) {
        mode = mode_;
    }

    function publicInputCount() external pure returns (uint256) {
        return 3;
    }

    fallback() external {
        Mode m = mode;
        assembly {
            switch m
            case 0 { revert(0, 0) }
            case 1 {
                mstore(0, 0x08c379a0)
                revert(0x1c, 0x64)
            }
            case 2 { return(0, 0) }
            case 3 {
                mstore(0, 1)
                return(0x1f, 1)
            }
            case 4 {
                mstore(0, 1)
                mstore(0x20, 1)
                return(0, 0x40)
            }
            case 5 {
                mstore(0, 2)
                return(0, 0x20)
            }
            case 6 {
                mstore(0, 1)
                return(0, 0x10000)
            }
            default { invalid() }
        }
    }
}

/// @title BadCountVerifier
/// @notice TEST DOUBLE: `publicInputCount()` misbehaves (reverts, answers short data, or a given count),
/// to check the registry's registration checks.
contract BadCountVerifier {
    uint256 private immutable _count;
    uint8 private immutable _mode; // 0: answer _count, 1: revert, 2: answer 31 bytes

    constructor(uint256 count, uint8 mode) {
        _count = count;
        _mode = mode;
    }

    fallback() external {
        uint256 count = _count;
        uint8 mode = _mode;
        assembly {
            if eq(mode, 1) { revert(0, 0) }
            mstore(0, count)
            if eq(mode, 2) { return(0, 31) }
            return(0, 0x20)
        }
    }
}
