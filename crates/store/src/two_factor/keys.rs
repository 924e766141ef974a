//! Authenticator keys encrypted at rest, with a key held outside the
//! database (docs/security.md, "Second factor").
//!
//! A [`KeyRing`] is read from a key file that an operator keeps away from
//! the database and its backups: one key a line, `ID HEX` (an id of 1–16
//! letters, digits or hyphens, and 32 random bytes as 64 hex digits),
//! `#` comments and blank lines ignored; the **last** key is the current
//! one. Every stored value is sealed with ChaCha20-Poly1305 (RFC 8439) and
//! a fresh 96-bit nonce, and written as `enc1:ID:HEX(nonce ‖ ciphertext)`,
//! so a value names the key that sealed it and older keys still open their
//! values after a rotation. The associated data is the key id and the
//! user's id (for a key waiting on a set-up page, the user's id and the
//! session's token hash: [`session_subject`]), so a value copied to
//! another user or session, or relabelled with another key's id, does not
//! open.
//!
//! Pure code: no I/O but [`KeyRing::from_file`] and [`KeyRing::write_new`],
//! which read and write the key file.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

/// What a sealed value starts with.
const PREFIX: &str = "enc1:";

/// What can be wrong with a key file or a sealed value. Each says, in one
/// sentence, what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read the two-factor key file {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error(
        "the two-factor key file {path} is not valid at line {line}: each line is an id (1 to 16 letters, digits or hyphens) and 64 hex digits"
    )]
    Malformed { path: String, line: usize },
    #[error("the two-factor key file {path} holds no key")]
    Empty { path: String },
    #[error("the two-factor key file {path} names the key {id} twice")]
    Duplicate { path: String, id: String },
    #[error(
        "an authenticator key was sealed with the two-factor key {id}, which the key file does not hold: use the key file it was made with"
    )]
    UnknownKey { id: String },
    #[error(
        "an authenticator key does not open with the two-factor key {id}: the key file is not the one it was made with, or the value was altered or moved to another user"
    )]
    WrongKey { id: String },
    #[error("a stored authenticator key is not in a form Roots knows")]
    BadValue,
}

/// The keys that seal authenticator keys: the current one seals, every one
/// opens what it sealed.
#[derive(Clone)]
pub struct KeyRing {
    /// In file order; the last is current.
    keys: Vec<(String, [u8; 32])>,
}

impl std::fmt::Debug for KeyRing {
    /// Names the key ids, never the keys.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("KeyRing").field("ids", &ids).finish()
    }
}

fn valid_id(id: &str) -> bool {
    (1..=16).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl KeyRing {
    /// A ring of one new random key (tests, and a new key file).
    pub fn generate() -> KeyRing {
        KeyRing {
            keys: vec![(new_key_id(), rand::random())],
        }
    }

    /// Reads a key file's text (`path` is only for messages).
    pub fn parse(text: &str, path: &str) -> Result<KeyRing, KeyError> {
        let mut keys: Vec<(String, [u8; 32])> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let malformed = || KeyError::Malformed {
                path: path.to_owned(),
                line: n + 1,
            };
            let mut parts = line.split_whitespace();
            let (Some(id), Some(hex_key), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(malformed());
            };
            let mut key = [0u8; 32];
            if !valid_id(id) || hex::decode_to_slice(hex_key, &mut key).is_err() {
                return Err(malformed());
            }
            if keys.iter().any(|(k, _)| k == id) {
                return Err(KeyError::Duplicate {
                    path: path.to_owned(),
                    id: id.to_owned(),
                });
            }
            keys.push((id.to_owned(), key));
        }
        if keys.is_empty() {
            return Err(KeyError::Empty {
                path: path.to_owned(),
            });
        }
        Ok(KeyRing { keys })
    }

    /// Reads a key file.
    pub fn from_file(path: &std::path::Path) -> Result<KeyRing, KeyError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| KeyError::Unreadable {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        KeyRing::parse(&text, &shown)
    }

    /// The key file's text for this ring.
    pub fn to_file_text(&self) -> String {
        let mut s = String::from(
            "# Roots: keys that encrypt authenticator keys (docs/operators.md).\n\
             # Keep this file away from the database and its backups. The last\n\
             # key seals new values; the others still open older ones.\n",
        );
        for (id, key) in &self.keys {
            s.push_str(id);
            s.push(' ');
            s.push_str(&hex::encode(key));
            s.push('\n');
        }
        s
    }

    /// Adds a new random key as the current one; returns its id.
    pub fn rotate(&mut self) -> String {
        let mut id = new_key_id();
        while self.keys.iter().any(|(k, _)| *k == id) {
            id = new_key_id();
        }
        self.keys.push((id.clone(), rand::random()));
        id
    }

    /// Makes a key file with one new key, or adds a new current key to an
    /// existing one (rotation). The file is written readable by its owner
    /// only, through a temporary file renamed into place. Returns the new
    /// key's id.
    pub fn write_new(path: &std::path::Path) -> Result<String, KeyError> {
        let shown = path.display().to_string();
        let unreadable = |e: std::io::Error| KeyError::Unreadable {
            path: shown.clone(),
            reason: e.to_string(),
        };
        let (ring, id) = if path.exists() {
            let mut ring = KeyRing::from_file(path)?;
            let id = ring.rotate();
            (ring, id)
        } else {
            let ring = KeyRing::generate();
            let id = ring.current_id().to_owned();
            (ring, id)
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(unreadable)?;
        }
        let tmp = path.with_extension("tmp");
        {
            use std::io::Write;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut f = options.open(&tmp).map_err(unreadable)?;
            f.write_all(ring.to_file_text().as_bytes())
                .map_err(unreadable)?;
            f.sync_all().map_err(unreadable)?;
        }
        std::fs::rename(&tmp, path).map_err(unreadable)?;
        Ok(id)
    }

    /// The id of the key that seals new values.
    pub fn current_id(&self) -> &str {
        self.keys.last().map_or("", |(id, _)| id.as_str())
    }

    /// Every key id, oldest first.
    pub fn ids(&self) -> Vec<&str> {
        self.keys.iter().map(|(id, _)| id.as_str()).collect()
    }

    fn key(&self, id: &str) -> Option<&[u8; 32]> {
        self.keys.iter().find(|(k, _)| k == id).map(|(_, key)| key)
    }

    /// Seals `secret` (an authenticator key) for `user_id` under the current key.
    pub fn seal(&self, user_id: &str, secret: &str) -> String {
        let (id, key) = self.keys.last().expect("a key ring holds a key");
        let nonce: [u8; 12] = rand::random();
        let cipher = ChaCha20Poly1305::new(&Key::from(*key));
        let aad = associated(id, user_id);
        let sealed = cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: secret.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .expect("ChaCha20-Poly1305 seals any short message");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{PREFIX}{id}:{}", hex::encode(bytes))
    }

    /// Opens a value sealed for `user_id`.
    pub fn open(&self, user_id: &str, stored: &str) -> Result<String, KeyError> {
        let (id, bytes) = parse_sealed(stored).ok_or(KeyError::BadValue)?;
        let key = self
            .key(id)
            .ok_or_else(|| KeyError::UnknownKey { id: id.to_owned() })?;
        if bytes.len() < 12 + 16 {
            return Err(KeyError::BadValue);
        }
        let (nonce, sealed) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| KeyError::BadValue)?;
        let cipher = ChaCha20Poly1305::new(&Key::from(*key));
        let aad = associated(id, user_id);
        let clear = cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: sealed,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| KeyError::WrongKey { id: id.to_owned() })?;
        String::from_utf8(clear).map_err(|_| KeyError::BadValue)
    }
}

/// The id of the key a stored value was sealed with; `None` for a value
/// in the clear (from before encryption) or one not sealed by Roots.
pub fn sealed_with(stored: &str) -> Option<&str> {
    parse_sealed(stored).map(|(id, _)| id)
}

fn parse_sealed(stored: &str) -> Option<(&str, Vec<u8>)> {
    let rest = stored.strip_prefix(PREFIX)?;
    let (id, hex_bytes) = rest.split_once(':')?;
    if !valid_id(id) {
        return None;
    }
    Some((id, hex::decode(hex_bytes).ok()?))
}

/// Whom a key waiting on a set-up page is sealed for: the user and the
/// session (its token hash). It opens for that session only, never as the
/// user's own key nor on another session.
pub fn session_subject(user_id: &str, session_token_hash: &str) -> String {
    format!("{user_id}|session {session_token_hash}")
}

fn associated(key_id: &str, user_id: &str) -> String {
    format!("roots authenticator key v1|{key_id}|{user_id}")
}

/// A new key id: eight hex digits, random.
fn new_key_id() -> String {
    hex::encode(rand::random::<[u8; 4]>())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    #[test]
    fn a_value_opens_for_its_user_only_and_never_holds_the_key_in_the_clear() {
        let ring = KeyRing::generate();
        let sealed = ring.seal("user-a", SECRET);
        assert!(sealed.starts_with("enc1:"), "{sealed}");
        assert!(!sealed.contains(SECRET));
        assert_eq!(sealed_with(&sealed), Some(ring.current_id()));
        assert_eq!(ring.open("user-a", &sealed).unwrap(), SECRET);
        assert_ne!(
            ring.seal("user-a", SECRET),
            sealed,
            "a fresh nonce each time"
        );
        assert_eq!(
            ring.open("user-b", &sealed),
            Err(KeyError::WrongKey {
                id: ring.current_id().to_owned()
            }),
            "copied to another user"
        );
        // One bit changed anywhere is refused.
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'0' { b'1' } else { b'0' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(ring.open("user-a", &tampered).is_err());
        // A value relabelled with another key's id does not open either.
        let mut two = ring.clone();
        let new = two.rotate();
        let relabelled = sealed.replacen(ring.current_id(), &new, 1);
        assert!(two.open("user-a", &relabelled).is_err());
    }

    #[test]
    fn a_key_waiting_on_a_session_opens_for_that_session_only() {
        let ring = KeyRing::generate();
        let here = session_subject("user-a", "hash-1");
        let sealed = ring.seal(&here, SECRET);
        assert_eq!(ring.open(&here, &sealed).unwrap(), SECRET);
        for other in [
            session_subject("user-a", "hash-2"),
            session_subject("user-b", "hash-1"),
            "user-a".to_owned(),
        ] {
            assert!(ring.open(&other, &sealed).is_err(), "{other}");
        }
        assert!(ring.open(&here, &ring.seal("user-a", SECRET)).is_err());
    }

    #[test]
    fn rotation_keeps_old_values_readable_and_a_wrong_file_is_named() {
        let mut ring = KeyRing::generate();
        let old_id = ring.current_id().to_owned();
        let old = ring.seal("u", SECRET);
        let text = ring.to_file_text();
        let new_id = ring.rotate();
        assert_eq!(ring.current_id(), new_id);
        assert_eq!(ring.ids(), vec![old_id.as_str(), new_id.as_str()]);
        assert_eq!(ring.open("u", &old).unwrap(), SECRET, "old key still opens");
        assert_eq!(sealed_with(&ring.seal("u", SECRET)), Some(new_id.as_str()));
        // The file round-trips.
        let again = KeyRing::parse(&ring.to_file_text(), "k").unwrap();
        assert_eq!(again.ids(), ring.ids());
        assert_eq!(again.open("u", &old).unwrap(), SECRET);
        // Another ring (a wrong key file) cannot open it, and says which key.
        let other = KeyRing::generate();
        assert_eq!(
            other.open("u", &old),
            Err(KeyError::UnknownKey { id: old_id.clone() })
        );
        // The same id with other bytes: the wrong file.
        let forged =
            KeyRing::parse(&format!("{old_id} {}\n", hex::encode([7u8; 32])), "forged").unwrap();
        assert_eq!(
            forged.open("u", &old),
            Err(KeyError::WrongKey { id: old_id })
        );
        assert!(KeyRing::parse(&text, "k").is_ok());
    }

    #[test]
    fn bad_key_files_are_refused_with_the_line() {
        let good = hex::encode([1u8; 32]);
        let cases: &[(&str, KeyError)] = &[
            ("", KeyError::Empty { path: "f".into() }),
            ("# only a comment\n\n", KeyError::Empty { path: "f".into() }),
            (
                "k1 abc\n",
                KeyError::Malformed {
                    path: "f".into(),
                    line: 1,
                },
            ),
            (
                "# c\nbad_id! 00\n",
                KeyError::Malformed {
                    path: "f".into(),
                    line: 2,
                },
            ),
            (
                "k1 00 extra\n",
                KeyError::Malformed {
                    path: "f".into(),
                    line: 1,
                },
            ),
        ];
        for (text, want) in cases {
            assert_eq!(KeyRing::parse(text, "f").unwrap_err(), *want, "{text:?}");
        }
        let twice = format!("k1 {good}\nk1 {good}\n");
        assert_eq!(
            KeyRing::parse(&twice, "f").unwrap_err(),
            KeyError::Duplicate {
                path: "f".into(),
                id: "k1".into()
            }
        );
        assert_eq!(sealed_with(SECRET), None, "clear text is not sealed");
        assert_eq!(
            KeyRing::parse(&format!("k1 {good}"), "f")
                .unwrap()
                .open("u", SECRET),
            Err(KeyError::BadValue)
        );
        assert!(
            !format!("{:?}", KeyRing::parse(&format!("k1 {good}"), "f").unwrap()).contains(&good)
        );
    }
}
