//! A throw-away PostgreSQL cluster on loopback, for the stored-secret
//! tests.
//!
//! [`Postgres::start`] finds Debian's server binaries
//! (`/usr/lib/postgresql/<version>/bin`, the highest version), runs
//! `initdb` into a fresh temporary directory as an unprivileged system
//! user (PostgreSQL refuses to run as root), and starts the server with
//! `pg_ctl` listening on 127.0.0.1 only, on a free port, its Unix socket
//! in the same directory. `pg_hba.conf` allows the cluster's own
//! superuser over that socket (`peer`) and every other login over TCP
//! with `scram-sha-256` only. Dropping the [`Postgres`] value stops the
//! server (`pg_ctl stop -m immediate`) and removes the directory, also
//! when a test fails.

use std::fs;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// System users the cluster may run as, in order of preference:
/// `saslenc-pg` is created by `.ci/run`; Debian's `postgres` package user
/// is the fallback.
pub const PG_USER_CANDIDATES: &[&str] = &["saslenc-pg", "postgres"];

/// Checks that everything [`Postgres::start`] needs is here.
pub fn availability() -> Result<(), String> {
    bin_dir()?;
    Command::new("runuser")
        .arg("--help")
        .output()
        .map_err(|e| format!("`runuser` (util-linux) is not runnable: {e}"))?;
    if !running_as_root() {
        return Err(
            "the PostgreSQL harness must run as root (to run the server as an \
                    unprivileged user)"
                .into(),
        );
    }
    pg_user()?;
    Ok(())
}

/// The highest `/usr/lib/postgresql/<version>/bin` holding `initdb`.
fn bin_dir() -> Result<PathBuf, String> {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir(root)
        .map_err(|e| {
            format!(
                "no PostgreSQL server in {} ({e}); apt-get install postgresql",
                root.display()
            )
        })?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).ok_or_else(|| {
        format!(
            "no {}/<version>/bin/initdb; apt-get install postgresql",
            root.display()
        )
    })
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The first existing candidate user, with its uid and gid.
fn pg_user() -> Result<(&'static str, u32, u32), String> {
    for name in PG_USER_CANDIDATES {
        let Ok(out) = Command::new("getent").args(["passwd", name]).output() else {
            continue;
        };
        let line = String::from_utf8_lossy(&out.stdout).into_owned();
        let fields: Vec<&str> = line.trim().split(':').collect();
        if let (Some(uid), Some(gid)) = (fields.get(2), fields.get(3)) {
            if let (Ok(uid), Ok(gid)) = (uid.parse::<u32>(), gid.parse::<u32>()) {
                if uid != 0 {
                    return Ok((name, uid, gid));
                }
            }
        }
    }
    Err(format!(
        "none of the system users {PG_USER_CANDIDATES:?} exists (useradd --system saslenc-pg)"
    ))
}

/// A running cluster. Dropping it stops the server.
pub struct Postgres {
    bin: PathBuf,
    user: &'static str,
    data: PathBuf,
    socket_dir: PathBuf,
    port: u16,
    running: bool,
    /// Declared last: removed after the server has stopped.
    dir: Option<tempfile::TempDir>,
}

impl Postgres {
    /// Creates and starts a cluster; see the module documentation.
    pub fn start() -> Result<Postgres, String> {
        availability()?;
        let bin = bin_dir()?;
        let (user, uid, gid) = pg_user()?;
        let dir = tempfile::Builder::new()
            .prefix("saslenc-pg-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
        let root = dir.path().to_path_buf();
        fs::set_permissions(&root, fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("cannot chmod {}: {e}", root.display()))?;
        let data = root.join("data");
        let socket_dir = root.join("run");
        for d in [&data, &socket_dir] {
            fs::create_dir(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
            std::os::unix::fs::chown(d, Some(uid), Some(gid))
                .map_err(|e| format!("cannot chown {}: {e}", d.display()))?;
        }
        fs::set_permissions(&data, fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("cannot chmod {}: {e}", data.display()))?;
        let port = free_port()?;
        let mut server = Postgres {
            bin,
            user,
            data,
            socket_dir,
            port,
            running: false,
            dir: Some(dir),
        };
        let data = server.data.to_string_lossy().into_owned();
        server.as_pg_user(
            "initdb",
            &[
                "-D",
                &data,
                "--auth-local=peer",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
        )?;
        // Only loopback, only SCRAM over TCP (initdb also allows ::1).
        let hba = "local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\n";
        fs::write(server.data.join("pg_hba.conf"), hba)
            .map_err(|e| format!("cannot write pg_hba.conf: {e}"))?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={} \
             -c password_encryption=scram-sha-256 -c fsync=off",
            server.socket_dir.display()
        );
        // In a directory the server's user owns: pg_ctl opens it as that user.
        let log = server.socket_dir.join("postgres.log");
        let log = log.to_string_lossy().into_owned();
        server.running = true;
        server
            .as_pg_user(
                "pg_ctl",
                &[
                    "-D", &data, "-l", &log, "-o", &options, "-w", "-t", "30", "start",
                ],
            )
            .map_err(|e| {
                format!(
                    "{e}\n--- log ---\n{}",
                    fs::read_to_string(&log).unwrap_or_default()
                )
            })?;
        Ok(server)
    }

    fn dir_path(&self) -> &Path {
        self.dir
            .as_ref()
            .map_or(Path::new("/nonexistent"), |d| d.path())
    }

    /// The server's `psql` binary.
    pub fn psql(&self) -> PathBuf {
        self.bin.join("psql")
    }

    /// Runs `program args` from the server's bin directory as the
    /// cluster's user; `Err` with its output unless it exits 0.
    fn as_pg_user(&self, program: &str, args: &[&str]) -> Result<Output, String> {
        let out = Command::new("runuser")
            .args(["-u", self.user, "--"])
            .arg(self.bin.join(program))
            .args(args)
            .current_dir(self.dir_path())
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {program}: {e}"))?;
        if out.status.success() {
            Ok(out)
        } else {
            Err(format!(
                "{program} {args:?} failed ({}): {}{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// Runs one SQL command as the superuser (over the Unix socket) and
    /// returns its unaligned, tuples-only output.
    pub fn superuser_sql(&self, sql: &str) -> Result<String, String> {
        let socket = self.socket_dir.to_string_lossy().into_owned();
        let port = self.port.to_string();
        let out = self.as_pg_user(
            "psql",
            &[
                "-h",
                &socket,
                "-p",
                &port,
                "-d",
                "postgres",
                "-X",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ],
        )?;
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
    }

    /// Logs in as `role` with `password` over TCP (SCRAM-SHA-256, as
    /// pg_hba.conf demands) with psql and returns `select current_user`,
    /// or psql's error.
    pub fn login(&self, role: &str, password: &str) -> Result<String, String> {
        self.login_bytes(role, password.as_bytes())
    }

    /// [`Postgres::login`] with a password of any bytes (no NUL), as
    /// libpq reads it from `PGPASSWORD`.
    pub fn login_bytes(&self, role: &str, password: &[u8]) -> Result<String, String> {
        use std::os::unix::ffi::OsStrExt;
        let password = std::ffi::OsStr::from_bytes(password);
        let out = Command::new(self.psql())
            .args(["-X", "-At", "-c", "select current_user"])
            .arg(format!(
                "host=127.0.0.1 port={} dbname=postgres sslmode=disable user='{}'",
                self.port,
                role.replace('\\', "\\\\").replace('\'', "\\'")
            ))
            .env("PGPASSWORD", password)
            .env("PGCONNECT_TIMEOUT", "10")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run psql: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if self.running {
            let data = self.data.to_string_lossy().into_owned();
            if let Err(e) =
                self.as_pg_user("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"])
            {
                eprintln!("stopping PostgreSQL: {e}");
            }
            self.running = false;
        }
    }
}

/// A loopback port free right now.
fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("cannot find a free port: {e}"))
}
