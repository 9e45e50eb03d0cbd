//! Password hashing (argon2id, the `argon2` crate's default parameters: 19 MiB, 2 passes,
//! 1 lane, OWASP's recommendation) and OS randomness for salts, tokens and passwords.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::{Error, Result, StorageError};

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_LEN: usize = 10;
/// Longest password accepted, in bytes (hashing cost does not grow with it much, but a
/// megabyte form field has no business being a password).
pub const MAX_PASSWORD_LEN: usize = 1024;

/// A well-formed argon2id hash with the default parameters that no password matches in
/// practice (its digest is all zeros): verifying an unknown user's password against it takes
/// as long as against a real hash, so response times do not tell which names exist.
pub(super) const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// `n` random bytes from the operating system.
pub(super) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::Storage(StorageError::backend(format!(
            "the operating system gave no random bytes: {e}"
        )))
    })?;
    Ok(bytes)
}

/// Checks a new password's rules (field `password`).
pub(super) fn check(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(Error::validation(
            "password",
            format!("must be at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    if password.len() > MAX_PASSWORD_LEN {
        return Err(Error::validation(
            "password",
            format!("must be at most {MAX_PASSWORD_LEN} bytes"),
        ));
    }
    if password.trim() != password {
        return Err(Error::validation(
            "password",
            "must not start or end with white space",
        ));
    }
    Ok(())
}

/// The argon2id hash of `password` with a fresh random salt, in PHC string form.
pub(super) fn hash(password: &str) -> Result<String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?).map_err(hash_error)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(hash_error)
}

/// Whether `password` matches the PHC string `phc`; a hash that does not parse matches
/// nothing.
pub(super) fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

fn hash_error(e: argon2::password_hash::Error) -> Error {
    Error::Storage(StorageError::backend(format!(
        "hashing a password failed: {e}"
    )))
}

/// A random password of 20 characters from an unambiguous alphabet (no `0`/`O`, `1`/`l`/`I`):
/// about 115 bits, for demo users and password resets.
pub fn random_password() -> Result<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // 256 is not a multiple of the alphabet's size: rejecting the top of the byte range
    // keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut out = String::with_capacity(20);
    while out.len() < 20 {
        for b in random_bytes::<32>()? {
            if usize::from(b) < limit && out.len() < 20 {
                out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "a fresh salt each time");
        assert!(verify("correct horse battery", &a));
        assert!(!verify("correct horse batterz", &a));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn the_dummy_hash_parses_with_the_real_parameters_and_matches_nothing() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        let real = hash("whatever it is").unwrap();
        let real = PasswordHash::new(&real).unwrap();
        // Same algorithm and cost: verifying against it takes as long as a real check.
        assert_eq!(parsed.algorithm, real.algorithm);
        assert_eq!(parsed.params, real.params);
        assert!(!verify("", DUMMY_HASH));
        assert!(!verify("password", DUMMY_HASH));
    }

    #[test]
    fn password_rules_name_the_field() {
        for bad in [
            "short",
            " leading space x",
            &"x".repeat(MAX_PASSWORD_LEN + 1),
        ] {
            assert!(
                matches!(check(bad), Err(Error::Validation { field, .. }) if field == "password")
            );
        }
        assert!(check("long enough pw").is_ok());
    }

    #[test]
    fn random_passwords_differ_and_use_the_alphabet() {
        let a = random_password().unwrap();
        let b = random_password().unwrap();
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() && !"0O1lI".contains(c))
        );
        assert!(check(&a).is_ok());
    }
}
