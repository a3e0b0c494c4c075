//! Time as claimdesk stores and shows it: UTC, RFC 3339, fixed width with microseconds, so
//! stored timestamps also sort as text.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

/// A timestamp in the stored format.
pub fn format(at: OffsetDateTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");
    at.to_offset(UtcOffset::UTC)
        .format(&format)
        .expect("a UTC timestamp always formats")
}

/// Now, in the stored format.
pub fn now() -> String {
    format(OffsetDateTime::now_utc())
}

/// Now, in Unix milliseconds (for queue scheduling).
pub fn now_ms() -> i64 {
    i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// A day or a moment, as people and tools write them: `2025-11-27` or an RFC 3339 timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrTime {
    Date(Date),
    Time(OffsetDateTime),
}

/// The format of a bare date.
pub const DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

/// Reads a date or an RFC 3339 timestamp; anything else is `None`.
pub fn parse_date_or_time(raw: &str) -> Option<DateOrTime> {
    let raw = raw.trim();
    OffsetDateTime::parse(raw, &Rfc3339)
        .map(DateOrTime::Time)
        .or_else(|_| Date::parse(raw, DATE).map(DateOrTime::Date))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps_read_alike() {
        assert!(matches!(
            parse_date_or_time("2025-11-27"),
            Some(DateOrTime::Date(_))
        ));
        assert!(matches!(
            parse_date_or_time(" 2025-11-27T09:50:00+01:00 "),
            Some(DateOrTime::Time(_))
        ));
        assert_eq!(parse_date_or_time("27/11/2025"), None);
    }

    #[test]
    fn fixed_width_utc() {
        let at = OffsetDateTime::from_unix_timestamp(1_764_237_000).unwrap();
        assert_eq!(format(at), "2025-11-27T09:50:00.000000Z");
        assert_eq!(now().len(), 27);
    }
}
