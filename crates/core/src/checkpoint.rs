//! Signed checkpoints of the audit trail, so that removing events from its
//! end or rewriting it whole (both of which leave a valid hash chain) is
//! found.
//!
//! A checkpoint says "the trail had `size` events and event `size` had this
//! hash, at this time", signed with an Ed25519 key the database never sees.
//! It is kept outside the database. Because every event carries the hash of
//! the one before it, today's trail extends a checkpoint exactly when its
//! event number `size` still carries the checkpoint's hash and the chain up
//! to there is intact ([`extends`]); events after it are checked by the
//! chain itself.
//!
//! The text is a C2SP checkpoint in a C2SP signed note, so any signed-note
//! tool can check the signature (the key formats are those of Go's
//! `golang.org/x/mod/sumdb/note`; the tests use its published example):
//!
//! ```text
//! roots-audit.example-trust     <- origin: the key's name
//! 1234                          <- size: events in the trail
//! q1b…=                         <- event 1234's hash, base64
//! time 2026-11-24T10:00:00Z     <- when (an extension line)
//!
//! — roots-audit.example-trust AbCd…=
//! ```
//!
//! Pure: the caller passes the time and the random bytes of a new key.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use jiff::Timestamp;
use sha2::{Digest, Sha256};

use crate::audit::GENESIS;

/// The signed-note algorithm byte for Ed25519.
const ED25519: u8 = 0x01;

/// What is wrong with a key's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("a key's name must be 1 to 100 characters without spaces, control characters or \"+\"")]
    Name,
    #[error(
        "this is not a private key in the form PRIVATE+KEY+name+id+key (make one with `roots audit keygen`)"
    )]
    NotPrivate,
    #[error("this is not a public key in the form name+id+key")]
    NotPublic,
    #[error("the key is not an Ed25519 key of the right length")]
    Material,
    #[error("the key's id does not match its name and key")]
    Id,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 100
        && !name
            .chars()
            .any(|c| c == '+' || c.is_whitespace() || c.is_control())
}

fn key_id(name: &str, public: &[u8; 32]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ED25519]);
    h.update(public);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// Reads `hex id` and `base64(alg || key)`, checking the id.
fn key_parts(name: &str, id: &str, material: &str) -> Result<(u32, [u8; 32]), KeyError> {
    if !valid_name(name) {
        return Err(KeyError::Name);
    }
    let raw = B64.decode(material).map_err(|_| KeyError::Material)?;
    let key: [u8; 32] = match raw.split_first() {
        Some((&ED25519, rest)) => rest.try_into().map_err(|_| KeyError::Material)?,
        _ => return Err(KeyError::Material),
    };
    let id = (id.len() == 8)
        .then(|| u32::from_str_radix(id, 16).ok())
        .flatten()
        .ok_or(KeyError::Id)?;
    Ok((id, key))
}

/// The private key that signs checkpoints. Its text is
/// `PRIVATE+KEY+<name>+<id>+<base64>`; `Debug` does not show it.
pub struct SignerKey {
    name: String,
    id: u32,
    key: SigningKey,
}

impl std::fmt::Debug for SignerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SignerKey({}+{:08x})", self.name, self.id)
    }
}

impl SignerKey {
    /// A key from 32 random bytes (the caller draws them).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<SignerKey, KeyError> {
        if !valid_name(name) {
            return Err(KeyError::Name);
        }
        let key = SigningKey::from_bytes(&seed);
        Ok(SignerKey {
            name: name.to_owned(),
            id: key_id(name, key.verifying_key().as_bytes()),
            key,
        })
    }

    /// Reads a key file's text (surrounding white space ignored).
    pub fn parse(text: &str) -> Result<SignerKey, KeyError> {
        let parts: Vec<&str> = text.trim().splitn(5, '+').collect();
        let [_, _, name, id, material] = parts[..] else {
            return Err(KeyError::NotPrivate);
        };
        if parts[0] != "PRIVATE" || parts[1] != "KEY" {
            return Err(KeyError::NotPrivate);
        }
        let (id, seed) = key_parts(name, id, material)?;
        let key = SignerKey::from_seed(name, seed)?;
        if key.id != id {
            return Err(KeyError::Id);
        }
        Ok(key)
    }

    /// The text to keep in the key file.
    pub fn encode(&self) -> String {
        let mut material = vec![ED25519];
        material.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}",
            self.name,
            self.id,
            B64.encode(material)
        )
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The public key that checks this key's signatures.
    pub fn verifier(&self) -> VerifierKey {
        VerifierKey {
            name: self.name.clone(),
            id: self.id,
            key: self.key.verifying_key(),
        }
    }

    /// Signs a note's text (which ends with a newline): the text, a blank
    /// line and one signature line.
    pub fn sign_note(&self, text: &str) -> String {
        let sig = self.key.sign(text.as_bytes());
        let mut blob = self.id.to_be_bytes().to_vec();
        blob.extend_from_slice(&sig.to_bytes());
        format!("{text}\n\u{2014} {} {}\n", self.name, B64.encode(blob))
    }
}

/// The public key that checks checkpoints: `<name>+<id>+<base64>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    id: u32,
    key: VerifyingKey,
}

/// Why a signed note was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("it is not a signed note (text, a blank line, then signature lines)")]
    Malformed,
    #[error("it has no signature by the key {0}")]
    NoSignatureByKey(String),
    #[error("its signature by {0} does not match its text: it was changed after signing or forged")]
    BadSignature(String),
}

impl VerifierKey {
    /// Reads a public key's text (surrounding white space ignored).
    pub fn parse(text: &str) -> Result<VerifierKey, KeyError> {
        if text.trim().starts_with("PRIVATE+KEY+") {
            return Err(KeyError::NotPublic);
        }
        let parts: Vec<&str> = text.trim().splitn(3, '+').collect();
        let [name, id, material] = parts[..] else {
            return Err(KeyError::NotPublic);
        };
        let (id, public) = key_parts(name, id, material)?;
        let key = VerifyingKey::from_bytes(&public).map_err(|_| KeyError::Material)?;
        if key_id(name, &public) != id {
            return Err(KeyError::Id);
        }
        Ok(VerifierKey {
            name: name.to_owned(),
            id,
            key,
        })
    }

    pub fn encode(&self) -> String {
        let mut material = vec![ED25519];
        material.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.id, B64.encode(material))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Checks a signed note and returns its text, if this key signed it.
    /// Signatures by other keys are allowed beside it and ignored.
    pub fn open_note<'a>(&self, note: &'a str) -> Result<&'a str, NoteError> {
        let split = note.rfind("\n\n").ok_or(NoteError::Malformed)?;
        let (text, sigs) = (&note[..=split], &note[split + 2..]);
        if text.len() < 2 || !sigs.ends_with('\n') || note.len() > 64 * 1024 {
            return Err(NoteError::Malformed);
        }
        let mut found = false;
        for line in sigs[..sigs.len() - 1].split('\n') {
            let rest = line.strip_prefix("\u{2014} ").ok_or(NoteError::Malformed)?;
            let (name, blob) = rest.split_once(' ').ok_or(NoteError::Malformed)?;
            let blob = B64.decode(blob).map_err(|_| NoteError::Malformed)?;
            if blob.len() < 5 || !valid_name(name) {
                return Err(NoteError::Malformed);
            }
            if name != self.name || blob[..4] != self.id.to_be_bytes() {
                continue;
            }
            found = true;
            let sig = Signature::from_slice(&blob[4..])
                .map_err(|_| NoteError::BadSignature(self.name.clone()))?;
            self.key
                .verify(text.as_bytes(), &sig)
                .map_err(|_| NoteError::BadSignature(self.name.clone()))?;
        }
        if found {
            Ok(text)
        } else {
            Err(NoteError::NoSignatureByKey(self.encode()))
        }
    }
}

/// One checkpoint: the trail had `size` events, the last with hash `head`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Which trail: the name of the key that signs its checkpoints.
    pub origin: String,
    pub size: u64,
    /// Event `size`'s hash, hex as stored (for 0 events, [`GENESIS`]).
    pub head: String,
    /// When it was made, to the second.
    pub time: Timestamp,
}

/// Why a checkpoint file was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("{0}")]
    Note(#[from] NoteError),
    #[error("it is signed, but its text is not a checkpoint: {0}")]
    Text(&'static str),
    #[error("it is a checkpoint of another trail ({found:?}, not {expected:?})")]
    Origin { found: String, expected: String },
}

impl Checkpoint {
    /// The note's text: origin, size, hash (base64), time.
    pub fn text(&self) -> String {
        let hash = hex::decode(&self.head).unwrap_or_default();
        format!(
            "{}\n{}\n{}\ntime {}\n",
            self.origin,
            self.size,
            B64.encode(hash),
            self.time
        )
    }

    /// Reads a checkpoint's text (its signature already checked).
    pub fn parse_text(text: &str) -> Result<Checkpoint, CheckpointError> {
        let bad = CheckpointError::Text;
        let lines: Vec<&str> = text
            .strip_suffix('\n')
            .ok_or(bad("no final newline"))?
            .split('\n')
            .collect();
        let [origin, size, hash, rest @ ..] = &lines[..] else {
            return Err(bad("fewer than three lines"));
        };
        if !valid_name(origin) {
            return Err(bad("the first line is not an origin"));
        }
        let size_ok = size.bytes().all(|b| b.is_ascii_digit())
            && !size.is_empty()
            && (*size == "0" || !size.starts_with('0'));
        let size: u64 = size
            .parse()
            .ok()
            .filter(|_| size_ok)
            .ok_or(bad("the second line is not a number of events"))?;
        let hash = B64
            .decode(hash)
            .ok()
            .filter(|h| h.len() == 32)
            .ok_or(bad("the third line is not a 32-byte hash in base64"))?;
        let time = rest
            .iter()
            .find_map(|l| l.strip_prefix("time "))
            .and_then(|t| t.parse::<Timestamp>().ok())
            .ok_or(bad("there is no time line"))?;
        let head = hex::encode(hash);
        if size == 0 && head != GENESIS {
            return Err(bad("a checkpoint of no events must have the starting hash"));
        }
        Ok(Checkpoint {
            origin: (*origin).to_owned(),
            size,
            head,
            time,
        })
    }

    /// The signed checkpoint, as written to a file.
    pub fn sign(&self, key: &SignerKey) -> String {
        key.sign_note(&self.text())
    }

    /// Checks a checkpoint file's signature and reads it. Its origin must
    /// be the key's name.
    pub fn open(note: &str, key: &VerifierKey) -> Result<Checkpoint, CheckpointError> {
        let cp = Checkpoint::parse_text(key.open_note(note)?)?;
        if cp.origin != key.name() {
            return Err(CheckpointError::Origin {
                found: cp.origin,
                expected: key.name().to_owned(),
            });
        }
        Ok(cp)
    }

    /// A file name that sorts by size, then time; `unique` (random, from
    /// the caller) keeps two instances writing at once apart.
    pub fn file_name(&self, unique: &str) -> String {
        format!(
            "{:020}-{}-{unique}.checkpoint",
            self.size,
            self.time.strftime("%Y%m%dT%H%M%SZ")
        )
    }
}

/// What today's chain is, as far as it checks out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chain<'a> {
    /// Events 1 to `intact` form an intact chain.
    pub intact: u64,
    /// Where the chain breaks after them, if it does.
    pub broken_at: Option<i64>,
    /// The hash of the event numbered the checkpoint's size (GENESIS for
    /// 0), when that event is within the intact part.
    pub hash_at_size: Option<&'a str>,
}

/// How today's trail fails to extend a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Mismatch {
    #[error(
        "the trail has {events} events but had {size} when the checkpoint was made: events were removed from its end"
    )]
    Shorter { size: u64, events: u64 },
    #[error(
        "event {size} now has another hash than the checkpoint recorded: the trail was rewritten at or before it"
    )]
    Rewritten { size: u64 },
    #[error("the chain breaks at event {at}, before the checkpoint's event {size}")]
    BrokenBefore { size: u64, at: i64 },
}

/// Whether today's chain extends a checkpoint: its event `size` carries
/// the recorded hash and the chain up to it is intact.
pub fn extends(cp: &Checkpoint, chain: &Chain<'_>) -> Result<(), Mismatch> {
    let size = cp.size;
    if size > chain.intact {
        return Err(match chain.broken_at {
            Some(at) => Mismatch::BrokenBefore { size, at },
            None => Mismatch::Shorter {
                size,
                events: chain.intact,
            },
        });
    }
    if chain.hash_at_size != Some(cp.head.as_str()) {
        return Err(Mismatch::Rewritten { size });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The published example of Go's golang.org/x/mod/sumdb/note: our keys
    // and notes must be the same bytes, so other tools can check ours.
    const GO_PRIVATE: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const GO_PUBLIC: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const GO_TEXT: &str = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    const GO_NOTE_SIG: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    fn key(name: &str, n: u8) -> SignerKey {
        SignerKey::from_seed(name, [n; 32]).unwrap()
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn cp(size: u64, head: &str) -> Checkpoint {
        Checkpoint {
            origin: "roots-audit.test".into(),
            size,
            head: head.into(),
            time: at("2026-11-24T10:00:00Z"),
        }
    }

    #[test]
    fn keys_and_notes_match_gos_published_example() {
        let signer = SignerKey::parse(GO_PRIVATE).unwrap();
        assert_eq!(signer.encode(), GO_PRIVATE);
        assert_eq!(signer.verifier().encode(), GO_PUBLIC);
        let public = VerifierKey::parse(GO_PUBLIC).unwrap();
        assert_eq!(public, signer.verifier());
        let note = signer.sign_note(GO_TEXT);
        assert_eq!(note, format!("{GO_TEXT}\n{GO_NOTE_SIG}"));
        assert_eq!(public.open_note(&note), Ok(GO_TEXT));
    }

    #[test]
    fn bad_keys_are_refused_with_a_reason() {
        let good = key("roots-audit.test", 7);
        let public = good.verifier().encode();
        let cases: Vec<(&str, String, KeyError)> = vec![
            (
                "public given as private",
                public.clone(),
                KeyError::NotPrivate,
            ),
            ("empty", String::new(), KeyError::NotPrivate),
            (
                "id changed",
                good.encode()
                    .replacen(&format!("{:08x}", good.id), "00000000", 1),
                KeyError::Id,
            ),
            (
                "short key",
                "PRIVATE+KEY+x+00000000+AQID".into(),
                KeyError::Material,
            ),
            (
                "not base64",
                "PRIVATE+KEY+x+00000000+!!!!".into(),
                KeyError::Material,
            ),
            (
                "another algorithm",
                format!("PRIVATE+KEY+x+00000000+{}", B64.encode([2u8; 33])),
                KeyError::Material,
            ),
        ];
        for (what, text, err) in cases {
            assert_eq!(SignerKey::parse(&text).unwrap_err(), err, "{what}");
        }
        assert_eq!(
            VerifierKey::parse(&good.encode()).unwrap_err(),
            KeyError::NotPublic,
            "private given as public"
        );
        assert_eq!(
            VerifierKey::parse(&public.replacen("roots", "rooots", 1)).unwrap_err(),
            KeyError::Id
        );
        for name in ["", "has space", "a+b", "tab\there", &"x".repeat(101)] {
            assert_eq!(
                SignerKey::from_seed(name, [1; 32]).unwrap_err(),
                KeyError::Name,
                "{name:?}"
            );
        }
        // Surrounding white space (a key file's final newline) is fine.
        let again = SignerKey::parse(&format!("\n{}\n", good.encode())).unwrap();
        assert_eq!(again.verifier(), good.verifier());
        assert!(!format!("{good:?}").contains(&good.encode()[20..]));
    }

    #[test]
    fn a_checkpoint_signs_reads_back_and_names_its_file() {
        let k = key("roots-audit.test", 1);
        let c = cp(1234, &"ab".repeat(32));
        let note = c.sign(&k);
        assert!(note.starts_with("roots-audit.test\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\ntime 2026-11-24T10:00:00Z\n\n\u{2014} roots-audit.test "), "{note}");
        assert_eq!(Checkpoint::open(&note, &k.verifier()), Ok(c.clone()));
        assert_eq!(
            c.file_name("a1b2"),
            "00000000000000001234-20261124T100000Z-a1b2.checkpoint"
        );
        let empty = cp(0, GENESIS);
        assert_eq!(Checkpoint::open(&empty.sign(&k), &k.verifier()), Ok(empty));
        // Names sort by size first.
        let mut names = [
            cp(10, GENESIS).file_name("z"),
            cp(9, GENESIS).file_name("a"),
        ];
        names.sort();
        assert!(names[0].starts_with("00000000000000000009"));
    }

    #[test]
    fn forged_or_altered_checkpoints_are_refused() {
        let k = key("roots-audit.test", 1);
        let other = key("roots-audit.test", 2);
        let note = cp(5, &"cd".repeat(32)).sign(&k);
        let v = k.verifier();
        let bad_sig = |n: &str| NoteError::BadSignature(n.to_owned()).into();
        // (what was done, the file, the error)
        let cases: Vec<(&str, String, CheckpointError)> = vec![
            (
                "size changed",
                note.replacen("\n5\n", "\n6\n", 1),
                bad_sig("roots-audit.test"),
            ),
            (
                "time changed",
                note.replacen("10:00:00", "11:00:00", 1),
                bad_sig("roots-audit.test"),
            ),
            (
                "signed by another key of the same name",
                cp(5, &"cd".repeat(32)).sign(&other),
                NoteError::NoSignatureByKey(v.encode()).into(),
            ),
            (
                "no signature",
                cp(5, &"cd".repeat(32)).text(),
                NoteError::Malformed.into(),
            ),
            ("empty", String::new(), NoteError::Malformed.into()),
            (
                "signature line mangled",
                note.replacen("\u{2014} ", "- ", 1),
                NoteError::Malformed.into(),
            ),
            (
                "another trail's key name",
                Checkpoint {
                    origin: "elsewhere".into(),
                    ..cp(5, &"cd".repeat(32))
                }
                .sign(&key("elsewhere", 1)),
                NoteError::NoSignatureByKey(v.encode()).into(),
            ),
            (
                "signed text that is not a checkpoint",
                k.sign_note("hello\n"),
                CheckpointError::Text("fewer than three lines"),
            ),
            (
                "size with a leading zero",
                k.sign_note("roots-audit.test\n05\nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc0=\ntime 2026-11-24T10:00:00Z\n"),
                CheckpointError::Text("the second line is not a number of events"),
            ),
            (
                "short hash",
                k.sign_note("roots-audit.test\n5\nzc3N\ntime 2026-11-24T10:00:00Z\n"),
                CheckpointError::Text("the third line is not a 32-byte hash in base64"),
            ),
            (
                "no time",
                k.sign_note("roots-audit.test\n5\nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc0=\n"),
                CheckpointError::Text("there is no time line"),
            ),
        ];
        for (what, text, err) in cases {
            assert_eq!(Checkpoint::open(&text, &v), Err(err), "{what}");
        }
        // A second signature by another key does not hide ours.
        let cosigned = format!(
            "{}{}",
            note,
            &cp(5, &"cd".repeat(32)).sign(&key("witness", 3))[note.find("\n\n").unwrap() + 2..]
        );
        assert!(Checkpoint::open(&cosigned, &v).is_ok(), "{cosigned}");
    }

    #[test]
    fn a_chain_extends_a_checkpoint_only_through_its_recorded_hash() {
        let h5 = "55".repeat(32);
        let other = "66".repeat(32);
        let c = cp(5, &h5);
        fn chain(intact: u64, broken_at: Option<i64>, hash: Option<&str>) -> Chain<'_> {
            Chain {
                intact,
                broken_at,
                hash_at_size: hash,
            }
        }
        let (h5s, others) = (Some(h5.as_str()), Some(other.as_str()));
        // (today's chain, the outcome)
        let cases = [
            ("the same chain", chain(5, None, h5s), Ok(())),
            (
                "longer, through the same event",
                chain(9, None, h5s),
                Ok(()),
            ),
            (
                "broken after the checkpoint",
                chain(7, Some(8), h5s),
                Ok(()),
            ),
            (
                "the last event deleted",
                chain(4, None, None),
                Err(Mismatch::Shorter { size: 5, events: 4 }),
            ),
            (
                "emptied (TRUNCATE)",
                chain(0, None, None),
                Err(Mismatch::Shorter { size: 5, events: 0 }),
            ),
            (
                "rewritten and re-hashed",
                chain(5, None, others),
                Err(Mismatch::Rewritten { size: 5 }),
            ),
            (
                "last deleted, a forged one appended in its place",
                chain(6, None, others),
                Err(Mismatch::Rewritten { size: 5 }),
            ),
            (
                "broken before the checkpoint",
                chain(2, Some(3), None),
                Err(Mismatch::BrokenBefore { size: 5, at: 3 }),
            ),
        ];
        for (what, today, outcome) in cases {
            assert_eq!(extends(&c, &today), outcome, "{what}");
        }
        assert_eq!(
            extends(&cp(0, GENESIS), &chain(0, None, Some(GENESIS))),
            Ok(())
        );
    }
}
