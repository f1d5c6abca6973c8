use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use coforum_app::Config;
use secrecy::SecretSlice;

/// The key that signs access tokens: `COFORUM_JWT_SECRET`, or one generated
/// once and kept beside the SQLite file.
pub fn jwt_secret(database_url: &str) -> anyhow::Result<SecretSlice<u8>> {
    if let Ok(secret) = std::env::var("COFORUM_JWT_SECRET") {
        if secret.len() < Config::MIN_JWT_SECRET_BYTES {
            bail!(
                "COFORUM_JWT_SECRET must be at least {} bytes",
                Config::MIN_JWT_SECRET_BYTES
            );
        }
        let bits = estimated_bits(secret.as_bytes());
        if bits < MIN_ESTIMATED_BITS {
            bail!(
                "COFORUM_JWT_SECRET is too predictable: about {bits:.0} bits by how often its characters repeat, \
                 at least {MIN_ESTIMATED_BITS:.0} needed. Use a random value, such as the output of `openssl rand -base64 32`"
            );
        }
        return Ok(secret.into_bytes().into());
    }
    match sqlite_file(database_url) {
        Some(db_file) => {
            let path = secret_path(&db_file);
            let secret = read_or_create(&path)?;
            tracing::warn!(path = %path.display(), "COFORUM_JWT_SECRET is not set: using the secret kept beside the database");
            Ok(secret.into())
        }
        None => {
            tracing::warn!(
                "COFORUM_JWT_SECRET is not set: using a random secret for this process only. \
                 Sessions end when it stops and are not shared with other servers; set it in production."
            );
            Ok(random_secret().into_bytes().into())
        }
    }
}

/// The least a secret's estimate may give. Random secrets of the minimum
/// length give far more (32 random hex digits about 115 bits, rarely under
/// 100; 32 random base64 characters about 145); repeats give far less (40
/// identical characters 0, "abab..." 40).
const MIN_ESTIMATED_BITS: f64 = 64.0;

/// A floor on the secret's entropy, from how often each byte occurs: its
/// length times the Shannon entropy of its byte frequencies. It catches
/// repeated characters and short repeated patterns; it cannot prove a
/// secret random (a sequence like "0123456789..." scores well).
fn estimated_bits(secret: &[u8]) -> f64 {
    let mut counts = [0usize; 256];
    for &byte in secret {
        counts[usize::from(byte)] += 1;
    }
    let length = secret.len() as f64;
    let per_byte: f64 = counts
        .iter()
        .filter(|&&n| n > 0)
        .map(|&n| {
            let p = n as f64 / length;
            -p * p.log2()
        })
        .sum();
    per_byte * length
}

/// The file of an SQLite URL; None for PostgreSQL or an in-memory database.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path.starts_with(':') {
        return None;
    }
    Some(PathBuf::from(path))
}

fn secret_path(db_file: &Path) -> PathBuf {
    let mut name = db_file.file_name().unwrap_or_default().to_os_string();
    name.push(".jwt-secret");
    db_file.with_file_name(name)
}

fn random_secret() -> String {
    coforum_app::auth::secrets::random_token("")
}

fn read_or_create(path: &Path) -> anyhow::Result<Vec<u8>> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        let existing = existing.trim();
        if existing.len() >= Config::MIN_JWT_SECRET_BYTES
            && estimated_bits(existing.as_bytes()) >= MIN_ESTIMATED_BITS
        {
            return Ok(existing.as_bytes().to_vec());
        }
    }
    let secret = random_secret();
    write_private(path, &secret).with_context(|| format!("writing {}", path.display()))?;
    Ok(secret.into_bytes())
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_with_almost_no_entropy_score_low() {
        assert_eq!(estimated_bits(&[b'a'; 40]), 0.0);
        assert!((estimated_bits(&b"ab".repeat(20)) - 40.0).abs() < 1e-9);
        for low in [b"a".repeat(40), b"ab".repeat(20), b"abc".repeat(11)] {
            assert!(estimated_bits(&low) < MIN_ESTIMATED_BITS);
        }
        for fine in [
            random_secret().into_bytes(),
            b"0f8a1c9e2b7d4a6f5e3c1b0a9d8e7f6a".to_vec(),
            b"coforum-load-benchmark-signing-key-not-for-production".to_vec(),
            b"test-secret-test-secret-test-secret!".to_vec(),
        ] {
            assert!(estimated_bits(&fine) >= MIN_ESTIMATED_BITS, "{fine:?}");
        }
    }

    #[test]
    fn finds_the_sqlite_file_of_a_url() {
        assert_eq!(
            sqlite_file("sqlite://coforum.db"),
            Some(PathBuf::from("coforum.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:///var/lib/c.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/c.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://localhost/coforum"), None);
        assert_eq!(
            secret_path(Path::new("data/coforum.db")),
            PathBuf::from("data/coforum.db.jwt-secret")
        );
    }
}
