//! `saslenc secret`: stored secrets for servers (see
//! [`saslenc::stored`]), one at a time or a batch, and `verify`.

use std::fs;
use std::io::{self, IsTerminal, Read};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use saslenc::mech::scram::{Prep, ScramHash};
use saslenc::stored::batch::{self, MAX_BATCH_LEN};
use saslenc::stored::{self, Scheme, Spec};
use saslenc::{encoding, field, Error, Secret, SecretSource};
use zeroize::Zeroizing;

use super::{note, text, write_stderr, SecretArgs as Sources, Stdout, PASSWORD_SOURCES};
use crate::cli::{MakeSecretArgs, PasswordArgs, SecretArgs, SecretCommand, VerifySecretArgs};

pub fn run(args: SecretArgs) -> Result<(), Error> {
    match args.command {
        SecretCommand::ScramSha1(args) => make(Scheme::Scram(ScramHash::Sha1), args),
        SecretCommand::ScramSha256(args) => make(Scheme::Scram(ScramHash::Sha256), args),
        SecretCommand::ScramSha512(args) => make(Scheme::Scram(ScramHash::Sha512), args),
        SecretCommand::CramMd5(args) => make(Scheme::CramMd5, args),
        SecretCommand::Verify(args) => verify(args),
    }
}

fn prep(no_saslprep: bool) -> Prep {
    if no_saslprep {
        Prep::None
    } else {
        Prep::SaslPrep
    }
}

fn make(scheme: Scheme, args: MakeSecretArgs) -> Result<(), Error> {
    let mut spec = Spec::new(scheme, args.format.into())?;
    if let Some(iterations) = args.iterations {
        spec = spec.with_iterations(iterations)?;
    }
    if let Some(salt) = &args.salt {
        spec = spec.with_salt(encoding::decode("salt", text("salt", salt)?)?.to_vec())?;
    }
    if scheme != Scheme::CramMd5 {
        spec = spec.with_prep(prep(args.no_saslprep));
    } else if args.no_saslprep {
        return Err(Error::Usage(
            "--no-saslprep does not apply to CRAM-MD5, which never uses SASLprep",
        ));
    }
    if let Some(path) = &args.batch {
        return make_batch(&spec, path, args.output.as_deref());
    }
    let user = args.user.as_deref().map(|u| text("user", u)).transpose()?;
    let password = read_new_password(args.password, user)?;
    let made = spec.make(user, password.expose())?;
    if made.saslprep_changed {
        note_saslprep("")?;
    }
    let mut out = Zeroizing::new(made.text.as_bytes().to_vec());
    out.push(b'\n');
    write_output(args.output.as_deref(), &out)
}

fn note_saslprep(which: &str) -> Result<(), Error> {
    note(&format!(
        "note: SASLprep (RFC 4013) changed the password{which} before hashing, as RFC 5802 \
         asks and gsasl does; Dovecot's doveadm pw, Kafka and clients that skip SASLprep use \
         the password as typed: add --no-saslprep to store that form"
    ))
}

/// The password of a secret being created. When it is asked for on the
/// terminal, it is asked twice and both must agree.
fn read_new_password(args: PasswordArgs, user: Option<&str>) -> Result<Secret, Error> {
    let given = args.pass.is_some()
        || args.pass_file.is_some()
        || args.pass_env.is_some()
        || args.pass_stdin
        || args.pass_fd.is_some();
    let prompt = match user {
        Some(user) => format!("New password for {user}: "),
        None => "New password: ".to_owned(),
    };
    let first = Sources::from(args).read("password", "pass", PASSWORD_SOURCES, false, || prompt)?;
    if !given {
        let again =
            SecretSource::Prompt("Retype the new password: ".to_owned()).read("password")?;
        if first.expose() != again.expose() {
            return Err(Error::Usage(
                "the two passwords typed differ; nothing was made",
            ));
        }
    }
    Ok(first)
}

fn make_batch(spec: &Spec, path: &Path, output: Option<&Path>) -> Result<(), Error> {
    let input = read_batch(path)?;
    let parsed = batch::parse(&input);
    let total = parsed.len();
    let mut failures = Vec::new();
    let entries: Vec<batch::Entry> = parsed
        .into_iter()
        .filter_map(|line| line.map_err(|e| failures.push(e)).ok())
        .collect();

    let progress = Progress::new(entries.len());
    let results = batch::make_all(spec, &entries, &|| progress.step());
    progress.clear();

    let mut out = Zeroizing::new(Vec::new());
    let mut prepped = Vec::new();
    for (entry, result) in entries.iter().zip(results) {
        match result {
            Ok(made) => {
                if made.saslprep_changed {
                    prepped.push(entry.line.to_string());
                }
                out.extend_from_slice(made.text.as_bytes());
                out.push(b'\n');
            }
            Err(e) => failures.push(e),
        }
    }
    failures.sort_by_key(|f| f.line);
    for failure in &failures {
        note(&failure.to_string())?;
    }
    if !prepped.is_empty() {
        note_saslprep(&format!("s of line(s) {}", prepped.join(", ")))?;
    }
    // Nothing made: an existing file is left as it was.
    if out.is_empty() {
        return Err(if total == 0 {
            Error::BatchEmpty
        } else {
            Error::BatchFailed {
                failed: failures.len(),
                total,
            }
        });
    }
    write_output(output, &out)?;
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::BatchFailed {
            failed: failures.len(),
            total,
        })
    }
}

/// The batch input, from a file or (`-`) standard input.
fn read_batch(path: &Path) -> Result<Zeroizing<Vec<u8>>, Error> {
    let (mut reader, origin): (Box<dyn Read>, String) = if path == Path::new("-") {
        let stdin = crate::streams::stdin()
            .map_err(|e| Error::io("read the batch from standard input", e))?;
        (Box::new(stdin), "standard input".to_owned())
    } else {
        let file = fs::File::open(path)
            .map_err(|e| Error::io(format!("read the batch from {}", path.display()), e))?;
        (Box::new(file), path.display().to_string())
    };
    let mut input = Zeroizing::new(Vec::new());
    reader
        .by_ref()
        .take(MAX_BATCH_LEN as u64 + 1)
        .read_to_end(&mut input)
        .map_err(|e| Error::io(format!("read the batch from {origin}"), e))?;
    if input.len() > MAX_BATCH_LEN {
        return Err(Error::TooLong {
            field: "batch input",
            limit: MAX_BATCH_LEN,
        });
    }
    Ok(input)
}

/// A one-line progress bar on standard error, shown only when it is a
/// terminal and the batch has more than one entry.
struct Progress {
    total: usize,
    done: AtomicUsize,
    shown: Mutex<usize>,
    visible: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            shown: Mutex::new(usize::MAX),
            visible: total > 1 && io::stderr().is_terminal(),
        }
    }

    fn step(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.visible {
            return;
        }
        const WIDTH: usize = 30;
        let filled = done * WIDTH / self.total;
        let percent = done * 100 / self.total;
        if let Ok(mut shown) = self.shown.lock() {
            if *shown == percent {
                return;
            }
            *shown = percent;
            // Progress is a courtesy: a failed write to the terminal does
            // not stop the batch.
            let _ = write_stderr(
                format!(
                    "\r[{}{}] {done}/{} secrets",
                    "#".repeat(filled),
                    " ".repeat(WIDTH - filled),
                    self.total
                )
                .as_bytes(),
            );
        }
    }

    fn clear(&self) {
        if self.visible {
            let _ = write_stderr(b"\r\x1b[K");
        }
    }
}

/// Writes `bytes` to standard output, or to `path` (see
/// [`output_file`](super::output_file)).
fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    match path {
        Some(path) => super::output_file::write(path, bytes),
        None => Stdout::default().write(bytes),
    }
}

fn verify(args: VerifySecretArgs) -> Result<(), Error> {
    let stored_from_stdin = args.stored == "-";
    if stored_from_stdin && (args.password.pass_stdin || args.password.pass_fd == Some(0)) {
        return Err(Error::Usage(
            "the stored secret and the password cannot both come from standard input",
        ));
    }
    let stored = if stored_from_stdin {
        let mut stdin = crate::streams::stdin()
            .map_err(|e| Error::io("read the stored secret from standard input", e))?;
        let secret = Secret::read_from("stored secret", "from standard input", &mut stdin)?;
        let text = field::utf8("stored secret", secret.expose())?;
        // One line: verifying the first of several could check the wrong
        // entry.
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        if lines > 1 {
            return Err(Error::UsageOf(format!(
                "verify - reads one stored secret, and standard input has {lines} lines; pick \
                 the user's line first (grep '^alice:' passwd | saslenc secret verify - ...)"
            )));
        }
        Zeroizing::new(text.to_owned())
    } else {
        Zeroizing::new(text("stored secret", &args.stored)?.to_owned())
    };
    let password =
        Sources::from(args.password).read("password", "pass", PASSWORD_SOURCES, false, || {
            "Password: ".to_owned()
        })?;
    let verified = stored::verify_bounded(
        &stored,
        password.expose(),
        prep(args.no_saslprep),
        args.max_iterations,
    )?;
    if verified.without_saslprep {
        note(
            "note: the password matches as typed, not after SASLprep (RFC 4013): the secret \
             was made without it (as doveadm pw does), so clients that apply SASLprep to this \
             password will fail",
        )?;
    }
    let line = format!(
        "match: the password matches the stored {} secret ({})\n",
        verified.scheme, verified.shape
    );
    write_output(None, line.as_bytes())
}
