use std::sync::Arc;

use coforum_mail::Sender;
use coforum_persistence::Database;
use secrecy::ExposeSecret as _;

use crate::auth::devices::DeviceKeys;
use crate::auth::passwords::PasswordHasher;
use crate::auth::tokens::AccessTokens;
use crate::config::Config;
use crate::notices::unsubscribe::UnsubscribeKeys;
use crate::rankings::ClosedRankings;

/// Shared by every request: cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub config: Arc<Config>,
    pub access_tokens: Arc<AccessTokens>,
    pub devices: Arc<DeviceKeys>,
    pub passwords: PasswordHasher,
    pub rankings: ClosedRankings,
    /// Delivers the outbox; a change that wrote mail wakes it.
    pub mail: Sender,
    /// Signs the one-click unsubscribe links in notification emails.
    pub unsubscribe: Arc<UnsubscribeKeys>,
}

impl AppState {
    pub fn new(db: Database, config: Config) -> Self {
        Self {
            access_tokens: Arc::new(AccessTokens::new(&config)),
            devices: Arc::new(DeviceKeys::new(config.jwt_secret.expose_secret())),
            unsubscribe: Arc::new(UnsubscribeKeys::new(config.jwt_secret.expose_secret())),
            passwords: PasswordHasher::new(config.password_hash_concurrency),
            rankings: ClosedRankings::default(),
            mail: Sender::new(db.clone(), config.mail.clone()),
            config: Arc::new(config),
            db,
        }
    }
}
