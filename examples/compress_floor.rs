//! The hardware floor for PBKDF2-HMAC: `2 × ITERATIONS` dependent calls
//! of the hash crate's block compression function, the same public
//! functions saslenc's derivation calls (`sha1::block_api::compress`,
//! `sha2::block_api::compress256` and `compress512`), and nothing else:
//! no HMAC, no padding, no copying of states. Each compression starts
//! from the state the one before it left, so none can overlap the next.
//! An iteration of PBKDF2-HMAC is two compressions, so a derivation of
//! ITERATIONS cannot be faster than this loop. `bench/secret.sh` times it
//! next to saslenc in the same run.
//!
//! Usage: `compress_floor sha1|sha256|sha512 ITERATIONS`; prints the
//! final state in hex (so that the work cannot be optimised away).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [hash, iterations] = &args[..] else {
        eprintln!("usage: compress_floor sha1|sha256|sha512 ITERATIONS");
        return ExitCode::from(2);
    };
    let Ok(iterations) = iterations.parse::<u64>() else {
        eprintln!("compress_floor: ITERATIONS is not a number");
        return ExitCode::from(2);
    };
    let calls = 2 * iterations;
    let words: Vec<String> = match hash.as_str() {
        "sha1" => {
            let mut state = [0x67452301u32, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
            let block = [[0x36u8; 64]];
            for _ in 0..calls {
                sha1::block_api::compress(&mut state, &block);
            }
            state.iter().map(|w| format!("{w:08x}")).collect()
        }
        "sha256" => {
            let mut state = [
                0x6a09e667u32,
                0xbb67ae85,
                0x3c6ef372,
                0xa54ff53a,
                0x510e527f,
                0x9b05688c,
                0x1f83d9ab,
                0x5be0cd19,
            ];
            let block = [[0x36u8; 64]];
            for _ in 0..calls {
                sha2::block_api::compress256(&mut state, &block);
            }
            state.iter().map(|w| format!("{w:08x}")).collect()
        }
        "sha512" => {
            let mut state = [
                0x6a09e667f3bcc908u64,
                0xbb67ae8584caa73b,
                0x3c6ef372fe94f82b,
                0xa54ff53a5f1d36f1,
                0x510e527fade682d1,
                0x9b05688c2b3e6c1f,
                0x1f83d9abfb41bd6b,
                0x5be0cd19137e2179,
            ];
            let block = [[0x36u8; 128]];
            for _ in 0..calls {
                sha2::block_api::compress512(&mut state, &block);
            }
            state.iter().map(|w| format!("{w:016x}")).collect()
        }
        _ => {
            eprintln!("compress_floor: the hash is sha1, sha256 or sha512");
            return ExitCode::from(2);
        }
    };
    println!("{}", words.concat());
    ExitCode::SUCCESS
}
