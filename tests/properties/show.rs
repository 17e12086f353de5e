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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A secret's form that a server folds across the lines of one
    /// multi-line reply, cut at any characters, is in no line of the
    /// transcript nor in the lines read together; and each piece of it
    /// long enough to be masked is masked in whatever else is shown of the
    /// session (a verdict quoting one line).
    #[test]
    fn a_secret_folded_across_reply_lines_is_masked(
        secret in "[^\u{0}-\u{1f}\u{7f}-\u{9f}]{8,40}",
        which in any::<proptest::sample::Index>(),
        cuts in proptest::collection::vec(any::<proptest::sample::Index>(), 1..4),
        pad in "[a-z ]{0,12}",
    ) {
        // The forms a peer echoes: not saslenc's own escaped writing.
        let escaped = saslenc::field::escape(secret.as_bytes());
        let all: Vec<String> = forms(&secret).into_iter().filter(|f| *f != escaped || *f == secret).collect();
        let form = which.get(&all).clone();
        let chars: Vec<char> = form.chars().collect();
        let mut at: Vec<usize> = cuts.iter().map(|c| c.index(chars.len() + 1)).collect();
        at.push(0);
        at.push(chars.len());
        at.sort_unstable();
        at.dedup();
        let pieces: Vec<String> = at.windows(2).map(|w| chars[w[0]..w[1]].iter().collect()).collect();
        let mut transcript = saslenc::transcript::Transcript::new(false);
        transcript.add_secret(secret.as_bytes());
        let last = pieces.len() - 1;
        for (i, piece) in pieces.iter().enumerate() {
            let line = match i {
                0 if last == 0 => format!("535 5.7.8 {pad}{piece} refused"),
                0 => format!("535-5.7.8 {pad}{piece}"),
                i if i == last => format!("535 5.7.8 {piece} refused"),
                _ => format!("535-5.7.8 {piece}"),
            };
            transcript.server(line.as_bytes());
        }
        let texts: Vec<&str> = transcript.entries.iter().map(|e| e.text.as_str()).collect();
        let joined: String = texts.iter().map(|t| t.get(10..).unwrap_or_default()).collect();
        let form_shown = saslenc::field::escape(form.as_bytes());
        prop_assert!(!joined.contains(&form_shown), "{:?} in {:?}", form, texts);
        for text in &texts {
            prop_assert!(!text.contains(&form_shown), "{:?} in {:?}", form, text);
        }
        // A form that is the secret whole (not a message holding it) has
        // no piece that is not secret.
        let whole = crate::secret_forms::forms_of(secret.as_bytes()).contains(&form);
        // Base64's padding carries none of the secret's bits: a piece of
        // a base64 form is long enough to be masked by what else it holds.
        let base64 = {
            use base64::Engine as _;
            let b64 = base64::engine::general_purpose::STANDARD.encode(secret.as_bytes());
            [b64.clone(), b64.replace('+', "-").replace('/', "_")].contains(&form)
        };
        let padding: &[char] = if base64 { &['='] } else { &[] };
        let long_enough = |p: &&String| p.trim_end_matches(padding).len() >= saslenc::show::MIN_MASKED_LEN;
        for piece in pieces.iter().filter(|p| whole && long_enough(p)) {
            let reply = format!("535 5.7.8 {piece}");
            let shown = transcript
                .secrets()
                .text(&format!("refused: {}", saslenc::field::peer(reply.as_bytes())));
            let piece_shown = saslenc::field::escape(piece.as_bytes());
            prop_assert!(!shown.as_str().contains(&piece_shown), "{:?} in {:?}", piece, shown);
        }
    }
}
