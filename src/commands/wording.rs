//! The library's errors in the command line's words: where an error names
//! a setting or suggests one, the message names the option that gives it.
//! Every message the binary prints for a library error comes through
//! [`message`].

#[cfg(feature = "net")]
use saslenc::login::{tls::Verification, Choice, Warning};
use saslenc::{Error, Setting, Trust};

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
        Setting::ClientCa => "--client-ca",
        Setting::ChannelBinding => "--channel-binding",
        // A setting added to the library before it has an option here is
        // named as the library names it.
        _ => "",
    }
}

/// The one-line message for `err`, naming options where the library names
/// settings.
pub(crate) fn message(err: &super::Error) -> String {
    match err {
        super::Error::Lib(err) => library_message(err),
        err => super::screen::shown(&err.to_string()).into_string(),
    }
}

/// [`message`] for the library's error.
pub(crate) fn library_message(err: &Error) -> String {
    super::screen::shown(&words(err)).into_string()
}

/// The message of [`message`], before the boundary.
fn words(err: &Error) -> String {
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
        Error::NoUser {
            format: "DIGEST-MD5",
        } => "--user: a DIGEST-MD5 secret hashes user:realm:password: give --user USER or \
              --user USER@REALM"
            .to_owned(),
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
        Error::CertificateKey {
            side: "server",
            reason,
        } => format!(
            "--cert and --key do not make a TLS server: {}",
            if reason.contains("KeyMismatch") {
                "the key is not the key of the certificate"
            } else {
                reason
            }
        ),
        Error::Untrusted {
            server,
            reason,
            trust,
        } => format!(
            "TLS with {server} failed: {reason} ({})",
            trust_hint(*trust)
        ),
        Error::NoStartTls { word } => format!(
            "the server does not offer {word}, and TLS is required (use the implicit-TLS scheme, \
             or --no-tls with --allow-cleartext to log in without TLS)"
        ),
        Error::NoMechanismBeforeTls { .. } => format!("{err}; drop --no-tls"),
        Error::NotOffered { .. } => format!("{err}; --force-mech tries it anyway"),
        Error::TlsAlert { alert, .. } if alert == "certificate_required" => {
            format!("{err}; give one with --cert and --key")
        }
        Error::Cleartext { .. } => format!("{err}; add --allow-cleartext to do it anyway"),
        // OAUTHBEARER's host (RFC 7628 section 3.1): left out by leaving
        // out its option.
        Error::Empty { field: "host", .. } => {
            "host is empty; leave out --host rather than sending host=".to_owned()
        }
        Error::CredentialsInUrl => "URL: no user or password in the URL: give the user with \
                                    --user, and the password from a file, the environment, a \
                                    descriptor or the prompt"
            .to_owned(),
        _ => err.to_string(),
    }
}

/// How to trust a certificate, with the options that do it.
fn trust_hint(trust: Trust) -> String {
    match trust {
        Trust::AnchorOrPin => "the issuer is not in the platform's trust store; for a private CA \
                               or a self-signed server certificate give it with --cafile, or \
                               pin it with --pin-sha256"
            .to_owned(),
        Trust::NotAmongAnchors => {
            "the certificate does not chain to a certificate in --cafile".to_owned()
        }
        Trust::ServerIsCa => "the server's certificate is a CA certificate, as `openssl req \
                              -x509` makes them: give the server's own certificate with \
                              --cafile, or pin it with --pin-sha256"
            .to_owned(),
        // Advice added to the library before it has words here.
        _ => trust.to_string(),
    }
}

/// Why a mechanism was chosen, naming the options that chose it.
#[cfg(feature = "net")]
pub(crate) fn choice(mechanism: &str, choice: &Choice) -> String {
    match choice {
        Choice::Asked => format!("{mechanism} was asked for with --mech"),
        Choice::Forced { offered } => {
            format!("{mechanism} was asked for with --force-mech; the server offers {offered}")
        }
        Choice::EachOffered => {
            format!("--all tries each mechanism the server offers; this is {mechanism}")
        }
        Choice::Certificate { offered } => format!(
            "{mechanism} logs in with the certificate of --cert, preferred where the server \
             offers {mechanism} over TLS (it offers {offered})"
        ),
        _ => choice.sentence(mechanism),
    }
}

/// How the certificate was trusted, naming the option that decided it.
#[cfg(feature = "net")]
pub(crate) fn verification(verification: Verification) -> String {
    match verification {
        Verification::Unverified => "not verified (--insecure)".to_owned(),
        Verification::Pinned => "pinned (--pin-sha256)".to_owned(),
        Verification::Anchors => "verified against --cafile".to_owned(),
        _ => verification.to_string(),
    }
}

/// A warning, led by the option that called for it.
#[cfg(feature = "net")]
pub(crate) fn warning(warning: &Warning) -> String {
    match warning {
        Warning::Unverified => format!("--insecure: {warning}"),
        Warning::Unencrypted => format!("--no-tls: {warning}"),
        _ => warning.to_string(),
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
            library_message(&err),
            "user has a character at character position 1 that ISO-8859-1 cannot represent; \
             use --charset utf-8 or change the user"
        );
        let err = saslenc::field::saslprep("password", "a\u{7}").unwrap_err();
        assert!(
            library_message(&err)
                .ends_with("; if the server does not apply SASLprep, use --no-saslprep"),
            "{}",
            library_message(&err)
        );
        let spec = Spec::new(
            Scheme::Scram(saslenc::mech::ScramHash::Sha256),
            Format::Dovecot,
        )
        .unwrap();
        let err = spec.clone().with_iterations(100).unwrap_err();
        assert!(
            library_message(&err).starts_with("--iterations: 100 is below 4096"),
            "{}",
            library_message(&err)
        );
        let err = spec.with_salt(vec![7]).unwrap_err();
        assert!(
            library_message(&err).starts_with("--salt: the salt is 1 byte;"),
            "{}",
            library_message(&err)
        );
        let err = Spec::new(Scheme::CramMd5, Format::Postgres).unwrap_err();
        assert!(
            library_message(&err).starts_with("--format: "),
            "{}",
            library_message(&err)
        );
        let pgbouncer = Spec::new(
            Scheme::Scram(saslenc::mech::ScramHash::Sha256),
            Format::Pgbouncer,
        )
        .unwrap();
        let err = pgbouncer.make(None, b"pencil").err().unwrap();
        assert_eq!(
            library_message(&err),
            "--user: --format pgbouncer names the user: give one"
        );
        let key = "A".repeat(86);
        let text = format!("{{SCRAM-SHA-512}}4294967295,AAECAwQFBgcICQoLDA0ODw==,{key}==,{key}==");
        let err = stored::verify(&text, b"password", Prep::SaslPrep).unwrap_err();
        assert!(
            library_message(&err)
                .ends_with("; give --max-iterations 4294967295 to check it anyway"),
            "{}",
            library_message(&err)
        );
        #[cfg(feature = "net")]
        {
            let err = saslenc::login::tls::parse_pin("ab:cd").unwrap_err();
            assert!(
                library_message(&err).starts_with(
                    "--pin-sha256 takes the SHA-256 of the certificate's DER encoding: "
                ),
                "{}",
                library_message(&err)
            );
            let err: saslenc::Error = "GSSAPI".parse::<saslenc::mech::Kind>().unwrap_err().into();
            assert!(
                library_message(&err)
                    .starts_with("--mech: saslenc has no mechanism GSSAPI; it has "),
                "{}",
                library_message(&err)
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
            library_message(&err)
                .starts_with("no password given and standard input is not a terminal"),
            "{}",
            library_message(&err)
        );
        let err = saslenc::mech::Kind::Plain
            .client(&saslenc::mech::Credentials::default())
            .err()
            .unwrap();
        assert!(
            library_message(&err).starts_with("--user is required"),
            "{}",
            library_message(&err)
        );
        #[cfg(feature = "net")]
        {
            // The live login's errors, reasons and warnings: the library
            // names no option, the binary names the one that applies.
            let errors = [
                (
                    Error::Untrusted {
                        server: "h:993".into(),
                        reason: "invalid peer certificate: UnknownIssuer".into(),
                        trust: Trust::AnchorOrPin,
                    },
                    "give it with --cafile, or pin it with --pin-sha256)",
                ),
                (
                    Error::Untrusted {
                        server: "h:993".into(),
                        reason: "invalid peer certificate: UnknownIssuer".into(),
                        trust: Trust::NotAmongAnchors,
                    },
                    "(the certificate does not chain to a certificate in --cafile)",
                ),
                (
                    Error::Untrusted {
                        server: "h:993".into(),
                        reason: "invalid peer certificate: Other(CaUsedAsEndEntity)".into(),
                        trust: Trust::ServerIsCa,
                    },
                    "give the server's own certificate with --cafile, or pin it with --pin-sha256)",
                ),
                (
                    Error::NoStartTls { word: "STLS" },
                    "or --no-tls with --allow-cleartext to log in without TLS)",
                ),
                (
                    Error::NoMechanismBeforeTls { word: "STARTTLS" },
                    "as servers commonly do; drop --no-tls",
                ),
                (
                    Error::NotOffered {
                        mechanism: "CRAM-MD5",
                        offered: "PLAIN".into(),
                    },
                    "(it offers PLAIN); --force-mech tries it anyway",
                ),
                (
                    Error::TlsAlert {
                        alert: "certificate_required".into(),
                        meaning: ": the server requires a client certificate, and none was sent",
                    },
                    "and none was sent; give one with --cert and --key",
                ),
                (
                    Error::Cleartext {
                        mechanism: "PLAIN",
                        what: "password",
                    },
                    "PLAIN would send the password itself without TLS; add --allow-cleartext to \
                     do it anyway",
                ),
                (
                    saslenc::login::url::Target::parse("imaps://u:hunter2@h").unwrap_err(),
                    "give the user with --user, and the password from",
                ),
                (
                    saslenc::mech::oauthbearer::OAuthBearer::new("u", Some(""), None, "t")
                        .err()
                        .unwrap(),
                    "host is empty; leave out --host rather than sending host=",
                ),
            ];
            for (err, said) in errors {
                assert!(!err.to_string().contains("--"), "{err}");
                assert!(
                    library_message(&err).contains(said),
                    "{}",
                    library_message(&err)
                );
                assert_eq!(
                    library_message(&err).matches(" (").count(),
                    err.to_string().matches(" (").count()
                );
            }
            let offered = "PLAIN LOGIN".to_owned();
            for (why, said) in [
                (Choice::Asked, "PLAIN was asked for with --mech"),
                (
                    Choice::Forced { offered },
                    "PLAIN was asked for with --force-mech; the server offers PLAIN LOGIN",
                ),
                (
                    Choice::EachOffered,
                    "--all tries each mechanism the server offers; this is PLAIN",
                ),
                (
                    Choice::Certificate {
                        offered: "PLAIN EXTERNAL".into(),
                    },
                    "PLAIN logs in with the certificate of --cert, preferred where the server \
                     offers PLAIN over TLS (it offers PLAIN EXTERNAL)",
                ),
            ] {
                assert!(!why.sentence("PLAIN").contains("--"));
                assert_eq!(choice("PLAIN", &why), said);
            }
            for (trusted, said) in [
                (Verification::Unverified, "not verified (--insecure)"),
                (Verification::Pinned, "pinned (--pin-sha256)"),
                (Verification::Anchors, "verified against --cafile"),
            ] {
                assert!(!trusted.to_string().contains("--"));
                assert_eq!(verification(trusted), said);
            }
            for (found, said) in [
                (
                    Warning::Unverified,
                    "--insecure: the server's certificate is not verified",
                ),
                (
                    Warning::Unencrypted,
                    "--no-tls: this session is not encrypted",
                ),
            ] {
                assert!(!found.to_string().contains("--"));
                assert!(warning(&found).starts_with(said), "{}", warning(&found));
            }
        }
        // Elsewhere the library's own words stand.
        let err = saslenc::field::utf8("user", b"\xff").unwrap_err();
        assert_eq!(library_message(&err), err.to_string());
    }
}
