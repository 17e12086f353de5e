//! The one boundary for what is shown (`saslenc::show`): whatever the
//! bytes, nothing that is not a visible character reaches a screen raw,
//! and a known secret is masked in every form, wherever it stands, before
//! anything is cut.

use proptest::prelude::*;
use saslenc::field::is_invisible;
use saslenc::show::Secrets;

/// A shown text holds no control, format or bidirectional character, and
/// no line end.
fn visible(shown: &str) -> bool {
    shown.chars().all(|c| !is_invisible(c) && !c.is_control())
}

/// The forms of `secret` a peer may echo, and the base64 of two messages
/// that hold it at each alignment.
fn forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let mut forms = crate::secret_forms::forms_of(secret.as_bytes());
    for message in [format!("\0user\0{secret}"), format!("x\0{secret}")] {
        forms.push(base64::engine::general_purpose::STANDARD.encode(message));
    }
    forms
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any bytes from a peer are shown with every byte visible, in text
    /// and in JSON.
    #[test]
    fn any_bytes_are_shown_visibly(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let shown = Secrets::default().bytes(&bytes);
        prop_assert!(visible(shown.as_str()), "{:?}", shown);
        let json = serde_json::to_string(&serde_json::json!({"text": shown.as_str()})).unwrap();
        prop_assert!(visible(&json), "{}", json);
    }

    /// Any text (our words around a peer's marked bytes, any characters)
    /// is shown with every character visible.
    #[test]
    fn any_text_is_shown_visibly(text in "\\PC*|[\u{0}-\u{3000}]{0,300}", peer in proptest::collection::vec(any::<u8>(), 0..400)) {
        let whole = format!("{text}: {}", saslenc::field::peer(&peer));
        let shown = Secrets::default().text(&whole);
        prop_assert!(visible(shown.as_str()), "{:?}", shown);
        prop_assert!(!shown.as_str().contains(saslenc::field::PEER_START));
    }

    /// A secret (8 to 64 characters of any script) in any of its forms,
    /// anywhere in a peer's long reply (across the point where it is cut
    /// too), is not shown.
    #[test]
    fn a_secret_is_masked_in_every_form_before_the_cut(
        secret in "[^\u{0}-\u{1f}\u{7f}-\u{9f}]{8,64}",
        pad in 0usize..260,
        which in any::<proptest::sample::Index>(),
    ) {
        let mut secrets = Secrets::default();
        secrets.add(secret.as_bytes());
        let all = forms(&secret);
        let form = which.get(&all);
        let reply = format!("535 {}{form} and more", "x".repeat(pad));
        for shown in [
            secrets.text(&format!("refused: {}", saslenc::field::peer(reply.as_bytes()))),
            secrets.bytes(reply.as_bytes()),
        ] {
            for f in &all {
                prop_assert!(!shown.as_str().contains(f.as_str()), "{:?} in {:?}", f, shown);
            }
            prop_assert!(!shown.as_str().contains(&saslenc::field::escape(secret.as_bytes())));
        }
    }
}
