use crate::commands::Error;
use saslenc::mech::{Messages, OAuthBearer};
use saslenc::protocol::Protocol;

use super::{converse, finish, read_token, text};
use crate::cli::OauthbearerArgs;

pub fn run(args: OauthbearerArgs) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let host = args.host.as_deref().map(|h| text("host", h)).transpose()?;
    let token = read_token(args.token, user, args.conversation.interactive)?;
    let mut bearer = OAuthBearer::new(user, host, args.port, token.as_text("token")?)?;
    let protocol = args.output.protocol.map(Protocol::from);
    // An empty user leaves the authzid out: there is nothing to compare.
    let login_user = Some(user).filter(|u| !u.is_empty());
    let explain = || {
        if args.output.explain {
            super::token::explain("OAUTHBEARER", token.expose(), login_user, protocol)
        } else {
            Ok(())
        }
    };
    if args.conversation.interactive {
        // As for XOAUTH2: the token's report first.
        explain()?;
        converse(&mut bearer, &args.output)
    } else {
        let exchange = Messages::run(&mut bearer, &[])?;
        finish(&bearer, &exchange, &[], &args.output)?;
        explain()
    }
}
