//! Users across dashboard processes: two handles with pools of their own (as two processes
//! have) racing to add one login name; the unique name index decides, and the loser gets
//! the same `AlreadyExists` a sequential add gets, never a second user.

use std::sync::Barrier;

use campaign_ops_core::conformance::user;
use campaign_ops_core::model::*;
use campaign_ops_core::{Error, Store};
use campaign_ops_pg::testing::TestServer;

#[test]
fn racing_adds_of_one_login_name_make_one_user() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let schema = pg.fresh_schema();
    let handles = [pg.store_in(&schema).unwrap(), pg.store_in(&schema).unwrap()];
    for round in 0..8u64 {
        let name = format!("racer{round}");
        let barrier = Barrier::new(2);
        let results: Vec<Result<(), Error>> = std::thread::scope(|s| {
            let threads: Vec<_> = handles
                .iter()
                .enumerate()
                .map(|(i, store)| {
                    let (name, barrier) = (&name, &barrier);
                    s.spawn(move || {
                        let id = round * 2 + i as u64 + 1;
                        barrier.wait();
                        store.write(|tx| tx.put_user(&user(id, name, Role::Viewer)))
                    })
                })
                .collect();
            threads.into_iter().map(|t| t.join().unwrap()).collect()
        });
        let won = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(won, 1, "round {round}: {results:?}");
        let lost = results.iter().find(|r| r.is_err()).unwrap();
        assert!(
            matches!(lost, Err(Error::AlreadyExists { entity: EntityKind::User, field, .. }) if field == "name"),
            "round {round}: {lost:?}"
        );
    }
    let users = handles[0].read(|tx| tx.users_page(None, 100)).unwrap();
    assert_eq!(users.len(), 8, "one user per name: {users:?}");
}
