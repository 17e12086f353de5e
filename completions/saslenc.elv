
use builtin;
use str;

set edit:completion:arg-completer[saslenc] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'saslenc'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'saslenc'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand plain 'AUTH PLAIN (RFC 4616): one line, authzid NUL user NUL password'
            cand login 'AUTH LOGIN: the user name, then the password, each on its own line'
            cand cram-md5 'AUTH CRAM-MD5 (RFC 2195): answer the server''s challenge'
            cand xoauth2 'AUTH XOAUTH2 (Gmail, Microsoft 365): user and OAuth 2.0 access token'
            cand oauthbearer 'AUTH OAUTHBEARER (RFC 7628): the standard OAuth 2.0 bearer mechanism'
            cand scram-sha-1 'AUTH SCRAM-SHA-1 (RFC 5802): salted challenge-response, server proves itself'
            cand scram-sha-256 'AUTH SCRAM-SHA-256 (RFC 7677): salted challenge-response, server proves itself'
            cand external 'AUTH EXTERNAL (RFC 4422 appendix A): credentials from TLS or the socket'
            cand anonymous 'AUTH ANONYMOUS (RFC 4505): optional trace information only'
            cand mechanisms 'List every mechanism with its RFC and when to use it'
            cand list 'List every mechanism with its RFC and when to use it'
            cand connect 'Log in to an SMTP, IMAP or POP3 server over TLS and report the verdict'
            cand serve 'Run a practice SMTP, IMAP or POP3 server that shows what a client sends, checks its login, and says why a refused login was wrong'
            cand secret 'Make the secrets a server stores for SCRAM and CRAM-MD5, or check a password against one'
            cand decode 'Decode base64 from a server or client line and show every byte'
            cand token 'Read an OAuth access token offline: its claims, and why a mail login with it would fail'
            cand completions 'Print shell completions or the man pages, write them into a directory, or install them where your shell and man look'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'saslenc;plain'= {
            cand -u 'The user to authenticate as (the authcid)'
            cand --user 'The user to authenticate as (the authcid)'
            cand -z 'Act on behalf of this identity (the authzid); empty when not given. Some older servers want it equal to the user'
            cand --authzid 'Act on behalf of this identity (the authzid); empty when not given. Some older servers want it equal to the user'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --charset 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it'
            cand -P 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --protocol 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand -n 'Do not print a newline after the last line'
            cand --no-newline 'Do not print a newline after the last line'
            cand --explain 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
            cand --show-secrets 'Show the password and other secrets in the --explain output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;login'= {
            cand -u 'The user name'
            cand --user 'The user name'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --charset 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it'
            cand -P 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --protocol 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand -i 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --interactive 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand -n 'Do not print a newline after the last line'
            cand --no-newline 'Do not print a newline after the last line'
            cand --explain 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
            cand --show-secrets 'Show the password and other secrets in the --explain output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;cram-md5'= {
            cand -u 'The user name'
            cand --user 'The user name'
            cand -c 'The server''s challenge: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal. Without it, saslenc holds the conversation (see --interactive)'
            cand --challenge 'The server''s challenge: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal. Without it, saslenc holds the conversation (see --interactive)'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --charset 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it'
            cand -P 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --protocol 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand -i 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --interactive 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand -n 'Do not print a newline after the last line'
            cand --no-newline 'Do not print a newline after the last line'
            cand --explain 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
            cand --show-secrets 'Show the password and other secrets in the --explain output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;xoauth2'= {
            cand -u 'The mailbox owner the token was issued for'
            cand --user 'The mailbox owner the token was issued for'
            cand --token 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --token-file 'Read the token from a file; one trailing line end is removed'
            cand --token-env 'Read the token from this environment variable, as is'
            cand --token-fd 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed'
            cand --token-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand -P 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --protocol 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand -i 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --interactive 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --token-stdin 'Read the token from standard input, to end of file; one trailing line end is removed'
            cand -n 'Do not print a newline after the last line'
            cand --no-newline 'Do not print a newline after the last line'
            cand --explain 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
            cand --show-secrets 'Show the password and other secrets in the --explain output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;oauthbearer'= {
            cand -u 'The user to act as (the GS2 authzid); `,` and `=` are escaped as `=2C` and `=3D`'
            cand --user 'The user to act as (the GS2 authzid); `,` and `=` are escaped as `=2C` and `=3D`'
            cand -H 'The server''s host name, sent as host= (left out when not given)'
            cand --host 'The server''s host name, sent as host= (left out when not given)'
            cand -p 'The server''s port, sent as port= (left out when not given)'
            cand --port 'The server''s port, sent as port= (left out when not given)'
            cand --token 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --token-file 'Read the token from a file; one trailing line end is removed'
            cand --token-env 'Read the token from this environment variable, as is'
            cand --token-fd 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed'
            cand --token-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand -P 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --protocol 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand -i 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --interactive 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --token-stdin 'Read the token from standard input, to end of file; one trailing line end is removed'
            cand -n 'Do not print a newline after the last line'
            cand --no-newline 'Do not print a newline after the last line'
            cand --explain 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
            cand --show-secrets 'Show the password and other secrets in the --explain output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;scram-sha-1'= {
            cand -u 'The user name; `,` and `=` are escaped as `=2C` and `=3D`'
            cand --user 'The user name; `,` and `=` are escaped as `=2C` and `=3D`'
            cand -z 'Act on behalf of this identity (the GS2 authzid); none when not given'
            cand --authzid 'Act on behalf of this identity (the GS2 authzid); none when not given'
            cand -N 'The client nonce: printable ASCII without `,`. Random (from the operating system) when not given; fix it only for tests and teaching'
            cand --nonce 'The client nonce: printable ASCII without `,`. Random (from the operating system) when not given; fix it only for tests and teaching'
            cand -s 'The server''s first message (base64, or a pasted `334 ...` / `+ ...` line): print client-final without holding a conversation'
            cand --server-first 'The server''s first message (base64, or a pasted `334 ...` / `+ ...` line): print client-final without holding a conversation'
            cand --binding-data 'Channel binding data of the TLS connection the messages travel in, hex or base64: makes the mechanism SCRAM-SHA-*-PLUS (GS2 flag `p=TYPE`, the data in client-final''s `c=`). For tls-exporter, print it with `openssl s_client -keymatexport EXPORTER-Channel-Binding -keymatexportlen 32` (TLS 1.3)'
            cand --channel-binding 'The channel binding type of --binding-data: tls-exporter (RFC 9266, 32 bytes) or tls-server-end-point (RFC 5929, the hash of the server''s certificate)'
            cand -f 'The server''s final message, to check against the expected server signature (with --server-first)'
            cand --server-final 'The server''s final message, to check against the expected server signature (with --server-first)'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand -P 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --protocol 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --no-saslprep 'Send the password and user name as given, without SASLprep (RFC 4013), for servers that skip it'
            cand -i 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --interactive 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand -n 'Do not print a newline after the last line'
            cand --no-newline 'Do not print a newline after the last line'
            cand --explain 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
            cand --show-secrets 'Show the password and other secrets in the --explain output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;scram-sha-256'= {
            cand -u 'The user name; `,` and `=` are escaped as `=2C` and `=3D`'
            cand --user 'The user name; `,` and `=` are escaped as `=2C` and `=3D`'
            cand -z 'Act on behalf of this identity (the GS2 authzid); none when not given'
            cand --authzid 'Act on behalf of this identity (the GS2 authzid); none when not given'
            cand -N 'The client nonce: printable ASCII without `,`. Random (from the operating system) when not given; fix it only for tests and teaching'
            cand --nonce 'The client nonce: printable ASCII without `,`. Random (from the operating system) when not given; fix it only for tests and teaching'
            cand -s 'The server''s first message (base64, or a pasted `334 ...` / `+ ...` line): print client-final without holding a conversation'
            cand --server-first 'The server''s first message (base64, or a pasted `334 ...` / `+ ...` line): print client-final without holding a conversation'
            cand --binding-data 'Channel binding data of the TLS connection the messages travel in, hex or base64: makes the mechanism SCRAM-SHA-*-PLUS (GS2 flag `p=TYPE`, the data in client-final''s `c=`). For tls-exporter, print it with `openssl s_client -keymatexport EXPORTER-Channel-Binding -keymatexportlen 32` (TLS 1.3)'
            cand --channel-binding 'The channel binding type of --binding-data: tls-exporter (RFC 9266, 32 bytes) or tls-server-end-point (RFC 5929, the hash of the server''s certificate)'
            cand -f 'The server''s final message, to check against the expected server signature (with --server-first)'
            cand --server-final 'The server''s final message, to check against the expected server signature (with --server-first)'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand -P 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --protocol 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --no-saslprep 'Send the password and user name as given, without SASLprep (RFC 4013), for servers that skip it'
            cand -i 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --interactive 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand -n 'Do not print a newline after the last line'
            cand --no-newline 'Do not print a newline after the last line'
            cand --explain 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
            cand --show-secrets 'Show the password and other secrets in the --explain output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;external'= {
            cand -z 'Act as this identity; empty (the identity of the external credentials) when not given'
            cand --authzid 'Act as this identity; empty (the identity of the external credentials) when not given'
            cand -P 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --protocol 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand -n 'Do not print a newline after the last line'
            cand --no-newline 'Do not print a newline after the last line'
            cand --explain 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
            cand --show-secrets 'Show the password and other secrets in the --explain output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;anonymous'= {
            cand -t 'Trace information for the server''s log: an email address or up to 255 characters; empty when not given'
            cand --trace 'Trace information for the server''s log: an email address or up to 255 characters; empty when not given'
            cand -P 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand --protocol 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order'
            cand -n 'Do not print a newline after the last line'
            cand --no-newline 'Do not print a newline after the last line'
            cand --explain 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets'
            cand --show-secrets 'Show the password and other secrets in the --explain output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;mechanisms'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;list'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;connect'= {
            cand -u 'The user to log in as (for ANONYMOUS, the trace information)'
            cand --user 'The user to log in as (for ANONYMOUS, the trace information)'
            cand -z 'Act on behalf of this identity (PLAIN, SCRAM, EXTERNAL)'
            cand --authzid 'Act on behalf of this identity (PLAIN, SCRAM, EXTERNAL)'
            cand -m 'The mechanism, as servers name it (any case): SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER, EXTERNAL, ANONYMOUS. Without it, the strongest that both sides have'
            cand --mech 'The mechanism, as servers name it (any case): SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER, EXTERNAL, ANONYMOUS. Without it, the strongest that both sides have'
            cand --channel-binding 'The channel binding of SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS, which a server offering them is logged in with over TLS: tls-exporter (RFC 9266, TLS 1.3; the default there), tls-server-end-point (RFC 5929, the hash of the server''s certificate; the default on TLS 1.2) or none'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --token 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --token-file 'Read the token from a file; one trailing line end is removed'
            cand --token-env 'Read the token from this environment variable, as is'
            cand --token-fd 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed'
            cand --token-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --ehlo 'The name sent with EHLO (SMTP)'
            cand --cafile 'Trust the certificates in this PEM file instead of the platform''s store: a private CA, or the server''s own (self-signed) certificate'
            cand --pin-sha256 'Accept exactly the certificate whose DER encoding has this SHA-256 (64 hex digits, colons allowed, or base64); may be repeated'
            cand -t 'Seconds to wait for the connection and for each line of the server'
            cand --timeout 'Seconds to wait for the connection and for each line of the server'
            cand --connect-to 'Connect to HOST:PORT (an IPv6 address in brackets) instead of the URL''s host and port, which still name the server for SNI and the certificate check, as curl''s --connect-to: one node behind a load balancer'
            cand --force-mech 'Use --mech even if the server does not advertise it'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand --token-stdin 'Read the token from standard input, to end of file; one trailing line end is removed'
            cand -k 'Do not verify the certificate at all (warns on every run)'
            cand --insecure 'Do not verify the certificate at all (warns on every run)'
            cand --no-tls 'Do not start TLS on a STARTTLS scheme (smtp, submission, imap, pop3)'
            cand --allow-cleartext 'With --no-tls, allow PLAIN, LOGIN, XOAUTH2 and OAUTHBEARER, which send the password or token itself'
            cand -q 'Print only the verdict line'
            cand --quiet 'Print only the verdict line'
            cand --json 'Print one JSON document instead of the transcript'
            cand --show-secrets 'Show passwords, tokens, proofs and digests in the transcript'
            cand --probe 'No login: report TLS version, cipher, certificate and the mechanisms offered before and after TLS, with warnings'
            cand --all 'Try every mechanism the server offers and saslenc has, one connection each, and print a table'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;serve'= {
            cand -u 'The one account''s user name (with a password source, or a token source for XOAUTH2 and OAUTHBEARER)'
            cand --user 'The one account''s user name (with a password source, or a token source for XOAUTH2 and OAUTHBEARER)'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --token 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --token-file 'Read the token from a file; one trailing line end is removed'
            cand --token-env 'Read the token from this environment variable, as is'
            cand --token-fd 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed'
            cand --token-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --passdb 'The accounts of a Dovecot passwd-file (user:{SCHEME}data lines, as `saslenc secret --format dovecot --user` writes them); the mechanisms offered follow from what is stored'
            cand -m 'The mechanisms to offer, in order, comma-separated (default: every one the accounts can run, strongest first)'
            cand --mech 'The mechanisms to offer, in order, comma-separated (default: every one the accounts can run, strongest first)'
            cand --cert 'The certificate chain to serve, PEM (with --key); without it a fresh self-signed certificate for localhost, 127.0.0.1, ::1 and the listen names'
            cand --key 'The private key of --cert, PEM'
            cand --write-cert 'Write the served certificate (PEM) to this file, for a client''s --cafile / --cacert'
            cand --timeout 'With --once: the whole run''s deadline, in seconds, from start to the end of the first connection'
            cand --max-connections 'The most connections served at once; more are told the server is busy (421, * BYE, -ERR)'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand --token-stdin 'Read the token from standard input, to end of file; one trailing line end is removed'
            cand --accept-any 'Accept every well-formed login, whatever the credentials (capture mode); still decoded, masked and diagnosed for form. SCRAM is not offered: its server must prove it knows the password'
            cand --allow-anonymous 'Offer ANONYMOUS (RFC 4505)'
            cand --allow-cleartext 'Take AUTH, IMAP LOGIN and POP3 USER/PASS without TLS (loopback listeners only)'
            cand --once 'Stop after the first connection, with its verdict as the exit status'
            cand --show-secrets 'Show passwords, tokens and proofs in the transcript'
            cand --json 'One JSON object per event per line (NDJSON) on standard output'
            cand -q 'Print only the listening lines, verdicts and diagnoses, not the transcripts'
            cand --quiet 'Print only the listening lines, verdicts and diagnoses, not the transcripts'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;secret'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand scram-sha-256 'SCRAM-SHA-256 (RFC 7677): StoredKey and ServerKey'
            cand scram-sha-1 'SCRAM-SHA-1 (RFC 5802): StoredKey and ServerKey'
            cand scram-sha-512 'SCRAM-SHA-512: for Kafka and RFC 5803 (LDAP)'
            cand cram-md5 'Dovecot''s {CRAM-MD5}: the HMAC-MD5 key states, no salt'
            cand verify 'Check a password against a stored secret of any known format'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'saslenc;secret;scram-sha-256'= {
            cand -F 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)'
            cand --format 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)'
            cand -I 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka'
            cand --iterations 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka'
            cand --salt 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples'
            cand -u 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)'
            cand --user 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)'
            cand -b 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of'
            cand --batch 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of'
            cand -o 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced'
            cand --output 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --no-saslprep 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;secret;scram-sha-1'= {
            cand -F 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)'
            cand --format 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)'
            cand -I 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka'
            cand --iterations 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka'
            cand --salt 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples'
            cand -u 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)'
            cand --user 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)'
            cand -b 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of'
            cand --batch 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of'
            cand -o 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced'
            cand --output 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --no-saslprep 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;secret;scram-sha-512'= {
            cand -F 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)'
            cand --format 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)'
            cand -I 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka'
            cand --iterations 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka'
            cand --salt 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples'
            cand -u 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)'
            cand --user 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)'
            cand -b 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of'
            cand --batch 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of'
            cand -o 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced'
            cand --output 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --no-saslprep 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;secret;cram-md5'= {
            cand -F 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)'
            cand --format 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)'
            cand -I 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka'
            cand --iterations 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka'
            cand --salt 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples'
            cand -u 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)'
            cand --user 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)'
            cand -b 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of'
            cand --batch 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of'
            cand -o 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced'
            cand --output 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --no-saslprep 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;secret;verify'= {
            cand --max-iterations 'Refuse SCRAM secrets of more than N PBKDF2 iterations, at once (exit status 3); 10000000 by default, the most `secret` makes. Each check derives once (twice when SASLprep changes the password), about 0.5 s per million iterations with SHA-512'
            cand --pass 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --pass-file 'Read the password from a file; one trailing line end is removed'
            cand --pass-env 'Read the password from this environment variable, as is'
            cand --pass-fd 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed'
            cand --pass-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --no-saslprep 'Check the password only as given, without SASLprep (by default a SCRAM secret is checked with the SASLprep''d password, then as given)'
            cand --pass-stdin 'Read the password from standard input, to end of file; one trailing line end is removed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;secret;help'= {
            cand scram-sha-256 'SCRAM-SHA-256 (RFC 7677): StoredKey and ServerKey'
            cand scram-sha-1 'SCRAM-SHA-1 (RFC 5802): StoredKey and ServerKey'
            cand scram-sha-512 'SCRAM-SHA-512: for Kafka and RFC 5803 (LDAP)'
            cand cram-md5 'Dovecot''s {CRAM-MD5}: the HMAC-MD5 key states, no salt'
            cand verify 'Check a password against a stored secret of any known format'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'saslenc;secret;help;scram-sha-256'= {
        }
        &'saslenc;secret;help;scram-sha-1'= {
        }
        &'saslenc;secret;help;scram-sha-512'= {
        }
        &'saslenc;secret;help;cram-md5'= {
        }
        &'saslenc;secret;help;verify'= {
        }
        &'saslenc;secret;help;help'= {
        }
        &'saslenc;decode'= {
            cand --json 'Print one JSON object per input, one a line: form, sender, mechanism, fields (masked ones with a null value), the escaped text and the bytes as hex (each masked byte as `**`)'
            cand --show-secrets 'Show passwords, tokens, digests and proofs instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;token'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand inspect 'Show a token''s claims and check them against the rules of a mail login; exit status 1 when a check fails'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'saslenc;token;inspect'= {
            cand -P 'Check the scope or role this protocol needs (Exchange Online: SMTP.Send, IMAP.AccessAsUser.All, POP.AccessAsUser.All, or their app-only roles); without it, any of the three will do'
            cand --protocol 'Check the scope or role this protocol needs (Exchange Online: SMTP.Send, IMAP.AccessAsUser.All, POP.AccessAsUser.All, or their app-only roles); without it, any of the three will do'
            cand -u 'The user the login will give (XOAUTH2 user=, OAUTHBEARER a=): checked against the token''s upn, unique_name, preferred_username or email, ignoring case'
            cand --user 'The user the login will give (XOAUTH2 user=, OAUTHBEARER a=): checked against the token''s upn, unique_name, preferred_username or email, ignoring case'
            cand --token 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts'
            cand --token-file 'Read the token from a file; one trailing line end is removed'
            cand --token-env 'Read the token from this environment variable, as is'
            cand --token-fd 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed'
            cand --token-cmd 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output'
            cand --json 'Print one JSON document: the claims, and each finding with its check, outcome, rule and fix'
            cand --token-stdin 'Read the token from standard input, to end of file; one trailing line end is removed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;token;help'= {
            cand inspect 'Show a token''s claims and check them against the rules of a mail login; exit status 1 when a check fails'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'saslenc;token;help;inspect'= {
        }
        &'saslenc;token;help;help'= {
        }
        &'saslenc;completions'= {
            cand -d 'Write the files into this directory, creating it: SHELL''s completions, every man page (`man`), or without SHELL the completions for every shell and every man page, under the names the source tree keeps them'
            cand --dir 'Write the files into this directory, creating it: SHELL''s completions, every man page (`man`), or without SHELL the completions for every shell and every man page, under the names the source tree keeps them'
            cand -i 'Install the completions for bash, zsh and fish and every man page (or SHELL''s alone) into your own directories, creating them, and print where each went'
            cand --install 'Install the completions for bash, zsh and fish and every man page (or SHELL''s alone) into your own directories, creating them, and print where each went'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'saslenc;help'= {
            cand plain 'AUTH PLAIN (RFC 4616): one line, authzid NUL user NUL password'
            cand login 'AUTH LOGIN: the user name, then the password, each on its own line'
            cand cram-md5 'AUTH CRAM-MD5 (RFC 2195): answer the server''s challenge'
            cand xoauth2 'AUTH XOAUTH2 (Gmail, Microsoft 365): user and OAuth 2.0 access token'
            cand oauthbearer 'AUTH OAUTHBEARER (RFC 7628): the standard OAuth 2.0 bearer mechanism'
            cand scram-sha-1 'AUTH SCRAM-SHA-1 (RFC 5802): salted challenge-response, server proves itself'
            cand scram-sha-256 'AUTH SCRAM-SHA-256 (RFC 7677): salted challenge-response, server proves itself'
            cand external 'AUTH EXTERNAL (RFC 4422 appendix A): credentials from TLS or the socket'
            cand anonymous 'AUTH ANONYMOUS (RFC 4505): optional trace information only'
            cand mechanisms 'List every mechanism with its RFC and when to use it'
            cand connect 'Log in to an SMTP, IMAP or POP3 server over TLS and report the verdict'
            cand serve 'Run a practice SMTP, IMAP or POP3 server that shows what a client sends, checks its login, and says why a refused login was wrong'
            cand secret 'Make the secrets a server stores for SCRAM and CRAM-MD5, or check a password against one'
            cand decode 'Decode base64 from a server or client line and show every byte'
            cand token 'Read an OAuth access token offline: its claims, and why a mail login with it would fail'
            cand completions 'Print shell completions or the man pages, write them into a directory, or install them where your shell and man look'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'saslenc;help;plain'= {
        }
        &'saslenc;help;login'= {
        }
        &'saslenc;help;cram-md5'= {
        }
        &'saslenc;help;xoauth2'= {
        }
        &'saslenc;help;oauthbearer'= {
        }
        &'saslenc;help;scram-sha-1'= {
        }
        &'saslenc;help;scram-sha-256'= {
        }
        &'saslenc;help;external'= {
        }
        &'saslenc;help;anonymous'= {
        }
        &'saslenc;help;mechanisms'= {
        }
        &'saslenc;help;connect'= {
        }
        &'saslenc;help;serve'= {
        }
        &'saslenc;help;secret'= {
        }
        &'saslenc;help;decode'= {
        }
        &'saslenc;help;token'= {
        }
        &'saslenc;help;completions'= {
        }
        &'saslenc;help;help'= {
        }
    ]
    $completions[$command]
}
