//! Password hashing with argon2id at the OWASP-recommended parameters.

use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use ombudsman_domain::user::Password;

/// OWASP: argon2id, 19 MiB of memory, 2 iterations, 1 lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Blocks (1 KiB each) reserved for one hash at least: more than glibc's largest mmap threshold
/// (32 MiB), so that the memory is a mapping of its own, given back to the system when the hash
/// is done. argon2's own allocation (19 MiB) stayed in the malloc arena of the thread that
/// hashed once glibc had raised its threshold past it, and the idle server grew by several MiB
/// a login. Only the blocks the parameters use are ever touched.
const RESERVED_BLOCKS: usize = 33 * 1024;

/// The hash of `password` with `salt` and the parameters of `argon`, `len` bytes long.
fn compute(argon: &Argon2<'_>, password: &[u8], salt: Salt<'_>, len: usize) -> argon2::password_hash::Result<Output> {
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let blocks = argon.params().block_count();
    let mut memory = Vec::with_capacity(blocks.max(RESERVED_BLOCKS));
    memory.resize(blocks, Block::default());
    Output::init_with(len, |out| {
        Ok(argon.hash_password_into_with_memory(password, salt, out, &mut memory)?)
    })
}

/// Hashes a password into a PHC string.
pub fn hash(password: &Password) -> Result<String, argon2::password_hash::Error> {
    let argon = hasher();
    let salt = SaltString::generate(&mut OsRng);
    let output = compute(
        &argon,
        password.expose().as_bytes(),
        salt.as_salt(),
        Params::DEFAULT_OUTPUT_LEN,
    )?;
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params())?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    }
    .to_string())
}

/// Checks a password against a PHC string (with the algorithm, version and parameters it
/// names); any malformed hash is a mismatch. The outputs are compared in constant time.
pub fn verify(candidate: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(version), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        parsed.version.map_or(Ok(Version::default()), Version::try_from),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let argon = Argon2::new(algorithm, version, params);
    compute(&argon, candidate.as_bytes(), salt, expected.len()).is_ok_and(|computed| computed == expected)
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

    /// The hashes stored before the memory was reserved by hand (argon2's own `hash_password`)
    /// still verify, and the new ones verify with it.
    #[test]
    fn hashes_agree_with_the_argon2_crate() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::encode_b64(b"sixteen byte slt").unwrap();
        let theirs = hasher()
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        assert!(verify("correct horse battery", &theirs));
        assert!(!verify("correct horse batterz", &theirs));
        let ours = hash(&Password::parse("correct horse battery").unwrap()).unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(hasher().verify_password(b"correct horse battery", &parsed).is_ok());
        assert!(hasher().verify_password(b"correct horse batterz", &parsed).is_err());
    }
}
