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

pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("could not hash the password: {e}"))
}

/// True when `password` matches `hash`. A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
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
        .get_or_init(|| hash_password("not a real password, only for timing").unwrap_or_default());
    let _ = verify_password(password, hash);
}

#[cfg(test)]
mod tests {
    use super::*;

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
