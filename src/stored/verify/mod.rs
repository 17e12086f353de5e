//! Reading a stored secret in any format saslenc makes (and those of
//! `doveadm pw`, `gsasl --mkpasswd`, passlib's `$scram$`, Dovecot's
//! `{PLAIN}`), recognised by its shape, and checking a password against
//! it in constant time.

use zeroize::Zeroizing;

mod formats;

use formats::{dovecot, passlib, pgbouncer, scram_dollar_or_kafka, sql};

use super::{cram_md5, ct_eq, digest_md5, nt_hash, MAX_ITERATIONS};
use crate::encoding;
use crate::field;
use crate::mech::scram::{Prep, ScramHash};
use crate::secret::MAX_SECRET_LEN;
use crate::Error;

/// A parsed stored secret. Its `Debug` names the shape only.
pub struct Stored {
    /// Where the text comes from, as recognised (`"Dovecot passdb"`, ...).
    pub shape: &'static str,
    secret: Secret,
    /// The iteration counts the text's reader accepts, when it bounds
    /// them.
    allowed: Option<Allowed>,
}

/// A reader's bounds on the iteration count, and whose rule they are.
#[derive(Clone, Copy)]
struct Allowed {
    min: u32,
    max: u32,
    reader: &'static str,
}

/// Dovecot 2.3's `scram_scheme_parse` (`src/auth/password-scheme-scram.c`):
/// `SCRAM_MIN_ITERATE_COUNT` 4096 to `SCRAM_MAX_ITERATE_COUNT` `INT_MAX`;
/// `doveadm pw -t` answers "Invalid SCRAM-SHA-256 iteration count in
/// passdb" outside them.
const DOVECOT_ITERATIONS: Allowed = Allowed {
    min: 4096,
    max: i32::MAX as u32,
    reader: "Dovecot",
};

/// Kafka's `ScramMechanism.minIterations()` and `maxIterations()`, which
/// `kafka-storage format --add-scram` enforces.
const KAFKA_ITERATIONS: Allowed = Allowed {
    min: 4096,
    max: super::KAFKA_MAX_ITERATIONS,
    reader: "Kafka",
};

impl std::fmt::Debug for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Stored({}, {})", self.shape, self.scheme())
    }
}

enum Secret {
    /// StoredKey and ServerKey (Dovecot, PostgreSQL, RFC 5803).
    ScramKeys {
        hash: ScramHash,
        iterations: u32,
        salt: Zeroizing<Vec<u8>>,
        stored_key: Zeroizing<Vec<u8>>,
        server_key: Zeroizing<Vec<u8>>,
    },
    /// SaltedPassword for one or more hashes (Kafka, passlib).
    Salted {
        iterations: u32,
        salt: Zeroizing<Vec<u8>>,
        digests: Vec<(ScramHash, Zeroizing<Vec<u8>>)>,
    },
    /// HMAC-MD5 midstates (Dovecot `{CRAM-MD5}`).
    CramMd5(Zeroizing<Vec<u8>>),
    /// MD5 of `user:realm:password` (Dovecot `{DIGEST-MD5}`), with the
    /// passdb user name (`user@realm`) when a passwd-file line gave one.
    DigestMd5 {
        digest: Zeroizing<Vec<u8>>,
        user: Option<String>,
    },
    /// MD4 of the UTF-16LE password (Dovecot `{NTLM}`).
    NtHash(Zeroizing<Vec<u8>>),
    /// The password itself (Dovecot `{PLAIN}`).
    Plain(Zeroizing<Vec<u8>>),
}

impl Stored {
    /// The scheme's name (`"SCRAM-SHA-256"`, `"CRAM-MD5"`, `"PLAIN"`).
    pub fn scheme(&self) -> &'static str {
        match &self.secret {
            Secret::ScramKeys { hash, .. } => hash.mechanism(),
            Secret::Salted { digests, .. } => match digests.as_slice() {
                [(hash, _)] => hash.mechanism(),
                _ => "SCRAM",
            },
            Secret::CramMd5(_) => "CRAM-MD5",
            Secret::DigestMd5 { .. } => "DIGEST-MD5",
            Secret::NtHash(_) => "NTLM",
            Secret::Plain(_) => "PLAIN",
        }
    }

    /// Whether `password`, exactly these bytes, is the one stored.
    fn matches(&self, password: &[u8]) -> bool {
        match &self.secret {
            Secret::Plain(stored) => ct_eq(stored, password),
            Secret::CramMd5(stored) => ct_eq(stored, &cram_md5::states(password)[..]),
            Secret::NtHash(stored) => std::str::from_utf8(password)
                .is_ok_and(|text| ct_eq(stored, &nt_hash::nt_hash(text)[..])),
            Secret::DigestMd5 { digest, user } => user.as_deref().is_some_and(|name| {
                let (user, realm) = digest_md5::user_and_realm(name);
                ct_eq(digest, &digest_md5::h_a1(user, realm, password)[..])
            }),
            Secret::ScramKeys {
                hash,
                iterations,
                salt,
                stored_key,
                server_key,
            } => {
                let keys = hash.keys(password, salt, *iterations);
                // Both keys must match; `&` (not `&&`) checks both always.
                ct_eq(&keys.stored_key, stored_key)
                    & hash.verify_hmac(&keys.salted_password, b"Server Key", server_key)
            }
            Secret::Salted {
                iterations,
                salt,
                digests,
            } => {
                // One derivation, with the strongest digest present: each
                // costs a full PBKDF2 of `iterations`, and a password that
                // gives one digest of a passlib hash gives them all.
                let strongest = digests.iter().max_by_key(|(hash, _)| strength(*hash));
                strongest.is_some_and(|(hash, digest)| {
                    ct_eq(&hash.salted_password(password, salt, *iterations), digest)
                })
            }
        }
    }

    /// The PBKDF2 iteration count a check derives with, if any.
    fn iterations(&self) -> Option<u32> {
        match self.secret {
            Secret::ScramKeys { iterations, .. } | Secret::Salted { iterations, .. } => {
                Some(iterations)
            }
            Secret::CramMd5(_)
            | Secret::DigestMd5 { .. }
            | Secret::NtHash(_)
            | Secret::Plain(_) => None,
        }
    }

    /// Whether PostgreSQL (or pgbouncer) reads this text: a SCRAM-SHA-256
    /// `$` verifier, alone or in one of the forms around it. An RFC 5803
    /// value of SCRAM-SHA-256 is the same text; PostgreSQL's rule is
    /// applied to it, since it differs from RFC 4013 only where gsasl
    /// refuses the password.
    fn postgres_reads(&self) -> bool {
        matches!(
            self.secret,
            Secret::ScramKeys {
                hash: ScramHash::Sha256,
                ..
            }
        ) && matches!(
            self.shape,
            "PostgreSQL or RFC 5803"
                | "user:verifier line"
                | "pgbouncer userlist.txt"
                | "SQL statement"
        )
    }

    fn uses_saslprep(&self) -> bool {
        matches!(
            self.secret,
            Secret::ScramKeys { .. } | Secret::Salted { .. }
        )
    }
}

/// A hash's rank among the others: the strongest is the one checked.
fn strength(hash: ScramHash) -> u8 {
    match hash {
        ScramHash::Sha1 => 1,
        ScramHash::Sha256 => 2,
        ScramHash::Sha512 => 3,
    }
}

/// A successful check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The stored secret's scheme.
    pub scheme: &'static str,
    /// Its shape, as recognised.
    pub shape: &'static str,
    /// The password matched only as given, not after SASLprep: the secret
    /// was made without SASLprep (as `doveadm pw` makes them), so clients
    /// that apply it will fail.
    pub without_saslprep: bool,
    /// The password matched as typed because PostgreSQL's rule hashes it
    /// so (see [`super::prep::postgres`]): PostgreSQL's server and libpq
    /// do the same, so psql logs in.
    pub as_typed: Option<super::prep::AsTyped>,
}

/// Checks `password` against the stored secret `text`: `Ok` on a match,
/// [`Error::Mismatch`] on none, [`Error::BadStored`] when `text` is no
/// stored secret saslenc knows.
///
/// SCRAM secrets are checked with the SASLprep'd password (with
/// [`Prep::SaslPrep`]) and, when that differs and fails, with the password
/// as given, since Dovecot's `doveadm pw` does not apply SASLprep. A
/// Kafka credential is checked with the password as given only: Kafka's
/// clients never apply SASLprep ([`matches_after_saslprep`] says whether
/// one made with it would match). A PostgreSQL verifier is checked by
/// PostgreSQL's rule
/// ([`super::prep::postgres`]); elsewhere a password SASLprep maps to
/// nothing is not checked as the empty string.
///
/// A SCRAM secret of more than [`MAX_ITERATIONS`] iterations is refused
/// before any derivation ([`Error::StoredIterations`]); see
/// [`verify_bounded`].
pub fn verify(text: &str, password: &[u8], prep: Prep) -> Result<Verified, Error> {
    verify_bounded(text, password, prep, MAX_ITERATIONS)
}

/// [`verify`], refusing a SCRAM secret of more than `max_iterations`
/// iterations before any derivation (`--max-iterations`): a check costs
/// one PBKDF2 derivation of the stored count, two when SASLprep changes
/// the password.
pub fn verify_bounded(
    text: &str,
    password: &[u8],
    prep: Prep,
    max_iterations: u32,
) -> Result<Verified, Error> {
    let stored = parse_bounded(text, max_iterations)?;
    let verified = |without_saslprep, as_typed| Verified {
        scheme: stored.scheme(),
        shape: stored.shape,
        without_saslprep,
        as_typed,
    };
    if stored.uses_saslprep() && prep == Prep::SaslPrep && stored.shape != "Kafka" {
        if stored.postgres_reads() {
            // PostgreSQL's own rule: what its server stores and libpq
            // sends, the password as typed when SASLprep refuses it.
            let prepared = super::prep::postgres(password);
            if stored.matches(&prepared.bytes) {
                return Ok(verified(false, prepared.as_typed));
            }
            if prepared.changed && stored.matches(password) {
                return Ok(verified(true, None));
            }
        } else {
            let prepared = super::prep::rfc4013(password).ok();
            if let Some(prepared) = &prepared {
                if stored.matches(&prepared.bytes) {
                    return Ok(verified(false, None));
                }
            }
            let same = prepared.is_some_and(|p| !p.changed);
            if !same && stored.matches(password) {
                return Ok(verified(true, None));
            }
        }
    } else if stored.matches(password) {
        return Ok(verified(false, None));
    }
    Err(Error::Mismatch {
        scheme: stored.scheme(),
    })
}

/// Whether the Kafka credential `text` is that of `password` after RFC
/// 4013 SASLprep, when SASLprep changes it: a secret Kafka's clients,
/// which hash the password as typed, will not log in with. `false` for
/// any other shape, or a text that does not parse.
pub fn matches_after_saslprep(text: &str, password: &[u8], max_iterations: u32) -> bool {
    let Ok(stored) = parse_bounded(text, max_iterations) else {
        return false;
    };
    if stored.shape != "Kafka" {
        return false;
    }
    super::prep::rfc4013(password)
        .ok()
        .filter(|p| p.changed)
        .is_some_and(|p| stored.matches(&p.bytes))
}

fn bad(reason: impl Into<String>) -> Error {
    Error::BadStored {
        reason: reason.into(),
    }
}

/// What saslenc knows, for the message when nothing fits.
const KNOWN: &str = "expected {SCHEME}... (Dovecot, gsasl), SCRAM-SHA-256$i:salt$... \
                     (PostgreSQL, RFC 5803), \"user\" \"SCRAM-SHA-256$...\" (pgbouncer), \
                     ALTER ROLE ... PASSWORD '...' (SQL), SCRAM-SHA-256=[...] (Kafka), \
                     $scram$... (passlib) or user:{SCHEME}... (passwd-file)";

/// The longest SCRAM verifier read, from the scheme's name to its end
/// (`{SCRAM-SHA-256}i,salt,StoredKey,ServerKey`,
/// `SCRAM-SHA-256$i:salt$StoredKey:ServerKey`, Kafka's `SCRAM-SHA-256=[...]`
/// with its `name=`, passlib's `$scram$...` with all three digests): 8 KiB,
/// room for a salt of over 5,000 bytes. Real ones are far shorter:
/// PostgreSQL, Dovecot and saslenc use 16-byte salts (about 130
/// characters for SCRAM-SHA-256), passlib at most 1,024 bytes (about 1,560
/// characters with all three digests).
pub const MAX_VERIFIER_LEN: usize = 8 << 10;
/// The longest text around a verifier or `{CRAM-MD5}` secret: the user
/// name and the other fields of a passwd-file line (uid, gid, home, extra
/// fields), a pgbouncer line's quoting, an SQL statement: 64 KiB.
pub const MAX_AROUND_LEN: usize = 64 << 10;

/// Recognises `text` by its shape and parses it. One trailing line end is
/// ignored. Errors say what is wrong and never quote the text, which may
/// hold a password (`{PLAIN}`). A SCRAM secret of more than
/// [`MAX_ITERATIONS`] iterations is refused ([`Error::StoredIterations`]);
/// see [`parse_bounded`].
///
/// Lengths are bounded by shape: a SCRAM verifier to [`MAX_VERIFIER_LEN`]
/// bytes, a `{CRAM-MD5}` secret to its 64 hex digits, a `{PLAIN}`
/// password to [`MAX_SECRET_LEN`] (the longest password saslenc reads),
/// and what surrounds any of them on a line to [`MAX_AROUND_LEN`].
pub fn parse(text: &str) -> Result<Stored, Error> {
    parse_bounded(text, MAX_ITERATIONS)
}

/// [`parse`], refusing a SCRAM secret of more than `max_iterations`
/// iterations.
pub fn parse_bounded(text: &str, max_iterations: u32) -> Result<Stored, Error> {
    if text.len() > MAX_SECRET_LEN + MAX_AROUND_LEN {
        return Err(bad(format!(
            "it is {} bytes long; the longest saslenc reads is {} ({{PLAIN}} with a password \
             of {MAX_SECRET_LEN} bytes on a passwd-file line)",
            text.len(),
            MAX_SECRET_LEN + MAX_AROUND_LEN
        )));
    }
    let stored = parse_shape(text)?;
    let limit = match stored.secret {
        Secret::Plain(_) => MAX_SECRET_LEN + MAX_AROUND_LEN,
        Secret::CramMd5(_) => 64 + "{CRAM-MD5}".len() + MAX_AROUND_LEN,
        Secret::DigestMd5 { user: None, .. } => {
            return Err(bad(
                "{DIGEST-MD5} is MD5 of user:realm:password: give it with its user, as the \
                 passwd-file line user[@realm]:{DIGEST-MD5}...",
            ))
        }
        Secret::DigestMd5 { .. } => 32 + "{DIGEST-MD5}".len() + MAX_AROUND_LEN,
        Secret::NtHash(_) => 32 + "{NTLM}".len() + MAX_AROUND_LEN,
        _ => MAX_VERIFIER_LEN + MAX_AROUND_LEN,
    };
    if text.len() > limit {
        return Err(bad(format!(
            "it is {} bytes long; a {} secret with the line around it is at most {limit}",
            text.len(),
            stored.scheme()
        )));
    }
    if let Some(iterations) = stored.iterations().filter(|&n| n > max_iterations) {
        return Err(Error::StoredIterations {
            iterations,
            max: max_iterations,
        });
    }
    if let (Some(n), Some(allowed)) = (stored.iterations(), stored.allowed) {
        if n < allowed.min || n > allowed.max {
            return Err(bad(format!(
                "its iteration count {n} is outside {} to {}, the counts {} accepts",
                allowed.min, allowed.max, allowed.reader
            )));
        }
    }
    Ok(stored)
}

/// A SCRAM verifier's text is at most [`MAX_VERIFIER_LEN`] bytes.
fn verifier_length(text: &str) -> Result<(), Error> {
    if text.len() > MAX_VERIFIER_LEN {
        return Err(bad(format!(
            "its SCRAM verifier is {} bytes long; the longest saslenc reads is \
             {MAX_VERIFIER_LEN} (room for a salt of over 5,000 bytes)",
            text.len()
        )));
    }
    Ok(())
}

fn parse_shape(text: &str) -> Result<Stored, Error> {
    let text = text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(text);
    if text.is_empty() {
        return Err(bad("it is empty"));
    }
    // A `user:` line first, as saslenc writes them for every format with a
    // user: its user name may itself look like another format (`{bob}`,
    // `"quoted"`, `$scram$x`, `SCRAM-SHA-1`, `ALTER ROLE`), and a
    // PostgreSQL or RFC 5803 verifier after it has ':' of its own.
    if let Some(stored) = user_line(text) {
        return Ok(stored);
    }
    let upper = |n: usize| text.get(..n).map(str::to_ascii_uppercase);
    if text.starts_with('{') {
        return dovecot(text, "Dovecot passdb");
    }
    if let Some(rest) = text.strip_prefix("$scram$") {
        return passlib(rest);
    }
    if text.starts_with('"') {
        return pgbouncer(text);
    }
    if ["ALTER ROLE", "ALTER USER"]
        .iter()
        .any(|p| upper(10).as_deref() == Some(p))
        || ["CREATE ROLE", "CREATE USER"]
            .iter()
            .any(|p| upper(11).as_deref() == Some(p))
    {
        return sql(text);
    }
    if text.starts_with("SCRAM-SHA-") {
        return scram_dollar_or_kafka(text, "PostgreSQL or RFC 5803");
    }
    if let Some((_user, rest)) = text.split_once(':') {
        // A passwd-file line: user:password:uid:gid:..., the password
        // field ending at the next ':'.
        let password = rest.split(':').next().unwrap_or_default();
        if password.starts_with('{') {
            return dovecot(password, "passwd-file line");
        }
        if password.starts_with("SCRAM-SHA-") {
            return scram_dollar_or_kafka(password, "user:verifier line");
        }
    }
    Err(bad(format!("its shape is none saslenc knows; {KNOWN}")))
}

/// `user:{SCHEME}data[:uid:gid:...]` (Dovecot passwd-file) or
/// `user:SCRAM-SHA-...$...` (the user form of the PostgreSQL and RFC 5803
/// formats, whose verifier runs to the end of the line), when what
/// follows the first ':' parses as one; `None` otherwise, for the other
/// shapes to be tried.
fn user_line(text: &str) -> Option<Stored> {
    let (user, rest) = text.split_once(':')?;
    if user.is_empty() {
        return None;
    }
    if rest.starts_with("SCRAM-SHA-") {
        return scram_dollar_or_kafka(rest, "user:verifier line").ok();
    }
    // The passwd-file password field ends at the next ':'.
    let password = rest.split(':').next().unwrap_or_default();
    if password.starts_with('{') {
        let mut stored = dovecot(password, "passwd-file line").ok()?;
        if let Secret::DigestMd5 { user: name, .. } = &mut stored.secret {
            *name = Some(user.to_owned());
        }
        return Some(stored);
    }
    None
}

fn hash_named(name: &str) -> Option<ScramHash> {
    match name.to_ascii_uppercase().as_str() {
        "SCRAM-SHA-1" => Some(ScramHash::Sha1),
        "SCRAM-SHA-256" => Some(ScramHash::Sha256),
        "SCRAM-SHA-512" => Some(ScramHash::Sha512),
        _ => None,
    }
}

/// A scheme or algorithm name from the text, safe and short to show.
fn shown(name: &str) -> String {
    let mut shown: String = field::printable(name.as_bytes()).chars().take(32).collect();
    if name.chars().count() > 32 {
        shown.push_str("...");
    }
    shown
}

/// What a server needs of a stored secret to run a mechanism without the
/// password (see [`Stored::server_key`]).
pub enum ServerKey<'a> {
    /// SCRAM's StoredKey and ServerKey, with the salt and iteration count
    /// to send in server-first.
    Scram {
        /// The hash the keys were made with.
        hash: ScramHash,
        /// The iteration count.
        iterations: u32,
        /// The salt.
        salt: &'a [u8],
        /// `H(ClientKey)`.
        stored_key: &'a [u8],
        /// `HMAC(SaltedPassword, "Server Key")`.
        server_key: &'a [u8],
    },
    /// Dovecot's HMAC-MD5 midstates, outer then inner (32 bytes).
    CramMd5(&'a [u8]),
    /// Dovecot's `{DIGEST-MD5}`: MD5 of `user:realm:password` (16 bytes),
    /// for the passdb user `user@realm` when known.
    DigestMd5 {
        /// The 16-byte hash.
        digest: &'a [u8],
        /// The passdb user name it was made for.
        user: Option<&'a str>,
    },
    /// The NT hash, MD4 of the UTF-16LE password (16 bytes).
    NtHash(&'a [u8]),
    /// The password itself.
    Plain(&'a [u8]),
    /// A form a server cannot run a login from directly (passlib's and
    /// Kafka's SaltedPassword without ServerKey and StoredKey can: see
    /// [`Stored::matches_password`]).
    Other,
}

impl Stored {
    /// What the secret gives a server running a mechanism.
    pub fn server_key(&self) -> ServerKey<'_> {
        match &self.secret {
            Secret::ScramKeys {
                hash,
                iterations,
                salt,
                stored_key,
                server_key,
            } => ServerKey::Scram {
                hash: *hash,
                iterations: *iterations,
                salt,
                stored_key,
                server_key,
            },
            Secret::CramMd5(states) => ServerKey::CramMd5(states),
            Secret::DigestMd5 { digest, user } => ServerKey::DigestMd5 {
                digest,
                user: user.as_deref(),
            },
            Secret::Plain(password) => ServerKey::Plain(password),
            Secret::NtHash(hash) => ServerKey::NtHash(hash),
            Secret::Salted { .. } => ServerKey::Other,
        }
    }

    /// Whether `password`, exactly these bytes (no SASLprep applied here),
    /// is the one stored, compared in constant time.
    pub fn matches_password(&self, password: &[u8]) -> bool {
        self.matches(password)
    }

    /// Whether the secret is a SCRAM one, made from the SASLprep'd
    /// password by the RFC's rule.
    pub fn is_scram(&self) -> bool {
        self.uses_saslprep()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// passlib's documentation (passlib.hash.scram, "Usage") shows this
    /// hash of "password"; its sha-512 digest is left out here.
    const PASSLIB: &str = "$scram$6400$.Z/znnNOKWUsBaCU$sha-1=cRseQyJpnuPGn3e6d6u6JdJWk.0,\
                           sha-256=5GcjEbRaUIIci1r6NAMdI9OPZbxl9S5CFR6la9CHXYc";

    #[test]
    fn passlib_documentation_example() {
        let ok = verify(PASSLIB, b"password", Prep::SaslPrep).unwrap();
        assert_eq!(ok.shape, "passlib");
        assert!(matches!(
            verify(PASSLIB, b"passwore", Prep::SaslPrep),
            Err(Error::Mismatch { .. })
        ));
    }

    /// A passlib hash with a digest twice is malformed, refused before any
    /// derivation (a 1 MiB one held about 11,000 digests: a day of CPU).
    #[test]
    fn passlib_digests_each_at_most_once() {
        let digest = "sha-256=5GcjEbRaUIIci1r6NAMdI9OPZbxl9S5CFR6la9CHXYc";
        let twice = [digest, digest].join(",");
        let text = format!("$scram$9999999$.Z/znnNOKWUsBaCU${twice}");
        let err = verify(&text, b"password", Prep::SaslPrep).unwrap_err();
        assert!(err.to_string().contains("appears twice"), "{err}");
        // 11,000 of them are longer than any verifier, refused for that.
        let many = vec![digest; 11_000].join(",");
        let text = format!("$scram$9999999$.Z/znnNOKWUsBaCU${many}");
        let err = verify(&text, b"password", Prep::SaslPrep).unwrap_err();
        assert!(err.to_string().contains("SCRAM verifier is"), "{err}");
    }

    /// Only the strongest digest is derived: a wrong sha-1 digest beside
    /// a right sha-256 one does not change the verdict (it would if both
    /// were derived), and a wrong sha-256 one does.
    #[test]
    fn passlib_checks_the_strongest_digest() {
        let sha256 = "sha-256=5GcjEbRaUIIci1r6NAMdI9OPZbxl9S5CFR6la9CHXYc";
        let wrong_sha1 = "sha-1=AAAAAAAAAAAAAAAAAAAAAAAAAAA";
        let text = format!("$scram$6400$.Z/znnNOKWUsBaCU${wrong_sha1},{sha256}");
        assert!(verify(&text, b"password", Prep::SaslPrep).is_ok());
        let right_sha1 = "sha-1=cRseQyJpnuPGn3e6d6u6JdJWk.0";
        let wrong_sha256 = "sha-256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        let text = format!("$scram$6400$.Z/znnNOKWUsBaCU${right_sha1},{wrong_sha256}");
        assert!(verify(&text, b"password", Prep::SaslPrep).is_err());
    }

    #[test]
    fn plain() {
        assert!(verify("{PLAIN}pencil", b"pencil", Prep::SaslPrep).is_ok());
        assert!(verify("{plain}pencil", b"pencil", Prep::SaslPrep).is_ok());
        assert!(verify("user:{PLAIN}pencil::::::", b"pencil", Prep::SaslPrep).is_ok());
        assert!(verify("{PLAIN}pencil", b"pencil ", Prep::SaslPrep).is_err());
    }

    #[test]
    fn malformed_messages_name_the_problem_not_the_text() {
        for (text, needle) in [
            ("", "empty"),
            ("hunter2", "shape is none"),
            ("{SCRAM-SHA-256}4096,AAAA", "2 comma-separated fields"),
            ("{SCRAM-SHA-256", "no '}'"),
            ("{MD5-CRYPT}hunter2", "not one saslenc checks"),
            ("{CRAM-MD5}zz", "64 hex"),
            ("SCRAM-SHA-256$4096:AAAA$x", "':'"),
            ("SCRAM-SHA-256$0:AAAA$AAAA:AAAA", "iteration count"),
            (
                "SCRAM-SHA-256$99999999999:AAAA$AAAA:AAAA",
                "iteration count",
            ),
            ("SCRAM-SHA-256$4096:$AAAA:AAAA", "salt is empty"),
            ("SCRAM-SHA-256$4096:AAAA$AAAA:AAAA", "StoredKey is 3 bytes"),
            ("SCRAM-SHA-256=[name=a,salt=\"AAAA\"]", "both salt"),
            ("SCRAM-SHA-256=[name=a,password=hunter2]", "password="),
            ("\"user\" \"hunter2\"", "no SCRAM verifier"),
            ("ALTER ROLE x PASSWORD 'hunter2';", "plain password"),
            ("$scram$6400$AAAA$sha-1", "alg=digest"),
        ] {
            let err = parse(text).unwrap_err();
            let message = err.to_string();
            assert!(message.contains(needle), "{text}: {message}");
            assert!(!message.contains("hunter2"), "{text}: {message}");
            assert!(matches!(err, Error::BadStored { .. }), "{text}: {err:?}");
        }
    }

    /// `verify` answers for the reader: what PostgreSQL, Dovecot or Kafka
    /// would refuse is malformed (exit 3), never a match, and the message
    /// names the field and the rule.
    #[test]
    fn what_the_reader_refuses_is_malformed() {
        let salt = "AAECAwQFBgcICQoLDA0ODw==";
        let spec = |format| {
            super::super::Spec::new(super::super::Scheme::Scram(ScramHash::Sha256), format)
                .unwrap()
                .with_salt((0u8..16).collect())
                .unwrap()
        };
        let pg = spec(super::super::Format::Postgres)
            .make(None, b"pencil")
            .unwrap();
        let pg = pg.text.as_str();
        assert!(verify(pg, b"pencil", Prep::SaslPrep).is_ok());
        // Each base64 field without its padding.
        let unpadded_salt = pg.replacen(salt, salt.trim_end_matches('='), 1);
        let (head, server_key) = pg.rsplit_once(':').unwrap();
        let unpadded_server = format!("{head}:{}", server_key.trim_end_matches('='));
        let (verifier, keys) = pg.rsplit_once('$').unwrap();
        let unpadded_stored = format!("{verifier}${}", keys.replacen("=:", ":", 1));
        for (text, needle) in [
            (unpadded_salt, "its salt is base64 without its '=' padding"),
            (unpadded_server, "its ServerKey is base64 without"),
            (unpadded_stored, "its StoredKey is base64 without"),
            (
                pg.replacen("SCRAM-SHA-256", "scram-sha-256", 1),
                "shape is none",
            ),
            (
                format!(
                    "\"alice\" \"{}\"",
                    pg.replacen(salt, "AAECAwQFBgcICQoLDA0ODw", 1)
                ),
                "padding",
            ),
        ] {
            let err = verify(&text, b"pencil", Prep::SaslPrep).unwrap_err();
            assert!(matches!(err, Error::BadStored { .. }), "{text}: {err:?}");
            assert!(err.to_string().contains(needle), "{text}: {err}");
            assert!(!err.to_string().contains("pencil"));
        }
        // Dovecot: 4096 to INT_MAX iterations, padded keys (the salt it
        // decodes leniently).
        let dovecot = spec(super::super::Format::Dovecot)
            .make(None, b"pencil")
            .unwrap();
        let dovecot = dovecot.text.as_str();
        assert!(verify(dovecot, b"pencil", Prep::SaslPrep).is_ok());
        let low = dovecot.replacen("4096,", "4095,", 1);
        let err = verify(&low, b"pencil", Prep::SaslPrep).unwrap_err();
        assert!(
            err.to_string().contains(
                "iteration count 4095 is outside 4096 to 2147483647, the counts Dovecot accepts"
            ),
            "{err}"
        );
        let high = dovecot.replacen("4096,", "2147483648,", 1);
        assert!(parse_bounded(&high, u32::MAX).is_err());
        assert!(parse_bounded(&dovecot.replacen("4096,", "2147483647,", 1), u32::MAX).is_ok());
        let unpadded = dovecot.trim_end_matches('=');
        let err = verify(unpadded, b"pencil", Prep::SaslPrep).unwrap_err();
        assert!(
            err.to_string().contains("ServerKey is base64 without"),
            "{err}"
        );
        let salt_unpadded = dovecot.replacen(salt, "AAECAwQFBgcICQoLDA0ODw", 1);
        assert!(verify(&salt_unpadded, b"pencil", Prep::SaslPrep).is_ok());
        // Kafka: name= needed, each key once, 4096 to 16384 iterations.
        let kafka = spec(super::super::Format::Kafka)
            .make(Some("alice"), b"pencil")
            .unwrap();
        let kafka = kafka.text.as_str();
        assert!(verify(kafka, b"pencil", Prep::SaslPrep).is_ok());
        for (text, needle) in [
            (kafka.replacen("name=alice,", "", 1), "has no name="),
            (
                kafka.replacen("name=alice,", &format!("name=alice,salt=\"{salt}\","), 1),
                "gives salt= twice",
            ),
            (
                kafka.replacen("iterations=4096", "iterations=16385", 1),
                "16385 is outside 4096 to 16384",
            ),
            (
                kafka.replacen("iterations=4096", "iterations=4095", 1),
                "4095 is outside",
            ),
        ] {
            let err = verify(&text, b"pencil", Prep::SaslPrep).unwrap_err();
            assert!(matches!(err, Error::BadStored { .. }), "{text}: {err:?}");
            assert!(err.to_string().contains(needle), "{text}: {err}");
        }
        assert!(parse(&kafka.replacen("iterations=4096", "iterations=16384", 1)).is_ok());
    }

    /// A well-formed SCRAM-SHA-512 verifier (its keys are not the
    /// password's) of `iterations`.
    fn sha512_of(iterations: u32) -> String {
        let key = format!("{}==", "A".repeat(86));
        format!("{{SCRAM-SHA-512}}{iterations},AAECAwQFBgcICQoLDA0ODw==,{key},{key}")
    }

    /// Above the bound, a secret is refused before any derivation: at
    /// 4,294,967,295 iterations a derivation would run for hours, so this
    /// test could not finish if it were not refused.
    #[test]
    fn iteration_counts_above_the_bound_are_refused_at_once() {
        let err = verify(&sha512_of(u32::MAX), b"password", Prep::SaslPrep).unwrap_err();
        assert!(
            matches!(
                err,
                Error::StoredIterations {
                    iterations: u32::MAX,
                    max: MAX_ITERATIONS
                }
            ),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(message.contains("4294967295"), "{message}");
        assert!(message.contains("above the 10000000 allowed"), "{message}");
        // The option that raises the bound is the command line's to name.
        assert!(!message.contains("--"), "{message}");
        assert!(!message.contains('\n'), "{message}");
        // One above the default bound, and a bound given lower than the
        // count; at or below it, the secret parses.
        assert!(parse(&sha512_of(MAX_ITERATIONS + 1)).is_err());
        assert!(parse(&sha512_of(MAX_ITERATIONS)).is_ok());
        assert!(parse_bounded(&sha512_of(MAX_ITERATIONS + 1), MAX_ITERATIONS + 1).is_ok());
        let err = verify_bounded(&sha512_of(4097), b"password", Prep::SaslPrep, 4096).unwrap_err();
        assert!(
            matches!(
                err,
                Error::StoredIterations {
                    iterations: 4097,
                    max: 4096
                }
            ),
            "{err:?}"
        );
        // Every shape with a count: passlib, Kafka, PostgreSQL, a passwd-file
        // line.
        let key = format!("{}=", "A".repeat(43));
        let ab64 = "A".repeat(43);
        for text in [
            format!("$scram$4294967295$.Z/znnNOKWUsBaCU$sha-256={ab64}"),
            format!("SCRAM-SHA-256=[name=a,salt=\"AAAA\",saltedpassword=\"{key}\",iterations=4294967295]"),
            format!("SCRAM-SHA-256$4294967295:AAAA${key}:{key}"),
            format!("alice:SCRAM-SHA-256$4294967295:AAAA${key}:{key}"),
            format!("alice:{{SCRAM-SHA-256}}4294967295,AAAA,{key},{key}::::"),
        ] {
            let err = verify(&text, b"password", Prep::SaslPrep).unwrap_err();
            assert!(
                matches!(err, Error::StoredIterations { iterations: u32::MAX, .. }),
                "{text}: {err:?}"
            );
        }
    }

    /// Lengths are bounded by shape, before anything is decoded.
    #[test]
    fn lengths_are_bounded_by_shape() {
        let key = format!("{}==", "A".repeat(86));
        // A salt that fills a verifier to the bound parses; one byte more
        // does not.
        let verifier =
            |salt_len: usize| format!("{{SCRAM-SHA-512}}4096,{},{key},{key}", "A".repeat(salt_len));
        let fits = MAX_VERIFIER_LEN - verifier(0).len();
        let fits = fits - fits % 4;
        assert!(parse(&verifier(fits)).is_ok());
        let err = parse(&verifier(fits + 4)).unwrap_err();
        assert!(err.to_string().contains("SCRAM verifier is"), "{err}");
        // Around a verifier, 64 KiB of user name and fields.
        let line = |user_len: usize| format!("{}:{}", "u".repeat(user_len), verifier(24));
        assert!(parse(&line(MAX_AROUND_LEN - 1)).is_ok());
        let err = parse(&line(MAX_AROUND_LEN + MAX_VERIFIER_LEN)).unwrap_err();
        assert!(err.to_string().contains("with the line around it"), "{err}");
        // {PLAIN} holds a password as long as saslenc reads.
        let plain = format!("{{PLAIN}}{}", "p".repeat(MAX_SECRET_LEN));
        assert!(parse(&plain).is_ok());
        let plain = format!("{{PLAIN}}{}", "p".repeat(MAX_SECRET_LEN + MAX_AROUND_LEN));
        assert!(parse(&plain).is_err());
        let err = parse(&format!("{{CRAM-MD5}}{}", "0".repeat(64 + MAX_AROUND_LEN))).unwrap_err();
        assert!(matches!(err, Error::BadStored { .. }), "{err:?}");
    }
}
