//! Signed checkpoints of the audit trail, outside the database
//! (`roots_core::checkpoint` has the format and the check): `roots audit
//! keygen`, `roots audit checkpoint`, the server's schedule, and `roots
//! audit verify --checkpoints DIR`. See docs/security.md for the
//! deployment: where checkpoints go and who holds which key.

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use roots_core::checkpoint::{Checkpoint, SignerKey, VerifierKey};
use roots_store::Store;
use roots_store::audit::Verified;

use crate::Fatal;

/// Where checkpoints go and how often (docs/operators.md).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckpointSettings {
    /// The private key that signs them (`roots audit keygen` makes one).
    pub key_file: Option<PathBuf>,
    /// The directory they are written to (created if missing).
    pub dir: Option<PathBuf>,
    /// Also print each to standard output, for a log collector.
    pub stdout: bool,
    /// How often the server makes one (it also makes one as it starts).
    pub minutes: u64,
}

pub const DEFAULT_MINUTES: u64 = 60;

/// Reads the private key file, or says why not.
pub fn read_key(path: &Path) -> Result<SignerKey, Fatal> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Fatal::config(format!(
            "cannot read the audit checkpoint key {}: {e}",
            path.display()
        ))
    })?;
    SignerKey::parse(&text).map_err(|e| {
        Fatal::config(format!(
            "the audit checkpoint key {} is not usable: {e}",
            path.display()
        ))
    })
}

/// Reads a public key file, or says why not.
pub fn read_public_key(path: &Path) -> Result<VerifierKey, Fatal> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Fatal::config(format!(
            "cannot read the public key {}: {e}",
            path.display()
        ))
    })?;
    VerifierKey::parse(&text).map_err(|e| {
        Fatal::config(format!(
            "the public key {} is not usable: {e}",
            path.display()
        ))
    })
}

/// `roots audit keygen`: writes a new private key to `out` (never over an
/// existing file; readable by its owner only) and its public key to
/// `out.pub`, and returns the public key.
pub fn keygen(out: &Path, name: &str) -> Result<String, Fatal> {
    let key = SignerKey::from_seed(name, rand::random::<[u8; 32]>())
        .map_err(|e| Fatal::config(format!("--name {name:?}: {e}")))?;
    let public = key.verifier().encode();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let write = |path: &Path, options: &std::fs::OpenOptions, text: &str| {
        use std::io::Write;
        options
            .open(path)
            .and_then(|mut f| f.write_all(format!("{text}\n").as_bytes()))
            .map_err(|e| Fatal::config(format!("cannot write {}: {e}", path.display())))
    };
    let mut pub_path = out.as_os_str().to_owned();
    pub_path.push(".pub");
    let pub_path = PathBuf::from(pub_path);
    if pub_path.exists() {
        return Err(Fatal::config(format!(
            "{} already exists: move it away first",
            pub_path.display()
        )));
    }
    write(out, &options, &key.encode())?;
    let mut public_options = std::fs::OpenOptions::new();
    public_options.write(true).create_new(true);
    write(&pub_path, &public_options, &public)?;
    Ok(public)
}

/// Verifies the whole trail and, when it is intact, signs a checkpoint of
/// it and writes it to the directory (under a new name, so instances
/// writing at once never clobber each other) and/or standard output.
/// Returns the checkpoint and the file written.
pub async fn make(
    store: &Store,
    key: &SignerKey,
    dir: Option<&Path>,
    stdout: bool,
) -> Result<(Checkpoint, Option<PathBuf>), Fatal> {
    let now = Timestamp::now();
    let (size, head) = match store.verify_audit_and_mark(now).await? {
        Verified::Intact { events, head } => (events, head),
        other => {
            return Err(Fatal::runtime(format!(
                "{}, so no checkpoint was signed",
                crate::verified_problem(&other)
            )));
        }
    };
    let cp = Checkpoint {
        origin: key.name().to_owned(),
        size,
        head,
        time: Timestamp::from_second(now.as_second()).unwrap_or(now),
    };
    let note = cp.sign(key);
    let mut written = None;
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).map_err(|e| {
            Fatal::runtime(format!("cannot make the directory {}: {e}", dir.display()))
        })?;
        let unique = format!("{:012x}", rand::random::<u64>() >> 16);
        let path = dir.join(cp.file_name(&unique));
        let tmp = dir.join(format!(".{unique}.tmp"));
        std::fs::write(&tmp, &note)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| Fatal::runtime(format!("cannot write {}: {e}", path.display())))?;
        written = Some(path);
    }
    if stdout {
        print!("{note}");
    }
    Ok((cp, written))
}

/// The server's schedule, as it starts and every `minutes`: the whole trail
/// is verified (which moves the viewer's mark on, so pages stay quick) and,
/// with a key, a checkpoint signed. A broken trail is logged as an error
/// and not signed.
pub async fn schedule(store: Store, key: Option<SignerKey>, settings: CheckpointSettings) {
    let every = Duration::from_secs(settings.minutes.max(1) * 60);
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(key) = &key else {
            match store.verify_audit_and_mark(Timestamp::now()).await {
                Ok(Verified::Intact { events, .. }) => {
                    tracing::info!(events, "audit trail verified");
                }
                Ok(other) => tracing::error!(
                    problem = %crate::verified_problem(&other),
                    "audit trail verification failed"
                ),
                Err(e) => tracing::warn!(error = %e, "audit trail not verified"),
            }
            continue;
        };
        match make(&store, key, settings.dir.as_deref(), settings.stdout).await {
            Ok((cp, file)) => tracing::info!(
                events = cp.size,
                head = %cp.head,
                file = file.as_ref().map(|f| f.display().to_string()),
                "audit checkpoint signed"
            ),
            Err(e) => tracing::error!(error = %e, "audit checkpoint not made"),
        }
    }
}

/// `roots audit verify --checkpoints DIR`: every `*.checkpoint` file in the
/// directory must carry a good signature by the key and be extended by
/// today's trail. Each failure is printed on standard error with its file;
/// the result is the last sentence.
pub async fn verify(store: &Store, dir: &Path, key: &VerifierKey) -> Result<String, Fatal> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Fatal::config(format!("cannot read the directory {}: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "checkpoint"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Fatal::runtime(format!(
            "there are no checkpoints (*.checkpoint) in {}, so nothing can be proved",
            dir.display()
        )));
    }
    let mut failures = Vec::new();
    let mut opened = Vec::new();
    for f in &files {
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match std::fs::read_to_string(f) {
            Err(e) => failures.push(format!("{name}: cannot be read: {e}")),
            Ok(text) => match Checkpoint::open(&text, key) {
                Ok(cp) => opened.push((name, cp)),
                Err(e) => failures.push(format!("{name}: refused: {e}")),
            },
        }
    }
    let cps: Vec<Checkpoint> = opened.iter().map(|(_, c)| c.clone()).collect();
    let (verified, results) = store.check_checkpoints(&cps).await?;
    for ((name, cp), r) in opened.iter().zip(&results) {
        if let Err(m) = r {
            failures.push(format!("{name} ({} events at {}): {m}", cp.size, cp.time));
        }
    }
    let chain = crate::verified_sentence(store, &verified).await?;
    for f in &failures {
        eprintln!("checkpoint {f}");
    }
    match chain {
        Err(problem) => Err(Fatal::runtime(format!(
            "{problem}; {} of {} checkpoints failed",
            failures.len(),
            files.len()
        ))),
        Ok(_) if !failures.is_empty() => Err(Fatal::runtime(format!(
            "{} of {} checkpoints failed (listed above): the audit trail is not what it was when they were signed",
            failures.len(),
            files.len()
        ))),
        Ok(sentence) => {
            let newest = cps.iter().max_by_key(|c| (c.size, c.time));
            Ok(format!(
                "{sentence} It extends all {} checkpoints signed by {}{}.",
                files.len(),
                key.name(),
                newest.map_or(String::new(), |c| format!(
                    " (the newest: {} events at {})",
                    c.size, c.time
                ))
            ))
        }
    }
}
