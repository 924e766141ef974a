//! Dates typed into three boxes (day, month, year), as the NHS service manual's
//! date input asks for them.
//!
//! Parsing is pure: the caller passes today's date (Europe/London), so tests
//! can pin it and a clock is never read here.
//!
//! Every date a person, a link or a feed gives is held to one range,
//! [`EARLIEST`] to [`LATEST`]: wide enough for anyone's date of birth and
//! any plan, narrow enough that adding a day, a month or a year to it can
//! never overflow the calendar (jiff's arithmetic panics past 9999, and a
//! query string like `?date=9999-12-31` once closed the connection).
//! [`parse_iso`] reads the `YYYY-MM-DD` form that links and staff filters
//! use.

use jiff::civil::{Date, date};

/// The earliest date Roots accepts anywhere (well before the oldest date
/// of birth, [`DateOfBirth::MAX_AGE_YEARS`] before today).
pub const EARLIEST: Date = date(1850, 1, 1);
/// The latest date Roots accepts anywhere.
pub const LATEST: Date = date(2199, 12, 31);

/// Why typed date parts were refused. Each maps to one message a person can
/// act on (NHS service manual, "Date input": say which part is missing, say
/// when a date must be in the past).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("no date was entered")]
    Missing,
    #[error("the day is missing")]
    MissingDay,
    #[error("the month is missing")]
    MissingMonth,
    #[error("the year is missing")]
    MissingYear,
    #[error("the year must have four digits")]
    YearFourDigits,
    #[error("not a real date")]
    NotReal,
    #[error("the date is in the future")]
    InFuture,
    #[error("the date is too long ago")]
    TooLongAgo,
    /// Before [`EARLIEST`] or after [`LATEST`].
    #[error("the date is outside the range Roots works with")]
    OutOfRange,
}

/// `date` itself, if it lies between [`EARLIEST`] and [`LATEST`].
pub fn in_range(date: Date) -> Result<Date, DateError> {
    if (EARLIEST..=LATEST).contains(&date) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange)
    }
}

/// Reads a date written `YYYY-MM-DD` (the form of links, staff filters and
/// the command line), surrounding spaces ignored, held to [`EARLIEST`] ..=
/// [`LATEST`]. Nothing else is accepted: no times, no signs, no six-digit
/// years.
pub fn parse_iso(s: &str) -> Result<Date, DateError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(DateError::Missing);
    }
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(DateError::NotReal);
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<i16>().map_err(|_| DateError::NotReal);
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(DateError::NotReal);
    }
    let d = Date::new(year, month as i8, day as i8).map_err(|_| DateError::NotReal)?;
    in_range(d)
}

/// Reads day, month and year boxes into a calendar date. Leading zeros and
/// surrounding spaces are fine; month names are not (the boxes are numeric).
pub fn parse_parts(day: &str, month: &str, year: &str) -> Result<Date, DateError> {
    let (d, m, y) = (day.trim(), month.trim(), year.trim());
    match (d.is_empty(), m.is_empty(), y.is_empty()) {
        (true, true, true) => return Err(DateError::Missing),
        (true, _, _) => return Err(DateError::MissingDay),
        (_, true, _) => return Err(DateError::MissingMonth),
        (_, _, true) => return Err(DateError::MissingYear),
        _ => {}
    }
    let num = |s: &str, max_len: usize| -> Result<i16, DateError> {
        if s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::NotReal);
        }
        s.parse::<i16>().map_err(|_| DateError::NotReal)
    };
    let day = num(d, 2)?;
    let month = num(m, 2)?;
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError::YearFourDigits);
    }
    let year = num(y, 4)?;
    if !(1..=12).contains(&month) || day < 1 {
        return Err(DateError::NotReal);
    }
    let d = Date::new(year, month as i8, day as i8).map_err(|_| DateError::NotReal)?;
    in_range(d)
}

/// A date that must not be after `today` nor more than `max_years` before it.
pub fn parse_past(
    day: &str,
    month: &str,
    year: &str,
    today: Date,
    max_years: i16,
) -> Result<Date, DateError> {
    let date = match parse_parts(day, month, year) {
        // Out of Roots' range is, for a date that must be past, either
        // too long ago or in the future. (The year is four ASCII digits
        // here, so comparing the text compares the numbers.)
        Err(DateError::OutOfRange) if year.trim() < "1850" => return Err(DateError::TooLongAgo),
        Err(DateError::OutOfRange) => return Err(DateError::InFuture),
        other => other?,
    };
    if date > today {
        return Err(DateError::InFuture);
    }
    if date.year() < today.year() - max_years {
        return Err(DateError::TooLongAgo);
    }
    Ok(date)
}

/// A date of birth: real, not in the future, and within the last 130 years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOfBirth(Date);

impl DateOfBirth {
    /// The oldest age accepted; anything older is taken as a typing error.
    pub const MAX_AGE_YEARS: i16 = 130;

    pub fn parse(day: &str, month: &str, year: &str, today: Date) -> Result<Self, DateError> {
        parse_past(day, month, year, today, Self::MAX_AGE_YEARS).map(Self)
    }

    pub fn date(&self) -> Date {
        self.0
    }

    /// Age in whole years on `today`.
    pub fn age_on(&self, today: Date) -> i16 {
        let b = self.0;
        let mut age = today.year() - b.year();
        if (today.month(), today.day()) < (b.month(), b.day()) {
            age -= 1;
        }
        age
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 24);

    #[test]
    fn table() {
        use DateError::*;
        let cases: &[(&str, &str, &str, Result<Date, DateError>)] = &[
            ("7", "3", "1985", Ok(date(1985, 3, 7))),
            ("07", "03", "1985", Ok(date(1985, 3, 7))),
            (" 29 ", "2", "2000", Ok(date(2000, 2, 29))),
            ("24", "11", "2026", Ok(TODAY)),
            ("31", "2", "1990", Err(NotReal)),
            ("29", "2", "1900", Err(NotReal)),
            ("31", "4", "1990", Err(NotReal)),
            ("0", "4", "1990", Err(NotReal)),
            ("1", "13", "1990", Err(NotReal)),
            ("1", "0", "1990", Err(NotReal)),
            ("x", "4", "1990", Err(NotReal)),
            ("1", "April", "1990", Err(NotReal)),
            ("-1", "4", "1990", Err(NotReal)),
            ("1", "4", "90", Err(YearFourDigits)),
            ("1", "4", "19900", Err(YearFourDigits)),
            ("", "", "", Err(Missing)),
            ("", "4", "1990", Err(MissingDay)),
            ("1", " ", "1990", Err(MissingMonth)),
            ("1", "4", "", Err(MissingYear)),
            ("25", "11", "2026", Err(InFuture)),
            ("1", "1", "2090", Err(InFuture)),
            ("1", "1", "1895", Err(TooLongAgo)),
            ("1", "1", "1896", Ok(date(1896, 1, 1))),
            ("1", "1", "0001", Err(TooLongAgo)),
            ("1", "1", "1849", Err(TooLongAgo)),
            ("31", "12", "9999", Err(InFuture)),
            ("1", "1", "2200", Err(InFuture)),
        ];
        for (d, m, y, want) in cases {
            let got = DateOfBirth::parse(d, m, y, TODAY).map(|b| b.date());
            assert_eq!(&got, want, "{d}/{m}/{y}");
        }
    }

    #[test]
    fn parts_outside_the_range_are_refused() {
        use DateError::*;
        let cases: &[(&str, &str, &str, Result<Date, DateError>)] = &[
            ("1", "1", "1850", Ok(EARLIEST)),
            ("31", "12", "1849", Err(OutOfRange)),
            ("31", "12", "2199", Ok(LATEST)),
            ("1", "1", "2200", Err(OutOfRange)),
            ("31", "12", "9999", Err(OutOfRange)),
            ("1", "1", "0000", Err(OutOfRange)),
        ];
        for (d, m, y, want) in cases {
            assert_eq!(&parse_parts(d, m, y), want, "{d}/{m}/{y}");
        }
    }

    #[test]
    fn iso_dates() {
        use DateError::*;
        let cases: &[(&str, Result<Date, DateError>)] = &[
            ("2026-11-24", Ok(TODAY)),
            ("  2026-11-24 ", Ok(TODAY)),
            ("2024-02-29", Ok(date(2024, 2, 29))),
            ("1850-01-01", Ok(EARLIEST)),
            ("2199-12-31", Ok(LATEST)),
            ("", Err(Missing)),
            ("   ", Err(Missing)),
            ("2023-02-29", Err(NotReal)),
            ("2026-13-01", Err(NotReal)),
            ("2026-00-10", Err(NotReal)),
            ("2026-01-00", Err(NotReal)),
            ("2026-1-1", Err(NotReal)),
            ("26-11-24", Err(NotReal)),
            ("2026/11/24", Err(NotReal)),
            ("2026-11-24T00:00", Err(NotReal)),
            ("+2026-11-24", Err(NotReal)),
            ("+009999-12-31", Err(NotReal)),
            ("-0001-01-01", Err(NotReal)),
            ("２０２６-11-24", Err(NotReal)),
            ("2026-11-2\u{0}", Err(NotReal)),
            ("1849-12-31", Err(OutOfRange)),
            ("2200-01-01", Err(OutOfRange)),
            ("9999-12-30", Err(OutOfRange)),
            ("9999-12-31", Err(OutOfRange)),
            ("0000-01-01", Err(OutOfRange)),
        ];
        for (s, want) in cases {
            assert_eq!(&parse_iso(s), want, "{s:?}");
        }
    }

    #[test]
    fn a_year_can_be_added_to_any_date_in_range() {
        use jiff::ToSpan;
        for d in [EARLIEST, LATEST] {
            assert!(d.checked_add(1.year()).is_ok());
            assert!(d.checked_sub(1.year()).is_ok());
        }
    }

    #[test]
    fn age() {
        let dob = DateOfBirth::parse("25", "11", "1990", TODAY).unwrap();
        assert_eq!(dob.age_on(TODAY), 35);
        let dob = DateOfBirth::parse("24", "11", "1990", TODAY).unwrap();
        assert_eq!(dob.age_on(TODAY), 36);
    }
}
