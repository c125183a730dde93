// The Rust guest of the Game workload, on the code codegen-rust generates
// (guest/generated/rust/game.rs); built by scripts/build-guests.mjs with
// Debian's rustc for wasm32-unknown-unknown (-O, LTO), then Binaryen -O3. The
// host encodes the world with the generated TypeScript and copies it into
// `input` once (it is byte for byte the world guest/game.ts builds).
//
//   sum           zero-copy: the generated viewers, X + Y + Z over every Vec3 of every Path
//   setup         decodes the input once into `WORLD` (the value `encode` writes)
//   encode        the owned types: Monsters::encode of `WORLD` into the output region
//   decode        the owned types: Monsters::decode_into `DECODED`, reused across calls
//                 (its Vecs and Strings keep their memory)
//   decodedSum    the sum over the last decoded value (to check decode)
//   __allocations the global allocator's allocations so far (modulo 2^32), as an
//                 AssemblyScript counting build exports its `__new` calls
extern crate alloc;

#[path = "generated/rust/game.rs"]
#[allow(clippy::all)]
mod game;

use core::sync::atomic::{AtomicU32, Ordering};
use game::{Monsters, MonstersView};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;

/// The system allocator, counting allocations (one relaxed add each: the guest is single-threaded).
struct Counting;

static ALLOCATIONS: AtomicU32 = AtomicU32::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const REGION: usize = 4 << 20;
static mut INPUT: [u8; REGION] = [0; REGION];
static mut OUTPUT: [u8; REGION] = [0; REGION];

thread_local! {
    static WORLD: RefCell<Monsters> = RefCell::new(Monsters::default());
    static DECODED: RefCell<Monsters> = RefCell::new(Monsters::default());
}

/// The input region, or null when `size` does not fit.
#[no_mangle]
pub extern "C" fn input(size: u32) -> *mut u8 {
    // SAFETY: the host and this guest take turns: no call runs while the host writes.
    if size as usize <= REGION { unsafe { INPUT.as_mut_ptr() } } else { core::ptr::null_mut() }
}

/// Where `encode` writes its message.
#[export_name = "messagePtr"]
pub extern "C" fn message_ptr() -> *mut u8 {
    // SAFETY: as in `input`.
    unsafe { OUTPUT.as_mut_ptr() }
}

#[export_name = "__allocations"]
pub extern "C" fn allocations() -> u32 {
    ALLOCATIONS.load(Ordering::Relaxed)
}

/// The `len` bytes at `ptr`: the host passes a range of this guest's memory.
fn message<'a>(ptr: *const u8, len: u32) -> &'a [u8] {
    if ptr.is_null() { return &[]; }
    // SAFETY: the host passes a range of this guest's memory (its input or output region).
    unsafe { core::slice::from_raw_parts(ptr, len as usize) }
}

/// The error's code, as the C guest's negative KARMEM_ERR_* (any negative number tells the host it failed).
fn code(error: game::karmem::Error) -> i32 {
    match error {
        game::karmem::Error::OutOfSpace => -1,
        game::karmem::Error::TooLarge => -2,
        game::karmem::Error::TooDeep => -4,
        game::karmem::Error::Budget => -6,
    }
}

#[no_mangle]
pub extern "C" fn sum(ptr: *const u8, len: u32) -> f64 {
    let mut s = 0.0;
    for monster in MonstersView::root(message(ptr, len)).monsters() {
        for v in monster.data().path() {
            s += v.x() as f64 + v.y() as f64 + v.z() as f64;
        }
    }
    s
}

/// Decodes the message at ptr into `WORLD`, once: 0, or a negative code.
#[no_mangle]
pub extern "C" fn setup(ptr: *const u8, len: u32) -> i32 {
    match Monsters::decode(message(ptr, len)) {
        Ok(world) => {
            WORLD.with(|w| *w.borrow_mut() = world);
            0
        }
        Err(e) => code(e),
    }
}

/// The message length, or a negative code.
#[no_mangle]
pub extern "C" fn encode() -> i32 {
    // SAFETY: as in `input`.
    WORLD.with(|w| match w.borrow().encode(unsafe { &mut OUTPUT }) {
        Ok(n) => n as i32,
        Err(e) => code(e),
    })
}

/// The number of monsters, or a negative code.
#[no_mangle]
pub extern "C" fn decode(ptr: *const u8, len: u32) -> i32 {
    DECODED.with(|d| {
        let mut decoded = d.borrow_mut();
        match decoded.decode_into(message(ptr, len)) {
            Ok(()) => decoded.monsters.len() as i32,
            Err(e) => code(e),
        }
    })
}

#[export_name = "decodedSum"]
pub extern "C" fn decoded_sum() -> f64 {
    DECODED.with(|d| {
        let mut s = 0.0;
        for monster in d.borrow().monsters.iter() {
            for v in monster.data.path.iter() {
                s += v.x as f64 + v.y as f64 + v.z as f64;
            }
        }
        s
    })
}
