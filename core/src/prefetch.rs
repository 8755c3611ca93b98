//! A hint that a bulk reader will soon read some memory.
//!
//! Records from a caller are scattered over the heap: each one's text sits
//! in its own allocations, so the first read of each waits on main memory.
//! A loop over a million of them spends much of its time in those waits. The
//! hint starts the read of a row a few rows ahead, so its wait overlaps the
//! work on the rows before it. It changes no result. Core's bulk loads use
//! it, and so do the bindings' column readers (one hint, written once).

/// Asks the CPU to bring the memory at `at` into its caches. Reads nothing
/// and cannot fault, whatever the address, so it is safe for any pointer;
/// a no-op where no stable instruction exists (aarch64's prefetch intrinsic
/// is not stable yet).
#[inline(always)]
#[allow(unsafe_code)]
pub fn prefetch<T: ?Sized>(at: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `prefetcht0` is an SSE instruction, present on every x86_64
    // CPU; it never dereferences its operand in the program's sense and
    // never faults, whatever the address.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(at.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}
