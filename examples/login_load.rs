//! A load generator for IMAP logins, so that `bench/serve.sh` can count
//! the logins a second that `saslenc serve` and Dovecot take from the same
//! client: every login a new TCP connection, STARTTLS, a full TLS
//! handshake (no session resumption), `AUTHENTICATE` with an initial
//! response (RFC 4959), the verdict, `LOGOUT`.
//!
//! Usage:
//!   login_load ADDR CAFILE MECH USER (--seconds S | --logins N) [--clients C]
//!   login_load ADDR CAFILE --idle N --seconds S
//!
//! MECH is `PLAIN` or `SCRAM-SHA-256`; the password is read from the
//! environment variable `LOAD_PASS`. The TLS server name is `localhost`,
//! checked against CAFILE. A SCRAM client keeps the keys it derived for a
//! salt and iteration count, as RFC 5802 section 5.1 allows, so that the
//! load generator does not spend its time in PBKDF2 (the server checks a
//! full proof every time). `--idle N` opens N connections, reads each
//! greeting and holds them for S seconds.
//!
//! Prints one line: logins, failures, seconds, logins a second, and the
//! CPU time this process used (user + system, from /proc/self/stat) as a
//! share of the machine's cores over the run.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use saslenc::mech::scram::{random_nonce, ScramHash};

const USAGE: &str = "usage: login_load ADDR CAFILE MECH USER (--seconds S | --logins N) \
                     [--clients C]\n       login_load ADDR CAFILE --idle N --seconds S";

/// SCRAM keys by (salt, iterations): ClientKey, StoredKey, ServerKey.
type KeyCache = Mutex<HashMap<(Vec<u8>, u32), Arc<[Vec<u8>; 3]>>>;

struct Job {
    addr: SocketAddr,
    tls: Arc<ClientConfig>,
    mech: String,
    user: String,
    password: String,
    keys: KeyCache,
}

/// A connection and the bytes read past the last line.
struct Lines<S> {
    stream: S,
    buffer: Vec<u8>,
}

impl<S: Read + Write> Lines<S> {
    fn line(&mut self) -> io::Result<String> {
        loop {
            if let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buffer.drain(..=end).collect();
                return Ok(String::from_utf8_lossy(&line).trim_end().to_owned());
            }
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk)?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the server closed the connection",
                ));
            }
            self.buffer.extend_from_slice(&chunk[..n]);
        }
    }

    fn send(&mut self, line: &str) -> io::Result<()> {
        self.stream.write_all(format!("{line}\r\n").as_bytes())?;
        self.stream.flush()
    }

    /// Reads up to the tagged reply of `tag`; true for `OK`.
    fn tagged(&mut self, tag: &str) -> io::Result<bool> {
        loop {
            let line = self.line()?;
            if let Some(rest) = line.strip_prefix(tag).and_then(|r| r.strip_prefix(' ')) {
                return Ok(rest.starts_with("OK"));
            }
        }
    }
}

fn fail(what: impl std::fmt::Display) -> io::Error {
    io::Error::other(what.to_string())
}

/// One login; Ok(true) when the server accepted it.
fn login(job: &Job) -> io::Result<bool> {
    let tcp = TcpStream::connect(job.addr)?;
    tcp.set_nodelay(true)?;
    tcp.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut plain = Lines {
        stream: tcp,
        buffer: Vec::new(),
    };
    plain.line()?; // the greeting
    plain.send("a STARTTLS")?;
    if !plain.tagged("a")? {
        return Err(fail("STARTTLS refused"));
    }
    let name = ServerName::try_from("localhost").map_err(fail)?;
    let connection = ClientConnection::new(Arc::clone(&job.tls), name).map_err(fail)?;
    let mut tls = Lines {
        stream: StreamOwned::new(connection, plain.stream),
        buffer: Vec::new(),
    };
    let accepted = match job.mech.as_str() {
        "PLAIN" => {
            let message = format!("\0{}\0{}", job.user, job.password);
            tls.send(&format!(
                "b AUTHENTICATE PLAIN {}",
                STANDARD.encode(message)
            ))?;
            tls.tagged("b")?
        }
        _ => scram(job, &mut tls)?,
    };
    tls.send("c LOGOUT")?;
    // Dovecot and serve both answer `* BYE` and `c OK`; a closed
    // connection is as good an end.
    let _ = tls.tagged("c");
    Ok(accepted)
}

/// SCRAM-SHA-256 without channel binding (RFC 5802, RFC 7677).
fn scram<S: Read + Write>(job: &Job, tls: &mut Lines<S>) -> io::Result<bool> {
    let hash = ScramHash::Sha256;
    let nonce = random_nonce().map_err(fail)?;
    let first_bare = format!("n={},r={nonce}", job.user);
    tls.send(&format!(
        "b AUTHENTICATE SCRAM-SHA-256 {}",
        STANDARD.encode(format!("n,,{first_bare}"))
    ))?;
    let challenge = |line: String| -> io::Result<Option<Vec<u8>>> {
        match line.strip_prefix('+') {
            Some(rest) => STANDARD.decode(rest.trim()).map(Some).map_err(fail),
            None => Ok(None),
        }
    };
    let line = tls.line()?;
    let Some(server_first) = challenge(line)? else {
        return Ok(false);
    };
    let server_first = String::from_utf8(server_first).map_err(fail)?;
    let mut fields = HashMap::new();
    for field in server_first.split(',') {
        if let Some((key, value)) = field.split_once('=') {
            fields.insert(key, value);
        }
    }
    let (Some(server_nonce), Some(salt), Some(iterations)) =
        (fields.get("r"), fields.get("s"), fields.get("i"))
    else {
        return Err(fail(format!("not a server-first-message: {server_first}")));
    };
    if !server_nonce.starts_with(&nonce) {
        return Err(fail("the server nonce does not extend ours"));
    }
    let salt = STANDARD.decode(salt).map_err(fail)?;
    let iterations: u32 = iterations.parse().map_err(fail)?;
    let keys = {
        let cached = job
            .keys
            .lock()
            .unwrap()
            .get(&(salt.clone(), iterations))
            .cloned();
        match cached {
            Some(keys) => keys,
            None => {
                let k = hash.keys(job.password.as_bytes(), &salt, iterations);
                let keys = Arc::new([
                    k.client_key.to_vec(),
                    k.stored_key.to_vec(),
                    k.server_key.to_vec(),
                ]);
                job.keys
                    .lock()
                    .unwrap()
                    .insert((salt, iterations), Arc::clone(&keys));
                keys
            }
        }
    };
    let [client_key, stored_key, server_key] = &*keys;
    let without_proof = format!("c=biws,r={server_nonce}");
    let auth_message = format!("{first_bare},{server_first},{without_proof}");
    let signature = hash.hmac(stored_key, auth_message.as_bytes());
    let proof: Vec<u8> = client_key
        .iter()
        .zip(signature.iter())
        .map(|(a, b)| a ^ b)
        .collect();
    tls.send(&STANDARD.encode(format!("{without_proof},p={}", STANDARD.encode(proof))))?;
    let line = tls.line()?;
    let Some(server_final) = challenge(line.clone())? else {
        // A refusal, or (not expected here) a success without server-final.
        return Ok(line.starts_with("b OK"));
    };
    let expected = format!(
        "v={}",
        STANDARD.encode(hash.hmac(server_key, auth_message.as_bytes()))
    );
    if server_final != expected.as_bytes() {
        return Err(fail("the server signature does not verify"));
    }
    tls.send("")?;
    tls.tagged("b")
}

/// User plus system CPU time of this process so far.
fn cpu_time() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            let rest = stat.get(stat.rfind(')')? + 2..)?.to_owned();
            let fields: Vec<&str> = rest.split_whitespace().collect();
            // Fields 14 and 15 of proc(5), counted after "pid (comm)".
            let user: u64 = fields.get(11)?.parse().ok()?;
            let system: u64 = fields.get(12)?.parse().ok()?;
            Some(user + system)
        })
        .unwrap_or(0);
    // USER_HZ is 100 on every Linux architecture `sysconf` reports.
    Duration::from_millis(ticks * 10)
}

fn tls_config(cafile: &Path) -> Result<Arc<ClientConfig>, String> {
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(cafile).map_err(|e| format!("{cafile:?}: {e}"))? {
        roots
            .add(cert.map_err(|e| format!("{cafile:?}: {e}"))?)
            .map_err(|e| format!("{cafile:?}: {e}"))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    // Every login is a new client: a full handshake each time.
    config.resumption = rustls::client::Resumption::disabled();
    Ok(Arc::new(config))
}

fn idle(addr: SocketAddr, count: usize, seconds: u64) -> Result<(), String> {
    let mut held = Vec::with_capacity(count);
    for _ in 0..count {
        let tcp = TcpStream::connect(addr).map_err(|e| e.to_string())?;
        let mut lines = Lines {
            stream: tcp,
            buffer: Vec::new(),
        };
        lines.line().map_err(|e| format!("greeting: {e}"))?;
        held.push(lines);
    }
    println!("idle connections={count}");
    thread::sleep(Duration::from_secs(seconds));
    Ok(())
}

fn run(args: &[String]) -> Result<(), String> {
    let (addr, cafile) = match args {
        [addr, cafile, ..] => (
            addr.parse::<SocketAddr>()
                .map_err(|e| format!("ADDR {addr}: {e}"))?,
            Path::new(cafile),
        ),
        _ => return Err(USAGE.into()),
    };
    let mut options = HashMap::new();
    let mut positional = Vec::new();
    let mut rest = args[2..].iter();
    while let Some(arg) = rest.next() {
        if let Some(name) = arg.strip_prefix("--") {
            let value = rest.next().ok_or(USAGE)?;
            let value: u64 = value
                .parse()
                .map_err(|_| format!("--{name}: not a number"))?;
            options.insert(name.to_owned(), value);
        } else {
            positional.push(arg.clone());
        }
    }
    let seconds = options.get("seconds").copied();
    if let Some(&count) = options.get("idle") {
        return idle(addr, count as usize, seconds.ok_or(USAGE)?);
    }
    let [mech, user] = &positional[..] else {
        return Err(USAGE.into());
    };
    let mech = mech.to_uppercase();
    if mech != "PLAIN" && mech != "SCRAM-SHA-256" {
        return Err(format!("MECH {mech}: PLAIN or SCRAM-SHA-256"));
    }
    let limit = options.get("logins").map(|&n| n as usize);
    if seconds.is_none() == limit.is_none() {
        return Err(USAGE.into());
    }
    let clients = options.get("clients").copied().unwrap_or(16) as usize;
    let password = std::env::var("LOAD_PASS").map_err(|_| "LOAD_PASS is not set")?;
    let job = Arc::new(Job {
        addr,
        tls: tls_config(cafile)?,
        mech,
        user: user.clone(),
        password,
        keys: Mutex::new(HashMap::new()),
    });
    let started = Instant::now();
    let cpu_before = cpu_time();
    let deadline = seconds.map(|s| started + Duration::from_secs(s));
    let issued = Arc::new(AtomicUsize::new(0));
    let accepted = Arc::new(AtomicUsize::new(0));
    let first_error: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let failed = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (job, issued, accepted, failed, first_error) = (
                Arc::clone(&job),
                Arc::clone(&issued),
                Arc::clone(&accepted),
                Arc::clone(&failed),
                Arc::clone(&first_error),
            );
            thread::spawn(move || loop {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    break;
                }
                if limit.is_some_and(|l| issued.fetch_add(1, Ordering::Relaxed) >= l) {
                    break;
                }
                match login(&job) {
                    Ok(true) => {
                        accepted.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(false) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        first_error
                            .lock()
                            .unwrap()
                            .get_or_insert_with(|| "login refused".into());
                    }
                    Err(e) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        first_error.lock().unwrap().get_or_insert(e.to_string());
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu = (cpu_time() - cpu_before).as_secs_f64();
    let cores = thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let accepted = accepted.load(Ordering::Relaxed);
    let failed = failed.load(Ordering::Relaxed);
    println!(
        "logins={accepted} failed={failed} seconds={wall:.2} rate={:.0} cpu_seconds={cpu:.2} \
         cpu_share={:.0}%",
        accepted as f64 / wall,
        100.0 * cpu / (wall * cores)
    );
    if let Some(error) = first_error.lock().unwrap().take() {
        eprintln!("login_load: first failure: {error}");
    }
    if failed > 0 {
        return Err(format!("{failed} logins failed"));
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("login_load: {e}");
            ExitCode::from(2)
        }
    }
}
