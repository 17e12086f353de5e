//! IMAP lines (RFC 9051, SASL-IR RFC 4959): the greeting, CAPABILITY,
//! STARTTLS, the continuations and the tagged reply to AUTHENTICATE.

use super::*;

impl Dialogue<'_> {
    pub(super) fn imap_line(&mut self, line: &[u8]) -> Result<(), Error> {
        let text = field::escape(line);
        if self.state == State::Auth {
            match imap::parse_response(line) {
                Some(Response::Continuation(payload)) => {
                    let at = line.len() - payload.len();
                    return self.auth_line(line, AuthReply::Challenge { at });
                }
                Some(Response::Tagged { tag, status, .. }) if tag == self.tag.as_bytes() => {
                    return self.auth_line(
                        line,
                        match status {
                            Status::Ok => AuthReply::Success,
                            Status::No | Status::Bad => AuthReply::Failure,
                            // Untagged only: no verdict.
                            Status::Preauth | Status::Bye => AuthReply::Other,
                        },
                    );
                }
                _ => {}
            }
        }
        self.transcript.server(line);
        let upper = text.to_ascii_uppercase();
        if self.state == State::Greeting {
            return if upper.starts_with("* OK") {
                if let Some(caps) = bracketed_capabilities(&text) {
                    // Kept, but asked for again: some servers list only
                    // part of them in the greeting.
                    self.capabilities = Some(caps);
                }
                self.ask_capabilities();
                Ok(())
            } else if upper.starts_with("* PREAUTH") {
                Err(Error::Unsupported(format!(
                    "the server says the connection is already authenticated (PREAUTH): {text}"
                )))
            } else if upper.starts_with("* BYE") {
                Err(refused_at("greeting", Protocol::Imap, &text))
            } else {
                Err(Error::Protocol(format!(
                    "the IMAP greeting is not * OK, * PREAUTH or * BYE: {text}"
                )))
            };
        }
        if let Some(untagged) = text.strip_prefix("* ") {
            if self.state == State::Capabilities
                && untagged.to_ascii_uppercase().starts_with("CAPABILITY ")
            {
                self.reply.push(Zeroizing::new(line.to_vec()));
            } else if upper.starts_with("* BYE") && self.state != State::Quit {
                return Err(Error::Protocol(format!(
                    "the server closed the session: {text}"
                )));
            } else {
                // Untagged data counts against the reply's size too.
                self.reply.push(Zeroizing::new(Vec::new()));
            }
            return Ok(());
        }
        let mut words = text.splitn(3, ' ');
        let (tag, status) = (
            words.next().unwrap_or_default(),
            words.next().unwrap_or_default(),
        );
        if tag != self.tag {
            return Err(Error::Protocol(format!(
                "expected the tagged reply {} or an untagged one, got: {text}",
                self.tag
            )));
        }
        let lines = std::mem::take(&mut self.reply);
        let status = status.to_ascii_uppercase();
        match (self.state, status.as_str()) {
            (State::Capabilities, "OK") => {
                let listed = lines
                    .iter()
                    .find(|l| !l.is_empty())
                    .map(|l| String::from_utf8_lossy(l).into_owned());
                let caps = listed
                    .as_deref()
                    .and_then(|l| l.get(2..))
                    .map(|l| imap_capabilities(l.split_whitespace().skip(1)))
                    .or_else(|| self.capabilities.take())
                    .ok_or_else(|| {
                        Error::Protocol("CAPABILITY completed without * CAPABILITY".into())
                    })?;
                self.capabilities_known(caps);
            }
            (State::StartTls, "OK") => self.state = State::Handshake,
            (State::Quit, _) => self.state = State::Done,
            (State::Capabilities, _) => {
                return Err(refused_at("CAPABILITY", Protocol::Imap, &text))
            }
            (State::StartTls, _) => return Err(refused_at("STARTTLS", Protocol::Imap, &text)),
            _ => return Err(Error::Protocol(format!("unexpected tagged reply: {text}"))),
        }
        Ok(())
    }
}

/// IMAP capability atoms.
pub(super) fn imap_capabilities<'a>(atoms: impl Iterator<Item = &'a str>) -> Capabilities {
    let mut caps = Capabilities::default();
    for atom in atoms {
        let upper = atom.to_ascii_uppercase();
        if let Some(mechanism) = upper.strip_prefix("AUTH=") {
            if !caps.mechanisms.iter().any(|m| m == mechanism) {
                caps.mechanisms.push(mechanism.to_owned());
            }
        }
        match upper.as_str() {
            "STARTTLS" => caps.starttls = true,
            "SASL-IR" => caps.sasl_ir = true,
            "LOGINDISABLED" => caps.login_disabled = true,
            _ => {}
        }
    }
    caps
}

/// `* OK [CAPABILITY ...] text`: the capabilities in the greeting.
pub(super) fn bracketed_capabilities(text: &str) -> Option<Capabilities> {
    let open = text.find('[')?;
    let inner = &text[open + 1..];
    let inner = &inner[..inner.find(']')?];
    let mut atoms = inner.split_whitespace();
    atoms
        .next()
        .filter(|w| w.eq_ignore_ascii_case("CAPABILITY"))
        .map(|_| imap_capabilities(atoms))
}
