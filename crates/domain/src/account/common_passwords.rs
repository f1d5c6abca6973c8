//! The 10,000 most common passwords, which no account may use (ASVS 6.2.4):
//! the first 10,000 of the ranked `passwords` list that zxcvbn 4.4.2 ships
//! (MIT licence; ranked from Mark Burnett's corpus of 10 million leaked
//! passwords). docs/decisions.md says how the file was made.

use std::collections::HashSet;
use std::sync::LazyLock;

/// One password a line, lower case, most common first.
static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("common_passwords.txt").lines().collect());

/// True when `password` is on the list, ignoring case and the spaces at
/// its ends ("Password12 " is as weak as "password12").
pub fn is_common(password: &str) -> bool {
    COMMON.contains(password.trim().to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_the_top_ten_thousand() {
        let lines: Vec<&str> = include_str!("common_passwords.txt").lines().collect();
        assert_eq!(lines.len(), 10_000);
        assert_eq!(COMMON.len(), 10_000, "no duplicates");
        assert_eq!(&lines[..3], ["123456", "password", "12345678"]);
        assert!(lines.iter().all(|p| *p == p.to_lowercase() && !p.is_empty()));
    }

    #[test]
    fn common_passwords_are_found_whatever_their_case() {
        for common in [
            "password12",
            "qwertyuiop",
            "QwertyUiop",
            "PASSWORD12",
            " password12 ",
        ] {
            assert!(is_common(common), "{common}");
        }
        // The demo's and the tests' passwords are not on the list.
        for fine in [
            "coforum-demo",
            "a long enough password",
            "admin password 1",
            "another password!",
            "my long password 1",
            "not the password",
        ] {
            assert!(!is_common(fine), "{fine}");
        }
    }
}
