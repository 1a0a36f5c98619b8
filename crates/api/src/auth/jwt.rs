//! Access tokens: HS256 JWTs with `iss`, `aud`, `exp`, `nbf` validated.

use chrono::Utc;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use ombudsman_domain::ids::UserId;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// How tokens are issued and checked.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    audience: String,
    /// Lifetime of an access token in seconds.
    pub ttl_secs: i64,
}

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user.
    pub sub: UserId,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Expiry (seconds since the epoch).
    pub exp: i64,
    /// Not before.
    pub nbf: i64,
    /// Issued at (required: the lifetime is counted from it).
    pub iat: i64,
}

impl JwtKeys {
    /// Keys from a shared secret.
    pub fn new(secret: &SecretString, issuer: &str, audience: &str, ttl_secs: i64) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            ttl_secs,
        }
    }

    /// Issues a token for a user.
    pub fn issue(&self, user: UserId) -> Result<String, jsonwebtoken::errors::Error> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            exp: now + self.ttl_secs,
            nbf: now,
            iat: now,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// Verifies signature, algorithm, issuer, audience, expiry and not-before.
    pub fn verify(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub", "iat"]);
        validation.validate_nbf = true;
        validation.leeway = 5;
        let claims = decode::<Claims>(token, &self.decoding, &validation)?.claims;
        // Whatever `exp` a token carries, it lives at most the configured lifetime from its
        // issue, and was not issued in the future.
        let now = Utc::now().timestamp();
        if claims.exp - claims.iat > self.ttl_secs || claims.iat > now + validation.leeway as i64 {
            return Err(jsonwebtoken::errors::ErrorKind::ExpiredSignature.into());
        }
        Ok(claims)
    }
}
