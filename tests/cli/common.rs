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
