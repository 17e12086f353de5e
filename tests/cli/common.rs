//! Helpers shared by the command-line tests.

use assert_cmd::Command;

/// The `saslenc` binary with an empty environment apart from PATH, and
/// standard input closed (so nothing can prompt).
pub fn saslenc() -> Command {
    let mut cmd = Command::cargo_bin("saslenc").expect("the saslenc binary is built");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .write_stdin("");
    cmd
}

/// Decodes standard base64 (padding required), panicking on anything else:
/// output that is not exactly base64 must fail the test.
pub fn b64decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_else(|e| panic!("{text:?} is not standard padded base64: {e}"))
}

/// A fresh temporary directory, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// Standard base64 with padding.
pub fn b64encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The server side of SCRAM (RFC 5802 section 3), computed here from the
/// RustCrypto crates directly and never through saslenc's SCRAM code:
/// returns (expected client proof, server signature) for `auth_message`.
pub fn scram_server_side(
    sha256: bool,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    auth_message: &[u8],
) -> (Vec<u8>, Vec<u8>) {
    use hmac::{Hmac, KeyInit, Mac};
    use sha2::Digest;

    fn hmac_sha1(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut m = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(key).unwrap();
        m.update(data);
        m.finalize().into_bytes().to_vec()
    }
    fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut m = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
        m.update(data);
        m.finalize().into_bytes().to_vec()
    }
    type HmacFn = fn(&[u8], &[u8]) -> Vec<u8>;
    let (salted, mac): (Vec<u8>, HmacFn) = if sha256 {
        let mut out = vec![0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut out);
        (out, hmac_sha256)
    } else {
        let mut out = vec![0u8; 20];
        pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, &mut out);
        (out, hmac_sha1)
    };
    let client_key = mac(&salted, b"Client Key");
    let stored_key = if sha256 {
        sha2::Sha256::digest(&client_key).to_vec()
    } else {
        sha1::Sha1::digest(&client_key).to_vec()
    };
    let client_signature = mac(&stored_key, auth_message);
    let proof = client_key
        .iter()
        .zip(&client_signature)
        .map(|(k, s)| k ^ s)
        .collect();
    let server_key = mac(&salted, b"Server Key");
    (proof, mac(&server_key, auth_message))
}

/// Runs `saslenc ARGS` on a real pseudo-terminal (util-linux `script`) and,
/// for each `(prompt, typed)` in turn, types the bytes `typed` once
/// `prompt` is on the screen, as a person would. Returns the exit status
/// and everything the terminal showed; `None` when `script` is missing.
pub fn on_terminal(
    args: &str,
    answers: &[(&str, &[u8])],
) -> Option<(std::process::ExitStatus, Vec<u8>)> {
    use std::io::{Read, Write};
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: util-linux `script` is not installed");
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("saslenc");
    let mut child = std::process::Command::new("script")
        .args(["-qec"])
        .arg(format!("{} {args}", bin.display()))
        .arg("/dev/null")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script starts");
    let mut stdout = child.stdout.take().expect("script's stdout");
    let mut stdin = child.stdin.take().expect("script's stdin");
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    for (prompt, typed) in answers {
        while !String::from_utf8_lossy(&seen).contains(prompt) {
            assert_eq!(stdout.read(&mut byte).unwrap(), 1, "no prompt: {seen:?}");
            seen.push(byte[0]);
        }
        // Echo is turned off right after the prompt shows: let it be.
        std::thread::sleep(std::time::Duration::from_millis(300));
        stdin.write_all(typed).unwrap();
    }
    // Each caller's command ends by itself once it has its answers.
    stdout.read_to_end(&mut seen).unwrap();
    drop(stdin);
    Some((child.wait().unwrap(), seen))
}
