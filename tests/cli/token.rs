//! OAuth access tokens read offline: `saslenc token inspect`, the token
//! lines of `--explain` and `decode`, and `--token-cmd` / `--pass-cmd`.
//!
//! The tokens are made by an independent JWT implementation (the
//! `jsonwebtoken` crate, HS256), with the claim sets Microsoft issues.

use std::process::Output;
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use crate::common::{b64encode, saslenc};

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const USER: &str = "alice@contoso.com";

fn now() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    i64::try_from(since.as_secs()).unwrap()
}

/// A JWT signed with HS256 by `jsonwebtoken`.
fn jwt(claims: &Value) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(b"a key the checks never see"),
    )
    .unwrap()
}

/// A delegated Exchange Online token as Microsoft issues it (v1.0, from
/// sts.windows.net), valid for the next 55 minutes; `changes` replace or
/// add claims (a null removes one).
fn delegated(changes: Value) -> String {
    let t = now();
    let mut claims = json!({
        "aud": "https://outlook.office.com",
        "iss": format!("https://sts.windows.net/{TENANT}/"),
        "iat": t - 300,
        "nbf": t - 300,
        "exp": t + 3300,
        "scp": "IMAP.AccessAsUser.All POP.AccessAsUser.All SMTP.Send",
        "upn": USER,
        "unique_name": USER,
        "tid": TENANT,
        "appid": "08162f7c-0fd2-4200-a84a-f25a4db0b584",
        "ver": "1.0",
    });
    merge(&mut claims, changes);
    jwt(&claims)
}

/// An app-only token (client credentials, .default of
/// https://outlook.office365.com): roles, no scp, no user.
fn app_only(changes: Value) -> String {
    let t = now();
    let mut claims = json!({
        "aud": "https://outlook.office365.com",
        "iss": format!("https://sts.windows.net/{TENANT}/"),
        "iat": t - 300,
        "nbf": t - 300,
        "exp": t + 3300,
        "roles": ["IMAP.AccessAsApp", "POP.AccessAsApp"],
        "oid": "3b1d0a6e-9c5a-4a9c-8c3e-1b2a3c4d5e6f",
        "tid": TENANT,
        "appid": "08162f7c-0fd2-4200-a84a-f25a4db0b584",
    });
    merge(&mut claims, changes);
    jwt(&claims)
}

fn merge(claims: &mut Value, changes: Value) {
    if let Value::Object(changes) = changes {
        for (k, v) in changes {
            if v.is_null() {
                claims.as_object_mut().unwrap().remove(&k);
            } else {
                claims[k] = v;
            }
        }
    }
}

fn inspect(token: &str, args: &[&str]) -> Output {
    saslenc()
        .args(["token", "inspect", "--token-env", "TOKEN"])
        .args(args)
        .env("TOKEN", token)
        .output()
        .unwrap()
}

/// The `ok`/`FAIL`/`note` lines as `outcome check`, in order.
fn checks(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let (outcome, rest) = line.split_once(' ')?;
            let check = rest.split_once(':')?.0;
            ["ok", "FAIL", "note"]
                .contains(&outcome)
                .then(|| format!("{outcome} {check}"))
        })
        .collect()
}

/// Neither the token nor its signature appears anywhere in `out`.
fn assert_token_hidden(token: &str, out: &Output) {
    let signature = token.rsplit('.').next().unwrap();
    for stream in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.contains(token), "token printed: {text}");
        if signature.len() > 8 {
            assert!(!text.contains(signature), "signature printed: {text}");
        }
    }
}

#[test]
fn a_delegated_exchange_token_passes_every_check() {
    let token = delegated(json!({}));
    let out = inspect(
        &token,
        &["--protocol", "smtp", "--user", "Alice@Contoso.com"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        checks(&out.stdout),
        [
            "ok audience",
            "ok scope",
            "ok expiry",
            "ok not-before",
            "ok user"
        ]
    );
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        stdout.contains("a Microsoft delegated JWT, alg HS256"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("  tenant (tid): {TENANT}\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains("  user (upn): alice@contoso.com\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("valid for 54 more minutes")
            || stdout.contains("valid for 55 more minutes"),
        "{stdout}"
    );
    assert_token_hidden(&token, &out);
}

#[test]
fn a_graph_token_fails_the_audience_check_alone() {
    for aud in [
        "https://graph.microsoft.com",
        "00000003-0000-0000-c000-000000000000",
    ] {
        let token = delegated(json!({"aud": aud, "scp": "SMTP.Send"}));
        let out = inspect(&token, &["--protocol", "smtp"]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert_eq!(
            checks(&out.stdout),
            ["FAIL audience", "ok scope", "ok expiry", "ok not-before"]
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("535 5.7.3"), "{stdout}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("1 of 4 token checks failed"),
            "{out:?}"
        );
        assert_token_hidden(&token, &out);
    }
}

#[test]
fn a_delegated_token_needs_the_scope_of_the_protocol() {
    let token = delegated(json!({"scp": "SMTP.Send offline_access"}));
    for (protocol, code) in [("smtp", 0), ("imap", 1), ("pop3", 1)] {
        let out = inspect(&token, &["--protocol", protocol]);
        assert_eq!(out.status.code(), Some(code), "{protocol}: {out:?}");
        let expected = if code == 0 { "ok scope" } else { "FAIL scope" };
        assert_eq!(checks(&out.stdout)[1], expected, "{protocol}");
    }
    let out = inspect(&token, &["--protocol", "imap"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("scp lacks IMAP.AccessAsUser.All"));
    // Without --protocol, any mail scope will do; none fails.
    assert_eq!(inspect(&token, &[]).status.code(), Some(0));
    let none = delegated(json!({"scp": "Mail.Read User.Read"}));
    let out = inspect(&none, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(checks(&out.stdout)[1], "FAIL scope");
}

#[test]
fn an_app_only_token_needs_the_role_and_is_told_about_the_mailbox() {
    let token = app_only(json!({}));
    let out = inspect(
        &token,
        &["--protocol", "imap", "--user", "shared@contoso.com"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        checks(&out.stdout),
        [
            "ok audience",
            "ok app-role",
            "note mailbox-permission",
            "ok expiry",
            "ok not-before",
            "note user"
        ]
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("a Microsoft app-only JWT"), "{stdout}");
    assert!(stdout.contains("which no token shows"), "{stdout}");
    let out = inspect(&token, &["--protocol", "smtp"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(checks(&out.stdout)[1], "FAIL app-role");
    assert!(String::from_utf8_lossy(&out.stdout).contains("roles lacks SMTP.SendAsApp"));
    let with_role = app_only(json!({"roles": ["SMTP.SendAsApp"]}));
    assert_eq!(
        inspect(&with_role, &["--protocol", "smtp"]).status.code(),
        Some(0)
    );
}

#[test]
fn expired_tokens_fail_beyond_the_clock_skew_only() {
    let t = now();
    let token =
        delegated(json!({"iat": t - 4 * 3600, "nbf": t - 4 * 3600, "exp": t - 3 * 3600 - 60}));
    let out = inspect(&token, &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(checks(&out.stdout)[2], "FAIL expiry");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("FAIL expiry: expired 3 hours ago"),
        "{stdout}"
    );
    // One minute past exp is within the 5 minutes of skew: a note.
    let token = delegated(json!({"exp": t - 60}));
    let out = inspect(&token, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(checks(&out.stdout)[2], "note expiry");
    // Ten minutes past is not.
    let token = delegated(json!({"exp": t - 600}));
    assert_eq!(inspect(&token, &[]).status.code(), Some(1));
}

#[test]
fn tokens_not_yet_valid_fail_beyond_the_clock_skew_only() {
    let t = now();
    let token = delegated(json!({"iat": t + 3600, "nbf": t + 3600, "exp": t + 7200}));
    let out = inspect(&token, &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(checks(&out.stdout)[3], "FAIL not-before");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("not valid for another 59 minutes")
            || String::from_utf8_lossy(&out.stdout).contains("not valid for another 60 minutes")
    );
    let token = delegated(json!({"iat": t + 60, "nbf": t + 60}));
    let out = inspect(&token, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_token_for_another_user_fails_the_user_check() {
    let token = delegated(json!({}));
    let out = inspect(&token, &["--user", "bob@contoso.com"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(checks(&out.stdout).last().unwrap(), "FAIL user");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("the login's user is bob@contoso.com, but the token was issued to alice@contoso.com (upn)"),
        "{stdout}"
    );
    // preferred_username counts too (v2.0 tokens), and case does not.
    let v2 = delegated(json!({
        "iss": format!("https://login.microsoftonline.com/{TENANT}/v2.0"),
        "upn": null, "unique_name": null, "preferred_username": "Bob@Contoso.com",
    }));
    let out = inspect(&v2, &["--user", "bob@contoso.COM"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(checks(&out.stdout).last().unwrap(), "ok user");
    // Without --user, nothing is compared.
    assert!(!checks(&inspect(&token, &[]).stdout)
        .iter()
        .any(|c| c.ends_with(" user")));
}

#[test]
fn other_issuers_get_the_general_checks_only() {
    let t = now();
    let token = jwt(&json!({
        "iss": "https://keycloak.example.com/realms/mail",
        "aud": "dovecot", "exp": t + 600, "email": "u@example.com",
    }));
    let out = inspect(&token, &["--protocol", "imap", "--user", "u@example.com"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        checks(&out.stdout),
        ["note platform", "ok expiry", "ok user"]
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("no platform rules were checked"),
        "{stdout}"
    );
}

#[test]
fn a_google_token_is_opaque_and_no_failure() {
    let token = "ya29.a0AfB_byC3xQ9Lm2xOPAQUEOPAQUEOPAQUE0123456789";
    let out = inspect(token, &["--protocol", "smtp", "--user", "me@gmail.com"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(checks(&out.stdout), ["note opaque"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("cannot be read offline"), "{stdout}");
    assert!(
        stdout.contains("https://oauth2.googleapis.com/tokeninfo"),
        "{stdout}"
    );
    assert_token_hidden(token, &out);
}

#[test]
fn what_is_not_a_token_is_a_data_error_without_its_text() {
    for bad in [
        "opaque-secret-value",
        "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",
        "a.b.c.d.e",
    ] {
        let out = inspect(bad, &[]);
        assert_eq!(out.status.code(), Some(3), "{bad}: {out:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("the token is not one saslenc can read"),
            "{stderr}"
        );
        assert!(!stderr.contains(bad), "{stderr}");
    }
}

#[test]
fn json_lists_the_claims_and_every_finding() {
    let token = delegated(json!({"aud": "https://graph.microsoft.com"}));
    let out = inspect(
        &token,
        &["--json", "--protocol", "pop3", "--user", "bob@contoso.com"],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["failed"], 2);
    assert_eq!(doc["token"]["kind"], "jwt");
    assert_eq!(doc["token"]["microsoft"], true);
    assert_eq!(
        doc["token"]["audience"],
        json!(["https://graph.microsoft.com"])
    );
    assert_eq!(
        doc["token"]["users"][0],
        json!({"claim": "upn", "value": USER})
    );
    let outcomes: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["outcome"].as_str().unwrap(),
                f["check"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            "fail audience",
            "ok scope",
            "ok expiry",
            "ok not-before",
            "fail user"
        ]
    );
    assert!(doc["findings"][0]["fix"]
        .as_str()
        .unwrap()
        .contains("outlook.office.com"));
    assert_token_hidden(&token, &out);
}

#[test]
fn inspect_reads_the_token_from_every_source() {
    let token = delegated(json!({}));
    let dir = crate::common::tempdir();
    let path = dir.path().join("token");
    std::fs::write(&path, format!("{token}\n")).unwrap();
    let out = saslenc()
        .args(["token", "inspect", "--token-file"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = saslenc()
        .args(["token", "inspect", "--token-stdin"])
        .write_stdin(format!("{token}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // No source, and no terminal to prompt on: a usage error.
    let out = saslenc().args(["token", "inspect"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

/// `saslenc MECH --user USER --token-env TOKEN ARGS...`.
fn encoder(mechanism: &str, user: &str, token: &str, args: &[&str]) -> Output {
    saslenc()
        .args([mechanism, "--user", user, "--token-env", "TOKEN"])
        .args(args)
        .env("TOKEN", token)
        .output()
        .unwrap()
}

#[test]
fn explain_adds_the_claims_and_checks_after_the_report() {
    let graph = delegated(json!({"aud": "https://graph.microsoft.com"}));
    // IMAP: SMTP would add a note on the 512-octet line to both.
    let plain = encoder("xoauth2", "bob@contoso.com", &graph, &["-P", "imap"]);
    let out = encoder(
        "xoauth2",
        "bob@contoso.com",
        &graph,
        &["-P", "imap", "--explain"],
    );
    // The findings inform; they change neither stdout nor the status.
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(out.stdout, plain.stdout);
    assert!(plain.stderr.is_empty(), "{plain:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let block = stderr
        .split_once("XOAUTH2 access token, read offline")
        .unwrap_or_else(|| panic!("{stderr}"))
        .1;
    assert_eq!(
        checks(block.as_bytes()),
        [
            "FAIL audience",
            "ok scope",
            "ok expiry",
            "ok not-before",
            "FAIL user"
        ]
    );
    assert_token_hidden(&graph, &out);

    let good = delegated(json!({}));
    let out = encoder("xoauth2", USER, &good, &["-P", "imap", "--explain"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let block = stderr.split_once("access token, read offline").unwrap().1;
    assert_eq!(
        checks(block.as_bytes()),
        [
            "ok audience",
            "ok scope",
            "ok expiry",
            "ok not-before",
            "ok user"
        ]
    );
}

#[test]
fn oauthbearer_explain_checks_its_authzid_and_the_times() {
    let t = now();
    let expired = app_only(json!({"exp": t - 7200, "roles": ["POP.AccessAsApp"]}));
    let out = encoder(
        "oauthbearer",
        "shared@contoso.com",
        &expired,
        &["-P", "pop3", "--explain"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let block = stderr
        .split_once("OAUTHBEARER access token, read offline")
        .unwrap_or_else(|| panic!("{stderr}"))
        .1;
    assert_eq!(
        checks(block.as_bytes()),
        [
            "ok audience",
            "ok app-role",
            "note mailbox-permission",
            "FAIL expiry",
            "ok not-before",
            "note user"
        ]
    );
    assert!(block.contains("expired 2 hours ago"), "{block}");
    assert_token_hidden(&expired, &out);
}

/// The XOAUTH2 message for `user` and `token`, as base64.
fn xoauth2_message(user: &str, token: &str) -> String {
    b64encode(format!("user={user}\x01auth=Bearer {token}\x01\x01").as_bytes())
}

fn decode(line: &str, args: &[&str]) -> Output {
    saslenc()
        .arg("decode")
        .args(args)
        .arg(line)
        .output()
        .unwrap()
}

#[test]
fn decode_reads_the_token_of_an_xoauth2_message() {
    let t = now();
    let cases = [
        (
            delegated(json!({})),
            USER,
            vec![
                "ok audience",
                "ok scope",
                "ok expiry",
                "ok not-before",
                "ok user",
            ],
        ),
        (
            delegated(json!({"aud": "00000003-0000-0000-c000-000000000000"})),
            USER,
            vec![
                "FAIL audience",
                "ok scope",
                "ok expiry",
                "ok not-before",
                "ok user",
            ],
        ),
        (
            delegated(json!({})),
            "mallory@contoso.com",
            vec![
                "ok audience",
                "ok scope",
                "ok expiry",
                "ok not-before",
                "FAIL user",
            ],
        ),
        (
            delegated(json!({"exp": t - 4000})),
            USER,
            vec![
                "ok audience",
                "ok scope",
                "FAIL expiry",
                "ok not-before",
                "ok user",
            ],
        ),
        (
            delegated(json!({"nbf": t + 4000, "exp": t + 8000})),
            USER,
            vec![
                "ok audience",
                "ok scope",
                "ok expiry",
                "FAIL not-before",
                "ok user",
            ],
        ),
        (
            app_only(json!({"roles": ["SMTP.SendAsApp"]})),
            "shared@contoso.com",
            vec![
                "ok audience",
                "ok app-role",
                "note mailbox-permission",
                "ok expiry",
                "ok not-before",
                "note user",
            ],
        ),
    ];
    for (token, user, expected) in cases {
        let out = decode(
            &format!("AUTH XOAUTH2 {}", xoauth2_message(user, &token)),
            &[],
        );
        // decode reports; a failed check is no decoding error.
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(
            checks(&out.stdout),
            expected,
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_token_hidden(&token, &out);
    }
}

#[test]
fn decode_checks_the_imap_scope_on_an_authenticate_line() {
    let token = delegated(json!({"scp": "SMTP.Send"}));
    let message = xoauth2_message(USER, &token);
    let out = decode(&format!("a1 AUTHENTICATE XOAUTH2 {message}"), &[]);
    assert_eq!(checks(&out.stdout)[1], "FAIL scope");
    // Bare base64 names no protocol: SMTP.Send is enough.
    let out = decode(&message, &[]);
    assert_eq!(checks(&out.stdout)[1], "ok scope");
}

#[test]
fn decode_reads_oauthbearer_tokens_and_says_what_it_cannot_read() {
    let token = delegated(json!({}));
    let bearer = |user: &str, token: &str| {
        b64encode(format!("n,a={user},\x01auth=Bearer {token}\x01\x01").as_bytes())
    };
    let out = decode(&bearer("bob@contoso.com", &token), &[]);
    assert_eq!(checks(&out.stdout).last().unwrap(), "FAIL user");
    let out = decode(&bearer(USER, "ya29.opaque-google-token"), &[]);
    assert_eq!(checks(&out.stdout), ["note opaque"]);
    let out = decode(&bearer(USER, "some-opaque-value"), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("its claims cannot be read"), "{stdout}");
    assert!(checks(&out.stdout).is_empty(), "{stdout}");
    assert!(!stdout.contains("some-opaque-value"), "{stdout}");
    // A PLAIN message gets no token lines.
    let out = decode("AHRpbQB0YW5zdGFhZnRhbnN0YWFm", &[]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("access token"));
}

#[test]
fn decode_json_carries_the_token_findings() {
    let token = delegated(json!({"aud": "https://graph.microsoft.com"}));
    let out = decode(&xoauth2_message(USER, &token), &["--json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["token"]["failed"], 1);
    assert_eq!(doc["token"]["findings"][0]["check"], "audience");
    assert_eq!(doc["token"]["findings"][0]["outcome"], "fail");
    assert_token_hidden(&token, &out);
    let out = decode("AHRpbQB0YW5zdGFhZnRhbnN0YWFm", &["--json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc.get("token").is_none());
}

#[test]
fn token_cmd_takes_the_output_of_a_command() {
    let token = delegated(json!({}));
    let out = saslenc()
        .args(["token", "inspect", "--protocol", "imap", "--token-cmd"])
        .arg("printf '%s\\n' \"$HELPER_TOKEN\"")
        .env("HELPER_TOKEN", &token)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(checks(&out.stdout)[1], "ok scope");
    // The same bytes reach the mechanism, with the line end removed.
    let out = saslenc()
        .args(["xoauth2", "-u", "u", "--token-cmd", "echo tok"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        crate::common::b64decode(String::from_utf8(out.stdout).unwrap().trim_end()),
        b"user=u\x01auth=Bearer tok\x01\x01"
    );
}

#[test]
fn pass_cmd_takes_the_password_from_a_command() {
    saslenc()
        .args(["plain", "--user", "u", "--pass-cmd", "echo p"])
        .assert()
        .success()
        .stdout("AHUAcA==\n");
    // Two sources are a usage error, as for the others.
    saslenc()
        .args([
            "plain",
            "--user",
            "u",
            "--pass-cmd",
            "echo p",
            "--pass",
            "p",
        ])
        .assert()
        .code(2);
}

#[test]
fn a_failing_token_cmd_names_its_status_and_stderr_never_its_output() {
    let out = saslenc()
        .args(["xoauth2", "-u", "u", "--token-cmd"])
        .arg("echo LEAKED-TOKEN; echo 'oama: no refresh token for u' >&2; exit 2")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the command for the token exited with status 2; its standard error: oama: no refresh token for u"),
        "{stderr}"
    );
    assert!(!stderr.contains("LEAKED-TOKEN"), "{stderr}");
}

#[test]
fn a_token_cmd_that_prints_nothing_is_refused() {
    let out = saslenc()
        .args(["token", "inspect", "--token-cmd", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("printed nothing on standard output"),
        "{stderr}"
    );
}

#[test]
fn a_token_cmd_gets_no_terminal_input() {
    // With standard input from /dev/null, `read` ends at once and fails:
    // the command cannot wait for input that would never come.
    let out = saslenc()
        .args([
            "xoauth2",
            "-u",
            "u",
            "--token-cmd",
            "read line && echo \"$line\"",
        ])
        .write_stdin("from-saslenc-stdin\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("exited with status 1"));
}

/// The claims are the issuer's text: an ESC sequence or U+202E in a claim
/// reaches neither the terminal (escaped as `\xHH`) nor JSON raw (escaped
/// as `\uXXXX`, nothing lost).
#[test]
fn claims_never_reach_the_terminal_raw() {
    let token = delegated(json!({"upn": "eve\u{1b}]0;pwned\u{7}@example.com\u{202e}moc"}));
    let raw = |text: &str| text.contains(['\x1b', '\x07', '\u{202e}']);
    let out = inspect(&token, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!raw(&stdout), "{stdout}");
    assert!(
        stdout.contains(r"eve\x1b]0;pwned\x07@example.com\xe2\x80\xaemoc"),
        "{stdout}"
    );
    let out = inspect(&token, &["--json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!raw(&stdout) && stdout.contains(r"\u202e"), "{stdout}");
    let json: Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert!(
        json.to_string()
            .contains("eve\\u001b]0;pwned\\u0007@example.com\u{202e}moc"),
        "{json}"
    );
}

/// Whether process `pid` is gone: no longer listed, or a zombie waiting
/// only to be reaped (by init, which in a container may never do it).
#[cfg(target_os = "linux")]
fn gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .unwrap_or_default()
            .trim_start()
            .starts_with('Z'),
    }
}

/// Runs `saslenc xoauth2 --token-cmd SCRIPT` (`$0` is a file for a pid)
/// without a controlling terminal, as from cron or a script (under
/// `setsid` when the tests have one), and returns the output and the pid
/// the script wrote, once saslenc has returned.
#[cfg(target_os = "linux")]
fn token_cmd_leaving_a_child(script: &str) -> (Output, String) {
    let dir = crate::common::tempdir();
    let pidfile = dir.path().join("pid");
    let args = [
        "xoauth2".to_owned(),
        "-u".to_owned(),
        "u".to_owned(),
        "--token-cmd".to_owned(),
        format!("sh -c '{script}' {}", pidfile.display()),
    ];
    let out = if std::fs::File::open("/dev/tty").is_ok() {
        std::process::Command::new("setsid")
            .arg("-w")
            .arg(assert_cmd::cargo::cargo_bin("saslenc"))
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    } else {
        saslenc().args(args).output().unwrap()
    };
    let pid = std::fs::read_to_string(&pidfile).unwrap();
    (out, pid.trim().to_owned())
}

/// The process a killed command started dies with it: saslenc stops the
/// command's whole process group. Here the command floods standard output
/// (refused at the size limit), with a child in the background.
#[test]
#[cfg(target_os = "linux")]
fn a_token_cmd_stopped_for_its_output_leaves_no_child() {
    let (out, pid) = token_cmd_leaving_a_child("sleep 1000 & echo $! > \"$0\"; exec yes");
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("token"), "{stderr}");
    assert!(!stderr.contains("y\n"), "{stderr}");
    // SIGKILL has been sent by the time saslenc returns; the kernel ends
    // the process at once, but give it a moment to be listed as ended.
    assert!(
        (0..100).any(|_| gone(&pid) || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            false
        }),
        "the command's child {pid} survived it"
    );
}

/// The XOAUTH2 message built wrong, as `decode` shows it: spaces for the
/// ^A separators (in base64, bare or after AUTH XOAUTH2), and the message
/// pasted as text where base64 was due. The token never shows.
#[test]
fn decode_names_an_xoauth2_message_built_wrong() {
    let token = delegated(json!({}));
    let spaced = format!("user={USER} auth=Bearer {token}");
    for line in [
        b64encode(spaced.as_bytes()),
        format!("AUTH XOAUTH2 {}", b64encode(spaced.as_bytes())),
    ] {
        for args in [&[][..], &["--json"]] {
            let out = decode(&line, args);
            assert_eq!(out.status.code(), Some(0), "{out:?}");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                stdout.contains("the XOAUTH2 fields are not separated by ^A (0x01) bytes"),
                "{line}: {stdout}"
            );
            assert_token_hidden(&token, &out);
        }
    }
    // Typed as text: no base64 to decode, and why (exit 3).
    for line in [spaced.clone(), format!("AUTH XOAUTH2 {spaced}")] {
        let out = decode(&line, &[]);
        assert_eq!(out.status.code(), Some(3), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(
                "holds no base64 to decode: the XOAUTH2 message was sent as text, not base64, \
                 and its fields are not separated by ^A (0x01) bytes"
            ),
            "{stderr}"
        );
        assert_token_hidden(&token, &out);
    }
    // A right message has no such note; another mechanism's bad base64
    // is not called XOAUTH2.
    let out = decode(&xoauth2_message(USER, &token), &[]);
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("^A"),
        "{out:?}"
    );
    let out = decode("AUTH PLAIN user=x", &[]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("XOAUTH2"),
        "{out:?}"
    );
}

/// A server that refuses an XOAUTH2 or OAUTHBEARER login as Exchange
/// Online does: the JSON error challenge, then `535 5.7.3`.
fn refusing_smtp_server() -> (u16, std::thread::JoinHandle<()>) {
    crate::connect::fake(refuse_oauth)
}

fn refuse_oauth(peer: &mut crate::connect::Peer) {
    {
        peer.send(b"220 fake ESMTP\r\n");
        let _ehlo = peer.line();
        peer.send(b"250-fake\r\n250 AUTH XOAUTH2 OAUTHBEARER\r\n");
        let _auth = peer.line();
        // {"status":"400","schemes":"Bearer"}
        peer.send(b"334 eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIn0=\r\n");
        let _empty = peer.line();
        peer.send(b"535 5.7.3 Authentication unsuccessful\r\n");
        if peer.line() == "QUIT" {
            peer.send(b"221 bye\r\n");
        }
        peer.drain();
    }
}

/// `connect -q` keeps its one verdict line on standard output and says the
/// token's failed checks on standard error; the `--all` table says them
/// under the refused mechanism's row.
#[test]
fn quiet_and_all_name_the_token_checks_too() {
    let t = now();
    let token = delegated(json!({
        "aud": "https://graph.microsoft.com",
        "scp": "Mail.Send",
        "upn": USER,
        "iat": t - 60,
        "nbf": t - 60,
        "exp": t + 3600,
    }));
    let (port, server) = refusing_smtp_server();
    let out = saslenc()
        .args([
            "connect",
            &format!("smtp://127.0.0.1:{port}"),
            "--no-tls",
            "-q",
        ])
        .args(["--allow-cleartext", "--user", USER, "--mech", "XOAUTH2"])
        .args(["--token-env", "TOKEN"])
        .env("TOKEN", &token)
        .output()
        .unwrap();
    server.join().expect("server thread");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("verdict: refused"), "{stdout}");
    assert!(
        stderr.contains("note: the token fails the audience check"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: the token fails the scope check"),
        "{stderr}"
    );
    assert_token_hidden(&token, &out);
    // --all: a probe, then XOAUTH2 and OAUTHBEARER, each refused.
    let (port, server) = crate::connect::fake_many(3, |peer| {
        let mut first = String::new();
        peer.send(b"220 fake ESMTP\r\n");
        first.push_str(&peer.line());
        if first.to_ascii_uppercase().starts_with("EHLO") {
            peer.send(b"250-fake\r\n250 AUTH XOAUTH2 OAUTHBEARER\r\n");
        }
        let next = peer.line();
        if next.eq_ignore_ascii_case("QUIT") {
            peer.send(b"221 bye\r\n");
            return;
        }
        peer.send(b"334 eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIn0=\r\n");
        peer.line();
        peer.send(b"535 5.7.3 Authentication unsuccessful\r\n");
        if peer.line().eq_ignore_ascii_case("QUIT") {
            peer.send(b"221 bye\r\n");
        }
        peer.drain();
    });
    let out = saslenc()
        .args([
            "connect",
            &format!("smtp://127.0.0.1:{port}"),
            "--no-tls",
            "--all",
        ])
        .args(["--allow-cleartext", "--user", USER])
        .args(["--token-env", "TOKEN"])
        .env("TOKEN", &token)
        .output()
        .unwrap();
    server.join().expect("server thread");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let notes = stdout
        .lines()
        .filter(|l| {
            l.trim_start()
                .starts_with("note: the token fails the audience")
        })
        .count();
    assert_eq!(notes, 2, "{stdout}");
    assert_token_hidden(&token, &out);
}

fn connect_with(mechanism: &str, token: &str, json: bool) -> Output {
    let (port, server) = refusing_smtp_server();
    let mut cmd = saslenc();
    cmd.args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
        .args(["--allow-cleartext", "--user", USER, "--mech", mechanism])
        .args(["--token-env", "TOKEN"])
        .env("TOKEN", token);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.output().unwrap();
    server.join().expect("server thread");
    out
}

/// `connect`: a refused OAuth login says under its verdict which checks
/// the token fails, for SMTP and the login's user; the token stays masked.
#[test]
fn connect_names_the_token_checks_a_refused_login_fails() {
    // Expired an hour ago, for Graph, without SMTP.Send, issued to bob.
    let t = now();
    let token = delegated(json!({
        "aud": "https://graph.microsoft.com",
        "scp": "Mail.Send",
        "upn": "bob@contoso.com",
        "unique_name": "bob@contoso.com",
        "iat": t - 7200,
        "nbf": t - 7200,
        "exp": t - 3600,
    }));
    for mechanism in ["XOAUTH2", "OAUTHBEARER"] {
        let out = connect_with(mechanism, &token, false);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let after: Vec<&str> = stdout
            .lines()
            .skip_while(|l| !l.starts_with("verdict: refused"))
            .skip(1)
            .collect();
        let checks: Vec<&str> = after
            .iter()
            .map(|l| l.strip_prefix("note: the token fails the ").unwrap_or(l))
            .map(|l| l.split(' ').next().unwrap())
            .collect();
        assert_eq!(checks, ["audience", "scope", "expiry", "user"], "{stdout}");
        assert!(after[1].contains("scp lacks SMTP.Send"), "{stdout}");
        assert!(after[2].contains("expired 60 minutes ago"), "{stdout}");
        assert!(after[3].contains("issued to bob@contoso.com"), "{stdout}");
        assert_token_hidden(&token, &out);

        let out = connect_with(mechanism, &token, true);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let findings = doc["verdict"]["token_findings"].as_array().unwrap();
        let checks: Vec<&str> = findings
            .iter()
            .map(|f| f["check"].as_str().unwrap())
            .collect();
        assert_eq!(checks, ["audience", "scope", "expiry", "user"], "{doc}");
        assert!(
            findings[2]["rule"]
                .as_str()
                .unwrap()
                .starts_with("expired 60 minutes ago"),
            "{doc}"
        );
        assert_token_hidden(&token, &out);
    }
    // A token that passes every check, or one that is no JWT: nothing
    // is added to the refusal.
    for token in [delegated(json!({})), "ya29.opaque-google-token".to_owned()] {
        let out = connect_with("XOAUTH2", &token, false);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout
                .lines()
                .last()
                .unwrap()
                .starts_with("verdict: refused"),
            "{stdout}"
        );
        let out = connect_with("XOAUTH2", &token, true);
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["verdict"]["token_findings"], json!([]), "{doc}");
    }
}

/// On a terminal, a command may still ask there (`read </dev/tty`): it
/// shares saslenc's process group, which the terminal lets read. Run in a
/// pseudo-terminal by `script` (util-linux), skipped without it.
#[test]
#[cfg(target_os = "linux")]
fn a_pass_cmd_can_read_the_terminal() {
    let Ok(out) = std::process::Command::new("script")
        .args(["-qec"])
        .arg(format!(
            "{} plain --user u --pass-cmd 'read p </dev/tty && echo \"$p\"'",
            assert_cmd::cargo::cargo_bin("saslenc").display()
        ))
        .arg("/dev/null")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            // Typed once the command is waiting for it.
            std::thread::sleep(std::time::Duration::from_millis(500));
            child.stdin.take().unwrap().write_all(b"typed\n")?;
            child.wait_with_output()
        })
    else {
        eprintln!("script(1) is not available: skipped");
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    // \0u\0typed; the terminal echoes what was typed too.
    assert!(stdout.contains("AHUAdHlwZWQ="), "{out:?}");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// A JWT that jsonwebtoken will not make: `header` and `payload` as
/// given, base64url without padding, an empty signature.
fn unsigned(header: &Value, payload: &Value) -> String {
    let part = |v: &Value| {
        b64encode(v.to_string().as_bytes())
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_")
    };
    format!("{}.{}.", part(header), part(payload))
}

/// A token for Microsoft Graph, scope Mail.Read, with a upn but no iss:
/// Exchange Online refuses it, and so does the check, for SMTP; the
/// Microsoft rules run because a claim other than iss says whose it is.
#[test]
fn microsoft_rules_apply_without_an_iss_claim() {
    let token = delegated(json!({
        "iss": null, "tid": null, "appid": null, "unique_name": null,
        "aud": "https://graph.microsoft.com", "scp": "Mail.Read",
    }));
    let out = inspect(&token, &["--protocol", "smtp"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(
        checks(&out.stdout),
        ["FAIL audience", "FAIL scope", "ok expiry", "ok not-before"]
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("by its claims; it has no iss"), "{stdout}");
    // Each identifying claim alone is enough: a token for another
    // audience, that claim and nothing else of Microsoft's.
    let guid = "08162f7c-0fd2-4200-a84a-f25a4db0b584";
    for (claim, value) in [
        ("aud", json!("https://outlook.office.com")),
        ("tid", json!(TENANT)),
        ("upn", json!(USER)),
        ("appid", json!(guid)),
        ("azp", json!(guid)),
    ] {
        let mut claims = json!({"aud": "api://elsewhere", "exp": now() + 600, "scp": "Mail.Read"});
        claims[claim] = value;
        let out = inspect(&jwt(&claims), &["--protocol", "imap"]);
        let found = checks(&out.stdout);
        assert!(
            found.iter().any(|c| c.ends_with(" scope")),
            "{claim}: {found:?}"
        );
        assert!(!found.contains(&"note platform".to_owned()), "{claim}");
        let json = inspect(&jwt(&claims), &["--json"]);
        let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(doc["token"]["microsoft_claims"], json!([claim]), "{claim}");
    }
    // A client name in azp (Keycloak's, Google's) is no Microsoft app id.
    let keycloak = jwt(&json!({"aud": "dovecot", "exp": now() + 600, "azp": "mail-client"}));
    let out = inspect(&keycloak, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(checks(&out.stdout), ["note platform", "ok expiry"]);
}

/// An opaque Microsoft account token (EwB..., outlook.com) is named as
/// such, a note and exit 0, like Google's ya29.; a short text starting
/// EwB is not taken for one.
#[test]
fn an_opaque_microsoft_account_token_is_named() {
    let token = format!("EwB4A8l6BAAU{}AAA=", "x7Q+Zk9/Lm2".repeat(40));
    let out = inspect(&token, &["--protocol", "imap"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(checks(&out.stdout), ["note opaque"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("an opaque Microsoft account access token"),
        "{stdout}"
    );
    assert!(!stdout.contains(&token[..40]), "{stdout}");
    let json = inspect(&token, &["--json"]);
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["token"]["kind"], "microsoft-opaque");
    assert_eq!(inspect("EwBanana", &[]).status.code(), Some(3));
}

/// `ya29.` alone is the prefix of a Google token, not a token: exit 3,
/// and so is one holding a byte no Google token has.
#[test]
fn a_bare_google_prefix_is_not_a_token() {
    for (bad, why) in [
        ("ya29.", "nothing after it"),
        ("ya29.abc def", "byte 8 is outside"),
    ] {
        let out = inspect(bad, &[]);
        assert_eq!(out.status.code(), Some(3), "{bad}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(why), "{stderr}");
    }
    assert_eq!(inspect("ya29.a0Af-b_c.d", &[]).status.code(), Some(0));
}

/// `alg: none` is an unsigned token, which validating servers refuse: a
/// failed check of its own.
#[test]
fn an_unsigned_token_fails_the_algorithm_check() {
    let t = now();
    let claims = json!({
        "aud": "https://outlook.office.com", "iss": format!("https://sts.windows.net/{TENANT}/"),
        "exp": t + 600, "scp": "SMTP.Send", "upn": USER,
    });
    let token = unsigned(&json!({"alg": "none", "typ": "JWT"}), &claims);
    let out = inspect(&token, &["--protocol", "smtp"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(
        checks(&out.stdout),
        ["FAIL algorithm", "ok audience", "ok scope", "ok expiry"]
    );
    // The same claims, signed: no algorithm finding.
    let out = inspect(&jwt(&claims), &["--protocol", "smtp"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        checks(&out.stdout),
        ["ok audience", "ok scope", "ok expiry"]
    );
}

/// An `exp` given as a string is malformed, a failure, not "no exp".
#[test]
fn a_string_exp_is_malformed_not_missing() {
    let token = delegated(json!({"exp": (now() + 600).to_string()}));
    let out = inspect(&token, &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("FAIL expiry: the exp claim is malformed"),
        "{stdout}"
    );
    assert!(!stdout.contains("no exp claim"), "{stdout}");
    let out = inspect(&delegated(json!({"exp": null})), &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("no exp claim"));
}
