# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_saslenc_global_optspecs
    string join \n h/help V/version
end

function __fish_saslenc_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_saslenc_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_saslenc_using_subcommand
    set -l cmd (__fish_saslenc_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c saslenc -n "__fish_saslenc_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_needs_command" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "plain" -d 'AUTH PLAIN (RFC 4616): one line, authzid NUL user NUL password'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "login" -d 'AUTH LOGIN: the user name, then the password, each on its own line'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "cram-md5" -d 'AUTH CRAM-MD5 (RFC 2195): answer the server\'s challenge'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "digest-md5" -d 'AUTH DIGEST-MD5 (RFC 2831, historic): answer the challenge, check rspauth'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "ntlm" -d 'AUTH NTLM (MS-NLMP, being retired): NEGOTIATE, then the NTLMv2 answer'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "xoauth2" -d 'AUTH XOAUTH2 (Gmail, Microsoft 365): user and OAuth 2.0 access token'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "oauthbearer" -d 'AUTH OAUTHBEARER (RFC 7628): the standard OAuth 2.0 bearer mechanism'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "scram-sha-1" -d 'AUTH SCRAM-SHA-1 (RFC 5802): salted challenge-response, server proves itself'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "scram-sha-256" -d 'AUTH SCRAM-SHA-256 (RFC 7677): salted challenge-response, server proves itself'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "external" -d 'AUTH EXTERNAL (RFC 4422 appendix A): credentials from TLS or the socket'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "anonymous" -d 'AUTH ANONYMOUS (RFC 4505): optional trace information only'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "mechanisms" -d 'List every mechanism with its RFC and when to use it'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "list" -d 'List every mechanism with its RFC and when to use it'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "connect" -d 'Log in to an SMTP, IMAP or POP3 server over TLS and report the verdict'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "serve" -d 'Run a practice SMTP, IMAP or POP3 server that shows what a client sends, checks its login, and says why a refused login was wrong'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "secret" -d 'Make the secrets a server stores for SCRAM and CRAM-MD5, or check a password against one'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "decode" -d 'Decode base64 from a server or client line and show every byte'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "token" -d 'Read an OAuth access token offline: its claims, and why a mail login with it would fail'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "completions" -d 'Print shell completions or the man pages, write them into a directory, or install them where your shell and man look'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s u -l user -d 'The user to authenticate as (the authcid)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s z -l authzid -d 'Act on behalf of this identity (the authzid); empty when not given. Some older servers want it equal to the user' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l charset -d 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it' -r -f -a "utf-8\t'UTF-8 (RFC 4616, RFC 4422)'
latin1\t'ISO-8859-1, one byte a character'"
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -s u -l user -d 'The user name' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l charset -d 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it' -r -f -a "utf-8\t'UTF-8 (RFC 4616, RFC 4422)'
latin1\t'ISO-8859-1, one byte a character'"
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -s i -l interactive -d 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server\'s verdict'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s u -l user -d 'The user name' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s c -l challenge -d 'The server\'s challenge: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal. Without it, saslenc holds the conversation (see --interactive)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l charset -d 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it' -r -f -a "utf-8\t'UTF-8 (RFC 4616, RFC 4422)'
latin1\t'ISO-8859-1, one byte a character'"
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s i -l interactive -d 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server\'s verdict'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -s u -l user -d 'The user name' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -s z -l authzid -d 'Act on behalf of this identity (the authzid); empty when not given' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -s H -l host -d 'The server\'s host name, the second half of the digest-uri (`smtp/HOST`, `imap/HOST`, `pop/HOST`; the service is --protocol\'s, smtp when not given)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -s c -l challenge -d 'The server\'s challenge: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal. Without it, saslenc holds the conversation (see --interactive)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -l cnonce -d 'The client nonce, to reproduce an exchange (random when not given)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -l digest-encoding -d 'How DIGEST-MD5 hashes a non-ASCII user name, realm or password: utf-8 as typed (what Dovecot checks, and Cyrus SASL too; curl\'s way), iso-8859-1 (RFC 2831 section 2.1.2.1: each value ISO 8859-1 can hold converted to it; Cyrus SASL\'s client) or iso-8859-1-password (the password alone; GNU SASL\'s client and server)' -r -f -a "utf-8\t'UTF-8, as typed (Dovecot, curl)'
iso-8859-1\t'ISO 8859-1 where it can hold each value (RFC 2831, Cyrus SASL)'
iso-8859-1-password\t'ISO 8859-1 for the password alone (GNU SASL)'"
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -s i -l interactive -d 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server\'s verdict'
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand digest-md5" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -s u -l user -d 'The user name; `DOMAIN\\\\user` (as Windows writes it) also gives the domain' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -s d -l domain -d 'The user\'s domain (empty when not given, nor in --user)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -s w -l workstation -d 'The client\'s workstation name (empty when not given)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -s c -l challenge -d 'The server\'s CHALLENGE: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal. Without it, saslenc holds the conversation (see --interactive)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -l client-challenge -d 'The 8-byte client challenge as 16 hex digits, to reproduce an exchange (random when not given)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -l timestamp -d 'The timestamp put in the NTLMv2 blob when the server\'s target info has none, as a FILETIME (100-nanosecond ticks since 1601-01-01 UTC), to reproduce an exchange (now when not given). A server\'s timestamp is always used as sent' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -s i -l interactive -d 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server\'s verdict'
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand ntlm" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -s u -l user -d 'The mailbox owner the token was issued for' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -l token -d 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -l token-file -d 'Read the token from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -l token-env -d 'Read the token from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -l token-fd -d 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -l token-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -s i -l interactive -d 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server\'s verdict'
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -l token-stdin -d 'Read the token from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand xoauth2" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -s u -l user -d 'The user to act as (the GS2 authzid); `,` and `=` are escaped as `=2C` and `=3D`' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -s H -l host -d 'The server\'s host name, sent as host= (left out when not given)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -s p -l port -d 'The server\'s port, sent as port= (left out when not given)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -l token -d 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -l token-file -d 'Read the token from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -l token-env -d 'Read the token from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -l token-fd -d 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -l token-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -s i -l interactive -d 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server\'s verdict'
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -l token-stdin -d 'Read the token from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand oauthbearer" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -s u -l user -d 'The user name; `,` and `=` are escaped as `=2C` and `=3D`' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -s z -l authzid -d 'Act on behalf of this identity (the GS2 authzid); none when not given' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -s N -l nonce -d 'The client nonce: printable ASCII without `,`. Random (from the operating system) when not given; fix it only for tests and teaching' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -s s -l server-first -d 'The server\'s first message (base64, or a pasted `334 ...` / `+ ...` line): print client-final without holding a conversation' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -l binding-data -d 'Channel binding data of the TLS connection the messages travel in, hex or base64: makes the mechanism SCRAM-SHA-*-PLUS (GS2 flag `p=TYPE`, the data in client-final\'s `c=`). For tls-exporter, print it with `openssl s_client -keymatexport EXPORTER-Channel-Binding -keymatexportlen 32` (TLS 1.3)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -l channel-binding -d 'The channel binding type of --binding-data: tls-exporter (RFC 9266, 32 bytes) or tls-server-end-point (RFC 5929, the hash of the server\'s certificate)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -s f -l server-final -d 'The server\'s final message, to check against the expected server signature (with --server-first)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -l no-saslprep -d 'Send the password and user name as given, without SASLprep (RFC 4013), for servers that skip it'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -s i -l interactive -d 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server\'s verdict'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-1" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -s u -l user -d 'The user name; `,` and `=` are escaped as `=2C` and `=3D`' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -s z -l authzid -d 'Act on behalf of this identity (the GS2 authzid); none when not given' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -s N -l nonce -d 'The client nonce: printable ASCII without `,`. Random (from the operating system) when not given; fix it only for tests and teaching' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -s s -l server-first -d 'The server\'s first message (base64, or a pasted `334 ...` / `+ ...` line): print client-final without holding a conversation' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -l binding-data -d 'Channel binding data of the TLS connection the messages travel in, hex or base64: makes the mechanism SCRAM-SHA-*-PLUS (GS2 flag `p=TYPE`, the data in client-final\'s `c=`). For tls-exporter, print it with `openssl s_client -keymatexport EXPORTER-Channel-Binding -keymatexportlen 32` (TLS 1.3)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -l channel-binding -d 'The channel binding type of --binding-data: tls-exporter (RFC 9266, 32 bytes) or tls-server-end-point (RFC 5929, the hash of the server\'s certificate)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -s f -l server-final -d 'The server\'s final message, to check against the expected server signature (with --server-first)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -l no-saslprep -d 'Send the password and user name as given, without SASLprep (RFC 4013), for servers that skip it'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -s i -l interactive -d 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server\'s verdict'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand scram-sha-256" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand external" -s z -l authzid -d 'Act as this identity; empty (the identity of the external credentials) when not given' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand external" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand external" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand external" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand external" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand external" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand external" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand anonymous" -s t -l trace -d 'Trace information for the server\'s log: an email address or up to 255 characters; empty when not given' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand anonymous" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand anonymous" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand anonymous" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand anonymous" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand anonymous" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand anonymous" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand mechanisms" -s h -l help -d 'Print help'
complete -c saslenc -n "__fish_saslenc_using_subcommand mechanisms" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand list" -s h -l help -d 'Print help'
complete -c saslenc -n "__fish_saslenc_using_subcommand list" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -s u -l user -d 'The user to log in as (for ANONYMOUS, the trace information)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -s z -l authzid -d 'Act on behalf of this identity (PLAIN, SCRAM, EXTERNAL)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -s m -l mech -d 'The mechanism, as servers name it (any case): SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER, EXTERNAL, ANONYMOUS. Without it, the strongest that both sides have' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l channel-binding -d 'The channel binding of SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS, which a server offering them is logged in with over TLS: tls-exporter (RFC 9266, TLS 1.3; the default there), tls-server-end-point (RFC 5929, the hash of the server\'s certificate; the default on TLS 1.2) or none' -r -f -a "tls-exporter\t'RFC 9266: 32 bytes of the TLS 1.3 exporter'
tls-server-end-point\t'RFC 5929: the hash of the server\'s certificate'
none\t'No channel binding: the -PLUS mechanisms are not chosen'"
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l digest-encoding -d 'How DIGEST-MD5 hashes a non-ASCII user name, realm or password: utf-8 as typed (what Dovecot checks, and Cyrus SASL too; curl\'s way), iso-8859-1 (RFC 2831 section 2.1.2.1: each value ISO 8859-1 can hold converted to it; Cyrus SASL\'s client) or iso-8859-1-password (the password alone; GNU SASL\'s client and server)' -r -f -a "utf-8\t'UTF-8, as typed (Dovecot, curl)'
iso-8859-1\t'ISO 8859-1 where it can hold each value (RFC 2831, Cyrus SASL)'
iso-8859-1-password\t'ISO 8859-1 for the password alone (GNU SASL)'"
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l token -d 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l token-file -d 'Read the token from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l token-env -d 'Read the token from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l token-fd -d 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l token-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l ehlo -d 'The name sent with EHLO (SMTP)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l cafile -d 'Trust the certificates in this PEM file instead of the platform\'s store: a private CA, or the server\'s own (self-signed) certificate' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l pin-sha256 -d 'Accept exactly the certificate whose DER encoding has this SHA-256 (64 hex digits, colons allowed, or base64); may be repeated' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l cert -d 'Present this client certificate (PEM, leaf first) when the server asks: EXTERNAL then logs in with it, and is chosen where the server offers it. --user becomes EXTERNAL\'s authorization identity' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l key -d 'The private key of --cert, PEM, unencrypted (PKCS #8, RSA or EC)' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -s t -l timeout -d 'Seconds to wait for the connection and for each line of the server' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l connect-to -d 'Connect to HOST:PORT (an IPv6 address in brackets) instead of the URL\'s host and port, which still name the server for SNI and the certificate check, as curl\'s --connect-to: one node behind a load balancer' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l force-mech -d 'Use --mech even if the server does not advertise it'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l token-stdin -d 'Read the token from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -s k -l insecure -d 'Do not verify the certificate at all (warns on every run)'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l no-tls -d 'Do not start TLS on a STARTTLS scheme (smtp, submission, imap, pop3)'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l allow-cleartext -d 'With --no-tls, allow PLAIN, LOGIN, XOAUTH2 and OAUTHBEARER, which send the password or token itself'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -s q -l quiet -d 'Print only the verdict line'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l json -d 'Print one JSON document instead of the transcript'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l show-secrets -d 'Show passwords, tokens, proofs and digests in the transcript'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l probe -d 'No login: report TLS version, cipher, certificate and the mechanisms offered before and after TLS, with warnings'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -l all -d 'Try every mechanism the server offers and saslenc has, one connection each, and print a table'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand connect" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -s u -l user -d 'The one account\'s user name (with a password source, or a token source for XOAUTH2 and OAUTHBEARER)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l token -d 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l token-file -d 'Read the token from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l token-env -d 'Read the token from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l token-fd -d 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l token-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l passdb -d 'The accounts of a Dovecot passwd-file (user:{SCHEME}data lines, as `saslenc secret --format dovecot --user` writes them); the mechanisms offered follow from what is stored' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -s m -l mech -d 'The mechanisms to offer, in order, comma-separated (default: every one the accounts can run, strongest first)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l cert -d 'The certificate chain to serve, PEM (with --key); without it a fresh self-signed certificate for localhost, 127.0.0.1, ::1 and the listen names' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l key -d 'The private key of --cert, PEM' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l client-ca -d 'Ask TLS clients for a certificate from the CAs in this PEM file, and offer EXTERNAL on TLS connections: it logs in as the certificate\'s CN, email or DNS name that is an account (--user, --passdb, or any with --accept-any)' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l write-cert -d 'Write the served certificate (PEM) to this file, for a client\'s --cafile / --cacert' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l timeout -d 'With --once: the whole run\'s deadline, in seconds, from start to the end of the first connection' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l max-connections -d 'The most connections served at once; more are told the server is busy (421, * BYE, -ERR)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l ready-file -d 'Once every listener is bound, write their URLs to this file, one a line, with the ports actually bound (atomically: a script that sees the file sees it whole). A file left by an earlier run is removed at start, and this one when serve ends' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l failure-delay -d 'Wait this long before answering a refused or malformed login, as Dovecot\'s auth_failure_delay does, to slow down password guessing; other connections are served meanwhile. Decimals allowed, at most 60 (default: 2 on a listener whose address is not loopback, 0 on loopback)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l client-diagnosis -d 'Put a refused login\'s diagnosis in the reply the client sees (SMTP 535- lines, IMAP NO text, POP3 -ERR text), masked: `auto` on loopback listeners (a practice server), `never` to answer as a real server does' -r -f -a "auto\t'On loopback listeners'
always\t'On every listener'
never\t'Never: the replies are a real server\'s'"
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l chaos -d 'Fail on purpose at STEP of every session, to try a client\'s error handling: STEP is greeting, auth, mail, rcpt or data (the last three SMTP only); FAILURE is temporary (421/454/451, IMAP [UNAVAILABLE], POP3 [SYS/TEMP]), permanent (554/535/550, IMAP NO or BYE, POP3 -ERR) or drop (the connection closed, no reply). Repeat for several steps' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l maildir -d 'Keep each message accepted (SMTP DATA, IMAP APPEND) in this Maildir (tmp/ then new/, made if missing), and serve it back over POP3 (LIST, RETR, TOP, UIDL, DELE) and IMAP (the INBOX: FETCH, SEARCH, STORE, EXPUNGE) to every account; without it, messages are counted and discarded' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l token-stdin -d 'Read the token from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l accept-any -d 'Accept every well-formed login, whatever the credentials (capture mode); still decoded, masked and diagnosed for form. SCRAM is not offered: its server must prove it knows the password'
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l allow-anonymous -d 'Offer ANONYMOUS (RFC 4505)'
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l allow-cleartext -d 'Take AUTH, IMAP LOGIN and POP3 USER/PASS without TLS (loopback listeners only)'
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l once -d 'Stop after the first connection, with its verdict as the exit status'
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l show-secrets -d 'Show passwords, tokens and proofs in the transcript'
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -l json -d 'One JSON object per event per line (NDJSON) on standard output'
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -s q -l quiet -d 'Print only the listening lines, verdicts and diagnoses, not the transcripts'
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand serve" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and not __fish_seen_subcommand_from scram-sha-256 scram-sha-1 scram-sha-512 cram-md5 digest-md5 nt-hash verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and not __fish_seen_subcommand_from scram-sha-256 scram-sha-1 scram-sha-512 cram-md5 digest-md5 nt-hash verify help" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and not __fish_seen_subcommand_from scram-sha-256 scram-sha-1 scram-sha-512 cram-md5 digest-md5 nt-hash verify help" -f -a "scram-sha-256" -d 'SCRAM-SHA-256 (RFC 7677): StoredKey and ServerKey'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and not __fish_seen_subcommand_from scram-sha-256 scram-sha-1 scram-sha-512 cram-md5 digest-md5 nt-hash verify help" -f -a "scram-sha-1" -d 'SCRAM-SHA-1 (RFC 5802): StoredKey and ServerKey'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and not __fish_seen_subcommand_from scram-sha-256 scram-sha-1 scram-sha-512 cram-md5 digest-md5 nt-hash verify help" -f -a "scram-sha-512" -d 'SCRAM-SHA-512: for Kafka and RFC 5803 (LDAP)'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and not __fish_seen_subcommand_from scram-sha-256 scram-sha-1 scram-sha-512 cram-md5 digest-md5 nt-hash verify help" -f -a "cram-md5" -d 'Dovecot\'s {CRAM-MD5}: the HMAC-MD5 key states, no salt'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and not __fish_seen_subcommand_from scram-sha-256 scram-sha-1 scram-sha-512 cram-md5 digest-md5 nt-hash verify help" -f -a "digest-md5" -d 'Dovecot\'s {DIGEST-MD5}: MD5 of user:realm:password; --user is required, user@realm names the realm (historic mechanism)'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and not __fish_seen_subcommand_from scram-sha-256 scram-sha-1 scram-sha-512 cram-md5 digest-md5 nt-hash verify help" -f -a "nt-hash" -d 'The NT hash, {NTLM}: MD4 of the UTF-16LE password, as Samba, FreeRADIUS and passlib store it; password-equivalent'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and not __fish_seen_subcommand_from scram-sha-256 scram-sha-1 scram-sha-512 cram-md5 digest-md5 nt-hash verify help" -f -a "verify" -d 'Check a password against a stored secret of any known format'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and not __fish_seen_subcommand_from scram-sha-256 scram-sha-1 scram-sha-512 cram-md5 digest-md5 nt-hash verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -s F -l format -d 'The text to print: dovecot ({SCHEME}..., also gsasl\'s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)' -r -f -a "dovecot\t'Dovecot passdb: {SCRAM-SHA-256}i,salt,StoredKey,ServerKey'
postgres\t'PostgreSQL verifier: SCRAM-SHA-256$i:salt$StoredKey:ServerKey'
postgres-sql\t'ALTER ROLE "user" PASSWORD \'<verifier>\';'
pgbouncer\t'pgbouncer userlist.txt: "user" "<verifier>"'
rfc5803\t'RFC 5803 authPassword: SCRAM-SHA-1$i:salt$StoredKey:ServerKey'
kafka\t'kafka-storage --add-scram: SCRAM-SHA-256=[name=...,salt=...,...]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -s I -l iterations -d 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -l salt -d 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -s u -l user -d 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -s b -l batch -d 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -s o -l output -d 'Write to FILE instead of standard output (\'-\' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -l no-saslprep -d 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-256" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -s F -l format -d 'The text to print: dovecot ({SCHEME}..., also gsasl\'s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)' -r -f -a "dovecot\t'Dovecot passdb: {SCRAM-SHA-256}i,salt,StoredKey,ServerKey'
postgres\t'PostgreSQL verifier: SCRAM-SHA-256$i:salt$StoredKey:ServerKey'
postgres-sql\t'ALTER ROLE "user" PASSWORD \'<verifier>\';'
pgbouncer\t'pgbouncer userlist.txt: "user" "<verifier>"'
rfc5803\t'RFC 5803 authPassword: SCRAM-SHA-1$i:salt$StoredKey:ServerKey'
kafka\t'kafka-storage --add-scram: SCRAM-SHA-256=[name=...,salt=...,...]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -s I -l iterations -d 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -l salt -d 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -s u -l user -d 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -s b -l batch -d 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -s o -l output -d 'Write to FILE instead of standard output (\'-\' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -l no-saslprep -d 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-1" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -s F -l format -d 'The text to print: dovecot ({SCHEME}..., also gsasl\'s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)' -r -f -a "dovecot\t'Dovecot passdb: {SCRAM-SHA-256}i,salt,StoredKey,ServerKey'
postgres\t'PostgreSQL verifier: SCRAM-SHA-256$i:salt$StoredKey:ServerKey'
postgres-sql\t'ALTER ROLE "user" PASSWORD \'<verifier>\';'
pgbouncer\t'pgbouncer userlist.txt: "user" "<verifier>"'
rfc5803\t'RFC 5803 authPassword: SCRAM-SHA-1$i:salt$StoredKey:ServerKey'
kafka\t'kafka-storage --add-scram: SCRAM-SHA-256=[name=...,salt=...,...]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -s I -l iterations -d 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -l salt -d 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -s u -l user -d 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -s b -l batch -d 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -s o -l output -d 'Write to FILE instead of standard output (\'-\' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -l no-saslprep -d 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from scram-sha-512" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -s F -l format -d 'The text to print: dovecot ({SCHEME}..., also gsasl\'s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)' -r -f -a "dovecot\t'Dovecot passdb: {SCRAM-SHA-256}i,salt,StoredKey,ServerKey'
postgres\t'PostgreSQL verifier: SCRAM-SHA-256$i:salt$StoredKey:ServerKey'
postgres-sql\t'ALTER ROLE "user" PASSWORD \'<verifier>\';'
pgbouncer\t'pgbouncer userlist.txt: "user" "<verifier>"'
rfc5803\t'RFC 5803 authPassword: SCRAM-SHA-1$i:salt$StoredKey:ServerKey'
kafka\t'kafka-storage --add-scram: SCRAM-SHA-256=[name=...,salt=...,...]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -s I -l iterations -d 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -l salt -d 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -s u -l user -d 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -s b -l batch -d 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -s o -l output -d 'Write to FILE instead of standard output (\'-\' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -l no-saslprep -d 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from cram-md5" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -s F -l format -d 'The text to print: dovecot ({SCHEME}..., also gsasl\'s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)' -r -f -a "dovecot\t'Dovecot passdb: {SCRAM-SHA-256}i,salt,StoredKey,ServerKey'
postgres\t'PostgreSQL verifier: SCRAM-SHA-256$i:salt$StoredKey:ServerKey'
postgres-sql\t'ALTER ROLE "user" PASSWORD \'<verifier>\';'
pgbouncer\t'pgbouncer userlist.txt: "user" "<verifier>"'
rfc5803\t'RFC 5803 authPassword: SCRAM-SHA-1$i:salt$StoredKey:ServerKey'
kafka\t'kafka-storage --add-scram: SCRAM-SHA-256=[name=...,salt=...,...]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -s I -l iterations -d 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -l salt -d 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -s u -l user -d 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -s b -l batch -d 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -s o -l output -d 'Write to FILE instead of standard output (\'-\' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -l no-saslprep -d 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from digest-md5" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -s F -l format -d 'The text to print: dovecot ({SCHEME}..., also gsasl\'s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)' -r -f -a "dovecot\t'Dovecot passdb: {SCRAM-SHA-256}i,salt,StoredKey,ServerKey'
postgres\t'PostgreSQL verifier: SCRAM-SHA-256$i:salt$StoredKey:ServerKey'
postgres-sql\t'ALTER ROLE "user" PASSWORD \'<verifier>\';'
pgbouncer\t'pgbouncer userlist.txt: "user" "<verifier>"'
rfc5803\t'RFC 5803 authPassword: SCRAM-SHA-1$i:salt$StoredKey:ServerKey'
kafka\t'kafka-storage --add-scram: SCRAM-SHA-256=[name=...,salt=...,...]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -s I -l iterations -d 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -l salt -d 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -s u -l user -d 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -s b -l batch -d 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -s o -l output -d 'Write to FILE instead of standard output (\'-\' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -l no-saslprep -d 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from nt-hash" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from verify" -l max-iterations -d 'Refuse SCRAM secrets of more than N PBKDF2 iterations, at once (exit status 3); 10000000 by default, the most `secret` makes. Each check derives once (twice when SASLprep changes the password), about 0.5 s per million iterations with SHA-512' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from verify" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from verify" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from verify" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from verify" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from verify" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from verify" -l no-saslprep -d 'Check the password only as given, without SASLprep (by default a SCRAM secret is checked with the SASLprep\'d password, then as given)'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from verify" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "scram-sha-256" -d 'SCRAM-SHA-256 (RFC 7677): StoredKey and ServerKey'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "scram-sha-1" -d 'SCRAM-SHA-1 (RFC 5802): StoredKey and ServerKey'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "scram-sha-512" -d 'SCRAM-SHA-512: for Kafka and RFC 5803 (LDAP)'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "cram-md5" -d 'Dovecot\'s {CRAM-MD5}: the HMAC-MD5 key states, no salt'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "digest-md5" -d 'Dovecot\'s {DIGEST-MD5}: MD5 of user:realm:password; --user is required, user@realm names the realm (historic mechanism)'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "nt-hash" -d 'The NT hash, {NTLM}: MD4 of the UTF-16LE password, as Samba, FreeRADIUS and passlib store it; password-equivalent'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check a password against a stored secret of any known format'
complete -c saslenc -n "__fish_saslenc_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -s u -l user -d 'The user name the credential should carry. With it, or with a password or token source, each client message (PLAIN, LOGIN\'s two answers, CRAM-MD5 after its challenge, XOAUTH2, OAUTHBEARER) is checked: does it carry the expected password (or token), and if not, which mistake of serve\'s catalogue gives the bytes sent, or where they first differ in shape; a user name that differs only in case or a diacritic is named. Exit status 1 when one does not carry it. With --user alone the password is asked for on the terminal' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l pass-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l token -d 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l token-file -d 'Read the token from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l token-env -d 'Read the token from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l token-fd -d 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l token-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l json -d 'Print one JSON object per input, one a line: form, sender, mechanism, fields (masked ones with a null value), the escaped text and the bytes as hex (each masked byte as `**`)'
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l show-secrets -d 'Show passwords, tokens, digests and proofs instead of masking them (the expected password or token stays masked)'
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l token-stdin -d 'Read the token from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and not __fish_seen_subcommand_from inspect help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and not __fish_seen_subcommand_from inspect help" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and not __fish_seen_subcommand_from inspect help" -f -a "inspect" -d 'Show a token\'s claims and check them against the rules of a mail login; exit status 1 when a check fails'
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and not __fish_seen_subcommand_from inspect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from inspect" -s P -l protocol -d 'Check the scope or role this protocol needs (Exchange Online: SMTP.Send, IMAP.AccessAsUser.All, POP.AccessAsUser.All, or their app-only roles); without it, any of the three will do' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from inspect" -s u -l user -d 'The user the login will give (XOAUTH2 user=, OAUTHBEARER a=): checked against the token\'s upn, unique_name, preferred_username or email, ignoring case' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from inspect" -l token -d 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from inspect" -l token-file -d 'Read the token from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from inspect" -l token-env -d 'Read the token from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from inspect" -l token-fd -d 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from inspect" -l token-cmd -d 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from inspect" -l json -d 'Print one JSON document: the claims, and each finding with its check, outcome, rule and fix'
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from inspect" -l token-stdin -d 'Read the token from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Show a token\'s claims and check them against the rules of a mail login; exit status 1 when a check fails'
complete -c saslenc -n "__fish_saslenc_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c saslenc -n "__fish_saslenc_using_subcommand completions" -s d -l dir -d 'Write the files into this directory, creating it: SHELL\'s completions, every man page (`man`), or without SHELL the completions for every shell and every man page, under the names the source tree keeps them' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand completions" -s i -l install -d 'Install the completions for bash, zsh and fish and every man page (or SHELL\'s alone) into your own directories, creating them, and print where each went'
complete -c saslenc -n "__fish_saslenc_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand completions" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "plain" -d 'AUTH PLAIN (RFC 4616): one line, authzid NUL user NUL password'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "login" -d 'AUTH LOGIN: the user name, then the password, each on its own line'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "cram-md5" -d 'AUTH CRAM-MD5 (RFC 2195): answer the server\'s challenge'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "digest-md5" -d 'AUTH DIGEST-MD5 (RFC 2831, historic): answer the challenge, check rspauth'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "ntlm" -d 'AUTH NTLM (MS-NLMP, being retired): NEGOTIATE, then the NTLMv2 answer'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "xoauth2" -d 'AUTH XOAUTH2 (Gmail, Microsoft 365): user and OAuth 2.0 access token'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "oauthbearer" -d 'AUTH OAUTHBEARER (RFC 7628): the standard OAuth 2.0 bearer mechanism'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "scram-sha-1" -d 'AUTH SCRAM-SHA-1 (RFC 5802): salted challenge-response, server proves itself'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "scram-sha-256" -d 'AUTH SCRAM-SHA-256 (RFC 7677): salted challenge-response, server proves itself'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "external" -d 'AUTH EXTERNAL (RFC 4422 appendix A): credentials from TLS or the socket'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "anonymous" -d 'AUTH ANONYMOUS (RFC 4505): optional trace information only'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "mechanisms" -d 'List every mechanism with its RFC and when to use it'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "connect" -d 'Log in to an SMTP, IMAP or POP3 server over TLS and report the verdict'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "serve" -d 'Run a practice SMTP, IMAP or POP3 server that shows what a client sends, checks its login, and says why a refused login was wrong'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "secret" -d 'Make the secrets a server stores for SCRAM and CRAM-MD5, or check a password against one'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "decode" -d 'Decode base64 from a server or client line and show every byte'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "token" -d 'Read an OAuth access token offline: its claims, and why a mail login with it would fail'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "completions" -d 'Print shell completions or the man pages, write them into a directory, or install them where your shell and man look'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 digest-md5 ntlm xoauth2 oauthbearer scram-sha-1 scram-sha-256 external anonymous mechanisms connect serve secret decode token completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
