//! [`RedbStore`] over any redb [`StorageBackend`]: a host's own storage, or in tests a
//! backend that injects I/O faults (`faults`, feature `testing`).

use campaign_ops_core::Result;
use redb::{Database, StorageBackend};

use crate::RedbStore;
use crate::error::Context;

impl RedbStore {
    /// A store on `backend`: opened when it holds a database (its schema brought up to
    /// date, as [`RedbStore::open`] does), created when it is empty.
    ///
    /// Errors: [`campaign_ops_core::StorageError::Backend`] when redb cannot read or write
    /// the backend, [`campaign_ops_core::StorageError::SchemaTooNew`] for a newer file.
    pub fn with_backend(backend: impl StorageBackend) -> Result<Self> {
        let db = Database::builder()
            .create_with_backend(backend)
            .ctx("opening a database on a storage backend")?;
        Self::prepared(db, None)
    }
}
