//! Passwords: argon2id hashes in PHC strings (salt and parameters inside).
//!
//! The parameters are the `argon2` crate's defaults (argon2id, 19 MiB,
//! 2 iterations, 1 lane), the OWASP Password Storage Cheat Sheet's minimum
//! for argon2id.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};

/// The shortest password accepted (NCSC: length over complexity rules).
pub const MIN_PASSWORD_LEN: usize = 12;
/// The longest accepted (hashing cost is bounded).
pub const MAX_PASSWORD_LEN: usize = 256;

/// Why a new password was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("the password must have at least {MIN_PASSWORD_LEN} characters")]
    TooShort,
    #[error("the password must have at most {MAX_PASSWORD_LEN} characters")]
    TooLong,
    #[error(
        "the password is too easy to guess (it is common, or made of the person's name or email); use three or four random words"
    )]
    Guessable,
}

/// Checks a new password: long enough, and not common or built from the
/// user's own details (zxcvbn score 3 or more). No composition rules and no
/// forced changes, as NCSC password guidance advises.
pub fn check_new_password(password: &str, user_inputs: &[&str]) -> Result<(), PasswordProblem> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_LEN {
        return Err(PasswordProblem::TooShort);
    }
    if n > MAX_PASSWORD_LEN {
        return Err(PasswordProblem::TooLong);
    }
    if zxcvbn::zxcvbn(password, user_inputs).score() < zxcvbn::Score::Three {
        return Err(PasswordProblem::Guessable);
    }
    Ok(())
}

thread_local! {
    /// Password hashes computed or checked on this thread.
    static HASHES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many argon2 hashes (new or checked, real or dummy) this thread has
/// run. Lets a test see that a refused sign-in ran none, without timing:
/// a `#[tokio::test]` runs its server on its own single thread.
pub fn hashes_on_this_thread() -> u64 {
    HASHES.with(std::cell::Cell::get)
}

fn count_hash() {
    HASHES.with(|h| h.set(h.get() + 1));
}

pub fn hash_password(password: &str) -> Result<String, String> {
    count_hash();
    hash_uncounted(password)
}

fn hash_uncounted(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("could not hash the password: {e}"))
}

/// True when `password` matches `hash`. A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    count_hash();
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of nothing in particular, checked when no account matches, so a
/// failed sign-in takes as long whether or not the email exists.
pub fn dummy_verify(password: &str) {
    use std::sync::OnceLock;
    static DUMMY: OnceLock<String> = OnceLock::new();
    let hash = DUMMY
        .get_or_init(|| hash_uncounted("not a real password, only for timing").unwrap_or_default());
    let _ = verify_password(password, hash);
}

/// Authenticator apps (TOTP, RFC 6238): SHA-1, 6 digits, 30-second steps,
/// one step either side for clock drift. These are the settings every
/// common authenticator app supports.
fn totp(secret_base32: &str) -> Option<totp_rs::Totp> {
    let secret = totp_rs::Secret::try_from_base32(secret_base32).ok()?;
    totp_rs::Builder::new()
        .with_secret(secret)
        .with_skew(1)
        .with_step_duration(TOTP_STEP)
        .build()
        .ok()
}

/// Seconds in one TOTP step.
pub const TOTP_STEP: u64 = 30;

/// A new random authenticator key (160 bits, as RFC 4226 recommends), in
/// base32.
pub fn new_totp_secret() -> String {
    totp_rs::Secret::from(rand::random::<[u8; 20]>().to_vec()).to_base32()
}

/// The time step a six-digit code matches at `unix` seconds, if any. The
/// caller must refuse a step it has accepted before (a replayed code).
pub fn check_totp(secret_base32: &str, code: &str, unix: u64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    totp(secret_base32)?
        .check(&code, unix)
        .and_then(|s| i64::try_from(s).ok())
}

/// The code an authenticator shows at `unix` seconds (for tests and tools).
pub fn totp_code(secret_base32: &str, unix: u64) -> Option<String> {
    totp(secret_base32).map(|t| t.generate(unix).to_string())
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(secret_base32: &str, account: &str, issuer: &str) -> Option<String> {
    let secret = totp_rs::Secret::try_from_base32(secret_base32).ok()?;
    totp_rs::Builder::new()
        .with_secret(secret)
        .with_step_duration(TOTP_STEP)
        .with_account_name(account.replace(':', ""))
        .with_issuer(Some(issuer.replace(':', "")))
        .build()
        .ok()?
        .to_url()
        .ok()
}

/// A QR code of `text` as an SVG document (black on white, no colour
/// needed to read it).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

/// A key written in groups of four, easier to type into an app by hand.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Characters of recovery codes: no 0/O, 1/I/L, so they read aloud and copy
/// by hand without mistakes.
const RECOVERY_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// How many recovery codes a person gets.
pub const RECOVERY_CODES: usize = 10;

/// Ten new one-time recovery codes, `XXXXX-XXXXX` (about 49 random bits each).
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..10)
                .map(|_| {
                    let i = rand::random_range(0..RECOVERY_ALPHABET.len());
                    RECOVERY_ALPHABET[i] as char
                })
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// The stored form of a recovery code: case, spaces and hyphens ignored,
/// then SHA-256.
pub fn recovery_code_hash(code: &str) -> String {
    use sha2::Digest;
    let norm: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hex::encode(sha2::Sha256::digest(norm.as_bytes()))
}

/// How long to wait before answering a sign-in attempt for an account that
/// has failed `failures` times lately: nothing at first, then 250 ms,
/// doubling each time, at most 4 s (the lockout comes at 5 failures).
pub fn backoff(failures: i64) -> std::time::Duration {
    match failures {
        ..=0 => std::time::Duration::ZERO,
        n => std::time::Duration::from_millis(250 << (n - 1).min(4)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let ms = |n| backoff(n).as_millis();
        let cases = [
            (0, 0),
            (1, 250),
            (2, 500),
            (3, 1000),
            (4, 2000),
            (5, 4000),
            (50, 4000),
            (-1, 0),
        ];
        for (n, want) in cases {
            assert_eq!(ms(n), want, "{n} failures");
        }
    }

    #[test]
    fn totp_matches_rfc_6238_and_refuses_what_it_should() {
        // RFC 6238 appendix B, SHA-1: the key "12345678901234567890" gives
        // 94287082 at 59 s, 07081804 at 1111111109 s (8 digits); the last
        // six digits are the 6-digit code.
        let key = totp_rs::Secret::from(b"12345678901234567890".to_vec()).to_base32();
        assert_eq!(totp_code(&key, 59).as_deref(), Some("287082"));
        assert_eq!(totp_code(&key, 1_111_111_109).as_deref(), Some("081804"));
        assert_eq!(check_totp(&key, "287082", 59), Some(1), "step 59/30 = 1");
        assert_eq!(check_totp(&key, "287 082", 59), Some(1), "spaces ignored");
        assert_eq!(check_totp(&key, "287082", 59 + 30), Some(1), "a step late");
        assert_eq!(
            check_totp(&key, "287082", 59 + 90),
            None,
            "three steps late"
        );
        assert_eq!(check_totp(&key, "287083", 59), None, "wrong code");
        assert_eq!(check_totp(&key, "28708", 59), None, "too short");
        assert_eq!(check_totp(&key, "abcdef", 59), None, "not digits");
        assert_eq!(check_totp("not base32!", "287082", 59), None, "bad key");
    }

    #[test]
    fn new_keys_are_160_bits_and_differ() {
        let a = new_totp_secret();
        assert_eq!(a.len(), 32, "20 bytes are 32 base32 characters: {a}");
        assert_ne!(a, new_totp_secret());
        let url = otpauth_url(&a, "ot@example.org", "Roots").unwrap();
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains(&format!("secret={a}")), "{url}");
        assert!(qr_svg(&url).unwrap().starts_with("<?xml"));
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }

    #[test]
    fn recovery_codes_are_distinct_and_hash_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let unique: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), RECOVERY_CODES);
        for c in &codes {
            assert_eq!(c.len(), 11, "{c}");
            assert!(!c.contains(['0', 'O', '1', 'I', 'L']), "{c}");
        }
        let c = &codes[0];
        assert_eq!(
            recovery_code_hash(c),
            recovery_code_hash(&c.to_lowercase().replace('-', " "))
        );
        assert_ne!(recovery_code_hash(c), recovery_code_hash(&codes[1]));
    }

    #[test]
    fn new_passwords_follow_ncsc_guidance() {
        let cases: &[(&str, Result<(), PasswordProblem>)] = &[
            ("short", Err(PasswordProblem::TooShort)),
            ("password1234", Err(PasswordProblem::Guessable)),
            ("qwertyuiop12", Err(PasswordProblem::Guessable)),
            ("owainowainowain", Err(PasswordProblem::Guessable)),
            ("kettle orbit lantern quarry", Ok(())),
            ("no-capitals-or-symbols-needed-here", Ok(())),
        ];
        for (pw, want) in cases {
            assert_eq!(
                &check_new_password(pw, &["owain", "owain@example.org"]),
                want,
                "{pw}"
            );
        }
        assert_eq!(
            check_new_password(&"a".repeat(300), &[]),
            Err(PasswordProblem::TooLong)
        );
    }

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash_password("correct horse battery staple").unwrap();
        let b = hash_password("correct horse battery staple").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "salted");
        assert!(verify_password("correct horse battery staple", &a));
        assert!(!verify_password("correct horse battery stapler", &a));
        assert!(!verify_password("anything", "not a hash"));
    }
}
