//! Exports of campaign data into formats other tools read. Pure: each export returns the
//! document as a `String`; writing it to a file or an HTTP response is the caller's job.

pub mod ics;

pub use ics::calendar_ics;
