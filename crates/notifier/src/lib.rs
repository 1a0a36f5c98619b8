//! The notification worker: claims outbox rows under a lease, renders them in the recipient's
//! language and sends them with lettre, retrying with exponential backoff and jitter until a
//! message is accepted or dead.

pub mod dates;
pub mod gallery;
pub mod legal;
pub mod plural;
pub mod render;
pub mod smtp;
pub mod transport;
pub mod worker;

pub use transport::{Mailer, TransportConfig};
pub use worker::{Worker, WorkerConfig};
