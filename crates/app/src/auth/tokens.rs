use chrono::{DateTime, Utc};
use coforum_domain::ids::{SessionId, UserId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret as _;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::AppError;

const ISSUER: &str = "coforum";
const AUDIENCE: &str = "coforum-api";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: uuid::Uuid,
    /// The session the token was issued for: revoking it ends the token too.
    sid: uuid::Uuid,
    iss: String,
    aud: String,
    iat: i64,
    exp: i64,
}

/// Who an access token speaks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccessClaims {
    pub user_id: UserId,
    pub session_id: SessionId,
}

/// Issues and checks access tokens: HS256 only, `iss`, `aud` and `exp`
/// required and checked.
pub struct AccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: chrono::Duration,
}

impl AccessTokens {
    pub fn new(config: &Config) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 30;
        Self {
            encoding: EncodingKey::from_secret(config.jwt_secret.expose_secret()),
            decoding: DecodingKey::from_secret(config.jwt_secret.expose_secret()),
            validation,
            ttl: chrono::Duration::from_std(config.access_token_ttl).unwrap_or(chrono::Duration::minutes(15)),
        }
    }

    /// A token for `user_id` in `session_id`, and when it expires.
    pub fn issue(
        &self,
        user_id: UserId,
        session_id: SessionId,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>), AppError> {
        let expires_at = now + self.ttl;
        let claims = Claims {
            sub: user_id.0,
            sid: session_id.0,
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(AppError::internal)?;
        Ok((token, expires_at))
    }

    /// The claims of a genuine, unexpired token; `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<AccessClaims> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        Some(AccessClaims {
            user_id: UserId(data.claims.sub),
            session_id: SessionId(data.claims.sid),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn tokens(secret: &[u8]) -> AccessTokens {
        AccessTokens::new(&Config::new(secret.to_vec()))
    }

    #[test]
    fn a_token_verifies_with_its_key_only() {
        let issuer = tokens(&[7; 32]);
        let (user, session) = (UserId::new(), SessionId::new());
        let (token, _) = issuer.issue(user, session, Utc::now()).unwrap();
        let claims = issuer.verify(&token).unwrap();
        assert_eq!(
            claims,
            AccessClaims {
                user_id: user,
                session_id: session
            }
        );
        assert!(tokens(&[8; 32]).verify(&token).is_none());
    }

    #[test]
    fn an_expired_token_is_refused() {
        let issuer = tokens(&[7; 32]);
        let long_ago = Utc::now() - chrono::Duration::hours(1);
        let (token, _) = issuer.issue(UserId::new(), SessionId::new(), long_ago).unwrap();
        assert!(issuer.verify(&token).is_none());
    }

    #[test]
    fn other_algorithms_are_refused() {
        let issuer = tokens(&[7; 32]);
        let claims = Claims {
            sub: uuid::Uuid::now_v7(),
            sid: uuid::Uuid::now_v7(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: Utc::now().timestamp(),
            exp: Utc::now().timestamp() + 600,
        };
        let hs512 = jsonwebtoken::encode(
            &Header::new(Algorithm::HS512),
            &claims,
            &EncodingKey::from_secret(&[7; 32]),
        )
        .unwrap();
        assert!(issuer.verify(&hs512).is_none());
    }
}
