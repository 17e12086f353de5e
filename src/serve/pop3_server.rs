//! The POP3 commands of a session (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS,
//! RFC 5034 AUTH): USER/PASS, APOP, AUTH, and the commands of an empty
//! maildrop.

use super::*;

impl<'a> Session<'a> {
    pub(super) fn pop3_capabilities(&self) -> Vec<String> {
        let mut caps = vec![
            "TOP".to_owned(),
            "UIDL".into(),
            "RESP-CODES".into(),
            "AUTH-RESP-CODE".into(),
        ];
        if !self.cleartext_refused() && self.authenticated.is_none() {
            caps.push("USER".into());
            if self.offered().next().is_some() {
                caps.push(format!("SASL {}", self.mechanism_list()));
            }
        }
        if !self.tls && self.config.starttls {
            caps.push("STLS".into());
        }
        caps.push("IMPLEMENTATION saslenc".into());
        caps
    }

    pub(super) fn pop3(&mut self, text: &str) -> Output {
        let command = pop3::parse_command(text);
        match &command {
            pop3::Command::Pass(password) => {
                self.transcript.client_secret("PASS ", password.as_bytes());
            }
            pop3::Command::Apop { user, .. } => {
                let user = (*user).to_owned();
                self.transcript.client_secret(
                    &format!("APOP {user} "),
                    text.rsplit(' ').next().unwrap_or_default().as_bytes(),
                );
            }
            // An initial response is shown masked once decoded.
            pop3::Command::Auth {
                initial: Some(_), ..
            } => {}
            pop3::Command::Unknown(_) => self.client_unknown(text.as_bytes()),
            _ => self.client_plain(text.as_bytes()),
        }
        let authed = self.authenticated.is_some();
        match command {
            pop3::Command::Capa => {
                let caps = self.pop3_capabilities();
                let refs: Vec<&str> = caps.iter().map(String::as_str).collect();
                self.reply(pop3::multiline("Capability list follows", &refs))
            }
            pop3::Command::Stls => {
                if authed {
                    // RFC 2595 section 4: only in the AUTHORIZATION state.
                    self.reply(pop3::err(None, "Already logged in"))
                } else if self.tls || !self.config.starttls {
                    self.reply(pop3::err(None, "TLS already active or not offered"))
                } else {
                    let mut out = self.reply(pop3::ok("Begin TLS negotiation"));
                    out.start_tls = true;
                    out
                }
            }
            pop3::Command::Quit => {
                if authed {
                    self.pop3_update();
                }
                let mut out = self.reply(pop3::ok("Bye"));
                out.close = true;
                self.closing = true;
                out
            }
            _ if authed && self.config.maildir.is_some() => match command {
                pop3::Command::Transaction(_) | pop3::Command::Message(_) => {
                    self.pop3_maildrop(text)
                }
                _ => self.reply(pop3::err(None, "Already logged in")),
            },
            _ if authed => match command {
                pop3::Command::Transaction("STAT") => self.reply(pop3::ok("0 0")),
                pop3::Command::Transaction("LIST") => {
                    self.reply(pop3::multiline("0 messages", &[]))
                }
                pop3::Command::Transaction("UIDL") => self.reply(pop3::multiline("", &[])),
                pop3::Command::Transaction(_) => self.reply(pop3::ok("")),
                pop3::Command::Message(_) => self.reply(pop3::err(None, "No such message")),
                _ => self.reply(pop3::err(None, "Already logged in")),
            },
            pop3::Command::User(user) => {
                if self.cleartext_refused() {
                    self.logins.push(Login {
                        outcome: Outcome::Refused,
                        user: Some(user.into()),
                        mechanism: "USER/PASS".into(),
                        diagnosis: vec![
                            "the client sent USER before STLS: it must start TLS first".into(),
                        ],
                    });
                    return self.reply(pop3::err(
                        Some("AUTH"),
                        "Plaintext authentication disallowed on non-secure connections",
                    ));
                }
                self.state = State::Pop3User(user.to_owned());
                self.reply(pop3::ok("Send PASS"))
            }
            pop3::Command::Pass(password) => {
                let password = Zeroizing::new(password.as_bytes().to_vec());
                self.pop3_pass(&password)
            }
            pop3::Command::Apop { user, digest } => {
                let user = user.to_owned();
                self.apop(&user, digest)
            }
            pop3::Command::Auth {
                mechanism: None, ..
            } => {
                let names: Vec<&str> = self.offered().map(|k| k.name()).collect();
                self.reply(pop3::multiline("Methods supported", &names))
            }
            pop3::Command::Auth {
                mechanism: Some(mechanism),
                initial,
            } => {
                let mechanism = mechanism.to_owned();
                let initial = initial.map(str::to_owned);
                self.auth(&mechanism, initial.as_deref(), "")
            }
            pop3::Command::Transaction(_) | pop3::Command::Message(_) => {
                self.reply(pop3::err(None, "Log in first"))
            }
            pop3::Command::Unknown(_) => self.reply(pop3::err(None, "Unknown command")),
        }
    }

    /// PASS with `password` as sent, after USER.
    pub(super) fn pop3_pass(&mut self, password: &[u8]) -> Output {
        let State::Pop3User(user) = std::mem::replace(&mut self.state, State::Commands) else {
            return self.reply(pop3::err(None, "Send USER first"));
        };
        if let Some(out) = self.too_many_logins("") {
            return out;
        }
        if let Some(out) = self.chaos_login("USER/PASS", Some(&user), "") {
            return out;
        }
        if self.password_login(diagnose::Via::UserPass, user.as_bytes(), password) {
            self.reply(pop3::ok("Logged in."))
        } else {
            self.reply(pop3::err(Some("AUTH"), "Authentication failed."))
        }
    }

    pub(super) fn apop(&mut self, user: &str, digest: &str) -> Output {
        if let Some(out) = self.too_many_logins("") {
            return out;
        }
        if let Some(out) = self.chaos_login("APOP", Some(user), "") {
            return out;
        }
        let account = self.accounts.known().and_then(|a| a.get(user));
        let password = account.and_then(|a| a.plaintext()).map(<[u8]>::to_vec);
        let right = password.as_ref().is_some_and(|pw| {
            use md5::Digest;
            let mut hasher = md5::Md5::new();
            hasher.update(self.apop_timestamp.as_bytes());
            hasher.update(pw);
            hex::encode(hasher.finalize()) == digest.to_ascii_lowercase()
        });
        let accept = right || (self.accounts.accepts_any() && digest.len() == 32);
        let user_owned = user.to_owned();
        if accept {
            self.logins.push(Login {
                outcome: Outcome::Accepted,
                user: Some(user_owned.clone()),
                mechanism: "APOP".into(),
                diagnosis: Vec::new(),
            });
            self.authenticated = Some(user_owned);
            return self.reply(pop3::ok("Logged in."));
        }
        let lines = [
            Zeroizing::new(user.as_bytes().to_vec()),
            Zeroizing::new(digest.to_ascii_lowercase().into_bytes()),
        ];
        let received = diagnose::Received {
            via: diagnose::Via::Apop,
            lines: &lines,
        };
        let mistakes = diagnose::search(self.accounts, &received, self.apop_timestamp.as_bytes());
        let diagnosis = vec![if !mistakes.is_empty() {
            diagnose::named(&mistakes)
        } else if self.accounts.known().is_some()
            && account.is_none()
            && !self.accounts.accepts_any()
        {
            format!("there is no user {}", crate::field::quoted(user.as_bytes()))
        } else if self.accounts.known().is_none() {
            "APOP needs the password in plain text on the server; this server's store does not \
             hand it out: the account cannot be checked with APOP"
                .to_owned()
        } else if password.is_none() && !self.accounts.accepts_any() {
            "APOP needs the password in plain text on the server; this account has none: the \
             account cannot be checked with APOP"
                .to_owned()
        } else {
            "the APOP digest is not MD5(timestamp + password) for this account's password; no \
             mistake of the catalogue (docs/serve.md) gives it: the password differs"
                .to_owned()
        }];
        self.logins.push(Login {
            outcome: Outcome::Refused,
            user: Some(user_owned),
            mechanism: "APOP".into(),
            diagnosis,
        });
        self.reply(pop3::err(Some("AUTH"), "Authentication failed."))
    }
}
