use crate::commands::Error;
use saslenc::mech::{Messages, XOAuth2};
use saslenc::protocol::Protocol;

use super::{converse, finish, read_token, text};
use crate::cli::Xoauth2Args;

pub fn run(args: Xoauth2Args) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let token = read_token(args.token, user, args.conversation.interactive)?;
    let mut xoauth2 = XOAuth2::new(user, token.as_text("token")?)?;
    let protocol = args.output.protocol.map(Protocol::from);
    let explain = || {
        if args.output.explain {
            super::token::explain("XOAUTH2", token.expose(), Some(user), protocol)
        } else {
            Ok(())
        }
    };
    if args.conversation.interactive {
        // The token's report comes first: the conversation's own
        // explanations follow each message as it is sent.
        explain()?;
        converse(&mut xoauth2, &args.output)
    } else {
        let exchange = Messages::run(&mut xoauth2, &[])?;
        finish(&xoauth2, &exchange, &[], &args.output)?;
        explain()
    }
}
