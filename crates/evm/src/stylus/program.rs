//! The deployable form of a Stylus program, exactly as `cargo stylus` makes it.
//!
//! Deployed code is `EF F0 00 00` followed by the brotli-compressed WASM: `EF F0` marks Stylus
//! code, the third byte is the format version (0) and the fourth the brotli dictionary (0, none).
//! The initcode that deploys it is a 43-byte EVM prelude that copies and returns the code, then a
//! version byte, then the code.

use alloy_primitives::Bytes;

use crate::{Error, Result};

/// The prefix of deployed Stylus code: magic `EF F0`, version 0, no dictionary.
pub const STYLUS_PREFIX: [u8; 4] = [0xEF, 0xF0, 0x00, 0x00];

/// What identifies code as Stylus when the EVM is about to run it: `EF F0 00`.
pub const STYLUS_DISCRIMINANT: [u8; 3] = [0xEF, 0xF0, 0x00];

/// Arbitrum's limit on deployed code, the 4-byte prefix included (24 KiB).
pub const MAX_CODE_SIZE: usize = 24_576;

/// Arbitrum's limit on a program's uncompressed WASM (128 KiB).
pub const MAX_WASM_SIZE: usize = 128 * 1024;

/// Brotli quality and window `cargo stylus` compresses with.
const BROTLI_QUALITY: u32 = 11;
const BROTLI_WINDOW: u32 = 22;

/// The selector stylus-sdk gives every constructor: `keccak256("stylus_constructor()")[..4]`. The
/// constructor's ABI-encoded arguments follow it in the calldata of the call after deployment.
pub const CONSTRUCTOR_SELECTOR: [u8; 4] = [0x55, 0x85, 0x25, 0x8d];

/// Reads deployable code written as hex by `chlom stylus package` (`script/build-stylus.sh`).
pub fn read_code(path: impl AsRef<std::path::Path>) -> Result<Bytes> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|error| {
        Error::StylusProgram(format!("cannot read {} ({error}): run script/build-stylus.sh first", path.display()))
    })?;
    text.trim().parse().map_err(|_| Error::StylusProgram(format!("{} is not hex", path.display())))
}

/// Whether `code` is Stylus code (starts with `EF F0 00`).
pub fn is_stylus(code: &[u8]) -> bool {
    code.starts_with(&STYLUS_DISCRIMINANT)
}

/// Compresses `wasm` into deployable code: the prefix and the brotli stream. Fails when the result
/// is over Arbitrum's code-size limit or the WASM over its uncompressed limit.
pub fn compress(wasm: &[u8]) -> Result<Bytes> {
    if wasm.len() > MAX_WASM_SIZE {
        return Err(Error::StylusProgram(format!(
            "the WASM is {} bytes; Arbitrum accepts at most {MAX_WASM_SIZE} uncompressed",
            wasm.len()
        )));
    }
    let mut code = STYLUS_PREFIX.to_vec();
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY as i32,
        lgwin: BROTLI_WINDOW as i32,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &wasm[..], &mut code, &params)
        .map_err(|error| Error::StylusProgram(format!("brotli compression failed: {error}")))?;
    if code.len() > MAX_CODE_SIZE {
        return Err(Error::StylusProgram(format!(
            "the compressed program is {} bytes; Arbitrum accepts at most {MAX_CODE_SIZE}",
            code.len()
        )));
    }
    Ok(code.into())
}

/// Recovers the WASM from deployed Stylus code, refusing more than [`MAX_WASM_SIZE`] bytes.
pub fn decompress(code: &[u8]) -> Result<Vec<u8>> {
    let Some(stream) = code.strip_prefix(&STYLUS_PREFIX[..]) else {
        return Err(Error::StylusProgram(match code.get(..4) {
            Some(prefix) if prefix.starts_with(&STYLUS_DISCRIMINANT) => {
                format!("unsupported Stylus dictionary {:#04x}: only 0 (none) is supported", prefix[3])
            }
            _ => "the code does not start with the Stylus prefix EF F0 00 00".to_owned(),
        }));
    };
    let mut wasm = Vec::new();
    let mut limited = LimitedWriter { inner: &mut wasm, limit: MAX_WASM_SIZE };
    brotli::BrotliDecompress(&mut &stream[..], &mut limited)
        .map_err(|error| Error::StylusProgram(format!("the program is not a valid brotli stream: {error}")))?;
    Ok(wasm)
}

/// Initcode that deploys `code` (normally the output of [`compress`]): `PUSH32 len, DUP1, PUSH1 43,
/// PUSH1 0, CODECOPY, PUSH1 0, RETURN`, the version byte 0, then the code.
pub fn initcode(code: &[u8]) -> Bytes {
    let mut initcode = Vec::with_capacity(code.len() + 43);
    initcode.push(0x7f);
    initcode.extend_from_slice(&alloy_primitives::U256::from(code.len()).to_be_bytes::<32>());
    initcode.extend_from_slice(&[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
    initcode.extend_from_slice(code);
    initcode.into()
}

/// A writer that fails once more than `limit` bytes were written (a decompression-bomb guard).
struct LimitedWriter<'a> {
    inner: &'a mut Vec<u8>,
    limit: usize,
}

impl std::io::Write for LimitedWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.inner.len() + buf.len() > self.limit {
            return Err(std::io::Error::other(format!("the WASM exceeds {} bytes uncompressed", self.limit)));
        }
        self.inner.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compress_then_decompress_round_trips() {
        let wasm = b"\0asm\x01\0\0\0 a tiny module body, repeated repeated repeated".to_vec();
        let code = compress(&wasm).expect("compresses");
        assert!(code.starts_with(&STYLUS_PREFIX));
        assert!(is_stylus(&code));
        assert_eq!(decompress(&code).expect("decompresses"), wasm);
    }

    #[test]
    fn initcode_prelude_is_43_bytes_then_the_code() {
        let initcode = initcode(&[0xEF, 0xF0, 0x00, 0x00, 0xAA]);
        assert_eq!(initcode[0], 0x7f);
        assert_eq!(initcode[32], 5, "length in the PUSH32");
        assert_eq!(&initcode[33..43], &[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
        assert_eq!(&initcode[43..], &[0xEF, 0xF0, 0x00, 0x00, 0xAA]);
    }

    #[test]
    fn bad_code_is_a_typed_error() {
        assert!(matches!(decompress(&[0x60, 0x00]), Err(Error::StylusProgram(_))));
        assert!(
            matches!(decompress(&[0xEF, 0xF0, 0x00, 0x01, 0x00]), Err(Error::StylusProgram(m)) if m.contains("dictionary"))
        );
        assert!(matches!(decompress(&[0xEF, 0xF0, 0x00, 0x00, 0xFF, 0xFF]), Err(Error::StylusProgram(_))));
    }

    #[test]
    fn oversized_programs_are_refused() {
        assert!(matches!(compress(&vec![0u8; MAX_WASM_SIZE + 1]), Err(Error::StylusProgram(_))));
        // Incompressible bytes larger than the code limit.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let noise: Vec<u8> = (0..60_000)
            .map(|_| {
                // xorshift64: bytes brotli cannot compress below the code-size limit.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        assert!(matches!(compress(&noise), Err(Error::StylusProgram(m)) if m.contains("compressed")));
    }
}
