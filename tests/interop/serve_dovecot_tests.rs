//! `saslenc serve --passdb` against Dovecot's `passdb { driver =
//! passwd-file }`, on the same file: for random (user, password,
//! mechanism, protocol) cases, right and wrong passwords, ASCII and
//! non-ASCII ones (letters SASLprep leaves as they are: Dovecot applies
//! no SASLprep), the same client gets the same verdict from both.
//!
//! The passwd-file mixes `{SCRAM-SHA-256}`, `{SCRAM-SHA-1}` and
//! `{CRAM-MD5}` lines made by `saslenc secret -F dovecot --user U` with
//! `{PLAIN}` lines written here. The client is `saslenc connect` with
//! STARTTLS (the certificate checked with `--cafile`), its exit status
//! the verdict: 0 accepted, 1 refused. Most cases ask for a mechanism the
//! user's stored form can run; some ask for one it cannot (CRAM-MD5
//! against a SCRAM secret, SCRAM-SHA-1 against a SCRAM-SHA-256 one), and
//! some log in as a user who is not in the file: both servers must refuse
//! those too.
//!
//! One serve (without `--once`, stopped with SIGTERM at the end) and one
//! Dovecot answer all the cases, several at a time. The seed is printed;
//! `SASLENC_CROSSCHECK_SEED=N` replays a run.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::dovecot::{Dovecot, Listener, Service, Setup};
use crate::saslenc::binary;
use crate::{dovecot_tests, peers};

/// Random cases; each runs against both servers.
const CASES: usize = 120;
/// Accounts in the passwd-file.
const USERS: usize = 24;
/// Cases run at once: most of a refused case's time is Dovecot's 0.5 s
/// failure timer.
const WORKERS: usize = 8;
/// The environment variable the client's password goes in.
const PW_ENV: &str = "SASLENC_CROSSCHECK_PASSWORD";
/// The environment variable that replays a run.
const SEED_ENV: &str = "SASLENC_CROSSCHECK_SEED";
/// Iterations of the stored SCRAM secrets: Dovecot's minimum and default.
const ITERATIONS: &str = "4096";

/// A small deterministic generator (xorshift64*), seeded per run.
struct Rng(u64);

impl Rng {
    fn seeded() -> (Rng, u64) {
        let seed = std::env::var(SEED_ENV)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            })
            | 1;
        (Rng(seed), seed)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A password of 1 to 24 characters: printable ASCII but `:` (the
    /// passwd-file's separator, which a `{PLAIN}` line cannot hold) or,
    /// when `non_ascii`, also letters of other scripts, all of which
    /// SASLprep leaves as they are (NFC, assigned in Unicode 3.2).
    fn password(&mut self, non_ascii: bool) -> String {
        const OTHER: &[char] = &[
            'ä', 'ö', 'ü', 'ß', 'é', 'ñ', '€', '漢', '字', 'Ω', 'ж', 'ł', 'ç',
        ];
        let len = 1 + self.below(24);
        (0..len)
            .map(|_| {
                let r = self.next();
                if non_ascii && r.is_multiple_of(3) {
                    OTHER[(r / 3) as usize % OTHER.len()]
                } else {
                    match char::from(b' ' + (r % 95) as u8) {
                        ':' => ';',
                        c => c,
                    }
                }
            })
            .collect()
    }

    /// A wrong password: near the right one, or another one.
    fn wrong(&mut self, right: &str) -> String {
        let mut chars: Vec<char> = right.chars().collect();
        let wrong: String = match self.below(4) {
            0 => format!("{right}x"),
            1 => {
                let i = self.below(chars.len());
                chars[i] = if chars[i] == 'q' { 'r' } else { 'q' };
                chars.into_iter().collect()
            }
            2 if chars.len() > 1 => chars[..chars.len() - 1].iter().collect(),
            _ => {
                let non_ascii = self.next().is_multiple_of(2);
                self.password(non_ascii)
            }
        };
        if wrong == right {
            format!("{right}!")
        } else {
            wrong
        }
    }
}

/// How an account is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    Scram256,
    Scram1,
    CramMd5,
    Plain,
}

impl Scheme {
    const ALL: [Scheme; 4] = [
        Scheme::Scram256,
        Scheme::Scram1,
        Scheme::CramMd5,
        Scheme::Plain,
    ];

    /// The mechanisms Dovecot can run against this stored form.
    fn runs(self) -> &'static [&'static str] {
        match self {
            Scheme::Scram256 => &["PLAIN", "LOGIN", "SCRAM-SHA-256"],
            Scheme::Scram1 => &["PLAIN", "LOGIN", "SCRAM-SHA-1"],
            Scheme::CramMd5 => &["PLAIN", "LOGIN", "CRAM-MD5"],
            Scheme::Plain => MECHANISMS,
        }
    }
}

const MECHANISMS: &[&str] = &["PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"];

struct Account {
    user: String,
    password: String,
    scheme: Scheme,
}

/// The passwd-file line of `account`: `saslenc secret` for the hashed
/// forms, `{PLAIN}` by hand.
fn passwd_line(account: &Account) -> String {
    let scheme = match account.scheme {
        Scheme::Plain => return format!("{}:{{PLAIN}}{}", account.user, account.password),
        Scheme::Scram256 => "scram-sha-256",
        Scheme::Scram1 => "scram-sha-1",
        Scheme::CramMd5 => "cram-md5",
    };
    let mut args = vec![
        "secret",
        scheme,
        "-F",
        "dovecot",
        "--user",
        &account.user,
        "--pass-env",
        PW_ENV,
    ];
    if account.scheme != Scheme::CramMd5 {
        args.extend(["--iterations", ITERATIONS]);
    }
    let out = Command::new(binary())
        .args(&args)
        .env(PW_ENV, &account.password)
        .stdin(Stdio::null())
        .output()
        .expect("saslenc secret runs");
    assert!(
        out.status.success(),
        "saslenc secret {scheme} for {}: {}",
        account.user,
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).expect("UTF-8 line");
    let line = line.trim_end().to_owned();
    assert!(
        line.starts_with(&format!("{}:{{{}}}", account.user, scheme.to_uppercase())),
        "{line}"
    );
    line
}

/// A running `saslenc serve --passdb` on three STARTTLS listeners.
struct Serve {
    child: Child,
    /// Everything serve printed so far.
    output: Arc<Mutex<String>>,
    /// `imap`, `pop3`, `submission`: `host:port`.
    addrs: Vec<String>,
    cert: PathBuf,
}

impl Serve {
    fn start(passdb: &Path, cert: PathBuf) -> Serve {
        let mut child = Command::new(binary())
            .args([
                "serve",
                "imap://127.0.0.1:0",
                "pop3://127.0.0.1:0",
                "submission://127.0.0.1:0",
                "--quiet",
                "--passdb",
            ])
            .arg(passdb)
            .arg("--write-cert")
            .arg(&cert)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("saslenc serve starts");
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let sink = Arc::clone(&output);
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                sink.lock().unwrap().push_str(&format!("{line}\n"));
                let _ = tx.send(line);
            }
        });
        let addrs = crate::serve_tests::listening(&rx, 3);
        Serve {
            child,
            output,
            addrs,
            cert,
        }
    }

    /// SIGTERM; the exit status and everything serve printed.
    fn stop(mut self) -> (Option<i32>, String) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut code = None;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                code = status.code();
                break;
            }
            thread::sleep(Duration::from_millis(20));
        }
        if code.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let mut err = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut stderr, &mut err);
        }
        // The reader thread sees end of file once serve is gone.
        thread::sleep(Duration::from_millis(100));
        let out = self.output.lock().unwrap().clone();
        (code, format!("{out}{err}"))
    }
}

struct Case {
    number: usize,
    user: String,
    password: String,
    right: bool,
    mechanism: &'static str,
    /// `imap`, `pop3` or `submission`.
    protocol: usize,
    /// The user's stored form (`None`: not in the file).
    scheme: Option<Scheme>,
}

const PROTOCOLS: [(&str, Service); 3] = [
    ("imap", Service::Imap),
    ("pop3", Service::Pop3),
    ("submission", Service::Submission),
];

/// `saslenc connect` with STARTTLS; its exit status and output.
fn connect(addr: &str, cafile: &Path, case: &Case) -> (Option<i32>, String) {
    let scheme = PROTOCOLS[case.protocol].0;
    let out = Command::new(binary())
        .arg("connect")
        .arg(format!("{scheme}://{addr}"))
        .arg(format!("--user={}", case.user))
        .args(["--pass-env", PW_ENV, "--mech", case.mechanism, "--cafile"])
        .arg(cafile)
        .env(PW_ENV, &case.password)
        .stdin(Stdio::null())
        .output()
        .expect("saslenc connect runs");
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn cases(rng: &mut Rng, accounts: &[Account]) -> Vec<Case> {
    (0..CASES)
        .map(|number| {
            let account = &accounts[rng.below(accounts.len())];
            let roll = rng.below(20);
            let (user, scheme) = if roll == 0 {
                (format!("{}-nobody", account.user), None)
            } else {
                (account.user.clone(), Some(account.scheme))
            };
            // One case in six asks for any mechanism, runnable or not.
            let mechanism = if roll < 4 {
                MECHANISMS[rng.below(MECHANISMS.len())]
            } else {
                let runs = account.scheme.runs();
                runs[rng.below(runs.len())]
            };
            let right = rng.next().is_multiple_of(2);
            let password = if right {
                account.password.clone()
            } else {
                rng.wrong(&account.password)
            };
            Case {
                number,
                user,
                password,
                right,
                mechanism,
                protocol: rng.below(PROTOCOLS.len()),
                scheme,
            }
        })
        .collect()
}

/// The same passwd-file, the same client, the same verdicts.
#[test]
fn serve_and_dovecot_agree_on_the_same_passdb() {
    if !dovecot_tests::available() {
        return;
    }
    let started = Instant::now();
    let (mut rng, seed) = Rng::seeded();
    peers::say(&format!(
        "interop serve vs dovecot: seed {seed} ({SEED_ENV}={seed} replays it)"
    ));
    let accounts: Vec<Account> = (0..USERS)
        .map(|i| {
            let non_ascii = i % 3 == 0;
            Account {
                user: if i % 5 == 0 {
                    format!("jürgen{i}")
                } else {
                    format!("xuser{i}")
                },
                password: rng.password(non_ascii),
                scheme: Scheme::ALL[i % Scheme::ALL.len()],
            }
        })
        .collect();
    let lines: Vec<String> = accounts.iter().map(passwd_line).collect();
    let dir = tempfile::tempdir().unwrap();
    let passdb = dir.path().join("passwd");
    std::fs::write(&passdb, lines.join("\n") + "\n").unwrap();

    let dovecot = Dovecot::start_with(Setup {
        passwd_lines: &lines,
        ..Setup::default()
    })
    .expect("Dovecot starts");
    let serve = Serve::start(&passdb, dir.path().join("cert.pem"));
    let cases = cases(&mut rng, &accounts);

    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let agreed = AtomicUsize::new(0);
    let accepted = AtomicUsize::new(0);
    thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(index) else { break };
                let service = PROTOCOLS[case.protocol].1;
                let dovecot_addr = dovecot.addr(service, Listener::Cleartext).to_string();
                let theirs = connect(&dovecot_addr, dovecot.ca_cert(), case);
                let ours = connect(&serve.addrs[case.protocol], &serve.cert, case);
                let runnable = case
                    .scheme
                    .is_some_and(|s| s.runs().contains(&case.mechanism));
                let expected = if case.right && runnable { 0 } else { 1 };
                if ours.0 == theirs.0 && ours.0 == Some(expected) {
                    agreed.fetch_add(1, Ordering::Relaxed);
                    if expected == 0 {
                        accepted.fetch_add(1, Ordering::Relaxed);
                    }
                } else {
                    results.lock().unwrap().push(format!(
                        "case {} ({} {} user {:?} stored {:?}, {} password {:?}): \
                         serve exit {:?}, Dovecot exit {:?}, expected {expected}\n\
                         --- client against serve:\n{}--- client against Dovecot:\n{}",
                        case.number,
                        PROTOCOLS[case.protocol].0,
                        case.mechanism,
                        case.user,
                        case.scheme,
                        if case.right { "right" } else { "wrong" },
                        case.password,
                        ours.0,
                        theirs.0,
                        ours.1,
                        theirs.1
                    ));
                }
            });
        }
    });
    let (code, serve_output) = serve.stop();
    let log = dovecot.log();
    dovecot.stop().expect("Dovecot stops cleanly");
    let failures = results.into_inner().unwrap();
    let agreed = agreed.into_inner();
    let accepted = accepted.into_inner();
    peers::summary(
        "serve vs dovecot",
        agreed,
        failures.len(),
        &format!(
            "{} accepted, {} refused by both, same passwd-file, seed {seed}, {:.1} s",
            accepted,
            agreed - accepted,
            started.elapsed().as_secs_f64()
        ),
    );
    assert!(
        failures.is_empty(),
        "{} of {CASES} cases disagree (seed {seed}):\n{}\n--- serve:\n{serve_output}\n--- dovecot log:\n{log}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        code,
        Some(0),
        "serve ends with 0 on SIGTERM:\n{serve_output}"
    );
    // Every case was one connection and one login, judged as the client saw.
    let summary = format!(
        "stopped: {CASES} connections, {accepted} logins accepted, {} refused",
        CASES - accepted
    );
    assert!(
        serve_output.contains(&summary),
        "serve's summary on SIGTERM is not {summary:?}:\n{serve_output}"
    );
}
