//! The one way a Python-facing object takes its Rust lock: never while
//! blocking other Python threads.
//!
//! A thread that waits for a lock while holding the GIL deadlocks the
//! interpreter if the lock's holder needs the GIL to finish (converting a
//! `datetime` can release and retake it). So a busy lock is waited for with
//! the GIL released, and taken again with it held.

use pyo3::Python;
use std::sync::{Mutex, MutexGuard, TryLockError};

/// `mutex`'s guard. Every method validates before it writes, so a lock
/// poisoned by a panic still guards consistent state.
pub fn lock<T: Send>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    loop {
        match mutex.try_lock() {
            Ok(guard) => return guard,
            Err(TryLockError::Poisoned(p)) => return p.into_inner(),
            Err(TryLockError::WouldBlock) => Python::attach(|py| {
                // Wait for the holder without the GIL; then try again with it.
                py.detach(|| drop(mutex.lock()));
            }),
        }
    }
}
