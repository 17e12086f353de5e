//! A real Dovecot 2.3 server on loopback, for interoperability tests.
//!
//! [`Dovecot::start`] renders `dovecot.conf.in` into a fresh temporary
//! directory (sockets, state, log, mail, passwd-file, a self-signed
//! certificate made with `openssl req -x509` once per test run), picks
//! free loopback ports, runs `dovecot -F -c <config>` as a child process
//! and waits until every listener accepts connections. Dropping the
//! [`Dovecot`] value stops the master process (SIGTERM, then SIGKILL after
//! a timeout), makes sure none of its worker processes survive, and removes
//! the directory.
//!
//! Six listeners are started, all on 127.0.0.1:
//!
//! | service      | [`Listener::Cleartext`] (offers STARTTLS/STLS) | [`Listener::ImplicitTls`] |
//! |--------------|------------------------------------------------|---------------------------|
//! | IMAP         | imap                                           | imaps                     |
//! | POP3         | pop3                                           | pop3s                     |
//! | submission   | submission                                     | submissions               |
//!
//! The server knows the users in [`USERS`] (all with `{PLAIN}` passwords, so
//! PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1 and SCRAM-SHA-256 all work) and maps
//! ANONYMOUS logins to [`ANONYMOUS_USERNAME`].
//!
//! Requirements: Linux, root (Dovecot drops privileges to an unprivileged
//! mail user and chroots its login processes), Dovecot 2.3 (`dovecot-core`,
//! `dovecot-imapd`, `dovecot-pop3d`, `dovecot-submissiond`), the `openssl`
//! command and a system user [`MAIL_USER_CANDIDATES`]. [`availability`]
//! checks all of that and returns a human-readable reason when something is
//! missing, so that callers can skip instead of fail.
//!
//! Set `SASLENC_INTEROP_KEEP_DIR=1` to keep the temporary directory (config,
//! log, certificate) after the test for inspection; its path is printed.

use std::fmt;
use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

/// The configuration template, with `@PLACEHOLDER@`s (see the file itself).
const CONFIG_TEMPLATE: &str = include_str!("dovecot.conf.in");

/// How long [`Dovecot::start`] waits for all listeners to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a stop waits for the master process after SIGTERM before SIGKILL.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);
/// How many times start is retried when a chosen port was taken meanwhile.
const START_ATTEMPTS: usize = 3;
/// Environment variable: when set (to anything but "0"), keep the temp dir.
const KEEP_DIR_ENV: &str = "SASLENC_INTEROP_KEEP_DIR";

/// System users that may own the mail processes, in order of preference.
/// `saslenc-mail` is created by the project's setup (`useradd --system
/// saslenc-mail`); Debian's standard `mail` user (uid 8) is the fallback.
pub const MAIL_USER_CANDIDATES: &[&str] = &["saslenc-mail", "mail"];

/// The user name Dovecot assigns to ANONYMOUS logins.
pub const ANONYMOUS_USERNAME: &str = "anonymous";

/// A user in the server's passwd-file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TestUser {
    /// Authentication identity (UTF-8).
    pub name: &'static str,
    /// Cleartext password (UTF-8), stored as `{PLAIN}`.
    pub password: &'static str,
}

/// Plain ASCII credentials, as in every SASL tutorial.
pub const ASCII_USER: TestUser = TestUser {
    name: "user",
    password: "pencil",
};

/// Non-ASCII user name and password (NFC-normalised UTF-8, so SASLprep leaves
/// both unchanged and SCRAM works too).
pub const UTF8_USER: TestUser = TestUser {
    name: "jürgen",
    password: "pässwörd€",
};

/// A password full of characters that shells, `printf` and `echo` mangle:
/// spaces, `%` sequences, backslash escapes, both kinds of quotes, `$`, a
/// backtick and `#`.
pub const SHELL_HOSTILE_USER: TestUser = TestUser {
    name: "shelly",
    password: r#"a b %s %% \n \0 \\ "dq" 'sq' $HOME `id` #x"#,
};

/// A password long enough that its PLAIN response is well over 76 base64
/// characters, where `base64` (GNU coreutils) would wrap the line.
pub const LONG_USER: TestUser = TestUser {
    name: "longpass",
    password: "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-this-is-a-long-password",
};

/// A user whose LOGIN lines start with `R` ("RGFuaWVs") and `Q`
/// ("QWxpY2Ut..."): an interactive `openssl s_client` (without `-quiet`,
/// `-ign_eof` or `-nocommands`) treats such lines as its RENEGOTIATE and QUIT
/// commands instead of sending them.
pub const COMMAND_LETTER_USER: TestUser = TestUser {
    name: "Daniel",
    password: "Alice-in-Wonderland",
};

/// Every user in the passwd-file.
pub const USERS: &[TestUser] = &[
    ASCII_USER,
    UTF8_USER,
    SHELL_HOSTILE_USER,
    LONG_USER,
    COMMAND_LETTER_USER,
];

/// A mail service offered by the test server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    /// IMAP4rev1 (`imap-login`).
    Imap,
    /// POP3 (`pop3-login`).
    Pop3,
    /// SMTP submission (`submission-login`), RFC 6409.
    Submission,
}

/// Which of a service's two listeners.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Listener {
    /// Cleartext TCP; the server offers STARTTLS (IMAP, SMTP) / STLS (POP3).
    /// Use it for both plain-TCP and STARTTLS tests.
    Cleartext,
    /// TLS from the first byte (imaps, pop3s, submissions).
    ImplicitTls,
}

impl Service {
    /// All services, for building test matrices.
    pub const ALL: [Service; 3] = [Service::Imap, Service::Pop3, Service::Submission];
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Service::Imap => "IMAP",
            Service::Pop3 => "POP3",
            Service::Submission => "submission",
        })
    }
}

/// Changes to the standard server, for the tests that need them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Setup<'a> {
    /// A PEM certificate chain and its key to serve instead of a fresh
    /// self-signed certificate.
    pub certificate: Option<(&'a Path, &'a Path)>,
    /// Also offer XOAUTH2 and OAUTHBEARER, checked by the oauth2 passdb
    /// validating JWTs locally (`introspection_mode = local`) with this
    /// HS256 key: no HTTP involved. The JWT's `sub` is the user.
    pub oauth2_hs256_key: Option<&'a [u8]>,
    /// More passwd-file lines, each a complete `user:password...` entry
    /// (e.g. with a stored SCRAM secret that saslenc wrote).
    pub passwd_lines: &'a [String],
    /// Also offer DIGEST-MD5 (RFC 2831), with this realm in `auth_realms`
    /// when not empty (Dovecot then names it in its challenge; without
    /// one it sends `realm=""`).
    pub digest_md5: Option<&'a str>,
    /// Also offer NTLM, handed to Samba's `ntlm_auth` through this helper
    /// (`auth_use_winbind`, `auth_winbind_helper_path`): Dovecot 2.3 has no
    /// NTLM of its own. See `samba.rs`.
    pub winbind_helper: Option<&'a Path>,
    /// Ask TLS clients for a certificate from the CAs of this PEM file,
    /// and offer EXTERNAL, whose user is the certificate's commonName
    /// (`ssl_verify_client_cert`, `auth_ssl_username_from_cert`).
    pub client_ca: Option<&'a Path>,
}

/// The configuration appended for [`Setup::client_ca`]. Dovecot asks
/// for CRLs of every CA by default; the test CA has none.
fn client_ca_config(root: &Path, ca: &Path) -> Result<String, String> {
    let copy = root.join("client-ca.pem");
    fs::copy(ca, &copy).map_err(|e| format!("cannot copy {ca:?}: {e}"))?;
    set_mode(&copy, 0o644)?;
    Ok(format!(
        "\n# --- client certificates (Setup::client_ca) ---\n\
         ssl_ca = <{}\n\
         ssl_verify_client_cert = yes\n\
         ssl_require_crl = no\n\
         auth_ssl_username_from_cert = yes\n\
         ssl_cert_username_field = commonName\n\
         auth_mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256 anonymous external\n",
        path_str(&copy)?
    ))
}

/// The configuration appended for [`Setup::oauth2_hs256_key`]: the key in
/// an fs dict (looked up as `<azp>/<alg>/<kid>`, `default` for a token
/// without `azp` or `kid`, base64), the oauth2 passdb, and the mechanisms.
fn oauth2_passdb(root: &Path, key: &[u8]) -> Result<String, String> {
    use base64::Engine;
    let keys = root.join("oauth2-keys");
    let key_dir = keys.join("default").join("HS256");
    fs::create_dir_all(&key_dir).map_err(|e| format!("cannot create {key_dir:?}: {e}"))?;
    let key_file = key_dir.join("default");
    write_file(
        &key_file,
        &base64::engine::general_purpose::STANDARD.encode(key),
    )?;
    for dir in [&keys, &keys.join("default"), &key_dir] {
        set_mode(dir, 0o755)?;
    }
    set_mode(&key_file, 0o644)?;
    let settings = root.join("oauth2.conf.ext");
    write_file(
        &settings,
        &format!(
            "introspection_mode = local\nlocal_validation_key_dict = fs:posix:prefix={}/\n\
             username_attribute = sub\n",
            path_str(&keys)?
        ),
    )?;
    set_mode(&settings, 0o644)?;
    Ok(format!(
        "\n# --- OAuth 2.0 (Setup::oauth2_hs256_key) ---\n\
         auth_mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256 anonymous xoauth2 oauthbearer\n\
         passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = {}\n}}\n",
        path_str(&settings)?
    ))
}

/// The ports of one running server.
#[derive(Clone, Copy, Debug)]
struct Ports {
    imap: u16,
    imaps: u16,
    pop3: u16,
    pop3s: u16,
    submission: u16,
    submissions: u16,
    /// Port the submission service relays to; nothing listens there.
    relay: u16,
}

impl Ports {
    fn listening(&self) -> [u16; 6] {
        [
            self.imap,
            self.imaps,
            self.pop3,
            self.pop3s,
            self.submission,
            self.submissions,
        ]
    }
}

/// Checks that everything [`Dovecot::start`] needs is present, without
/// starting anything. `Err` carries a reason suitable for a "skipped" message.
pub fn availability() -> Result<(), String> {
    let dovecot = find_program("dovecot")?;
    find_program("openssl")?;
    find_program("kill")?;
    let version = dovecot_version(&dovecot)?;
    if !version.starts_with("2.3.") {
        return Err(format!(
            "Dovecot {version} found, but dovecot.conf.in is written for Dovecot 2.3 \
             (2.4 renamed many settings)"
        ));
    }
    if !running_as_root()? {
        return Err(
            "the Dovecot harness must run as root (Dovecot switches to an unprivileged \
             mail user and chroots its login processes)"
                .to_string(),
        );
    }
    mail_user()?;
    service_programs()?;
    Ok(())
}

/// The services dovecot.conf.in starts come in packages of their own
/// (dovecot-imapd, dovecot-pop3d, dovecot-submissiond): without one,
/// Dovecot starts, and the test fails on a port that never answers.
fn service_programs() -> Result<(), String> {
    let dirs = ["/usr/lib/dovecot", "/usr/libexec/dovecot"].map(Path::new);
    for (service, package) in [
        ("imap", "dovecot-imapd"),
        ("imap-login", "dovecot-imapd"),
        ("pop3", "dovecot-pop3d"),
        ("pop3-login", "dovecot-pop3d"),
        ("submission", "dovecot-submissiond"),
        ("submission-login", "dovecot-submissiond"),
    ] {
        if !dirs.iter().any(|dir| dir.join(service).is_file()) {
            return Err(format!(
                "Dovecot's {service} service is not installed (apt-get install {package})"
            ));
        }
    }
    Ok(())
}

/// The output of `dovecot --version`, e.g. `2.3.19.1 (9b53102964)`.
pub fn version() -> Result<String, String> {
    dovecot_version(&find_program("dovecot")?)
}

/// A running Dovecot instance. Dropping it stops the server.
pub struct Dovecot {
    /// The `dovecot -F` master process.
    master: Child,
    /// Set once the master has been stopped and reaped.
    stopped: bool,
    ports: Ports,
    config_path: PathBuf,
    log_path: PathBuf,
    stderr_path: PathBuf,
    cert_path: PathBuf,
    /// Declared last so that it is removed only after the server is gone.
    dir: Option<tempfile::TempDir>,
}

impl Dovecot {
    /// Starts a fresh server; see the module documentation.
    ///
    /// Fails with a descriptive message (including Dovecot's own output) if
    /// something is missing, the configuration is rejected, or the listeners
    /// do not come up within 15 seconds.
    pub fn start() -> Result<Dovecot, String> {
        Self::start_with(Setup::default())
    }

    /// As [`Dovecot::start`], with the changes of `setup`.
    pub fn start_with(setup: Setup<'_>) -> Result<Dovecot, String> {
        availability()?;
        let mut last_error = String::new();
        for _ in 0..START_ATTEMPTS {
            match Self::start_once(setup) {
                Ok(server) => return Ok(server),
                // Another process grabbed one of our ports between choosing
                // and binding it: choose again.
                Err(e) if e.contains("Address already in use") => last_error = e,
                Err(e) => return Err(e),
            }
        }
        Err(format!(
            "Dovecot did not start after {START_ATTEMPTS} attempts: {last_error}"
        ))
    }

    fn start_once(setup: Setup<'_>) -> Result<Dovecot, String> {
        let dovecot = find_program("dovecot")?;
        let (mail_uid, mail_gid) = mail_user()?;

        let dir = tempfile::Builder::new()
            .prefix("saslenc-dovecot-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
        let root = dir.path().to_path_buf();
        // The unprivileged auth and login processes must be able to traverse
        // the directory (tempfile creates it 0700).
        set_mode(&root, 0o755)?;

        let cert_path = root.join("cert.pem");
        let key_path = root.join("key.pem");
        match setup.certificate {
            Some((cert, key)) => {
                fs::copy(cert, &cert_path).map_err(|e| format!("cannot copy {cert:?}: {e}"))?;
                fs::copy(key, &key_path).map_err(|e| format!("cannot copy {key:?}: {e}"))?;
            }
            None => {
                let (cert, key) = shared_self_signed_cert()?;
                fs::write(&cert_path, cert)
                    .map_err(|e| format!("cannot write {cert_path:?}: {e}"))?;
                fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&key_path)
                    .and_then(|mut file| file.write_all(key))
                    .map_err(|e| format!("cannot write {key_path:?}: {e}"))?;
            }
        }

        let passwd_path = root.join("passwd");
        let mut passwd = passwd_file(USERS)?;
        for line in setup.passwd_lines {
            passwd.push_str(line);
            passwd.push('\n');
        }
        write_file(&passwd_path, &passwd)?;
        set_mode(&passwd_path, 0o644)?;

        let mail_root = root.join("mail");
        fs::create_dir(&mail_root).map_err(|e| format!("cannot create {mail_root:?}: {e}"))?;
        std::os::unix::fs::chown(&mail_root, Some(mail_uid), Some(mail_gid))
            .map_err(|e| format!("cannot chown {mail_root:?} to {mail_uid}:{mail_gid}: {e}"))?;
        let state_dir = root.join("state");
        fs::create_dir(&state_dir).map_err(|e| format!("cannot create {state_dir:?}: {e}"))?;

        let ports = reserve_ports()?;
        let log_path = root.join("dovecot.log");
        let config = render_config(
            CONFIG_TEMPLATE,
            &[
                ("BASE_DIR", path_str(&root.join("run"))?),
                ("STATE_DIR", path_str(&state_dir)?),
                ("LOG_PATH", path_str(&log_path)?),
                ("SSL_CERT", path_str(&cert_path)?),
                ("SSL_KEY", path_str(&key_path)?),
                ("PASSWD_FILE", path_str(&passwd_path)?),
                ("MAIL_ROOT", path_str(&mail_root)?),
                ("MAIL_UID", mail_uid.to_string()),
                ("MAIL_GID", mail_gid.to_string()),
                ("IMAP_PORT", ports.imap.to_string()),
                ("IMAPS_PORT", ports.imaps.to_string()),
                ("POP3_PORT", ports.pop3.to_string()),
                ("POP3S_PORT", ports.pop3s.to_string()),
                ("SUBMISSION_PORT", ports.submission.to_string()),
                ("SUBMISSIONS_PORT", ports.submissions.to_string()),
                ("RELAY_PORT", ports.relay.to_string()),
            ],
        )?;
        let config = match setup.oauth2_hs256_key {
            Some(key) => config + &oauth2_passdb(&root, key)?,
            None => config,
        };
        let config = match setup.digest_md5 {
            Some(realm) => {
                config
                    + "\n# --- DIGEST-MD5 (Setup::digest_md5) ---\n\
                       auth_mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256 anonymous \
                       digest-md5\n"
                    + &if realm.is_empty() {
                        String::new()
                    } else {
                        format!("auth_realms = {realm}\n")
                    }
            }
            None => config,
        };
        let config = match setup.winbind_helper {
            Some(helper) => {
                config
                    + "\n# --- NTLM through Samba's winbind (Setup::winbind_helper) ---\n\
                       auth_mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256 anonymous \
                       ntlm\n\
                       auth_use_winbind = yes\n"
                    + &format!("auth_winbind_helper_path = {}\n", path_str(helper)?)
            }
            None => config,
        };
        let config = match setup.client_ca {
            Some(ca) => config + &client_ca_config(&root, ca)?,
            None => config,
        };
        let config_path = root.join("dovecot.conf");
        write_file(&config_path, &config)?;

        // Dovecot's early errors (config parsing, bind failures) go to
        // stderr before log_path is opened.
        let stderr_path = root.join("dovecot.stderr");
        let stderr = fs::File::create(&stderr_path)
            .map_err(|e| format!("cannot create {stderr_path:?}: {e}"))?;
        let stdout = stderr
            .try_clone()
            .map_err(|e| format!("cannot duplicate a file handle: {e}"))?;
        let master = Command::new(&dovecot)
            .arg("-F")
            .arg("-c")
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", dovecot.display()))?;

        let mut server = Dovecot {
            master,
            stopped: false,
            ports,
            config_path,
            log_path,
            stderr_path,
            cert_path,
            dir: Some(dir),
        };
        server.wait_until_ready()?;
        Ok(server)
    }

    /// Waits until every listener accepts a TCP connection, or fails early
    /// (with Dovecot's output) if the master process exits.
    fn wait_until_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + START_TIMEOUT;
        let mut pending: Vec<u16> = self.ports.listening().to_vec();
        loop {
            match self.master.try_wait() {
                Ok(Some(status)) => {
                    self.stopped = true;
                    return Err(format!(
                        "dovecot exited during start-up ({status}).\n{}",
                        self.diagnostics()
                    ));
                }
                Ok(None) => {}
                Err(e) => return Err(format!("cannot query the dovecot process: {e}")),
            }
            pending.retain(|&port| {
                let addr = SocketAddr::from(([127, 0, 0, 1], port));
                TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err()
            });
            if pending.is_empty() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "dovecot did not listen on port(s) {pending:?} within {START_TIMEOUT:?}.\n{}",
                    self.diagnostics()
                ));
            }
            thread::sleep(Duration::from_millis(25));
        }
    }

    /// The loopback port of one listener.
    pub fn port(&self, service: Service, listener: Listener) -> u16 {
        let p = &self.ports;
        match (service, listener) {
            (Service::Imap, Listener::Cleartext) => p.imap,
            (Service::Imap, Listener::ImplicitTls) => p.imaps,
            (Service::Pop3, Listener::Cleartext) => p.pop3,
            (Service::Pop3, Listener::ImplicitTls) => p.pop3s,
            (Service::Submission, Listener::Cleartext) => p.submission,
            (Service::Submission, Listener::ImplicitTls) => p.submissions,
        }
    }

    /// `127.0.0.1:port` of one listener.
    pub fn addr(&self, service: Service, listener: Listener) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port(service, listener)))
    }

    /// The server's self-signed certificate (PEM). Its subjectAltName covers
    /// `IP:127.0.0.1` and `DNS:localhost`, so it can serve as a CA file for
    /// strict verification (`openssl s_client -CAfile ... -verify_ip ...`).
    pub fn ca_cert(&self) -> &Path {
        &self.cert_path
    }

    /// The rendered configuration file.
    pub fn config_path(&self) -> &Path {
        &self.config_path
    }

    /// The PID of the Dovecot master process.
    pub fn master_pid(&self) -> u32 {
        self.master.id()
    }

    /// The master process and all its current descendants (login, auth,
    /// imap, ... processes), for checking that nothing outlives the server.
    pub fn process_ids(&self) -> Vec<u32> {
        let mut pids = vec![self.master.id()];
        pids.extend(descendants(self.master.id()).into_iter().map(|p| p.pid));
        pids
    }

    /// Everything Dovecot logged so far (the log file, lossily decoded).
    pub fn log(&self) -> String {
        read_lossy(&self.log_path)
    }

    /// Dovecot's stderr and log, for error messages.
    fn diagnostics(&self) -> String {
        format!(
            "--- dovecot stderr ---\n{}\n--- {} ---\n{}",
            read_lossy(&self.stderr_path).trim_end(),
            self.log_path.display(),
            read_lossy(&self.log_path).trim_end()
        )
    }

    /// Stops the server now and reports whether that went cleanly.
    /// (Dropping does the same but can only print problems.)
    pub fn stop(mut self) -> Result<(), String> {
        self.stop_inner()
    }

    fn stop_inner(&mut self) -> Result<(), String> {
        if self.stopped {
            return Ok(());
        }
        let pid = self.master.id();
        // Remember the workers now: once the master is gone they are
        // re-parented and can no longer be found through it.
        let workers = descendants(pid);
        let mut problems = Vec::new();

        match self.master.try_wait() {
            Ok(Some(status)) => problems.push(format!("dovecot had already exited ({status})")),
            Ok(None) => {
                // SIGTERM to the master makes it stop its services and exit,
                // but it then waits for its workers, and the auth process
                // takes 1 to 5 seconds to notice. SIGTERM to the workers as
                // well (all of them exit cleanly on it) makes the whole
                // shutdown take milliseconds. std has no SIGTERM: use kill(1).
                if let Err(e) = send_signal(&[pid], "TERM") {
                    problems.push(e);
                }
                let running: Vec<u32> = workers
                    .iter()
                    .filter(|w| w.still_running())
                    .map(|w| w.pid)
                    .collect();
                // Some may exit in between: failure here is expected noise.
                let _ = send_signal(&running, "TERM");
                if !wait_child(&mut self.master, STOP_TIMEOUT) {
                    problems.push(format!(
                        "dovecot master {pid} ignored SIGTERM for {STOP_TIMEOUT:?}; killed"
                    ));
                    let _ = self.master.kill();
                    let _ = self.master.wait();
                }
            }
            Err(e) => problems.push(format!("cannot query dovecot process {pid}: {e}")),
        }
        self.stopped = true;

        // The master normally takes its workers down with it. Give stragglers
        // a moment, then kill whatever is left (checking the start time so a
        // recycled PID is never hit).
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut alive: Vec<ProcInfo> = workers;
        while !alive.is_empty() && Instant::now() < deadline {
            alive.retain(ProcInfo::still_running);
            if !alive.is_empty() {
                thread::sleep(Duration::from_millis(20));
            }
        }
        for worker in alive.iter().filter(|w| w.still_running()) {
            problems.push(format!(
                "dovecot worker {} ({}) outlived the master; killed",
                worker.pid, worker.comm
            ));
            let _ = send_signal(&[worker.pid], "KILL");
        }

        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        if let Err(e) = self.stop_inner() {
            eprintln!("warning: stopping Dovecot: {e}");
        }
        let keep = std::env::var(KEEP_DIR_ENV).is_ok_and(|v| !v.is_empty() && v != "0");
        if let Some(dir) = self.dir.take() {
            if keep {
                eprintln!("{KEEP_DIR_ENV}: keeping {}", dir.keep().display());
            } else if let Err(e) = dir.close() {
                eprintln!("warning: cannot remove the Dovecot test directory: {e}");
            }
        }
    }
}

impl fmt::Debug for Dovecot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dovecot")
            .field("master_pid", &self.master.id())
            .field("ports", &self.ports)
            .field("config_path", &self.config_path)
            .finish()
    }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Replaces `@NAME@` placeholders and refuses to return a config that still
/// contains one (a typo in the template or a missing value).
fn render_config(template: &str, values: &[(&str, String)]) -> Result<String, String> {
    let mut config = template.to_string();
    for (name, value) in values {
        let placeholder = format!("@{name}@");
        if !config.contains(&placeholder) {
            return Err(format!("dovecot.conf.in has no placeholder {placeholder}"));
        }
        config = config.replace(&placeholder, value);
    }
    // Comment lines may mention placeholders by name; only settings count.
    let settings = config.lines().filter(|l| !l.trim_start().starts_with('#'));
    if let Some(leftover) = settings.filter_map(find_placeholder).next() {
        return Err(format!(
            "dovecot.conf.in placeholder {leftover} was not filled in"
        ));
    }
    Ok(config)
}

/// The first `@UPPER_CASE@` token in `text`, if any.
fn find_placeholder(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(offset) = text[start..].find('@') {
        let open = start + offset;
        let name_len = bytes[open + 1..]
            .iter()
            .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_')
            .count();
        let close = open + 1 + name_len;
        if name_len > 0 && bytes.get(close) == Some(&b'@') {
            return Some(&text[open..=close]);
        }
        start = open + 1;
    }
    None
}

/// passwd-file lines: `name:{PLAIN}password::::::` (user, password, uid,
/// gid, gecos, home, shell, extra fields). The format has no escaping, so
/// `:` and line breaks cannot appear in names or passwords.
fn passwd_file(users: &[TestUser]) -> Result<String, String> {
    let mut out = String::new();
    for user in users {
        for field in [user.name, user.password] {
            if field.is_empty() || field.contains([':', '\n', '\r', '\0']) {
                return Err(format!(
                    "test user {:?}: passwd-file fields must be non-empty and free of ':', \
                     line breaks and NUL",
                    user.name
                ));
            }
        }
        out.push_str(&format!("{}:{{PLAIN}}{}::::::\n", user.name, user.password));
    }
    Ok(out)
}

/// Binds seven ephemeral loopback ports at once (so they are distinct), then
/// releases them for Dovecot. The seventh is the never-listening relay port.
fn reserve_ports() -> Result<Ports, String> {
    let listeners = (0..7)
        .map(|_| TcpListener::bind("127.0.0.1:0"))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("cannot bind a free port on 127.0.0.1: {e}"))?;
    let ports = listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("cannot read a bound port: {e}"))?;
    Ok(Ports {
        imap: ports[0],
        imaps: ports[1],
        pop3: ports[2],
        pop3s: ports[3],
        submission: ports[4],
        submissions: ports[5],
        relay: ports[6],
    })
}

/// A certificate and its private key, PEM.
type Pem = (Vec<u8>, Vec<u8>);

/// The PEM certificate and key every Dovecot of this test run serves
/// (unless its [`Setup`] brings its own): made once, since an RSA key takes
/// openssl a fifth of a second of CPU, and a dozen Dovecots start.
fn shared_self_signed_cert() -> Result<&'static Pem, String> {
    static PEM: OnceLock<Result<Pem, String>> = OnceLock::new();
    PEM.get_or_init(|| {
        let dir =
            tempfile::tempdir().map_err(|e| format!("cannot create a temporary directory: {e}"))?;
        let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
        make_self_signed_cert(&cert, &key)?;
        let read = |path: &Path| fs::read(path).map_err(|e| format!("cannot read {path:?}: {e}"));
        Ok((read(&cert)?, read(&key)?))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// `openssl req -x509 -newkey rsa:2048 -nodes ...` with SANs for loopback.
fn make_self_signed_cert(cert: &Path, key: &Path) -> Result<(), String> {
    let output = Command::new(find_program("openssl")?)
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .arg("-keyout")
        .arg(key)
        .arg("-out")
        .arg(cert)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run openssl req: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "openssl req failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(())
}

/// Looks for an executable in `$PATH`, then in the sbin directories (which
/// are not on every non-login `$PATH`, and Debian installs `dovecot` there).
pub fn find_program(name: &str) -> Result<PathBuf, String> {
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    let extra = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"].map(PathBuf::from);
    std::env::split_paths(&path_var)
        .chain(extra)
        .map(|dir| dir.join(name))
        .find(|candidate| {
            fs::metadata(candidate).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
        .ok_or_else(|| {
            let package = match name {
                "dovecot" | "doveadm" | "doveconf" => {
                    " (apt-get install dovecot-core dovecot-imapd dovecot-pop3d dovecot-submissiond)"
                }
                "openssl" => " (apt-get install openssl)",
                _ => "",
            };
            format!("`{name}` not found{package}")
        })
}

fn dovecot_version(dovecot: &Path) -> Result<String, String> {
    let output = Command::new(dovecot)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {} --version: {e}", dovecot.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} --version failed: {}",
            dovecot.display(),
            output.status
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Effective uid 0? (Read from /proc to avoid a libc dependency.)
pub fn running_as_root() -> Result<bool, String> {
    let status = fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status: {e}"))?;
    let euid = status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().nth(1))
        .ok_or("no Uid line in /proc/self/status")?;
    Ok(euid == "0")
}

/// uid and gid of the first existing [`MAIL_USER_CANDIDATES`] entry.
fn mail_user() -> Result<(u32, u32), String> {
    MAIL_USER_CANDIDATES
        .iter()
        .find_map(|name| lookup_user(name))
        .ok_or_else(|| {
            format!(
                "none of the system users {MAIL_USER_CANDIDATES:?} exists (create one: \
                 useradd --system --no-create-home --shell /usr/sbin/nologin saslenc-mail)"
            )
        })
}

/// uid and gid of a non-root user: `getent passwd NAME` (any NSS source),
/// or /etc/passwd directly when getent is unavailable.
fn lookup_user(name: &str) -> Option<(u32, u32)> {
    let from_getent = find_program("getent").ok().and_then(|getent| {
        let output = Command::new(getent)
            .args(["passwd", name])
            .stdin(Stdio::null())
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    });
    let entry = from_getent.or_else(|| {
        let passwd = fs::read_to_string("/etc/passwd").ok()?;
        passwd
            .lines()
            .find(|line| line.split(':').next() == Some(name))
            .map(str::to_string)
    })?;
    // name:x:uid:gid:gecos:home:shell
    let fields: Vec<&str> = entry.trim().split(':').collect();
    let uid = fields.get(2)?.parse::<u32>().ok()?;
    let gid = fields.get(3)?.parse::<u32>().ok()?;
    (uid != 0 && gid != 0).then_some((uid, gid))
}

fn path_str(path: &Path) -> Result<String, String> {
    let s = path
        .to_str()
        .ok_or_else(|| format!("path {path:?} is not UTF-8"))?;
    if s.contains(char::is_whitespace) || s.contains(['"', '#', '{', '}']) {
        return Err(format!(
            "path {s:?} cannot be written into dovecot.conf unquoted"
        ));
    }
    Ok(s.to_string())
}

fn write_file(path: &Path, contents: &str) -> Result<(), String> {
    fs::write(path, contents).map_err(|e| format!("cannot write {path:?}: {e}"))
}

fn set_mode(path: &Path, mode: u32) -> Result<(), String> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|e| format!("cannot chmod {path:?}: {e}"))
}

fn read_lossy(path: &Path) -> String {
    let mut bytes = Vec::new();
    match fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)) {
        Ok(_) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => format!("(cannot read {}: {e})", path.display()),
    }
}

/// `kill -SIGNAL pid...`.
pub fn send_signal(pids: &[u32], signal: &str) -> Result<(), String> {
    if pids.is_empty() {
        return Ok(());
    }
    let status = Command::new(find_program("kill")?)
        .arg(format!("-{signal}"))
        .args(pids.iter().map(u32::to_string))
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run kill: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("kill -{signal} {pids:?} failed ({status})"))
    }
}

/// Polls until the child exits; false on timeout.
pub fn wait_child(child: &mut Child, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return true,
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
            Ok(None) => return false,
            // Not our child any more (already reaped): nothing to wait for.
            Err(_) => return true,
        }
    }
}

/// Those of `procs` still running after up to `grace`.
pub fn still_running(procs: &[ProcInfo], grace: Duration) -> Vec<u32> {
    let deadline = Instant::now() + grace;
    let mut alive: Vec<&ProcInfo> = procs.iter().collect();
    while !alive.is_empty() && Instant::now() < deadline {
        alive.retain(|p| p.still_running());
        if !alive.is_empty() {
            thread::sleep(Duration::from_millis(20));
        }
    }
    alive.into_iter().map(|p| p.pid).collect()
}

/// The gid of Dovecot's `default_internal_user` (`dovecot`), which its
/// auth service, and so the NTLM helper it starts, runs as.
pub fn internal_user_gid() -> Result<u32, String> {
    lookup_user("dovecot")
        .map(|(_, gid)| gid)
        .ok_or_else(|| "no system user `dovecot` (apt-get install dovecot-core)".into())
}

/// A process as seen in /proc/PID/stat.
#[derive(Clone, Debug)]
pub struct ProcInfo {
    pid: u32,
    ppid: u32,
    comm: String,
    /// Start time in clock ticks since boot: tells a recycled PID apart.
    start_time: u64,
}

impl ProcInfo {
    fn read(pid: u32) -> Option<ProcInfo> {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // "pid (comm) state ppid ..."; comm may contain spaces and ')'.
        let open = stat.find('(')?;
        let close = stat.rfind(')')?;
        let comm = stat.get(open + 1..close)?.to_string();
        let rest: Vec<&str> = stat.get(close + 2..)?.split_whitespace().collect();
        let state = rest.first()?;
        if *state == "Z" || *state == "X" {
            return None; // dead, merely not reaped yet
        }
        Some(ProcInfo {
            pid,
            ppid: rest.get(1)?.parse().ok()?,
            comm,
            start_time: rest.get(19)?.parse().ok()?,
        })
    }

    fn still_running(&self) -> bool {
        ProcInfo::read(self.pid).is_some_and(|now| now.start_time == self.start_time)
    }
}

/// All live descendants of `root`, found by walking /proc's parent links.
pub fn descendants(root: u32) -> Vec<ProcInfo> {
    let all: Vec<ProcInfo> = fs::read_dir("/proc")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
                .filter_map(ProcInfo::read)
                .collect()
        })
        .unwrap_or_default();
    let mut found: Vec<ProcInfo> = Vec::new();
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        for p in all.iter().filter(|p| p.ppid == parent) {
            frontier.push(p.pid);
            found.push(p.clone());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_placeholders_are_all_known() {
        let names = [
            "BASE_DIR",
            "STATE_DIR",
            "LOG_PATH",
            "SSL_CERT",
            "SSL_KEY",
            "PASSWD_FILE",
            "MAIL_ROOT",
            "MAIL_UID",
            "MAIL_GID",
            "IMAP_PORT",
            "IMAPS_PORT",
            "POP3_PORT",
            "POP3S_PORT",
            "SUBMISSION_PORT",
            "SUBMISSIONS_PORT",
            "RELAY_PORT",
        ];
        let values: Vec<(&str, String)> = names.iter().map(|n| (*n, "x".to_string())).collect();
        let rendered = render_config(CONFIG_TEMPLATE, &values).expect("template renders");
        assert!(rendered.contains("port = x"));
        assert!(render_config("a = @MISSING@\n", &[]).is_err());
        assert!(render_config("# @NAME@ in a comment\n", &[]).is_ok());
        assert_eq!(find_placeholder("a @B_1@ c"), Some("@B_1@"));
        assert_eq!(find_placeholder("user@example.org @@ @x@"), None);
    }

    #[test]
    fn passwd_file_rejects_unrepresentable_fields() {
        let bad = TestUser {
            name: "a",
            password: "with:colon",
        };
        assert!(passwd_file(&[bad]).is_err());
        assert_eq!(
            passwd_file(&[ASCII_USER]).expect("valid user"),
            "user:{PLAIN}pencil::::::\n"
        );
    }
}
