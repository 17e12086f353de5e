//! saslenc itself, as the credential producer: the binary Cargo built for
//! this test run (`CARGO_BIN_EXE_saslenc`), spawned once a case.
//!
//! Two ways of running it, as people do:
//! * one shot ([`run`]): all arguments on the command line, the lines to
//!   send on stdout (`plain`, `login`, `anonymous`, `external`, `cram-md5
//!   --challenge`);
//! * the conversation mode ([`Conversation`]): saslenc prints its first
//!   line (if the mechanism has one), reads each server line from stdin as
//!   a person would paste it (`334 <base64>` or `+ <base64>`), prints the
//!   next response, and ends with the server's verdict line, exit 0 for
//!   success and 1 for a refusal.
//!
//! Secrets never travel on stdin here (stdin carries the server's lines in
//! the conversation mode): they come from `--pass-env` or `--pass-file`.
//! No output is ever re-encoded: the lines saslenc prints are sent as they
//! are, except that `=`, saslenc's printed form of an empty initial
//! response, is handed to the client as the empty initial response, which
//! the client writes as `=` again on a command line.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::client::Responder;
use crate::process::Interactive;

/// The environment variable a case's password is passed in (`--pass-env`).
pub const PASS_ENV: &str = "SASLENC_INTEROP_PASSWORD";

/// The binary under test.
pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_saslenc"))
}

/// What a one-shot run produced.
#[derive(Debug)]
pub struct Output {
    /// The exit status (`None`: killed by a signal).
    pub code: Option<i32>,
    /// Standard output, bytes as written.
    pub stdout: Vec<u8>,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Output {
    /// The stdout lines of a successful run, checked to be what saslenc
    /// promises: newline-terminated lines, no CR, no other white space, no
    /// wrapping (each line is one whole message).
    pub fn lines(&self) -> Result<Vec<String>, String> {
        if self.code != Some(0) {
            return Err(format!(
                "saslenc exited with {:?}; stderr: {}",
                self.code,
                self.stderr.trim()
            ));
        }
        let text = String::from_utf8(self.stdout.clone())
            .map_err(|e| format!("saslenc printed non-UTF-8 output: {e}"))?;
        let Some(body) = text.strip_suffix('\n') else {
            return Err(format!(
                "saslenc output does not end in a newline: {text:?}"
            ));
        };
        let lines: Vec<String> = body.split('\n').map(str::to_string).collect();
        if let Some(bad) = lines.iter().find(|l| l.contains(char::is_whitespace)) {
            return Err(format!(
                "saslenc printed white space inside a line: {bad:?}"
            ));
        }
        Ok(lines)
    }
}

/// Runs saslenc once with `args`, the password (if any) in [`PASS_ENV`].
pub fn run(args: &[OsString], password: Option<&str>) -> Result<Output, String> {
    let mut command = Command::new(binary());
    command.args(args).env_remove(PASS_ENV);
    if let Some(password) = password {
        command.env(PASS_ENV, password);
    }
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary().display()))?;
    Ok(Output {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

/// `--name=value`: the one spelling that keeps a value starting with `-`
/// a value.
pub fn opt(name: &str, value: &str) -> OsString {
    OsString::from(format!("--{name}={value}"))
}

/// A running `saslenc <mechanism> ...` in the conversation mode, usable as
/// the client's [`Responder`].
pub struct Conversation {
    process: Interactive,
    /// What the server puts before a challenge: `334` (SMTP) or `+`.
    marker: &'static str,
}

impl Conversation {
    /// Starts saslenc with `args` and the password in [`PASS_ENV`]; server
    /// challenges will be written to it behind `marker` (`334`, `+`), as
    /// the server sent them, or bare when `marker` is empty.
    pub fn spawn(
        args: &[OsString],
        password: Option<&str>,
        marker: &'static str,
    ) -> Result<Conversation, String> {
        let mut command = Command::new(binary());
        command.args(args).env_remove(PASS_ENV);
        if let Some(password) = password {
            command.env(PASS_ENV, password);
        }
        Ok(Conversation {
            process: Interactive::spawn("saslenc", &mut command)?,
            marker,
        })
    }

    /// saslenc's next stdout line.
    pub fn read_line(&mut self) -> Result<String, String> {
        self.process.read_line()
    }

    /// Writes one server line to saslenc.
    pub fn write_line(&mut self, line: &str) -> Result<(), String> {
        self.process.write_line(line)
    }

    /// Hands saslenc the server's final reply (if any), closes its stdin
    /// and returns its exit status.
    pub fn finish(&mut self, verdict_line: &str) -> Result<Option<i32>, String> {
        if !verdict_line.is_empty() {
            self.process.write_line(verdict_line)?;
        }
        self.process.finish()
    }

    /// The exchange with saslenc and its stderr, for failure reports.
    pub fn describe(&self) -> String {
        self.process.describe()
    }
}

impl Responder for Conversation {
    fn respond(&mut self, challenge: &str) -> Result<String, String> {
        // The server's line as a person copies it from the session.
        let line = match (self.marker, challenge) {
            ("", challenge) => challenge.to_string(),
            (marker, "") => marker.to_string(),
            (marker, challenge) => format!("{marker} {challenge}"),
        };
        self.process.write_line(&line)?;
        self.process.read_line()
    }
}

/// `=` (saslenc's printed empty initial response) as the empty initial
/// response the client takes.
pub fn initial_response(line: &str) -> &str {
    if line == "=" {
        ""
    } else {
        line
    }
}
