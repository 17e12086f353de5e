//! A child process driven line by line through pipes, with a timeout on
//! every line: saslenc in its conversation mode, `gsasl --server`.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::client::LineReader;

/// How long a child may take for one line or to exit.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// A running child with piped stdin, stdout and stderr.
pub struct Interactive {
    name: &'static str,
    child: Child,
    stdin: Option<ChildStdin>,
    lines: LineReader,
    stderr: Arc<Mutex<Vec<u8>>>,
    /// Every line exchanged, for failure reports.
    log: Vec<String>,
}

impl Interactive {
    /// Starts `command`; `name` labels it in messages.
    pub fn spawn(name: &'static str, command: &mut Command) -> Result<Interactive, String> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {name}: {e}"))?;
        let (Some(stdin), Some(stdout), Some(mut stderr_pipe)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{name} started without pipes"));
        };
        // Collect stderr in the background so that the pipe never fills.
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut buf = [0u8; 1024];
            while let Ok(n) = stderr_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut sink) = sink.lock() {
                    sink.extend_from_slice(&buf[..n]);
                }
            }
        });
        Ok(Interactive {
            name,
            child,
            stdin: Some(stdin),
            lines: LineReader::spawn(stdout),
            stderr,
            log: Vec::new(),
        })
    }

    /// The child's next stdout line.
    pub fn read_line(&mut self) -> Result<String, String> {
        match self.lines.read_line(STEP_TIMEOUT) {
            Ok(line) => {
                self.log.push(format!("{}> {line}", self.name));
                Ok(line)
            }
            Err(e) => Err(format!(
                "{} printed no line ({e}); {}",
                self.name,
                self.describe()
            )),
        }
    }

    /// Writes one line to the child's stdin.
    pub fn write_line(&mut self, line: &str) -> Result<(), String> {
        self.log.push(format!("{}< {line}", self.name));
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| format!("{}'s stdin is already closed", self.name))?;
        stdin
            .write_all(format!("{line}\n").as_bytes())
            .and_then(|()| stdin.flush())
            .map_err(|e| format!("cannot write to {}: {e}", self.name))
    }

    /// Closes stdin and returns the exit status (`None`: killed by a signal).
    pub fn finish(&mut self) -> Result<Option<i32>, String> {
        drop(self.stdin.take());
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Ok(status.code()),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(2)),
                Ok(None) => return Err(format!("{} did not exit; {}", self.name, self.describe())),
                Err(e) => return Err(format!("cannot wait for {}: {e}", self.name)),
            }
        }
    }

    /// The lines exchanged and the child's stderr, for failure reports.
    pub fn describe(&self) -> String {
        thread::sleep(Duration::from_millis(20)); // let the collector catch up
        let stderr = self.stderr.lock().map(|b| b.clone()).unwrap_or_default();
        format!(
            "{} exchange: [{}]; {} stderr: {}",
            self.name,
            self.log.join(" | "),
            self.name,
            String::from_utf8_lossy(&stderr).trim()
        )
    }
}

impl Drop for Interactive {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
