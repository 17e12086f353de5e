use saslenc::mech::{Exchange, XOAuth2};
use saslenc::Error;

use super::{converse, finish, read_token, text};
use crate::cli::Xoauth2Args;

pub fn run(args: Xoauth2Args) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let token = read_token(args.token, user, args.conversation.interactive)?;
    let mut xoauth2 = XOAuth2::new(user, token.as_text("token")?)?;
    if args.conversation.interactive {
        converse(&mut xoauth2, &args.output)
    } else {
        let exchange = Exchange::run(&mut xoauth2, &[])?;
        finish(&xoauth2, &exchange, &[], &args.output)
    }
}
