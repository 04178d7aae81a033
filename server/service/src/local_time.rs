//! Times as their reader sees them: in the reader's time zone (`users.time_zone`; Moscow when it
//! is missing or unknown), day first («01.12.2026 14:05»), the same for every locale of the portal.
//! Pages, e-mails and the PDF all format through [`ReaderClock`].

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The zone of one reader.
#[derive(Clone, Copy, Debug)]
pub struct ReaderClock(Tz);

/// Moscow, the zone of an account that names none.
impl Default for ReaderClock {
    fn default() -> ReaderClock {
        ReaderClock(chrono_tz::Europe::Moscow)
    }
}

impl ReaderClock {
    /// The clock of a reader whose account says `time_zone` (an IANA name such as `Asia/Omsk`).
    pub fn of(time_zone: &str) -> ReaderClock {
        time_zone.parse().map(ReaderClock).unwrap_or_default()
    }

    /// `at` on the reader's clock.
    pub fn at(&self, at: DateTime<Utc>) -> DateTime<Tz> {
        at.with_timezone(&self.0)
    }

    /// «01.12.2026 14:05».
    pub fn date_time(&self, at: DateTime<Utc>) -> String {
        let local = self.at(at);
        format!("{} {}", domain::locale::date_text(local.date_naive()), local.format("%H:%M"))
    }

    /// The moment the reader's day `date` starts (the earliest, should a clock change repeat it).
    pub fn start_of_day(&self, date: chrono::NaiveDate) -> DateTime<Utc> {
        use chrono::TimeZone;
        let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        match self.0.from_local_datetime(&midnight).earliest() {
            Some(local) => local.with_timezone(&Utc),
            // A day starting in a skipped hour: its first hour that exists.
            None => self
                .0
                .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
                .map_or_else(|| Utc.from_utc_datetime(&midnight), |local| local.with_timezone(&Utc)),
        }
    }

    /// «14:05».
    pub fn time(&self, at: DateTime<Utc>) -> String {
        self.at(at).format("%H:%M").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_in_the_readers_zone_with_moscow_for_an_unknown_one() {
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 21, 5, 0).unwrap();
        assert_eq!(ReaderClock::of("Asia/Omsk").date_time(at), "02.12.2026 03:05");
        assert_eq!(ReaderClock::of("Europe/Moscow").time(at), "00:05");
        assert_eq!(ReaderClock::of("").date_time(at), "02.12.2026 00:05");
        assert_eq!(ReaderClock::of("Mars/Olympus").date_time(at), "02.12.2026 00:05");
    }

    #[test]
    fn a_day_starts_at_the_readers_midnight() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(ReaderClock::of("Europe/Moscow").start_of_day(day), Utc.with_ymd_and_hms(2026, 12, 1, 21, 0, 0).unwrap());
        assert_eq!(ReaderClock::of("Asia/Omsk").start_of_day(day), Utc.with_ymd_and_hms(2026, 12, 1, 18, 0, 0).unwrap());
    }
}
