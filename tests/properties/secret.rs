//! Properties of stored secrets: `verify` accepts every secret saslenc
//! makes, for its password only, in every format; no text makes the
//! parser (or the batch reader) panic.

use proptest::prelude::*;
use saslenc::mech::scram::{Prep, ScramHash};
use saslenc::stored::{batch, parse, verify, Format, Scheme, Spec};
use saslenc::{field, Error};

/// Every scheme with every format that holds it.
fn spec() -> impl Strategy<Value = (Scheme, Format)> {
    use ScramHash::*;
    prop_oneof![
        Just((Scheme::Scram(Sha1), Format::Dovecot)),
        Just((Scheme::Scram(Sha256), Format::Dovecot)),
        Just((Scheme::CramMd5, Format::Dovecot)),
        Just((Scheme::Scram(Sha256), Format::Postgres)),
        Just((Scheme::Scram(Sha256), Format::PostgresSql)),
        Just((Scheme::Scram(Sha256), Format::Pgbouncer)),
        Just((Scheme::Scram(Sha1), Format::Rfc5803)),
        Just((Scheme::Scram(Sha512), Format::Rfc5803)),
        Just((Scheme::Scram(Sha256), Format::Kafka)),
        Just((Scheme::Scram(Sha512), Format::Kafka)),
    ]
}

/// Passwords SASLprep accepts: printable text in several scripts.
fn password() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 !-/:-@äöüßéñ€漢字Ωж]{1,24}"
        .prop_filter("SASLprep accepts it", |p| field::saslprep("p", p).is_ok())
}

fn prepared(p: &str) -> String {
    field::saslprep("p", p)
        .map(|s| s.to_string())
        .unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// PostgreSQL's rule, for any text: a verifier saslenc makes for a
    /// PostgreSQL format is that of PostgreSQL's bytes for the password
    /// (SASLprep'd, or as typed when SASLprep refuses it or leaves
    /// nothing), `verify` accepts the password, and without SASLprep the
    /// same verifier comes out exactly when the rule keeps the password.
    #[test]
    fn postgres_verifiers_follow_pg_saslprep(
        password in "[a-z\u{ad}\u{a0}\u{200b}\u{fe0f}\u{2168}\u{627}\u{1f600}\u{7}]{1,6}",
    ) {
        let spec = Spec::new(Scheme::Scram(ScramHash::Sha256), Format::Postgres)
            .unwrap()
            .with_salt((0u8..16).collect())
            .unwrap();
        let made = spec.make(None, password.as_bytes()).unwrap();
        prop_assert!(verify(&made.text, password.as_bytes(), Prep::SaslPrep).is_ok());
        let rule = saslenc::stored::prep::postgres(password.as_bytes());
        let raw = spec.clone().with_prep(Prep::None).make(None, password.as_bytes()).unwrap();
        prop_assert_eq!(*made.text == *raw.text, &rule.bytes[..] == password.as_bytes());
        prop_assert_eq!(made.as_typed.is_some(), rule.as_typed.is_some());
        if rule.as_typed.is_some() {
            prop_assert_eq!(&*made.text, &*raw.text);
        }
    }

    #[test]
    fn verify_accepts_the_password_and_rejects_others(
        (scheme, format) in spec(),
        password in password(),
        other in password(),
        user in "[a-z][a-z0-9._-]{0,12}",
        salt in proptest::collection::vec(any::<u8>(), 8..24),
        no_saslprep in any::<bool>(),
    ) {
        prop_assume!(prepared(&password) != prepared(&other));
        prop_assume!(other != prepared(&password) && password != prepared(&other));
        let prep = if no_saslprep { Prep::None } else { Prep::SaslPrep };
        let mut spec = Spec::new(scheme, format).unwrap();
        if scheme != Scheme::CramMd5 {
            spec = spec.with_salt(salt).unwrap().with_prep(prep);
        }
        let user = format.needs_user().then_some(user.as_str());
        let made = spec.make(user, password.as_bytes()).unwrap();
        let ok = verify(&made.text, password.as_bytes(), Prep::SaslPrep).unwrap();
        prop_assert_eq!(ok.scheme, scheme.name());
        let err = verify(&made.text, other.as_bytes(), Prep::SaslPrep).unwrap_err();
        prop_assert!(matches!(err, Error::Mismatch { .. }), "{}", err);
        // The message does not depend on the password tried: it cannot
        // carry it. (A plain "does not contain" fails by chance when a
        // short password such as "1" is a substring of "SCRAM-SHA-512".)
        // "あ" is outside the generator's alphabet, so never the password.
        let reference = verify(&made.text, "あ".as_bytes(), Prep::SaslPrep).unwrap_err();
        prop_assert_eq!(err.to_string(), reference.to_string());
    }

    #[test]
    fn parse_never_panics_on_any_text(text in "\\PC{0,200}") {
        let _ = parse(&text);
    }

    #[test]
    fn parse_never_panics_near_known_shapes(
        head in prop_oneof![
            Just("{SCRAM-SHA-256}"), Just("{SCRAM-SHA-1}"), Just("{CRAM-MD5}"),
            Just("{PLAIN}"), Just("SCRAM-SHA-256$"), Just("SCRAM-SHA-512=["),
            Just("$scram$"), Just("\""), Just("ALTER ROLE "), Just("u:{"),
            Just("u:SCRAM-SHA-1$"), Just("{"),
        ],
        tail in "[0-9A-Za-z+/=,:$\"'\\[\\]{}. -]{0,120}",
    ) {
        let text = format!("{head}{tail}");
        if let Err(err) = parse(&text) {
            prop_assert!(matches!(err, Error::BadStored { .. }), "{:?}", err);
        }
    }

    #[test]
    fn batch_parse_never_panics(input in proptest::collection::vec(any::<u8>(), 0..400)) {
        let lines = batch::parse(&input);
        for line in lines.into_iter().flatten() {
            prop_assert!(!line.user.is_empty());
        }
    }
}

/// User names of every shape, those that look like another format
/// included (`{bob}`, `"quoted"`, `$scram$x`, `SCRAM-SHA-1`, `ALTER ROLE`).
fn any_user() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9._-]{0,12}",
        Just("{bob}".to_owned()),
        Just("\"quoted\"".to_owned()),
        Just("$scram$x".to_owned()),
        Just("SCRAM-SHA-1".to_owned()),
        Just("ALTER ROLE".to_owned()),
        "[ -~]{1,16}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// `verify` accepts what the generator made, in every format, with and
    /// without a user, whatever the user name looks like. (The `user:`
    /// form of postgres and rfc5803 lines was split at the verifier's own
    /// ':' and refused.)
    #[test]
    fn verify_accepts_every_line_secret_makes(
        (scheme, format) in spec(),
        password in password(),
        user in proptest::option::of(any_user()),
    ) {
        let spec = Spec::new(scheme, format).unwrap();
        // A user name the format cannot hold is refused when made; the
        // property is about what was made.
        let Ok(made) = spec.make(user.as_deref(), password.as_bytes()) else {
            return Ok(());
        };
        let verified = verify(&made.text, password.as_bytes(), Prep::SaslPrep);
        prop_assert!(verified.is_ok(), "{format:?} {user:?}: {:?}", verified.err());
    }
}

/// One batch line for `user` and `password`: `user:password` when the
/// password fits on the line as is, else (or when `tab` says so) the
/// `user<TAB>base64` form.
fn batch_line(user: &str, password: &str, tab: bool) -> String {
    let plain = !password.contains(['\n', '\r']) && !tab;
    if plain {
        format!("{user}:{password}\n")
    } else {
        let b64 = saslenc::encoding::encode(password.as_bytes());
        format!("{user}\t{}\n", b64.as_str())
    }
}

/// User names a batch line can carry: no ':', tab or line end, not
/// starting with '#', in every other shape `any_user` makes.
fn batch_user() -> impl Strategy<Value = String> {
    any_user().prop_filter("fits a batch line", |u| {
        !u.contains([':', '\t', '\n', '\r']) && !u.starts_with('#')
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// A batch file, read and made as `secret --batch` does, gives one
    /// line per user in input order, and `verify` accepts each line with
    /// that user's password; a user name the format cannot hold is an
    /// error for its line, as it is for a single secret.
    #[test]
    fn verify_accepts_every_line_a_batch_makes(
        (scheme, format) in spec(),
        users in proptest::collection::vec((batch_user(), password(), any::<bool>()), 1..6),
    ) {
        let spec = Spec::new(scheme, format).unwrap();
        let input: String = users
            .iter()
            .map(|(user, password, tab)| batch_line(user, password, *tab))
            .collect();
        let entries: Vec<batch::Entry> = batch::parse(input.as_bytes())
            .into_iter()
            .map(|entry| entry.map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()
            .map_err(TestCaseError::fail)?;
        prop_assert_eq!(entries.len(), users.len());
        let made = batch::make_all(&spec, &entries, &|| ());
        for (i, ((user, password, _), result)) in users.iter().zip(made).enumerate() {
            prop_assert_eq!(&entries[i].user, user);
            prop_assert_eq!(entries[i].line, i + 1);
            let single = spec.make(Some(user), password.as_bytes());
            let Ok(made) = result else {
                prop_assert!(single.is_err(), "{format:?} {user:?}: refused in a batch only");
                continue;
            };
            prop_assert!(single.is_ok());
            let verified = verify(&made.text, password.as_bytes(), Prep::SaslPrep);
            prop_assert!(verified.is_ok(), "{format:?} {user:?}: {:?}", verified.err());
        }
    }
}
