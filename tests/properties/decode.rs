//! Properties that define correctness, over generated inputs. Case counts
//! are kept small: some properties start a real shell.

use std::process::Command;

use proptest::prelude::*;
use saslenc::decode::decode_line;
use saslenc::encoding;
use saslenc::explain::shell::{bash_echo, dash_echo};
use saslenc::layout::{explain_exchange, Layout};
use saslenc::mech::{Login, Messages, Plain};
use saslenc::protocol::pasted;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

fn plain_layout(authzid: &str, user: &str, pass: &str) -> Layout {
    let mut plain = Plain::new(authzid, user, pass, Default::default()).unwrap();
    let exchange = Messages::run(&mut plain, &[]).unwrap();
    explain_exchange(&plain, &exchange, &[]).remove(0)
}

fn field_value(layout: &Layout, name: &str) -> Vec<u8> {
    layout
        .fields()
        .find(|f| f.name == name)
        .map(|f| f.value.to_vec())
        .unwrap_or_else(|| panic!("no field {name}"))
}

fn sh(shell: &str, script: &str) -> Vec<u8> {
    let output = Command::new(shell).arg("-c").arg(script).output().unwrap();
    assert!(output.status.success(), "{shell} failed on {script:?}");
    output.stdout
}

proptest! {
    #![proptest_config(config(256))]

    /// No text makes the line parser or the decoder panic.
    #[test]
    fn no_line_makes_the_parser_panic(line in any::<String>()) {
        let _ = pasted::parse("input", &line);
        let _ = pasted::payload("input", &line);
        let _ = decode_line("input", &line);
    }

    /// No decoded bytes make a recogniser panic, whatever form the line has.
    #[test]
    fn no_bytes_make_a_recogniser_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..80),
        prefix in prop_oneof![
            Just(""), Just("334 "), Just("+ "), Just("AUTH PLAIN "), Just("AUTH XOAUTH2 "),
            Just("AUTH OAUTHBEARER "), Just("A1 AUTHENTICATE SCRAM-SHA-256 "), Just("AUTH CRAM-MD5 "),
        ],
    ) {
        let b64 = encoding::encode(&bytes);
        if let Ok(decoded) = decode_line("input", &format!("{prefix}{}", &*b64)) {
            // Whatever the fields, they put the same bytes back together.
            prop_assert_eq!(&decoded.layout.bytes()[..], &bytes[..]);
        }
    }

    /// Shaped bytes with control characters, NULs and ^A in odd places.
    #[test]
    fn near_miss_shapes_do_not_panic(
        head in prop_oneof![Just("user="), Just("n,a="), Just("n,,n="), Just("c=biws,r="), Just("r=")],
        body in "[a-z=,\\x00\\x01 ]{0,30}",
    ) {
        let b64 = encoding::encode(format!("{head}{body}").as_bytes());
        let _ = decode_line("input", &b64);
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// decode(encode(fields)) gives the PLAIN fields back.
    #[test]
    fn plain_round_trips_through_decode(
        authzid in "[^\\x00]{0,12}",
        user in "[^\\x00]{1,12}",
        pass in "[^\\x00]{1,24}",
    ) {
        let layout = plain_layout(&authzid, &user, &pass);
        let decoded = decode_line("input", &format!("AUTH PLAIN {}", &*layout.base64())).unwrap();
        prop_assert_eq!(field_value(&decoded.layout, "authzid"), authzid.as_bytes());
        prop_assert_eq!(field_value(&decoded.layout, "authcid"), user.as_bytes());
        prop_assert_eq!(field_value(&decoded.layout, "passwd"), pass.as_bytes());
        // Guessed from the bare base64 too.
        let guessed = decode_line("input", &layout.base64()).unwrap();
        prop_assert_eq!(guessed.mechanism.as_deref(), Some("PLAIN"));
    }

    /// Masked output never contains the secret, as text or as hex.
    #[test]
    fn masked_output_never_contains_the_secret(
        user in "[a-z]{1,8}",
        pass in "[A-Z][A-Za-z0-9%\\\\'\"$ ]{7,20}",
    ) {
        let layout = plain_layout("", &user, &pass);
        let decoded = decode_line("input", &layout.base64()).unwrap();
        let hex_pass = hex::encode(&pass);
        for masked in [
            layout.report(false),
            layout.escaped(false),
            layout.hex_dump(false),
            decoded.escaped(false),
            decoded.summary(),
        ] {
            prop_assert!(!masked.contains(&pass), "{}", masked);
        }
        prop_assert!(!layout.hex(false).contains(&hex_pass));
        prop_assert!(!decoded.layout.hex(false).contains(&hex_pass));
        prop_assert!(layout.report(true).contains(&saslenc::field::escape(pass.as_bytes())));
    }

    /// LOGIN's two messages are the bare fields.
    #[test]
    fn login_layouts_are_the_messages(user in "[^\\x00]{1,12}", pass in "[^\\x00]{1,12}") {
        let mut login = Login::new(&user, &pass, Default::default()).unwrap();
        let exchange = Messages::run(&mut login, &saslenc::mech::login::PROMPTS).unwrap();
        let layouts = explain_exchange(&login, &exchange, &saslenc::mech::login::PROMPTS);
        prop_assert_eq!(&layouts[0].bytes()[..], user.as_bytes());
        prop_assert_eq!(&layouts[1].bytes()[..], pass.as_bytes());
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// The printf pipeline, run by a real sh, prints the same base64, for
    /// any text (control characters, quotes, %, \, non-ASCII, leading -).
    #[test]
    fn the_printf_pipeline_is_exact_in_sh(
        authzid in "[^\\x00]{0,8}",
        user in "[^\\x00]{1,8}",
        pass in "[^\\x00]{1,16}",
    ) {
        let layout = plain_layout(&authzid, &user, &pass);
        let shell = layout.shell(true);
        let script = format!("{}\n{}", shell.assignments.join("\n"), shell.pipeline);
        let out = sh("sh", &script);
        let expected = layout.base64().to_string();
        prop_assert_eq!(String::from_utf8(out).unwrap(), expected, "{}", script);
    }

    /// The emulations of dash's and bash's echo match the real ones.
    #[test]
    fn echo_emulation_matches_the_shells(arg in "[-a-z0-9\\\\]{0,12}") {
        let quoted = format!("'{arg}'");
        if Command::new("dash").arg("-c").arg("true").output().is_ok() {
            prop_assert_eq!(sh("dash", &format!("echo {quoted}")), dash_echo(arg.as_bytes()).to_vec());
        }
        prop_assert_eq!(sh("bash", &format!("echo {quoted}")), bash_echo(arg.as_bytes()).to_vec());
    }
}
