//! Failures on purpose, for a client's error handling (as Mailpit's
//! "chaos" does): at a chosen step of every session, a temporary failure,
//! a permanent one, or a connection dropped without a reply.
//!
//! | step | temporary | permanent |
//! |---|---|---|
//! | greeting | `421 4.3.2`, `* BYE [UNAVAILABLE]`, `-ERR [SYS/TEMP]` | `554 5.3.2`, `* BYE`, `-ERR [SYS/PERM]` |
//! | auth | `454 4.7.0` (RFC 4954), `NO [UNAVAILABLE]` (RFC 5530), `-ERR [SYS/TEMP]` (RFC 3206) | `535 5.7.8`, `NO [AUTHENTICATIONFAILED]`, `-ERR [AUTH]` |
//! | mail, rcpt, data (SMTP) | `451 4.3.0` | `550 5.7.1` (`554 5.7.1` after DATA) |
//!
//! A failure at the greeting closes the connection after its reply; one at
//! a login is recorded as a refused login, whatever the credentials, with
//! a diagnosis that says it was made on purpose.

use super::*;

/// Where a session fails on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The greeting: the server is not available.
    Greeting,
    /// A login (SASL AUTH/AUTHENTICATE, IMAP LOGIN, POP3 PASS and APOP),
    /// before the credentials are looked at.
    Auth,
    /// SMTP MAIL FROM.
    Mail,
    /// SMTP RCPT TO.
    Rcpt,
    /// SMTP DATA, at the message's final dot.
    Data,
}

impl Step {
    /// Every step, in a session's order.
    pub const ALL: [Step; 5] = [
        Step::Greeting,
        Step::Auth,
        Step::Mail,
        Step::Rcpt,
        Step::Data,
    ];

    /// `greeting`, `auth`, `mail`, `rcpt`, `data`.
    pub fn name(self) -> &'static str {
        match self {
            Step::Greeting => "greeting",
            Step::Auth => "auth",
            Step::Mail => "mail",
            Step::Rcpt => "rcpt",
            Step::Data => "data",
        }
    }
}

/// How a session fails on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// A temporary failure: try again later.
    Temporary,
    /// A permanent refusal.
    Permanent,
    /// The connection is closed with no reply.
    Drop,
}

impl Failure {
    /// Every failure.
    pub const ALL: [Failure; 3] = [Failure::Temporary, Failure::Permanent, Failure::Drop];

    /// `temporary`, `permanent`, `drop`.
    pub fn name(self) -> &'static str {
        match self {
            Failure::Temporary => "temporary",
            Failure::Permanent => "permanent",
            Failure::Drop => "drop",
        }
    }
}

/// The failures a server makes on purpose, at most one a step.
#[derive(Debug, Clone, Default)]
pub struct Chaos {
    rules: Vec<(Step, Failure)>,
}

impl Chaos {
    /// Fails at `step` with `failure`, in place of what was set for it.
    pub fn set(&mut self, step: Step, failure: Failure) {
        self.rules.retain(|(s, _)| *s != step);
        self.rules.push((step, failure));
    }

    /// The failure set for `step`.
    pub fn at(&self, step: Step) -> Option<Failure> {
        self.rules.iter().find(|(s, _)| *s == step).map(|r| r.1)
    }

    /// Whether no failure is set.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

impl Session<'_> {
    /// The greeting's failure on purpose, if one is set: the reply, and a
    /// close.
    pub(super) fn chaos_greeting(&mut self) -> Option<Output> {
        let failure = self.config.chaos.at(Step::Greeting)?;
        let text = match (failure, self.config.protocol) {
            (Failure::Drop, _) => return Some(self.chaos_drop(Step::Greeting)),
            (Failure::Temporary, Protocol::Smtp) => {
                smtp::reply(421, "4.3.2 Service not available, try again later")
            }
            (Failure::Temporary, Protocol::Imap) => {
                imap::untagged("BYE [UNAVAILABLE] Service not available, try again later")
            }
            (Failure::Temporary, Protocol::Pop3) => {
                pop3::err(Some("SYS/TEMP"), "Service not available, try again later")
            }
            (Failure::Permanent, Protocol::Smtp) => smtp::reply(554, "5.3.2 No service here"),
            (Failure::Permanent, Protocol::Imap) => imap::untagged("BYE No service here"),
            (Failure::Permanent, Protocol::Pop3) => pop3::err(Some("SYS/PERM"), "No service here"),
        };
        self.transcript.note(chaos_note(Step::Greeting, failure));
        let mut out = self.reply(text);
        out.close = true;
        Some(out)
    }

    /// A login's failure on purpose, if one is set: recorded as a refused
    /// login of `mechanism` by `user`, answered with the protocol's
    /// temporary or permanent refusal (IMAP tagged `tag`), or a dropped
    /// connection.
    pub(super) fn chaos_login(
        &mut self,
        mechanism: &str,
        user: Option<&str>,
        tag: &str,
    ) -> Option<Output> {
        let failure = self.config.chaos.at(Step::Auth)?;
        self.logins.push(Login {
            outcome: Outcome::Refused,
            user: user.map(str::to_owned),
            mechanism: mechanism.to_ascii_uppercase(),
            diagnosis: vec![chaos_note(Step::Auth, failure)],
        });
        let text = match (failure, self.config.protocol) {
            (Failure::Drop, _) => return Some(self.chaos_drop(Step::Auth)),
            (Failure::Temporary, Protocol::Smtp) => {
                smtp::reply(454, "4.7.0 Temporary authentication failure")
            }
            (Failure::Temporary, Protocol::Imap) => imap::tagged(
                tag,
                "NO",
                Some("UNAVAILABLE"),
                "Temporary authentication failure",
            ),
            (Failure::Temporary, Protocol::Pop3) => {
                pop3::err(Some("SYS/TEMP"), "Temporary authentication failure")
            }
            (Failure::Permanent, Protocol::Smtp) => {
                smtp::reply(535, "5.7.8 Authentication credentials invalid")
            }
            (Failure::Permanent, Protocol::Imap) => imap::tagged(
                tag,
                "NO",
                Some("AUTHENTICATIONFAILED"),
                "Authentication failed.",
            ),
            (Failure::Permanent, Protocol::Pop3) => {
                pop3::err(Some("AUTH"), "Authentication failed.")
            }
        };
        Some(self.reply(text))
    }

    /// An SMTP envelope or DATA step's failure on purpose, if one is set.
    pub(super) fn chaos_smtp(&mut self, step: Step) -> Option<Output> {
        let failure = self.config.chaos.at(step)?;
        self.transcript.note(chaos_note(step, failure));
        let text = match (failure, step) {
            (Failure::Drop, _) => return Some(self.chaos_drop_noted()),
            (Failure::Temporary, _) => smtp::reply(451, "4.3.0 Temporary failure, try again later"),
            (Failure::Permanent, Step::Data) => smtp::reply(554, "5.7.1 Message refused"),
            (Failure::Permanent, _) => smtp::reply(550, "5.7.1 Refused"),
        };
        Some(self.reply(text))
    }

    fn chaos_drop(&mut self, step: Step) -> Output {
        self.transcript.note(chaos_note(step, Failure::Drop));
        self.chaos_drop_noted()
    }

    fn chaos_drop_noted(&mut self) -> Output {
        Output {
            close: true,
            ..Output::default()
        }
    }
}

/// What the transcript and the diagnosis say of a failure on purpose.
pub(super) fn chaos_note(step: Step, failure: Failure) -> String {
    let what = match failure {
        Failure::Temporary => "a temporary failure",
        Failure::Permanent => "a permanent refusal",
        Failure::Drop => "the connection dropped without a reply",
    };
    format!(
        "{what} at the {} step, made on purpose (--chaos {}={}): the client's \
         handling of it is under test",
        step.name(),
        step.name(),
        failure.name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;

    fn replies(
        protocol: Protocol,
        chaos: &[(Step, Failure)],
        lines: &[&[u8]],
    ) -> (Vec<String>, bool) {
        let accounts = Accounts::single("alice", Some(Secret::new(b"pencil".to_vec())), None);
        let mut config = Config::new(protocol, &accounts);
        config.allow_cleartext = true;
        for (step, failure) in chaos {
            config.chaos.set(*step, *failure);
        }
        let mut session = Session::new(&config, &accounts, true);
        let mut out = vec![];
        let greeting = session.greeting();
        let mut closed = greeting.close;
        out.push(String::from_utf8_lossy(&greeting.reply).into_owned());
        for line in lines {
            if closed {
                break;
            }
            let o = session.line(line, false);
            closed = o.close;
            out.push(String::from_utf8_lossy(&o.reply).into_owned());
        }
        (out, closed)
    }

    #[test]
    fn each_step_fails_as_asked() {
        use Failure::*;
        use Step::*;
        let plain: &[u8] = b"AUTH PLAIN AGFsaWNlAHBlbmNpbA==";
        type Case<'a> = (Protocol, Step, Failure, &'a [&'a [u8]], &'a str);
        let cases: &[Case] = &[
            (Protocol::Smtp, Greeting, Temporary, &[], "421 4.3.2 "),
            (Protocol::Smtp, Greeting, Permanent, &[], "554 5.3.2 "),
            (
                Protocol::Imap,
                Greeting,
                Temporary,
                &[],
                "* BYE [UNAVAILABLE] ",
            ),
            (Protocol::Pop3, Greeting, Permanent, &[], "-ERR [SYS/PERM] "),
            (
                Protocol::Smtp,
                Auth,
                Temporary,
                &[b"EHLO x", plain],
                "454 4.7.0 ",
            ),
            (
                Protocol::Smtp,
                Auth,
                Permanent,
                &[b"EHLO x", plain],
                "535 5.7.8 ",
            ),
            (
                Protocol::Imap,
                Auth,
                Temporary,
                &[b"a LOGIN alice pencil"],
                "a NO [UNAVAILABLE] ",
            ),
            (
                Protocol::Imap,
                Auth,
                Temporary,
                &[b"a AUTHENTICATE PLAIN AGFsaWNlAHBlbmNpbA=="],
                "a NO [UNAVAILABLE] ",
            ),
            (
                Protocol::Pop3,
                Auth,
                Temporary,
                &[b"USER alice", b"PASS pencil"],
                "-ERR [SYS/TEMP] ",
            ),
            (
                Protocol::Pop3,
                Auth,
                Permanent,
                &[b"APOP alice 0123456789abcdef0123456789abcdef"],
                "-ERR [AUTH] ",
            ),
            (
                Protocol::Smtp,
                Mail,
                Temporary,
                &[b"EHLO x", plain, b"MAIL FROM:<a@b>"],
                "451 4.3.0 ",
            ),
            (
                Protocol::Smtp,
                Rcpt,
                Permanent,
                &[b"EHLO x", plain, b"MAIL FROM:<a@b>", b"RCPT TO:<c@d>"],
                "550 5.7.1 ",
            ),
            (
                Protocol::Smtp,
                Data,
                Temporary,
                &[
                    b"EHLO x",
                    plain,
                    b"MAIL FROM:<a@b>",
                    b"RCPT TO:<c@d>",
                    b"DATA",
                    b"hi",
                    b".",
                ],
                "451 4.3.0 ",
            ),
            (
                Protocol::Smtp,
                Data,
                Permanent,
                &[
                    b"EHLO x",
                    plain,
                    b"MAIL FROM:<a@b>",
                    b"RCPT TO:<c@d>",
                    b"DATA",
                    b"hi",
                    b".",
                ],
                "554 5.7.1 ",
            ),
        ];
        for (protocol, step, failure, lines, want) in cases {
            let (out, _) = replies(*protocol, &[(*step, *failure)], lines);
            let last = out.last().unwrap();
            assert!(
                last.starts_with(want),
                "{protocol:?} {step:?} {failure:?}: {out:?}"
            );
        }
    }

    #[test]
    fn a_drop_closes_without_a_reply_and_a_login_is_on_record() {
        let (out, closed) = replies(
            Protocol::Smtp,
            &[(Step::Auth, Failure::Drop)],
            &[b"EHLO x", b"AUTH PLAIN AGFsaWNlAHBlbmNpbA=="],
        );
        assert!(closed);
        assert_eq!(out.last().unwrap(), "");
        let (out, closed) = replies(Protocol::Imap, &[(Step::Greeting, Failure::Drop)], &[]);
        assert!(closed);
        assert_eq!(out, [""]);
        // Without chaos the same login is accepted.
        let (out, _) = replies(
            Protocol::Smtp,
            &[],
            &[b"EHLO x", b"AUTH PLAIN AGFsaWNlAHBlbmNpbA=="],
        );
        assert!(out.last().unwrap().starts_with("235 "));
    }

    #[test]
    fn set_replaces_a_steps_failure() {
        let mut chaos = Chaos::default();
        assert!(chaos.is_empty());
        chaos.set(Step::Auth, Failure::Drop);
        chaos.set(Step::Auth, Failure::Temporary);
        assert_eq!(chaos.at(Step::Auth), Some(Failure::Temporary));
        assert_eq!(chaos.at(Step::Mail), None);
    }
}
