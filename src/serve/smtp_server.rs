//! The SMTP commands of a session (RFC 5321, RFC 3207 STARTTLS, RFC 4954
//! AUTH): EHLO and its extensions, AUTH, the envelope and DATA, whose
//! message is counted and discarded.

use super::*;

impl<'a> Session<'a> {
    pub(super) fn smtp(&mut self, text: &str) -> Output {
        let command = smtp::parse_command(text);
        match command {
            // An initial response is shown masked once decoded.
            smtp::Command::Auth {
                initial: Some(_), ..
            } => {}
            smtp::Command::Unknown(_) | smtp::Command::Malformed { .. } => {
                self.client_unknown(text.as_bytes())
            }
            _ => self.client_plain(text.as_bytes()),
        }
        match command {
            smtp::Command::Ehlo(_) => {
                self.helo = Some("EHLO");
                // STARTTLS and AUTH before the last line, as common
                // servers list them: gsasl's client looks only for
                // "250-STARTTLS" and "250-AUTH".
                let mut lines = vec![self.config.hostname.clone()];
                if !self.tls && self.config.starttls {
                    lines.push("STARTTLS".into());
                }
                if !self.cleartext_refused()
                    && self.authenticated.is_none()
                    && self.offered().next().is_some()
                {
                    lines.push(format!("AUTH {}", self.mechanism_list()));
                }
                lines.extend([
                    "8BITMIME".into(),
                    "ENHANCEDSTATUSCODES".into(),
                    "SIZE 33554432".into(),
                ]);
                let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                self.reply(smtp::reply_lines(250, &refs))
            }
            smtp::Command::Helo(_) => {
                self.helo = Some("HELO");
                let host = self.config.hostname.clone();
                self.reply(smtp::reply(250, &host))
            }
            smtp::Command::StartTls => {
                if self.authenticated.is_some() {
                    self.reply(smtp::reply(503, "5.5.1 Already authenticated"))
                } else if self.tls || !self.config.starttls {
                    self.reply(smtp::reply(503, "5.5.1 TLS already active or not offered"))
                } else {
                    let mut out = self.reply(smtp::reply(220, "2.0.0 Ready to start TLS"));
                    out.start_tls = true;
                    out
                }
            }
            smtp::Command::Auth { mechanism, initial } => {
                match self.helo {
                    None => return self.auth_before_ehlo(mechanism),
                    Some("HELO") => self.transcript.note(
                        "AUTH after HELO: RFC 4954 defines AUTH for sessions opened with EHLO; this \
                         server takes it, strict servers refuse it",
                    ),
                    Some(_) => {}
                }
                if initial.is_some() && text.len() + 2 > smtp::AUTH_MAX_LINE {
                    self.transcript.note(format!(
                        "the AUTH line is {} octets; RFC 4954 section 4 lets servers refuse \
                         any over {}: send AUTH alone and the response after 334",
                        text.len() + 2,
                        smtp::AUTH_MAX_LINE
                    ));
                }
                let mechanism = mechanism.to_owned();
                let initial = initial.map(str::to_owned);
                self.auth(&mechanism, initial.as_deref(), "")
            }
            smtp::Command::Mail | smtp::Command::Rcpt if self.authenticated.is_none() => {
                self.reply(smtp::reply(530, "5.7.0 Authentication required"))
            }
            smtp::Command::Mail => {
                self.mail.sender(text);
                self.chaos_smtp(chaos::Step::Mail)
                    .unwrap_or_else(|| self.reply(smtp::reply(250, "2.1.0 Ok")))
            }
            smtp::Command::Rcpt => {
                if !self.mail.recipient(text) {
                    return self.reply(smtp::reply(452, "4.5.3 Too many recipients"));
                }
                self.chaos_smtp(chaos::Step::Rcpt)
                    .unwrap_or_else(|| self.reply(smtp::reply(250, "2.1.5 Ok")))
            }
            smtp::Command::Data if self.authenticated.is_none() => {
                self.reply(smtp::reply(530, "5.7.0 Authentication required"))
            }
            smtp::Command::Data => {
                if self.config.maildir.is_some() {
                    self.mail.message = Some(Vec::new());
                }
                self.state = State::Data { bytes: 0 };
                self.reply(smtp::reply(354, "End data with <CR><LF>.<CR><LF>"))
            }
            smtp::Command::Rset => {
                self.mail.reset();
                self.reply(smtp::reply(250, "2.0.0 Ok"))
            }
            smtp::Command::Noop => self.reply(smtp::reply(250, "2.0.0 Ok")),
            smtp::Command::Quit => {
                let mut out = self.reply(smtp::reply(221, "2.0.0 Bye"));
                out.close = true;
                self.closing = true;
                out
            }
            smtp::Command::Malformed { reason, .. } => {
                self.reply(smtp::reply(501, &format!("5.5.4 {reason}")))
            }
            smtp::Command::Unknown(_) => {
                self.reply(smtp::reply(502, "5.5.2 Command not recognized"))
            }
        }
    }

    /// AUTH before EHLO, or after STARTTLS without a new EHLO (RFC 3207
    /// section 4.2 has the client start over): refused, and recorded as a
    /// login tried.
    fn auth_before_ehlo(&mut self, mechanism: &str) -> Output {
        if let Some(out) = self.too_many_logins("") {
            return out;
        }
        let why = if self.tls && self.config.starttls {
            "the client sent AUTH after STARTTLS without a new EHLO: RFC 3207 section 4.2 makes \
             it start over with EHLO once TLS is up (aiosmtplib's login() without ehlo() does \
             this)"
        } else {
            "the client sent AUTH before EHLO: RFC 4954 defines AUTH in a session opened with EHLO"
        };
        self.logins.push(Login {
            outcome: Outcome::Refused,
            user: None,
            mechanism: mechanism.to_ascii_uppercase(),
            diagnosis: vec![why.into()],
        });
        self.reply(smtp::reply(503, "5.5.1 Send EHLO first"))
    }

    pub(super) fn data_line(&mut self, bytes: usize, line: &[u8]) -> Output {
        if line == b"." {
            if let Some(out) = self.chaos_smtp(chaos::Step::Data) {
                self.mail.reset();
                return out;
            }
            if self.mail.message.is_some() {
                return self.smtp_store();
            }
            let text = smtp::reply(
                250,
                &format!("2.0.0 Ok: message of {} discarded", plural(bytes, "byte")),
            );
            self.transcript.note(format!(
                "(the message's {} are not shown)",
                plural(bytes, "byte")
            ));
            return self.reply(text);
        }
        let bytes = bytes + line.len() + 2;
        if bytes > MAX_MESSAGE {
            let mut out = self.reply(smtp::reply(552, "5.3.4 Message too big"));
            out.close = true;
            return out;
        }
        self.mail.data_line(line);
        self.state = State::Data { bytes };
        Output::default()
    }
}
