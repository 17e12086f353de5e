use crate::commands::Error;
use saslenc::mech::{login, Login, Messages};

use super::{converse, finish, read_password, text};
use crate::cli::LoginArgs;

pub fn run(args: LoginArgs) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let password = read_password(args.password, user, args.conversation.interactive)?;
    let mut login = Login::new(
        user,
        password.as_text("password")?,
        args.encoding.charset.into(),
    )?;
    if args.conversation.interactive {
        converse(&mut login, &args.output)
    } else {
        let exchange = Messages::run(&mut login, &login::PROMPTS)?;
        finish(&login, &exchange, &login::PROMPTS, &args.output)
    }
}
