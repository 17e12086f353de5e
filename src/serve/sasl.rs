//! The SASL side of a session, the same in the three protocols: the
//! mechanism chosen and its server steps, each client message decoded and
//! masked into the transcript, the verdict and its diagnosis, and the
//! logins that send a password as it is (IMAP LOGIN, POP3 USER/PASS).

use super::*;

impl<'a> Session<'a> {
    pub(super) fn cleartext_refused(&self) -> bool {
        !self.tls && !self.config.allow_cleartext
    }

    /// The start of a SASL exchange with `mechanism` and the initial
    /// response as sent.
    pub(super) fn auth(&mut self, mechanism: &str, initial: Option<&str>, tag: &str) -> Output {
        let protocol = self.config.protocol;
        let no = |code: u16, enhanced: &str, text: &str| -> String {
            match protocol {
                Protocol::Smtp => smtp::reply(code, &format!("{enhanced} {text}")),
                Protocol::Imap => imap::tagged(tag, "NO", None, text),
                Protocol::Pop3 => pop3::err(None, text),
            }
        };
        if self.authenticated.is_some() {
            let text = match protocol {
                Protocol::Imap => imap::tagged(tag, "BAD", None, "Already authenticated"),
                _ => no(503, "5.5.1", "Already authenticated"),
            };
            return self.reply(text);
        }
        if let Some(out) = self.too_many_logins(tag) {
            return out;
        }
        if self.cleartext_refused() {
            self.transcript.note(
                "the client tried to log in before STARTTLS; this server (like most) refuses \
                 authentication without TLS: start TLS first, or run serve with --allow-cleartext",
            );
            let text = match protocol {
                Protocol::Smtp => smtp::reply(
                    538,
                    "5.7.11 Encryption required for requested authentication mechanism",
                ),
                Protocol::Imap => imap::tagged(
                    tag,
                    "NO",
                    Some("PRIVACYREQUIRED"),
                    "Authentication is disabled before STARTTLS",
                ),
                Protocol::Pop3 => pop3::err(
                    Some("AUTH"),
                    "Plaintext authentication disallowed on non-secure connections",
                ),
            };
            self.logins.push(Login {
                outcome: Outcome::Refused,
                user: None,
                mechanism: mechanism.to_ascii_uppercase(),
                diagnosis: vec![
                    "the client sent AUTH before STARTTLS: it must start TLS first (curl \
                     --ssl-reqd, swaks --tls, msmtp tls_starttls on)"
                        .into(),
                ],
            });
            return self.reply(text);
        }
        let kind = self
            .offered()
            .find(|k| k.name().eq_ignore_ascii_case(mechanism));
        let Some(kind) = kind else {
            let text = match protocol {
                Protocol::Smtp => smtp::reply(504, "5.5.4 Unrecognized authentication type"),
                Protocol::Imap => {
                    imap::tagged(tag, "NO", None, "Unsupported authentication mechanism")
                }
                Protocol::Pop3 => pop3::err(None, "Unsupported authentication mechanism"),
            };
            self.transcript.note(format!(
                "{} is not offered here; offered: {}",
                escape(mechanism.as_bytes()),
                self.mechanism_list()
            ));
            return self.reply(text);
        };
        if let Some(out) = self.chaos_login(kind.name(), None, tag) {
            return out;
        }
        let accounts: &'a dyn Store = self.accounts;
        // A server that offered -PLUS checks the binding of every SCRAM
        // login, and refuses y as a downgrade (RFC 5802 section 6).
        let plus_offered = self.offered().any(|k| matches!(k, Kind::ScramPlus(_)));
        let channel = if plus_offered {
            self.channel.clone()
        } else {
            Vec::new()
        };
        let mut server = Server::new(kind, accounts)
            .with_hostname(&self.config.hostname)
            .with_digest_service(crate::mech::digest_md5::service(protocol))
            .with_channel(channel)
            .with_ntlm_v1(self.config.ntlm_v1)
            .with_ntlm_domain(self.config.ntlm_domain.as_deref());
        if let Some(presented) = &self.presented {
            server = server.with_presented(presented.clone());
        }
        let initial_line = initial.unwrap_or_default().to_owned();
        self.exchange.clear();
        let initial = match initial {
            None => None,
            Some("=") => Some(Zeroizing::new(Vec::new())),
            Some(text) => match self.decode_response(kind, text, tag) {
                Ok(bytes) => Some(bytes),
                Err(out) => return out,
            },
        };
        if let Some(bytes) = &initial {
            self.exchange
                .push(Zeroizing::new(initial_line.as_bytes().to_vec()));
            let prefix = match protocol {
                Protocol::Imap => format!("{tag} AUTHENTICATE {mechanism} "),
                _ => format!("AUTH {mechanism} "),
            };
            self.client_message(kind, &prefix, initial_line, bytes, 0);
        }
        let step = server.start(initial.as_deref().map(|m| &m[..]));
        self.step(server, tag.to_owned(), step)
    }

    /// The reply that closes a connection that has had [`MAX_LOGINS`]
    /// logins, if it has.
    pub(super) fn too_many_logins(&mut self, tag: &str) -> Option<Output> {
        if self.logins.len() < MAX_LOGINS {
            return None;
        }
        let text = match self.config.protocol {
            Protocol::Smtp => smtp::reply(421, "4.7.0 Too many failed logins, closing"),
            Protocol::Imap => {
                imap::untagged("BYE Too many failed logins")
                    + &imap::tagged(tag, "NO", None, "Too many failed logins, closing")
            }
            Protocol::Pop3 => pop3::err(Some("AUTH"), "Too many failed logins, closing"),
        };
        self.transcript.note(format!(
            "{MAX_LOGINS} logins on one connection: the server closes it, as real servers do"
        ));
        let mut out = self.reply(text);
        out.close = true;
        Some(out)
    }

    pub(super) fn mechanism_list(&self) -> String {
        let names: Vec<&str> = self.offered().map(|k| k.name()).collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(" ")
        }
    }

    /// Records a client's SASL message in the transcript, masked.
    pub(super) fn client_message(
        &mut self,
        kind: Kind,
        prefix: &str,
        base64: String,
        bytes: &[u8],
        index: usize,
    ) {
        let layout = match kind {
            Kind::Login => {
                let (name, secret) = if index == 0 {
                    ("user", false)
                } else {
                    ("password", true)
                };
                let field = if secret {
                    Field::secret(name, "PASS", bytes)
                } else {
                    Field::text(name, "USER", bytes)
                };
                let label = if secret { "password" } else { "user name" };
                Layout::new("LOGIN").field(field).labelled(label)
            }
            _ => {
                let decoded = decode::client_message(kind.name(), bytes);
                if decoded.layout.fields().next().is_none() && !bytes.is_empty() {
                    // No layout of this mechanism's fits: the bytes may be
                    // a credential in a form saslenc cannot take apart (a
                    // PLAIN string without its leading NUL), so all of
                    // them are masked.
                    Layout::new(kind.name())
                        .field(Field::secret("message", "MESSAGE", bytes))
                        .labelled(format!("message not in {}'s form", kind.name()))
                } else {
                    decoded.layout.labelled(decoded.what)
                }
            }
        };
        self.transcript.client_message(prefix, &base64, &layout);
    }

    /// Decodes a SASL response line; a line that is not base64 is a
    /// malformed login, answered and diagnosed.
    pub(super) fn decode_response(
        &mut self,
        kind: Kind,
        text: &str,
        tag: &str,
    ) -> Result<Zeroizing<Vec<u8>>, Output> {
        if let Ok(bytes) = encoding::decode("response", text) {
            return Ok(bytes);
        }
        let xoauth2 = match kind {
            Kind::XOAuth2 => crate::mech::xoauth2::misbuilt(text.as_bytes(), false),
            _ => None,
        };
        // An XOAUTH2 message typed as text carries the token after auth=.
        match text.find("auth=").filter(|_| xoauth2.is_some()) {
            Some(at) => {
                let at = at + 5;
                let at = at
                    + text[at..].get(..7).map_or(0, |w| {
                        if w.eq_ignore_ascii_case("Bearer ") {
                            7
                        } else {
                            0
                        }
                    });
                self.transcript
                    .client_secret(&text[..at], &text.as_bytes()[at..]);
            }
            // Not base64: possibly the password typed as it is.
            None => self.transcript.client_shape(text.as_bytes()),
        }
        let mut lines = self.exchange.clone();
        lines.push(Zeroizing::new(text.as_bytes().to_vec()));
        let received = diagnose::Received {
            via: diagnose::Via::Sasl(kind),
            lines: &lines,
        };
        let mistakes = diagnose::search(self.accounts, &received, b"");
        let mut diagnosis = Vec::new();
        let url_safe: String = text
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        if !mistakes.is_empty() {
            diagnosis.push(diagnose::named(&mistakes));
        } else if let Some(finding) = xoauth2 {
            diagnosis.push(finding);
        } else if url_safe != text && encoding::decode("response", &url_safe).is_ok() {
            diagnosis.push(
                "the response is URL-safe base64 (- and _, RFC 4648 section 5); SASL uses the \
                 standard alphabet (+ and /): encode with base64, not base64url"
                    .to_owned(),
            );
        } else if text.contains(char::is_whitespace) {
            diagnosis
                .push("the base64 has spaces in it: it was wrapped or pasted in pieces".into());
        } else if matches!(kind, Kind::Login) || text.bytes().all(|b| b.is_ascii_graphic()) {
            diagnosis.push(format!(
                "the response is not base64{}: was it typed as plain text? Each answer to a 334 / + \
                 challenge is base64 (printf %s TEXT | base64)",
                if kind == Kind::Login { " (LOGIN answered in plain text)" } else { "" }
            ));
        } else {
            diagnosis.push("the response is not base64".into());
        }
        self.exchange.clear();
        self.logins.push(Login {
            outcome: Outcome::Malformed,
            user: None,
            mechanism: kind.name().into(),
            diagnosis,
        });
        let text = match self.config.protocol {
            Protocol::Smtp => smtp::reply(501, "5.5.2 Cannot decode response"),
            Protocol::Imap => imap::tagged(tag, "BAD", None, "Invalid base64 in response"),
            Protocol::Pop3 => pop3::err(None, "Cannot decode response"),
        };
        Err(self.reply(text))
    }

    pub(super) fn sasl_response(
        &mut self,
        mut server: Server<'a>,
        tag: String,
        pending: Option<String>,
        line: &[u8],
    ) -> Output {
        let kind = server.kind();
        let text = String::from_utf8_lossy(line).into_owned();
        let text = text.as_str();
        if text == "*" {
            self.client_plain(line);
            let failure = server.cancel();
            return self.finish_failure(kind, failure, &tag);
        }
        let bytes = match encoding::decode("response", text) {
            Ok(bytes) => bytes,
            Err(_) => {
                return self
                    .decode_response(kind, text, &tag)
                    .err()
                    .unwrap_or_default()
            }
        };
        self.exchange.push(Zeroizing::new(text.as_bytes().to_vec()));
        let index = server_index(&server);
        self.client_message(kind, "", text.to_owned(), &bytes, index);
        if let Some(user) = pending {
            // The answer to SCRAM's server-final: empty.
            if bytes.is_empty() {
                return self.finish_success(kind, user, &tag);
            }
        }
        let step = server.respond(&bytes);
        self.step(server, tag, step)
    }

    pub(super) fn step(&mut self, server: Server<'a>, tag: String, step: Step) -> Output {
        let kind = server.kind();
        match step {
            Step::Challenge(challenge) => {
                let out = self.challenge_reply(&challenge);
                self.state = State::Sasl {
                    server: Box::new(server),
                    tag,
                    pending_success: None,
                };
                out
            }
            Step::Success {
                user,
                additional: Some(data),
                ..
            } => {
                let out = self.challenge_reply(&data);
                self.state = State::Sasl {
                    server: Box::new(server),
                    tag,
                    pending_success: Some(user),
                };
                out
            }
            Step::Success { user, evidence, .. } => {
                let out = self.finish_success(kind, user, &tag);
                if let Some(login) = self.logins.last_mut() {
                    login.diagnosis.extend(evidence.notes);
                }
                out
            }
            Step::Failure(failure) => self.finish_failure(kind, failure, &tag),
        }
    }

    pub(super) fn finish_success(&mut self, kind: Kind, user: String, tag: &str) -> Output {
        self.logins.push(Login {
            outcome: Outcome::Accepted,
            user: Some(user.clone()),
            mechanism: kind.name().into(),
            diagnosis: Vec::new(),
        });
        self.authenticated = Some(user);
        let text = match self.config.protocol {
            Protocol::Smtp => smtp::reply(235, "2.7.0 Authentication successful"),
            Protocol::Imap => imap::tagged(
                tag,
                "OK",
                Some(&format!("CAPABILITY {}", self.imap_capabilities())),
                "Logged in",
            ),
            Protocol::Pop3 => pop3::ok("Logged in."),
        };
        self.reply(text)
    }

    /// Records a refused or malformed login with its diagnosis.
    pub(super) fn record_failure(&mut self, kind: Kind, failure: Failure) {
        let received = diagnose::Received {
            via: diagnose::Via::Sasl(kind),
            lines: &self.exchange,
        };
        let diagnosis = diagnose::diagnose(
            kind,
            &failure,
            self.accounts,
            self.config.protocol,
            &received,
        );
        self.exchange.clear();
        let outcome = match failure.refusal {
            Refusal::Malformed => Outcome::Malformed,
            Refusal::HungUp => Outcome::Unfinished,
            _ => Outcome::Refused,
        };
        self.logins.push(Login {
            outcome,
            user: failure.evidence.user.clone(),
            mechanism: kind.name().into(),
            diagnosis,
        });
    }

    pub(super) fn finish_failure(&mut self, kind: Kind, failure: Failure, tag: &str) -> Output {
        let refusal = failure.refusal;
        self.record_failure(kind, failure);
        let protocol = self.config.protocol;
        let text = match (refusal, protocol) {
            (Refusal::Cancelled, Protocol::Smtp) => {
                smtp::reply(501, "5.0.0 Authentication cancelled")
            }
            (Refusal::Cancelled, Protocol::Imap) => {
                imap::tagged(tag, "BAD", None, "Authentication cancelled")
            }
            (Refusal::Cancelled, Protocol::Pop3) => pop3::err(None, "Authentication cancelled"),
            (Refusal::Malformed, Protocol::Smtp) => {
                smtp::reply(501, "5.5.2 Malformed authentication message")
            }
            (_, Protocol::Smtp) => smtp::reply(535, "5.7.8 Authentication credentials invalid"),
            (Refusal::Malformed, Protocol::Imap) => {
                imap::tagged(tag, "BAD", None, "Malformed authentication message")
            }
            (_, Protocol::Imap) => imap::tagged(
                tag,
                "NO",
                Some("AUTHENTICATIONFAILED"),
                "Authentication failed.",
            ),
            (_, Protocol::Pop3) => pop3::err(Some("AUTH"), "Authentication failed."),
        };
        self.reply(text)
    }

    /// A login with a password sent as it is (IMAP LOGIN, POP3 USER/PASS),
    /// the user name's bytes as sent.
    pub(super) fn password_login(
        &mut self,
        via: diagnose::Via,
        user_bytes: &[u8],
        password: &[u8],
    ) -> bool {
        let mechanism = match via {
            diagnose::Via::UserPass => "USER/PASS",
            _ => "IMAP LOGIN",
        };
        let user = String::from_utf8_lossy(user_bytes).into_owned();
        let user = user.as_str();
        let check = self.accounts.password(user, password);
        if check == Check::Match {
            self.logins.push(Login {
                outcome: Outcome::Accepted,
                user: Some(user.into()),
                mechanism: mechanism.into(),
                diagnosis: Vec::new(),
            });
            self.authenticated = Some(user.into());
            return true;
        }
        // The same diagnosis as PLAIN's.
        let failure = Failure {
            refusal: if check == Check::Unverifiable {
                Refusal::Unavailable
            } else {
                Refusal::Store
            },
            reason: "wrong password".into(),
            evidence: crate::mech::server::Evidence {
                user: Some(user.into()),
                secret: Some(Zeroizing::new(password.to_vec())),
                ..Default::default()
            },
        };
        let lines = [
            Zeroizing::new(user_bytes.to_vec()),
            Zeroizing::new(password.to_vec()),
        ];
        let received = diagnose::Received { via, lines: &lines };
        let diagnosis = diagnose::diagnose(
            Kind::Plain,
            &failure,
            self.accounts,
            self.config.protocol,
            &received,
        );
        self.logins.push(Login {
            outcome: Outcome::Refused,
            user: Some(user.into()),
            mechanism: mechanism.into(),
            diagnosis,
        });
        false
    }
}

/// How many client messages the server has had, to tell LOGIN's user
/// name (the first) from its password.
pub(super) fn server_index(server: &Server<'_>) -> usize {
    server.messages()
}
