//! The SQLite file is made before SQLite opens it, readable and writable by
//! its owner only: it holds password hashes and refresh-token hashes. SQLite
//! gives its `-wal` and `-shm` files the main file's permissions.

use std::path::{Path, PathBuf};
use std::str::FromStr as _;

use sea_orm::DbErr;
use sea_orm::sqlx::sqlite::SqliteConnectOptions;

/// Creates the file of the SQLite `url` with mode 0600 when it is missing.
/// An existing file keeps the permissions it has (its owner chose them); an
/// in-memory database has no file.
pub fn create_private(url: &str) -> Result<(), DbErr> {
    let Some(path) = file_of(url)? else {
        return Ok(());
    };
    create_new_private(&path)
        .map_err(|err| DbErr::Custom(format!("creating the SQLite file {}: {err}", path.display())))
}

/// The file an SQLite URL names, as SQLite will read it (percent-decoded);
/// None for an in-memory database.
fn file_of(url: &str) -> Result<Option<PathBuf>, DbErr> {
    let options = SqliteConnectOptions::from_str(url).map_err(|err| DbErr::Custom(err.to_string()))?;
    let path = options.get_filename();
    let query = url.split_once('?').map_or("", |(_, query)| query);
    let in_memory = query.split('&').any(|pair| pair == "mode=memory")
        || path.as_os_str().is_empty()
        || path.to_string_lossy().starts_with("file:sqlx-in-memory-");
    Ok((!in_memory).then(|| path.to_path_buf()))
}

#[cfg(unix)]
fn create_new_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt as _;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(err),
    }
}

#[cfg(not(unix))]
fn create_new_private(_path: &Path) -> std::io::Result<()> {
    // Elsewhere the file inherits its folder's access rules.
    Ok(())
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    #[test]
    fn a_new_file_is_private_and_an_old_one_is_left_alone() {
        let dir = std::env::temp_dir().join(format!("coforum-sqlite-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir(&dir).unwrap();
        let file = dir.join("new.db");
        create_private(&format!("sqlite://{}?mode=rwc", file.display())).unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");

        let old = dir.join("old.db");
        std::fs::write(&old, b"").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
        create_private(&format!("sqlite:{}", old.display())).unwrap();
        let mode = std::fs::metadata(&old).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn in_memory_databases_have_no_file() {
        assert_eq!(file_of("sqlite::memory:").unwrap(), None);
        assert_eq!(file_of("sqlite://shared.db?mode=memory").unwrap(), None);
        assert_eq!(
            file_of("sqlite://data/my%20forum.db").unwrap(),
            Some(PathBuf::from("data/my forum.db"))
        );
    }
}
