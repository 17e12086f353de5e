//! Every example of README.md and docs/ (`console` blocks) runs as shown,
//! with the files and variables its text names: `PASS` is `pencil`,
//! `~/.mailpass` holds it, `token.txt` a Google token and `graph.jwt` a
//! Microsoft token issued for Graph three hours ago. The `connect`
//! examples need a live server: the interop suite runs them against its
//! Dovecot (`tests/interop/readme_tests.rs`).

use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::json;

use crate::doc_examples;

/// A delegated token for Microsoft Graph, not Exchange Online, that
/// expired two hours ago: the mistake `token inspect` is for.
fn graph_token() -> String {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let now = i64::try_from(since.as_secs()).unwrap();
    let claims = json!({
        "aud": "https://graph.microsoft.com",
        "iss": "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
        "iat": now - 3 * 3600,
        "nbf": now - 3 * 3600,
        "exp": now - 2 * 3600 - 60,
        "scp": "Mail.Send SMTP.Send User.Read",
        "upn": "alice@contoso.com",
        "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "ver": "1.0",
    });
    encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(b"a key the checks never see"),
    )
    .unwrap()
}

#[test]
fn documented_examples_print_what_the_documentation_says() {
    let dir = crate::common::tempdir();
    std::fs::write(dir.path().join(".mailpass"), "pencil\n").unwrap();
    std::fs::write(
        dir.path().join("token.txt"),
        "ya29.vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("graph.jwt"), graph_token()).unwrap();
    let binary = assert_cmd::cargo::cargo_bin("saslenc");
    let bin = binary.parent().unwrap();

    let examples = doc_examples::all();
    let mut failures = Vec::new();
    let mut ran = 0;
    for example in &examples {
        if example.command.contains("saslenc connect") {
            continue;
        }
        ran += 1;
        if let Err(e) = doc_examples::run(example, dir.path(), bin, &[("PASS", "pencil")]) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The README alone has a dozen; a parser that found none would pass.
    assert!(ran >= 12, "only {ran} examples found");
}
