//! Time as claimdesk stores and shows it: UTC, RFC 3339, fixed width with microseconds, so
//! stored timestamps also sort as text.

use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_width_utc() {
        let at = OffsetDateTime::from_unix_timestamp(1_764_237_000).unwrap();
        assert_eq!(format(at), "2025-11-27T09:50:00.000000Z");
        assert_eq!(now().len(), 27);
    }
}
