//! Password hashing with argon2id at the OWASP-recommended parameters.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use ombudsman_domain::user::Password;

/// OWASP: argon2id, 19 MiB of memory, 2 iterations, 1 lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string.
pub fn hash(password: &Password) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher().hash_password(password.expose().as_bytes(), &salt)?.to_string())
}

/// Checks a password against a PHC string; any malformed hash is a mismatch.
pub fn verify(candidate: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| hasher().verify_password(candidate.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A hash of a password nobody has, verified when the e-mail is unknown so that an unknown
/// e-mail and a wrong password take the same time.
pub fn decoy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Ur0EN8u0Qg0bGm0HhgqG7IjTF7Ug3Kp1cQm3lmPkWI"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let pw = Password::parse("correct horse battery").unwrap();
        let phc = hash(&pw).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery", &phc));
        assert!(!verify("correct horse batterz", &phc));
        assert!(!verify("correct horse battery", "garbage"));
        assert!(!verify("anything at all", decoy_hash()));
    }
}
