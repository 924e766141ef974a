//! NHS numbers: ten digits, the last a modulus 11 check digit.
//!
//! Source: NHS Data Dictionary, "NHS Number" (check digit algorithm: weights
//! 10..2 over the first nine digits, 11 minus the remainder mod 11; 11 becomes
//! 0 and 10 means the number is invalid). Many people a first-contact service
//! must reach do not know their NHS number, so it is always optional; when one
//! is given it must pass the check.

use std::fmt;

/// Why a typed NHS number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NhsNumberError {
    #[error("an NHS number has 10 digits")]
    WrongLength,
    #[error("an NHS number contains only digits")]
    NotDigits,
    #[error("the check digit does not match")]
    CheckDigit,
}

/// A ten-digit NHS number whose check digit is correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct NhsNumber([u8; 10]);

impl NhsNumber {
    /// Parses what a person typed: spaces and hyphens are ignored
    /// (`485 777 3456`, `485-777-3456`).
    pub fn parse(input: &str) -> Result<Self, NhsNumberError> {
        let mut digits = [0u8; 10];
        let mut n = 0;
        for c in input.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let d = c.to_digit(10).ok_or(NhsNumberError::NotDigits)?;
            if n == 10 {
                return Err(NhsNumberError::WrongLength);
            }
            digits[n] = d as u8;
            n += 1;
        }
        if n != 10 {
            return Err(NhsNumberError::WrongLength);
        }
        if check_digit(&digits[..9]) != Some(digits[9]) {
            return Err(NhsNumberError::CheckDigit);
        }
        Ok(Self(digits))
    }

    /// The ten digits with no separators, as stored.
    pub fn digits(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }
}

/// The modulus 11 check digit for nine digits, or `None` when the remainder
/// gives 10 (no valid NHS number has those nine digits).
fn check_digit(first_nine: &[u8]) -> Option<u8> {
    let sum: u32 = first_nine
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        c => Some(c as u8),
    }
}

impl fmt::Display for NhsNumber {
    /// The 3-3-4 grouping people see on letters: `485 777 3456`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.digits();
        write!(f, "{} {} {}", &s[0..3], &s[3..6], &s[6..10])
    }
}

impl From<NhsNumber> for String {
    fn from(n: NhsNumber) -> String {
        n.digits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        // (input, expected) — valid numbers are synthetic, built to pass the
        // check; none belongs to a real person.
        let cases: &[(&str, Result<&str, NhsNumberError>)] = &[
            ("4857773457", Ok("485 777 3457")),
            ("485 777 3457", Ok("485 777 3457")),
            ("485-777-3457", Ok("485 777 3457")),
            (" 9434765919 ", Ok("943 476 5919")),
            ("4010232137", Ok("401 023 2137")),
            // weighted sum a multiple of 11: check digit "11" is written 0
            ("1000000060", Ok("100 000 0060")),
            ("5000000005", Ok("500 000 0005")),
            ("5000000000", Err(NhsNumberError::CheckDigit)),
            ("4857773456", Err(NhsNumberError::CheckDigit)),
            ("485777345", Err(NhsNumberError::WrongLength)),
            ("48577734571", Err(NhsNumberError::WrongLength)),
            ("", Err(NhsNumberError::WrongLength)),
            ("485777345a", Err(NhsNumberError::NotDigits)),
            ("485.777.3457", Err(NhsNumberError::NotDigits)),
            // first nine digits whose check would be 10: never valid
            ("1000000010", Err(NhsNumberError::CheckDigit)),
            ("1234567890", Err(NhsNumberError::CheckDigit)),
        ];
        for (input, expected) in cases {
            let got = NhsNumber::parse(input).map(|n| n.to_string());
            assert_eq!(
                got.as_deref().map_err(|e| *e),
                expected.as_ref().map(|s| *s).map_err(|e| *e),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn check_digit_rules() {
        assert_eq!(check_digit(&[0; 9]), Some(0));
        assert_eq!(check_digit(&[1, 0, 0, 0, 0, 0, 0, 0, 6]), Some(0));
        // 1*10 + 1*2 = 12, remainder 1, 11 - 1 = 10: no valid number
        assert_eq!(check_digit(&[1, 0, 0, 0, 0, 0, 0, 0, 1]), None);
    }

    #[test]
    fn every_wrong_last_digit_is_refused() {
        for last in 0..=9u8 {
            let s = format!("485777345{last}");
            assert_eq!(NhsNumber::parse(&s).is_ok(), last == 7, "{s}");
        }
    }
}
