//! Dates typed into three boxes (day, month, year), as the NHS service manual's
//! date input asks for them.
//!
//! Parsing is pure: the caller passes today's date (Europe/London), so tests
//! can pin it and a clock is never read here.

use jiff::civil::Date;

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
    Date::new(year, month as i8, day as i8).map_err(|_| DateError::NotReal)
}

/// A date that must not be after `today` nor more than `max_years` before it.
pub fn parse_past(
    day: &str,
    month: &str,
    year: &str,
    today: Date,
    max_years: i16,
) -> Result<Date, DateError> {
    let date = parse_parts(day, month, year)?;
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
        ];
        for (d, m, y, want) in cases {
            let got = DateOfBirth::parse(d, m, y, TODAY).map(|b| b.date());
            assert_eq!(&got, want, "{d}/{m}/{y}");
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
