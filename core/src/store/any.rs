//! [`AnyStore`]: any [`Store`] behind one concrete type, for code that must name a single
//! service type whatever the backend (the action handlers, which `inventory` collects as
//! plain function pointers, and the dashboard's server functions).

use std::fmt;
use std::sync::Arc;

use super::{ReadTx, Store, WriteTx};
use crate::{Error, Result, StorageError};

/// The object-safe face of a [`Store`]: closures that return `()` and leave their result in
/// a slot the caller owns.
trait ErasedStore: Send + Sync {
    fn read_erased(&self, f: &mut dyn FnMut(&dyn ReadTx) -> Result<()>) -> Result<()>;
    fn write_once_erased(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<()>) -> Result<()>;
    fn describe(&self) -> String;
    fn change_count_erased(&self) -> Option<u64>;
    fn reads_inline_erased(&self) -> bool;
}

impl<S: Store + fmt::Debug> ErasedStore for S {
    fn read_erased(&self, f: &mut dyn FnMut(&dyn ReadTx) -> Result<()>) -> Result<()> {
        self.read(f)
    }
    fn write_once_erased(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<()>) -> Result<()> {
        self.write_once(f)
    }
    fn describe(&self) -> String {
        format!("{self:?}")
    }
    fn change_count_erased(&self) -> Option<u64> {
        self.change_count()
    }
    fn reads_inline_erased(&self) -> bool {
        self.reads_inline()
    }
}

/// A type-erased, cheaply cloned handle on any [`Store`]. It is a [`Store`] itself, with the
/// backend's isolation and retry behaviour unchanged.
#[derive(Clone)]
pub struct AnyStore(Arc<dyn ErasedStore>);

impl AnyStore {
    /// Erases `store`'s type.
    pub fn new<S: Store + fmt::Debug + 'static>(store: S) -> Self {
        Self(Arc::new(store))
    }
}

impl fmt::Debug for AnyStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AnyStore({})", self.0.describe())
    }
}

/// The error of a closure that did not run: only a broken backend gets here.
fn not_run() -> Error {
    Error::Storage(StorageError::backend(
        "the store returned without running the transaction",
    ))
}

impl Store for AnyStore {
    fn read<R>(&self, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> Result<R> {
        let mut f = Some(f);
        let mut out = None;
        self.0.read_erased(&mut |tx| {
            let f = f.take().ok_or_else(not_run)?;
            out = Some(f(tx)?);
            Ok(())
        })?;
        out.ok_or_else(not_run)
    }

    fn write_once<R>(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        let mut out = None;
        self.0.write_once_erased(&mut |tx| {
            out = Some(f(tx)?);
            Ok(())
        })?;
        out.ok_or_else(not_run)
    }

    fn change_count(&self) -> Option<u64> {
        self.0.change_count_erased()
    }

    fn reads_inline(&self) -> bool {
        self.0.reads_inline_erased()
    }
}
