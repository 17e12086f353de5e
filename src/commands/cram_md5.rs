use crate::commands::Error;
use saslenc::mech::{CramMd5, Messages};

use super::{converse, finish, pasted_challenge, read_password, text};
use crate::cli::CramMd5Args;

pub fn run(args: CramMd5Args) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let challenge = pasted_challenge("challenge", args.challenge.as_deref())?;
    let password = read_password(args.password, user, challenge.is_none())?;
    let mut cram = CramMd5::new(
        user,
        password.as_text("password")?,
        args.encoding.charset.into(),
    )?;
    match challenge {
        Some(challenge) => {
            let exchange = Messages::run(&mut cram, &[&challenge])?;
            finish(&cram, &exchange, &[&challenge], &args.output)
        }
        // Without the server's challenge there is nothing to print but the
        // command: hold the conversation instead.
        None => converse(&mut cram, &args.output),
    }
}
