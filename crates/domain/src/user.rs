//! Staff users: roles, e-mail addresses and passwords.

use crate::error::DomainError;

code_enum!(
    /// What a staff user may do.
    Role {
        Admin => "admin",
        Manager => "manager",
        CaseOfficer => "case_officer",
        Monitor => "monitor",
        Auditor => "auditor",
    }
);

/// A syntactically plausible e-mail address, trimmed and with a lower-cased domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@`, a non-empty local part, a dotted domain, no spaces.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let trimmed = raw.trim();
        let invalid = || DomainError::field("email", "invalid_email", "is not a valid e-mail address");
        let (local, domain) = trimmed.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !domain.contains("..");
        if local.is_empty()
            || !domain_ok
            || trimmed.chars().count() > 254
            || trimmed.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid());
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to find a user: case-insensitive as a whole.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A password that meets the policy (NIST SP 800-63B: length, not composition rules).
pub struct Password(String);

impl Password {
    /// Shortest accepted password.
    pub const MIN_CHARS: usize = 12;
    /// Longest accepted password (bounds the hashing cost).
    pub const MAX_CHARS: usize = 128;

    /// Parses a new password against the policy.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(DomainError::field(
                "password",
                "password_too_short",
                format!("must be at least {} characters", Self::MIN_CHARS),
            ));
        }
        if n > Self::MAX_CHARS {
            return Err(DomainError::field(
                "password",
                "password_too_long",
                format!("must be at most {} characters", Self::MAX_CHARS),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The secret itself, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_parsed_and_domains_lower_cased() {
        assert_eq!(
            Email::parse(" D.Karimova@Example.ORG ").map(|e| e.0),
            Ok("D.Karimova@example.org".to_owned())
        );
        for bad in [
            "",
            "no-at",
            "@example.org",
            "a@b",
            "a b@example.org",
            "a@.org",
            "a@b..org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn passwords_follow_the_length_policy_and_never_print() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse(&"x".repeat(129)).is_err());
        let p = Password::parse("correct horse battery").map(|p| format!("{p:?}"));
        assert_eq!(p, Ok("Password(***)".to_owned()));
    }

    #[test]
    fn roles_use_their_codes() {
        assert_eq!("case_officer".parse::<Role>(), Ok(Role::CaseOfficer));
        assert!("root".parse::<Role>().is_err());
    }
}
