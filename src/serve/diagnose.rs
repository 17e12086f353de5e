//! Why a login was refused, from the bytes the client sent: the byte that
//! made it wrong, and the pipeline or setting that usually produces that
//! mistake. A finding is made only where a variant of what was sent is
//! checked and accepted, or where the bytes themselves show the mistake;
//! the expected secret is never revealed, only how the sent one differs
//! in form.

use crate::field;
use crate::field::escape;
use crate::mech::server::{Check, Evidence, Failure, Kind, Refusal, Store};
use crate::protocol::Protocol;
use crate::token::{Outcome, Token};

use super::accounts::Accounts;

/// The most re-derivations tried for an account whose secret is hashed:
/// each costs a PBKDF2 at the stored iteration count.
pub const MAX_HASHED_TRIES: usize = 6;

/// The findings for a refused or malformed login of `kind` over
/// `protocol`, in the order they matter. Empty only when the login was
/// accepted.
pub fn diagnose(
    kind: Kind,
    failure: &Failure,
    accounts: &Accounts,
    protocol: Protocol,
) -> Vec<String> {
    let mut found = Vec::new();
    let evidence = &failure.evidence;
    match failure.refusal {
        Refusal::Cancelled => {
            found.push("the client cancelled the exchange (it sent \"*\")".to_owned());
            return found;
        }
        Refusal::Unavailable => {
            found.push(failure.reason.clone());
            return found;
        }
        Refusal::Malformed => {
            if kind == Kind::CramMd5 {
                let digest = evidence
                    .messages
                    .last()
                    .and_then(|m| m.rsplit(|&b| b == b' ').next());
                if let (Some(user), Some(challenge), Some(digest)) =
                    (&evidence.user, evidence.challenges.first(), digest)
                {
                    found.extend(cram_md5_case(user, challenge, digest, accounts));
                }
            }
            if found.is_empty() {
                form(kind, failure, &mut found);
            }
            if found.is_empty() {
                found.push(failure.reason.clone());
            }
            return found;
        }
        Refusal::Store => {}
    }
    if let (Some(authzid), Some(user)) = (&evidence.authzid, &evidence.user) {
        if authzid != user {
            found.push(format!(
                "the authorization identity \"{}\" differs from the user \"{}\": this server lets \
                 no user act as another; send an empty authzid (PLAIN: \\0user\\0pass)",
                escape(authzid.as_bytes()),
                escape(user.as_bytes())
            ));
            return found;
        }
    }
    match kind {
        Kind::CramMd5 => cram_md5(evidence, accounts, &mut found),
        Kind::Plain | Kind::Login => password(kind, evidence, accounts, &mut found),
        Kind::XOAuth2 | Kind::OAuthBearer => {
            found.extend(token_findings(evidence, protocol, now()));
        }
        _ => {}
    }
    // A token's failed checks say why any server would refuse it; that
    // this one does not hold it is said after them.
    if found.is_empty() || kind.takes_token() {
        found.push(fallback(kind, failure, accounts));
    }
    found
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

/// What is said when no finding fits.
fn fallback(kind: Kind, failure: &Failure, accounts: &Accounts) -> String {
    let user = failure.evidence.user.as_deref().unwrap_or_default();
    match accounts.get(user) {
        None if !accounts.accepts_any() => format!(
            "there is no user \"{}\" (nor one that differs only in case or by its domain part)",
            escape(user.as_bytes())
        ),
        Some(account) if account.hashed() && !kind.takes_token() => format!(
            "the password is wrong; the account's secret is hashed, so only {MAX_HASHED_TRIES} \
             variants of the sent password could be tried (line ends and spaces removed, \
             SASLprep, Latin-1): none matched"
        ),
        _ if kind.takes_token() => "the token is not the one this server accepts".to_owned(),
        _ => "the password is wrong".to_owned(),
    }
}

/// Findings about the message's form (a malformed login).
fn form(kind: Kind, failure: &Failure, found: &mut Vec<String>) {
    let Some(message) = failure.evidence.messages.last() else {
        return;
    };
    match kind {
        Kind::Plain => {
            let nuls = message.iter().filter(|&&b| b == 0).count();
            if nuls == 0 && windows(message, b"\\0") {
                found.push(
                    "the message has \\0 as two characters (a backslash and a 0) where PLAIN needs \
                     NUL bytes: it was built with echo without -e; use printf '\\0%s\\0%s' USER PASS \
                     | base64, or saslenc plain"
                        .into(),
                );
            } else if nuls == 1 {
                found.push(
                    "PLAIN has two fields here, not three: the leading NUL before the user is \
                     missing (RFC 4616: authzid NUL authcid NUL passwd, with an empty authzid \
                     it starts with NUL)"
                        .into(),
                );
            } else if nuls > 2 {
                found.push(format!(
                    "PLAIN has {} fields, not three: a NUL too many (a stray \\0, or one inside the password)",
                    nuls + 1
                ));
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

/// The variants of a sent password or user name worth trying, with what
/// each says about the sent one.
fn variants(sent: &[u8]) -> Vec<(Vec<u8>, String)> {
    let mut out: Vec<(Vec<u8>, String)> = Vec::new();
    let mut push = |bytes: Vec<u8>, why: String| {
        if bytes != sent && !out.iter().any(|(b, _)| *b == bytes) {
            out.push((bytes, why));
        }
    };
    if let Some(stripped) = sent.strip_suffix(b"\r\n") {
        push(
            stripped.to_vec(),
            "ends with 0x0d 0x0a (CR LF): a line end from a file written on Windows, or from a terminal paste".into(),
        );
    }
    if let Some(stripped) = sent.strip_suffix(b"\n") {
        push(
            stripped.to_vec(),
            "ends with 0x0a (a line end): built with echo without -n, or read from a file with a final newline".into(),
        );
    }
    let trimmed = sent.trim_ascii_end();
    if trimmed.len() != sent.len() {
        push(
            trimmed.to_vec(),
            format!(
                "ends with white space ({}): a copy-paste or a file with trailing blanks",
                escape(&sent[trimmed.len()..])
            ),
        );
    }
    if let Ok(text) = std::str::from_utf8(sent) {
        if let Ok(prepared) = field::saslprep("password", text) {
            push(
                prepared.as_bytes().to_vec(),
                "matches only after SASLprep (RFC 4013): the account's password was made prepared, the client sent it as typed".into(),
            );
        }
        // UTF-8 sent where the account holds Latin-1.
        if text.chars().all(|c| (c as u32) < 256) && !text.is_ascii() {
            push(
                text.chars().map(|c| c as u8).collect(),
                "is UTF-8 where the account's password is in Latin-1 (ISO-8859-1)".into(),
            );
        }
    } else if !sent.is_ascii() {
        // Latin-1 sent where the account holds UTF-8.
        let utf8: String = sent.iter().map(|&b| b as char).collect();
        push(
            utf8.into_bytes(),
            "is in Latin-1 (ISO-8859-1), not UTF-8: the client's terminal or configuration encodes in Latin-1".into(),
        );
    }
    out
}

/// PLAIN and LOGIN: the sent user name and password against the account.
fn password(kind: Kind, evidence: &Evidence, accounts: &Accounts, found: &mut Vec<String>) {
    let (Some(user), Some(secret)) = (&evidence.user, &evidence.secret) else {
        return;
    };
    // User and password swapped (LOGIN's prompts answered in the wrong
    // order, or PLAIN's fields).
    if accounts.get(user).is_none() {
        if let Some(account) = accounts.get(&String::from_utf8_lossy(secret)) {
            if accounts.password(&account.user, user.as_bytes()) == Check::Match {
                found.push(match kind {
                    Kind::Login => "the user name and the password were swapped: the password \
                                    answered \"Username:\" and the user name \"Password:\""
                        .into(),
                    _ => "the user name and the password are swapped".into(),
                });
                return;
            }
        }
    }
    // Which account the user name means, and how it differs.
    let mut target = accounts.get(user).map(|a| (a.user.as_str(), None));
    if target.is_none() {
        let bare = user.trim_end_matches(['\n', '\r', ' ']);
        let local = user.split('@').next().unwrap_or(user);
        for account in accounts.all() {
            let why = if account.user == bare {
                format!(
                    "the user name ends with {}: built with echo without -n, or a file's line end",
                    escape(&user.as_bytes()[bare.len()..])
                )
            } else if account.user.eq_ignore_ascii_case(user) {
                "the user name matches an account only if case is ignored; this server compares it exactly".to_owned()
            } else if account.user == local && local != user {
                "the user name matches an account only without its domain part (@...): this server's users have none".to_owned()
            } else if account.user.split('@').next() == Some(user.as_str()) && account.user != *user
            {
                "the user name lacks the domain part (@...) that this server's user has".to_owned()
            } else {
                continue;
            };
            target = Some((account.user.as_str(), Some(why)));
            break;
        }
    }
    let Some((name, user_finding)) = target else {
        return;
    };
    if let Some(why) = user_finding {
        found.push(why);
    }
    let hashed = accounts.get(name).is_some_and(|a| a.hashed());
    if accounts.password(name, secret) == Check::Match {
        if !found.is_empty() {
            found.push("the password is right for that account".into());
        }
        return;
    }
    for (tries, (variant, why)) in variants(secret).into_iter().enumerate() {
        if hashed && tries >= MAX_HASHED_TRIES {
            break;
        }
        if accounts.password(name, &variant) == Check::Match {
            found.push(format!("the password {why}"));
            return;
        }
    }
    // The other way round: the client applied SASLprep to a password the
    // account holds as typed.
    let plain = accounts.get(name).and_then(|a| a.plaintext());
    let prepared = plain
        .and_then(|p| std::str::from_utf8(p).ok())
        .and_then(|text| field::saslprep("password", text).ok());
    if let (Some(plain), Some(prepared)) = (plain, prepared) {
        if prepared.as_bytes() != plain && prepared.as_bytes() == &secret[..] {
            found.push(
                "the password matches only before SASLprep: the client prepared it (RFC 4013), \
                 the account holds it as typed"
                    .into(),
            );
        }
    }
}

/// CRAM-MD5: the digest over the challenge's base64 text, not its bytes.
fn cram_md5(evidence: &Evidence, accounts: &Accounts, found: &mut Vec<String>) {
    let (Some(user), Some(challenge), Some(message)) = (
        &evidence.user,
        evidence.challenges.first(),
        evidence.messages.last(),
    ) else {
        return;
    };
    let Some(digest) = message
        .rsplit(|&b| b == b' ')
        .next()
        .and_then(|d| <[u8; 16]>::try_from(hex::decode(d).ok()?).ok())
    else {
        return;
    };
    let base64 = crate::encoding::encode(challenge);
    if accounts.cram_md5(user, base64.as_bytes(), &digest) == Check::Match {
        found.push(
            "the digest was computed over the challenge's base64 text, not over the decoded \
             challenge: decode the 334 line first (base64 -d), then HMAC-MD5 it"
                .into(),
        );
    }
}

/// The finding for a CRAM-MD5 digest written in upper-case hex, when the
/// lower-case one would have been accepted.
pub fn cram_md5_case(
    user: &str,
    challenge: &[u8],
    digest_text: &[u8],
    accounts: &Accounts,
) -> Option<String> {
    if digest_text.len() != 32 || !digest_text.iter().any(u8::is_ascii_uppercase) {
        return None;
    }
    let lower = digest_text.to_ascii_lowercase();
    let digest = <[u8; 16]>::try_from(hex::decode(lower).ok()?).ok()?;
    let right = accounts.cram_md5(user, challenge, &digest) == Check::Match;
    Some(format!(
        "the digest is in upper-case hex; RFC 2195 asks for 32 lower-case hex digits{}",
        if right {
            " (in lower case it would have been accepted)"
        } else {
            ""
        }
    ))
}

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
        match step {
            Step::Failure(failure) => diagnose(kind, &failure, accounts, Protocol::Smtp),
            _ => panic!("not refused"),
        }
    }

    fn alice() -> Accounts {
        Accounts::single("alice", Some(Secret::new(b"pencil".to_vec())), None)
    }

    #[test]
    fn plain_mistakes_are_named() {
        let a = alice();
        let d = refusal(Kind::Plain, &a, &[b"\0alice\0pencil\n"]);
        assert!(d[0].contains("ends with 0x0a"), "{d:?}");
        let d = refusal(Kind::Plain, &a, &[b"alice\0pencil"]);
        assert!(d[0].contains("leading NUL"), "{d:?}");
        let d = refusal(Kind::Plain, &a, &[b"\\0alice\\0pencil"]);
        assert!(d[0].contains("echo without -e"), "{d:?}");
        let d = refusal(Kind::Plain, &a, &[b"\0Alice\0pencil"]);
        assert!(d[0].contains("case"), "{d:?}");
        assert!(d[1].contains("right"), "{d:?}");
        let d = refusal(Kind::Plain, &a, &[b"\0alice@example.org\0pencil"]);
        assert!(d[0].contains("domain"), "{d:?}");
        let d = refusal(Kind::Plain, &a, &[b"\0alice\0pencil  "]);
        assert!(d[0].contains("white space"), "{d:?}");
        let d = refusal(Kind::Plain, &a, &[b"\0alice\0wrong"]);
        assert_eq!(d, ["the password is wrong"]);
        let d = refusal(Kind::Plain, &a, &[b"\0bob\0pencil"]);
        assert!(d[0].contains("no user"), "{d:?}");
        // The expected password never appears in a finding.
        for message in [&b"\0alice\0pencil\n"[..], b"\0Alice\0x", b"\0pencil\0alice"] {
            for line in refusal(Kind::Plain, &a, &[message]) {
                assert!(!line.contains("pencil"), "{line}");
            }
        }
    }

    #[test]
    fn saslprep_either_way() {
        // U+00A0 (no-break space) is mapped to a space by SASLprep.
        let a = Accounts::single(
            "alice",
            Some(Secret::new("a\u{a0}b".as_bytes().to_vec())),
            None,
        );
        let d = refusal(Kind::Plain, &a, &[b"\0alice\0a b"]);
        assert!(d[0].contains("only before SASLprep"), "{d:?}");
        let a = Accounts::single("alice", Some(Secret::new(b"a b".to_vec())), None);
        let d = refusal(Kind::Plain, &a, &["\0alice\0a\u{a0}b".as_bytes()]);
        assert!(d[0].contains("only after SASLprep"), "{d:?}");
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
            &[b"user=alice@example.org auth=Bearer the-server-token"],
        );
        assert!(
            d[0].starts_with("the XOAUTH2 fields are not separated by ^A"),
            "{d:?}"
        );
    }

    #[test]
    fn login_swapped_and_latin1() {
        let a = Accounts::single(
            "alice",
            Some(Secret::new("pässword".as_bytes().to_vec())),
            None,
        );
        let d = refusal(Kind::Login, &a, &[b"alice", b"p\xe4ssword"]);
        assert!(d[0].contains("Latin-1"), "{d:?}");
        let a = alice();
        let d = refusal(Kind::Login, &a, &[b"pencil", b"alice"]);
        assert!(d[0].contains("swapped"), "{d:?}");
    }
}
