//! The GS2 flag a SCRAM login sends (RFC 5802 section 6), from the
//! mechanism chosen, the channel binding the connection gives and what
//! the server offered, said in the transcript.

use super::dialogue::Dialogue;
use crate::mech::{Binding, ChannelBinding, Kind};
use crate::Error;

/// The binding `kind` sends: `p=` for a `-PLUS` mechanism (which needs
/// `usable`), for SCRAM without `-PLUS` `n` where the server offered
/// `-PLUS` (the client declines; a `y` there is a downgrade the server
/// refuses) and `y` where the client could bind but the server offered no
/// `-PLUS`; `n` when there is nothing to bind to.
pub(super) fn gs2(
    kind: Kind,
    usable: Option<ChannelBinding>,
    offered: &[String],
    dialogue: &mut Dialogue<'_>,
) -> Result<Binding, Error> {
    let plus_offered: Vec<&str> = offered
        .iter()
        .map(String::as_str)
        .filter(|m| m.to_ascii_uppercase().ends_with("-PLUS"))
        .collect();
    let note = |dialogue: &mut Dialogue<'_>, text: String| dialogue.transcript.note(text);
    Ok(match (kind, usable) {
        (Kind::ScramPlus(_), Some(binding)) => {
            note(
                dialogue,
                format!(
                    "{kind} binds the login to this TLS connection with {}: {} (public), \
                     sent in client-final's c= after the GS2 header",
                    binding.binding_type(),
                    hex::encode(binding.data())
                ),
            );
            Binding::Bound(binding)
        }
        (Kind::ScramPlus(_), None) => {
            return Err(Error::Unsupported(format!(
                "{kind} binds the login to the TLS channel, and this session has no binding \
                 data for it: it needs TLS (tls-exporter needs TLS 1.3), and --channel-binding \
                 other than none"
            )))
        }
        (Kind::Scram(_), Some(_)) if !plus_offered.is_empty() => {
            note(
                dialogue,
                format!(
                    "the channel binding was declined: the server offers {}, and {kind} was asked \
                     for, so the GS2 flag is n (a y here would be refused as a downgrade, RFC \
                     5802 section 6)",
                    plus_offered.join(" ")
                ),
            );
            Binding::Declined
        }
        (Kind::Scram(_), Some(binding)) => {
            note(
                dialogue,
                format!(
                    "the server offers no -PLUS mechanism, though this client could bind with {}: \
                     the GS2 flag is y, so that a server that did offer -PLUS (and lost it to a \
                     man in the middle) refuses the login (RFC 5802 section 6)",
                    binding.binding_type()
                ),
            );
            Binding::NotOffered
        }
        _ => Binding::Declined,
    })
}
