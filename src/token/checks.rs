//! The checks a token's claims are put to: which platform's rules apply,
//! then each rule (audience, scope or role, expiry, not-before, user,
//! algorithm), each finding with the rule it breaks and its fix.

use super::*;

impl Claims {
    /// Whether the token is Microsoft's: some claim identifies it
    /// ([`Claims::microsoft_claims`]).
    pub fn is_microsoft(&self) -> bool {
        !self.microsoft_claims().is_empty()
    }

    /// The claims that identify a Microsoft token, each alone: `iss` on
    /// Microsoft's token service, `aud` a Microsoft resource (Exchange
    /// Online, Graph, their application ids), `tid` (an Entra tenant),
    /// `upn`, `appid`, or an `azp` that is an Entra application id (a
    /// GUID; other issuers' `azp` is a client name). A token missing its
    /// `iss` is still judged by Microsoft's rules when the others say
    /// whose it is.
    pub fn microsoft_claims(&self) -> Vec<&'static str> {
        let host = |url: &str| {
            let rest = url.strip_prefix("https://").unwrap_or(url);
            rest.split('/').next().unwrap_or_default().to_owned()
        };
        let mut claims = Vec::new();
        if self.issuer.as_deref().is_some_and(|issuer| {
            MICROSOFT_ISSUERS
                .iter()
                .any(|known| host(issuer).eq_ignore_ascii_case(known))
        }) {
            claims.push("iss");
        }
        if self.audience.iter().any(|aud| {
            let aud = aud.trim_end_matches('/');
            EXCHANGE_AUDIENCES
                .iter()
                .chain(GRAPH_AUDIENCES)
                .any(|known| aud.eq_ignore_ascii_case(known))
                || MICROSOFT_RESOURCE_HOSTS
                    .iter()
                    .any(|known| host(aud).eq_ignore_ascii_case(known))
        }) {
            claims.push("aud");
        }
        if self.tenant.is_some() {
            claims.push("tid");
        }
        if self.users.iter().any(|(claim, _)| *claim == "upn") {
            claims.push("upn");
        }
        match &self.app {
            Some(("appid", _)) => claims.push("appid"),
            Some((name, value)) if is_guid(value) => claims.push(name),
            _ => {}
        }
        claims
    }

    /// Whether the token is app-only: no `scp`, but `roles`.
    pub fn is_app_only(&self) -> bool {
        self.scopes.is_none() && self.roles.is_some()
    }

    pub(super) fn check(
        &self,
        protocol: Option<Protocol>,
        user: Option<&str>,
        now: i64,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        if let Some(finding) = self.check_algorithm() {
            findings.push(finding);
        }
        if self.is_microsoft() {
            findings.push(self.check_audience());
            findings.extend(self.check_permission(protocol));
        } else {
            findings.push(Finding::new(
                Check::Platform,
                Outcome::Note,
                "no platform rules were checked: no claim identifies Microsoft (iss, aud, tid, \
                 upn, appid or azp), the only platform whose audience and scope rules saslenc \
                 knows; only the times and the user are checked",
            ));
        }
        findings.extend(self.check_times(now));
        if let Some(user) = user {
            findings.push(self.check_user(user));
        }
        findings
    }

    pub(super) fn check_audience(&self) -> Finding {
        let is = |list: &[&str], aud: &str| {
            let aud = aud.trim_end_matches('/');
            list.iter().any(|known| aud.eq_ignore_ascii_case(known))
        };
        let shown = || self.audience.join(", ");
        let request = "request the token with an Exchange Online scope: \
                       https://outlook.office.com/SMTP.Send, .../IMAP.AccessAsUser.All or \
                       .../POP.AccessAsUser.All (app-only: https://outlook.office365.com/.default)";
        if let Some(aud) = self.audience.iter().find(|a| is(EXCHANGE_AUDIENCES, a)) {
            Finding::new(
                Check::Audience,
                Outcome::Pass,
                format!("audience {} is Exchange Online's", escape(aud.as_bytes())),
            )
        } else if self.audience.iter().any(|a| is(GRAPH_AUDIENCES, a)) {
            Finding::new(
                Check::Audience,
                Outcome::Fail,
                format!(
                    "the audience is Microsoft Graph ({}), not Exchange Online \
                     (https://outlook.office.com or https://outlook.office365.com): the server \
                     refuses it (SMTP 535 5.7.3 Authentication unsuccessful, IMAP NO \
                     AUTHENTICATE failed)",
                    escape(shown().as_bytes())
                ),
            )
            .fix(format!(
                "{request}, not a Graph scope such as Mail.Send or https://graph.microsoft.com/.default"
            ))
        } else if self.audience.is_empty() {
            Finding::new(
                Check::Audience,
                Outcome::Fail,
                "the token has no aud claim; Exchange Online takes only tokens for \
                 https://outlook.office.com or https://outlook.office365.com",
            )
            .fix(request)
        } else {
            Finding::new(
                Check::Audience,
                Outcome::Fail,
                format!(
                    "audience {} is not Exchange Online's (https://outlook.office.com or \
                     https://outlook.office365.com)",
                    escape(shown().as_bytes())
                ),
            )
            .fix(request)
        }
    }

    /// The delegated scope or app-only role the protocol needs, and for
    /// an app-only token the note on the mailbox permission.
    pub(super) fn check_permission(&self, protocol: Option<Protocol>) -> Vec<Finding> {
        // (protocol, delegated scope, app-only role), from Microsoft's
        // "Authenticate an IMAP, POP or SMTP connection using OAuth".
        const NEEDS: &[(Protocol, &str, &str)] = &[
            (Protocol::Smtp, "SMTP.Send", "SMTP.SendAsApp"),
            (Protocol::Imap, "IMAP.AccessAsUser.All", "IMAP.AccessAsApp"),
            (Protocol::Pop3, "POP.AccessAsUser.All", "POP.AccessAsApp"),
        ];
        let name = |p: Protocol| match p {
            Protocol::Smtp => "SMTP",
            Protocol::Imap => "IMAP",
            Protocol::Pop3 => "POP3",
        };
        let (check, claim, granted, app_only) = match (&self.scopes, &self.roles) {
            (Some(scopes), _) => (Check::Scope, "scp", scopes, false),
            (None, Some(roles)) => (Check::AppRole, "roles", roles, true),
            (None, None) => {
                return vec![Finding::new(
                    Check::Scope,
                    Outcome::Fail,
                    "the token has neither scp (a delegated token's scopes) nor roles (an \
                     app-only token's permissions): it grants no mail access",
                )
                .fix(
                    "request https://outlook.office.com/SMTP.Send, .../IMAP.AccessAsUser.All or \
                     .../POP.AccessAsUser.All for a user, https://outlook.office365.com/.default \
                     for an app",
                )]
            }
        };
        // Scopes may come as full URIs (https://outlook.office.com/SMTP.Send).
        let has = |wanted: &str| {
            granted.iter().any(|g| {
                let short = g.rsplit('/').next().unwrap_or(g);
                short.eq_ignore_ascii_case(wanted)
            })
        };
        let wanted = |&(_, scope, role): &(Protocol, &'static str, &'static str)| {
            if app_only {
                role
            } else {
                scope
            }
        };
        let what = if app_only {
            "an app-only token's roles"
        } else {
            "a delegated token's scp"
        };
        let grant = |needed: &str| {
            if app_only {
                format!(
                    "grant the app the Office 365 Exchange Online application permission \
                     {needed} (admin consent), then request https://outlook.office365.com/.default"
                )
            } else {
                format!("request https://outlook.office.com/{needed} (with offline_access)")
            }
        };
        let mut findings = Vec::new();
        match protocol {
            Some(protocol) => {
                let needs = NEEDS.iter().find(|n| n.0 == protocol).map(wanted);
                let needed = needs.unwrap_or_default();
                if has(needed) {
                    findings.push(Finding::new(
                        check,
                        Outcome::Pass,
                        format!("{claim} holds {needed}, which {} needs", name(protocol)),
                    ));
                } else {
                    findings.push(
                        Finding::new(
                            check,
                            Outcome::Fail,
                            format!(
                                "{claim} lacks {needed}: {} through Exchange Online needs it in \
                                 {what}",
                                name(protocol)
                            ),
                        )
                        .fix(grant(needed)),
                    );
                }
            }
            None => {
                let usable: Vec<&str> = NEEDS
                    .iter()
                    .filter(|n| has(wanted(n)))
                    .map(|n| name(n.0))
                    .collect();
                if usable.is_empty() {
                    let all: Vec<&str> = NEEDS.iter().map(wanted).collect();
                    findings.push(
                        Finding::new(
                            check,
                            Outcome::Fail,
                            format!(
                                "{claim} holds none of {}: the token allows no mail login",
                                all.join(", ")
                            ),
                        )
                        .fix(grant(&all.join(" / "))),
                    );
                } else {
                    findings.push(Finding::new(
                        check,
                        Outcome::Pass,
                        format!(
                            "{claim} allows {} (no protocol given: any one will do)",
                            usable.join(", ")
                        ),
                    ));
                }
            }
        }
        if app_only {
            findings.push(
                Finding::new(
                    Check::MailboxPermission,
                    Outcome::Note,
                    "an app-only token also needs a permission on the mailbox itself, which no \
                     token shows",
                )
                .fix(
                    "in Exchange Online PowerShell: New-ServicePrincipal for the app, then \
                     Add-MailboxPermission -AccessRights FullAccess (IMAP, POP) or \
                     Add-RecipientPermission -AccessRights SendAs (SMTP) for the mailbox",
                ),
            );
        }
        findings
    }

    /// `alg: none` (RFC 7518 section 3.6): an unsigned token, which every
    /// server that validates tokens refuses (RFC 8725 section 3.1).
    pub(super) fn check_algorithm(&self) -> Option<Finding> {
        let alg = self.algorithm.as_deref()?;
        alg.eq_ignore_ascii_case("none").then(|| {
            Finding::new(
                Check::Algorithm,
                Outcome::Fail,
                "the header's alg is none: the token is unsigned (RFC 7518 section 3.6), and \
                 servers that validate tokens refuse it (RFC 8725 section 3.1)",
            )
            .fix("use the token as the issuer signed it; an edited or hand-made token will not log in")
        })
    }

    pub(super) fn check_times(&self, now: i64) -> Vec<Finding> {
        let mut findings = Vec::new();
        match self.expires {
            None if self.expires_malformed => findings.push(
                Finding::new(
                    Check::Expiry,
                    Outcome::Fail,
                    "the exp claim is malformed: it is not a number of seconds (a NumericDate, \
                     RFC 7519 section 4.1.4), so no server can tell when the token expires, and \
                     validators refuse it",
                )
                .fix("get a token from the issuer as it made it; exp must be a JSON number"),
            ),
            None => findings.push(Finding::new(
                Check::Expiry,
                Outcome::Note,
                "the token has no exp claim: it does not say when it expires",
            )),
            Some(exp) if now.saturating_sub(exp) > CLOCK_SKEW_SECONDS => findings.push(
                Finding::new(
                    Check::Expiry,
                    Outcome::Fail,
                    format!(
                        "expired {} ago (exp {}); servers refuse expired tokens",
                        in_words(now.saturating_sub(exp)),
                        utc(exp)
                    ),
                )
                .fix("get a fresh access token from the token helper (a refresh)"),
            ),
            Some(exp) if now >= exp => findings.push(
                Finding::new(
                    Check::Expiry,
                    Outcome::Note,
                    format!(
                        "expired {} ago, within the {} of clock skew servers allow",
                        in_words(now.saturating_sub(exp)),
                        in_words(CLOCK_SKEW_SECONDS)
                    ),
                )
                .fix("get a fresh access token"),
            ),
            Some(exp) => {
                // "valid for 52 more minutes": the count, then "more".
                let left = in_words(exp.saturating_sub(now));
                let (count, unit) = left.split_once(' ').unwrap_or((&left, ""));
                findings.push(Finding::new(
                    Check::Expiry,
                    Outcome::Pass,
                    format!("valid for {count} more {unit}"),
                ));
            }
        }
        // Without nbf, the issue time stands in: a token issued in the
        // future is not valid yet either.
        let start = match (self.not_before, self.issued_at) {
            (Some(nbf), _) => Some(("nbf", nbf)),
            (None, Some(iat)) => Some(("iat", iat)),
            (None, None) => None,
        };
        if let Some((claim, start)) = start {
            let ahead = start.saturating_sub(now);
            if ahead > CLOCK_SKEW_SECONDS {
                findings.push(
                    Finding::new(
                        Check::NotBefore,
                        Outcome::Fail,
                        format!(
                            "not valid for another {} ({claim} {}), more than the {} of clock \
                             skew servers allow",
                            in_words(ahead),
                            utc(start),
                            in_words(CLOCK_SKEW_SECONDS)
                        ),
                    )
                    .fix("check this machine's clock, and the token helper's"),
                );
            } else {
                findings.push(Finding::new(
                    Check::NotBefore,
                    Outcome::Pass,
                    format!("valid since {} ({claim})", utc(start)),
                ));
            }
        }
        findings
    }

    pub(super) fn check_user(&self, user: &str) -> Finding {
        let named: Vec<&(&str, String)> = self
            .users
            .iter()
            .filter(|(claim, _)| *claim != "sub")
            .collect();
        if named.is_empty() {
            return Finding::new(
                Check::User,
                Outcome::Note,
                "the token names no user (no upn, unique_name, preferred_username or email): \
                 the server takes the mailbox from the login's user alone, as it does for an \
                 app-only token",
            );
        }
        let shown = escape(user.as_bytes());
        match named
            .iter()
            .find(|(_, value)| value.eq_ignore_ascii_case(user))
        {
            Some((claim, _)) => Finding::new(
                Check::User,
                Outcome::Pass,
                format!("the user {shown} is the token's {claim}"),
            ),
            None => {
                let (claim, value) = named[0];
                let value = escape(value.as_bytes());
                Finding::new(
                    Check::User,
                    Outcome::Fail,
                    format!(
                        "the login's user is {shown}, but the token was issued to {value} \
                         ({claim}); the server refuses a token for another account"
                    ),
                )
                .fix(format!(
                    "log in as {value}, or get a token signed in as {shown}"
                ))
            }
        }
    }

    pub(super) fn describe(&self, now: i64) -> Vec<String> {
        let mut lines = Vec::new();
        let alg = self
            .algorithm
            .as_deref()
            .map(|a| format!(", alg {}", escape(a.as_bytes())))
            .unwrap_or_default();
        let kind = match (self.is_microsoft(), self.is_app_only()) {
            (true, _) if self.issuer.is_none() => "a Microsoft JWT (by its claims; it has no iss)",
            (true, true) => "a Microsoft app-only JWT",
            (true, false) if self.scopes.is_some() => "a Microsoft delegated JWT",
            (true, false) => "a Microsoft JWT",
            (false, _) => "a JWT",
        };
        lines.push(format!(
            "access token: {kind}{alg}; the signature is neither checked nor shown"
        ));
        let mut claim = |name: &str, value: &str| {
            lines.push(format!("  {name}: {}", escape(value.as_bytes())));
        };
        if let Some(iss) = &self.issuer {
            claim("issuer (iss)", iss);
        }
        if !self.audience.is_empty() {
            claim("audience (aud)", &self.audience.join(", "));
        }
        if let Some(scopes) = &self.scopes {
            claim("scopes (scp)", &scopes.join(" "));
        }
        if let Some(roles) = &self.roles {
            claim("roles", &roles.join(" "));
        }
        for (name, value) in &self.users {
            claim(&format!("user ({name})"), value);
        }
        if let Some(tid) = &self.tenant {
            claim("tenant (tid)", tid);
        }
        if let Some((name, value)) = &self.app {
            claim(&format!("app ({name})"), value);
        }
        for (name, time) in [
            ("issued (iat)", self.issued_at),
            ("not before (nbf)", self.not_before),
            ("expires (exp)", self.expires),
        ] {
            if let Some(time) = time {
                lines.push(format!("  {name}: {}, {}", utc(time), relative(time, now)));
            }
        }
        for problem in &self.problems {
            lines.push(format!("  note: {problem}"));
        }
        lines
    }
}
