//! How each target prepares a password before SCRAM hashes it.
//!
//! | target | rule |
//! |---|---|
//! | PostgreSQL (server, libpq), pgbouncer | `pg_saslprep` (`src/common/saslprep.c`): SASLprep, but a password that is not UTF-8, that maps to nothing, or that holds a prohibited or unassigned character (or breaks the bidi rule) is hashed as typed ([`postgres`]) |
//! | RFC 5803, gsasl | RFC 4013 SASLprep; gsasl refuses a password SASLprep refuses, and hashes the empty string for one that maps to nothing: saslenc refuses that too ([`rfc4013`]) |
//! | Dovecot | none: `doveadm pw` hashes the password's bytes as given; the client's SASLprep decides, so saslenc applies RFC 4013 by default, as gsasl does |
//! | Kafka | none: `ScramFormatter` hashes the password's UTF-8 bytes on both sides, so saslenc never applies SASLprep to a Kafka secret |
//!
//! PostgreSQL's rule differs from RFC 4013 in three more ways, all
//! followed here: pure ASCII is returned as is (control characters
//! included; RFC 4013 refuses them, and the result is the same bytes);
//! the prohibited, unassigned and bidi checks look at the mapped text
//! before normalisation, not after; and an empty result counts as
//! prohibited.

use stringprep::tables;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::{field, Error};

/// Why PostgreSQL hashes a password as typed: `pg_saslprep` did not
/// return `SASLPREP_SUCCESS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsTyped {
    /// The password is not UTF-8 (`SASLPREP_INVALID_UTF8`).
    NotUtf8,
    /// Every character maps to nothing (a soft hyphen alone, say).
    MapsToNothing,
    /// A character is prohibited (RFC 4013 section 2.3) or unassigned in
    /// Unicode 3.2 (section 2.5).
    Prohibited,
    /// Right-to-left and left-to-right text mixed (RFC 3454 section 6).
    Bidi,
}

impl AsTyped {
    /// Why, in words for a note (no character of the password).
    pub fn reason(self) -> &'static str {
        match self {
            AsTyped::NotUtf8 => "the password is not UTF-8",
            AsTyped::MapsToNothing => {
                "SASLprep maps every character of the password to nothing (RFC 4013 section 2.1)"
            }
            AsTyped::Prohibited => {
                "SASLprep refuses a character of the password (prohibited or unassigned, RFC \
                 4013 sections 2.3 and 2.5)"
            }
            AsTyped::Bidi => {
                "SASLprep refuses the password's mix of right-to-left and left-to-right text \
                 (RFC 3454 section 6)"
            }
        }
    }
}

/// A password as a target hashes it.
pub struct Prepared {
    /// The bytes PBKDF2 is given.
    pub bytes: Zeroizing<Vec<u8>>,
    /// Whether they differ from the password as typed.
    pub changed: bool,
    /// Set when the rule fell back to the password as typed.
    pub as_typed: Option<AsTyped>,
}

/// PostgreSQL's `pg_saslprep`, and what its callers (`scram_build_secret`
/// in the server, `pg_fe_scram_build_secret` and the SCRAM exchange in
/// libpq) do when it fails: use the password as typed.
pub fn postgres(password: &[u8]) -> Prepared {
    let as_typed = |why| Prepared {
        bytes: Zeroizing::new(password.to_vec()),
        changed: false,
        as_typed: Some(why),
    };
    if password.is_ascii() {
        return Prepared {
            bytes: Zeroizing::new(password.to_vec()),
            changed: false,
            as_typed: None,
        };
    }
    let Ok(text) = std::str::from_utf8(password) else {
        return as_typed(AsTyped::NotUtf8);
    };
    // 1) Map: non-ASCII spaces to SPACE, B.1 to nothing; in that order,
    // as PostgreSQL does, so that U+200B (in both tables) becomes SPACE.
    let mapped: Zeroizing<String> = Zeroizing::new(
        text.chars()
            .filter_map(|c| {
                if tables::non_ascii_space_character(c) {
                    Some(' ')
                } else if tables::commonly_mapped_to_nothing(c) {
                    None
                } else {
                    Some(c)
                }
            })
            .collect(),
    );
    if mapped.is_empty() {
        return as_typed(AsTyped::MapsToNothing);
    }
    // 3) Prohibit, and 4) bidi: PostgreSQL checks the mapped characters,
    // before normalisation.
    if mapped
        .chars()
        .any(|c| prohibited(c) || tables::unassigned_code_point(c))
    {
        return as_typed(AsTyped::Prohibited);
    }
    if mapped.chars().any(tables::bidi_r_or_al) {
        let first = mapped.chars().next().is_some_and(tables::bidi_r_or_al);
        let last = mapped.chars().last().is_some_and(tables::bidi_r_or_al);
        if mapped.chars().any(tables::bidi_l) || !first || !last {
            return as_typed(AsTyped::Bidi);
        }
    }
    // 2) Normalise (NFKC).
    let normalized: Zeroizing<String> = Zeroizing::new(mapped.nfkc().collect());
    let bytes = Zeroizing::new(normalized.as_bytes().to_vec());
    Prepared {
        changed: bytes[..] != *password,
        bytes,
        as_typed: None,
    }
}

/// PostgreSQL's `prohibited_output_ranges`: RFC 3454 tables C.1.2, C.2.1,
/// C.2.2, C.3 to C.9.
fn prohibited(c: char) -> bool {
    tables::non_ascii_space_character(c)
        || tables::ascii_control_character(c)
        || tables::non_ascii_control_character(c)
        || tables::private_use(c)
        || tables::non_character_code_point(c)
        || tables::surrogate_code(c)
        || tables::inappropriate_for_plain_text(c)
        || tables::inappropriate_for_canonical_representation(c)
        || tables::change_display_properties_or_deprecated(c)
        || tables::tagging_character(c)
}

/// RFC 4013 SASLprep, as gsasl applies it: a password it refuses is an
/// error, and so is one it maps to nothing (gsasl would hash the empty
/// string, a secret any empty password matches).
pub fn rfc4013(password: &[u8]) -> Result<Prepared, Error> {
    let text = field::utf8("password", password)?;
    let prepared = field::saslprep("password", text)?;
    if prepared.is_empty() {
        return Err(Error::SaslPrep {
            field: "password",
            reason: "nothing is left after mapping (RFC 4013 section 2.1), and a secret of the \
                     empty password would let an empty password log in"
                .to_owned(),
        });
    }
    Ok(Prepared {
        changed: prepared.as_bytes() != password,
        bytes: Zeroizing::new(prepared.as_bytes().to_vec()),
        as_typed: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg(password: &str) -> (Vec<u8>, Option<AsTyped>) {
        let p = postgres(password.as_bytes());
        (p.bytes.to_vec(), p.as_typed)
    }

    #[test]
    fn postgres_rule() {
        // RFC 4013 section 3's examples that SASLprep accepts.
        assert_eq!(pg("I\u{ad}X"), (b"IX".to_vec(), None));
        assert_eq!(pg("\u{aa}"), (b"a".to_vec(), None));
        assert_eq!(pg("\u{2168}"), (b"IX".to_vec(), None));
        assert_eq!(pg("a\u{a0}b"), (b"a b".to_vec(), None));
        // Nothing left: the password as typed (C2 AD), not "".
        assert_eq!(
            pg("\u{ad}"),
            (vec![0xc2, 0xad], Some(AsTyped::MapsToNothing))
        );
        assert_eq!(pg("\u{ad}\u{fe0f}\u{feff}").1, Some(AsTyped::MapsToNothing));
        // U+200B is a non-ASCII space and mapped to nothing: PostgreSQL
        // maps it to SPACE first.
        assert_eq!(pg("\u{ad}\u{200b}"), (b" ".to_vec(), None));
        // ASCII, control characters included, is kept.
        assert_eq!(pg("ab\u{7}"), (b"ab\x07".to_vec(), None));
        // Prohibited and unassigned (in Unicode 3.2): as typed.
        assert_eq!(pg("pw\u{e000}").1, Some(AsTyped::Prohibited));
        assert_eq!(pg("\u{1f600}").1, Some(AsTyped::Prohibited));
        assert_eq!(pg("\u{627}1").1, Some(AsTyped::Bidi));
        assert_eq!(pg("\u{627}\u{628}").1, None);
        let latin1 = postgres(b"p\xe4ss");
        assert_eq!(
            (&latin1.bytes[..], latin1.as_typed),
            (&b"p\xe4ss"[..], Some(AsTyped::NotUtf8))
        );
        // U+1F12B (Unicode 5.2) is unassigned in 3.2, though NFKC makes
        // it "C", which is: PostgreSQL checks before normalising.
        assert_eq!(pg("\u{1f12b}").1, Some(AsTyped::Prohibited));
    }

    #[test]
    fn rfc4013_refuses_an_empty_result() {
        let err = rfc4013("\u{ad}".as_bytes()).err().unwrap();
        assert!(err.to_string().contains("nothing is left"), "{err}");
        assert_eq!(&rfc4013("I\u{ad}X".as_bytes()).unwrap().bytes[..], b"IX");
        assert!(rfc4013(b"\xff").is_err());
    }
}
