//! One layout a message: what `decode` reads from a message a saslenc
//! client built has the fields `--explain` shows for it, name by name and
//! byte by byte.
//!
//! The one difference is said here: decode names the GS2 flag of SCRAM
//! and OAUTHBEARER (`gs2-cbind-flag`), which any client may set, while
//! `--explain` keeps saslenc's fixed `n` in the printf format.

use proptest::prelude::*;
use saslenc::decode::{self, Decoded, Decoder};
use saslenc::encoding;
use saslenc::layout::{explain_exchange, Explain, Layout};
use saslenc::mech::scram::{Prep, Scram, ScramHash};
use saslenc::mech::{
    Anonymous, CramMd5, External, Login, Mechanism, Messages, OAuthBearer, Plain, XOAuth2,
};

type Fields = Vec<(&'static str, Vec<u8>)>;

fn fields(layout: &Layout) -> Fields {
    layout
        .fields()
        .map(|f| (f.name, f.value.to_vec()))
        .collect()
}

/// The `--explain` layouts of `mechanism`'s messages, answering
/// `challenges`.
fn explained<M: Mechanism + Explain>(mechanism: &mut M, challenges: &[&[u8]]) -> Vec<Layout> {
    let exchange = Messages::run(mechanism, challenges).unwrap();
    explain_exchange(mechanism, &exchange, challenges)
}

/// decode's fields equal explain's, with `gs2-cbind-flag` `n` first where
/// `gs2` says the message starts with a GS2 header; the bytes are the same.
fn same(decoded: &Decoded, explained: &Layout, gs2: bool) -> Result<(), TestCaseError> {
    let mut expected = fields(explained);
    if gs2 {
        expected.insert(0, ("gs2-cbind-flag", b"n".to_vec()));
    }
    prop_assert_eq!(fields(&decoded.layout), expected, "{}", decoded.summary());
    prop_assert_eq!(&decoded.layout.bytes()[..], &explained.bytes()[..]);
    Ok(())
}

/// Text without NUL, as most fields allow.
fn text() -> impl Strategy<Value = String> {
    "[^\\x00]{1,16}"
}

/// Text without control characters, as the OAuth fields allow.
fn oauth_text() -> impl Strategy<Value = String> {
    "[^\\x00-\\x1f\\x7f]{1,24}"
}

fn b64token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._~+/-]{1,40}={0,2}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn plain_decodes_to_its_explained_layout(
        authzid in "[^\\x00]{0,12}", user in text(), pass in text(),
    ) {
        let layouts = explained(&mut Plain::new(&authzid, &user, &pass, Default::default()).unwrap(), &[]);
        same(&decode::client_message("PLAIN", &layouts[0].bytes()), &layouts[0], false)?;
        // Recognised from the bytes alone too.
        let guessed = decode::decode_line("input", &layouts[0].base64()).unwrap();
        same(&guessed, &layouts[0], false)?;
    }

    #[test]
    fn login_decodes_to_its_explained_layouts(user in text(), pass in text()) {
        let prompts = saslenc::mech::login::PROMPTS;
        let layouts = explained(&mut Login::new(&user, &pass, Default::default()).unwrap(), &prompts);
        same(&decode::client_message("LOGIN", &layouts[0].bytes()), &layouts[0], false)?;
        let mut decoder = Decoder::default();
        decoder.decode_line("input", &format!("334 {}", &*encoding::encode(prompts[1]))).unwrap();
        let password = decoder.decode_line("input", &layouts[1].base64()).unwrap();
        same(&password, &layouts[1], false)?;
    }

    #[test]
    fn cram_md5_decodes_to_its_explained_layout(user in text(), pass in text()) {
        let challenge: &[u8] = b"<1896.697170952@postoffice.reston.mci.net>";
        let layouts = explained(&mut CramMd5::new(&user, &pass, Default::default()).unwrap(), &[challenge]);
        same(&decode::client_message("CRAM-MD5", &layouts[0].bytes()), &layouts[0], false)?;
    }

    #[test]
    fn xoauth2_decodes_to_its_explained_layout(user in oauth_text(), token in b64token()) {
        let layouts = explained(&mut XOAuth2::new(&user, &token).unwrap(), &[]);
        same(&decode::client_message("XOAUTH2", &layouts[0].bytes()), &layouts[0], false)?;
    }

    #[test]
    fn oauthbearer_decodes_to_its_explained_layout(
        user in proptest::option::of(oauth_text()),
        host in proptest::option::of(oauth_text()),
        port in proptest::option::of(any::<u16>()),
        token in b64token(),
    ) {
        let user = user.unwrap_or_default();
        let mut bearer = OAuthBearer::new(&user, host.as_deref(), port, &token).unwrap();
        let layouts = explained(&mut bearer, &[]);
        same(&decode::client_message("OAUTHBEARER", &layouts[0].bytes()), &layouts[0], true)?;
    }

    #[test]
    fn scram_decodes_to_its_explained_layouts(
        authzid in "[^\\x00]{0,8}",
        user in text(),
        pass in text(),
        client_nonce in "[!-+\\--~]{1,24}",
        server_nonce in "[!-+\\--~]{1,24}",
        iterations in 1u32..8,
        sha256 in any::<bool>(),
    ) {
        let hash = if sha256 { ScramHash::Sha256 } else { ScramHash::Sha1 };
        let mut scram = Scram::new(hash, &authzid, &user, &pass, &client_nonce, Prep::None).unwrap();
        let server_first = format!("r={client_nonce}{server_nonce},s=QSXCR+Q6sek8bf92,i={iterations}");
        let layouts = explained(&mut scram, &[server_first.as_bytes()]);
        same(&decode::client_message(hash.mechanism(), &layouts[0].bytes()), &layouts[0], true)?;
        // client-final is recognised from its bytes: no command names it.
        let last = decode::decode_line("input", &layouts[1].base64()).unwrap();
        prop_assert_eq!(last.what.as_str(), "client-final message");
        same(&last, &layouts[1], false)?;
    }

    #[test]
    fn external_and_anonymous_decode_to_their_explained_layouts(
        authzid in text(), trace in "[ -~]{1,40}",
    ) {
        let layouts = explained(&mut External::new(&authzid).unwrap(), &[]);
        same(&decode::client_message("EXTERNAL", &layouts[0].bytes()), &layouts[0], false)?;
        let layouts = explained(&mut Anonymous::new(&trace).unwrap(), &[]);
        same(&decode::client_message("ANONYMOUS", &layouts[0].bytes()), &layouts[0], false)?;
    }
}
