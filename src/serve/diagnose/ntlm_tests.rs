//! NTLM refusals through a session on the wire: a wrong domain, a wrong
//! user and a wrong password told apart, each named only when the right
//! password reproduces the response. The messages are made here by hand
//! from MD4 and HMAC-MD5 (MS-NLMP sections 2.2.1.3 and 3.3.2), not by
//! saslenc's client, and no diagnosis holds the password or its NT hash.

use hmac::{Hmac, KeyInit, Mac};
use md4::{Digest, Md4};

use super::entry_tests::{b64, challenge_of};
use crate::mech::server::Kind;
use crate::protocol::Protocol;
use crate::serve::accounts::Accounts;
use crate::serve::{Config, Outcome, Session, Verdict};
use crate::Secret;

const PASSWORD: &str = "pencil";

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = <Hmac<md5::Md5> as KeyInit>::new_from_slice(key).unwrap();
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn nt_hash(password: &str) -> Vec<u8> {
    Md4::digest(utf16(password)).to_vec()
}

/// NEGOTIATE: Unicode, OEM, request target, NTLM, always sign, extended
/// session security; no domain or workstation.
fn negotiate() -> Vec<u8> {
    let mut out = b"NTLMSSP\0\x01\0\0\0".to_vec();
    out.extend(0x0008_8207u32.to_le_bytes());
    out.extend([0, 0, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0, 0]);
    out
}

/// How the client makes its AUTHENTICATE: the names it sends, the
/// identity its NTOWFv2 covers (`UPPER(user) + domain` when right), the
/// password.
struct Client {
    user: &'static str,
    domain: &'static str,
    identity: String,
    password: &'static str,
}

fn client(user: &'static str, domain: &'static str, password: &'static str) -> Client {
    Client {
        user,
        domain,
        identity: format!("{}{domain}", user.to_uppercase()),
        password,
    }
}

impl Client {
    fn computed_as(mut self, identity: &str) -> Client {
        self.identity = identity.to_owned();
        self
    }

    /// The AUTHENTICATE answering `challenge`: an NTLMv2 response whose
    /// blob carries the CHALLENGE's target info, no MIC, no version.
    fn authenticate(&self, challenge: &[u8]) -> Vec<u8> {
        let at = |i: usize| u16::from_le_bytes([challenge[i], challenge[i + 1]]) as usize;
        let offset = u32::from_le_bytes(challenge[44..48].try_into().unwrap()) as usize;
        let target_info = &challenge[offset..offset + at(40)];
        let server_challenge = &challenge[24..32];
        let mut blob = vec![1, 1, 0, 0, 0, 0, 0, 0];
        blob.extend(0x01d2_d400_fdc8_0b80u64.to_le_bytes());
        blob.extend([0xaa; 8]);
        blob.extend([0; 4]);
        blob.extend(target_info);
        blob.extend([0; 4]);
        let key = hmac_md5(&nt_hash(self.password), &[&utf16(&self.identity)]);
        let mut nt = hmac_md5(&key, &[server_challenge, &blob]);
        nt.extend(blob);
        let payload = [
            vec![0u8; 24],
            nt,
            utf16(self.domain),
            utf16(self.user),
            vec![],
            vec![],
        ];
        let mut out = b"NTLMSSP\0\x03\0\0\0".to_vec();
        let mut offset = 64usize;
        for part in &payload {
            let len = part.len() as u16;
            out.extend(len.to_le_bytes());
            out.extend(len.to_le_bytes());
            out.extend((offset as u32).to_le_bytes());
            offset += part.len();
        }
        out.extend(0x0008_8201u32.to_le_bytes());
        for part in payload {
            out.extend(part);
        }
        out
    }
}

/// The verdict after an SMTP NTLM login by `client` against the one
/// account `account`/pencil, with `--ntlm-domain` as `domain`.
fn login(account: &str, domain: Option<&str>, client: &Client) -> Verdict {
    let accounts = Accounts::single(account, Some(Secret::new(PASSWORD.into())), None);
    let mut config = Config::new(Protocol::Smtp, &accounts);
    config.allow_cleartext = true;
    config.mechanisms = vec![Kind::Ntlm];
    config.ntlm_domain = domain.map(str::to_owned);
    let mut session = Session::new(&config, &accounts, true);
    session.greeting();
    session.line(b"EHLO x", false);
    let out = session.line(format!("AUTH NTLM {}", b64(&negotiate())).as_bytes(), false);
    let challenge = challenge_of(&out.reply);
    assert_eq!(&challenge[..12], b"NTLMSSP\0\x02\0\0\0", "{:?}", out.reply);
    session.line(b64(&client.authenticate(&challenge)).as_bytes(), false);
    session.hang_up();
    let verdict = session.verdict();
    let text = verdict.diagnosis.join("\n");
    for secret in [
        PASSWORD.to_owned(),
        hex::encode(nt_hash(PASSWORD)),
        hex::encode(nt_hash(PASSWORD)).to_uppercase(),
    ] {
        assert!(!text.contains(&secret), "a secret in {text}");
    }
    verdict
}

fn refused(verdict: &Verdict, needles: &[&str], absent: &[&str]) {
    assert_eq!(verdict.outcome, Outcome::Refused, "{:?}", verdict.diagnosis);
    let text = verdict.diagnosis.join("\n");
    for needle in needles {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    for word in absent {
        assert!(!text.contains(word), "{word} in {text}");
    }
}

/// Right names and password log in, with any domain when serve has none
/// of its own, and with its domain (in any case) or none when it has one.
#[test]
fn right_logins() {
    for (domain, sent) in [
        (None, "WORK"),
        (None, ""),
        (Some("WORK"), "WORK"),
        (Some("WORK"), "work"),
        (Some("WORK"), ""),
    ] {
        let verdict = login("alice", domain, &client("alice", sent, PASSWORD));
        assert_eq!(verdict.outcome, Outcome::Accepted, "{domain:?} {sent}");
        assert!(verdict.diagnosis.is_empty(), "{:?}", verdict.diagnosis);
    }
}

/// A wrong password: no domain tried reproduces the response, and the
/// diagnosis says which were tried and names no domain as the cause.
#[test]
fn wrong_password() {
    let verdict = login("alice", None, &client("alice", "WORK", "crayon"));
    refused(
        &verdict,
        &[
            "the response matches the password under no domain tried: the NTLMv2 response is not \
             the one the password gives for the user \"alice\" with the domain \"WORK\", \"\", \
             \"LOCALHOST\" or \"work\"",
        ],
        &["wrong domain", "no user"],
    );
}

/// The response computed for another domain than the one sent (none, the
/// server's, another case): named with both domains.
#[test]
fn response_computed_for_another_domain() {
    for (used, identity) in [
        ("\"\"", "ALICE"),
        ("\"LOCALHOST\"", "ALICELOCALHOST"),
        ("\"work\"", "ALICEwork"),
    ] {
        let verdict = login(
            "alice",
            None,
            &client("alice", "WORK", PASSWORD).computed_as(identity),
        );
        refused(
            &verdict,
            &[
                "wrong domain in the response: the message names the domain \"WORK\"",
                &format!("computed for the domain {used}"),
            ],
            &["wrong password"],
        );
    }
}

/// serve --ntlm-domain WORK: a login naming another domain is a wrong
/// domain; with the right password only the domain is wrong, with a wrong
/// one the password likely is too.
#[test]
fn wrong_domain() {
    let verdict = login("alice", Some("WORK"), &client("alice", "WROK", PASSWORD));
    refused(
        &verdict,
        &[
            "wrong domain: the client names the domain \"WROK\", and this server's is \"WORK\"",
            "only the domain is wrong",
        ],
        &["wrong password", "likely wrong"],
    );
    let verdict = login("alice", Some("WORK"), &client("alice", "WROK", "crayon"));
    refused(
        &verdict,
        &[
            "wrong domain",
            "the password's for neither domain: the password is wrong too",
        ],
        &["only the domain"],
    );
}

/// `--ntlm-domain` as typed in lower case: the CHALLENGE names it in upper
/// case, and a client that computes with that name and sends another is
/// told its password is right.
#[test]
fn a_lower_case_server_domain_is_the_challenges() {
    let verdict = login(
        "alice",
        Some("work"),
        &client("alice", "WROK", PASSWORD).computed_as("ALICEWORK"),
    );
    refused(
        &verdict,
        &["this server's is \"WORK\""],
        &["the password is wrong too"],
    );
    let verdict = login("alice", Some("work"), &client("alice", "Work", PASSWORD));
    assert_eq!(
        verdict.outcome,
        Outcome::Accepted,
        "{:?}",
        verdict.diagnosis
    );
}

/// The user name left as typed in NTOWFv2, where UPPER(user) belongs.
#[test]
fn user_not_upper_cased() {
    let verdict = login(
        "alice",
        None,
        &client("alice", "WORK", PASSWORD).computed_as("aliceWORK"),
    );
    refused(
        &verdict,
        &["for the user \"alice\" not upper-cased"],
        &["wrong password"],
    );
}

/// A user no account has: named as another spelling of an account only
/// when that account's password reproduces the response.
#[test]
fn wrong_user() {
    for (sent, domain, how) in [
        ("ALICE", "WORK", "differs from it only in case"),
        ("WORK\\alice", "", "put the domain in the user name"),
        ("alice@example.com", "", "user principal name"),
    ] {
        let verdict = login("alice", None, &client(sent, domain, PASSWORD));
        refused(
            &verdict,
            &[
                "there is no user",
                "the response is the right password's for the account \"alice\"",
                how,
            ],
            &["wrong password"],
        );
        let verdict = login("alice", None, &client(sent, domain, "crayon"));
        refused(&verdict, &["there is no user"], &["right password's"]);
    }
    let verdict = login("alice", None, &client("bob", "WORK", PASSWORD));
    refused(
        &verdict,
        &["there is no user \"bob\""],
        &["right password's"],
    );
}
