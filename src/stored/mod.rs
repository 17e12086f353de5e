//! The server side of a credential: the secrets a server stores so that a
//! user can log in with SCRAM or CRAM-MD5, in the exact text each server
//! reads, and the check of a password against any of them.
//!
//! | [`Format`] | text | read by |
//! |---|---|---|
//! | `dovecot` | `{SCRAM-SHA-256}i,salt,StoredKey,ServerKey`, `{CRAM-MD5}<64 hex>`, `{DIGEST-MD5}<32 hex>` | Dovecot passdb (`doveadm pw`), also what `gsasl --mkpasswd` prints |
//! | `postgres` | `SCRAM-SHA-256$i:salt$StoredKey:ServerKey` | PostgreSQL `pg_authid.rolpassword` |
//! | `postgres-sql` | `ALTER ROLE "user" PASSWORD '<verifier>';` | psql |
//! | `pgbouncer` | `"user" "SCRAM-SHA-256$..."` | pgbouncer `userlist.txt` |
//! | `rfc5803` | `SCRAM-SHA-1$i:salt$StoredKey:ServerKey` | LDAP `authPassword` (RFC 5803), Cyrus SASL |
//! | `kafka` | `SCRAM-SHA-256=[name=u,salt="..",saltedpassword="..",iterations=i]` | `kafka-storage format --add-scram` |
//!
//! ```
//! use saslenc::mech::ScramHash;
//! use saslenc::stored::{verify, Format, Scheme, Spec};
//!
//! let spec = Spec::new(Scheme::Scram(ScramHash::Sha1), Format::Dovecot)?
//!     .with_salt((0u8..16).collect())?;
//! let made = spec.make(None, b"pencil")?;
//! assert_eq!(
//!     &*made.text,
//!     "{SCRAM-SHA-1}4096,AAECAwQFBgcICQoLDA0ODw==,VDlbg2hiPs7Sz96xRXoDeVxwMPk=,4q9hLjotvo0hqzEIvTJY/oC5Boo="
//! );
//! assert!(verify(&made.text, b"pencil", Default::default()).is_ok());
//! assert!(verify(&made.text, b"pencil!", Default::default()).is_err());
//! # Ok::<(), saslenc::Error>(())
//! ```

pub mod batch;
pub mod cram_md5;
pub mod digest_md5;
pub mod nt_hash;
pub mod prep;
mod render;
mod verify;

use zeroize::Zeroizing;

use crate::field;
use crate::{Error, Setting};

pub use crate::mech::scram::{Prep, ScramHash};
pub use verify::{
    matches_after_saslprep, parse, parse_bounded, verify, verify_bounded, ServerKey, Stored,
    Verified, MAX_AROUND_LEN, MAX_VERIFIER_LEN,
};

/// RFC 7677 section 4: "the hash iteration-count ... SHOULD be at least
/// 4096"; Dovecot refuses fewer, and so does saslenc.
pub const MIN_ITERATIONS: u32 = 4096;
/// The iteration count when none is asked for: the default of `doveadm
/// pw`, PostgreSQL's `scram_iterations` and Kafka's tools alike.
pub const DEFAULT_ITERATIONS: u32 = 4096;
/// The highest count saslenc makes, and checks unless told otherwise
/// (`secret verify --max-iterations`): the same bound the SCRAM client
/// puts on a server's `i=`. Ten million iterations already take seconds a
/// secret; more would tie a batch up for hours.
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Kafka's `ScramMechanism.maxIterations()`.
pub const KAFKA_MAX_ITERATIONS: u32 = 16_384;
/// Random salt length: 16 bytes (128 bits), as PostgreSQL and Dovecot use.
pub const SALT_LEN: usize = 16;
/// The shortest salt `--salt` takes: 8 bytes, the least PKCS #5 (RFC 8018
/// section 4.1) recommends for PBKDF2; a shorter salt lets one
/// precomputed table cover many users.
pub const MIN_SALT_LEN: usize = 8;
/// The longest salt `--salt` takes: 1024 bytes. The tightest reader is
/// libpq, which refuses an authentication message longer than 2000 bytes
/// (`fe-connect.c`): PostgreSQL's server-first message carries the salt
/// in base64 (1,368 characters for 1024 bytes) beside both nonces and the
/// iteration count, so a 1,600-byte salt is stored but no psql can log in
/// with it. Dovecot's and Kafka's readers decode a salt of any length.
pub const MAX_SALT_LEN: usize = 1024;

/// What the secret lets a user log in with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// SCRAM with this hash: StoredKey and ServerKey (or SaltedPassword).
    Scram(ScramHash),
    /// CRAM-MD5: HMAC-MD5's two midstates (Dovecot only).
    CramMd5,
    /// DIGEST-MD5: MD5 of `user:realm:password` (Dovecot only; the user
    /// is required, `user@realm` naming the realm).
    DigestMd5,
    /// NTLM: the NT hash, MD4 of the UTF-16LE password (Dovecot's
    /// `{NTLM}`, Samba, FreeRADIUS); password-equivalent.
    NtHash,
}

impl Scheme {
    /// The mechanism's name, as the formats spell it.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Scram(hash) => hash.mechanism(),
            Scheme::CramMd5 => "CRAM-MD5",
            Scheme::DigestMd5 => "DIGEST-MD5",
            Scheme::NtHash => "NTLM",
        }
    }
}

/// The text form a server reads; see the module's table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Dovecot passdb scheme string (also `gsasl --mkpasswd`'s).
    #[default]
    Dovecot,
    /// PostgreSQL's `rolpassword` verifier.
    Postgres,
    /// A ready `ALTER ROLE ... PASSWORD` statement.
    PostgresSql,
    /// A pgbouncer `userlist.txt` line.
    Pgbouncer,
    /// RFC 5803 `authPassword` value.
    Rfc5803,
    /// Kafka's `--add-scram` argument.
    Kafka,
}

impl Format {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Dovecot => "dovecot",
            Format::Postgres => "postgres",
            Format::PostgresSql => "postgres-sql",
            Format::Pgbouncer => "pgbouncer",
            Format::Rfc5803 => "rfc5803",
            Format::Kafka => "kafka",
        }
    }

    /// Whether PostgreSQL (or pgbouncer, which follows it) reads the text.
    pub fn is_postgres(self) -> bool {
        matches!(
            self,
            Format::Postgres | Format::PostgresSql | Format::Pgbouncer
        )
    }

    /// Whether the text names the user, so that one must be given.
    pub fn needs_user(self) -> bool {
        matches!(
            self,
            Format::PostgresSql | Format::Pgbouncer | Format::Kafka
        )
    }

    /// The schemes the format's readers know.
    fn supports(self, scheme: Scheme) -> Result<(), Error> {
        use ScramHash::*;
        let ok = match self {
            Format::Dovecot => matches!(
                scheme,
                Scheme::Scram(Sha1 | Sha256) | Scheme::CramMd5 | Scheme::DigestMd5 | Scheme::NtHash
            ),
            Format::Postgres | Format::PostgresSql | Format::Pgbouncer => {
                scheme == Scheme::Scram(Sha256)
            }
            Format::Rfc5803 => matches!(scheme, Scheme::Scram(_)),
            Format::Kafka => matches!(scheme, Scheme::Scram(Sha256 | Sha512)),
        };
        if ok {
            return Ok(());
        }
        let rule = match self {
            Format::Dovecot => {
                "Dovecot 2.3 stores SCRAM-SHA-1, SCRAM-SHA-256, CRAM-MD5 and DIGEST-MD5"
            }
            Format::Postgres | Format::PostgresSql | Format::Pgbouncer => {
                "PostgreSQL and pgbouncer store SCRAM-SHA-256 only"
            }
            Format::Rfc5803 => "RFC 5803 stores SCRAM keys only",
            Format::Kafka => "Kafka stores SCRAM-SHA-256 and SCRAM-SHA-512 only",
        };
        Err(Error::OptionRule {
            setting: Setting::Format,
            rule: format!(
                "{} cannot hold a {} secret: {rule}",
                self.name(),
                scheme.name()
            ),
        })
    }
}

/// How to make stored secrets: scheme, format, iteration count, salt and
/// password preparation, checked once and shared by every secret of a
/// batch.
#[derive(Debug, Clone)]
pub struct Spec {
    scheme: Scheme,
    format: Format,
    iterations: u32,
    /// `None`: 16 fresh random bytes for each secret.
    salt: Option<Zeroizing<Vec<u8>>>,
    prep: Prep,
}

/// A stored secret, made.
pub struct Made {
    /// The text to store, in the chosen format.
    pub text: Zeroizing<String>,
    /// Whether SASLprep changed the password before it was hashed. Dovecot's
    /// `doveadm pw` and Kafka hash the password as given, so a client that
    /// skips SASLprep will not log in with such a secret.
    pub saslprep_changed: bool,
    /// Set when the format's rule hashed the password as typed because
    /// SASLprep refuses it or leaves nothing of it (PostgreSQL's rule,
    /// see [`prep`]).
    pub as_typed: Option<prep::AsTyped>,
}

impl Spec {
    /// A spec with the default iteration count, a random salt and SASLprep;
    /// an error if `format` cannot hold `scheme`.
    pub fn new(scheme: Scheme, format: Format) -> Result<Spec, Error> {
        format.supports(scheme)?;
        Ok(Spec {
            scheme,
            format,
            iterations: DEFAULT_ITERATIONS,
            salt: None,
            prep: Prep::SaslPrep,
        })
    }

    /// Sets the iteration count: at least [`MIN_ITERATIONS`], at most
    /// [`MAX_ITERATIONS`] ([`KAFKA_MAX_ITERATIONS`] for Kafka).
    pub fn with_iterations(mut self, iterations: u32) -> Result<Spec, Error> {
        if !matches!(self.scheme, Scheme::Scram(_)) {
            return Err(Error::OptionRule {
                setting: Setting::Iterations,
                rule: format!("{} secrets have no iteration count", self.scheme.name()),
            });
        }
        let max = if self.format == Format::Kafka {
            KAFKA_MAX_ITERATIONS
        } else {
            MAX_ITERATIONS
        };
        let rule = if iterations < MIN_ITERATIONS {
            format!(
                "{iterations} is below {MIN_ITERATIONS}, the least RFC 7677 section 4 allows \
                 (Dovecot and Kafka refuse fewer)"
            )
        } else if iterations > max {
            if self.format == Format::Kafka {
                format!("{iterations} is above {max}, the most Kafka accepts")
            } else {
                format!(
                    "{iterations} is above {max}, which would keep PBKDF2 busy for seconds a \
                     secret"
                )
            }
        } else {
            self.iterations = iterations;
            return Ok(self);
        };
        Err(Error::OptionRule {
            setting: Setting::Iterations,
            rule,
        })
    }

    /// Uses this salt instead of random bytes (for tests and published
    /// examples; a salt shared by two users lets an attacker attack both
    /// at once).
    pub fn with_salt(mut self, salt: Vec<u8>) -> Result<Spec, Error> {
        if !matches!(self.scheme, Scheme::Scram(_)) {
            return Err(Error::OptionRule {
                setting: Setting::Salt,
                rule: format!("{} secrets have no salt", self.scheme.name()),
            });
        }
        let rule = if salt.is_empty() {
            "the salt is empty; SCRAM needs one (RFC 5802 section 5.1)".to_owned()
        } else if salt.len() < MIN_SALT_LEN {
            format!(
                "the salt is {} byte{}; at least {MIN_SALT_LEN} are needed (RFC 8018 section \
                 4.1), so that one precomputed table cannot serve many users",
                salt.len(),
                if salt.len() == 1 { "" } else { "s" }
            )
        } else if salt.len() > MAX_SALT_LEN {
            format!(
                "the salt is {} bytes; at most {MAX_SALT_LEN} are taken, since libpq refuses \
                 a server-first message over 2000 bytes and a longer salt makes a PostgreSQL \
                 secret no client can log in with",
                salt.len()
            )
        } else {
            self.salt = Some(Zeroizing::new(salt));
            return Ok(self);
        };
        Err(Error::OptionRule {
            setting: Setting::Salt,
            rule,
        })
    }

    /// Whether passwords are prepared with SASLprep (the default, as RFC
    /// 5802 section 2.2 asks) before hashing, by the format's reader's rule
    /// (see [`prep`]): PostgreSQL's `pg_saslprep` for the PostgreSQL
    /// formats, RFC 4013 for Dovecot and RFC 5803. CRAM-MD5 and Kafka
    /// secrets never are: Dovecot compares CRAM-MD5 keys as stored, and
    /// Kafka's clients hash the password as typed.
    pub fn with_prep(mut self, prep: Prep) -> Spec {
        self.prep = prep;
        self
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Makes the stored secret for `password`. `user` is required by the
    /// formats that name it ([`Format::needs_user`]); for the others it
    /// makes a `user:secret` line (a Dovecot passwd-file entry).
    pub fn make(&self, user: Option<&str>, password: &[u8]) -> Result<Made, Error> {
        if let Some(user) = user {
            render::check_user(self.format, user)?;
        } else if self.format.needs_user() {
            return Err(Error::NoUser {
                format: self.format.name(),
            });
        } else if self.scheme == Scheme::DigestMd5 {
            // The hash is of user:realm:password.
            return Err(Error::NoUser {
                format: "DIGEST-MD5",
            });
        }
        field::non_empty(
            "password",
            password,
            "a stored secret for an empty password would let anyone who sends none log in",
        )?;
        let (secret, saslprep_changed, as_typed) = match self.scheme {
            Scheme::CramMd5 => (render::cram_md5(&cram_md5::states(password)), false, None),
            Scheme::DigestMd5 => (
                digest_md5::render(user.unwrap_or_default(), password),
                false,
                None,
            ),
            Scheme::NtHash => (
                nt_hash::render(field::utf8("password", password)?),
                false,
                None,
            ),
            Scheme::Scram(hash) => {
                let prepared = prepare(password, self.prep, self.format)?;
                let salt = match &self.salt {
                    Some(salt) => salt.clone(),
                    None => random_salt()?,
                };
                let keys = hash.keys(&prepared.bytes, &salt, self.iterations);
                let text = render::scram(self.format, hash, user, self.iterations, &salt, &keys);
                (text, prepared.changed, prepared.as_typed)
            }
        };
        let text = match user {
            Some(user) if !self.format.needs_user() => {
                let mut line = Zeroizing::new(String::with_capacity(user.len() + 1 + secret.len()));
                line.push_str(user);
                line.push(':');
                line.push_str(&secret);
                line
            }
            _ => secret,
        };
        Ok(Made {
            text,
            saslprep_changed,
            as_typed,
        })
    }
}

/// The password as SCRAM hashes it for `format`'s readers: with
/// [`Prep::SaslPrep`], PostgreSQL's own rule for the PostgreSQL formats
/// ([`prep::postgres`]), none for Kafka (whose clients never apply it),
/// RFC 4013 for the others ([`prep::rfc4013`]).
fn prepare(password: &[u8], prep: Prep, format: Format) -> Result<prep::Prepared, Error> {
    field::no_nul("password", password, "SCRAM")?;
    match prep {
        _ if format == Format::Kafka => Ok(prep::Prepared {
            bytes: Zeroizing::new(password.to_vec()),
            changed: false,
            as_typed: None,
        }),
        Prep::None => Ok(prep::Prepared {
            bytes: Zeroizing::new(password.to_vec()),
            changed: false,
            as_typed: None,
        }),
        Prep::SaslPrep if format.is_postgres() => Ok(prep::postgres(password)),
        Prep::SaslPrep => prep::rfc4013(password),
    }
}

/// [`SALT_LEN`] bytes from the operating system's random source.
fn random_salt() -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut salt = Zeroizing::new(vec![0u8; SALT_LEN]);
    getrandom::fill(&mut salt).map_err(|e| {
        Error::io(
            "get random bytes for the salt",
            std::io::Error::other(e.to_string()),
        )
    })?;
    Ok(salt)
}

/// Equality of two byte strings in time that depends on their lengths
/// only, not on where they differ (`subtle`, which the `hmac` crate uses
/// for the same purpose).
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iteration_rules() {
        let spec = |f| Spec::new(Scheme::Scram(ScramHash::Sha256), f).unwrap();
        assert!(spec(Format::Dovecot).with_iterations(4095).is_err());
        assert!(spec(Format::Dovecot).with_iterations(4096).is_ok());
        assert!(spec(Format::Dovecot).with_iterations(10_000_000).is_ok());
        assert!(spec(Format::Dovecot).with_iterations(10_000_001).is_err());
        assert!(spec(Format::Kafka).with_iterations(16384).is_ok());
        assert!(spec(Format::Kafka).with_iterations(16385).is_err());
        let err = spec(Format::Postgres).with_iterations(1000).unwrap_err();
        assert!(err.to_string().contains("below 4096"), "{err}");
    }

    #[test]
    fn formats_refuse_schemes_their_readers_do_not_know() {
        use ScramHash::*;
        for (scheme, format) in [
            (Scheme::Scram(Sha1), Format::Postgres),
            (Scheme::Scram(Sha512), Format::Dovecot),
            (Scheme::Scram(Sha1), Format::Kafka),
            (Scheme::CramMd5, Format::Rfc5803),
            (Scheme::CramMd5, Format::Pgbouncer),
        ] {
            assert!(Spec::new(scheme, format).is_err(), "{scheme:?} {format:?}");
        }
        let cram = Spec::new(Scheme::CramMd5, Format::Dovecot).unwrap();
        assert!(cram.clone().with_iterations(5000).is_err());
        assert!(cram.with_salt(vec![1]).is_err());
    }

    #[test]
    fn salt_length_rules() {
        let spec = || Spec::new(Scheme::Scram(ScramHash::Sha256), Format::Postgres).unwrap();
        for (len, ok) in [
            (0, false),
            (7, false),
            (8, true),
            (1024, true),
            (1025, false),
        ] {
            assert_eq!(spec().with_salt(vec![7; len]).is_ok(), ok, "{len} bytes");
        }
        let err = spec().with_salt(vec![7; 1600]).unwrap_err().to_string();
        assert!(err.contains("1600 bytes") && err.contains("libpq"), "{err}");
        let err = spec().with_salt(vec![7]).unwrap_err().to_string();
        assert!(err.contains("1 byte; at least 8"), "{err}");
    }

    #[test]
    fn random_salts_differ() {
        let spec = Spec::new(Scheme::Scram(ScramHash::Sha1), Format::Dovecot).unwrap();
        let a = spec.make(None, b"pencil").unwrap();
        let b = spec.make(None, b"pencil").unwrap();
        assert_ne!(&*a.text, &*b.text);
        // 16 bytes of salt: 24 base64 characters with padding.
        assert_eq!(a.text.split(',').nth(1).unwrap().len(), 24);
    }

    #[test]
    fn saslprep_is_reported() {
        let spec = Spec::new(Scheme::Scram(ScramHash::Sha256), Format::Dovecot).unwrap();
        assert!(
            spec.make(None, "pen\u{ad}cil".as_bytes())
                .unwrap()
                .saslprep_changed
        );
        assert!(!spec.make(None, b"pencil").unwrap().saslprep_changed);
        let raw = spec.clone().with_prep(Prep::None);
        assert!(
            !raw.make(None, "pen\u{ad}cil".as_bytes())
                .unwrap()
                .saslprep_changed
        );
        assert!(spec.make(None, b"").is_err());
        assert!(spec.make(None, b"a\0b").is_err());
    }

    #[test]
    fn ct_eq_is_equality() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}
