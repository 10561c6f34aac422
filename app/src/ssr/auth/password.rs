//! Argon2id password hashing (19 MiB, 2 iterations, 1 lane).
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string.
pub fn hash(password: &str) -> String {
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    let salt = SaltString::encode_b64(&bytes).expect("16 bytes make a valid salt");
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 hashing cannot fail with valid params")
        .to_string()
}

/// Checks a password against a stored PHC string.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// How many Argon2 runs (tens of milliseconds and 19 MiB each) may go at
/// once: a flood of logins waits its turn instead of filling the memory
/// with blocking threads.
static ARGON2_AT_ONCE: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

/// Runs `work` (an Argon2 hash or check) on a blocking thread, at most
/// [`ARGON2_AT_ONCE`] at a time.
pub async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, crate::error::AppError> {
    let _turn = ARGON2_AT_ONCE
        .acquire()
        .await
        .map_err(|_| crate::error::AppError::Internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| crate::error::AppError::Internal)
}

/// [`hash`] on a blocking thread: Argon2 takes tens of milliseconds, which
/// must not stall the async workers (nor be spent inside a transaction).
pub async fn hash_off_thread(password: &str) -> Result<String, crate::error::AppError> {
    let password = password.to_string();
    off_thread(move || hash(&password)).await
}

/// [`verify`] on a blocking thread (see [`hash_off_thread`]).
pub async fn verify_off_thread(
    password: &str,
    phc: String,
) -> Result<bool, crate::error::AppError> {
    let password = password.to_string();
    off_thread(move || verify(&password, &phc)).await
}

/// Spends the same time as a real check, for unknown emails, so that timing
/// does not tell which emails exist.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash("embudo-dummy-password"));
    let _ = verify(password, phc);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_use_argon2id_params() {
        let h = hash("demo1234");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("demo1234", &h));
        assert!(!verify("demo12345", &h));
        assert!(!verify("demo1234", "not a hash"));
        assert_ne!(hash("demo1234"), h, "salted");
    }
}
