//! Each notification email carries a link that turns its kinds off with no
//! sign-in (RFC 8058): `<public URL>/unsubscribe/<token>`, where the token
//! names the person and the kinds and is signed with a key of its own, so
//! nobody can make one for someone else.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use coforum_domain::ids::UserId;
use coforum_domain::notification::NotificationKind;
use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use uuid::Uuid;

use crate::auth::devices::keyed;

/// 16 bytes of account id, then 2 bytes of kinds.
const PAYLOAD_BYTES: usize = 18;

/// The key unsubscribe links are signed with.
pub struct UnsubscribeKeys {
    mac: Hmac<Sha256>,
}

impl UnsubscribeKeys {
    /// A key of its own, derived from the token-signing secret: a link is
    /// never a valid token or device tag. A new signing secret ends old
    /// links; the settings page still works.
    pub fn new(signing_secret: &[u8]) -> Self {
        let mut derive = keyed(signing_secret);
        derive.update(b"coforum unsubscribe links v1");
        Self {
            mac: keyed(&derive.finalize().into_bytes()),
        }
    }

    /// The token that turns `kinds` off for `user`.
    pub fn token(&self, user: UserId, kinds: &[NotificationKind]) -> String {
        let bits = kinds.iter().fold(0u16, |bits, kind| bits | kind.bit());
        let mut payload = Vec::with_capacity(PAYLOAD_BYTES);
        payload.extend_from_slice(user.0.as_bytes());
        payload.extend_from_slice(&bits.to_le_bytes());
        let mut mac = self.mac.clone();
        mac.update(&payload);
        let tag = mac.finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// Whose link it is and which kinds it turns off; `None` for anything
    /// not made by [`Self::token`] with this key.
    pub fn read(&self, token: &str) -> Option<(UserId, Vec<NotificationKind>)> {
        let (payload, tag) = token.split_once('.')?;
        let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        if payload.len() != PAYLOAD_BYTES {
            return None;
        }
        let mut mac = self.mac.clone();
        mac.update(&payload);
        // Constant time: the comparison tells nothing about the right tag.
        mac.verify_slice(&tag).ok()?;
        let (user, bits) = payload.split_at(16);
        let user = UserId(Uuid::from_slice(user).ok()?);
        let kinds = NotificationKind::from_bits(u16::from_le_bytes([bits[0], bits[1]]));
        (!kinds.is_empty()).then_some((user, kinds))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_token_reads_back_and_a_changed_one_does_not() {
        let keys = UnsubscribeKeys::new(b"secret");
        let user = UserId::new();
        let kinds = [NotificationKind::RoundOpened, NotificationKind::Progress];
        let token = keys.token(user, &kinds);
        assert_eq!(keys.read(&token), Some((user, kinds.to_vec())));
        let other = UnsubscribeKeys::new(b"another secret");
        assert_eq!(other.read(&token), None);
        let mut forged = token.clone();
        forged.replace_range(0..1, if token.starts_with('A') { "B" } else { "A" });
        assert_eq!(keys.read(&forged), None);
        assert_eq!(keys.read("nonsense"), None);
        assert_eq!(keys.read(""), None);
    }
}
