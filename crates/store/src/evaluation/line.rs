//! One referral's facts as one line of text, as `referral_facts.facts`
//! keeps them: fields separated by `|`, in the order of [`FIELDS`], then
//! the `deprivation` column (`|country|rank`, or nothing). Text is escaped
//! (`\\`, `\p` for `|`, `\n`, `\r`; `\e` for an empty answer); an empty
//! field is "none". A period's lines are read joined by newlines, so a
//! million referrals come back as a few long strings rather than a million
//! rows (the driver's cost is per row), and are read back borrowing from
//! them.

use std::borrow::Cow;

use jiff::civil::Date;
use roots_core::evaluation::equity::Monitoring;
use roots_core::evaluation::{MeasureChanges, Pathways, ReferralFacts};
use roots_core::work::WorkOutcome;

/// The fields of a line, in order (the deprivation's two follow them).
pub const FIELDS: &[&str] = &[
    "person",
    "received",
    "source",
    "pathways",
    "seconds_to_triage",
    "seconds_to_first_contact",
    "contacts",
    "did_not_attend",
    "discharge_flags",
    "gp_appointments_avoided",
    "work_outcome",
    "phq9_change",
    "gad7_change",
    "gas_change",
    "age",
    "sex",
    "ethnic_group",
    "housing",
    "no_fixed_address",
    "refugee_asylum",
    "gypsy_roma_traveller",
    "armed_forces",
    "unpaid_carer",
];

const DISCHARGED: u8 = 1;
const SELF_MANAGEMENT: u8 = 2;
const CMHT_AVOIDED: u8 = 4;
const REFERRED_ON: u8 = 8;

const WORK_OUTCOMES: [WorkOutcome; 4] = [
    WorkOutcome::ReturnedToWork,
    WorkOutcome::IntoWork,
    WorkOutcome::IntoVolunteering,
    WorkOutcome::KeptInWork,
];

fn push_text(out: &mut String, s: &str) {
    if s.is_empty() {
        out.push_str("\\e");
        return;
    }
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\p"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn push_opt<T: std::fmt::Display>(out: &mut String, v: Option<T>) {
    if let Some(v) = v {
        out.push_str(&v.to_string());
    }
}

/// Waits are kept in whole seconds (days are seconds ÷ 86,400).
fn seconds(days: Option<f64>) -> Option<i64> {
    days.map(|d| (d * 86_400.0).round() as i64)
}

/// The line of `f` (without its deprivation, which the database adds).
pub fn encode(f: &ReferralFacts) -> String {
    let mut out = String::with_capacity(96);
    let sep = |out: &mut String| out.push('|');
    push_text(&mut out, &f.person);
    sep(&mut out);
    push_opt(&mut out, f.received);
    sep(&mut out);
    push_text(&mut out, &f.source);
    sep(&mut out);
    out.push_str(&f.pathways.bits().to_string());
    sep(&mut out);
    push_opt(&mut out, seconds(f.days_to_triage));
    sep(&mut out);
    push_opt(&mut out, seconds(f.days_to_first_contact));
    sep(&mut out);
    out.push_str(&f.contacts.to_string());
    sep(&mut out);
    out.push_str(&f.did_not_attend.to_string());
    sep(&mut out);
    let flags = [
        (f.discharged, DISCHARGED),
        (f.self_management_offered, SELF_MANAGEMENT),
        (f.cmht_referral_avoided, CMHT_AVOIDED),
        (f.referred_on, REFERRED_ON),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .fold(0u8, |a, (_, bit)| a | bit);
    out.push_str(&flags.to_string());
    sep(&mut out);
    out.push_str(&f.gp_appointments_avoided.to_string());
    sep(&mut out);
    push_opt(&mut out, f.work_outcome.map(WorkOutcome::as_str));
    let m = &f.measure_changes;
    for change in [m.phq9, m.gad7, m.gas] {
        sep(&mut out);
        push_opt(&mut out, change);
    }
    let e = &f.equity;
    sep(&mut out);
    push_opt(&mut out, e.age);
    for answer in [
        &e.sex,
        &e.ethnic_group,
        &e.housing,
        &e.no_fixed_address,
        &e.refugee_asylum,
        &e.gypsy_roma_traveller,
        &e.armed_forces,
        &e.unpaid_carer,
    ] {
        sep(&mut out);
        if let Some(a) = answer {
            push_text(&mut out, a);
        }
    }
    out
}

/// Why a line could not be read (no field's value is named: it may be
/// about a person).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine(pub String);

fn text(s: &str) -> Result<Cow<'_, str>, BadLine> {
    if !s.contains('\\') {
        return Ok(Cow::Borrowed(s));
    }
    if s == "\\e" {
        return Ok(Cow::Borrowed(""));
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next() {
            Some('\\') => '\\',
            Some('p') => '|',
            Some('n') => '\n',
            Some('r') => '\r',
            _ => return Err(BadLine("a text field has an unknown escape".into())),
        });
    }
    Ok(Cow::Owned(out))
}

fn number<T: std::str::FromStr>(s: &str, field: &str) -> Result<T, BadLine> {
    s.parse()
        .map_err(|_| BadLine(format!("{field} is not a number")))
}

/// A date as `YYYY-MM-DD` (read by hand: a million are read at once).
fn date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<i32> {
        b[r].iter().try_fold(0i32, |a, c| {
            c.is_ascii_digit().then(|| a * 10 + i32::from(c - b'0'))
        })
    };
    Date::new(
        i16::try_from(n(0..4)?).ok()?,
        i8::try_from(n(5..7)?).ok()?,
        i8::try_from(n(8..10)?).ok()?,
    )
    .ok()
}

/// An integer as written by [`encode`] (an optional `-`, then digits),
/// read by hand; `None` for anything else.
fn int(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut n: i64 = 0;
    for c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(c - b'0');
    }
    Some(if neg { -n } else { n })
}

fn count(s: &str, field: &str) -> Result<u64, BadLine> {
    int(s)
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| BadLine(format!("{field} is not a number")))
}

fn opt_int(s: &str, field: &str) -> Result<Option<i64>, BadLine> {
    if s.is_empty() {
        return Ok(None);
    }
    int(s)
        .map(Some)
        .ok_or_else(|| BadLine(format!("{field} is not a number")))
}

/// A change: usually a whole number, read by hand; otherwise as Rust
/// reads any `f64` it wrote.
fn opt_change(s: &str, field: &str) -> Result<Option<f64>, BadLine> {
    if s.is_empty() {
        return Ok(None);
    }
    match int(s) {
        Some(n) if n.unsigned_abs() < 1 << 53 => Ok(Some(n as f64)),
        _ => number(s, field).map(Some),
    }
}

/// The most fields a line has: [`FIELDS`] and the deprivation's two.
const MOST: usize = 25;

/// Reads a line written by [`encode`] with its deprivation. One pass finds
/// the fields; text with no escape in the whole line is borrowed as it is.
pub fn decode(line: &str) -> Result<ReferralFacts<'_>, BadLine> {
    let bytes = line.as_bytes();
    let mut ends = [0usize; MOST];
    let mut n = 0;
    let mut escaped = false;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'|' => {
                if n == MOST - 1 {
                    return Err(BadLine("the line has more fields than Roots writes".into()));
                }
                ends[n] = i;
                n += 1;
            }
            b'\\' => escaped = true,
            _ => {}
        }
    }
    ends[n] = bytes.len();
    n += 1;
    if n != FIELDS.len() && n != FIELDS.len() + 2 {
        return Err(BadLine(if n < FIELDS.len() {
            format!("the line ends before {}", FIELDS[n])
        } else if n == FIELDS.len() + 1 {
            "the deprivation has no rank".into()
        } else {
            "the line has more fields than Roots writes".into()
        }));
    }
    // Field i, as it is in the line (every end is at a char boundary: `|`
    // is one byte in UTF-8).
    let field = |i: usize| {
        let start = if i == 0 { 0 } else { ends[i - 1] + 1 };
        line.get(start..ends[i]).unwrap_or("")
    };
    let txt = |i: usize| -> Result<Cow<'_, str>, BadLine> {
        if escaped {
            text(field(i))
        } else {
            Ok(Cow::Borrowed(field(i)))
        }
    };
    let answer = |i: usize| -> Result<Option<Cow<'_, str>>, BadLine> {
        if field(i).is_empty() {
            Ok(None)
        } else {
            txt(i).map(Some)
        }
    };
    let received = match field(1) {
        "" => None,
        d => Some(date(d).ok_or_else(|| BadLine("received is not a date".into()))?),
    };
    let pathways = u16::try_from(count(field(3), "pathways")?)
        .ok()
        .and_then(Pathways::from_bits)
        .ok_or_else(|| BadLine("pathways names no pathway".into()))?;
    let days = |s: Option<i64>| s.map(|s| s as f64 / 86_400.0);
    let flags = u8::try_from(count(field(8), "discharge_flags")?)
        .map_err(|_| BadLine("discharge_flags is not a number".into()))?;
    let work_outcome = match field(10) {
        "" => None,
        w => Some(
            WORK_OUTCOMES
                .into_iter()
                .find(|o| o.as_str() == w)
                .ok_or_else(|| BadLine("work_outcome is not one Roots knows".into()))?,
        ),
    };
    let deprivation = if n == MOST {
        let rank = int(field(24)).ok_or_else(|| BadLine("imd_rank is not a number".into()))?;
        Some((txt(23)?, rank))
    } else {
        None
    };
    Ok(ReferralFacts {
        person: txt(0)?,
        received,
        source: txt(2)?,
        pathways,
        days_to_triage: days(opt_int(field(4), "seconds_to_triage")?),
        days_to_first_contact: days(opt_int(field(5), "seconds_to_first_contact")?),
        contacts: count(field(6), "contacts")?,
        did_not_attend: count(field(7), "did_not_attend")?,
        discharged: flags & DISCHARGED != 0,
        self_management_offered: flags & SELF_MANAGEMENT != 0,
        gp_appointments_avoided: count(field(9), "gp_appointments_avoided")?,
        cmht_referral_avoided: flags & CMHT_AVOIDED != 0,
        referred_on: flags & REFERRED_ON != 0,
        work_outcome,
        measure_changes: MeasureChanges {
            phq9: opt_change(field(11), "phq9_change")?,
            gad7: opt_change(field(12), "gad7_change")?,
            gas: opt_change(field(13), "gas_change")?,
        },
        equity: Monitoring {
            age: opt_int(field(14), "age")?,
            sex: answer(15)?,
            ethnic_group: answer(16)?,
            housing: answer(17)?,
            no_fixed_address: answer(18)?,
            refugee_asylum: answer(19)?,
            gypsy_roma_traveller: answer(20)?,
            armed_forces: answer(21)?,
            unpaid_carer: answer(22)?,
            deprivation,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use roots_core::triage::Pathway;

    fn full() -> ReferralFacts<'static> {
        ReferralFacts {
            person: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            received: Some("2024-03-31".parse().unwrap()),
            source: "gp".into(),
            pathways: [Pathway::MentalHealth, Pathway::WorkFitnote]
                .into_iter()
                .collect(),
            days_to_triage: Some(90.0 / 86_400.0),
            days_to_first_contact: Some(12.5),
            contacts: 3,
            did_not_attend: 1,
            discharged: true,
            self_management_offered: true,
            gp_appointments_avoided: 2,
            cmht_referral_avoided: false,
            referred_on: true,
            work_outcome: Some(WorkOutcome::IntoVolunteering),
            measure_changes: MeasureChanges {
                phq9: Some(-7.0),
                gad7: None,
                gas: Some(13.333333333333336),
            },
            equity: Monitoring {
                age: Some(47),
                sex: Some("female".into()),
                ethnic_group: Some("A".into()),
                housing: Some("own_home".into()),
                no_fixed_address: None,
                refugee_asylum: Some("no".into()),
                gypsy_roma_traveller: Some("no".into()),
                armed_forces: Some("veteran".into()),
                unpaid_carer: Some("yes".into()),
                deprivation: None,
            },
        }
    }

    #[test]
    fn a_line_reads_back_as_written() {
        let f = full();
        let line = encode(&f);
        assert_eq!(line.split('|').count(), FIELDS.len());
        assert_eq!(decode(&line).unwrap(), f);
        // With the deprivation the database appends.
        let with = format!("{line}|W92000004|1234");
        let mut g = f.clone();
        g.equity.deprivation = Some(("W92000004".into(), 1234));
        assert_eq!(decode(&with).unwrap(), g);
        // Nothing known but the person and the source.
        let bare = ReferralFacts {
            person: "r1".into(),
            source: "self".into(),
            ..ReferralFacts::default()
        };
        assert_eq!(decode(&encode(&bare)).unwrap(), bare);
    }

    #[test]
    fn text_with_the_separators_in_it_is_escaped_and_kept() {
        let mut f = full();
        f.source = "a|b\\c\nd\re".into();
        f.equity.housing = Some("".into());
        f.equity.sex = Some("\\e".into());
        let line = encode(&f);
        assert!(!line.contains('\n') && line.split('|').count() == FIELDS.len());
        let back = decode(&line).unwrap();
        assert_eq!(back, f);
        assert!(matches!(back.equity.sex, Some(Cow::Owned(_))));
        // Plain text is borrowed, not copied.
        assert!(matches!(
            decode(&encode(&full())).unwrap().source,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn lines_that_are_not_as_written_are_refused() {
        let line = encode(&full());
        let fields: Vec<&str> = line.split('|').collect();
        let with = |i: usize, v: &str| {
            let mut f = fields.clone();
            f[i] = v;
            f.join("|")
        };
        for (bad, why) in [
            (fields[..10].join("|"), "the line ends before"),
            (format!("{line}|W92000004"), "the deprivation has no rank"),
            (format!("{line}|W92000004|1|x"), "more fields"),
            (with(1, "2024-02-30"), "received is not a date"),
            (with(1, "2024-2-03"), "received is not a date"),
            (with(1, "2024-02-0x"), "received is not a date"),
            (with(3, "65535"), "pathways names no pathway"),
            (with(6, "-1"), "contacts is not a number"),
            (with(10, "promoted"), "work_outcome"),
            (with(2, "\\q"), "unknown escape"),
            (with(14, "forty"), "age is not a number"),
            (with(11, "-2x"), "phq9_change is not a number"),
            (with(4, "1.5"), "seconds_to_triage is not a number"),
            (with(8, "256"), "discharge_flags is not a number"),
            (format!("{line}|W92000004|x"), "imd_rank is not a number"),
        ] {
            let e = decode(&bad).unwrap_err();
            assert!(e.0.contains(why), "{bad}: {e:?}");
        }
    }
}
