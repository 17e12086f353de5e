//! `saslenc secret` against the programs that read and write stored
//! secrets: `doveadm pw` both ways, `gsasl --mkpasswd`, a real Dovecot that
//! logs users in (with gsasl as the client) against passwd-file entries
//! saslenc wrote, and a real PostgreSQL that stores saslenc's verifier as
//! given and logs a client in with it.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::dovecot::{Dovecot, Listener, Service, Setup};
use crate::postgres::{self, Postgres};
use crate::saslenc::binary;
use crate::{dovecot_tests, gsasl, peers};

/// The environment variable the password goes in (`--pass-env`).
const PW_ENV: &str = "SASLENC_SECRET_TEST_PASSWORD";

/// Random passwords a scheme, checked by `doveadm pw -t`.
const DOVEADM_PASSWORDS: usize = 120;

/// Runs `saslenc secret ARGS` with `password` in [`PW_ENV`] and `stdin`;
/// returns (exit code, stdout, stderr).
fn secret(args: &[&str], password: Option<&str>, stdin: &str) -> (Option<i32>, String, String) {
    let mut command = Command::new(binary());
    command.arg("secret").args(args).env_remove(PW_ENV);
    if let Some(password) = password {
        command.env(PW_ENV, password);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("saslenc runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("saslenc finishes");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A small deterministic generator (xorshift64*), seeded per test run and
/// printed on failure, so that a failing password can be reproduced.
struct Rng(u64);

impl Rng {
    fn seeded() -> (Rng, u64) {
        let seed = std::env::var("SASLENC_SECRET_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
                    | 1
            });
        (Rng(seed), seed)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A password of 1 to 30 characters: printable ASCII, or (when
    /// `non_ascii`) also letters of other scripts, all of which SASLprep
    /// leaves as they are, so that Dovecot (which does not apply it) and
    /// gsasl (which does) agree. (No emoji: they were unassigned in Unicode
    /// 3.2, so SASLprep refuses them in stored strings.)
    fn password(&mut self, non_ascii: bool) -> String {
        const OTHER: &[char] = &[
            'ä', 'ö', 'ü', 'ß', 'é', 'ñ', '€', '漢', '字', 'Ω', 'ж', 'ł', 'ç',
        ];
        let len = 1 + (self.next() % 30) as usize;
        (0..len)
            .map(|_| {
                let r = self.next();
                if non_ascii && r.is_multiple_of(3) {
                    OTHER[(r / 3) as usize % OTHER.len()]
                } else {
                    char::from(b' ' + (r % 95) as u8)
                }
            })
            .collect()
    }
}

fn doveadm_available() -> bool {
    peers::available(
        "doveadm",
        Command::new("doveadm")
            .args(["pw", "-l"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("`doveadm` not runnable ({e}); apt-get install dovecot-core"))
            .and_then(|o| {
                if o.status.success() {
                    Ok(())
                } else {
                    Err(format!("`doveadm pw -l` failed ({})", o.status))
                }
            }),
    )
}

/// `doveadm -O pw -t STORED -p PASSWORD`: whether Dovecot accepts the
/// pair. `-O` (read no configuration) spares the `doveconf` run that
/// otherwise precedes every doveadm command to parse /etc/dovecot, which
/// `pw` does not use: a third of each check's time.
fn doveadm_accepts(stored: &str, password: &str) -> Result<bool, String> {
    let out = Command::new("doveadm")
        .args(["-O", "pw", "-t", stored, "-p", password])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run doveadm: {e}"))?;
    Ok(out.status.success())
}

/// saslenc's Dovecot secrets for hundreds of random passwords, ASCII and
/// not, made by one `--batch` a scheme, each accepted by `doveadm pw -t`
/// for its password and refused for another.
#[test]
fn doveadm_accepts_saslenc_secrets() {
    if !doveadm_available() {
        return;
    }
    let (mut rng, seed) = Rng::seeded();
    let mut cases = Vec::new();
    for scheme in ["scram-sha-1", "scram-sha-256", "cram-md5"] {
        let passwords: Vec<String> = (0..DOVEADM_PASSWORDS)
            .map(|i| rng.password(i % 2 == 1))
            .collect();
        let input: String = passwords
            .iter()
            .enumerate()
            .map(|(i, p)| format!("u{i}:{p}\n"))
            .collect();
        let (code, stdout, stderr) = secret(&[scheme, "--batch", "-"], None, &input);
        assert_eq!(code, Some(0), "{scheme} batch (seed {seed}): {stderr}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), passwords.len(), "{scheme}: {stdout}");
        for (i, (line, password)) in lines.iter().zip(&passwords).enumerate() {
            let stored = line
                .strip_prefix(&format!("u{i}:"))
                .unwrap_or_else(|| panic!("{scheme} line {i} out of order: {line}"));
            cases.push((scheme, stored.to_owned(), password.clone()));
        }
    }
    let failures = std::sync::Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((scheme, stored, password)) = cases.get(i) else {
                    break;
                };
                let wrong = format!("{password}x");
                let verdict = (
                    doveadm_accepts(stored, password),
                    doveadm_accepts(stored, &wrong),
                );
                if !matches!(verdict, (Ok(true), Ok(false))) {
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("{scheme} {stored} for {password:?}: {verdict:?}"));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    peers::summary(
        "doveadm",
        cases.len() - failures.len(),
        failures.len(),
        &format!("doveadm pw -t on saslenc's Dovecot secrets, seed {seed}"),
    );
    assert!(failures.is_empty(), "seed {seed}: {failures:#?}");
}

/// `doveadm pw` and `gsasl --mkpasswd` make secrets; saslenc's verify
/// accepts each for its password (exit 0) and refuses another (exit 1).
#[test]
fn saslenc_verifies_doveadm_and_gsasl_secrets() {
    if !doveadm_available() || !peers::available("gsasl", gsasl::availability()) {
        return;
    }
    let (mut rng, seed) = Rng::seeded();
    let mut checked = 0;
    for i in 0..12 {
        let password = rng.password(i % 2 == 1);
        let mut made = Vec::new();
        for scheme in ["SCRAM-SHA-1", "SCRAM-SHA-256", "CRAM-MD5"] {
            let out = Command::new("doveadm")
                .args(["pw", "-s", scheme, "-p", &password])
                .output()
                .expect("doveadm runs");
            assert!(out.status.success(), "doveadm pw -s {scheme}");
            made.push((
                "doveadm",
                String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            ));
        }
        for scheme in ["SCRAM-SHA-1", "SCRAM-SHA-256"] {
            let out = Command::new("gsasl")
                .args(["--mkpasswd", "-m", scheme, "--iteration-count", "4096"])
                .arg(format!("--password={password}"))
                .stdin(Stdio::null())
                .output()
                .expect("gsasl runs");
            assert!(out.status.success(), "gsasl --mkpasswd -m {scheme}");
            made.push((
                "gsasl",
                String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            ));
        }
        for (tool, stored) in made {
            let (code, _, stderr) = secret(
                &["verify", &stored, "--pass-env", PW_ENV],
                Some(&password),
                "",
            );
            assert_eq!(
                code,
                Some(0),
                "{tool} {stored} for {password:?} (seed {seed}): {stderr}"
            );
            let wrong = format!("x{password}");
            let (code, _, stderr) =
                secret(&["verify", &stored, "--pass-env", PW_ENV], Some(&wrong), "");
            assert_eq!(
                code,
                Some(1),
                "{tool} {stored} for {wrong:?} (seed {seed}): {stderr}"
            );
            checked += 1;
        }
    }
    peers::summary(
        "gsasl/doveadm secrets",
        checked,
        0,
        &format!("saslenc secret verify on doveadm pw and gsasl --mkpasswd output, seed {seed}"),
    );
}

/// gsasl logs in to a real Dovecot (IMAP, no TLS) with `mechanism`.
fn gsasl_login(
    dovecot: &Dovecot,
    mechanism: &str,
    user: &str,
    password: &str,
) -> Result<(), String> {
    let addr = dovecot.addr(Service::Imap, Listener::Cleartext);
    let out = Command::new("gsasl")
        .arg(format!("--connect={addr}"))
        .args([
            "--imap",
            "--no-starttls",
            "--no-cb",
            "--quiet",
            "-m",
            mechanism,
            "-a",
            user,
        ])
        .arg(format!("--password={password}"))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run gsasl: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "gsasl exited {}: {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A real Dovecot whose passwd-file holds only saslenc's stored secrets
/// for these users logs gsasl in with SCRAM-SHA-1, SCRAM-SHA-256 and
/// CRAM-MD5, and refuses a wrong password.
#[test]
fn dovecot_logs_in_with_saslenc_secrets() {
    if !dovecot_tests::available() || !peers::available("gsasl", gsasl::availability()) {
        return;
    }
    let users = [
        ("SCRAM-SHA-1", "scram-sha-1", "stored-s1", "pencil"),
        (
            "SCRAM-SHA-1",
            "scram-sha-1",
            "stored-s1-utf8",
            "pässwörd€ 1",
        ),
        ("SCRAM-SHA-256", "scram-sha-256", "stored-s256", "pencil"),
        (
            "SCRAM-SHA-256",
            "scram-sha-256",
            "stored-s256-utf8",
            "漢字 pässwörd",
        ),
        ("CRAM-MD5", "cram-md5", "stored-cram", "pencil"),
        ("CRAM-MD5", "cram-md5", "stored-cram-utf8", "ñandú€"),
    ];
    let mut lines = Vec::new();
    for (_, scheme, user, password) in users {
        let mut args = vec![scheme, "--user", user, "--pass-env", PW_ENV];
        if scheme != "cram-md5" {
            // Dovecot takes any count from 4096 up, not only its default.
            args.extend(["--iterations", "5000"]);
        }
        let (code, stdout, stderr) = secret(&args, Some(password), "");
        assert_eq!(code, Some(0), "{stderr}");
        let line = stdout.trim_end().to_owned();
        assert!(
            line.starts_with(&format!("{user}:{{{}}}", scheme.to_uppercase())),
            "{line}"
        );
        lines.push(line);
    }
    let dovecot = Dovecot::start_with(Setup {
        passwd_lines: &lines,
        ..Setup::default()
    })
    .expect("Dovecot starts");
    let mut failures = Vec::new();
    for (mechanism, _, user, password) in users {
        if let Err(e) = gsasl_login(&dovecot, mechanism, user, password) {
            failures.push(format!("{mechanism} {user}: right password refused: {e}"));
        }
        if gsasl_login(&dovecot, mechanism, user, &format!("{password}!")).is_ok() {
            failures.push(format!("{mechanism} {user}: wrong password accepted"));
        }
    }
    let log = dovecot.log();
    dovecot.stop().expect("Dovecot stops cleanly");
    peers::summary(
        "dovecot stored secrets",
        users.len() * 2 - failures.len(),
        failures.len(),
        "gsasl logs in against passwd-file entries saslenc wrote",
    );
    assert!(
        failures.is_empty(),
        "{failures:#?}\n--- dovecot log ---\n{log}"
    );
}

/// A quoted SQL string literal, written here independently of saslenc.
fn sql_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A real PostgreSQL stores saslenc's verifier exactly as given (a
/// malformed one it would silently hash as a plain password), and logs a
/// client in with the right password only, for role names that need
/// quoting and non-ASCII passwords.
#[test]
fn postgres_stores_and_uses_saslenc_verifiers() {
    if !peers::available("postgres", postgres::availability()) {
        return;
    }
    let pg = Postgres::start().expect("PostgreSQL starts");
    let salt = "AAECAwQFBgcICQoLDA0ODw==";
    let roles = [
        ("alice", "pencil", "4096"),
        ("Bob \"the\" O'Brien", "pässwörd€ 漢字", "4096"),
        ("carol", "correct horse battery staple", "20000"),
    ];
    let mut passed = 0;
    for (role, password, iterations) in roles {
        let ident = format!("\"{}\"", role.replace('"', "\"\""));
        pg.superuser_sql(&format!("CREATE ROLE {ident} LOGIN"))
            .expect("CREATE ROLE");
        let common = [
            "--salt",
            salt,
            "--iterations",
            iterations,
            "--pass-env",
            PW_ENV,
        ];
        let (code, verifier, stderr) = secret(
            &[&["scram-sha-256", "-F", "postgres"][..], &common].concat(),
            Some(password),
            "",
        );
        assert_eq!(code, Some(0), "{stderr}");
        let verifier = verifier.trim_end();
        let (code, statement, stderr) = secret(
            &[
                &["scram-sha-256", "-F", "postgres-sql", "--user", role][..],
                &common,
            ]
            .concat(),
            Some(password),
            "",
        );
        assert_eq!(code, Some(0), "{stderr}");
        pg.superuser_sql(statement.trim_end())
            .expect("saslenc's ALTER ROLE runs");
        let stored = pg
            .superuser_sql(&format!(
                "SELECT rolpassword FROM pg_authid WHERE rolname = {}",
                sql_literal(role)
            ))
            .expect("read pg_authid");
        assert_eq!(
            stored, verifier,
            "PostgreSQL re-hashed the verifier for {role:?}"
        );
        assert_eq!(
            pg.login(role, password).as_deref(),
            Ok(role),
            "{role:?} logs in"
        );
        let refused = pg
            .login(role, &format!("{password}x"))
            .expect_err("wrong password refused");
        assert!(
            refused.contains("password authentication failed"),
            "{refused}"
        );
        passed += 2;
    }
    drop(pg);
    peers::summary(
        "postgres",
        passed,
        0,
        "verifiers stored as given; logins with psql",
    );
}

/// Passwords where SASLprep changes the text, refuses it, or leaves
/// nothing of it, and where PostgreSQL's `pg_saslprep` differs from RFC
/// 4013 (ASCII control characters kept; checks before normalisation; an
/// empty result hashed as typed).
const PG_SASLPREP_PASSWORDS: &[&str] = &[
    "\u{ad}",
    "\u{ad}\u{fe0f}\u{feff}",
    "I\u{ad}X",
    "\u{2168}",
    "\u{aa}",
    "a\u{a0}b",
    "x\u{200b}y",
    "\u{fb01}nal",
    "\u{1f600}",
    "pw\u{e000}",
    "\u{627}1",
    "\u{627}\u{628}",
    "\u{1f12b}",
    "ab\u{7}cd",
    "\u{301}a",
    "p\u{e4}ssw\u{f6}rd",
    " lead and trail ",
];

/// PostgreSQL makes the verifier itself (`CREATE ROLE ... PASSWORD`, its
/// server's `pg_saslprep`); saslenc, given the same salt and count, writes
/// the same bytes, and `verify` calls PostgreSQL's verifier a match with
/// no note that psql would fail. Then the other way: psql logs in with
/// saslenc's verifier for each of them, and for a password that is not
/// UTF-8 (libpq hashes it as typed).
#[test]
fn postgres_and_saslenc_agree_where_saslprep_changes_or_refuses() {
    if !peers::available("postgres", postgres::availability()) {
        return;
    }
    let pg = Postgres::start().expect("PostgreSQL starts");
    let mut passed = 0;
    let mut failures = Vec::new();
    for (n, password) in PG_SASLPREP_PASSWORDS.iter().enumerate() {
        let role = format!("prep{n}");
        pg.superuser_sql(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD {}",
            sql_literal(password)
        ))
        .expect("CREATE ROLE");
        let theirs = pg
            .superuser_sql(&format!(
                "SELECT rolpassword FROM pg_authid WHERE rolname = '{role}'"
            ))
            .expect("read pg_authid");
        // SCRAM-SHA-256$<i>:<salt>$<StoredKey>:<ServerKey>
        let (iterations, salt) = theirs
            .strip_prefix("SCRAM-SHA-256$")
            .and_then(|rest| rest.split('$').next())
            .and_then(|i_salt| i_salt.split_once(':'))
            .expect("PostgreSQL's verifier");
        let (code, ours, stderr) = secret(
            &[
                "scram-sha-256",
                "-F",
                "postgres",
                "--salt",
                salt,
                "--iterations",
                iterations,
                "--pass-env",
                PW_ENV,
            ],
            Some(password),
            "",
        );
        if code != Some(0) || ours.trim_end() != theirs {
            failures.push(format!(
                "{password:?}: saslenc wrote {ours:?} ({code:?}, {stderr}), PostgreSQL {theirs:?}"
            ));
            continue;
        }
        passed += 1;
        let (code, out, stderr) = secret(
            &["verify", &theirs, "--pass-env", PW_ENV],
            Some(password),
            "",
        );
        if code != Some(0) || !out.starts_with("match:") || stderr.contains("will fail") {
            failures.push(format!(
                "{password:?}: verify said {out:?} {stderr:?} ({code:?})"
            ));
        } else {
            passed += 1;
        }
        let wrong = format!("{password}x");
        let (code, _, _) = secret(&["verify", &theirs, "--pass-env", PW_ENV], Some(&wrong), "");
        if code != Some(1) {
            failures.push(format!("{password:?}: a wrong password gave {code:?}"));
        } else {
            passed += 1;
        }
        // The other way: saslenc's statement, then psql logs in.
        let (code, statement, stderr) = secret(
            &[
                "scram-sha-256",
                "-F",
                "postgres-sql",
                "--user",
                &role,
                "--pass-env",
                PW_ENV,
            ],
            Some(password),
            "",
        );
        assert_eq!(code, Some(0), "{stderr}");
        pg.superuser_sql(statement.trim_end()).expect("ALTER ROLE");
        match pg.login(&role, password) {
            Ok(user) if user == role => passed += 1,
            other => failures.push(format!(
                "{password:?}: psql with saslenc's verifier: {other:?}"
            )),
        }
    }
    // Not UTF-8: Latin-1 bytes, through a file (libpq sends them as typed).
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("password");
    std::fs::write(&file, b"p\xe4ssw\xf6rd").expect("write the password file");
    let out = Command::new(binary())
        .args([
            "secret",
            "scram-sha-256",
            "-F",
            "postgres-sql",
            "--user",
            "latin1",
        ])
        .arg("--pass-file")
        .arg(&file)
        .output()
        .expect("saslenc runs");
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not UTF-8"),
        "{out:?}"
    );
    pg.superuser_sql("CREATE ROLE latin1 LOGIN")
        .expect("CREATE ROLE");
    pg.superuser_sql(String::from_utf8_lossy(&out.stdout).trim_end())
        .expect("ALTER ROLE");
    match pg.login_bytes("latin1", b"p\xe4ssw\xf6rd") {
        Ok(user) if user == "latin1" => passed += 1,
        other => failures.push(format!("Latin-1 password: {other:?}")),
    }
    if pg.login_bytes("latin1", "pässwörd".as_bytes()).is_ok() {
        failures.push("the UTF-8 form of the Latin-1 password logged in".to_owned());
    } else {
        passed += 1;
    }
    drop(pg);
    let failed = failures.len();
    peers::summary(
        "postgres",
        passed,
        failed,
        "pg_saslprep: verifiers byte for byte, verify, psql logins",
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

/// How a reader writes a SCRAM-SHA-256 secret from its four fields.
type Layout = fn(&str, &str, &str, &str) -> String;

fn postgres_layout(count: &str, salt: &str, stored: &str, server: &str) -> String {
    format!("SCRAM-SHA-256${count}:{salt}${stored}:{server}")
}

fn dovecot_layout(count: &str, salt: &str, stored: &str, server: &str) -> String {
    format!("{{SCRAM-SHA-256}}{count},{salt},{stored},{server}")
}

/// Variants of a good secret (password "pencil", salt 00..0f, 4096
/// iterations, keys `stored` and `server`) that a reader may or may not
/// take: `(label, text)`.
fn variants(layout: Layout, stored: &str, server: &str) -> Vec<(&'static str, String)> {
    let salt = "AAECAwQFBgcICQoLDA0ODw==";
    let unpadded = |k: &str| k.trim_end_matches('=').to_owned();
    let url_safe = stored.replace('+', "-").replace('/', "_");
    vec![
        ("as made", layout("4096", salt, stored, server)),
        (
            "unpadded salt",
            layout("4096", &unpadded(salt), stored, server),
        ),
        (
            "unpadded StoredKey",
            layout("4096", salt, &unpadded(stored), server),
        ),
        (
            "unpadded ServerKey",
            layout("4096", salt, stored, &unpadded(server)),
        ),
        (
            "salt with an extra '='",
            layout("4096", &format!("{salt}="), stored, server),
        ),
        (
            "URL-safe StoredKey",
            layout("4096", salt, &url_safe, server),
        ),
        // 0x0f's last base64 digit 'w' with its low bits set: 'x'.
        (
            "salt with trailing bits set",
            layout("4096", "AAECAwQFBgcICQoLDA0ODx==", stored, server),
        ),
        ("leading zero count", layout("04096", salt, stored, server)),
        ("count 4095", layout("4095", salt, stored, server)),
        (
            "count 2147483648",
            layout("2147483648", salt, stored, server),
        ),
    ]
}

/// The StoredKey and ServerKey of a secret ending `StoredKey<sep>ServerKey`.
fn keys(text: &str) -> (String, String) {
    let parts: Vec<&str> = text.rsplit([':', ',', '$']).take(2).collect();
    (parts[1].to_owned(), parts[0].to_owned())
}

/// What a reader takes as a verifier, `verify` takes too, and what the
/// reader refuses (or, for PostgreSQL, silently stores as a plain
/// password) `verify` calls malformed (exit 3), never a match. Counted
/// per reader: PostgreSQL (`CREATE ROLE ... PASSWORD` stores the text as
/// given only when `parse_scram_secret` takes it) and `doveadm pw -t`.
#[test]
fn verify_accepts_what_postgres_and_dovecot_accept() {
    let salt = "AAECAwQFBgcICQoLDA0ODw==";
    let mut failures = Vec::new();
    if peers::available("postgres", postgres::availability()) {
        let pg = Postgres::start().expect("PostgreSQL starts");
        let (code, good, stderr) = secret(
            &[
                "scram-sha-256",
                "-F",
                "postgres",
                "--salt",
                salt,
                "--pass-env",
                PW_ENV,
            ],
            Some("pencil"),
            "",
        );
        assert_eq!(code, Some(0), "{stderr}");
        let (mut agreed, mut stricter) = (0, Vec::new());
        let (stored_key, server_key) = keys(good.trim_end());
        for (n, (label, text)) in variants(postgres_layout, &stored_key, &server_key)
            .into_iter()
            .enumerate()
        {
            pg.superuser_sql(&format!("CREATE ROLE v{n} PASSWORD {}", sql_literal(&text)))
                .expect("CREATE ROLE");
            let stored = pg
                .superuser_sql(&format!(
                    "SELECT rolpassword FROM pg_authid WHERE rolname = 'v{n}'"
                ))
                .expect("read pg_authid");
            let postgres_takes_it = stored == text;
            let (code, out, err) =
                secret(&["verify", &text, "--pass-env", PW_ENV], Some("pencil"), "");
            // Taken: 0 or 1 (a changed count changes the keys); "as
            // made" must match.
            match (postgres_takes_it, code) {
                (true, Some(0)) | (false, Some(3)) => agreed += 1,
                (true, Some(1)) if label != "as made" => agreed += 1,
                (true, Some(3)) => stricter.push(label),
                _ => failures.push(format!(
                    "PostgreSQL {} {label:?} ({text}); verify: {code:?} {out} {err}",
                    if postgres_takes_it {
                        "takes"
                    } else {
                        "refuses"
                    }
                )),
            }
        }
        drop(pg);
        peers::summary(
            "postgres",
            agreed,
            failures.len(),
            &format!("verify agrees on which texts are verifiers; stricter on {stricter:?}"),
        );
    }
    if doveadm_available() {
        let (code, good, stderr) = secret(
            &["scram-sha-256", "--salt", salt, "--pass-env", PW_ENV],
            Some("pencil"),
            "",
        );
        assert_eq!(code, Some(0), "{stderr}");
        let (mut agreed, mut stricter) = (0, Vec::new());
        let (stored_key, server_key) = keys(good.trim_end());
        for (label, text) in variants(dovecot_layout, &stored_key, &server_key) {
            // 2147483647 iterations would take hours in doveadm: the
            // variants stay at or near 4096 or are refused at parse time.
            let dovecot_takes_it = doveadm_accepts(&text, "pencil").expect("doveadm runs");
            let (code, out, err) =
                secret(&["verify", &text, "--pass-env", PW_ENV], Some("pencil"), "");
            // Taken: 0 or 1 (a changed count changes the keys); "as
            // made" must match.
            match (dovecot_takes_it, code) {
                (true, Some(0)) | (false, Some(3)) => agreed += 1,
                (true, Some(1)) if label != "as made" => agreed += 1,
                (true, Some(3)) => stricter.push(label),
                _ => failures.push(format!(
                    "doveadm {} {label:?} ({text}); verify: {code:?} {out} {err}",
                    if dovecot_takes_it { "takes" } else { "refuses" }
                )),
            }
        }
        peers::summary(
            "doveadm",
            agreed,
            failures.len(),
            &format!("verify agrees on which texts are secrets; stricter on {stricter:?}"),
        );
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// `doveadm pw -s DIGEST-MD5 -u NAME`, the hash alone.
fn doveadm_digest_md5(name: &str, password: &str) -> String {
    let out = Command::new("doveadm")
        .args(["pw", "-s", "DIGEST-MD5", "-u", name, "-p", password])
        .stdin(Stdio::null())
        .output()
        .expect("doveadm runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// saslenc's `{DIGEST-MD5}` is byte for byte `doveadm pw -s DIGEST-MD5 -u
/// user[@realm]`'s (the realm after the last `@`, none without one), and
/// `secret verify` checks doveadm's for the right password only; a real
/// Dovecot offering DIGEST-MD5 logs saslenc's client in with the secret
/// saslenc made.
#[test]
fn digest_md5_secrets_agree_with_doveadm() {
    if !dovecot_tests::available() {
        return;
    }
    let cases = [
        ("user", "pencil"),
        ("user@example.org", "pencil"),
        ("bob@a.org@example.org", "crayon"),
        ("jürgen", "pässwörd€"),
        ("shelly", r#"a b %s \n "dq" 'sq' $HOME"#),
    ];
    let mut checked = 0;
    for (name, password) in cases {
        let theirs = doveadm_digest_md5(name, password);
        let (code, ours, stderr) = secret(
            &["digest-md5", "--user", name, "--pass-env", PW_ENV],
            Some(password),
            "",
        );
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(ours.trim_end(), format!("{name}:{theirs}"), "{name}");
        let line = format!("{name}:{theirs}::::::");
        let (code, _, stderr) =
            secret(&["verify", &line, "--pass-env", PW_ENV], Some(password), "");
        assert_eq!(code, Some(0), "{name}: {stderr}");
        let (code, _, _) = secret(
            &["verify", &line, "--pass-env", PW_ENV],
            Some(&format!("{password}!")),
            "",
        );
        assert_eq!(code, Some(1), "{name}");
        checked += 1;
    }
    // Dovecot (realm "") runs DIGEST-MD5 from saslenc's secret.
    let (code, made, stderr) = secret(
        &["digest-md5", "--user", "stored-dm", "--pass-env", PW_ENV],
        Some("crayon"),
        "",
    );
    assert_eq!(code, Some(0), "{stderr}");
    let lines = [made.trim_end().to_owned()];
    let dovecot = Dovecot::start_with(Setup {
        digest_md5: Some(""),
        passwd_lines: &lines,
        ..Setup::default()
    })
    .expect("Dovecot starts");
    let url = format!(
        "imap://127.0.0.1:{}",
        dovecot.port(Service::Imap, Listener::Cleartext)
    );
    for (password, expected) in [("crayon", 0), ("crayon!", 1)] {
        let out = Command::new(binary())
            .args(["connect", &url, "--no-tls", "--mech", "DIGEST-MD5"])
            .args(["--user", "stored-dm", "--pass-env", PW_ENV])
            .env(PW_ENV, password)
            .stdin(Stdio::null())
            .output()
            .expect("saslenc runs");
        assert_eq!(
            out.status.code(),
            Some(expected),
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            dovecot.log()
        );
        checked += 1;
    }
    peers::summary(
        "doveadm digest-md5 secrets",
        checked,
        0,
        "saslenc secret digest-md5 equals doveadm pw; verify checks doveadm's; Dovecot logs in \
         from saslenc's",
    );
}
