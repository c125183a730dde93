// The Rust guest of the Record workload, on the code codegen-rust generates
// (guest/generated/rust/bench.rs); built by scripts/build-guests.mjs with
// Debian's rustc for wasm32-unknown-unknown (-O, LTO), then Binaryen -O3.
//
//   read       the generated viewer, in place, every field (the checksum of
//              guest/record-c.c's `read`)
//   roundTrip  the generated decode into an owned Record reused across calls
//              (decode_into: its name and samples keep their buffers, no
//              allocation after the first), Score + 1 and samples doubled in
//              place, the generated encoder out
extern crate alloc;

#[path = "generated/rust/bench.rs"]
#[allow(clippy::all)]
mod bench;

use bench::{Record, RecordView};
use std::cell::RefCell;

const REGION: usize = 64 * 1024;
static mut INPUT: [u8; REGION] = [0; REGION];
static mut OUTPUT: [u8; REGION] = [0; REGION];

thread_local! {
    static ANSWER: RefCell<Record> = RefCell::new(Record::default());
}

/// The input region (the host writes the record there), or null when `size` does not fit.
#[no_mangle]
pub extern "C" fn input(size: u32) -> *mut u8 {
    // SAFETY: the host and this guest take turns: no call runs while the host writes.
    if size as usize <= REGION { unsafe { INPUT.as_mut_ptr() } } else { core::ptr::null_mut() }
}

/// The output region (roundTrip answers there), or null when `size` does not fit.
#[no_mangle]
pub extern "C" fn output(size: u32) -> *mut u8 {
    if size as usize <= REGION { unsafe { OUTPUT.as_mut_ptr() } } else { core::ptr::null_mut() }
}

/// The `len` bytes at `ptr`: the host passes a range of this guest's memory.
fn message<'a>(ptr: *const u8, len: u32) -> &'a [u8] {
    if ptr.is_null() { return &[]; }
    // SAFETY: the host passes a range of this guest's memory (its input region).
    unsafe { core::slice::from_raw_parts(ptr, len as usize) }
}

#[no_mangle]
pub extern "C" fn read(ptr: *const u8, len: u32) -> f64 {
    let v = RecordView::root(message(ptr, len));
    let mut sum = v.id() as f64 + v.kind() as f64 + (if v.active() { 1.0 } else { 0.0 }) + v.level() as f64 + v.delta() as f64
        + v.score() as f64 + v.ratio() as f64 + v.weight() + v.time() + v.count() as f64;
    for b in v.name_bytes() {
        sum += *b as f64;
    }
    for x in v.samples().iter() {
        sum += x as f64;
    }
    sum
}

/// Answers in the output region: its length, or -1 when the input is past the decode limits or the answer does not fit.
#[export_name = "roundTrip"]
pub extern "C" fn round_trip(ptr: *const u8, len: u32) -> i32 {
    ANSWER.with(|answer| {
        let mut a = answer.borrow_mut();
        if a.decode_into(message(ptr, len)).is_err() {
            return -1;
        }
        a.score = a.score.wrapping_add(1);
        for x in a.samples.iter_mut() {
            *x *= 2.0;
        }
        // SAFETY: as in `output`.
        match a.encode(unsafe { &mut OUTPUT }) {
            Ok(n) => n as i32,
            Err(_) => -1,
        }
    })
}
