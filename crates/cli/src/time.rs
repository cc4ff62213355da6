//! Times on the command line: a Unix time or a duration such as `30d` in, a UTC date out.

use eyre::{Result, bail};

/// A point in time as the user wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    /// Seconds since the Unix epoch.
    At(u64),
    /// Seconds after a reference time the command chooses (usually the chain's latest block).
    In(u64),
}

impl When {
    /// The Unix time, counting a duration from `reference`.
    pub(crate) fn resolve(self, reference: u64) -> u64 {
        match self {
            Self::At(at) => at,
            Self::In(seconds) => reference.saturating_add(seconds),
        }
    }
}

impl std::str::FromStr for When {
    type Err = String;

    /// A Unix time (all digits), or a duration of one or more `<number><unit>` parts with units
    /// `s`, `m`, `h`, `d`, `w` and `y` (365 days), such as `30d` or `1d12h`.
    fn from_str(text: &str) -> Result<Self, String> {
        parse_when(text).map_err(|error| error.to_string())
    }
}

fn parse_when(text: &str) -> Result<When> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(When::At(text.parse()?));
    }
    let mut total: u64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Some(unit) = rest[digits..].chars().next() else {
            bail!("{text:?} lacks a unit after its last number: use s, m, h, d, w or y, as in 30d");
        };
        if digits == 0 {
            bail!("{text:?} is neither a Unix time nor a duration such as 30d or 12h");
        }
        let seconds_per_unit: u64 = match unit {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 7 * 86_400,
            'y' => 365 * 86_400,
            other => bail!("unknown unit {other:?} in {text:?}: use s, m, h, d, w or y"),
        };
        let count: u64 = rest[..digits].parse()?;
        total = count
            .checked_mul(seconds_per_unit)
            .and_then(|part| total.checked_add(part))
            .ok_or_else(|| eyre::eyre!("{text:?} is too long a duration"))?;
        rest = &rest[digits + unit.len_utf8()..];
    }
    if text.is_empty() {
        bail!("an empty time: give a Unix time or a duration such as 30d");
    }
    Ok(When::In(total))
}

/// `YYYY-MM-DD HH:MM:SS UTC` for a Unix time (proleptic Gregorian calendar).
pub(crate) fn format_utc(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let seconds = unix % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC", seconds / 3_600, seconds / 60 % 60, seconds % 60)
}

/// Howard Hinnant's `civil_from_days`: the date `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_and_durations_parse() {
        assert_eq!("1700000000".parse::<When>().expect("unix"), When::At(1_700_000_000));
        assert_eq!("30d".parse::<When>().expect("days"), When::In(30 * 86_400));
        assert_eq!("1d12h".parse::<When>().expect("compound"), When::In(36 * 3_600));
        assert_eq!("2w".parse::<When>().expect("weeks").resolve(100), 100 + 14 * 86_400);
        for bad in ["", "d", "30x", "3.5d", "-1d", "99999999999999999999y", "30d5"] {
            assert!(bad.parse::<When>().is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn dates_format_in_utc() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_utc(4_102_444_799), "2099-12-31 23:59:59 UTC");
    }
}
