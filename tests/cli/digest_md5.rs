//! `saslenc digest-md5`: RFC 2831 section 4's exchange through the
//! command line, the conversation's check of rspauth, and what is masked.

use base64::Engine;
use predicates::prelude::*;

use crate::common::saslenc;

/// RFC 2831 section 4: the server's challenge.
const CHALLENGE: &str = r#"realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",qop="auth",algorithm=md5-sess,charset=utf-8"#;
/// RFC 2831 section 4: the response and rspauth for chris / secret with
/// cnonce OA6MHXh6VqTrRk and digest-uri imap/elwood.innosoft.com.
const RESPONSE: &str = "d388dad90d4bbd760a152321f2143af7";
const RSPAUTH: &str = "ea40f60335c427b5527b84dbabcdfffd";

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn rfc2831() -> assert_cmd::Command {
    let mut command = saslenc();
    command.args([
        "digest-md5",
        "--user",
        "chris",
        "--host",
        "elwood.innosoft.com",
        "--protocol",
        "imap",
        "--pass",
        "secret",
        "--cnonce",
        "OA6MHXh6VqTrRk",
    ]);
    command
}

#[test]
fn rfc2831_section_4() {
    let out = rfc2831()
        .args(["--challenge", &format!("+ {}", b64(CHALLENGE))])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("A1 AUTHENTICATE DIGEST-MD5"));
    let response = base64::engine::general_purpose::STANDARD
        .decode(lines.next().unwrap())
        .unwrap();
    let response = String::from_utf8(response).unwrap();
    for directive in [
        r#"username="chris""#,
        r#"realm="elwood.innosoft.com""#,
        r#"nonce="OA6MG9tEQGm2hh""#,
        "nc=00000001",
        r#"cnonce="OA6MHXh6VqTrRk""#,
        r#"digest-uri="imap/elwood.innosoft.com""#,
        &format!("response={RESPONSE}"),
        "qop=auth",
    ] {
        assert!(
            response.split(',').any(|d| d == directive),
            "{directive} in {response}"
        );
    }
}

/// The service is --protocol's: pop for POP3, smtp when not given.
#[test]
fn digest_uri_follows_the_protocol() {
    for (protocol, uri) in [
        (None, "smtp/mail.example.com"),
        (Some("pop3"), "pop/mail.example.com"),
        (Some("smtp"), "smtp/mail.example.com"),
    ] {
        let mut command = saslenc();
        command.args([
            "digest-md5",
            "-u",
            "u",
            "-H",
            "mail.example.com",
            "--pass",
            "p",
        ]);
        command.args(["--challenge", &b64(CHALLENGE)]);
        if let Some(protocol) = protocol {
            command.args(["--protocol", protocol]);
        }
        let out = command.output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let last = stdout.lines().last().unwrap();
        let response = base64::engine::general_purpose::STANDARD
            .decode(last)
            .unwrap();
        assert!(
            String::from_utf8_lossy(&response).contains(&format!("digest-uri=\"{uri}\"")),
            "{protocol:?}: {}",
            String::from_utf8_lossy(&response)
        );
    }
}

/// The conversation checks rspauth: the RFC's passes, one digit off is
/// the server failing to prove itself (exit 9), and rspauth is masked in
/// what is shown.
#[test]
fn the_conversation_checks_rspauth() {
    let input = |rspauth: &str| {
        format!(
            "+ {}\n+ {}\nA1 OK done\n",
            b64(CHALLENGE),
            b64(&format!("rspauth={rspauth}"))
        )
    };
    rfc2831()
        .write_stdin(input(RSPAUTH))
        .assert()
        .success()
        .stderr(predicate::str::contains("rspauth=********"))
        .stderr(predicate::str::contains(RSPAUTH).not())
        .stderr(predicate::str::contains("authentication succeeded"));
    rfc2831()
        .write_stdin(input("ea40f60335c427b5527b84dbabcdfffe"))
        .assert()
        .code(9)
        .stderr(predicate::str::contains("rspauth does not match"));
    // A success with no rspauth at all proves nothing either.
    rfc2831()
        .write_stdin(format!("+ {}\nA1 OK done\n", b64(CHALLENGE)))
        .assert()
        .code(9);
}

/// --explain shows every directive and masks the response digest.
#[test]
fn explain_masks_the_response() {
    rfc2831()
        .args(["--challenge", &b64(CHALLENGE), "--explain"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            r#"digest-uri: "imap/elwood.innosoft.com""#,
        ))
        .stderr(predicate::str::contains("response: ******** (32 bytes)"))
        .stderr(predicate::str::contains(RESPONSE).not())
        .stderr(predicate::str::contains("historic (RFC 6331)"));
}

/// SCRAM's server signature (v=) lets a guess be checked offline as
/// rspauth does: the conversation's "server sent" note masks it too
/// (RFC 5802 section 5's exchange).
#[test]
fn the_conversation_masks_scrams_server_signature() {
    saslenc()
        .args(["scram-sha-1", "--user", "user", "--pass", "pencil"])
        .args(["--nonce", "fyko+d2lbbFgONRv9qkxdawL", "--protocol", "imap"])
        .write_stdin(
            "+ cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==\n\
             + dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9\nA1 OK\n",
        )
        .assert()
        .success()
        .stderr(predicate::str::contains("server sent: v=********"))
        .stderr(predicate::str::contains("rmF9pqV8S7suAoZWja4dJRkFsKQ=").not());
}

/// `--digest-encoding`: RFC 2831 section 2.1.2.1's ISO 8859-1 rule, each
/// response against RFC 2831's formula computed here with the `md-5`
/// crate on the bytes written out by hand.
mod digest_encoding {
    use super::*;
    use md5::{Digest, Md5};

    fn hex_md5(parts: &[&[u8]]) -> String {
        let mut md5 = Md5::new();
        for part in parts {
            md5.update(part);
        }
        hex::encode(md5.finalize())
    }

    /// RFC 2831 section 2.1.2.1's response for section 4's exchange, from
    /// `MD5(user ":" realm ":" password)` given as its bytes.
    fn expected(secret: &[u8]) -> String {
        let h_a1: [u8; 16] = Md5::digest(secret).into();
        let a1 = hex_md5(&[&h_a1, b":OA6MG9tEQGm2hh:OA6MHXh6VqTrRk"]);
        let a2 = hex_md5(&[b"AUTHENTICATE:imap/elwood.innosoft.com"]);
        hex_md5(&[
            a1.as_bytes(),
            b":OA6MG9tEQGm2hh:00000001:OA6MHXh6VqTrRk:auth:",
            a2.as_bytes(),
        ])
    }

    fn response(user: &str, encoding: Option<&str>) -> String {
        let mut command = saslenc();
        command.args([
            "digest-md5",
            "--user",
            user,
            "--host",
            "elwood.innosoft.com",
            "--protocol",
            "imap",
            "--pass",
            "pässwörd",
            "--cnonce",
            "OA6MHXh6VqTrRk",
            "--challenge",
            &format!("+ {}", b64(CHALLENGE)),
        ]);
        if let Some(encoding) = encoding {
            command.args(["--digest-encoding", encoding]);
        }
        let out = command.output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let line = stdout.lines().nth(1).unwrap();
        let sent = base64::engine::general_purpose::STANDARD
            .decode(line)
            .unwrap();
        let sent = String::from_utf8(sent).unwrap();
        // The user name goes out in UTF-8 whichever way it is hashed.
        assert!(sent.contains(&format!("username=\"{user}\"")), "{sent}");
        let at = sent.find("response=").unwrap() + "response=".len();
        sent[at..at + 32].to_owned()
    }

    #[test]
    fn each_encoding_hashes_its_bytes() {
        let realm = b":elwood.innosoft.com:";
        let utf8 = expected(&[b"j\xc3\xb6rg".as_slice(), realm, "pässwörd".as_bytes()].concat());
        let latin1 = expected(&[b"j\xf6rg".as_slice(), realm, b"p\xe4ssw\xf6rd"].concat());
        let password_only =
            expected(&[b"j\xc3\xb6rg".as_slice(), realm, b"p\xe4ssw\xf6rd"].concat());
        assert_eq!(response("jörg", None), utf8, "UTF-8 is the default");
        assert_eq!(response("jörg", Some("utf-8")), utf8);
        assert_eq!(response("jörg", Some("iso-8859-1")), latin1);
        assert_eq!(response("jörg", Some("iso-8859-1-password")), password_only);
    }

    #[test]
    fn an_unknown_encoding_is_a_usage_error() {
        rfc2831()
            .args(["--digest-encoding", "latin9"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--digest-encoding"));
    }
}
