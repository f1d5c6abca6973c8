use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// 256 random bits, URL-safe, after `prefix` (which says what the secret is
/// for, so a leaked one is recognisable in logs and by secret scanners).
pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// What is stored instead of a secret. The secrets carry 256 random bits, so
/// a fast hash is enough: there is nothing to guess.
pub fn hash_secret(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}

pub const REFRESH_TOKEN_PREFIX: &str = "cfrt_";
pub const API_TOKEN_PREFIX: &str = "cfat_";
pub const INVITE_CODE_PREFIX: &str = "";
pub const PASSWORD_RESET_PREFIX: &str = "cfpr_";
pub const EMAIL_CHANGE_PREFIX: &str = "cfec_";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hash_stably() {
        let a = random_token(API_TOKEN_PREFIX);
        let b = random_token(API_TOKEN_PREFIX);
        assert_ne!(a, b);
        assert!(a.starts_with("cfat_"));
        assert_eq!(a.len(), 5 + 43);
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_ne!(hash_secret(&a), hash_secret(&b));
    }
}
