//! UK postcodes: checked for shape, normalised to upper case with one space.
//!
//! Source: the postcode format in the ONS Postcode Directory user guide and
//! BS 7666: an outward code (`A9`, `A99`, `A9A`, `AA9`, `AA99`, `AA9A`), a
//! space, and an inward code (a digit and two letters, never C, I, K, M, O or
//! V). The shape is checked, not whether the postcode exists: a service that
//! imports the ONS directory can look it up later. People with no fixed
//! address answer "no fixed address" instead, so a postcode is never forced.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PostcodeError {
    #[error("not the shape of a UK postcode")]
    Shape,
}

/// A UK postcode of a valid shape, e.g. `LL57 2PW`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct Postcode(String);

impl Postcode {
    pub fn parse(input: &str) -> Result<Self, PostcodeError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact == "GIR0AA" {
            return Ok(Self("GIR 0AA".into()));
        }
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(PostcodeError::Shape);
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        if !inward_ok(inward.as_bytes()) || !outward_ok(outward.as_bytes()) {
            return Err(PostcodeError::Shape);
        }
        Ok(Self(format!("{outward} {inward}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn inward_ok(b: &[u8]) -> bool {
    let letter = |c: u8| c.is_ascii_uppercase() && !b"CIKMOV".contains(&c);
    b.len() == 3 && b[0].is_ascii_digit() && letter(b[1]) && letter(b[2])
}

fn outward_ok(b: &[u8]) -> bool {
    let a = |c: &u8| c.is_ascii_uppercase();
    let d = |c: &u8| c.is_ascii_digit();
    match b {
        [x, y] => a(x) && d(y),
        [x, y, z] => a(x) && d(y) && (d(z) || a(z)) || a(x) && a(y) && d(z),
        [w, x, y, z] => a(w) && a(x) && d(y) && (d(z) || a(z)),
        _ => false,
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Postcode> for String {
    fn from(p: Postcode) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let ok = [
            ("LL57 2PW", "LL57 2PW"),
            ("ll572pw", "LL57 2PW"),
            ("  cf10  1ab ", "CF10 1AB"),
            ("M1 1AE", "M1 1AE"),
            ("B33 8TH", "B33 8TH"),
            ("CR2 6XH", "CR2 6XH"),
            ("DN55 1PT", "DN55 1PT"),
            ("W1A 0AX", "W1A 0AX"),
            ("EC1A 1BB", "EC1A 1BB"),
            ("gir 0aa", "GIR 0AA"),
        ];
        for (input, want) in ok {
            assert_eq!(Postcode::parse(input).unwrap().as_str(), want, "{input}");
        }
        let bad = [
            "",
            "LL57",
            "12345",
            "LL57 2P",
            "LL57 2CW",
            "LL57 2PI",
            "1L57 2PW",
            "LLL7 2PW",
            "LL5 72PW X",
            "LL57 APW",
            "CF10 1AB1",
            "CF10-1AB",
            "ŁL57 2PW",
            "<script>",
        ];
        for input in bad {
            assert_eq!(Postcode::parse(input), Err(PostcodeError::Shape), "{input}");
        }
    }
}
