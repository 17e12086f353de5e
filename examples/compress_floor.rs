//! The hardware floor for PBKDF2-HMAC: `2 × ITERATIONS` dependent calls
//! of the hash crate's block compression function, the same public
//! functions saslenc's derivation calls (`sha1::block_api::compress`,
//! `sha2::block_api::compress256` and `compress512`), and no HMAC, no
//! padding, no sum. An iteration of PBKDF2-HMAC is two compressions, so a
//! derivation of ITERATIONS cannot be faster than this loop.
//! `bench/secret.sh` times it next to saslenc in the same run.
//!
//! Two kinds of dependency:
//!
//! - `state`: each compression continues from the state the one before
//!   left, on a fixed block. The message schedule of the next block does
//!   not wait for anything, so it overlaps the rounds: the lowest floor.
//! - `block`: each compression starts from a fixed state, and its block is
//!   the previous output, big-endian, as PBKDF2's must be (`U_i` is the
//!   message that makes `U_{i+1}`). Every compression waits for the one
//!   before, writing its output as bytes, and reading them back.
//!
//! Usage: `compress_floor state|block sha1|sha256|sha512 ITERATIONS`;
//! prints the final state in hex (so that the work cannot be optimised
//! away).

use std::process::ExitCode;

const SHA1: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
const SHA256: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const SHA512: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// A state word, written big-endian.
trait Word: Copy + std::fmt::LowerHex {
    fn put(self, out: &mut [u8]);
}

impl Word for u32 {
    fn put(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_be_bytes());
    }
}

impl Word for u64 {
    fn put(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_be_bytes());
    }
}

/// `calls` compressions with `compress`, chained as `fed` says; the last
/// state as hex.
fn run<W: Word, const N: usize, const B: usize>(
    init: [W; N],
    compress: fn(&mut [W; N], &[[u8; B]]),
    fed: bool,
    calls: u64,
) -> String {
    let mut state = init;
    let mut block = [[0x36u8; B]];
    for _ in 0..calls {
        if fed {
            state = init;
        }
        compress(&mut state, &block);
        if fed {
            let size = std::mem::size_of::<W>();
            for (word, bytes) in state.iter().zip(block[0].chunks_exact_mut(size)) {
                word.put(bytes);
            }
        }
    }
    state.iter().map(|w| format!("{w:x}")).collect()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, hash, iterations] = &args[..] else {
        eprintln!("usage: compress_floor state|block sha1|sha256|sha512 ITERATIONS");
        return ExitCode::from(2);
    };
    let fed = match kind.as_str() {
        "state" => false,
        "block" => true,
        _ => {
            eprintln!("compress_floor: the dependency is state or block");
            return ExitCode::from(2);
        }
    };
    let Ok(iterations) = iterations.parse::<u64>() else {
        eprintln!("compress_floor: ITERATIONS is not a number");
        return ExitCode::from(2);
    };
    let calls = 2 * iterations;
    let last = match hash.as_str() {
        "sha1" => run(SHA1, sha1::block_api::compress, fed, calls),
        "sha256" => run(SHA256, sha2::block_api::compress256, fed, calls),
        "sha512" => run(SHA512, sha2::block_api::compress512, fed, calls),
        _ => {
            eprintln!("compress_floor: the hash is sha1, sha256 or sha512");
            return ExitCode::from(2);
        }
    };
    println!("{last}");
    ExitCode::SUCCESS
}
