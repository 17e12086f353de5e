use saslenc::mech::{Exchange, XOAuth2};
use saslenc::Error;

use super::{print, read_token, text};
use crate::cli::Xoauth2Args;

pub fn run(args: Xoauth2Args) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let token = read_token(args.token, user)?;
    let mut xoauth2 = XOAuth2::new(user, token.as_text("token")?)?;
    print(&Exchange::run(&mut xoauth2, &[])?, &args.output)
}
