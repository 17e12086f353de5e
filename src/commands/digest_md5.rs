use saslenc::mech::digest_md5::{digest_uri, DigestMd5, Login};
use saslenc::mech::scram::random_nonce;
use saslenc::mech::Messages;
use saslenc::protocol::Protocol;

use crate::commands::Error;

use super::{converse, finish, pasted_challenge, read_password, text};
use crate::cli::DigestMd5Args;

pub fn run(args: DigestMd5Args) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let authzid = match &args.authzid {
        Some(authzid) => text("authzid", authzid)?,
        None => "",
    };
    let host = text("host", &args.host)?;
    let protocol = args.output.protocol.map_or(Protocol::Smtp, Into::into);
    let digest_uri = digest_uri(protocol, host);
    let cnonce = match &args.cnonce {
        Some(cnonce) => text("cnonce", cnonce)?.to_owned(),
        None => random_nonce()?,
    };
    let challenge = pasted_challenge("challenge", args.challenge.as_deref())?;
    let password = read_password(args.password, user, challenge.is_none())?;
    let mut digest = DigestMd5::new(Login {
        user,
        password: password.as_text("password")?.as_bytes(),
        authzid,
        digest_uri: &digest_uri,
        cnonce: &cnonce,
    })?
    .with_hashing(args.encoding.digest_encoding.into());
    match challenge {
        Some(challenge) => {
            let exchange = Messages::run(&mut digest, &[&challenge])?;
            finish(&digest, &exchange, &[&challenge], &args.output)
        }
        None => converse(&mut digest, &args.output),
    }
}
