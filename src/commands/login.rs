use saslenc::mech::{login, Exchange, Login};
use saslenc::Error;

use super::{print, read_password, text};
use crate::cli::LoginArgs;

pub fn run(args: LoginArgs) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let password = read_password(args.password, user)?;
    let mut login = Login::new(
        user,
        password.as_text("password")?,
        args.encoding.charset.into(),
    )?;
    print(&Exchange::run(&mut login, &login::PROMPTS)?, &args.output)
}
