//! Authentication: argon2id passwords, short-lived JWT access tokens, one-time refresh tokens,
//! and the [`Principal`] extractor that every protected handler takes.

pub mod jwt;
pub use ombudsman_app::password;
pub mod principal;
pub mod tokens;

pub use principal::Principal;
