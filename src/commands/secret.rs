//! `saslenc secret`: stored secrets for servers (see
//! [`saslenc::stored`]), one at a time or a batch, and `verify`.

use std::collections::HashMap;
use std::fs;
use std::hash::{BuildHasher, RandomState};
use std::io::{self, IsTerminal, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use saslenc::mech::scram::{Prep, ScramHash};
use saslenc::stored::batch;
use saslenc::stored::{self, Format, Scheme, Spec};
use saslenc::{encoding, field, Error, Secret};
use zeroize::Zeroizing;

use super::output_file::Output;
use super::{note, text, write_stderr, SecretFrom, Stdout, PASSWORD_SOURCES};
use crate::cli::{MakeSecretArgs, PasswordArgs, SecretArgs, SecretCommand, VerifySecretArgs};

pub fn run(args: SecretArgs) -> Result<(), Error> {
    match args.command {
        SecretCommand::ScramSha1(args) => make(Scheme::Scram(ScramHash::Sha1), args),
        SecretCommand::ScramSha256(args) => make(Scheme::Scram(ScramHash::Sha256), args),
        SecretCommand::ScramSha512(args) => make(Scheme::Scram(ScramHash::Sha512), args),
        SecretCommand::CramMd5(args) => make(Scheme::CramMd5, args),
        SecretCommand::Verify(args) => verify(args),
    }
}

fn prep(no_saslprep: bool) -> Prep {
    if no_saslprep {
        Prep::None
    } else {
        Prep::SaslPrep
    }
}

fn make(scheme: Scheme, args: MakeSecretArgs) -> Result<(), Error> {
    let mut spec = Spec::new(scheme, args.format.into())?;
    if let Some(iterations) = args.iterations {
        spec = spec.with_iterations(iterations)?;
    }
    if let Some(salt) = &args.salt {
        spec = spec.with_salt(encoding::decode("salt", text("salt", salt)?)?.to_vec())?;
    }
    if scheme != Scheme::CramMd5 {
        spec = spec.with_prep(prep(args.no_saslprep));
    } else if args.no_saslprep {
        return Err(Error::Usage(
            "--no-saslprep does not apply to CRAM-MD5, which never uses SASLprep",
        ));
    }
    if let Some(path) = &args.batch {
        return make_batch(&spec, path, args.output.as_deref());
    }
    let user = args.user.as_deref().map(|u| text("user", u)).transpose()?;
    let password = read_new_password(args.password, user)?;
    if password.expose().starts_with(BOM) {
        note(
            "warning: the password starts with a UTF-8 byte order mark (EF BB BF), which some \
             editors put at the start of a file; it is kept as part of the password",
        )?;
    }
    let made = spec.make(user, password.expose())?;
    if scheme == Scheme::CramMd5 && cram_md5_saslprep_differs(password.expose()) {
        note(NOTE_CRAM_MD5_SASLPREP)?;
    }
    if made.saslprep_changed {
        note_saslprep(spec.format(), "")?;
    }
    if let Some(why) = made.as_typed {
        note(&note_as_typed(why, ""))?;
    }
    let mut out = Zeroizing::new(made.text.as_bytes().to_vec());
    out.push(b'\n');
    write_output(args.output.as_deref(), &out)
}

/// The note for a password SASLprep changed before it was hashed, true
/// for the readers of `format`.
fn note_saslprep(format: Format, which: &str) -> Result<(), Error> {
    let who = match format {
        Format::Postgres | Format::PostgresSql | Format::Pgbouncer => {
            "as RFC 5802 asks and as PostgreSQL does itself (its server when it makes a secret, \
             libpq when it logs in), so psql logs in with the password as typed; a client \
             library that skips SASLprep would not"
        }
        // Kafka's secrets are made without SASLprep, as its clients hash
        // the password: never changed, never noted.
        Format::Dovecot | Format::Rfc5803 | Format::Kafka => {
            "as RFC 5802 asks and gsasl does; Dovecot's doveadm pw and clients that skip \
             SASLprep use the password as typed: add --no-saslprep to store that form"
        }
    };
    note(&format!(
        "note: SASLprep (RFC 4013) changed the password{which} before hashing, {who}"
    ))
}

/// The UTF-8 encoding of U+FEFF, the byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether SASLprep changes (or refuses) the password: gsasl's CRAM-MD5
/// client then sends another key than the one stored.
fn cram_md5_saslprep_differs(password: &[u8]) -> bool {
    stored::prep::rfc4013(password).map_or(true, |p| p.changed)
}

const NOTE_CRAM_MD5_SASLPREP: &str =
    "note: SASLprep (RFC 4013) would change or refuse this password; CRAM-MD5 stores it as \
     typed, as Dovecot compares it, but gsasl's CRAM-MD5 client applies SASLprep before the \
     HMAC and will not log in with it (swaks, curl and most mail clients send it as typed)";

/// The note for a password hashed as typed by PostgreSQL's rule.
fn note_as_typed(why: stored::prep::AsTyped, which: &str) -> String {
    format!(
        "note: the password{which} was hashed as typed, not after SASLprep, as PostgreSQL's \
         server and libpq do when {}; psql logs in with it as typed",
        why.reason()
    )
}

/// The password of a secret being created. When it is asked for on the
/// terminal, it is asked twice and both must agree.
fn read_new_password(args: PasswordArgs, user: Option<&str>) -> Result<Secret, Error> {
    let given = args.pass.is_some()
        || args.pass_file.is_some()
        || args.pass_env.is_some()
        || args.pass_stdin
        || args.pass_fd.is_some();
    let prompt = match user {
        Some(user) => format!("New password for {user}: "),
        None => "New password: ".to_owned(),
    };
    let first =
        SecretFrom::from(args).read("password", "pass", PASSWORD_SOURCES, false, || prompt)?;
    if !given {
        let again = crate::sys::tty::prompt_without_echo("password", "Retype the new password: ")?;
        if first.expose() != again.expose() {
            return Err(Error::Usage(
                "the two passwords typed differ; nothing was made",
            ));
        }
    }
    Ok(first)
}

/// How many line numbers a note lists before it only counts.
const LINES_LISTED: usize = 5;

/// How many duplicate user names are reported one by one; the rest are
/// counted.
const DUPLICATES_LISTED: usize = 10;

/// How many distinct user names are remembered to find duplicates: 16
/// bytes each (a keyed 64-bit hash and a line number), 1.8 million of
/// them fit a table of 2^21 slots, about 36 MB. Past that, later names
/// are still checked against those remembered, and a note says so.
const MAX_USERS_REMEMBERED: usize = 1_800_000;

/// The most entries derived together: enough to keep every core busy
/// with secrets that take microseconds (CRAM-MD5, a few PBKDF2 rounds).
const MAX_GROUP: usize = 8192;

/// The most password and user bytes held in one group (lines may be up
/// to [`batch::MAX_LINE_LEN`] long).
const MAX_GROUP_BYTES: usize = 16 << 20;

/// How long one group should take: a group that is quicker is followed by
/// one twice its size, a slower one by one half its size, so that lines
/// reach the output about this often however costly each secret is.
const GROUP_TIME: Duration = Duration::from_millis(200);

/// A batch: read a group of lines, make their secrets on every core, write
/// them in input order, and so on to the end of the input, so that memory
/// stays flat whatever the input's size and lines reach standard output as
/// they are made.
fn make_batch(spec: &Spec, path: &Path, output: Option<&Path>) -> Result<(), Error> {
    let BatchInput {
        reader,
        origin,
        size,
    } = open_batch(path)?;
    let mut lines = batch::Lines::new(reader);
    let mut out = Output::open(output)?;
    let progress = Progress::new(size);
    let mut report = Report::new(spec.format());
    let mut group_len = cores() * 2;
    let mut ended = false;
    while !ended {
        let mut entries = Vec::with_capacity(group_len);
        let mut failures = Vec::new();
        let mut bytes = 0;
        while entries.len() < group_len && bytes < MAX_GROUP_BYTES {
            // From a pipe or a terminal, lines that have come are made
            // now rather than after waiting for more.
            if size.is_none() && !entries.is_empty() && !lines.buffered() {
                break;
            }
            let next = lines
                .next_entry()
                .map_err(|e| Error::io(format!("read the batch from {origin}"), e))?;
            let Some(next) = next else {
                ended = true;
                break;
            };
            report.total += 1;
            match next {
                Ok(entry) => {
                    report.user(&entry)?;
                    bytes += entry.user.len() + entry.password.expose().len();
                    entries.push(entry);
                }
                Err(failure) => failures.push(failure),
            }
        }
        if lines.had_bom() && !report.bom_noted {
            report.bom_noted = true;
            note(&format!(
                "note: {origin} starts with a UTF-8 byte order mark (EF BB BF); it was skipped, \
                 not taken as part of the first user name"
            ))?;
        }
        let started = Instant::now();
        let results = batch::make_all(spec, &entries, &|| progress.step());
        let took = started.elapsed();
        // Sized once: a buffer that grew would leave copies of the secrets
        // in freed memory.
        let len = results
            .iter()
            .flatten()
            .map(|made| made.text.len() + 1)
            .sum();
        let mut text = Zeroizing::new(Vec::with_capacity(len));
        for (entry, result) in entries.iter().zip(results) {
            match result {
                Ok(made) => {
                    if made.saslprep_changed {
                        report.prepped.add(entry.line);
                    }
                    if made.as_typed.is_some() {
                        report.as_typed.add(entry.line);
                    }
                    if spec.scheme() == Scheme::CramMd5
                        && cram_md5_saslprep_differs(entry.password.expose())
                    {
                        report.cram_prepped.add(entry.line);
                    }
                    report.made += 1;
                    text.extend_from_slice(made.text.as_bytes());
                    text.push(b'\n');
                }
                Err(failure) => failures.push(failure),
            }
        }
        failures.sort_by_key(|f| f.line);
        report.failed += failures.len();
        if !failures.is_empty() {
            progress.clear();
        }
        for failure in &failures {
            note(&format!(
                "line {}: {}",
                failure.line,
                super::message(&failure.error)
            ))?;
        }
        if !text.is_empty() {
            progress.clear();
            out.write(&text)?;
        }
        progress.read(lines.consumed());
        group_len = if took < GROUP_TIME / 2 && entries.len() == group_len {
            (group_len * 2).min(MAX_GROUP)
        } else if took > GROUP_TIME * 2 {
            (group_len / 2).max(cores())
        } else {
            group_len
        };
    }
    progress.clear();
    report.finish()?;
    // Nothing made: an existing file is left as it was (dropping `out`
    // removes its temporary file).
    if report.made == 0 {
        return Err(if report.total == 0 {
            Error::BatchEmpty
        } else {
            Error::BatchFailed {
                failed: report.failed,
                total: report.total,
            }
        });
    }
    out.finish()?;
    if report.failed == 0 {
        Ok(())
    } else {
        Err(Error::BatchFailed {
            failed: report.failed,
            total: report.total,
        })
    }
}

/// The threads a batch runs on.
fn cores() -> usize {
    #[cfg(feature = "parallel")]
    {
        rayon::current_num_threads().max(1)
    }
    #[cfg(not(feature = "parallel"))]
    {
        1
    }
}

/// What a batch saw, for the notes at its end.
struct Report {
    format: Format,
    total: usize,
    made: usize,
    failed: usize,
    bom_noted: bool,
    prepped: LineList,
    /// Lines whose password PostgreSQL's rule hashes as typed.
    as_typed: LineList,
    /// CRAM-MD5 lines whose password SASLprep changes (gsasl's client).
    cram_prepped: LineList,
    /// Lines whose user name starts with a byte order mark.
    bom_users: LineList,
    /// A keyed hash of each user name seen, and its line.
    users: HashMap<u64, usize>,
    keys: RandomState,
    duplicates: usize,
    forgetting: bool,
}

impl Report {
    fn new(format: Format) -> Report {
        Report {
            format,
            total: 0,
            made: 0,
            failed: 0,
            bom_noted: false,
            prepped: LineList::default(),
            as_typed: LineList::default(),
            cram_prepped: LineList::default(),
            bom_users: LineList::default(),
            users: HashMap::new(),
            keys: RandomState::new(),
            duplicates: 0,
            forgetting: false,
        }
    }

    /// Notes a user name seen before. The names are remembered by a 64-bit
    /// hash with a random key: two different names share one with odds of
    /// about one in ten million for a million users, and no input can
    /// choose to collide.
    fn user(&mut self, entry: &batch::Entry) -> Result<(), Error> {
        if entry.user.as_bytes().starts_with(BOM) {
            self.bom_users.add(entry.line);
        }
        let key = self.keys.hash_one(entry.user.as_str());
        if let Some(&first) = self.users.get(&key) {
            self.duplicates += 1;
            if self.duplicates <= DUPLICATES_LISTED {
                note(&format!(
                    "warning: line {}: the user on line {first} comes again; {}",
                    entry.line,
                    self.whose_entry_counts()
                ))?;
            }
        } else if self.users.len() < MAX_USERS_REMEMBERED {
            self.users.insert(key, entry.line);
        } else {
            self.forgetting = true;
        }
        Ok(())
    }

    /// Which of two entries for one user a reader of the format uses.
    fn whose_entry_counts(&self) -> &'static str {
        match self.format {
            Format::Dovecot | Format::Postgres | Format::Rfc5803 => {
                "a passwd-file reader such as Dovecot's uses the first entry for a user"
            }
            Format::PostgresSql => "run in order, the later ALTER ROLE replaces the earlier",
            Format::Pgbouncer | Format::Kafka => "only one of the two can take effect",
        }
    }

    fn finish(&self) -> Result<(), Error> {
        if self.duplicates > DUPLICATES_LISTED {
            note(&format!(
                "warning: {} user names come more than once ({} more than listed above)",
                self.duplicates,
                self.duplicates - DUPLICATES_LISTED
            ))?;
        }
        if self.forgetting {
            note(&format!(
                "note: duplicate user names were looked for among the first \
                 {MAX_USERS_REMEMBERED} distinct users only"
            ))?;
        }
        if self.prepped.count > 0 {
            note_saslprep(
                self.format,
                &format!("s of {}", self.prepped.describe("line", "lines")),
            )?;
        }
        if self.bom_users.count > 0 {
            note(&format!(
                "warning: the user names of {} start with a UTF-8 byte order mark (EF BB BF), \
                 kept as part of the name (files joined together carry one at each join)",
                self.bom_users.describe("line", "lines")
            ))?;
        }
        if self.cram_prepped.count > 0 {
            note(&format!(
                "{} ({})",
                NOTE_CRAM_MD5_SASLPREP.replacen("this password", "these passwords", 1),
                self.cram_prepped.describe("line", "lines")
            ))?;
        }
        if self.as_typed.count > 0 {
            note(&format!(
                "note: the passwords of {} were hashed as typed, not after SASLprep, as \
                 PostgreSQL's server and libpq do when SASLprep refuses a password or leaves \
                 nothing of it; psql logs in with them as typed",
                self.as_typed.describe("line", "lines")
            ))?;
        }
        Ok(())
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// Line numbers for a note: how many, and the first few.
#[derive(Default)]
struct LineList {
    count: usize,
    first: Vec<usize>,
}

impl LineList {
    fn add(&mut self, line: usize) {
        self.count += 1;
        if self.first.len() < LINES_LISTED {
            self.first.push(line);
        }
    }

    /// "line 3", "lines 3, 7", "12 lines (the first: 3, 7, 9, 10, 11)".
    fn describe(&self, one: &str, many: &str) -> String {
        let listed = self
            .first
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        match self.count {
            1 => format!("{one} {listed}"),
            n if n <= LINES_LISTED => format!("{many} {listed}"),
            n => format!("{n} {many} (the first: {listed})"),
        }
    }
}

/// A batch's input: the reader, its name for messages, and its size when
/// it is a regular file.
struct BatchInput {
    reader: Box<dyn Read>,
    origin: String,
    size: Option<u64>,
}

/// The batch input, from a file or (`-`) standard input.
fn open_batch(path: &Path) -> Result<BatchInput, Error> {
    if path == Path::new("-") {
        let stdin = crate::sys::streams::stdin()
            .map_err(|e| Error::io("read the batch from standard input", e))?;
        return Ok(BatchInput {
            reader: Box::new(stdin),
            origin: "standard input".to_owned(),
            size: None,
        });
    }
    let file = fs::File::open(path)
        .map_err(|e| Error::io(format!("read the batch from {}", path.display()), e))?;
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    Ok(BatchInput {
        reader: Box::new(file),
        origin: path.display().to_string(),
        size,
    })
}

/// A one-line progress display on standard error, shown only when it is a
/// terminal: the secrets made so far and, when the input is a file, how
/// much of it has been read.
struct Progress {
    size: Option<u64>,
    done: AtomicUsize,
    read: AtomicU64,
    /// When it was last drawn, and whether it is on the screen.
    shown: Mutex<(Option<Instant>, bool)>,
    visible: bool,
}

/// How often the progress line is redrawn, at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

impl Progress {
    fn new(size: Option<u64>) -> Progress {
        Progress {
            size: size.filter(|&s| s > 0),
            done: AtomicUsize::new(0),
            read: AtomicU64::new(0),
            shown: Mutex::new((None, false)),
            visible: io::stderr().is_terminal(),
        }
    }

    /// How much of the input has been read.
    fn read(&self, bytes: u64) {
        self.read.store(bytes, Ordering::Relaxed);
        self.draw(true);
    }

    fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
        self.draw(false);
    }

    fn draw(&self, now: bool) {
        if !self.visible {
            return;
        }
        let Ok(mut shown) = self.shown.lock() else {
            return;
        };
        if !now && shown.0.is_some_and(|at| at.elapsed() < PROGRESS_EVERY) {
            return;
        }
        *shown = (Some(Instant::now()), true);
        let done = self.done.load(Ordering::Relaxed);
        let line = match self.size {
            Some(size) => {
                const WIDTH: u64 = 30;
                let read = self.read.load(Ordering::Relaxed).min(size);
                let filled = (read * WIDTH / size) as usize;
                format!(
                    "\r[{}{}] {done} {}, {}% of the input",
                    "#".repeat(filled),
                    " ".repeat(WIDTH as usize - filled),
                    plural(done, "secret", "secrets"),
                    read * 100 / size
                )
            }
            None => format!("\r{done} {}", plural(done, "secret", "secrets")),
        };
        // Progress is a courtesy: a failed write to the terminal does not
        // stop the batch.
        let _ = write_stderr(line.as_bytes());
    }

    /// Takes the line off the screen, before other output.
    fn clear(&self) {
        if let Ok(mut shown) = self.shown.lock() {
            if shown.1 {
                shown.1 = false;
                let _ = write_stderr(b"\r\x1b[K");
            }
        }
    }
}

/// Writes `bytes` to standard output, or to `path` (see
/// [`output_file`](super::output_file)).
fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    match path {
        Some(path) => super::output_file::write(path, bytes),
        None => Stdout::default().write(bytes),
    }
}

fn verify(args: VerifySecretArgs) -> Result<(), Error> {
    let stored_from_stdin = args.stored == "-";
    if stored_from_stdin && (args.password.pass_stdin || args.password.pass_fd == Some(0)) {
        return Err(Error::Usage(
            "the stored secret and the password cannot both come from standard input",
        ));
    }
    let stored = if stored_from_stdin {
        let mut stdin = crate::sys::streams::stdin()
            .map_err(|e| Error::io("read the stored secret from standard input", e))?;
        let secret = Secret::read_from("stored secret", "from standard input", &mut stdin)?;
        let text = field::utf8("stored secret", secret.expose())?;
        // One line: verifying the first of several could check the wrong
        // entry. Blank lines around it (an editor's, a heredoc's) are not
        // part of it.
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let line = lines.next().unwrap_or_default();
        let more = lines.count();
        if more > 0 {
            return Err(Error::UsageOf(format!(
                "verify - reads one stored secret, and standard input has {} lines; pick \
                 the user's line first (grep '^alice:' passwd | saslenc secret verify - ...)",
                more + 1
            )));
        }
        Zeroizing::new(line.to_owned())
    } else {
        Zeroizing::new(text("stored secret", &args.stored)?.to_owned())
    };
    let password = SecretFrom::from(args.password).read(
        "password",
        "pass",
        PASSWORD_SOURCES,
        false,
        || "Password: ".to_owned(),
    )?;
    let verified = match stored::verify_bounded(
        &stored,
        password.expose(),
        prep(args.no_saslprep),
        args.max_iterations,
    ) {
        Err(err @ Error::Mismatch { .. }) => {
            if stored::matches_after_saslprep(&stored, password.expose(), args.max_iterations) {
                note(
                    "note: the Kafka credential is that of this password after SASLprep (RFC \
                     4013), but Kafka's clients hash the password as typed and will not log in \
                     with it; make it again with saslenc secret ... -F kafka",
                )?;
            }
            return Err(err);
        }
        other => other?,
    };
    if verified.without_saslprep {
        note(&without_saslprep_note(&verified, password.expose()))?;
    }
    if let Some(why) = verified.as_typed {
        note(&format!(
            "note: the password matches as typed: {}, and then PostgreSQL's server and libpq \
             hash it as typed, so psql logs in with it",
            why.reason()
        ))?;
    }
    let line = format!(
        "match: the password matches the stored {} secret ({})\n",
        verified.scheme, verified.shape
    );
    write_output(None, line.as_bytes())
}

/// Why a password matched as typed and not after SASLprep, and who can
/// log in with it: true for the stored secret's readers.
fn without_saslprep_note(verified: &stored::Verified, password: &[u8]) -> String {
    let refused = stored::prep::rfc4013(password).is_err();
    let postgres = verified.scheme == "SCRAM-SHA-256"
        && matches!(
            verified.shape,
            "PostgreSQL or RFC 5803"
                | "user:verifier line"
                | "pgbouncer userlist.txt"
                | "SQL statement"
        );
    let why = if refused {
        "SASLprep (RFC 4013) refuses this password or leaves nothing of it, and the secret was \
         made from it as typed, as doveadm pw does with any password; clients that use the \
         password as typed log in with it, clients that stop when SASLprep refuses a password \
         (gsasl) cannot"
    } else if postgres {
        "the secret was made without SASLprep (RFC 4013), which PostgreSQL never does (its \
         server and libpq both apply it), so psql and other clients that apply SASLprep to \
         this password will fail"
    } else {
        "the secret was made without SASLprep (RFC 4013), as doveadm pw and Kafka make them, \
         so clients that apply SASLprep to this password will fail"
    };
    format!("note: the password matches as typed, not after SASLprep: {why}")
}
