//! Why a login was refused, as a search: the server knows the right
//! credential, so it applies each mistake of one catalogue
//! ([`CATALOGUE`]) to it and names the entries that give
//! exactly the bytes received. When none does, it says only what is
//! certain (the password differs, its length too, the account cannot be
//! checked with this mechanism). The expected secret is never revealed.

pub mod catalogue;
pub mod expected;
mod mistakes;
mod ntlm;
pub mod shell;

use crate::field::quoted;
use crate::mech::server::{BindingRefusal, Check, Evidence, Failure, Kind, Refusal, Store};
use crate::protocol::Protocol;
use crate::token::{Outcome, Token};

use super::accounts::Accounts;
use super::Directory;
pub use catalogue::{Mistake, Received, Right, Via};
pub use mistakes::CATALOGUE;

/// The most re-derivations tried for an account whose secret is hashed:
/// each costs a PBKDF2 at the stored iteration count.
pub const MAX_HASHED_TRIES: usize = 6;

/// The catalogue's entries that turn some account's right credential
/// into exactly `received`; `challenge` is CRAM-MD5's challenge or
/// APOP's timestamp. Empty in capture mode (nothing is right there) and
/// for a store that does not hand out its accounts.
pub fn search(
    directory: &dyn Directory,
    received: &Received,
    challenge: &[u8],
) -> Vec<&'static Mistake> {
    let mut found: Vec<&'static Mistake> = Vec::new();
    let Some(accounts) = directory.known() else {
        return found;
    };
    if accounts.accepts_any() {
        return found;
    }
    let sent_user = catalogue::sent_fields(received).map(|(user, _)| user);
    let plain = received.via == Via::Sasl(Kind::Plain);
    for account in accounts.all().iter().take(catalogue::MAX_SEARCHED_ACCOUNTS) {
        let states = account.cram_states();
        for authzid_is_user in [false, true] {
            if authzid_is_user && !plain {
                continue;
            }
            let right = Right {
                user: &account.user,
                password: account.plaintext(),
                cram_states: states.as_deref().map(|s| &s[..]),
                token: account.token(),
                challenge,
                authzid_is_user,
            };
            for mistake in explains(&right, received) {
                if !found.iter().any(|m| m.id == mistake.id) {
                    found.push(mistake);
                }
            }
        }
        if account.hashed() && sent_user.as_deref() == Some(account.user.as_bytes()) {
            let check =
                |candidate: &[u8]| accounts.password(&account.user, candidate) == Check::Match;
            for mistake in explains_hashed(received, check, MAX_HASHED_TRIES) {
                if !found.iter().any(|m| m.id == mistake.id) {
                    found.push(mistake);
                }
            }
        }
    }
    found
}

/// The finding that names `mistakes` (one, or several that give the same
/// bytes).
pub fn named(mistakes: &[&Mistake]) -> String {
    match mistakes {
        [one] => format!("found the mistake: {}", one.sentence()),
        _ => {
            let all: Vec<String> = mistakes.iter().map(|m| m.sentence()).collect();
            format!(
                "any of these mistakes gives exactly the bytes received: {}",
                all.join("; or ")
            )
        }
    }
}

/// The findings for a refused or malformed login of `kind` over
/// `protocol` whose lines were `received`, in the order they matter.
/// Empty only when the login was accepted.
pub fn diagnose(
    kind: Kind,
    failure: &Failure,
    accounts: &dyn Directory,
    protocol: Protocol,
    received: &Received,
) -> Vec<String> {
    let evidence = &failure.evidence;
    // EXTERNAL checks a certificate, not bytes: its step says why.
    if kind == Kind::External && failure.refusal == Refusal::Store {
        return vec![failure.reason.clone()];
    }
    match failure.refusal {
        Refusal::HungUp => return vec![failure.reason.clone()],
        Refusal::Cancelled => {
            return vec!["the client cancelled the exchange (it sent \"*\")".to_owned()];
        }
        Refusal::Unavailable => {
            return vec![format!(
                "{}: the account cannot be checked with {}",
                failure.reason,
                kind.name()
            )];
        }
        Refusal::ChannelBinding(refusal) => {
            return vec![channel_binding(refusal, &failure.reason)];
        }
        Refusal::Malformed | Refusal::Store => {}
    }
    let challenge = evidence.challenges.first().map_or(&[][..], |c| &c[..]);
    let mistakes = search(accounts, received, challenge);
    let mut found = Vec::new();
    if !mistakes.is_empty() {
        found.push(named(&mistakes));
        return found;
    }
    certain(kind, failure, accounts, protocol, received, &mut found);
    found
}

/// A refused channel binding (RFC 5802 section 6), in words: what the
/// client did, then the server step's reason, which names the types and
/// lengths.
fn channel_binding(refusal: BindingRefusal, reason: &str) -> String {
    let what = match refusal {
        BindingRefusal::Downgrade => {
            "a downgrade: the client said y (it can bind, and thinks this server cannot) \
             although -PLUS was offered; if the client chose this itself, ask it for the -PLUS \
             mechanism, or for n where it must not bind"
        }
        BindingRefusal::NotBound => {
            "n where p= was needed: the client chose a -PLUS mechanism but sent no channel \
             binding; a client that will not bind chooses the mechanism without -PLUS"
        }
        BindingRefusal::BoundWithoutPlus => {
            "p= in a mechanism without -PLUS: the client binds to the channel but named the \
             mechanism that carries no binding"
        }
        BindingRefusal::WrongType => {
            "the wrong binding type: the client binds with a type this server cannot check \
             here (tls-unique is TLS 1.2's, which rustls does not give; tls-exporter needs TLS \
             1.3)"
        }
        BindingRefusal::OtherConnection => {
            "data from another connection: the binding data is not this TLS connection's"
        }
    };
    format!("the channel binding was refused, {what}; {reason}")
}

/// What is certain when no mistake of the catalogue explains the bytes.
fn certain(
    kind: Kind,
    failure: &Failure,
    directory: &dyn Directory,
    protocol: Protocol,
    received: &Received,
    found: &mut Vec<String>,
) {
    let evidence = &failure.evidence;
    if failure.refusal == Refusal::Malformed {
        form(kind, failure, found);
        return;
    }
    if let (Some(authzid), Some(user)) = (&evidence.authzid, &evidence.user) {
        if authzid != user {
            found.push(format!(
                "the authorization identity {} differs from the user {}: this server lets \
                 no user act as another; send an empty authzid (PLAIN: \\0user\\0pass)",
                quoted(authzid.as_bytes()),
                quoted(user.as_bytes())
            ));
            return;
        }
    }
    // DIGEST-MD5's and NTLM's server steps found what is certain (a wrong
    // realm, digest-uri, domain or password), looking the user up as
    // user@realm first for DIGEST-MD5.
    if matches!(kind, Kind::DigestMd5 | Kind::Ntlm) && failure.reason != "no such user" {
        found.push(failure.reason.clone());
        return;
    }
    // An NTLM user no account has: named only when a near account's
    // password reproduces the response.
    if let (Kind::Ntlm, Some(accounts)) = (kind, directory.known()) {
        if let Some(finding) = ntlm::unknown_user(evidence, directory, accounts) {
            found.push(finding);
            return;
        }
    }
    let user = evidence.user.as_deref().unwrap_or_default();
    let Some(accounts) = directory.known() else {
        // The store keeps its accounts to itself: what it answered is all
        // that is certain.
        if kind.takes_token() {
            found.extend(token_findings(evidence, protocol, now()));
        }
        found.push(format!("the account store answered: {}", failure.reason));
        return;
    };
    let account = accounts.get(user);
    if let (Kind::Scram(_) | Kind::ScramPlus(_), Some(account)) = (kind, account) {
        if !account.can_run(kind) {
            found.push(format!(
                "what is stored for {} cannot check {}: the account cannot be checked with \
                 this mechanism (use one it offers for this account, or store a {} secret)",
                quoted(user.as_bytes()),
                kind.name(),
                kind.name()
            ));
            return;
        }
    }
    if kind.takes_token() {
        found.extend(token_findings(evidence, protocol, now()));
    }
    if account.is_none() && !accounts.accepts_any() {
        found.push(no_user(user, accounts));
        return;
    }
    found.push(differs(kind, received, account));
}

/// "There is no user", and what a near name would be.
fn no_user(user: &str, accounts: &Accounts) -> String {
    let near = accounts.all().iter().find_map(|a| {
        if a.user.eq_ignore_ascii_case(user) {
            Some("an account's name differs from it only in case (this server compares names exactly)")
        } else if a.user.split('@').next() == user.split('@').next() {
            Some("an account's name differs from it only in its domain part (@...)")
        } else if a.user.trim_end() == user.trim_end() {
            Some("an account's name differs from it only in trailing white space")
        } else {
            None
        }
    });
    format!(
        "there is no user {}{}",
        quoted(user.as_bytes()),
        near.map(|n| format!("; {n}")).unwrap_or_default()
    )
}

/// The remarks on the sent password's length beside the account's. They
/// are about the account's password, not about what the client sent, so
/// they stay on serve's screen: the diagnosis told to the client leaves
/// them out ([`crate::serve::Session`]'s reply text).
pub(crate) const RIGHT_LENGTH: &str = " (it has the right length)";
/// See [`RIGHT_LENGTH`].
pub(crate) const OTHER_LENGTH: &str = " (its length differs too)";

/// The certain finding about the credential when the user exists.
fn differs(kind: Kind, received: &Received, account: Option<&super::accounts::Account>) -> String {
    let none = "no mistake of the catalogue (docs/serve.md) turns the right one into the bytes \
                received";
    if kind.takes_token() {
        return "the token is not the one this server accepts".to_owned();
    }
    match kind {
        Kind::CramMd5 => {
            let untried = if account.is_some_and(|a| a.plaintext().is_none()) {
                "; the account holds only {CRAM-MD5}, so the mistakes that need the password \
                 itself (MD5 of password and challenge, key and data swapped, a key with a line \
                 feed) could not be tried"
            } else {
                ""
            };
            return format!(
                "the digest is not HMAC-MD5 of the challenge keyed with this account's password, \
                 and {none} (the password differs, or the digest was made another way){untried}"
            );
        }
        Kind::Scram(_) | Kind::ScramPlus(_) => {
            return format!(
                "the proof does not verify with this account's password; SCRAM sends only a \
                 proof, so {none} cannot be checked: the password differs, or the client \
                 prepared it differently (SASLprep)"
            )
        }
        _ => {}
    }
    let Some(account) = account else {
        return "the password is wrong".to_owned();
    };
    if account.hashed() {
        return format!(
            "the password differs from the account's; the account's secret is hashed, so only \
             {MAX_HASHED_TRIES} mistakes that can be undone (line ends, blanks, character sets) \
             could be tried: none gives it"
        );
    }
    let length = match (
        catalogue::sent_fields(received).map(|(_, p)| p.len()),
        account.plaintext().map(<[u8]>::len),
    ) {
        (Some(sent), Some(right)) if sent == right => RIGHT_LENGTH,
        (Some(_), Some(_)) => OTHER_LENGTH,
        _ => "",
    };
    format!("the password differs from the account's{length}; {none}")
}

/// The checks `saslenc token inspect` runs that the token the client sent
/// fails, when it is a JWT: expired or not yet valid, issued to another
/// user than the login's, and for Microsoft's tokens the audience and the
/// scope or role for `protocol`. At `now`, seconds since the Unix epoch.
/// Never the token.
pub fn token_findings(evidence: &Evidence, protocol: Protocol, now: i64) -> Vec<String> {
    let Some(secret) = &evidence.secret else {
        return Vec::new();
    };
    let token = Token::read(secret);
    if !matches!(token, Token::Jwt(_)) {
        return Vec::new();
    }
    let user = evidence.user.as_deref().filter(|u| !u.is_empty());
    token
        .check(Some(protocol), user, now)
        .into_iter()
        .filter(|f| f.outcome == Outcome::Fail)
        .map(|f| f.sentence())
        .collect()
}

/// Seconds since the Unix epoch (0 for a clock before it: every token
/// then looks valid, and no check fails for the time).
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Facts about the message's form (a malformed login), where no mistake
/// of the catalogue explains it.
fn form(kind: Kind, failure: &Failure, found: &mut Vec<String>) {
    let Some(message) = failure.evidence.messages.last() else {
        found.push(failure.reason.clone());
        return;
    };
    match kind {
        Kind::Plain => {
            let nuls = message.iter().filter(|&&b| b == 0).count();
            if nuls == 0 && windows(message, b"\\0") {
                found.push(
                    "the message holds \\0 as two characters (a backslash and a 0) and no NUL \
                     byte; PLAIN's fields are separated by NUL bytes (printf '\\0%s\\0%s' USER \
                     PASS | base64, or saslenc plain)"
                        .into(),
                );
            } else if nuls != 2 {
                found.push(format!(
                    "PLAIN has {} NUL-separated fields here, not 3 (RFC 4616: authzid NUL authcid \
                     NUL passwd)",
                    nuls + 1
                ));
            }
        }
        Kind::CramMd5 => {
            let digest = message.rsplit(|&b| b == b' ').next().unwrap_or_default();
            if digest.len() == 32 && digest.iter().any(u8::is_ascii_uppercase) {
                found.push(
                    "the digest has upper-case hex; RFC 2195 asks for 32 lower-case hex digits"
                        .into(),
                );
            }
        }
        Kind::XOAuth2 => found.extend(crate::mech::xoauth2::misbuilt(message, true)),
        _ => {}
    }
    if found.is_empty() {
        found.push(failure.reason.clone());
    }
}

fn windows(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The entries that explain `received` for one right credential.
pub fn explains(right: &Right, received: &Received) -> Vec<&'static Mistake> {
    let right_lines = catalogue::right_lines(right, received.via);
    let mut found = Vec::new();
    for mistake in CATALOGUE {
        if mistake.id == "shell-dollar" {
            if let (Some(p), Some((user, sent))) =
                (right.password, catalogue::sent_fields(received))
            {
                if user == right.user.as_bytes()
                    && catalogue::mech(received.via)
                        .is_some_and(|m| catalogue::SASL_PASSWORDS.contains(&m))
                    && shell::expanded(p, &sent)
                {
                    found.push(mistake);
                }
            }
            continue;
        }
        if let Some(expected) = mistake.apply(right, received.via) {
            if catalogue::reproduces(&expected, right_lines.as_deref(), received) {
                found.push(mistake);
            }
        }
    }
    found
}

/// For an account kept hashed: the password mistakes whose undoing gives
/// a password `check` accepts, trying at most `max`.
pub fn explains_hashed(
    received: &Received,
    mut check: impl FnMut(&[u8]) -> bool,
    max: usize,
) -> Vec<&'static Mistake> {
    let Some((_, sent)) = catalogue::sent_fields(received) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut tries = 0;
    for mistake in CATALOGUE {
        let Some(undo) = mistake.undo(received.via) else {
            continue;
        };
        let Some(candidate) = undo(&sent) else {
            continue;
        };
        if tries >= max {
            break;
        }
        tries += 1;
        if candidate != sent && check(&candidate) {
            found.push(mistake);
        }
    }
    found
}

/// The catalogue as docs/serve.md's table.
pub fn markdown() -> String {
    let mut out = String::from("| entry | field | what the bytes show | how it happens |\n");
    out.push_str("|---|---|---|---|\n");
    for m in CATALOGUE {
        let cell = |s: &str| s.replace('|', "\\|");
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            m.id,
            m.field,
            cell(m.what),
            cell(m.how)
        ));
    }
    out
}

#[cfg(test)]
mod entry_tests;
#[cfg(test)]
mod ntlm_tests;
#[cfg(test)]
mod score_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mech::server::{Server, Step};
    use crate::Secret;

    fn refusal(kind: Kind, accounts: &Accounts, messages: &[&[u8]]) -> Vec<String> {
        let mut server = Server::new(kind, accounts);
        let mut step = server.start(messages.first().copied());
        for message in &messages[1..] {
            step = server.respond(message);
        }
        let lines: Vec<zeroize::Zeroizing<Vec<u8>>> = messages
            .iter()
            .map(|m| zeroize::Zeroizing::new(crate::encoding::encode(m).as_bytes().to_vec()))
            .collect();
        let received = Received {
            via: Via::Sasl(kind),
            lines: &lines,
        };
        match step {
            Step::Failure(failure) => diagnose(kind, &failure, accounts, Protocol::Smtp, &received),
            _ => panic!("not refused"),
        }
    }

    /// A JWT signed by `jsonwebtoken` (HS256): Microsoft's claim set for
    /// a Graph token issued to bob two hours ago, expired an hour ago.
    fn graph_token_for_bob() -> String {
        let now = now();
        let claims = serde_json::json!({
            "iss": "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
            "aud": "https://graph.microsoft.com",
            "scp": "Mail.Send User.Read",
            "upn": "bob@example.org",
            "iat": now - 7200,
            "nbf": now - 7200,
            "exp": now - 3600,
        });
        jsonwebtoken::encode(
            &jsonwebtoken::Header::default(),
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(b"a key the checks never see"),
        )
        .unwrap()
    }

    fn token_account() -> Accounts {
        Accounts::single(
            "alice@example.org",
            None,
            Some(Secret::new(b"the-server-token".to_vec())),
        )
    }

    #[test]
    fn a_refused_jwt_names_every_check_it_fails() {
        let token = graph_token_for_bob();
        let a = token_account();
        let xoauth2 = format!("user=alice@example.org\x01auth=Bearer {token}\x01\x01");
        let oauthbearer = format!("n,a=alice@example.org,\x01auth=Bearer {token}\x01\x01");
        for (kind, message) in [(Kind::XOAuth2, xoauth2), (Kind::OAuthBearer, oauthbearer)] {
            let d = refusal(kind, &a, &[message.as_bytes(), b"\x01"]);
            let checks: Vec<&str> = d
                .iter()
                .filter_map(|l| l.strip_prefix("the token fails the "))
                .map(|l| l.split(' ').next().unwrap())
                .collect();
            assert_eq!(
                checks,
                ["audience", "scope", "expiry", "user"],
                "{kind}: {d:?}"
            );
            assert!(d[2].contains(": expired 60 minutes ago (exp "), "{d:?}");
            assert!(d[1].contains("SMTP.Send"), "{d:?}");
            assert!(d[3].contains("bob@example.org"), "{d:?}");
            // Then that this server does not hold it.
            assert!(d[4].contains("not the one this server accepts"), "{d:?}");
            let signature = token.rsplit('.').next().unwrap();
            assert!(d.iter().all(|l| !l.contains(signature)), "{d:?}");
        }
    }

    #[test]
    fn a_refused_token_that_is_no_jwt_gets_no_checks() {
        let a = token_account();
        let d = refusal(
            Kind::XOAuth2,
            &a,
            &[
                b"user=alice@example.org\x01auth=Bearer ya29.opaque\x01\x01",
                b"",
            ],
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].contains("not the one this server accepts"), "{d:?}");
    }

    #[test]
    fn an_xoauth2_message_without_separators_is_named() {
        let a = token_account();
        let d = refusal(
            Kind::XOAuth2,
            &a,
            &[b"user=alice@example.org auth=Bearer the-server-token  "],
        );
        assert!(d[0].ends_with("[xoauth2-spaces]"), "{d:?}");
        // Not the server's token: only what the bytes show.
        let d = refusal(
            Kind::XOAuth2,
            &a,
            &[b"user=alice@example.org auth=Bearer other"],
        );
        assert!(
            d[0].starts_with("the XOAUTH2 fields are not separated by ^A"),
            "{d:?}"
        );
    }
}
