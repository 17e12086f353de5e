//! GNU gsasl's command line as the reference implementation.
//!
//! `gsasl --client` and `gsasl --server` (without `--connect`) run one side
//! of a mechanism over their own stdin and stdout, one base64 line a step.
//! What gsasl 2.2.0 does there (see also docs/testing.md, "Verified against"):
//!
//! * stdout line 1 is always the mechanism name, even with `--quiet`;
//! * then the side's first output, printed before any input is read: the
//!   client's initial response, or an empty line when it has none (CRAM-MD5,
//!   EXTERNAL without authzid, an empty ANONYMOUS token); the server's
//!   challenge (CRAM-MD5), or an empty line for client-first mechanisms;
//! * then one output line for every input line;
//! * once the mechanism is done, gsasl reads one more line (data that may
//!   come with success) and exits 0 at end of input, or 1 if input ended
//!   before that line; a server that refuses exits 1 with `gsasl: mechanism
//!   error: Error authenticating user` on stderr;
//! * SCRAM asks for channel-binding data on stdout unless `--no-cb`, and any
//!   missing `-a`/`-p`/`-n` is prompted for: always pass them all;
//! * LOGIN is client-first: the user name comes out before any prompt, and
//!   the prompts' content is not looked at;
//! * SASLprep (libidn) is applied to CRAM-MD5 and SCRAM user names and
//!   passwords, not to PLAIN, LOGIN, ANONYMOUS or EXTERNAL fields;
//! * `--server` checks the password only: it accepts any user name.

use std::ffi::OsString;
use std::io::Write;
use std::process::{Command, Stdio};

use crate::process::Interactive;

/// Checks that the `gsasl` command runs; `Err` explains how to get it.
pub fn availability() -> Result<(), String> {
    version().map(|_| ())
}

/// The first line of `gsasl --version`, e.g. `gsasl (GNU SASL) 2.2.0`.
pub fn version() -> Result<String, String> {
    let output = Command::new("gsasl")
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("`gsasl` not runnable ({e}); apt-get install gsasl"))?;
    if !output.status.success() {
        return Err(format!("`gsasl --version` failed ({})", output.status));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string())
}

/// Runs `gsasl --client --quiet --no-cb -m MECHANISM OPTIONS` with `input`
/// (the server's lines, each ending in `\n`) and returns the client's
/// output lines after the mechanism name.
pub fn client(mechanism: &str, options: &[OsString], input: &str) -> Result<Vec<String>, String> {
    let mut child = Command::new("gsasl")
        .args(["--client", "--quiet", "--no-cb", "-m", mechanism])
        .args(options)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run gsasl: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("gsasl started without stdin")?;
    stdin
        .write_all(input.as_bytes())
        .map_err(|e| format!("cannot write to gsasl: {e}"))?;
    drop(stdin);
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot wait for gsasl: {e}"))?;
    let stdout = String::from_utf8(output.stdout)
        .map_err(|e| format!("gsasl printed non-UTF-8 output: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "gsasl exited with {}; stdout {stdout:?}, stderr {:?}",
            output.status,
            stderr.trim()
        ));
    }
    let mut lines = stdout.lines();
    match lines.next() {
        Some(name) if name == mechanism => Ok(lines.map(str::to_string).collect()),
        other => Err(format!(
            "gsasl announced {other:?} instead of {mechanism}; stdout {stdout:?}"
        )),
    }
}

/// A running `gsasl --server --quiet --no-cb -m MECHANISM --password=...`.
pub struct Server {
    process: Interactive,
}

impl Server {
    /// Starts the server side for `password` (plus `options`) and reads the
    /// mechanism name. Its first output (the CRAM-MD5 challenge, or an empty
    /// line for client-first mechanisms) is the next [`Server::read_line`].
    pub fn spawn(mechanism: &str, password: &str, options: &[&str]) -> Result<Server, String> {
        let mut command = Command::new("gsasl");
        command
            .args(["--server", "--quiet", "--no-cb", "-m", mechanism])
            .arg(format!("--password={password}"))
            .args(options);
        let mut server = Server {
            process: Interactive::spawn("gsasl", &mut command)?,
        };
        let name = server.read_line()?;
        if name != mechanism {
            return Err(format!("gsasl announced {name:?} instead of {mechanism}"));
        }
        Ok(server)
    }

    /// The server's next output line.
    pub fn read_line(&mut self) -> Result<String, String> {
        self.process.read_line()
    }

    /// Gives the server the client's next line.
    pub fn write_line(&mut self, line: &str) -> Result<(), String> {
        self.process.write_line(line)
    }

    /// Ends the exchange: the server's verdict is its exit status, 0 for
    /// success (it has then read the client's final, empty line).
    pub fn finish(&mut self) -> Result<Option<i32>, String> {
        self.process.finish()
    }

    /// The exchange and gsasl's stderr, for failure reports.
    pub fn describe(&self) -> String {
        self.process.describe()
    }
}
