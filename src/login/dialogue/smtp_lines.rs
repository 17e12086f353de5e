//! SMTP lines (RFC 5321, RFC 3207 STARTTLS, RFC 4954 AUTH): the greeting,
//! EHLO and its keywords, STARTTLS, and the reply to AUTH, judged whole.

use super::*;

impl Dialogue<'_> {
    pub(super) fn smtp_line(&mut self, line: &[u8]) -> Result<(), Error> {
        // RFC 5321 section 4.2: "ddd-text" continues, "ddd text" ends.
        let reply = smtp::parse_reply(line).map_err(|malformed| {
            let shown = field::peer(line);
            Error::Protocol(match malformed {
                smtp::Malformed::NoCode => format!(
                    "the server's line does not start with a three-digit reply code: {shown}"
                ),
                smtp::Malformed::NoSeparator => {
                    format!("the server's reply line has no space or '-' after its code: {shown}")
                }
            })
        })?;
        let (code, last) = (reply.code, reply.last);
        if self.state == State::Auth {
            return self.smtp_auth_line(line, code, last, line.len() - reply.text.len());
        }
        self.transcript.server(line);
        self.reply.push(Zeroizing::new(line.to_vec()));
        if !last {
            return Ok(());
        }
        let lines = std::mem::take(&mut self.reply);
        let text = field::escape(line);
        let class = code[0];
        match self.state {
            State::Greeting => match class {
                b'2' => self.ask_capabilities(),
                _ => return Err(refused_at("greeting", self.settings.protocol, &text)),
            },
            State::Capabilities => {
                if class != b'2' {
                    return Err(refused_at("EHLO", self.settings.protocol, &text));
                }
                let mut caps = Capabilities::default();
                // The first line is the greeting's name; keywords follow.
                for l in lines.iter().skip(1) {
                    let words =
                        String::from_utf8_lossy(l.get(4..).unwrap_or_default()).into_owned();
                    let mut words = words.split_whitespace();
                    match words.next().map(str::to_ascii_uppercase).as_deref() {
                        Some("STARTTLS") => caps.starttls = true,
                        Some("AUTH") => add_mechanisms(&mut caps, words),
                        Some(w) if w.starts_with("AUTH=") => {
                            add_mechanisms(&mut caps, std::iter::once(&w[5..]).chain(words))
                        }
                        _ => {}
                    }
                }
                self.capabilities_known(caps);
            }
            State::StartTls => match class {
                b'2' => self.state = State::Handshake,
                _ => return Err(refused_at("STARTTLS", self.settings.protocol, &text)),
            },
            State::Quit => self.state = State::Done,
            State::Auth | State::Handshake | State::Choose | State::Done => {}
        }
        Ok(())
    }

    /// One line of the SMTP reply to AUTH. A multi-line reply is one
    /// reply (RFC 5321 section 4.2.1): every line carries the same code,
    /// the transcript shows each, and the verdict reads the whole of it
    /// once its last line has come, never its first line alone.
    pub(super) fn smtp_auth_line(
        &mut self,
        line: &[u8],
        code: [u8; 3],
        last: bool,
        text_at: usize,
    ) -> Result<(), Error> {
        let first = self
            .reply
            .first()
            .map(|first| first.get(..3).unwrap_or_default());
        if let Err(reason) = smtp::auth_reply_continues(first, &code, last) {
            self.transcript.server(line);
            return Err(Error::Protocol(reason));
        }
        if !last {
            self.transcript.server(line);
            self.reply.push(Zeroizing::new(line.to_vec()));
            return Ok(());
        }
        let mut whole = Zeroizing::new(Vec::new());
        for earlier in std::mem::take(&mut self.reply) {
            whole.extend_from_slice(&earlier);
            whole.push(b' ');
        }
        whole.extend_from_slice(line);
        let kind = match &code {
            b"334" => AuthReply::Challenge { at: text_at },
            b"235" => AuthReply::Success,
            [b'4' | b'5', ..] => AuthReply::Failure,
            _ => {
                return Err(Error::Protocol(format!(
                    "unexpected reply to AUTH: {}",
                    field::peer(&whole)
                )))
            }
        };
        self.auth_reply(line, &whole, kind)
    }
}
