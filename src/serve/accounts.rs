//! The accounts a practice server checks logins against: one user with a
//! password or token, a passwd-file of stored secrets, or none at all
//! (every well-formed login accepted).

use std::collections::HashMap;
use std::sync::Mutex;

use zeroize::Zeroizing;

use crate::field;
use crate::mech::scram::ScramHash;
use crate::mech::server::{Check, Kind, ScramSecret, Store};
use crate::stored::{self, ServerKey, Stored};
use crate::{Error, Secret};

/// The iteration count of SCRAM secrets derived from a plaintext
/// password: RFC 7677's minimum, what Dovecot and PostgreSQL use.
pub const SCRAM_ITERATIONS: u32 = 4096;

/// One user.
pub struct Account {
    /// The user name.
    pub user: String,
    password: Option<Secret>,
    token: Option<Secret>,
    stored: Option<Stored>,
}

impl Account {
    /// The password, when it is known as it is.
    pub fn plaintext(&self) -> Option<&[u8]> {
        if let Some(password) = &self.password {
            return Some(password.expose());
        }
        match self.stored.as_ref().map(Stored::server_key) {
            Some(ServerKey::Plain(password)) => Some(password),
            _ => None,
        }
    }

    /// Whether what is kept is a hash, so that a wrong password can only
    /// be diagnosed by re-deriving.
    pub fn hashed(&self) -> bool {
        self.plaintext().is_none() && self.stored.is_some()
    }

    /// HMAC-MD5's inner and outer states of the password, from the
    /// password or Dovecot's `{CRAM-MD5}`: what CRAM-MD5 digests are
    /// checked with.
    pub fn cram_states(&self) -> Option<Zeroizing<Vec<u8>>> {
        if let Some(plain) = self.plaintext() {
            return Some(Zeroizing::new(stored::cram_md5::states(plain).to_vec()));
        }
        match self.stored.as_ref().map(Stored::server_key) {
            Some(ServerKey::CramMd5(states)) if states.len() == 32 => {
                Some(Zeroizing::new(states.to_vec()))
            }
            _ => None,
        }
    }

    /// The OAuth token, when one is set.
    pub fn token(&self) -> Option<&[u8]> {
        self.token.as_ref().map(Secret::expose)
    }

    /// Whether what is kept for this account can run `kind`.
    pub fn can_run(&self, kind: Kind) -> bool {
        account_can_run(self, kind)
    }
}

/// Where logins are checked.
pub struct Accounts {
    accounts: Vec<Account>,
    accept_any: bool,
    /// SCRAM secrets derived from plaintext passwords, once per user and
    /// hash, with a salt drawn at the first use.
    derived: Mutex<HashMap<(String, ScramHash), DerivedScram>>,
}

struct DerivedScram {
    salt: Zeroizing<Vec<u8>>,
    stored_key: Zeroizing<Vec<u8>>,
    server_key: Zeroizing<Vec<u8>>,
}

impl Accounts {
    fn with(accounts: Vec<Account>, accept_any: bool) -> Self {
        Accounts {
            accounts,
            accept_any,
            derived: Mutex::new(HashMap::new()),
        }
    }

    /// Every well-formed login is accepted (capture mode).
    pub fn accept_any() -> Self {
        Accounts::with(Vec::new(), true)
    }

    /// One user, with a password, a token, or both.
    pub fn single(user: &str, password: Option<Secret>, token: Option<Secret>) -> Self {
        Accounts::with(
            vec![Account {
                user: user.to_owned(),
                password,
                token,
                stored: None,
            }],
            false,
        )
    }

    /// The accounts of a Dovecot passwd-file, `user:{SCHEME}data[:...]`
    /// per line (what `saslenc secret -F dovecot --user` writes); blank
    /// lines and `#` comments are skipped. An error names the line and
    /// what is wrong with it, never its secret.
    pub fn passdb(text: &str) -> Result<Self, Error> {
        let mut accounts: Vec<Account> = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: String| Error::BadStored {
                reason: format!("line {}: {reason}", number + 1),
            };
            let Some((user, rest)) = line.split_once(':') else {
                return Err(bad(
                    "expected user:{SCHEME}data (Dovecot passwd-file)".into()
                ));
            };
            if user.is_empty() {
                return Err(bad("the user name is empty".into()));
            }
            // Dovecot's passwd-file: the password field ends at the next ':'.
            let password = rest.split(':').next().unwrap_or_default();
            // {DIGEST-MD5} hashes the user name: read it with its line.
            let stored = if password
                .get(..12)
                .is_some_and(|p| p.eq_ignore_ascii_case("{DIGEST-MD5}"))
            {
                stored::parse(&format!("{user}:{password}"))
            } else {
                stored::parse(password)
            }
            .map_err(|e| bad(e.to_string()))?;
            if accounts.iter().any(|a| a.user == user) {
                // Dovecot uses the first line of a user.
                continue;
            }
            accounts.push(Account {
                user: user.to_owned(),
                password: None,
                token: None,
                stored: Some(stored),
            });
        }
        if accounts.is_empty() {
            return Err(Error::BadStored {
                reason: "the passdb holds no account".into(),
            });
        }
        Ok(Accounts::with(accounts, false))
    }

    /// Whether every well-formed login is accepted.
    pub fn accepts_any(&self) -> bool {
        self.accept_any
    }

    /// The account of `user`, exactly as written.
    pub fn get(&self, user: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.user == user)
    }

    /// Every account.
    pub fn all(&self) -> &[Account] {
        &self.accounts
    }

    /// Whether some account can run `kind`: SCRAM with that hash's secret
    /// or a plaintext password, CRAM-MD5 with `{CRAM-MD5}` or plaintext,
    /// PLAIN and LOGIN with anything verifiable, the OAuth mechanisms
    /// with a token. In capture mode, all but SCRAM (whose server must
    /// prove it knows the password).
    pub fn can_run(&self, kind: Kind) -> bool {
        if self.accept_any {
            return kind.scram_hash().is_none() && !matches!(kind, Kind::DigestMd5 | Kind::Ntlm);
        }
        self.accounts.iter().any(|a| account_can_run(a, kind))
    }
}

fn account_can_run(account: &Account, kind: Kind) -> bool {
    let plaintext = account.plaintext().is_some();
    let key = account.stored.as_ref().map(Stored::server_key);
    match kind {
        Kind::Anonymous => true,
        Kind::External => false,
        Kind::Ntlm => plaintext || matches!(key, Some(ServerKey::NtHash(_))),
        Kind::DigestMd5 => plaintext || matches!(key, Some(ServerKey::DigestMd5 { .. })),
        Kind::XOAuth2 | Kind::OAuthBearer => account.token.is_some(),
        Kind::Plain | Kind::Login => plaintext || account.stored.is_some(),
        Kind::CramMd5 => plaintext || matches!(key, Some(ServerKey::CramMd5(_))),
        Kind::Scram(hash) | Kind::ScramPlus(hash) => {
            plaintext || matches!(key, Some(ServerKey::Scram { hash: h, .. }) if h == hash)
        }
    }
}

impl Store for Accounts {
    fn is_account(&self, user: &str) -> bool {
        self.accept_any || self.get(user).is_some()
    }

    fn password(&self, user: &str, password: &[u8]) -> Check {
        if self.accept_any {
            return Check::Match;
        }
        let Some(account) = self.get(user) else {
            return Check::NoSuchUser;
        };
        let matches = if let Some(plain) = account.plaintext() {
            ct_eq(plain, password)
        } else if let Some(stored) = &account.stored {
            stored.matches_password(password)
        } else {
            return Check::Unverifiable;
        };
        if matches {
            Check::Match
        } else {
            Check::Mismatch
        }
    }

    fn scram(&self, user: &str, hash: ScramHash) -> Option<ScramSecret> {
        let account = self.get(user)?;
        if let Some(stored) = &account.stored {
            if let ServerKey::Scram {
                hash: h,
                iterations,
                salt,
                stored_key,
                server_key,
            } = stored.server_key()
            {
                return (h == hash).then(|| ScramSecret {
                    iterations,
                    salt: Zeroizing::new(salt.to_vec()),
                    stored_key: Zeroizing::new(stored_key.to_vec()),
                    server_key: Zeroizing::new(server_key.to_vec()),
                });
            }
        }
        let plain = account.plaintext()?;
        let mut derived = self.derived.lock().unwrap_or_else(|e| e.into_inner());
        let entry = derived
            .entry((user.to_owned(), hash))
            .or_insert_with(|| derive(hash, plain));
        Some(ScramSecret {
            iterations: SCRAM_ITERATIONS,
            salt: entry.salt.clone(),
            stored_key: entry.stored_key.clone(),
            server_key: entry.server_key.clone(),
        })
    }

    fn cram_md5(&self, user: &str, challenge: &[u8], digest: &[u8; 16]) -> Check {
        if self.accept_any {
            return Check::Match;
        }
        let Some(account) = self.get(user) else {
            return Check::NoSuchUser;
        };
        let states = if let Some(plain) = account.plaintext() {
            stored::cram_md5::states(plain)
        } else if let Some(ServerKey::CramMd5(states)) =
            account.stored.as_ref().map(Stored::server_key)
        {
            let mut out = Zeroizing::new([0u8; 32]);
            if states.len() != 32 {
                return Check::Unverifiable;
            }
            out.copy_from_slice(states);
            out
        } else {
            return Check::Unverifiable;
        };
        match stored::cram_md5::digest(&states[..], challenge) {
            Some(expected) if ct_eq(&expected, digest) => Check::Match,
            _ => Check::Mismatch,
        }
    }

    fn digest_md5(
        &self,
        user: &str,
        realm: &str,
        check: &mut dyn FnMut(&[u8; 16], Option<crate::mech::digest_md5::Hashing>) -> bool,
    ) -> Check {
        use crate::mech::digest_md5::{h_a1, Hashing};
        // Dovecot's lookup: user@realm first when a realm is named.
        let named = format!("{user}@{realm}");
        let Some(account) = (!realm.is_empty())
            .then(|| self.get(&named))
            .flatten()
            .or_else(|| self.get(user))
        else {
            return Check::NoSuchUser;
        };
        if let Some(plain) = account.plaintext() {
            // Each way peers hash the values (UTF-8, RFC 2831's ISO 8859-1,
            // GNU SASL's), tried once per distinct key; a way is named only
            // where no other gives its key, so that a match tells which
            // (with an ASCII user name and realm, RFC 2831's way and GNU
            // SASL's are the same bytes, and neither is named).
            let mut keys: Vec<(Vec<Hashing>, Zeroizing<[u8; 16]>)> = Vec::new();
            for hashing in Hashing::ALL {
                let key = h_a1(user.as_bytes(), realm.as_bytes(), plain, hashing);
                match keys.iter_mut().find(|(_, k)| k[..] == key[..]) {
                    Some((ways, _)) => ways.push(hashing),
                    None => keys.push((vec![hashing], key)),
                }
            }
            let several = keys.len() > 1;
            let matched = keys.iter().any(|(ways, key)| {
                let named = match ways[..] {
                    [only] if several => Some(only),
                    _ => None,
                };
                check(key, named)
            });
            return if matched {
                Check::Match
            } else {
                Check::Mismatch
            };
        }
        let h_a1 = if let Some(ServerKey::DigestMd5 {
            digest,
            user: Some(name),
        }) = account.stored.as_ref().map(Stored::server_key)
        {
            if stored::digest_md5::user_and_realm(name) != (user, realm) || digest.len() != 16 {
                return Check::Unverifiable;
            }
            let mut out = Zeroizing::new([0u8; 16]);
            out.copy_from_slice(digest);
            out
        } else {
            return Check::Unverifiable;
        };
        if check(&h_a1, None) {
            Check::Match
        } else {
            Check::Mismatch
        }
    }

    fn nt_hash(&self, user: &str, check: &mut dyn FnMut(&[u8; 16]) -> bool) -> Check {
        let Some(account) = self.get(user) else {
            return Check::NoSuchUser;
        };
        let hash = if let Some(plain) = account.plaintext() {
            match std::str::from_utf8(plain) {
                Ok(text) => stored::nt_hash::nt_hash(text),
                Err(_) => return Check::Unverifiable,
            }
        } else if let Some(ServerKey::NtHash(hash)) =
            account.stored.as_ref().map(Stored::server_key)
        {
            if hash.len() != 16 {
                return Check::Unverifiable;
            }
            let mut out = Zeroizing::new([0u8; 16]);
            out.copy_from_slice(hash);
            out
        } else {
            return Check::Unverifiable;
        };
        if check(&hash) {
            Check::Match
        } else {
            Check::Mismatch
        }
    }

    fn token(&self, user: &str, token: &[u8]) -> Check {
        if self.accept_any {
            return Check::Match;
        }
        let Some(account) = self.get(user) else {
            return Check::NoSuchUser;
        };
        match &account.token {
            Some(expected) if ct_eq(expected.expose(), token) => Check::Match,
            Some(_) => Check::Mismatch,
            None => Check::Unverifiable,
        }
    }
}

/// SCRAM keys from a plaintext password, SASLprep'd as RFC 5802 section
/// 2.2 asks (as given when SASLprep refuses it), with a fresh salt.
fn derive(hash: ScramHash, password: &[u8]) -> DerivedScram {
    let prepared = std::str::from_utf8(password)
        .ok()
        .and_then(|text| field::saslprep("password", text).ok());
    let input = prepared.as_ref().map_or(password, |p| p.as_bytes());
    let mut salt = Zeroizing::new(vec![0u8; 16]);
    // A salt of zeros if the system has no random bytes: still correct.
    let _ = getrandom::fill(&mut salt);
    let keys = hash.keys(input, &salt, SCRAM_ITERATIONS);
    DerivedScram {
        salt,
        stored_key: keys.stored_key,
        server_key: keys.server_key,
    }
}

fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(subtle::ConstantTimeEq::ct_eq(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passdb_lines_give_what_they_store() {
        let cram = hex::encode(&stored::cram_md5::states(b"pencil")[..]);
        let text = format!(
            "# comment\n\nalice:{{PLAIN}}pencil\nbob:{{CRAM-MD5}}{cram}::::\nalice:{{PLAIN}}other\n"
        );
        let accounts = Accounts::passdb(&text).unwrap();
        assert_eq!(accounts.all().len(), 2);
        assert_eq!(accounts.password("alice", b"pencil"), Check::Match);
        assert_eq!(accounts.password("alice", b"other"), Check::Mismatch);
        assert_eq!(accounts.password("bob", b"pencil"), Check::Match);
        assert_eq!(accounts.password("carol", b"pencil"), Check::NoSuchUser);
        assert!(accounts.can_run(Kind::CramMd5));
        assert!(accounts.can_run(Kind::Scram(ScramHash::Sha256)));
        assert!(!accounts.can_run(Kind::XOAuth2));
        assert!(accounts.get("bob").unwrap().hashed());
        let err = Accounts::passdb("alice\n").err().unwrap().to_string();
        assert!(err.contains("line 1"), "{err}");
        assert!(Accounts::passdb("# nothing\n").err().is_some());
    }
}

/// RFC 2831 section 2.1.2.1's ISO 8859-1 rule on the server's side: a
/// response hashed any of the ways peers hash is taken for the right
/// password, the way named only where the bytes tell it; any way with
/// another password is refused.
#[cfg(test)]
mod digest_md5_hashing_tests {
    use super::*;
    use crate::mech::digest_md5::{DigestMd5, Hashing, Login};
    use crate::mech::server::{Server, Step};
    use crate::mech::Mechanism;

    /// One login of `user` with `password` hashed as `hashing`, against
    /// an account with `stored`: the verdict's notes, or the refusal.
    fn login(
        user: &str,
        stored: &str,
        password: &str,
        hashing: Hashing,
    ) -> Result<Vec<String>, String> {
        let accounts = Accounts::single(user, Some(Secret::new(stored.as_bytes().to_vec())), None);
        let mut server = Server::new(Kind::DigestMd5, &accounts).with_hostname("realm.example");
        let Step::Challenge(challenge) = server.start(None) else {
            panic!("no challenge");
        };
        let mut client = DigestMd5::new(Login {
            user,
            password: password.as_bytes(),
            authzid: "",
            digest_uri: "imap/realm.example",
            cnonce: "OA6MHXh6VqTrRk",
        })
        .unwrap()
        .with_hashing(hashing);
        let response = client.respond(&challenge).unwrap();
        let rspauth = match server.respond(&response) {
            Step::Challenge(rspauth) => rspauth,
            Step::Failure(failure) => return Err(failure.reason),
            Step::Success { .. } => panic!("success before rspauth"),
        };
        // The server's proof is the one the client computes its own way.
        let answer = client.respond(&rspauth).expect("rspauth is the client's");
        match server.respond(&answer) {
            Step::Success { evidence, .. } => Ok(evidence.notes),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_way_is_taken_for_a_latin1_password_and_named_where_the_bytes_tell() {
        for hashing in Hashing::ALL {
            let notes = login("alice", "pässwörd", "pässwörd", hashing).unwrap();
            match hashing {
                Hashing::Utf8 => assert!(
                    notes.len() == 1 && notes[0].contains("hashed as UTF-8"),
                    "{notes:?}"
                ),
                // The user name and realm are ASCII: the two ISO 8859-1
                // ways give the same bytes, and neither client is named.
                Hashing::Iso8859_1 | Hashing::Iso8859_1Password => {
                    assert_eq!(notes, Vec::<String>::new(), "{hashing:?}")
                }
            }
        }
    }

    #[test]
    fn a_non_ascii_user_tells_the_rfcs_way_from_gsasls() {
        for hashing in Hashing::ALL {
            let notes = login("jörg", "pässwörd", "pässwörd", hashing).unwrap();
            assert!(
                notes[0].contains(hashing.describe()),
                "{hashing:?}: {notes:?}"
            );
        }
    }

    #[test]
    fn no_way_is_named_where_the_bytes_cannot_tell() {
        // ASCII, and a password ISO 8859-1 cannot hold: every way hashes
        // the same bytes.
        for password in ["pencil", "пароль"] {
            for hashing in Hashing::ALL {
                assert_eq!(
                    login("alice", password, password, hashing).unwrap(),
                    Vec::<String>::new()
                );
            }
        }
    }

    /// A client that sends an authzid and leaves it out of A1: the right
    /// password shows it, and the refusal says so; with another password
    /// nothing is named.
    #[test]
    fn an_authzid_left_out_of_a1_is_named() {
        for (password, named) in [("pencil", true), ("pencils", false)] {
            let accounts = Accounts::single("alice", Some(Secret::new(b"pencil".to_vec())), None);
            let mut server = Server::new(Kind::DigestMd5, &accounts).with_hostname("realm.example");
            let Step::Challenge(challenge) = server.start(None) else {
                panic!("no challenge");
            };
            let mut client = DigestMd5::new(Login {
                user: "alice",
                password: password.as_bytes(),
                authzid: "",
                digest_uri: "imap/realm.example",
                cnonce: "OA6MHXh6VqTrRk",
            })
            .unwrap();
            let response = client.respond(&challenge).unwrap();
            let mut sent = response.to_vec();
            sent.extend_from_slice(b",authzid=\"alice\"");
            let Step::Failure(failure) = server.respond(&sent) else {
                panic!("accepted");
            };
            assert_eq!(
                failure
                    .reason
                    .contains("left the authzid it sent out of A1"),
                named,
                "{}",
                failure.reason
            );
        }
    }

    #[test]
    fn another_password_is_refused_every_way() {
        for hashing in Hashing::ALL {
            let refused = login("alice", "pässwörd", "passwörd", hashing).unwrap_err();
            assert!(
                refused.contains("hashed as UTF-8 or converted to ISO 8859-1"),
                "{refused}"
            );
            let refused = login("alice", "pencil", "pencils", hashing).unwrap_err();
            assert!(
                refused.ends_with(
                    "the password differs, or the client computed the response another way"
                ),
                "{refused}"
            );
        }
    }
}
