use crate::commands::Error;
use saslenc::mech::{CramMd5, Messages};
use saslenc::protocol::pasted;

use super::{converse, finish, read_password, text};
use crate::cli::CramMd5Args;

pub fn run(args: CramMd5Args) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let challenge = args
        .challenge
        .as_deref()
        .map(|line| pasted::challenge("challenge", text("challenge", line)?))
        .transpose()?;
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
