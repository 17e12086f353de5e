//! Secrets (passwords, later tokens): a redacting, zeroizing newtype and the
//! places a secret can be read from.

use std::ffi::OsString;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use crate::field;
use crate::Error;

/// The longest secret read from a file, a descriptor or standard input.
///
/// OAuth access tokens reach a few kilobytes; a megabyte is far beyond any
/// real credential and stops `--pass-file /dev/zero` from eating memory.
pub const MAX_SECRET_LEN: usize = 1 << 20;

/// How long a secret command (`--pass-cmd`, `--token-cmd`) may run.
///
/// Token helpers (oama, pizauth, mutt_oauth2.py) answer from their cache
/// at once, or refresh over the network in a few seconds; a command still
/// running after 30 seconds is waiting for something that will not come
/// (a prompt with no terminal to answer it, a network that does not
/// answer), and saying so beats hanging.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// How much of a failing command's standard error goes into the error
/// message: enough for a helper's one-line reason or a short usage text,
/// not a log.
pub const COMMAND_STDERR_LIMIT: usize = 1024;

/// A secret value: its `Debug` prints `Secret(redacted)` and its bytes are
/// overwritten with zeros when it is dropped.
///
/// ```
/// let secret = saslenc::Secret::from("pencil");
/// assert_eq!(format!("{secret:?}"), "Secret(redacted)");
/// assert_eq!(secret.expose(), b"pencil");
/// ```
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps bytes that are already in memory; they are zeroized on drop.
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    /// The secret bytes. Callers must not print them.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The secret as UTF-8 text, or an error naming `field` and the offset
    /// of the first invalid byte.
    pub fn as_text(&self, field: &'static str) -> Result<&str, Error> {
        field::utf8(field, &self.0)
    }

    /// Reads a secret of at most [`MAX_SECRET_LEN`] bytes from `reader`,
    /// growing the buffer by copying so that no unzeroized copy is left
    /// behind by a reallocation. `origin` completes the error message
    /// "cannot read the {field} {origin}".
    pub fn read_from(
        field: &'static str,
        origin: &str,
        reader: &mut dyn Read,
    ) -> Result<Self, Error> {
        let mut buf = Zeroizing::new(Vec::with_capacity(256));
        let mut chunk = Zeroizing::new([0u8; 1024]);
        loop {
            let n = match reader.read(&mut chunk[..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(format!("read the {field} {origin}"), e)),
            };
            if buf.len() + n > MAX_SECRET_LEN {
                return Err(Error::TooLong {
                    field,
                    limit: MAX_SECRET_LEN,
                });
            }
            if buf.len() + n > buf.capacity() {
                let mut bigger = Zeroizing::new(Vec::with_capacity((buf.len() + n) * 2));
                bigger.extend_from_slice(&buf);
                buf = bigger;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        Ok(Secret(buf))
    }

    /// Removes exactly one trailing `\n` or `\r\n`, nothing else: the line
    /// end that `echo pass > file` or a text editor adds is not part of the
    /// secret, but other trailing white space may be.
    pub fn strip_one_line_end(&mut self) {
        if self.0.last() == Some(&b'\n') {
            self.0.pop();
            if self.0.last() == Some(&b'\r') {
                self.0.pop();
            }
        }
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Secret::new(text.as_bytes().to_vec())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

/// Where a secret comes from. Exactly one source is used.
///
/// An inherited descriptor or a pipe is read with [`Secret::read_from`]
/// (then [`Secret::strip_one_line_end`]); asking on a terminal is the
/// caller's: the `saslenc` command line does both on its side.
pub enum SecretSource {
    /// Given on the command line (visible in `ps` and shell history).
    Value(Secret),
    /// A file; one trailing line end is stripped.
    File(PathBuf),
    /// An environment variable, taken as is.
    Env(OsString),
    /// The standard output of a command run with `sh -c`, standard input
    /// from `/dev/null`, in a process group of its own; one trailing line
    /// end is stripped. The command must finish within `timeout`
    /// ([`COMMAND_TIMEOUT`] on the command line), or it is killed with
    /// its process group; its output is never part of an error.
    Command {
        /// The command, for `sh -c`.
        command: OsString,
        /// How long it may run.
        timeout: Duration,
    },
}

impl fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Value(_) => f.write_str("Value(redacted)"),
            SecretSource::File(path) => f.debug_tuple("File").field(path).finish(),
            SecretSource::Env(name) => f.debug_tuple("Env").field(name).finish(),
            SecretSource::Command { command, timeout } => f
                .debug_struct("Command")
                .field("command", command)
                .field("timeout", timeout)
                .finish(),
        }
    }
}

impl SecretSource {
    /// Reads the secret. `field` names it in error messages (`"password"`).
    pub fn read(self, field: &'static str) -> Result<Secret, Error> {
        match self {
            SecretSource::Value(secret) => Ok(secret),
            SecretSource::File(path) => {
                let origin = format!("from {}", path.display());
                let mut file = File::open(&path)
                    .map_err(|e| Error::io(format!("read the {field} {origin}"), e))?;
                read_stripped(field, &origin, &mut file)
            }
            SecretSource::Env(name) => match std::env::var_os(&name) {
                Some(value) => Ok(Secret::new(value.into_encoded_bytes())),
                None => Err(Error::EnvMissing {
                    field,
                    name: name.to_string_lossy().into_owned(),
                }),
            },
            SecretSource::Command { command, timeout } => {
                run_command(field, &command, timeout, own_group())
            }
        }
    }
}

/// Runs `sh -c command` with standard input from `/dev/null` and takes its
/// standard output (at most [`MAX_SECRET_LEN`] bytes, one trailing line
/// end removed) as the secret. A failure names the exit status and the
/// first [`COMMAND_STDERR_LIMIT`] bytes of standard error, escaped; never
/// the output, which may be the secret or part of it.
///
/// With `own_group` (see [`own_group`]) the command runs in a process
/// group of its own, and what it started (a `sleep` left behind by
/// `sh -c`, a pipeline's other half) is killed with it.
fn run_command(
    field: &'static str,
    command: &OsString,
    timeout: Duration,
    own_group: bool,
) -> Result<Secret, Error> {
    let deadline = Instant::now() + timeout;
    let failed = |reason: String| Error::SecretCommand { field, reason };
    let mut shell = std::process::Command::new("sh");
    shell
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    if own_group {
        std::os::unix::process::CommandExt::process_group(&mut shell, 0);
    }
    let mut child = shell
        .spawn()
        .map_err(|e| Error::io(format!("run sh -c for the {field} command"), e))?;
    // Both pipes are read at once, each in a thread: a command that fills
    // one while saslenc waits on the other would never finish. The threads
    // are not joined: a pipe held open by something the command left
    // behind must not hold saslenc past the deadline.
    let (output_sent, output) = mpsc::channel();
    if let Some(mut stdout) = child.stdout.take() {
        thread::spawn(move || {
            let read = Secret::read_from(field, "from the command's standard output", &mut stdout);
            let _ = output_sent.send(read);
        });
    }
    let (errors_sent, errors) = mpsc::channel();
    if let Some(mut stderr) = child.stderr.take() {
        thread::spawn(move || {
            let _ = errors_sent.send(read_bounded(&mut stderr));
        });
    }
    let left = || deadline.saturating_duration_since(Instant::now());
    let timed_out = |child: &mut Child| {
        stop(child, own_group);
        failed(format!(
            "did not finish within {} seconds, the limit for a secret command; it was stopped",
            timeout.as_secs_f64()
        ))
    };
    let secret = match output.recv_timeout(left()) {
        Ok(Ok(secret)) => secret,
        Ok(Err(err)) => {
            stop(&mut child, own_group);
            return Err(err);
        }
        Err(mpsc::RecvTimeoutError::Timeout) => return Err(timed_out(&mut child)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Secret::new(Vec::new()),
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if left().is_zero() => return Err(timed_out(&mut child)),
            // Standard output is closed, so the command is ending: poll
            // briefly rather than block past the deadline in wait().
            Ok(None) => thread::sleep(Duration::from_millis(5).min(left())),
            Err(e) => return Err(Error::io(format!("wait for the {field} command"), e)),
        }
    };
    if !status.success() {
        // The standard error is usually complete by now; what a leftover
        // process still holds open is not waited for beyond the deadline.
        let stderr = errors
            .recv_timeout(left().min(Duration::from_millis(500)))
            .unwrap_or_default();
        let said = match stderr.trim_ascii() {
            [] => "it wrote nothing on standard error".to_owned(),
            text => format!("its standard error: {}", crate::field::escape(text)),
        };
        let how = match status.code() {
            Some(code) => format!("exited with status {code}"),
            None => format!("was ended by a signal ({status})"),
        };
        return Err(failed(format!("{how}; {said}")));
    }
    let mut secret = secret;
    secret.strip_one_line_end();
    if secret.expose().is_empty() {
        return Err(failed(
            "exited with status 0 but printed nothing on standard output".into(),
        ));
    }
    Ok(secret)
}

/// Whether a secret command gets a process group of its own: when
/// saslenc has no controlling terminal (cron, a script, a service, CI).
/// On a terminal it stays in saslenc's group: a process of another group
/// that reads the terminal (`read </dev/tty`) is stopped by it (SIGTTIN)
/// until the timeout, and in saslenc's group a Ctrl-C reaches everything
/// the command started.
fn own_group() -> bool {
    cfg!(unix) && File::open("/dev/tty").is_err()
}

/// Kills a command that overran or whose output was refused, and reaps
/// it; with `group`, every process it started too (its process group,
/// its own: see [`run_command`]). A process that left the group
/// (`setsid`, a daemon) is out of reach, as it means to be. Without the
/// `cli` feature there is no safe call to signal a group: the shell alone
/// is killed.
fn stop(child: &mut Child, group: bool) {
    #[cfg(all(unix, feature = "cli"))]
    if group {
        // The group's id is the shell's pid (process_group(0)); the shell
        // is not reaped yet, so the id cannot have been reused.
        if let Some(pid) = i32::try_from(child.id())
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
    }
    #[cfg(not(all(unix, feature = "cli")))]
    let _ = group;
    let _ = child.kill();
    let _ = child.wait();
}

/// The first [`COMMAND_STDERR_LIMIT`] bytes of `reader`, with `...` when
/// there was more; the rest is read and dropped, so that the command never
/// blocks on a full pipe.
fn read_bounded(reader: &mut dyn Read) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut more = false;
    let mut chunk = [0u8; 1024];
    loop {
        match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                let room = COMMAND_STDERR_LIMIT - kept.len();
                kept.extend_from_slice(&chunk[..n.min(room)]);
                more |= n > room;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    if more {
        kept.extend_from_slice(b"...");
    }
    kept
}

fn read_stripped(
    field: &'static str,
    origin: &str,
    reader: &mut dyn Read,
) -> Result<Secret, Error> {
    let mut secret = Secret::read_from(field, origin, reader)?;
    secret.strip_one_line_end();
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(bytes: &[u8]) -> Vec<u8> {
        let mut secret = Secret::new(bytes.to_vec());
        secret.strip_one_line_end();
        secret.expose().to_vec()
    }

    #[test]
    fn strips_exactly_one_line_end() {
        assert_eq!(stripped(b"pencil\n"), b"pencil");
        assert_eq!(stripped(b"pencil\r\n"), b"pencil");
        assert_eq!(stripped(b"pencil\n\n"), b"pencil\n");
        assert_eq!(stripped(b"pencil \n"), b"pencil ");
        assert_eq!(stripped(b"pencil\r"), b"pencil\r");
        assert_eq!(stripped(b"pencil"), b"pencil");
        assert_eq!(stripped(b"\n"), b"");
    }

    #[test]
    fn reads_long_input_across_growth() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let secret = Secret::read_from("password", "from a test", &mut &data[..]).unwrap();
        assert_eq!(secret.expose(), &data[..]);
    }

    #[test]
    fn refuses_more_than_the_limit() {
        let mut endless = io::repeat(b'x');
        let err = Secret::read_from("password", "from a test", &mut endless).unwrap_err();
        assert!(matches!(err, Error::TooLong { .. }), "{err}");
    }

    fn command(text: &str, timeout: Duration) -> Result<Secret, Error> {
        SecretSource::Command {
            command: text.into(),
            timeout,
        }
        .read("token")
    }

    #[test]
    fn a_command_gives_its_output_without_one_line_end() {
        let secret = command("printf 'tok en\\n\\n'", COMMAND_TIMEOUT).unwrap();
        assert_eq!(secret.expose(), b"tok en\n");
        // Standard input is /dev/null, not saslenc's.
        let secret = command("cat; echo x", COMMAND_TIMEOUT).unwrap();
        assert_eq!(secret.expose(), b"x");
    }

    #[test]
    fn a_failing_command_is_named_by_its_status_and_stderr_only() {
        let err = command(
            "echo SECRET; echo 'no account' >&2; exit 7",
            COMMAND_TIMEOUT,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("exited with status 7"), "{err}");
        assert!(err.contains("its standard error: no account"), "{err}");
        assert!(!err.contains("SECRET"), "{err}");
        let err = command("exit 0", COMMAND_TIMEOUT).unwrap_err().to_string();
        assert!(err.contains("printed nothing"), "{err}");
        // A long standard error is cut.
        let err = command(
            "head -c 5000 /dev/zero | tr '\\0' e >&2; exit 1",
            COMMAND_TIMEOUT,
        )
        .unwrap_err()
        .to_string();
        assert!(err.len() < COMMAND_STDERR_LIMIT + 200, "{}", err.len());
        assert!(err.ends_with("eee..."), "{err}");
    }

    #[test]
    fn a_command_that_hangs_is_stopped_at_the_timeout() {
        let started = Instant::now();
        let err = command("echo partial; sleep 30", Duration::from_millis(300)).unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        let err = err.to_string();
        assert!(err.contains("did not finish within 0.3 seconds"), "{err}");
        assert!(!err.contains("partial"), "{err}");
    }

    /// Whether process `pid` is gone: no longer listed, or a zombie that
    /// only waits for its parent (or init) to reap it.
    #[cfg(target_os = "linux")]
    fn gone(pid: &str) -> bool {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => true,
            // pid (comm) STATE ...: the state follows the last ')'.
            Ok(stat) => stat
                .rsplit(')')
                .next()
                .unwrap_or_default()
                .trim_start()
                .starts_with('Z'),
        }
    }

    /// Reads the pid a command wrote to `path`, waiting for it a little.
    #[cfg(target_os = "linux")]
    fn pid_in(path: &std::path::Path) -> String {
        for _ in 0..200 {
            if let Ok(text) = std::fs::read_to_string(path) {
                if text.ends_with('\n') {
                    return text.trim().to_owned();
                }
            }
            thread::sleep(Duration::from_millis(10));
        }
        panic!("the command wrote no pid to {}", path.display());
    }

    #[test]
    #[cfg(all(target_os = "linux", feature = "cli"))]
    fn what_a_hanging_command_started_is_stopped_with_it() {
        let dir = std::env::temp_dir().join(format!("saslenc-group-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // A child in the background, holding standard output open, and
        // one in the foreground that sh waits for.
        for (name, script) in [
            ("background", "sleep 1000 & echo $! > \"$0\"; wait"),
            ("foreground", "echo $$ > \"$0\"; exec sleep 1000"),
            (
                "orphan",
                "(sleep 1000; echo never) & echo $! > \"$0\"; exit 0",
            ),
        ] {
            let pidfile = dir.join(name);
            let _ = std::fs::remove_file(&pidfile);
            let text = format!("sh -c '{script}' {}", pidfile.display());
            // As without a controlling terminal, whether or not the tests
            // have one.
            let err =
                run_command("token", &text.into(), Duration::from_millis(500), true).unwrap_err();
            assert!(err.to_string().contains("did not finish"), "{name}: {err}");
            let pid = pid_in(&pidfile);
            let mut dead = false;
            for _ in 0..200 {
                dead = gone(&pid);
                if dead {
                    break;
                }
                thread::sleep(Duration::from_millis(10));
            }
            assert!(dead, "{name}: process {pid} outlived the command");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::from("hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
        let source = SecretSource::Value(secret);
        assert!(!format!("{source:?}").contains("hunter2"));
    }
}
