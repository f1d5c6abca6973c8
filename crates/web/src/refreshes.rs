//! Refreshes shared for a moment. A refresh token works once: the contract
//! ends the whole session when a used one comes back, to catch stolen
//! tokens. But two tabs that load pages at the same instant with an expired
//! access token both send the same refresh token, and the second would end
//! the session. So this process remembers, for a short while, which new
//! pair it got for an old token (keyed by the old token's hash), and gives
//! the same pair to a second page that brings the same old token, instead
//! of refreshing twice. The contract's reuse rule is unchanged.
//!
//! The memory is per process: when the two pages reach different servers,
//! the second server still sees reuse, the session ends, and the person is
//! asked to sign in again (sticky sessions at the load balancer avoid it).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

use coforum_app::auth::secrets::hash_secret;

/// How long a new pair is shared: long enough for pages that set off
/// together, short enough that a stolen old token is soon worthless here.
pub const SHARE_FOR: Duration = Duration::from_secs(30);

/// The pair `RefreshSession` hands back.
#[derive(Clone, Debug)]
pub struct Pair {
    pub access_token: String,
    pub refresh_token: String,
}

struct Recent {
    started: Instant,
    pair: Arc<OnceCell<Pair>>,
}

/// The refreshes of the last `window`, by the old refresh token's hash.
pub struct RecentRefreshes {
    window: Duration,
    recent: Mutex<HashMap<String, Recent>>,
}

impl RecentRefreshes {
    pub fn new(window: Duration) -> Self {
        RecentRefreshes {
            window,
            recent: Mutex::new(HashMap::new()),
        }
    }

    /// The new pair for `old_refresh`: `refresh` runs once for pages that
    /// ask together (the others wait for it) or within the window after.
    /// A failed refresh is not remembered, so the next page tries again.
    pub async fn share<F, Fut>(&self, old_refresh: &str, refresh: F) -> Option<Pair>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Option<Pair>>,
    {
        let cell = {
            let mut recent = self.recent.lock().unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            recent.retain(|_, r| now.duration_since(r.started) < self.window);
            recent
                .entry(hash_secret(old_refresh))
                .or_insert_with(|| Recent {
                    started: now,
                    pair: Arc::new(OnceCell::new()),
                })
                .pair
                .clone()
        };
        cell.get_or_try_init(|| async { refresh().await.ok_or(()) })
            .await
            .ok()
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn pair(n: usize) -> Pair {
        Pair {
            access_token: format!("access-{n}"),
            refresh_token: format!("refresh-{n}"),
        }
    }

    /// A refresh that counts its runs and takes a moment, like the real one.
    async fn counted(runs: &AtomicUsize, works: bool) -> Option<Pair> {
        let n = runs.fetch_add(1, Ordering::SeqCst) + 1;
        tokio::time::sleep(Duration::from_millis(20)).await;
        works.then(|| pair(n))
    }

    #[tokio::test]
    async fn pages_asking_together_share_one_refresh() {
        let shared = RecentRefreshes::new(SHARE_FOR);
        let runs = AtomicUsize::new(0);
        let (a, b) = tokio::join!(
            shared.share("cfrt_old", || counted(&runs, true)),
            shared.share("cfrt_old", || counted(&runs, true)),
        );
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(a.map(|p| p.refresh_token).as_deref(), Some("refresh-1"));
        assert_eq!(b.map(|p| p.refresh_token).as_deref(), Some("refresh-1"));
        // A page a moment later gets the same pair; another token does not.
        let later = shared.share("cfrt_old", || counted(&runs, true)).await;
        assert_eq!(later.map(|p| p.access_token).as_deref(), Some("access-1"));
        let other = shared.share("cfrt_other", || counted(&runs, true)).await;
        assert_eq!(other.map(|p| p.access_token).as_deref(), Some("access-2"));
    }

    #[tokio::test]
    async fn a_pair_is_forgotten_after_the_window() {
        let shared = RecentRefreshes::new(Duration::from_millis(50));
        let runs = AtomicUsize::new(0);
        shared.share("cfrt_old", || counted(&runs, true)).await;
        tokio::time::sleep(Duration::from_millis(80)).await;
        let after = shared.share("cfrt_old", || counted(&runs, true)).await;
        assert_eq!(after.map(|p| p.access_token).as_deref(), Some("access-2"));
        assert_eq!(
            shared.recent.lock().unwrap_or_else(PoisonError::into_inner).len(),
            1
        );
    }

    #[tokio::test]
    async fn a_failed_refresh_is_not_remembered() {
        let shared = RecentRefreshes::new(SHARE_FOR);
        let runs = AtomicUsize::new(0);
        assert!(shared.share("cfrt_old", || counted(&runs, false)).await.is_none());
        let retried = shared.share("cfrt_old", || counted(&runs, true)).await;
        assert_eq!(retried.map(|p| p.access_token).as_deref(), Some("access-2"));
    }
}
