//! The IMAP commands of a session (RFC 9051, SASL-IR RFC 4959, LITERAL+
//! RFC 7888): CAPABILITY, LOGIN, AUTHENTICATE, literals, and the commands
//! of an empty mailbox.

use super::*;

impl<'a> Session<'a> {
    pub(super) fn imap_capabilities(&self) -> String {
        let mut caps = vec![
            "IMAP4rev1".to_owned(),
            "SASL-IR".into(),
            "LITERAL+".into(),
            "ID".into(),
            "ENABLE".into(),
        ];
        if !self.tls && self.config.starttls {
            caps.push("STARTTLS".into());
        }
        if self.cleartext_refused() {
            caps.push("LOGINDISABLED".into());
        } else if self.authenticated.is_none() {
            caps.extend(self.offered().map(|k| format!("AUTH={}", k.name())));
        }
        caps.join(" ")
    }

    pub(super) fn imap_parts(&mut self, parts: Vec<Part>) -> Output {
        let last = match parts.last() {
            Some(Part::Line(line)) => line.clone(),
            _ => String::new(),
        };
        if let Some((size, sync)) = imap::literal_at_end(&last) {
            let append = parts
                .first()
                .and_then(|p| match p {
                    Part::Line(l) => l.split(' ').nth(1),
                    _ => None,
                })
                .is_some_and(|w| w.eq_ignore_ascii_case("APPEND"));
            let limit = if append { MAX_MESSAGE } else { MAX_LITERAL };
            if size > limit || parts.len() >= MAX_COMMAND_PARTS {
                let tag = last.split(' ').next().unwrap_or("*").to_owned();
                let mut out = self.reply(imap::tagged(&tag, "BAD", None, "Literal too large"));
                // A non-synchronising literal is on its way: the stream
                // cannot be followed any more.
                out.close = !sync;
                return out;
            }
            let mut out = if sync {
                self.reply(imap::continuation("Ready for literal data"))
            } else {
                Output::default()
            };
            out.literal = Some(size);
            self.state = State::ImapCommand(parts);
            return out;
        }
        // The last argument came as a literal: the command's last line
        // holds nothing after it.
        let literal_last = parts.len() >= 2
            && matches!(parts[parts.len() - 2], Part::Literal(_))
            && last.trim().is_empty();
        match imap::parse_command(&parts) {
            Ok(command) => self.imap(command, literal_last),
            Err(reason) => {
                let tag = last
                    .split(' ')
                    .next()
                    .filter(|t| !t.is_empty())
                    .unwrap_or("*")
                    .to_owned();
                self.reply(imap::tagged(&tag, "BAD", None, reason))
            }
        }
    }

    pub(super) fn imap(&mut self, command: imap::Command, literal_last: bool) -> Output {
        let tag = command.tag.clone();
        let ok = |name: &str| imap::tagged(&tag, "OK", None, &format!("{name} completed"));
        let authed = self.authenticated.is_some();
        if authed && self.config.maildir.is_some() {
            if let Some(out) = self.imap_maildir(&command) {
                return out;
            }
        }
        match command.name.as_str() {
            "CAPABILITY" => {
                let caps = imap::untagged(&format!("CAPABILITY {}", self.imap_capabilities()));
                self.reply(caps + &ok("CAPABILITY"))
            }
            "NOOP" | "CHECK" | "CLOSE" | "UNSELECT" | "EXPUNGE" | "SUBSCRIBE" | "UNSUBSCRIBE" => {
                let name = command.name.clone();
                self.reply(ok(&name))
            }
            "ID" => self.reply(imap::untagged("ID NIL") + &ok("ID")),
            "LOGOUT" => {
                let mut out = self.reply(imap::untagged("BYE Logging out") + &ok("LOGOUT"));
                out.close = true;
                self.closing = true;
                out
            }
            "STARTTLS" => {
                if authed {
                    // RFC 9051 section 6.2.1: only in the not authenticated state.
                    self.reply(imap::tagged(&tag, "BAD", None, "Already authenticated"))
                } else if self.tls || !self.config.starttls {
                    self.reply(imap::tagged(
                        &tag,
                        "BAD",
                        None,
                        "TLS already active or not offered",
                    ))
                } else {
                    let mut out =
                        self.reply(imap::tagged(&tag, "OK", None, "Begin TLS negotiation now"));
                    out.start_tls = true;
                    out
                }
            }
            "AUTHENTICATE" => {
                let mechanism = match command.args.first() {
                    Some(Arg::Atom(m)) => m.clone(),
                    _ => {
                        return self.reply(imap::tagged(
                            &tag,
                            "BAD",
                            None,
                            "AUTHENTICATE needs a mechanism",
                        ))
                    }
                };
                let initial = match command.args.get(1) {
                    Some(Arg::Atom(a)) => Some(a.clone()),
                    _ => None,
                };
                self.auth(&mechanism, initial.as_deref(), &tag)
            }
            "LOGIN" => {
                let (Some(user), Some(password)) = (
                    command.args.first().and_then(Arg::bytes),
                    command.args.get(1).and_then(Arg::bytes),
                ) else {
                    return self.reply(imap::tagged(
                        &tag,
                        "BAD",
                        None,
                        "LOGIN needs a user name and a password",
                    ));
                };
                let user = user.to_vec();
                let password = Zeroizing::new(password.to_vec());
                self.transcript.client_secret(
                    &format!("{tag} LOGIN {} ", String::from_utf8_lossy(&user)),
                    &password,
                );
                self.imap_login(&tag, &user, &password, literal_last)
            }
            _ if !authed => self.reply(imap::tagged(&tag, "BAD", None, "Log in first")),
            "SELECT" | "EXAMINE" => {
                let name = command.name.clone();
                let mailbox = command
                    .args
                    .first()
                    .and_then(Arg::bytes)
                    .map(|b| String::from_utf8_lossy(b).to_ascii_uppercase());
                if mailbox.as_deref() != Some("INBOX") {
                    return self.reply(imap::tagged(
                        &tag,
                        "NO",
                        Some("NONEXISTENT"),
                        "Only INBOX exists here",
                    ));
                }
                let code = if name == "SELECT" {
                    "READ-WRITE"
                } else {
                    "READ-ONLY"
                };
                let text = [
                    imap::untagged(r"FLAGS (\Answered \Flagged \Deleted \Seen \Draft)"),
                    imap::untagged("0 EXISTS"),
                    imap::untagged("0 RECENT"),
                    imap::untagged("OK [UIDVALIDITY 1] UIDs valid"),
                    imap::untagged("OK [UIDNEXT 1] Predicted next UID"),
                    imap::tagged(&tag, "OK", Some(code), &format!("{name} completed")),
                ]
                .concat();
                self.reply(text)
            }
            "LIST" | "LSUB" => {
                let name = command.name.clone();
                let text =
                    imap::untagged(&format!(r#"{name} (\HasNoChildren) "/" INBOX"#)) + &ok(&name);
                self.reply(text)
            }
            "STATUS" => {
                let text = imap::untagged(
                    "STATUS INBOX (MESSAGES 0 RECENT 0 UIDNEXT 1 UIDVALIDITY 1 UNSEEN 0)",
                ) + &ok("STATUS");
                self.reply(text)
            }
            "NAMESPACE" => {
                self.reply(imap::untagged(r#"NAMESPACE (("" "/")) NIL NIL"#) + &ok("NAMESPACE"))
            }
            "ENABLE" => self.reply(imap::untagged("ENABLED") + &ok("ENABLE")),
            "APPEND" if self.config.maildir.is_some() => {
                let message = command
                    .args
                    .last()
                    .and_then(Arg::bytes)
                    .map(<[u8]>::to_vec)
                    .unwrap_or_default();
                let text = match self.store(&message) {
                    Ok(_) => imap::tagged(&tag, "OK", None, "APPEND completed"),
                    Err(e) if e.kind() == std::io::ErrorKind::StorageFull => {
                        imap::tagged(&tag, "NO", Some("OVERQUOTA"), "The maildir is full")
                    }
                    Err(_) => {
                        imap::tagged(&tag, "NO", Some("SERVERBUG"), "Cannot store the message")
                    }
                };
                self.reply(text)
            }
            "APPEND" => {
                let size = command
                    .args
                    .last()
                    .and_then(Arg::bytes)
                    .map_or(0, <[u8]>::len);
                self.transcript.note(format!(
                    "(the appended message's {size} bytes are discarded)"
                ));
                self.reply(imap::tagged(
                    &tag,
                    "OK",
                    Some("APPENDUID 1 1"),
                    "APPEND completed (message discarded)",
                ))
            }
            "SEARCH" | "FETCH" | "STORE" | "COPY" | "UID" => {
                let name = command.name.clone();
                let text = if name == "SEARCH" {
                    imap::untagged("SEARCH")
                } else {
                    String::new()
                };
                self.reply(text + &ok(&name))
            }
            _ => self.reply(imap::tagged(&tag, "BAD", None, "Unknown command")),
        }
    }
}

impl Session<'_> {
    /// IMAP LOGIN with `user` and `password` as sent; `literal` when the
    /// password came as a literal.
    pub(super) fn imap_login(
        &mut self,
        tag: &str,
        user: &[u8],
        password: &[u8],
        literal: bool,
    ) -> Output {
        if self.authenticated.is_some() {
            return self.reply(imap::tagged(tag, "BAD", None, "Already authenticated"));
        }
        if self.cleartext_refused() {
            return self.auth("LOGIN", None, tag);
        }
        if let Some(out) = self.too_many_logins(tag) {
            return out;
        }
        let name = String::from_utf8_lossy(user).into_owned();
        if let Some(out) = self.chaos_login("IMAP LOGIN", Some(&name), tag) {
            return out;
        }
        let via = diagnose::Via::ImapLogin { literal };
        if self.password_login(via, user, password) {
            let caps = format!("CAPABILITY {}", self.imap_capabilities());
            self.reply(imap::tagged(tag, "OK", Some(&caps), "Logged in"))
        } else {
            self.reply(imap::tagged(
                tag,
                "NO",
                Some("AUTHENTICATIONFAILED"),
                "Authentication failed.",
            ))
        }
    }
}

/// Whether an IMAP command line carries a secret: LOGIN (its password),
/// AUTHENTICATE with an initial response.
pub(super) fn imap_holds_secret(line: &str) -> bool {
    let mut words = line.split(' ').skip(1);
    match words.next() {
        Some(w) if w.eq_ignore_ascii_case("LOGIN") => true,
        Some(w) if w.eq_ignore_ascii_case("AUTHENTICATE") => words.nth(1).is_some(),
        _ => false,
    }
}
