//! `saslenc secret`: stored secrets for servers (see
//! [`saslenc::stored`]), one at a time or a batch, and `verify`.

use std::collections::HashMap;
use std::fs;
use std::hash::{BuildHasher, RandomState};
use std::io::{self, IsTerminal, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::commands::Error;
use saslenc::mech::scram::{Prep, ScramHash};
use saslenc::stored::batch;
use saslenc::stored::{self, Format, Scheme, Spec};
use saslenc::{encoding, field, Secret};
use zeroize::Zeroizing;

use super::output_file::Output;

mod make_batch;

use super::{note, text, write_stderr, SecretFrom, Stdout, PASSWORD_SOURCES};
use crate::cli::{MakeSecretArgs, PasswordArgs, SecretArgs, SecretCommand, VerifySecretArgs};
use make_batch::make_batch;

pub fn run(args: SecretArgs) -> Result<(), Error> {
    match args.command {
        SecretCommand::ScramSha1(args) => make(Scheme::Scram(ScramHash::Sha1), args),
        SecretCommand::ScramSha256(args) => make(Scheme::Scram(ScramHash::Sha256), args),
        SecretCommand::ScramSha512(args) => make(Scheme::Scram(ScramHash::Sha512), args),
        SecretCommand::CramMd5(args) => make(Scheme::CramMd5, args),
        SecretCommand::DigestMd5(args) => make(Scheme::DigestMd5, args),
        SecretCommand::NtHash(args) => make(Scheme::NtHash, args),
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
    if matches!(scheme, Scheme::Scram(_)) {
        spec = spec.with_prep(prep(args.no_saslprep));
    } else if args.no_saslprep {
        return Err(Error::Usage(match scheme {
            Scheme::CramMd5 => {
                "--no-saslprep does not apply to CRAM-MD5, which never uses SASLprep"
            }
            Scheme::NtHash => {
                "--no-saslprep does not apply to the NT hash, which never uses SASLprep"
            }
            _ => "--no-saslprep does not apply to DIGEST-MD5, which never uses SASLprep",
        }));
    }
    if let Some(path) = &args.batch {
        return make_batch(&spec, path, args.output.as_deref());
    }
    let user = args.user.as_deref().map(|u| text("user", u)).transpose()?;
    let password = read_new_password(args.password, user)?;
    warn_of_bom(&password)?;
    let made = spec.make(user, password.expose())?;
    if scheme == Scheme::CramMd5 && cram_md5_saslprep_differs(password.expose()) {
        note(NOTE_CRAM_MD5_SASLPREP)?;
    }
    if made.saslprep_changed {
        note_saslprep(spec.format(), "")?;
    }
    if scheme == Scheme::NtHash {
        note(
            "the NT hash is password-equivalent: NTLM logs in with the hash itself \
             (pass-the-hash), and one MD4 tests a guess; keep it as secret as the password",
        )?;
    }
    if let Some(why) = made.as_typed {
        note(&note_as_typed(why, ""))?;
    }
    let mut out = Zeroizing::new(made.text.as_bytes().to_vec());
    out.push(b'\n');
    write_output(args.output.as_deref(), &out)
}

/// The note for a password SASLprep changed before it was hashed, true
/// for the readers of `format`.
fn note_saslprep(format: Format, which: &str) -> Result<(), Error> {
    let who = match format {
        Format::Postgres | Format::PostgresSql | Format::Pgbouncer => {
            "as RFC 5802 asks and as PostgreSQL does itself (its server when it makes a secret, \
             libpq when it logs in), so psql logs in with the password as typed; a client \
             library that skips SASLprep would not"
        }
        // Kafka's secrets are made without SASLprep, as its clients hash
        // the password: never changed, never noted.
        Format::Dovecot | Format::Rfc5803 | Format::Kafka => {
            "as RFC 5802 asks and gsasl does; Dovecot's doveadm pw and clients that skip \
             SASLprep use the password as typed: add --no-saslprep to store that form"
        }
    };
    note(&format!(
        "note: SASLprep (RFC 4013) changed the password{which} before hashing, {who}"
    ))
}

/// The UTF-8 encoding of U+FEFF, the byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Says so when `password` starts with a byte order mark: kept as part of
/// it, as a server would take it, but rarely meant.
fn warn_of_bom(password: &Secret) -> Result<(), Error> {
    if password.expose().starts_with(BOM) {
        note(
            "warning: the password starts with a UTF-8 byte order mark (EF BB BF), which some \
             editors put at the start of a file; it is kept as part of the password",
        )?;
    }
    Ok(())
}

/// Whether SASLprep changes (or refuses) the password: gsasl's CRAM-MD5
/// client then sends another key than the one stored.
fn cram_md5_saslprep_differs(password: &[u8]) -> bool {
    stored::prep::rfc4013(password).map_or(true, |p| p.changed)
}

const NOTE_CRAM_MD5_SASLPREP: &str =
    "note: SASLprep (RFC 4013) would change or refuse this password; CRAM-MD5 stores it as \
     typed, as Dovecot compares it, but gsasl's CRAM-MD5 client applies SASLprep before the \
     HMAC and will not log in with it (swaks, curl and most mail clients send it as typed)";

/// The note for a password hashed as typed by PostgreSQL's rule.
fn note_as_typed(why: stored::prep::AsTyped, which: &str) -> String {
    format!(
        "note: the password{which} was hashed as typed, not after SASLprep, as PostgreSQL's \
         server and libpq do when {}; psql logs in with it as typed",
        why.reason()
    )
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
    let first =
        SecretFrom::from(args).read("password", "pass", PASSWORD_SOURCES, false, || prompt)?;
    if !given {
        let again = crate::sys::tty::prompt_without_echo("password", "Retype the new password: ")?;
        if first.expose() != again.expose() {
            return Err(Error::Usage(
                "the two passwords typed differ; nothing was made",
            ));
        }
    }
    Ok(first)
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
        let mut stdin = crate::sys::streams::stdin()
            .map_err(|e| Error::io("read the stored secret from standard input", e))?;
        let secret = Secret::read_from("stored secret", "from standard input", &mut stdin)?;
        let text = field::utf8("stored secret", secret.expose())?;
        // One line: verifying the first of several could check the wrong
        // entry. Blank lines around it (an editor's, a heredoc's) are not
        // part of it.
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let line = lines.next().unwrap_or_default();
        let more = lines.count();
        if more > 0 {
            return Err(Error::UsageOf(format!(
                "verify - reads one stored secret, and standard input has {} lines; pick \
                 the user's line first (grep '^alice:' passwd | saslenc secret verify - ...)",
                more + 1
            )));
        }
        Zeroizing::new(line.to_owned())
    } else {
        Zeroizing::new(text("stored secret", &args.stored)?.to_owned())
    };
    let password = SecretFrom::from(args.password).read(
        "password",
        "pass",
        PASSWORD_SOURCES,
        false,
        || "Password: ".to_owned(),
    )?;
    warn_of_bom(&password)?;
    let verified = match stored::verify_bounded(
        &stored,
        password.expose(),
        prep(args.no_saslprep),
        args.max_iterations,
    ) {
        Err(err @ saslenc::Error::Mismatch { .. }) => {
            if stored::matches_after_saslprep(&stored, password.expose(), args.max_iterations) {
                note(
                    "note: the Kafka credential is that of this password after SASLprep (RFC \
                     4013), but Kafka's clients hash the password as typed and will not log in \
                     with it; make it again with saslenc secret ... -F kafka",
                )?;
            }
            return Err(err.into());
        }
        other => other?,
    };
    if verified.without_saslprep {
        note(&without_saslprep_note(&verified, password.expose()))?;
    }
    if let Some(why) = verified.as_typed {
        note(&format!(
            "note: the password matches as typed: {}, and then PostgreSQL's server and libpq \
             hash it as typed, so psql logs in with it",
            why.reason()
        ))?;
    }
    let line = format!(
        "match: the password matches the stored {} secret ({})\n",
        verified.scheme, verified.shape
    );
    write_output(None, line.as_bytes())
}

/// Why a password matched as typed and not after SASLprep, and who can
/// log in with it: true for the stored secret's readers.
fn without_saslprep_note(verified: &stored::Verified, password: &[u8]) -> String {
    let refused = stored::prep::rfc4013(password).is_err();
    let postgres = verified.scheme == "SCRAM-SHA-256"
        && matches!(
            verified.shape,
            "PostgreSQL or RFC 5803"
                | "user:verifier line"
                | "pgbouncer userlist.txt"
                | "SQL statement"
        );
    let why = if refused {
        "SASLprep (RFC 4013) refuses this password or leaves nothing of it, and the secret was \
         made from it as typed, as doveadm pw does with any password; clients that use the \
         password as typed log in with it, clients that stop when SASLprep refuses a password \
         (gsasl) cannot"
    } else if postgres {
        "the secret was made without SASLprep (RFC 4013), which PostgreSQL never does (its \
         server and libpq both apply it), so psql and other clients that apply SASLprep to \
         this password will fail"
    } else {
        "the secret was made without SASLprep (RFC 4013), as doveadm pw and Kafka make them, \
         so clients that apply SASLprep to this password will fail"
    };
    format!("note: the password matches as typed, not after SASLprep: {why}")
}
