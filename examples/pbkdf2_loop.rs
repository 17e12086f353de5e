//! The floor for `saslenc secret`: one PBKDF2-HMAC derivation with the
//! `pbkdf2` crate and nothing else, as a process of its own, so that
//! `bench/secret.sh` can time it next to saslenc in the same run.
//!
//! Usage: `pbkdf2_loop sha1|sha256|sha512 ITERATIONS PASSWORD`; prints the
//! derived key in hex (so that the work cannot be optimised away).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [hash, iterations, password] = &args[..] else {
        eprintln!("usage: pbkdf2_loop sha1|sha256|sha512 ITERATIONS PASSWORD");
        return ExitCode::from(2);
    };
    let Ok(iterations) = iterations.parse::<u32>() else {
        eprintln!("pbkdf2_loop: ITERATIONS is not a number");
        return ExitCode::from(2);
    };
    let salt: Vec<u8> = (0u8..16).collect();
    let key = match hash.as_str() {
        "sha1" => {
            let mut out = [0u8; 20];
            pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), &salt, iterations, &mut out);
            out.to_vec()
        }
        "sha256" => {
            let mut out = [0u8; 32];
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &salt, iterations, &mut out);
            out.to_vec()
        }
        "sha512" => {
            let mut out = [0u8; 64];
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password.as_bytes(), &salt, iterations, &mut out);
            out.to_vec()
        }
        _ => {
            eprintln!("pbkdf2_loop: the hash is sha1, sha256 or sha512");
            return ExitCode::from(2);
        }
    };
    println!("{}", hex::encode(key));
    ExitCode::SUCCESS
}
