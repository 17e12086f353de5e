//! NTLM's part of the diagnosis: a user name no account has, tried
//! against the accounts whose name it could be a spelling of. The server
//! step itself tells a wrong domain from a wrong password for a user it
//! knows ([`crate::mech::ntlm::server::examine`]); here the right NT hash
//! of each near account is asked whether it reproduces the response, and
//! only then is that account named.

use crate::field::quoted;
use crate::mech::ntlm::server::{read_authenticate, verify_as, Authenticate};
use crate::mech::ntlm::{parse, Message};
use crate::mech::server::{Check, Evidence, Store};

use super::super::accounts::Accounts;

/// How a name sent can be another spelling of an account's name.
fn spelling(sent: &str, account: &str) -> Option<(&'static str, Option<String>)> {
    if sent.eq_ignore_ascii_case(account) {
        return Some((
            "the name differs from it only in case (this server compares names exactly, where \
             Windows would not)",
            None,
        ));
    }
    if let Some((domain, user)) = sent.split_once('\\') {
        if user.eq_ignore_ascii_case(account) {
            return Some((
                "the client put the domain in the user name (DOMAIN\\user): send the user name \
                 alone and the domain in its own field",
                Some(domain.to_owned()),
            ));
        }
    }
    if let Some((user, _)) = sent.split_once('@') {
        if user.eq_ignore_ascii_case(account) {
            return Some((
                "the client sent the user principal name (user@domain) where the account has the \
                 user name alone",
                None,
            ));
        }
    }
    if let Some((user, _)) = account.split_once('@') {
        if user.eq_ignore_ascii_case(sent) {
            return Some((
                "the account's name is a user principal name (user@domain), and the client sent \
                 the part before @",
                None,
            ));
        }
    }
    None
}

/// The CHALLENGE's server challenge, read back from what the server sent.
fn server_challenge(evidence: &Evidence) -> Option<[u8; 8]> {
    let challenge = evidence.challenges.last()?;
    let Ok(Message::Challenge(c)) = parse(challenge) else {
        return None;
    };
    challenge.get(c.server_challenge)?.try_into().ok()
}

/// For an NTLM login refused for a user no account has: the account whose
/// right password reproduces the response, under the names as sent, under
/// the account's own spelling, or with the domain the user name carried.
pub(super) fn unknown_user(
    evidence: &Evidence,
    store: &dyn Store,
    accounts: &Accounts,
) -> Option<String> {
    let sent = read_authenticate(evidence.messages.last()?, true).ok()?;
    let challenge = server_challenge(evidence)?;
    accounts.all().iter().find_map(|account| {
        let (how, carried) = spelling(&sent.user, &account.user)?;
        reproduces(&sent, &challenge, store, &account.user, carried.as_deref()).then(|| {
            format!(
                "there is no user {}, and the response is the right password's for the account \
                 {}: {how}",
                quoted(sent.user.as_bytes()),
                quoted(account.user.as_bytes())
            )
        })
    })
}

/// Whether `account`'s NT hash gives `sent`'s response, for the names as
/// sent, for the account's spelling with the domain sent, or for the
/// account's spelling with the domain `carried` in the user name.
fn reproduces(
    sent: &Authenticate,
    challenge: &[u8; 8],
    store: &dyn Store,
    account: &str,
    carried: Option<&str>,
) -> bool {
    let mut check = |hash: &[u8; 16]| {
        [
            (sent.user.as_str(), sent.domain.as_str()),
            (account, sent.domain.as_str()),
            (account, carried.unwrap_or(sent.domain.as_str())),
        ]
        .iter()
        .any(|(user, domain)| verify_as(sent, hash, challenge, user, domain))
    };
    store.nt_hash(account, &mut check) == Check::Match
}
