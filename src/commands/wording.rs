//! The library's errors in the command line's words: where an error names
//! a setting or suggests one, the message names the option that gives it.
//! Every message the binary prints for a library error comes through
//! [`message`].

use saslenc::{Error, Setting};

/// The option that gives `setting`.
fn option(setting: Setting) -> &'static str {
    match setting {
        Setting::Format => "--format",
        Setting::Iterations => "--iterations",
        Setting::Salt => "--salt",
        Setting::Mechanism => "--mech",
        Setting::Pin => "--pin-sha256",
        Setting::Certificate => "--cert",
        Setting::Key => "--key",
        // A setting added to the library before it has an option here is
        // named as the library names it.
        _ => "",
    }
}

/// The one-line message for `err`, naming options where the library names
/// settings.
pub(crate) fn message(err: &Error) -> String {
    match err {
        Error::NotLatin1 { field, .. } => {
            format!("{err}; use --charset utf-8 or change the {field}")
        }
        Error::SaslPrep { .. } => {
            format!("{err}; if the server does not apply SASLprep, use --no-saslprep")
        }
        Error::StoredIterations { iterations, .. } => {
            format!("{err}; give --max-iterations {iterations} to check it anyway")
        }
        Error::OptionRule { setting, rule } => match option(*setting) {
            "" => err.to_string(),
            flag => format!("{flag}: {rule}"),
        },
        Error::SettingForm { setting, takes } => match option(*setting) {
            "" => err.to_string(),
            flag => format!("{flag} takes {takes}"),
        },
        Error::MissingCredential { what, .. } => match *what {
            "password" => super::no_secret("password", super::PASSWORD_SOURCES).to_string(),
            "token" => super::no_secret("token", super::TOKEN_SOURCES).to_string(),
            _ => "--user is required for this mechanism (only ANONYMOUS, EXTERNAL and --probe go \
                  without)"
                .to_owned(),
        },
        Error::NoUser { format } => {
            format!("--user: --format {format} names the user: give one")
        }
        Error::BadFile {
            setting,
            path,
            reason,
        } => match option(*setting) {
            "" => err.to_string(),
            flag => format!("{flag} {}: {reason}", path.display()),
        },
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use saslenc::mech::scram::Prep;
    use saslenc::stored::{self, Format, Scheme, Spec};
    use saslenc::Charset;

    #[test]
    fn names_the_options_where_the_library_names_settings() {
        let err = Charset::Latin1.encode("user", "ü€").unwrap_err();
        assert_eq!(
            message(&err),
            "user has a character at character position 1 that ISO-8859-1 cannot represent; \
             use --charset utf-8 or change the user"
        );
        let err = saslenc::field::saslprep("password", "a\u{7}").unwrap_err();
        assert!(
            message(&err).ends_with("; if the server does not apply SASLprep, use --no-saslprep"),
            "{}",
            message(&err)
        );
        let spec = Spec::new(
            Scheme::Scram(saslenc::mech::ScramHash::Sha256),
            Format::Dovecot,
        )
        .unwrap();
        let err = spec.clone().with_iterations(100).unwrap_err();
        assert!(
            message(&err).starts_with("--iterations: 100 is below 4096"),
            "{}",
            message(&err)
        );
        let err = spec.with_salt(vec![7]).unwrap_err();
        assert!(
            message(&err).starts_with("--salt: the salt is 1 byte;"),
            "{}",
            message(&err)
        );
        let err = Spec::new(Scheme::CramMd5, Format::Postgres).unwrap_err();
        assert!(message(&err).starts_with("--format: "), "{}", message(&err));
        let pgbouncer = Spec::new(
            Scheme::Scram(saslenc::mech::ScramHash::Sha256),
            Format::Pgbouncer,
        )
        .unwrap();
        let err = pgbouncer.make(None, b"pencil").err().unwrap();
        assert_eq!(
            message(&err),
            "--user: --format pgbouncer names the user: give one"
        );
        let key = "A".repeat(86);
        let text = format!("{{SCRAM-SHA-512}}4294967295,AAECAwQFBgcICQoLDA0ODw==,{key}==,{key}==");
        let err = stored::verify(&text, b"password", Prep::SaslPrep).unwrap_err();
        assert!(
            message(&err).ends_with("; give --max-iterations 4294967295 to check it anyway"),
            "{}",
            message(&err)
        );
        #[cfg(feature = "net")]
        {
            let err = saslenc::login::tls::parse_pin("ab:cd").unwrap_err();
            assert!(
                message(&err).starts_with(
                    "--pin-sha256 takes the SHA-256 of the certificate's DER encoding: "
                ),
                "{}",
                message(&err)
            );
            let err: saslenc::Error = "DIGEST-MD5"
                .parse::<saslenc::mech::Kind>()
                .unwrap_err()
                .into();
            assert!(
                message(&err).starts_with("--mech: saslenc has no mechanism DIGEST-MD5; it has "),
                "{}",
                message(&err)
            );
        }
        let err = saslenc::mech::Kind::CramMd5
            .client(&saslenc::mech::Credentials {
                user: Some("u".into()),
                ..Default::default()
            })
            .err()
            .unwrap();
        assert!(
            message(&err).starts_with("no password given and standard input is not a terminal"),
            "{}",
            message(&err)
        );
        let err = saslenc::mech::Kind::Plain
            .client(&saslenc::mech::Credentials::default())
            .err()
            .unwrap();
        assert!(
            message(&err).starts_with("--user is required"),
            "{}",
            message(&err)
        );
        // Elsewhere the library's own words stand.
        let err = saslenc::field::utf8("user", b"\xff").unwrap_err();
        assert_eq!(message(&err), err.to_string());
    }
}
