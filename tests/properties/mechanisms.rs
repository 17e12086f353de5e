//! Properties that define correctness, over generated inputs.

use proptest::prelude::*;
use saslenc::exchange::{self, Streams};
use saslenc::layout::{explain_exchange, Explain};
use saslenc::mech::scram::{Prep, Scram, ScramHash};
use saslenc::mech::{Login, Mechanism, Messages, OAuthBearer, XOAuth2};
use saslenc::protocol::{pasted, reply};
use saslenc::{encoding, field};

/// Undoes RFC 5801 `saslname` escaping, written here independently.
fn unescape_saslname(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('=') {
        out.push_str(&rest[..i]);
        match rest.get(i..i + 3)? {
            "=2C" => out.push(','),
            "=3D" => out.push('='),
            _ => return None,
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    Some(out)
}

/// Characters allowed in an OAuth user or host: anything but controls.
fn oauth_text() -> impl Strategy<Value = String> {
    "[^\\x00-\\x1f\\x7f]{1,40}"
}

fn b64token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._~+/-]{1,60}={0,2}"
}

/// Every explained message has the bytes sent, and its masked report holds
/// neither `secret` nor its hex.
fn explained_and_masked<M: Mechanism + Explain>(
    mechanism: &mut M,
    challenges: &[&[u8]],
    secret: &str,
) -> Result<(), TestCaseError> {
    let exchange = Messages::run(mechanism, challenges).unwrap();
    let layouts = explain_exchange(mechanism, &exchange, challenges);
    let messages: Vec<&[u8]> = exchange
        .initial
        .iter()
        .chain(&exchange.responses)
        .map(|m| &m[..])
        .collect();
    prop_assert_eq!(layouts.len(), messages.len());
    for (layout, message) in layouts.iter().zip(messages) {
        prop_assert_eq!(&layout.bytes()[..], message);
        let report = layout.report(false);
        prop_assert!(!report.contains(secret), "{}", report);
        prop_assert!(!report.contains(&hex::encode(secret)), "{}", report);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn saslname_round_trips_and_hides_separators(name in ".{0,40}") {
        let escaped = field::saslname(&name);
        prop_assert!(!escaped.contains(','));
        prop_assert_eq!(unescape_saslname(&escaped), Some(name));
    }

    #[test]
    fn xoauth2_fields_come_back(user in oauth_text(), token in b64token()) {
        let mut x = XOAuth2::new(&user, &token).unwrap();
        let message = x.initial().unwrap().unwrap();
        let text = std::str::from_utf8(&message).unwrap();
        let fields: Vec<&str> = text.split('\x01').collect();
        prop_assert_eq!(fields.len(), 4);
        prop_assert_eq!(fields[0].strip_prefix("user="), Some(user.as_str()));
        prop_assert_eq!(fields[1].strip_prefix("auth=Bearer "), Some(token.as_str()));
        prop_assert_eq!(&fields[2..], &["", ""]);
    }

    #[test]
    fn oauthbearer_fields_come_back(
        user in oauth_text(),
        host in proptest::option::of(oauth_text()),
        port in proptest::option::of(any::<u16>()),
        token in b64token(),
    ) {
        let mut b = OAuthBearer::new(&user, host.as_deref(), port, &token).unwrap();
        let message = b.initial().unwrap().unwrap();
        let text = std::str::from_utf8(&message).unwrap();
        let (gs2, rest) = text.split_once(",\x01").unwrap();
        let authzid = gs2.strip_prefix("n,a=").unwrap();
        prop_assert_eq!(unescape_saslname(authzid), Some(user));
        let rest = rest.strip_suffix("\x01\x01").unwrap();
        let mut got_host = None;
        let mut got_port = None;
        let mut got_token = None;
        for pair in rest.split('\x01') {
            let (key, value) = pair.split_once('=').unwrap();
            match key {
                "host" => got_host = Some(value.to_owned()),
                "port" => got_port = Some(value.parse::<u16>().unwrap()),
                "auth" => got_token = value.strip_prefix("Bearer ").map(str::to_owned),
                other => prop_assert!(false, "unexpected key {other}"),
            }
        }
        prop_assert_eq!(got_host, host);
        prop_assert_eq!(got_port, port);
        prop_assert_eq!(got_token, Some(token));
    }

    #[test]
    fn oauth_reports_have_the_bytes_and_hide_the_token(
        user in oauth_text(),
        host in proptest::option::of(oauth_text()),
        token in "[A-Za-z0-9._~+/-]{16,60}",
    ) {
        explained_and_masked(&mut XOAuth2::new(&user, &token).unwrap(), &[], &token)?;
        let mut bearer = OAuthBearer::new(&user, host.as_deref(), Some(993), &token).unwrap();
        explained_and_masked(&mut bearer, &[], &token)?;
    }

    #[test]
    fn base64_output_has_no_white_space(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = encoding::encode(&bytes);
        prop_assert!(!text.chars().any(char::is_whitespace));
        prop_assert_eq!(&encoding::decode("x", &text).unwrap()[..], &bytes[..]);
    }

    #[test]
    fn no_server_line_makes_the_parsers_panic(line in ".{0,80}") {
        let _ = reply::classify(&line, reply::Expect::default());
        let _ = pasted::challenge("challenge", &line);
    }

    #[test]
    fn no_server_first_or_final_makes_scram_panic(first in ".{0,80}", last in ".{0,60}") {
        let mut scram = Scram::new(ScramHash::Sha1, "", "u", "p", "abc", Prep::SaslPrep).unwrap();
        scram.initial().unwrap();
        // Make most inputs get past the nonce check, with a cheap count.
        let first = format!("r=abc{first},s=QSXCR+Q6sek8bf92,i=1");
        if scram.respond(first.as_bytes()).is_ok() {
            let _ = scram.respond(last.as_bytes());
        }
    }

    /// Explained or not, the notes never show the password.
    #[test]
    fn no_input_makes_a_conversation_panic(
        input in proptest::collection::vec(any::<u8>(), 0..200),
        explain in any::<bool>(),
    ) {
        let mut login = Login::new("user", "pencil", Default::default()).unwrap();
        let (mut output, mut notes) = (Vec::new(), Vec::new());
        let mut reader = &input[..];
        let mut streams = Streams {
            input: &mut reader,
            output: &mut output,
            notes: &mut notes,
            prompt: false,
            explain,
            show_secrets: false,
            secrets: Default::default(),
        };
        let _ = exchange::run(&mut login, None, &mut streams);
        let notes = String::from_utf8_lossy(&notes);
        prop_assert!(!notes.contains("pencil"));
        prop_assert!(!notes.contains(&hex::encode("pencil")));
    }

    #[test]
    fn scram_reports_have_the_bytes_and_hide_the_proof(
        user in "[^\\x00-\\x1f\\x7f]{1,20}",
        authzid in "[a-z,=]{0,8}",
        password in "[A-Za-z0-9]{1,20}",
    ) {
        let mut scram = Scram::new(ScramHash::Sha256, &authzid, &user, &password, "abc", Prep::None).unwrap();
        let server_first = b"r=abcdef,s=QSXCR+Q6sek8bf92,i=2";
        let exchange = Messages::run(&mut scram, &[server_first]).unwrap();
        let client_final = std::str::from_utf8(&exchange.responses[0]).unwrap();
        let proof = client_final.rsplit_once(",p=").unwrap().1.to_owned();
        let mut scram = Scram::new(ScramHash::Sha256, &authzid, &user, &password, "abc", Prep::None).unwrap();
        explained_and_masked(&mut scram, &[server_first], &proof)?;
    }
}
