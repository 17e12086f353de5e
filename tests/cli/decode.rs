//! `saslenc decode`: every input form, every recognised shape, errors
//! per input, JSON.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::saslenc;

/// RFC 4616 section 4: "\0tim\0tanstaaftanstaaf".
const PLAIN_TIM: &str = "AHRpbQB0YW5zdGFhZnRhbnN0YWFm";

fn json(args: &[&str]) -> Vec<Value> {
    let output = saslenc()
        .arg("decode")
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn field<'a>(object: &'a Value, name: &str) -> &'a Value {
    object["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {object}"))
}

#[test]
fn every_input_form_gives_the_same_plain_fields() {
    for line in [
        PLAIN_TIM.to_owned(),
        format!("  {PLAIN_TIM}\r"),
        format!("AUTH PLAIN {PLAIN_TIM}"),
        format!("auth plain {PLAIN_TIM}\r"),
        format!("A001 AUTHENTICATE PLAIN {PLAIN_TIM}"),
    ] {
        saslenc()
            .args(["decode", &line])
            .assert()
            .success()
            .stdout(predicate::str::contains(r"text: \0tim\0********"))
            .stdout(predicate::str::contains("authcid: tim\n"))
            .stdout(predicate::str::contains("passwd: ******** (16 bytes)"))
            .stdout(predicate::str::contains("tanstaaf").not());
    }
}

#[test]
fn continuations_are_server_messages() {
    saslenc()
        .args(["decode", "334 VXNlcm5hbWU6\r", "+ UGFzc3dvcmQ6"])
        .assert()
        .success()
        .stdout(
            "334 continuation: server LOGIN prompt for the user name, 9 bytes\n  text: Username:\n\n\
             + continuation: server LOGIN prompt for the password, 9 bytes\n  text: Password:\n",
        );
}

#[test]
fn bare_markers_and_equals_are_empty_messages() {
    for line in ["334", "+", "=", "+ \r", "AUTH EXTERNAL ="] {
        let objects = json(&[line]);
        assert_eq!(objects[0]["what"], "empty message", "{line}");
        assert_eq!(objects[0]["length"], 0, "{line}");
        assert_eq!(objects[0]["hex"], "", "{line}");
    }
    saslenc()
        .args(["decode", "334"])
        .assert()
        .success()
        .stdout(predicate::str::contains("text: (empty)"));
}

#[test]
fn standard_input_line_by_line_skipping_blank_lines() {
    saslenc()
        .arg("decode")
        .write_stdin(format!(
            "334 VXNlcm5hbWU6\r\n\n  \ndXNlcg==\r\n+ {PLAIN_TIM}\n"
        ))
        .assert()
        .success()
        .stdout(predicate::str::contains("Username:"))
        .stdout(predicate::str::contains("text: user\n"))
        // A + line is the server's; PLAIN's shape is not guessed for it.
        .stdout(predicate::str::contains(r"text: \0tim\0tanstaaftanstaaf"));
}

#[test]
fn a_stdin_line_that_is_not_utf8_fails_alone() {
    saslenc()
        .arg("decode")
        .write_stdin(&b"334 VXNlcm5hbWU6\n\xff\xfe\ndXNlcg==\n"[..])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("Username:"))
        .stdout(predicate::str::contains("text: user\n"))
        .stderr(predicate::str::contains("line 2: input is not valid UTF-8"))
        .stderr(predicate::str::contains("1 of 3 inputs"));
}

#[test]
fn secrets_are_shown_only_when_asked() {
    let objects = json(&["--show-secrets", PLAIN_TIM]);
    assert_eq!(field(&objects[0], "passwd")["value"], "tanstaaftanstaaf");
    assert_eq!(objects[0]["hex"], hex::encode(b"\0tim\0tanstaaftanstaaf"));
    let objects = json(&[PLAIN_TIM]);
    assert_eq!(field(&objects[0], "passwd")["value"], Value::Null);
    assert_eq!(field(&objects[0], "passwd")["length"], 16);
    assert_eq!(objects[0]["masked"], true);
    assert_eq!(objects[0]["hex"], format!("0074696d00{}", "**".repeat(16)));
}

/// Every RFC example that the encoders produce decodes to its fields.
#[test]
fn rfc_examples_give_back_their_fields() {
    // RFC 4616 section 4.
    let objects = json(&["--show-secrets", "VXJzZWwAS3VydAB4aXBqM3BsbXE="]);
    assert_eq!(objects[0]["mechanism"], "PLAIN");
    assert_eq!(field(&objects[0], "authzid")["value"], "Ursel");
    assert_eq!(field(&objects[0], "authcid")["value"], "Kurt");
    assert_eq!(field(&objects[0], "passwd")["value"], "xipj3plmq");
    // RFC 2195 section 2: challenge, then response.
    let objects = json(&[
        "--show-secrets",
        "+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
        "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw",
    ]);
    assert_eq!(objects[0]["mechanism"], "CRAM-MD5");
    assert_eq!(objects[0]["sender"], "server");
    assert_eq!(
        field(&objects[0], "challenge")["value"],
        "<1896.697170952@postoffice.reston.mci.net>"
    );
    assert_eq!(objects[1]["mechanism"], "CRAM-MD5");
    assert_eq!(field(&objects[1], "user")["value"], "tim");
    assert_eq!(
        field(&objects[1], "digest")["value"],
        "b913a602c7eda7a495b4e6e7334d3890"
    );
    // draft-murchison-sasl-login: the two prompts.
    let objects = json(&["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6"]);
    assert_eq!(objects[0]["what"], "prompt for the user name");
    assert_eq!(objects[1]["what"], "prompt for the password");
}

#[test]
fn oauth_and_scram_shapes_are_named() {
    // RFC 7628 section 4.1.
    let objects = json(&["AUTH OAUTHBEARER bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB"]);
    assert_eq!(objects[0]["mechanism"], "OAUTHBEARER");
    assert_eq!(field(&objects[0], "authzid")["value"], "user@example.com");
    assert_eq!(field(&objects[0], "host")["value"], "server.example.com");
    assert_eq!(field(&objects[0], "token")["masked"], true);
    // Google's XOAUTH2 example.
    let objects = json(&["dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ=="]);
    assert_eq!(objects[0]["mechanism"], "XOAUTH2");
    assert_eq!(field(&objects[0], "user")["value"], "someuser@example.com");
    assert_eq!(field(&objects[0], "token")["length"], 45);
    // RFC 7677 section 3: SCRAM-SHA-256 client-first and client-final.
    let objects = json(&[
        "AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=",
        "Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==",
    ]);
    assert_eq!(objects[0]["mechanism"], "SCRAM-SHA-256");
    assert_eq!(objects[0]["what"], "client-first message");
    assert_eq!(field(&objects[0], "username")["value"], "user");
    assert_eq!(field(&objects[0], "nonce")["value"], "rOprNGfwEbeRWgbNEkqO");
    assert_eq!(objects[1]["what"], "client-final message");
    assert_eq!(field(&objects[1], "channel-binding")["value"], "biws");
    assert_eq!(field(&objects[1], "proof")["masked"], true);
    assert_eq!(field(&objects[1], "proof")["length"], 44);
}

#[test]
fn the_mechanism_on_the_line_wins() {
    // "\0u\0p" sent as a LOGIN initial response is one user name.
    let objects = json(&["AUTH LOGIN AHUAcA=="]);
    assert_eq!(objects[0]["mechanism"], "LOGIN");
    assert_eq!(field(&objects[0], "user")["escaped"], r"\0u\0p");
    let objects = json(&["AUTH PLAIN dXNlcg=="]);
    assert_eq!(objects[0]["mechanism"], "PLAIN");
    assert!(objects[0]["notes"][0]
        .as_str()
        .unwrap()
        .contains("shape of a PLAIN"));
}

#[test]
fn echo_mistakes_are_pointed_out() {
    // echo -e "\0u\0p" | base64 (trailing newline), and bash's echo.
    saslenc()
        .args(["decode", "AHUAcAo=", "XDB1XDBwCg=="])
        .assert()
        .success()
        .stdout(predicate::str::contains(r"text: \0u\0********"))
        .stdout(predicate::str::contains("ends with a newline"))
        .stdout(predicate::str::contains(r"text: \\0u\\0p\x0a"))
        .stdout(predicate::str::contains("backslash, zero"));
}

#[test]
fn bad_inputs_are_reported_and_the_rest_still_decoded() {
    saslenc()
        .args([
            "decode",
            "not-base64!",
            "AUTH PLAIN",
            PLAIN_TIM,
            "hello world",
            "/w==",
            "535 5.7.8 Error: authentication failed",
        ])
        .assert()
        .code(3)
        .stdout(predicate::str::contains(r"\0tim\0********"))
        .stderr(predicate::str::contains(
            "argument 1: input is not valid base64",
        ))
        .stderr(predicate::str::contains(
            "argument 2: input holds no base64",
        ))
        .stderr(predicate::str::contains(
            "argument 4: input holds no base64",
        ))
        // Bytes that are not UTF-8 are shown, not refused.
        .stdout(predicate::str::contains(r"text: \xff"))
        .stderr(predicate::str::contains(
            "argument 6: input holds no base64",
        ))
        .stderr(predicate::str::contains(
            "4 of 6 inputs could not be decoded",
        ));
}

#[test]
fn json_has_one_object_per_input_errors_included() {
    let objects = json(&[PLAIN_TIM, "!!", "334 VXNlcm5hbWU6"]);
    assert_eq!(objects.len(), 3);
    assert_eq!(objects[1]["input"], "argument 2");
    assert!(objects[1]["error"].as_str().unwrap().contains("base64"));
    assert_eq!(objects[2]["form"], "334 continuation");
    assert_eq!(objects[2]["text"], "Username:");
}

#[test]
fn control_bytes_are_escaped() {
    // "a\x01b\x7f\\c\n" plus a zero-width space.
    let b64 = saslenc_b64("a\u{1}b\u{7f}\\c\u{200b}\n");
    saslenc()
        .args(["decode", &b64])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            r"text: a\x01b\x7f\\c\xe2\x80\x8b\x0a",
        ));
}

fn saslenc_b64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// Options after the values work, as in decode's own --help example.
#[test]
fn options_may_follow_the_values() {
    saslenc()
        .args([
            "decode",
            "a1 AUTHENTICATE PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm",
            "--show-secrets",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(r"\0tim\0tanstaaftanstaaf"));
    let objects = json(&[PLAIN_TIM, "--show-secrets"]);
    assert_eq!(field(&objects[0], "passwd")["value"], "tanstaaftanstaaf");
    saslenc()
        .args(["decode", PLAIN_TIM, "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: saslenc decode"));
    // A value that begins with '-' goes after --.
    saslenc()
        .args(["decode", "--", "-ERR [AUTH] failed"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("server reply with code -ERR"));
}

/// The line after a LOGIN `Password:` prompt is the password: masked in
/// text and JSON, shown with --show-secrets.
#[test]
fn the_answer_to_a_password_prompt_is_masked() {
    let session =
        "334 VXNlcm5hbWU6\ndXNlcg==\n334 UGFzc3dvcmQ6\r\n\nc2VjcmV0LXBlbmNpbA==\n235 ok\n";
    let out = saslenc()
        .arg("decode")
        .write_stdin(session)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("secret-pencil"), "{stdout}");
    assert!(
        stdout.contains("password (the answer to the LOGIN password prompt)"),
        "{stdout}"
    );
    assert!(stdout.contains("text: user\n"), "{stdout}");
    let out = saslenc()
        .args(["decode", "--json"])
        .write_stdin(session)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("secret-pencil"), "{stdout}");
    assert!(!stdout.contains(&hex::encode("secret-pencil")), "{stdout}");
    let shown = saslenc()
        .args(["decode", "--show-secrets"])
        .write_stdin(session)
        .output()
        .unwrap();
    assert!(String::from_utf8(shown.stdout)
        .unwrap()
        .contains("secret-pencil"));
    // As arguments too; only the line right after the prompt.
    saslenc()
        .args([
            "decode",
            "+ UGFzc3dvcmQ6",
            "c2VjcmV0LXBlbmNpbA==",
            "dXNlcg==",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("secret-pencil").not())
        .stdout(predicate::str::contains("text: user\n"));
}

/// Bytes that are not UTF-8 (saslenc's own --charset latin1 output) are
/// shown as \xHH with a note, not refused.
#[test]
fn bytes_that_are_not_utf8_are_shown() {
    let latin1 = saslenc()
        .args([
            "login",
            "-u",
            "jürgen",
            "--pass",
            "x",
            "--charset",
            "latin1",
        ])
        .output()
        .unwrap();
    let user_line = String::from_utf8(latin1.stdout).unwrap();
    let user_line = user_line.lines().next().unwrap().to_owned();
    saslenc()
        .args(["decode", &user_line])
        .assert()
        .success()
        .stdout(predicate::str::contains(r"text: j\xfcrgen"))
        .stdout(predicate::str::contains("not valid UTF-8"));
}

/// SCRAM's server signature (`v=`, RFC 5802 section 7) is masked like the
/// client proof: with the salt, the count and both nonces of a transcript
/// it lets a password guess be checked offline. `--show-secrets` shows it.
#[test]
fn the_scram_server_signature_is_masked_like_the_proof() {
    // RFC 5802 section 5: v=rmF9pqV8S7suAoZWja4dJRkFsKQ=
    let server_final = "dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9";
    let out = saslenc().args(["decode", server_final]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout.contains("verifier: ******** (28 bytes)"), "{stdout}");
    assert!(!stdout.contains("rmF9pqV8S7suAoZWja4dJRkFsKQ="), "{stdout}");
    let out = saslenc()
        .args(["decode", "--show-secrets", server_final])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("verifier: rmF9pqV8S7suAoZWja4dJRkFsKQ="),
        "{out:?}"
    );
}

/// DIGEST-MD5 (RFC 2831 section 4's exchange): the challenge's directives
/// shown, the response and rspauth masked as the digests they are, and a
/// note that the mechanism is historic.
#[test]
fn digest_md5_messages_are_read_and_their_digests_masked() {
    let b64 = crate::common::b64encode;
    let response = b64(br#"charset=utf-8,username="chris",realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",nc=00000001,cnonce="OA6MHXh6VqTrRk",digest-uri="imap/elwood.innosoft.com",response=d388dad90d4bbd760a152321f2143af7,qop=auth"#);
    let challenge = b64(br#"realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",qop="auth",algorithm=md5-sess,charset=utf-8"#);
    let rspauth = b64(b"rspauth=ea40f60335c427b5527b84dbabcdfffd");
    let out = saslenc()
        .args([
            "decode",
            &format!("334 {challenge}"),
            &response,
            &format!("334 {rspauth}"),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains("server DIGEST-MD5 digest-challenge"),
        "{stdout}"
    );
    assert!(
        stdout.contains("client DIGEST-MD5 digest-response"),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#"digest-uri: "imap/elwood.innosoft.com""#),
        "{stdout}"
    );
    assert!(stdout.contains("response: ******** (32 bytes)"), "{stdout}");
    assert!(stdout.contains("rspauth: ******** (32 bytes)"), "{stdout}");
    assert!(
        !stdout.contains("d388dad9") && !stdout.contains("ea40f603"),
        "{stdout}"
    );
    assert!(stdout.contains("historic (RFC 6331)"), "{stdout}");
}

/// MS-NLMP section 4.2.4.3: the NTLMv2 CHALLENGE and AUTHENTICATE
/// messages (user "User", domain "Domain", server challenge
/// 0123456789abcdef, client challenge aa..aa, timestamp 0).
const NTLM_CHALLENGE_4_2_4: &str = "TlRMTVNTUAACAAAADAAMADgAAAAzgoriASNFZ4mrze8AAAAAAAAAACQAJABEAAAABgBwFwAAAA9TAGUAcgB2AGUAcgACAAwARABvAG0AYQBpAG4AAQAMAFMAZQByAHYAZQByAAAAAAA=";
const NTLM_AUTHENTICATE_4_2_4: &str = "TlRMTVNTUAADAAAAGAAYAGwAAABUAFQAhAAAAAwADABIAAAACAAIAFQAAAAQABAAXAAAABAAEADYAAAANYKI4gUBKAoAAAAPRABvAG0AYQBpAG4AVQBzAGUAcgBDAE8ATQBQAFUAVABFAFIAhsNQl6yc7BAlVHZKV8zMGaqqqqqqqqqqaM0KuFHlHJaqvJJ76+9qHAEBAAAAAAAAAAAAAAAAAACqqqqqqqqqqgAAAAACAAwARABvAG0AYQBpAG4AAQAMAFMAZQByAHYAZQByAAAAAAAAAAAAxdrSVE/JeZCUzhzpC8nQPg==";

#[test]
fn ntlm_messages_are_read_and_their_responses_masked() {
    let out = saslenc()
        .args([
            "decode",
            &format!("334 {NTLM_CHALLENGE_4_2_4}"),
            NTLM_AUTHENTICATE_4_2_4,
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    for expected in [
        "334 continuation: server NTLM CHALLENGE message (type 2, MS-NLMP section 2.2.1.2), 104 bytes",
        "note: server challenge: 0123456789abcdef",
        "note: target info: MsvAvNbDomainName \"Domain\", MsvAvNbComputerName \"Server\", MsvAvEOL",
        "NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY",
        "base64: client NTLM AUTHENTICATE message (type 3, MS-NLMP section 2.2.1.3), 232 bytes",
        r"user: U\0s\0e\0r\0",
        "note: domain \"Domain\", user \"User\", workstation \"COMPUTER\" (UTF-16LE, as the flags select)",
        "nt-proof-str: ******** (16 bytes)",
        "lm-response: ******** (24 bytes)",
        "encrypted-session-key: ******** (16 bytes)",
        r"client-challenge: \xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa",
        "note: response: NTLMv2 (MS-NLMP section 3.3.2): NT response 84 bytes, NTProofStr 16 bytes (masked)",
        "timestamp 1601-01-01 00:00:00 UTC, client challenge aaaaaaaaaaaaaaaa",
        "note: weak: no MIC",
        "note: weak: no channel bindings",
        "note: NTLM is being retired",
    ] {
        assert!(stdout.contains(expected), "{expected}\n{stdout}");
    }
    // The NTProofStr (68cd0ab8...), the LMv2 response (86c35097...) and
    // the session key (c5dad254...) in none of their forms.
    for secret in [
        "68cd0ab8",
        r"h\xcd\x0a\xb8",
        "86c35097",
        r"\x86\xc3P\x97",
        "c5dad254",
        r"\xc5\xda\xd2T",
    ] {
        assert!(!stdout.contains(secret), "{secret}\n{stdout}");
    }
    assert!(!stdout.contains("not valid UTF-8"), "{stdout}");

    let objects = json(&[NTLM_AUTHENTICATE_4_2_4]);
    let proof = field(&objects[0], "nt-proof-str");
    assert_eq!(proof["value"], Value::Null);
    assert_eq!(proof["length"], 16);
    assert!(!objects[0]["hex"].as_str().unwrap().contains("68cd0ab8"));

    let shown = saslenc()
        .args(["decode", "--show-secrets", NTLM_AUTHENTICATE_4_2_4])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains(r"nt-proof-str: h\xcd\x0a\xb8Q\xe5\x1c\x96\xaa\xbc\x92{\xeb\xefj\x1c"),
        "{shown}"
    );
}

/// MS-NLMP section 4.2.2.3: the NTLMv1 AUTHENTICATE message, named on
/// the line, with its LM response.
#[test]
fn ntlm_v1_is_named_weak() {
    let v1 = "TlRMTVNTUAADAAAAGAAYAGwAAAAYABgAhAAAAAwADABIAAAACAAIAFQAAAAQABAAXAAAABAAEACcAAAANYKA4gUBKAoAAAAPRABvAG0AYQBpAG4AVQBzAGUAcgBDAE8ATQBQAFUAVABFAFIAmN73uH+Iql2v4t93loihct7xHH1cze8TZ8QwEfMCmKKtNezmTxYzHES9vtknhB+UUYgisbPzUMiVhoLsuz48tw==";
    saslenc()
        .args(["decode", &format!("AUTH NTLM {v1}")])
        .assert()
        .success()
        .stdout(predicate::str::contains("nt-response: ******** (24 bytes)"))
        .stdout(predicate::str::contains(
            "note: response: NTLMv1 (MS-NLMP section 3.3.1)",
        ))
        .stdout(predicate::str::contains("note: weak: an LM response"))
        .stdout(predicate::str::contains("note: weak: an NTLMv1 response"))
        .stdout(predicate::str::contains("67c43011").not());
}
