//! Referral references: short, read out over the phone, typed back in.
//!
//! Eight characters shown as two groups of four (`K7QH-4MPX`). The alphabet
//! leaves out 0, O, 1, I and L, which people confuse when reading or
//! listening. Seven characters are random (31^7, about 27 billion, so clashes
//! are rare and are retried by the store); the eighth is a check character,
//! a position-weighted sum modulo 31. Because 31 is prime and the weights
//! differ, any single wrong character and any swap of two neighbours is
//! caught before a look-up.

use std::fmt;

/// The characters a reference may contain, in value order.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const BODY: usize = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("a reference has 8 characters")]
    WrongLength,
    #[error("a reference uses letters and the digits 2 to 9 only")]
    BadCharacter,
    #[error("the reference has a typing error")]
    CheckCharacter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct Reference([u8; BODY + 1]);

impl Reference {
    /// Builds a reference from random bits supplied by the caller (the store
    /// draws them from the operating system's generator).
    pub fn from_random(mut bits: u64) -> Self {
        let mut out = [0u8; BODY + 1];
        for slot in out.iter_mut().take(BODY) {
            *slot = ALPHABET[(bits % 31) as usize];
            bits /= 31;
        }
        out[BODY] = ALPHABET[check(&out[..BODY])];
        Self(out)
    }

    /// Reads a reference as a person might type it: any case, with or
    /// without the hyphen or spaces.
    pub fn parse(input: &str) -> Result<Self, ReferenceError> {
        let chars: Vec<u8> = input
            .bytes()
            .filter(|b| !b.is_ascii_whitespace() && *b != b'-')
            .map(|b| b.to_ascii_uppercase())
            .collect();
        if chars.len() != BODY + 1 {
            return Err(ReferenceError::WrongLength);
        }
        if chars.iter().any(|c| !ALPHABET.contains(c)) {
            return Err(ReferenceError::BadCharacter);
        }
        if ALPHABET[check(&chars[..BODY])] != chars[BODY] {
            return Err(ReferenceError::CheckCharacter);
        }
        let mut out = [0u8; BODY + 1];
        out.copy_from_slice(&chars);
        Ok(Self(out))
    }
}

fn value(c: u8) -> usize {
    ALPHABET.iter().position(|a| *a == c).unwrap_or(0)
}

fn check(body: &[u8]) -> usize {
    body.iter()
        .enumerate()
        .map(|(i, c)| (i + 1) * value(*c))
        .sum::<usize>()
        % 31
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = std::str::from_utf8(&self.0).map_err(|_| fmt::Error)?;
        write!(f, "{}-{}", &s[..4], &s[4..])
    }
}

impl From<Reference> for String {
    fn from(r: Reference) -> String {
        r.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_shape() {
        for bits in [0u64, 1, 30, 31, 12_345_678_901, u64::MAX] {
            let r = Reference::from_random(bits);
            let s = r.to_string();
            assert_eq!(s.len(), 9);
            assert_eq!(&s[4..5], "-");
            assert!(!s.contains(['0', 'O', '1', 'I', 'L']), "{s}");
            assert_eq!(Reference::parse(&s), Ok(r));
            assert_eq!(Reference::parse(&s.to_lowercase().replace('-', " ")), Ok(r));
        }
    }

    #[test]
    fn table() {
        use ReferenceError::*;
        let good = Reference::from_random(987_654_321).to_string();
        let cases: &[(&str, Result<(), ReferenceError>)] = &[
            (&good, Ok(())),
            ("", Err(WrongLength)),
            ("ABCD-EFG", Err(WrongLength)),
            ("ABCD-EFGHJ", Err(WrongLength)),
            ("AB0D-EFGH", Err(BadCharacter)),
            ("ABOD-EFGH", Err(BadCharacter)),
            ("AB1D-EFGH", Err(BadCharacter)),
            ("ABID-EFGH", Err(BadCharacter)),
        ];
        for (input, want) in cases {
            assert_eq!(&Reference::parse(input).map(|_| ()), want, "{input}");
        }
    }

    #[test]
    fn single_substitutions_and_neighbour_swaps_are_caught() {
        let r = Reference::from_random(424_242_424_242)
            .to_string()
            .replace('-', "");
        let bytes = r.as_bytes();
        for i in 0..bytes.len() {
            for c in ALPHABET {
                if *c == bytes[i] {
                    continue;
                }
                let mut typo = bytes.to_vec();
                typo[i] = *c;
                let typo = String::from_utf8(typo).unwrap();
                assert_eq!(
                    Reference::parse(&typo),
                    Err(ReferenceError::CheckCharacter),
                    "{typo}"
                );
            }
        }
        for i in 0..bytes.len() - 1 {
            if bytes[i] == bytes[i + 1] {
                continue;
            }
            let mut swapped = bytes.to_vec();
            swapped.swap(i, i + 1);
            let swapped = String::from_utf8(swapped).unwrap();
            assert!(Reference::parse(&swapped).is_err(), "{swapped}");
        }
    }
}
