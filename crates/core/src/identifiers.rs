//! The shapes of the identifiers people and operators type: email
//! addresses (a person's contact address, a member of staff's sign-in, a
//! community resource's address), slugs (a service's short name in
//! configuration) and ODS codes (a GP practice's organisation code).
//!
//! These check shape only: an email address that passes may still not
//! exist. They refuse anything that could not be one (spaces, control
//! characters, a second `@`, an address over the 254 characters SMTP
//! allows), so a typing mistake is caught at the door and no stored
//! identifier can carry a NUL or an escape sequence into a log, a link or
//! a database index.

/// The longest email address (RFC 5321: 256 octets of path, less the angle
/// brackets).
pub const MAX_EMAIL: usize = 254;
/// The longest part before the `@` (RFC 5321 §4.5.3.1.1).
pub const MAX_EMAIL_LOCAL: usize = 64;
/// The longest slug.
pub const MAX_SLUG: usize = 63;

/// True when `s` (already trimmed) has the shape of an email address:
/// one `@`, something before it, a domain with a dot inside it, and no
/// whitespace, control characters or characters that have no place in an
/// address (`<>()[]\,;:"` and the like).
pub fn email_ok(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let forbidden = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '<' | '>' | '(' | ')' | '[' | ']' | '\\' | ',' | ';' | ':' | '"' | '@' | '/' | '?'
            )
            || invisible(c)
    };
    s.chars().count() <= MAX_EMAIL
        && !local.is_empty()
        && local.chars().count() <= MAX_EMAIL_LOCAL
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
        && !local.chars().chain(domain.chars()).any(forbidden)
}

/// Format characters that would make two addresses look the same (zero
/// width spaces and joiners, the byte order mark, bidirectional controls).
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// True when `s` is a slug: lower-case ASCII letters and digits in words
/// joined by single hyphens, 1 to [`MAX_SLUG`] characters (`bcuhb-west`).
/// It appears in configuration and on the command line, never a path.
pub fn slug_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// An organisation code from NHS England's Organisation Data Service (or
/// NHS Wales' equivalent), upper-cased: 3 to 10 letters and digits
/// (`W91042`, `A81001`, `7A1`). `None` when it cannot be one.
pub fn ods_code(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_uppercase();
    ((3..=10).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses() {
        let good = [
            "name@example.com",
            "ot@demo.roots.invalid",
            "first.last+roots@nhs.wales",
            "o'neill@example.co.uk",
            "siân@enghraifft.cymru",
            "a@b.co",
        ];
        for e in good {
            assert!(email_ok(e), "{e:?} should pass");
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        let long_all = format!("a@{}.com", "b".repeat(250));
        let bad = [
            "",
            "not an email",
            "name",
            "name@",
            "@example.com",
            "name@example",
            "name@.example.com",
            "name@example.com.",
            "name@example..com",
            "name@-example.com",
            "na me@example.com",
            "name@exam ple.com",
            "a@b@example.com",
            ".name@example.com",
            "name.@example.com",
            "na..me@example.com",
            "name@example.com\u{0}",
            "name\u{1b}[31m@example.com",
            "name@example.com\n",
            "name\u{200B}@example.com",
            "name@exa\u{202E}mple.com",
            "\u{FEFF}name@example.com",
            "<name@example.com>",
            "name@example.com;other@example.com",
            "\"name\"@example.com",
            "name@example.com/x",
            &long_local,
            &long_all,
        ];
        for e in bad {
            assert!(!email_ok(e), "{e:?} should be refused");
        }
    }

    #[test]
    fn slugs() {
        for s in ["demo", "bcuhb-west", "ot-service-2", "a", &"a".repeat(63)] {
            assert!(slug_ok(s), "{s:?}");
        }
        for s in [
            "",
            "../../x y",
            "x y",
            "Demo",
            "demo-",
            "-demo",
            "de--mo",
            "de_mo",
            "dé",
            "demo/x",
            "demo\u{0}",
            &"a".repeat(64),
        ] {
            assert!(!slug_ok(s), "{s:?}");
        }
    }

    #[test]
    fn ods_codes() {
        assert_eq!(ods_code(" w91042 ").as_deref(), Some("W91042"));
        assert_eq!(ods_code("A81001").as_deref(), Some("A81001"));
        assert_eq!(ods_code("7A1").as_deref(), Some("7A1"));
        for s in [
            "",
            "W9",
            "W91 042",
            "W91042-X",
            "ABCDEFGHIJK",
            "W9104\u{0}",
            "Ẃ91042",
        ] {
            assert_eq!(ods_code(s), None, "{s:?}");
        }
    }
}
