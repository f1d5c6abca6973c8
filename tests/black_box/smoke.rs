use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn a_newcomer_registers_and_reads_their_account() {
    let app = spawn_app().await;
    let sam = app.register("Sam@Example.org", "Sam").await;
    let me = app.ok(Some(&sam.access_token), "Me", json!({})).await;
    assert_eq!(me["me"]["email"], "Sam@Example.org");
    assert_eq!(me["me"]["platformRole"], "NONE");
    assert_eq!(me["me"]["memberships"], json!([]));
}
