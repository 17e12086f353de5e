use saslenc::mech::ntlm::client::{random_client_challenge, Login, Ntlm};
use saslenc::mech::Messages;
use saslenc::Error as LibError;

use crate::commands::Error;

use super::{converse, finish_with_server, pasted_challenge, read_password, text};
use crate::cli::NtlmArgs;

pub fn run(args: NtlmArgs) -> Result<(), Error> {
    let given = text("user", &args.user)?;
    // DOMAIN\user, as Windows writes it, unless --domain gives it.
    let (user, domain) = match (&args.domain, given.split_once('\\')) {
        (Some(domain), _) => (given, text("domain", domain)?),
        (None, Some((domain, user))) => (user, domain),
        (None, None) => (given, ""),
    };
    let workstation = match &args.workstation {
        Some(workstation) => text("workstation", workstation)?,
        None => "",
    };
    let client_challenge = match &args.client_challenge {
        Some(given) => client_challenge(text("client-challenge", given)?)?,
        None => random_client_challenge()?,
    };
    let challenge = pasted_challenge("challenge", args.challenge.as_deref())?;
    let password = read_password(args.password, user, challenge.is_none())?;
    let mut ntlm = Ntlm::new(Login {
        user,
        domain,
        password: password.as_text("password")?,
        workstation,
        client_challenge,
        timestamp: args.timestamp,
    })?;
    match challenge {
        Some(challenge) => {
            let exchange = Messages::run(&mut ntlm, &[&challenge])?;
            let server = saslenc::mech::ntlm::read(&challenge)
                .ok()
                .map(|layout| layout.labelled("the server's CHALLENGE (MS-NLMP section 2.2.1.2)"));
            finish_with_server(&ntlm, &exchange, &[&challenge], server, &args.output)
        }
        None => converse(&mut ntlm, &args.output),
    }
}

/// `--client-challenge`: 8 bytes as 16 hex digits.
fn client_challenge(hex_digits: &str) -> Result<[u8; 8], LibError> {
    let mut out = [0u8; 8];
    match hex::decode_to_slice(hex_digits, &mut out) {
        Ok(()) => Ok(out),
        Err(_) => Err(LibError::malformed(
            "client-challenge",
            "the client challenge is 8 bytes written as 16 hex digits",
        )),
    }
}
