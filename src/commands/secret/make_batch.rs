//! `secret --batch`: many users' secrets made from one input, in groups
//! on every core, streamed in order, with a report of the lines that
//! failed and a progress line on a terminal.

use super::*;

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
pub(super) fn make_batch(spec: &Spec, path: &Path, output: Option<&Path>) -> Result<(), Error> {
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
                crate::commands::wording::library_message(&failure.error)
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
            saslenc::Error::BatchEmpty
        } else {
            saslenc::Error::BatchFailed {
                failed: report.failed,
                total: report.total,
            }
        }
        .into());
    }
    out.finish()?;
    if report.failed == 0 {
        Ok(())
    } else {
        Err(saslenc::Error::BatchFailed {
            failed: report.failed,
            total: report.total,
        }
        .into())
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
