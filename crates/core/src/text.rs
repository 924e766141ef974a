//! One rule for every text a person or a feed gives Roots: names, short
//! answers, long free text and identifier-like tokens, from the forms, the
//! JSON API, the directory's imports and staff edits, and the command line.
//!
//! [`clean`] normalises a text and either returns it or says what is wrong
//! with it ([`Problem`]); [`field`] does the same for a form field and
//! turns the problem into a [`FieldError`] whose message names the
//! character and where it is, in the person's language. Every caller uses
//! these, so the rule is the same at every entry.
//!
//! ## The rule
//!
//! 1. **Trimmed**: white space at either end goes. In long text every line
//!    break (CR LF, CR, U+2028, U+2029) becomes one line feed first.
//! 2. **No control characters**: C0 (U+0000–U+001F, NUL and ESC among them),
//!    DEL (U+007F) and C1 (U+0080–U+009F) are refused
//!    ([`Problem::Control`]), except a line feed and a tab in long text. A
//!    line break in a name, a short answer or a token is refused as such
//!    ([`Problem::LineBreak`]), so the message can say "one line".
//! 3. **No invisible formatting** ([`Problem::Invisible`]): the bidirectional
//!    embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069; the
//!    "Trojan Source" characters, which make text read differently from how
//!    it is stored), the direction marks (U+200E, U+200F, U+061C), the byte
//!    order mark U+FEFF, zero-width and word-joining spaces (U+200B,
//!    U+2060–U+2064), the soft hyphen, the interlinear annotation
//!    characters, the Hangul fillers (which look like nothing and count as
//!    letters) and every other format character (Unicode category Cf).
//!    Two are kept where scripts need them: the zero-width joiner and
//!    non-joiner (U+200D, U+200C) are used inside words in Persian, Arabic
//!    and the Indic scripts, and to join emoji; they are accepted between
//!    two visible characters and refused anywhere else (at either end,
//!    beside a space, doubled, or alone). Tag characters (U+E0020–U+E007F)
//!    are accepted only straight after U+1F3F4 or another tag: that is how
//!    the Welsh flag emoji is spelled.
//! 4. **No noncharacters** ([`Problem::Unusable`]): U+FDD0–U+FDEF and the
//!    last two code points of every plane (U+FFFE, U+FFFF, …), which are
//!    for a program's own use, and the replacement character U+FFFD, which
//!    means some text was lost before it reached Roots. (Lone surrogates
//!    cannot be in a Rust string; unassigned code points are accepted,
//!    because new versions of Unicode assign them.) Private-use characters
//!    are accepted.
//! 5. **Unicode NFC**: the text is normalised to its composed form, so
//!    "Siân" typed as `a` + combining circumflex is stored as the one
//!    character `â`, and two spellings of the same name compare equal.
//! 6. **A name needs a letter** ([`Problem::NoLetter`]): at least one
//!    character that is Unicode alphabetic. Apostrophes, hyphens, spaces
//!    and full stops are accepted around letters ("O'Neill",
//!    "Lloyd-Jones", "St. John").
//! 7. **A length in characters** ([`Problem::TooLong`]), counted after
//!    normalisation; each field says its own ([`Kind`] gives defaults).
//!
//! Positions in messages count characters from 1 in the trimmed text, as a
//! person would count them on the screen.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::FieldError;

/// What kind of text a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A person's or a place's name: one line, with at least one letter.
    Name,
    /// A short answer on one line (a language, a job title, a reason).
    Line,
    /// Free text over several lines (a story, a clinical note); line feeds
    /// and tabs are kept.
    Long,
    /// Something like an identifier (an email address, a slug, a search
    /// term): one line; its own parser says what else it needs.
    Token,
}

/// Longest name, in characters.
pub const MAX_NAME: usize = 100;
/// Longest short answer, in characters.
pub const MAX_LINE: usize = 200;
/// Longest free text, in characters.
pub const MAX_LONG: usize = 4000;
/// Longest token (an email address's limit, RFC 5321).
pub const MAX_TOKEN: usize = 254;

impl Kind {
    /// The usual longest text of this kind, in characters.
    pub fn max(self) -> usize {
        match self {
            Kind::Name => MAX_NAME,
            Kind::Line => MAX_LINE,
            Kind::Long => MAX_LONG,
            Kind::Token => MAX_TOKEN,
        }
    }
}

/// Why a text was refused. `at` is the character's position, from 1, in
/// the trimmed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A control character: C0 (NUL, ESC, …), DEL or C1.
    Control { at: usize },
    /// A line break where the text must be on one line.
    LineBreak { at: usize },
    /// An invisible formatting character: a direction override, a
    /// zero-width space, a byte order mark, a joiner out of place, …
    Invisible { at: usize },
    /// A noncharacter, or U+FFFD (text already lost).
    Unusable { at: usize },
    /// A name without a letter in it.
    NoLetter,
    /// Longer than the field allows.
    TooLong { max: usize },
}

impl Problem {
    /// The Fluent message id that explains it.
    pub fn message(self) -> &'static str {
        match self {
            Problem::Control { .. } => "error-text-control",
            Problem::LineBreak { .. } => "error-text-line-break",
            Problem::Invisible { .. } => "error-text-invisible",
            Problem::Unusable { .. } => "error-text-unusable",
            Problem::NoLetter => "error-text-no-letter",
            Problem::TooLong { .. } => "error-too-long",
        }
    }

    /// The problem as a field's error, with its position or limit.
    pub fn on(self, field: &'static str) -> FieldError {
        let e = FieldError::new(field, self.message());
        match self {
            Problem::Control { at }
            | Problem::LineBreak { at }
            | Problem::Invisible { at }
            | Problem::Unusable { at } => e.with_arg("at", at as i64),
            Problem::TooLong { max } => e.with_arg("max", max as i64),
            Problem::NoLetter => e,
        }
    }
}

impl std::fmt::Display for Problem {
    /// In English, for the command line and import reports (operators'
    /// messages; pages use [`Problem::message`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Control { at } => write!(f, "a control character at character {at}"),
            Problem::LineBreak { at } => write!(f, "a line break at character {at}"),
            Problem::Invisible { at } => {
                write!(f, "an invisible formatting character at character {at}")
            }
            Problem::Unusable { at } => write!(f, "an unusable character at character {at}"),
            Problem::NoLetter => write!(f, "no letter in it"),
            Problem::TooLong { max } => write!(f, "more than {max} characters"),
        }
    }
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}'
    )
}

fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

fn is_tag(c: char) -> bool {
    matches!(c, '\u{E0020}'..='\u{E007F}')
}

/// Format characters (Unicode 16.0 general category Cf), and the Hangul
/// fillers, which are letters that show nothing.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
            // Hangul fillers.
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
    )
}

fn is_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || (n & 0xFFFE) == 0xFFFE || c == '\u{FFFD}'
}

/// A character a joiner may stand beside: something that shows.
fn visible(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        !c.is_whitespace()
            && !is_control(c)
            && !is_format(c)
            && !is_joiner(c)
            && !is_noncharacter(c)
    })
}

/// The first character the rule refuses, if any.
fn check_chars(kind: Kind, s: &str) -> Option<Problem> {
    let multi_line = kind == Kind::Long;
    let mut before: Option<char> = None;
    let mut chars = s.chars().peekable();
    let mut at = 0;
    while let Some(c) = chars.next() {
        at += 1;
        let problem = if is_line_break(c) {
            (!(multi_line && c == '\n')).then_some(Problem::LineBreak { at })
        } else if c == '\t' {
            (!multi_line).then_some(Problem::Control { at })
        } else if is_control(c) {
            Some(Problem::Control { at })
        } else if is_joiner(c) {
            (!visible(before) || !visible(chars.peek().copied()))
                .then_some(Problem::Invisible { at })
        } else if is_tag(c) {
            (!before.is_some_and(|b| b == '\u{1F3F4}' || is_tag(b)))
                .then_some(Problem::Invisible { at })
        } else if is_format(c) {
            Some(Problem::Invisible { at })
        } else if is_noncharacter(c) {
            Some(Problem::Unusable { at })
        } else {
            None
        };
        if problem.is_some() {
            return problem;
        }
        before = Some(c);
    }
    None
}

/// Normalises `text` as the rule says and checks it: the text to keep, or
/// the first problem. An empty result means nothing was given (whether
/// that is allowed is the field's business). `max` is in characters.
pub fn clean(kind: Kind, text: &str, max: usize) -> Result<String, Problem> {
    let unified;
    let text = if kind == Kind::Long && text.contains(['\r', '\u{2028}', '\u{2029}']) {
        unified = text
            .replace("\r\n", "\n")
            .replace(['\r', '\u{2028}', '\u{2029}'], "\n");
        unified.as_str()
    } else {
        text
    };
    let text = text.trim();
    if let Some(problem) = check_chars(kind, text) {
        return Err(problem);
    }
    let text: String = match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_owned(),
        _ => text.nfc().collect(),
    };
    if kind == Kind::Name && !text.is_empty() && !text.chars().any(char::is_alphabetic) {
        return Err(Problem::NoLetter);
    }
    if text.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    Ok(text)
}

/// [`clean`] for a form field: the problem as the field's error.
pub fn field(
    field: &'static str,
    kind: Kind,
    text: &str,
    max: usize,
) -> Result<String, FieldError> {
    clean(kind, text, max).map_err(|p| p.on(field))
}

/// Checks an optional answer, adding its error to `errors`; the cleaned
/// text, or `None` when it was empty or refused.
pub fn check(
    errors: &mut Vec<FieldError>,
    name: &'static str,
    kind: Kind,
    text: Option<&str>,
    max: usize,
) -> Option<String> {
    match field(name, kind, text.unwrap_or(""), max) {
        Ok(s) if s.is_empty() => None,
        Ok(s) => Some(s),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// An optional answer through the rule in place: kept cleaned (`None`
/// when nothing is left), or left as it was with its problem added to
/// `errors`.
pub fn tidy(
    errors: &mut Vec<FieldError>,
    name: &'static str,
    kind: Kind,
    value: &mut Option<String>,
    max: usize,
) {
    if let Some(v) = value.as_deref() {
        match field(name, kind, v, max) {
            Ok(c) if c.is_empty() => *value = None,
            Ok(c) => *value = Some(c),
            Err(e) => errors.push(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (kind, text as given, what the rule gives, why)
    type Case = (
        Kind,
        &'static str,
        Result<&'static str, Problem>,
        &'static str,
    );

    #[test]
    fn the_rule_table() {
        use Kind::*;
        use Problem::*;
        let cases: &[Case] = &[
            // What people type.
            (Name, "Siân", Ok("Siân"), "a Welsh name with a circumflex"),
            (Name, "Gwenllïan", Ok("Gwenllïan"), "a diaeresis"),
            (Name, "O'Neill", Ok("O'Neill"), "an apostrophe"),
            (Name, "O’Neill", Ok("O’Neill"), "a typographic apostrophe"),
            (Name, "Lloyd-Jones", Ok("Lloyd-Jones"), "a hyphen"),
            (Name, "St. John", Ok("St. John"), "a full stop and a space"),
            (Name, "  Ceri  ", Ok("Ceri"), "trimmed"),
            (Name, "", Ok(""), "nothing given is the field's business"),
            (Name, "   ", Ok(""), "only spaces is nothing"),
            (Name, "محمد", Ok("محمد"), "right-to-left script is fine"),
            (Name, "王秀英", Ok("王秀英"), "CJK letters"),
            (
                Name,
                "می\u{200C}خواهم",
                Ok("می\u{200C}خواهم"),
                "ZWNJ inside a Persian word",
            ),
            // NFC: a combining circumflex becomes one character.
            (Name, "Sia\u{302}n", Ok("Siân"), "NFC composes"),
            (
                Name,
                "Gwenlli\u{308}an",
                Ok("Gwenllïan"),
                "NFC composes a diaeresis",
            ),
            (Long, "e\u{301}", Ok("é"), "NFC in free text"),
            // Control characters.
            (Name, "Ceri\u{0}", Err(Control { at: 5 }), "NUL"),
            (
                Long,
                "pain\u{0}",
                Err(Control { at: 5 }),
                "NUL in free text",
            ),
            (Line, "a\u{1B}[31mred", Err(Control { at: 2 }), "ESC"),
            (Line, "a\u{7F}", Err(Control { at: 2 }), "DEL"),
            (Long, "a\u{85}b", Err(Control { at: 2 }), "C1 (NEL)"),
            (Long, "a\u{9B}b", Err(Control { at: 2 }), "C1 (CSI)"),
            (Line, "a\u{8}b", Err(Control { at: 2 }), "backspace"),
            (Line, "a\tb", Err(Control { at: 2 }), "a tab on one line"),
            (Long, "a\tb", Ok("a\tb"), "a tab in free text"),
            // Line breaks.
            (
                Name,
                "Ceri\nJones",
                Err(LineBreak { at: 5 }),
                "a name on one line",
            ),
            (
                Token,
                "a@b.c\r\nBcc: x",
                Err(LineBreak { at: 6 }),
                "header injection",
            ),
            (
                Long,
                "one\r\ntwo\rthree",
                Ok("one\ntwo\nthree"),
                "CR LF and CR",
            ),
            (Long, "one\u{2028}two", Ok("one\ntwo"), "line separator"),
            (
                Long,
                "\n\nstory\n\n",
                Ok("story"),
                "blank lines at the ends",
            ),
            (Line, "a\u{C}b", Err(LineBreak { at: 2 }), "form feed"),
            // Invisible formatting.
            (
                Name,
                "abc\u{202E}def",
                Err(Invisible { at: 4 }),
                "RLO (Trojan Source)",
            ),
            (
                Long,
                "x \u{2066}y\u{2069}",
                Err(Invisible { at: 3 }),
                "LRI isolate",
            ),
            (Name, "\u{FEFF}Ceri", Err(Invisible { at: 1 }), "a BOM"),
            (
                Name,
                "Ce\u{200B}ri",
                Err(Invisible { at: 3 }),
                "a zero-width space",
            ),
            (
                Name,
                "\u{200B}\u{200B}\u{200B}",
                Err(Invisible { at: 1 }),
                "only zero-width spaces",
            ),
            (
                Name,
                "\u{3164}",
                Err(Invisible { at: 1 }),
                "a Hangul filler",
            ),
            (
                Line,
                "a\u{200E}b",
                Err(Invisible { at: 2 }),
                "a direction mark",
            ),
            (
                Long,
                "soft\u{AD}hyphen",
                Err(Invisible { at: 5 }),
                "a soft hyphen",
            ),
            (Name, "\u{200D}", Err(Invisible { at: 1 }), "a joiner alone"),
            (
                Name,
                "Ceri\u{200D}",
                Err(Invisible { at: 5 }),
                "a joiner at the end",
            ),
            (
                Long,
                "a \u{200C}b",
                Err(Invisible { at: 3 }),
                "a joiner by a space",
            ),
            (
                Long,
                "a\u{200D}\u{200D}b",
                Err(Invisible { at: 2 }),
                "joiners doubled",
            ),
            (
                Long,
                "👩\u{200D}👩\u{200D}👧 family",
                Ok("👩\u{200D}👩\u{200D}👧 family"),
                "a ZWJ emoji",
            ),
            (Long, "Thanks 🙂", Ok("Thanks 🙂"), "an emoji"),
            (
                Long,
                "Cymru \u{1F3F4}\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}",
                Ok("Cymru \u{1F3F4}\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}"),
                "the Welsh flag (tag characters)",
            ),
            (
                Long,
                "x\u{E0067}",
                Err(Invisible { at: 2 }),
                "a tag on its own",
            ),
            (Long, "❤\u{FE0F}", Ok("❤\u{FE0F}"), "a variation selector"),
            // Unusable.
            (Line, "a\u{FFFE}", Err(Unusable { at: 2 }), "U+FFFE"),
            (Line, "a\u{FFFF}", Err(Unusable { at: 2 }), "U+FFFF"),
            (Long, "\u{FDD0}", Err(Unusable { at: 1 }), "U+FDD0"),
            (
                Long,
                "a\u{10FFFF}",
                Err(Unusable { at: 2 }),
                "plane 16's last",
            ),
            (
                Name,
                "Si\u{FFFD}n",
                Err(Unusable { at: 3 }),
                "a replacement character",
            ),
            (Long, "\u{E000}", Ok("\u{E000}"), "private use is accepted"),
            // A name needs a letter.
            (Name, "123", Err(NoLetter), "digits only"),
            (Name, "-'.", Err(NoLetter), "punctuation only"),
            (Name, "😀", Err(NoLetter), "an emoji is not a letter"),
            (Name, "\u{301}", Err(NoLetter), "a combining mark alone"),
            (Line, "123", Ok("123"), "a short answer need not"),
            // Lengths, after normalisation, in characters.
            (
                Name,
                "Sia\u{302}n",
                Ok("Siân"),
                "four characters once composed",
            ),
        ];
        for (kind, given, want, why) in cases {
            let got = clean(*kind, given, kind.max());
            assert_eq!(got.as_deref().map_err(|p| *p), *want, "{why}");
        }
    }

    #[test]
    fn lengths_are_characters_after_normalising() {
        let four = "Sia\u{302}n";
        assert_eq!(clean(Kind::Name, four, 4).unwrap(), "Siân");
        assert_eq!(
            clean(Kind::Name, "Siân", 3),
            Err(Problem::TooLong { max: 3 })
        );
        assert_eq!(clean(Kind::Line, &"ŵ".repeat(200), 200).unwrap().len(), 400);
        let huge = "a".repeat(5 * 1024 * 1024);
        assert_eq!(
            clean(Kind::Name, &huge, MAX_NAME),
            Err(Problem::TooLong { max: MAX_NAME })
        );
        assert_eq!(
            clean(Kind::Long, &format!("{huge}\u{0}"), MAX_LONG),
            Err(Problem::Control {
                at: 5 * 1024 * 1024 + 1
            })
        );
    }

    #[test]
    fn problems_become_field_errors_with_their_place() {
        let e = field("given_name", Kind::Name, "Ceri\u{0}", MAX_NAME).unwrap_err();
        assert_eq!(e.field, "given_name");
        assert_eq!(e.message, "error-text-control");
        assert_eq!(e.args, vec![("at", 5)]);
        let e = field("story", Kind::Long, &"x".repeat(11), 10).unwrap_err();
        assert_eq!((e.message, e.args), ("error-too-long", vec![("max", 10)]));
        let e = field("given_name", Kind::Name, "42", MAX_NAME).unwrap_err();
        assert_eq!((e.message, e.args.len()), ("error-text-no-letter", 0));
        let mut errors = Vec::new();
        assert_eq!(
            check(&mut errors, "x", Kind::Line, Some(" a "), 10),
            Some("a".into())
        );
        assert_eq!(check(&mut errors, "x", Kind::Line, None, 10), None);
        assert_eq!(
            check(&mut errors, "x", Kind::Line, Some("\u{1B}"), 10),
            None
        );
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn every_c0_and_c1_control_is_refused_on_one_line() {
        for n in (0u32..0x20).chain(0x7F..0xA0) {
            let c = char::from_u32(n).unwrap();
            let got = clean(Kind::Line, &format!("a{c}b"), 10);
            assert!(
                matches!(
                    got,
                    Err(Problem::Control { at: 2 } | Problem::LineBreak { at: 2 })
                ),
                "U+{n:04X}: {got:?}"
            );
        }
    }
}
