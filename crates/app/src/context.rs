//! What a use case needs from its surroundings besides the caller and the command.

use chrono::NaiveDate;

/// The day and the mail settings a use case runs with; the front door decides them (the API
/// and the CLI take today's Tashkent date, the demo data a date of its story).
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Today's date in Tashkent: the day a change happens on.
    pub today: NaiveDate,
    /// The domain of the `Message-ID` of queued e-mails.
    pub mail_domain: &'a str,
}
