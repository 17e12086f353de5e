//! POP3 lines (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH): the
//! greeting, CAPA and its body, STLS, and the reply to AUTH.

use super::*;

impl Dialogue<'_> {
    pub(super) fn pop3_line(&mut self, line: &[u8]) -> Result<(), Error> {
        let text = field::escape(line);
        if self.in_capa_body {
            self.transcript.server(line);
            if line == b"." {
                self.in_capa_body = false;
                let lines = std::mem::take(&mut self.reply);
                let mut caps = Capabilities::default();
                for l in &lines {
                    let l = String::from_utf8_lossy(l).into_owned();
                    let mut words = l.split_whitespace();
                    match words.next().map(str::to_ascii_uppercase).as_deref() {
                        Some("STLS") => caps.starttls = true,
                        Some("SASL") => add_mechanisms(&mut caps, words),
                        _ => {}
                    }
                }
                self.capabilities_known(caps);
            } else {
                self.reply.push(Zeroizing::new(line.to_vec()));
            }
            return Ok(());
        }
        let reply = pop3::parse_reply(line);
        if self.state == State::Auth {
            return match reply {
                Some(pop3::Reply::Ok(_)) => self.auth_line(line, AuthReply::Success),
                Some(pop3::Reply::Err(_)) => self.auth_line(line, AuthReply::Failure),
                Some(pop3::Reply::Continuation(payload)) => {
                    let at = line.len() - payload.len();
                    self.auth_line(line, AuthReply::Challenge { at })
                }
                None => Err(Error::Protocol(format!(
                    "a POP3 reply in an authentication is +OK, -ERR or a + continuation, not: {text}"
                ))),
            };
        }
        let ok = matches!(reply, Some(pop3::Reply::Ok(_)));
        let err = matches!(reply, Some(pop3::Reply::Err(_)));
        self.transcript.server(line);
        if !ok && !err {
            if self.state == State::Quit {
                self.state = State::Done;
                return Ok(());
            }
            return Err(Error::Protocol(format!(
                "a POP3 reply starts with +OK or -ERR, not: {text}"
            )));
        }
        match (self.state, ok) {
            (State::Greeting, true) => self.ask_capabilities(),
            (State::Greeting, false) => return Err(refused_at("greeting", Protocol::Pop3, &text)),
            (State::Capabilities, true) => self.in_capa_body = true,
            // A server without CAPA (RFC 2449) offers nothing known.
            (State::Capabilities, false) => self.capabilities_known(Capabilities::default()),
            (State::StartTls, true) => self.state = State::Handshake,
            (State::StartTls, false) => return Err(refused_at("STLS", Protocol::Pop3, &text)),
            (State::Quit, _) => self.state = State::Done,
            _ => {}
        }
        Ok(())
    }
}
