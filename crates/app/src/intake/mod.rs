//! The public intake: citizens file appeals online without an account, confirm them from their
//! e-mail, and follow and answer them on their own page with the number and access code. The
//! acting principal is a [`PublicClient`] (no user); everything a citizen may reach is found by
//! the hash of a secret they hold, and a wrong secret behaves exactly like a missing record.

pub mod drafts;
pub mod page;
pub mod routing;

use ombudsman_db::audit::Actor;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub use drafts::{
    attach_to_draft, confirm_draft, expire_drafts, submit_appeal, AnonymousAppeal, DraftAppeal, SubmitAppeal,
    Submitted, DRAFT_LIFETIME_HOURS, MAX_FILES,
};
pub use page::{attach_to_reply, find_case, reply, CaseView, ReplyToOffice};
pub use routing::{office_for_region, set_region_route, SetRegionRoute};

/// A citizen acting without an account, from one request.
#[derive(Debug, Clone)]
pub struct PublicClient {
    /// The client's address (through the trusted proxies).
    pub address: String,
    /// The server's id of the request.
    pub request_id: Option<String>,
    /// The client's own request id, when well formed.
    pub client_request_id: Option<String>,
}

impl PublicClient {
    /// The actor recorded in the audit trail.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: None,
            label: "public".to_owned(),
            request_id: self.request_id.clone(),
            client_request_id: self.client_request_id.clone(),
        }
    }
}

/// The stored form of a secret (a token, a code): its SHA-256.
pub fn digest(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// Compares two digests in constant time.
pub fn same_digest(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A random token of 256 bits, in unpadded base64url.
pub(crate) fn token() -> String {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
