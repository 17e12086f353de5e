//! A standalone Samba of the test's own: `winbindd` over a tdbsam of local
//! users, in a temporary directory, for Samba's `ntlm_auth` (the NTLM
//! helper Dovecot hands NTLM to with `auth_use_winbind = yes`).
//!
//! [`Samba::start`] writes an `smb.conf` (`server role = standalone
//! server`, `security = user`, workgroup [`WORKGROUP`], NetBIOS name
//! [`NETBIOS_NAME`]) whose private, lock, state, cache, pid, ncalrpc and
//! winbindd socket directories all lie in that directory, adds [`USERS`] to
//! its tdbsam with `smbpasswd -c <config> -s -a`, and runs `winbindd -F
//! --no-process-group` on it until it answers `wbinfo --ping`. Nothing
//! reads or writes the machine's /etc/samba or /var/lib/samba, and no
//! port is opened: winbindd listens on a Unix socket in the directory.
//! Dropping the [`Samba`] value stops winbindd and its children and
//! removes the directory.
//!
//! Two things are not where a config file can put them, and Samba's own
//! test suite (selftest) meets both with cwrap's nss_wrapper (Debian's
//! `libnss-wrapper`), preloaded into every Samba program run here:
//! * libwbclient, which `ntlm_auth` and `wbinfo` reach winbindd through,
//!   looks for winbindd's socket in its compiled-in directory
//!   (/run/samba/winbindd), and honours `SELFTEST_WINBINDD_SOCKET_DIR`
//!   only when nss_wrapper is loaded;
//! * tdbsam keeps a user only if a Unix account of that name exists;
//!   nss_wrapper's passwd and group files in the directory give the test's
//!   users one without an entry in /etc/passwd.
//!
//! Found by trying (Samba 4.17): winbindd of a standalone server does
//! authenticate the local SAM's users, in the domain named after the
//! NetBIOS name (or with no domain at all); a user named in the workgroup
//! or any other domain is refused with `NT_STATUS_NO_LOGON_SERVERS`, since
//! a standalone server has no domain controller to ask. NTLMv1 is refused
//! unless [`Setup::ntlmv1`] sets `ntlm auth = ntlmv1-permitted` (Samba's
//! default since 4.5 is `ntlmv2-only`).
//!
//! `ntlm_auth --helper-protocol=squid-2.5-ntlmssp` needs winbindd's
//! privileged pipe, in a directory winbindd keeps at mode 0750: a helper
//! run by an unprivileged process (Dovecot's auth service runs as
//! `dovecot`) reaches it through that directory's group, as Debian's
//! `winbindd_priv` group does; [`Setup::helper_group`] sets it.
//!
//! Requirements: root (winbindd), Debian's `winbind`, `samba`,
//! `samba-common-bin` and `libnss-wrapper`. [`availability`] checks them.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::dovecot::{self, TestUser};

/// The workgroup of the test server: not a domain it can authenticate in.
pub const WORKGROUP: &str = "SASLTEST";
/// The NetBIOS name: the domain of the server's own users.
pub const NETBIOS_NAME: &str = "SASLHOST";
/// The workgroup the NTLM client's config names ([`client_config`]).
pub const CLIENT_WORKGROUP: &str = "CLIENTWG";

/// The server's local users: an ASCII one, one with a non-ASCII name and
/// password, and one whose password is full of shell metacharacters.
pub const USERS: &[TestUser] = &[
    dovecot::ASCII_USER,
    dovecot::UTF8_USER,
    dovecot::SHELL_HOSTILE_USER,
];

/// How long [`Samba::start`] waits for winbindd to answer.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a stop waits for winbindd after SIGTERM before SIGKILL.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);
/// The uid of the first test user in nss_wrapper's passwd file (and the
/// gid of their group): far from any system account.
const FIRST_UID: u32 = 60_001;
/// Environment variable: when set (to anything but "0"), keep the temp dir.
const KEEP_DIR_ENV: &str = "SASLENC_INTEROP_KEEP_DIR";

/// Where Debian and others put cwrap's nss_wrapper.
const NSS_WRAPPER_CANDIDATES: &[&str] = &[
    "/usr/lib/x86_64-linux-gnu/libnss_wrapper.so",
    "/usr/lib/aarch64-linux-gnu/libnss_wrapper.so",
    "/usr/lib64/libnss_wrapper.so",
    "/usr/lib/libnss_wrapper.so",
];

/// Changes to the standard server.
#[derive(Clone, Copy, Debug, Default)]
pub struct Setup {
    /// `ntlm auth = ntlmv1-permitted`: accept NTLMv1 responses too.
    pub ntlmv1: bool,
    /// The group that may use winbindd's privileged pipe (that of the
    /// unprivileged process that runs the helper), besides root.
    pub helper_group: Option<u32>,
}

/// Checks that everything [`Samba::start`] needs is here, starting nothing.
pub fn availability() -> Result<(), String> {
    for (program, package) in [
        ("winbindd", "winbind"),
        ("wbinfo", "winbind"),
        ("ntlm_auth", "winbind"),
        ("smbpasswd", "samba-common-bin"),
    ] {
        dovecot::find_program(program).map_err(|_| {
            format!("`{program}` not found (apt-get install winbind samba samba-common-bin; it is in {package})")
        })?;
    }
    nss_wrapper()?;
    if !dovecot::running_as_root()? {
        return Err("winbindd must run as root".into());
    }
    Ok(())
}

/// cwrap's nss_wrapper library.
fn nss_wrapper() -> Result<PathBuf, String> {
    NSS_WRAPPER_CANDIDATES
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .ok_or_else(|| "libnss_wrapper.so not found (apt-get install libnss-wrapper)".into())
}

/// A running winbindd. Dropping it stops winbindd.
pub struct Samba {
    winbindd: Child,
    stopped: bool,
    config: PathBuf,
    helper: PathBuf,
    log_path: PathBuf,
    /// The environment every Samba program run here gets (nss_wrapper).
    env: Vec<(&'static str, String)>,
    /// Declared last so that it is removed only after winbindd is gone.
    dir: Option<tempfile::TempDir>,
}

impl Samba {
    /// Writes the configuration, adds [`USERS`], starts winbindd and waits
    /// until it answers.
    pub fn start(setup: Setup) -> Result<Samba, String> {
        availability()?;
        let dir = tempfile::Builder::new()
            .prefix("saslenc-samba-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
        let root = dir.path().to_path_buf();
        // The helper runs as Dovecot's unprivileged auth user: it must
        // reach the config, the wrapper and the public socket.
        set_mode(&root, 0o755)?;
        for sub in [
            "private", "lock", "state", "cache", "pid", "ncalrpc", "binddns", "sock",
        ] {
            fs::create_dir(root.join(sub)).map_err(|e| format!("cannot create {sub}: {e}"))?;
        }
        set_mode(&root.join("private"), 0o700)?;
        // winbindd creates this directory if it is missing, and keeps it
        // at 0750, owned by root; the group is left as found.
        let privileged = root.join("state").join("winbindd_privileged");
        fs::create_dir(&privileged).map_err(|e| format!("cannot create {privileged:?}: {e}"))?;
        set_mode(&privileged, 0o750)?;
        if let Some(gid) = setup.helper_group {
            std::os::unix::fs::chown(&privileged, Some(0), Some(gid))
                .map_err(|e| format!("cannot chown {privileged:?} to root:{gid}: {e}"))?;
        }

        let config = root.join("smb.conf");
        write_file(&config, &server_config(&root, setup)?)?;
        let mut passwd = String::from("root:x:0:0:root:/root:/bin/sh\n");
        for (i, user) in USERS.iter().enumerate() {
            if user.name.contains([':', '\n']) {
                return Err(format!("{:?} cannot be a passwd entry", user.name));
            }
            let uid = FIRST_UID + i as u32;
            passwd.push_str(&format!(
                "{}:x:{uid}:{FIRST_UID}:saslenc test user:/nonexistent:/bin/false\n",
                user.name
            ));
        }
        let passwd_path = root.join("passwd");
        let group_path = root.join("group");
        write_file(&passwd_path, &passwd)?;
        write_file(
            &group_path,
            &format!("root:x:0:\nsaslenc-ntlm:x:{FIRST_UID}:\n"),
        )?;
        let socket_dir = root.join("sock");
        let env = vec![
            ("LD_PRELOAD", path_str(&nss_wrapper()?)?),
            ("NSS_WRAPPER_PASSWD", path_str(&passwd_path)?),
            ("NSS_WRAPPER_GROUP", path_str(&group_path)?),
            ("SELFTEST_WINBINDD_SOCKET_DIR", path_str(&socket_dir)?),
        ];
        let helper = root.join("ntlm_auth");
        write_file(&helper, &helper_script(&env, &config)?)?;
        set_mode(&helper, 0o755)?;

        for user in USERS {
            add_user(&config, &env, user)?;
        }

        let log_path = root.join("winbindd.log");
        let log =
            fs::File::create(&log_path).map_err(|e| format!("cannot create {log_path:?}: {e}"))?;
        let log_err = log
            .try_clone()
            .map_err(|e| format!("cannot duplicate a file handle: {e}"))?;
        // Level 3 logs why a response was refused ("NTLMv1 passwords NOT
        // PERMITTED", a wrong password) without the protocol dumps.
        let winbindd = Command::new(dovecot::find_program("winbindd")?)
            .arg("-s")
            .arg(&config)
            .args(["-F", "--no-process-group", "--debug-stdout", "-d3"])
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("cannot run winbindd: {e}"))?;
        let mut samba = Samba {
            winbindd,
            stopped: false,
            config,
            helper,
            log_path,
            env,
            dir: Some(dir),
        };
        samba.wait_until_ready()?;
        Ok(samba)
    }

    /// Polls `wbinfo --ping` until winbindd answers, or fails early with its
    /// log if it exits.
    fn wait_until_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.winbindd.try_wait() {
                self.stopped = true;
                return Err(format!(
                    "winbindd exited during start-up ({status}):\n{}",
                    self.log()
                ));
            }
            let ping = self
                .command("wbinfo")?
                .arg("--ping")
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run wbinfo: {e}"))?;
            if ping.status.success() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "winbindd did not answer wbinfo --ping within {START_TIMEOUT:?}:\n{}",
                    self.log()
                ));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// A Samba program (`ntlm_auth`, `wbinfo`) with this server's
    /// environment; `ntlm_auth` also gets `--configfile`.
    pub fn command(&self, program: &str) -> Result<Command, String> {
        let mut command = Command::new(dovecot::find_program(program)?);
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        if program == "ntlm_auth" {
            command.arg(format!("--configfile={}", path_str(&self.config)?));
        }
        Ok(command)
    }

    /// The script that runs `ntlm_auth` with this server's config and
    /// environment, passing its arguments on: Dovecot's
    /// `auth_winbind_helper_path`.
    pub fn helper(&self) -> &Path {
        &self.helper
    }

    /// What winbindd logged so far.
    pub fn log(&self) -> String {
        String::from_utf8_lossy(&fs::read(&self.log_path).unwrap_or_default()).into_owned()
    }

    fn stop_inner(&mut self) -> Result<(), String> {
        if self.stopped {
            return Ok(());
        }
        self.stopped = true;
        let pid = self.winbindd.id();
        // winbindd forks a child per domain; they exit when the parent
        // does, but remember them to make sure.
        let children = dovecot::descendants(pid);
        let mut problems = Vec::new();
        if let Err(e) = dovecot::send_signal(&[pid], "TERM") {
            problems.push(e);
        }
        if !dovecot::wait_child(&mut self.winbindd, STOP_TIMEOUT) {
            problems.push(format!("winbindd {pid} ignored SIGTERM; killed"));
            let _ = self.winbindd.kill();
            let _ = self.winbindd.wait();
        }
        let left = dovecot::still_running(&children, Duration::from_secs(5));
        if !left.is_empty() {
            problems.push(format!("winbindd children {left:?} outlived it; killed"));
            let _ = dovecot::send_signal(&left, "KILL");
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}

impl Drop for Samba {
    fn drop(&mut self) {
        if let Err(e) = self.stop_inner() {
            eprintln!("warning: stopping winbindd: {e}");
        }
        let keep = std::env::var(KEEP_DIR_ENV).is_ok_and(|v| !v.is_empty() && v != "0");
        if let Some(dir) = self.dir.take() {
            if keep {
                eprintln!("{KEEP_DIR_ENV}: keeping {}", dir.keep().display());
            } else if let Err(e) = dir.close() {
                eprintln!("warning: cannot remove the Samba test directory: {e}");
            }
        }
    }
}

/// The server's smb.conf: every directory under `root`, no listener.
fn server_config(root: &Path, setup: Setup) -> Result<String, String> {
    let dir = |name: &str| path_str(&root.join(name));
    let mut config = format!(
        "# saslenc's interoperability tests: a standalone server whose users\n\
         # are in a tdbsam, for winbindd and ntlm_auth. Every path is in\n\
         # this directory; smbd and nmbd are never started.\n\
         [global]\n\
         \tworkgroup = {WORKGROUP}\n\
         \tnetbios name = {NETBIOS_NAME}\n\
         \tserver role = standalone server\n\
         \tsecurity = user\n\
         \tpassdb backend = tdbsam:{}\n\
         \tprivate dir = {}\n\
         \tlock directory = {}\n\
         \tstate directory = {}\n\
         \tcache directory = {}\n\
         \tpid directory = {}\n\
         \tncalrpc dir = {}\n\
         \tbinddns dir = {}\n\
         \twinbindd socket directory = {}\n\
         \tlog file = {}/log.%m\n\
         \tinterfaces = lo\n\
         \tbind interfaces only = yes\n\
         \tdisable netbios = yes\n\
         \tload printers = no\n",
        path_str(&root.join("private").join("passdb.tdb"))?,
        dir("private")?,
        dir("lock")?,
        dir("state")?,
        dir("cache")?,
        dir("pid")?,
        dir("ncalrpc")?,
        dir("binddns")?,
        dir("sock")?,
        path_str(root)?,
    );
    if setup.ntlmv1 {
        config.push_str("\tntlm auth = ntlmv1-permitted\n");
    }
    Ok(config)
}

/// An smb.conf for Samba's NTLM client (`ntlm_auth
/// --helper-protocol=ntlmssp-client-1`), written into `dir`: workgroup
/// [`CLIENT_WORKGROUP`], every directory Samba might write to under `dir`.
pub fn client_config(dir: &Path) -> Result<PathBuf, String> {
    let mut config =
        format!("[global]\n\tworkgroup = {CLIENT_WORKGROUP}\n\tnetbios name = SASLCLIENT\n");
    for (setting, sub) in [
        ("private dir", "private"),
        ("lock directory", "lock"),
        ("state directory", "state"),
        ("cache directory", "cache"),
        ("pid directory", "pid"),
        ("ncalrpc dir", "ncalrpc"),
        ("winbindd socket directory", "sock"),
    ] {
        let path = dir.join(sub);
        fs::create_dir_all(&path).map_err(|e| format!("cannot create {path:?}: {e}"))?;
        config.push_str(&format!("\t{setting} = {}\n", path_str(&path)?));
    }
    config.push_str(&format!("\tlog file = {}/log.%m\n", path_str(dir)?));
    let path = dir.join("client.conf");
    write_file(&path, &config)?;
    Ok(path)
}

/// The helper wrapper: nss_wrapper's environment, then `ntlm_auth
/// --configfile=...` with the arguments Dovecot gives
/// (`--helper-protocol=squid-2.5-ntlmssp`).
fn helper_script(env: &[(&str, String)], config: &Path) -> Result<String, String> {
    let mut script = String::from(
        "#!/bin/sh\n# Samba's ntlm_auth against this directory's winbindd (see samba.rs).\n",
    );
    for (name, value) in env {
        script.push_str(&format!("{name}='{value}'\nexport {name}\n"));
    }
    script.push_str(&format!(
        "exec '{}' --configfile='{}' \"$@\"\n",
        path_str(&dovecot::find_program("ntlm_auth")?)?,
        path_str(config)?
    ));
    Ok(script)
}

/// `smbpasswd -c <config> -s -a NAME`, the password twice on stdin.
fn add_user(config: &Path, env: &[(&str, String)], user: &TestUser) -> Result<(), String> {
    use std::io::Write;
    if user.password.contains('\n') {
        return Err(format!("{:?}: smbpasswd -s reads one line", user.name));
    }
    let mut child = Command::new(dovecot::find_program("smbpasswd")?)
        .arg("-c")
        .arg(config)
        .args(["-s", "-a", user.name])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run smbpasswd: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let lines = format!("{0}\n{0}\n", user.password);
        stdin
            .write_all(lines.as_bytes())
            .map_err(|e| format!("cannot write to smbpasswd: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("cannot wait for smbpasswd: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "smbpasswd -a {:?} failed ({}): {}{}",
            user.name,
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn path_str(path: &Path) -> Result<String, String> {
    let s = path
        .to_str()
        .ok_or_else(|| format!("path {path:?} is not UTF-8"))?;
    if s.contains(|c: char| c.is_whitespace() || c == '\'' || c == '%') {
        return Err(format!(
            "path {s:?} cannot be written into smb.conf or a script"
        ));
    }
    Ok(s.to_string())
}

fn write_file(path: &Path, contents: &str) -> Result<(), String> {
    fs::write(path, contents).map_err(|e| format!("cannot write {path:?}: {e}"))?;
    set_mode(path, 0o644)
}

fn set_mode(path: &Path, mode: u32) -> Result<(), String> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|e| format!("cannot chmod {path:?}: {e}"))
}
