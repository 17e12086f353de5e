use saslenc::mech::{CramMd5, Exchange};
use saslenc::{server_line, Error};

use super::{finish, read_password, text};
use crate::cli::CramMd5Args;

pub fn run(args: CramMd5Args) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let challenge = server_line::challenge("challenge", text("challenge", &args.challenge)?)?;
    let password = read_password(args.password, user)?;
    let mut cram = CramMd5::new(
        user,
        password.as_text("password")?,
        args.encoding.charset.into(),
    )?;
    let exchange = Exchange::run(&mut cram, &[&challenge])?;
    finish(&cram, &exchange, &[&challenge], &args.output)
}
