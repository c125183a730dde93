/**
 * `karmem_abi.rs`: the guest half of the ABI (docs/abi.md) for Rust guests,
 * the same for every schema, as libs/linker/assembly is for AssemblyScript
 * guests and `karmem_abi.h` (./c-abi.ts) for C. The per-module files of
 * ./rust.ts call it; a guest declares it once, beside them (`mod karmem_abi;`).
 *
 * It holds the three ABI exports, the frame, the host's regions, the glue's
 * answer and argument buffers, the error types (`Failure`, `CallError`) and a
 * global allocator whose pages come from `memory.grow` (copy mode) or the
 * host's `karmem.arena_grow` (`--cfg karmem_host_arena`: imported memory).
 * All of the glue's `unsafe` is in this file.
 */
import { GeneratedFile, type GeneratedOutput } from '@karmem-ts/codegen-core';

export const RUST_ABI_MODULE = 'karmem_abi';

/** Bumped whenever the runtime's API changes; module files check it. */
export const RUST_ABI_VERSION = 1;

/**
 * The linker rustc must use for shared mode (docs/rust.md, "Interfaces and
 * modules"): rust-lld without `--stack-first`, which rustc's wasm32 target
 * always passes and which puts the stack at address 0 and ignores
 * `--global-base`; without it, the static data starts at the base and the stack follows it.
 */
export const RUST_SHARED_LINKER = `#!/bin/sh
# rust-lld without --stack-first: static data from --global-base, then the stack (karmem-ts, docs/rust.md).
for arg do
  shift
  [ "$arg" = "--stack-first" ] || set -- "$@" "$arg"
done
exec "\${KARMEM_RUST_LLD:-rust-lld}" "$@"
`;

const BODY = String.raw`//! The guest half of the karmem ABI, version 1 (docs/abi.md), for Rust guests
//! (wasm32-unknown-unknown): what libs/linker/assembly is for
//! AssemblyScript and karmem_abi.h for C. The same for every schema; the
//! per-module files of the glue (<schema>_<module>.rs) call it.
//!
//! It holds the three ABI exports, the frame, the host's regions (IN and RET),
//! the glue's answer and argument buffers, and the global allocator under
//! them: whole pages from memory.grow when the guest owns its memory, from
//! the host's karmem.arena_grow with --cfg karmem_host_arena (imported
//! memory, isolated or shared). --cfg karmem_own_allocator leaves the
//! allocator to you (in shared mode it must take its pages from arena_grow).
//!
//! All the unsafe of the glue is here: the imports, the allocator, and
//! slices over memory the host wrote. Each block says why it holds.
#![allow(dead_code)]

use core::cell::UnsafeCell;

/// The ABI version this guest speaks; the linker refuses any other.
pub const ABI_VERSION: i32 = 1;

/// The version of this file's API; the module files of the same karmem-ts check it.
pub const RUNTIME_VERSION: u32 = ${RUST_ABI_VERSION};

// Status codes (docs/abi.md, "Status"): a call returns a length (>= 0) or -code.
// 1-15 belong to the guest runtime, 16-63 to the linker, 64 and up to the application.
pub const STATUS_OUT_OF_SPACE: u32 = 1;
pub const STATUS_TOO_LARGE: u32 = 2;
pub const STATUS_OUT_OF_MEMORY: u32 = 3;
pub const STATUS_DECODE_DEPTH: u32 = 4;
pub const STATUS_DECODE_BUDGET: u32 = 5;
pub const STATUS_CALLEE_TRAPPED: u32 = 16;
pub const STATUS_CALLEE_FAILED: u32 = 17;
pub const STATUS_REENTRANT: u32 = 18;
pub const STATUS_TIMEOUT: u32 = 19;
pub const STATUS_MEMORY_CAP: u32 = 20;
pub const STATUS_APPLICATION: u32 = 64;

const PAGE: usize = 65536;
const FRAME_OUT: usize = 0;
const FRAME_RET: usize = 1;
const FRAME_MEMORY_BASE: usize = 2;
const FRAME_HEAP_BASE: usize = 3;
const REGION_IN: i32 = 0;
const REGION_RET: i32 = 1;

/// Why a function you implement failed: the status its export returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Failure(u32);

impl Failure {
    /// An application code: the host gets a GuestError with it. Codes below 64 become 64.
    pub fn application(code: u32) -> Failure {
        Failure(code.max(STATUS_APPLICATION))
    }

    /// The code the export returns (negated).
    pub fn code(self) -> u32 {
        self.0
    }
}

/// Passes on why an import failed: its callee's code (the linker's codes
/// 16-63 may be passed on only this way: those the linker returned to one of
/// this call's imports), the encoder's, or CALLEE_FAILED for an answer that
/// does not lie in this guest's memory.
impl From<CallError> for Failure {
    fn from(error: CallError) -> Failure {
        Failure(error.code())
    }
}

/// Why an import call gave no answer. Plain wrappers never give Status: a
/// failed plain import ends the module's call (a trap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallError {
    /// The import returned -code: the callee failed with its code (64 and up), or the linker's (16-63).
    Status(u32),
    /// The argument could not be encoded (2 TOO_LARGE, 4 too deep...): nothing was called.
    Encode(u32),
    /// The status or the answer's address lies: the answer is not inside this
    /// guest's memory, or a function with an answer gave none. Nothing was read.
    BadAnswer,
}

impl CallError {
    /// The status code: Status and Encode's own, CALLEE_FAILED for BadAnswer.
    pub fn code(self) -> u32 {
        match self {
            CallError::Status(code) | CallError::Encode(code) => code,
            CallError::BadAnswer => STATUS_CALLEE_FAILED,
        }
    }
}

impl core::fmt::Display for CallError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CallError::Status(code) => write!(f, "karmem: the import failed with status {}", code),
            CallError::Encode(code) => write!(f, "karmem: the argument could not be encoded (status {})", code),
            CallError::BadAnswer => f.write_str("karmem: the import's answer lies outside this guest's memory"),
        }
    }
}

/// State the glue keeps for the whole instance. Wasm guests are single-threaded
/// and the linker never re-enters a module that is running a call (docs/abi.md,
/// "Calling conventions"), so one &mut at a time is all Global::with hands out;
/// a nested with of the same value traps instead.
pub struct Global<T> {
    value: UnsafeCell<Option<T>>,
    busy: UnsafeCell<bool>,
}

// SAFETY: wasm32-unknown-unknown guests have one thread; with refuses re-entry.
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    pub const fn new() -> Self {
        Global { value: UnsafeCell::new(None), busy: UnsafeCell::new(false) }
    }

    /// Runs f on the value, made with init at the first use.
    pub fn with<R>(&'static self, init: impl FnOnce() -> T, f: impl FnOnce(&mut T) -> R) -> R {
        // SAFETY: one thread, and busy makes sure no other &mut to the value is alive.
        unsafe {
            if *self.busy.get() {
                core::arch::wasm32::unreachable();
            }
            *self.busy.get() = true;
            let value = (*self.value.get()).get_or_insert_with(init);
            let result = f(value);
            *self.busy.get() = false;
            result
        }
    }
}

/// The frame (docs/abi.md, "The frame"): four u32 the host reads and writes.
#[repr(C, align(16))]
struct Frame(UnsafeCell<[u32; 4]>);

// SAFETY: one thread; the host writes the frame only while this guest is calling out.
unsafe impl Sync for Frame {}

static FRAME: Frame = Frame(UnsafeCell::new([0; 4]));

fn frame_get(slot: usize) -> u32 {
    // SAFETY: slot < 4; volatile: the host writes the frame during import calls.
    unsafe { core::ptr::read_volatile((FRAME.0.get() as *const u32).add(slot & 3)) }
}

fn frame_set(slot: usize, value: u32) {
    // SAFETY: as frame_get.
    unsafe { core::ptr::write_volatile((FRAME.0.get() as *mut u32).add(slot & 3), value) }
}

extern "C" {
    // Set by wasm-ld: the first byte of static data (--global-base) and the first byte after static data and stack.
    static __global_base: u8;
    static __heap_base: u8;
}

/// Bytes of this guest's memory (the shared memory, in shared mode).
fn memory_bytes() -> u64 {
    core::arch::wasm32::memory_size(0) as u64 * PAGE as u64
}

/// The bytes at [address, address + length) of memory, or None when they are not all inside it.
fn memory_slice(address: u32, length: u32) -> Option<&'static [u8]> {
    if address as u64 + length as u64 > memory_bytes() {
        return None;
    }
    if length == 0 {
        return Some(&[]);
    }
    if address == 0 {
        // A slice may not start at the null pointer in Rust, and no region of the ABI does.
        return None;
    }
    // SAFETY: the range lies inside linear memory, which every address of it can read; the
    // host or a callee wrote it, and nothing in Rust holds a &mut to it while this slice is read
    // (the regions the host writes into are never handed out as Rust values).
    Some(unsafe { core::slice::from_raw_parts(address as usize as *const u8, length as usize) })
}

// ---- ABI exports ----

#[export_name = "karmem_abi_version"]
pub extern "C" fn karmem_abi_version() -> i32 {
    ABI_VERSION
}

#[export_name = "karmem_frame"]
pub extern "C" fn karmem_frame() -> u32 {
    // SAFETY: only the addresses of the linker's symbols are taken, never their bytes.
    let (memory_base, heap_base) = unsafe { (&__global_base as *const u8 as u32, &__heap_base as *const u8 as u32) };
    frame_set(FRAME_MEMORY_BASE, memory_base);
    frame_set(FRAME_HEAP_BASE, heap_base);
    FRAME.0.get() as usize as u32
}

/// A host region: raw bytes the host writes into, never seen by Rust as a value.
struct Region {
    address: usize,
    capacity: usize,
}

static REGIONS: Global<[Region; 2]> = Global::new();

/// A region of at least size bytes for the host to write into (copy mode); 0 when memory cannot grow.
#[export_name = "karmem_reserve"]
pub extern "C" fn karmem_reserve(region: i32, size: u32) -> u32 {
    let slot = match region {
        REGION_IN => 0,
        REGION_RET => 1,
        _ => return 0,
    };
    REGIONS.with(
        || [Region { address: 0, capacity: 0 }, Region { address: 0, capacity: 0 }],
        |regions| {
            let r = &mut regions[slot];
            if r.address == 0 || (size as usize) > r.capacity {
                let capacity = (size as usize).max(256);
                let layout = match core::alloc::Layout::from_size_align(capacity, 16) {
                    Ok(layout) => layout,
                    Err(_) => return 0,
                };
                // SAFETY: a non-zero size; the old block was allocated with the layout freed here.
                unsafe {
                    if r.address != 0 {
                        alloc::alloc::dealloc(r.address as *mut u8, core::alloc::Layout::from_size_align_unchecked(r.capacity, 16));
                    }
                    let address = alloc::alloc::alloc(layout) as usize;
                    *r = Region { address, capacity: if address == 0 { 0 } else { capacity } };
                }
            }
            r.address as u32
        },
    )
}

// ---- Around the functions you implement (the module files' exports call these) ----

struct Buffers {
    /// Where the glue encodes this guest's answers.
    answer: alloc::vec::Vec<u8>,
    /// Where the glue encodes the arguments of its imports.
    argument: alloc::vec::Vec<u8>,
    /// The argument of the export call under way, as the host passed it.
    call: (u32, u32),
}

static BUFFERS: Global<Buffers> = Global::new();

fn buffers<R>(f: impl FnOnce(&mut Buffers) -> R) -> R {
    BUFFERS.with(|| Buffers { answer: alloc::vec::Vec::new(), argument: alloc::vec::Vec::new(), call: (0, 0) }, f)
}

/// Starts an export call: the argument's bytes, in place (empty if the host's range is not in memory).
pub fn begin(ptr: u32, len: u32) -> &'static [u8] {
    buffers(|b| b.call = (ptr, len));
    memory_slice(ptr, len).unwrap_or(&[])
}

/// The argument of the export call under way, as the caller sent it: pass it
/// to an import's _bytes wrapper to forward it with no copy in this guest.
/// Valid until this call returns: do not keep it.
pub fn argument() -> &'static [u8] {
    let (ptr, len) = buffers(|b| b.call);
    memory_slice(ptr, len).unwrap_or(&[])
}

/// What an export with an answer returns: encodes it with encode (which
/// gives the message's length or a status code) into the answer buffer,
/// publishes its address, returns its length or -code.
pub fn publish(encode: impl FnOnce(&mut alloc::vec::Vec<u8>) -> Result<usize, u32>) -> i32 {
    buffers(|b| match encode(&mut b.answer) {
        Ok(length) => {
            frame_set(FRAME_OUT, b.answer.as_ptr() as u32);
            length as i32
        }
        Err(code) => status(code),
    })
}

/// What an export without an answer returns: 0.
pub fn done() -> i32 {
    frame_set(FRAME_OUT, 0);
    0
}

/// The status of a failure: -code.
pub fn status(code: u32) -> i32 {
    (code as i32).wrapping_neg()
}

// ---- Around imports (the module files' wrappers call these) ----

/// An import of the karmem ABI: karmem:<I>.<F> or karmem-checked:<I>.<F>.
pub type Import = unsafe extern "C" fn(u32, u32) -> i32;

/// Calls import with message, wherever it lies in this guest's memory; its status.
#[inline]
pub fn call_bytes(import: Import, message: &[u8]) -> i32 {
    // SAFETY: an import of the ABI reads (address, length) from this guest's memory and writes only its frame.
    unsafe { import(message.as_ptr() as u32, message.len() as u32) }
}

/// Encodes the argument with encode into the argument buffer and calls import; its status.
#[inline]
pub fn call_encoded(import: Import, encode: impl FnOnce(&mut alloc::vec::Vec<u8>) -> Result<usize, u32>) -> Result<i32, CallError> {
    let (address, length) = buffers(|b| encode(&mut b.argument).map(|length| (b.argument.as_ptr() as u32, length as u32))).map_err(CallError::Encode)?;
    // SAFETY: as call_bytes; the argument buffer is not touched until the call returns.
    Ok(unsafe { import(address, length) })
}

/// The answer of an import that returned status, in place (in the RET region,
/// or in the callee's memory when it shares this one), valid until the next import call.
/// plain: the import is karmem:<I>, whose failure ends this module's call
/// here (a trap, as the AssemblyScript and C wrappers do): the module is reset,
/// and the host gets an ImportFailedError whose cause is the callee's error.
pub fn answer(status: Result<i32, CallError>, plain: bool) -> Result<&'static [u8], CallError> {
    let status = checked(status, plain)?;
    if status == 0 {
        return Err(CallError::BadAnswer);
    }
    memory_slice(frame_get(FRAME_RET), status as u32).ok_or(CallError::BadAnswer)
}

/// The outcome of an import without an answer; plain as for answer.
pub fn no_answer(status: Result<i32, CallError>, plain: bool) -> Result<(), CallError> {
    checked(status, plain).map(|_| ())
}

fn checked(status: Result<i32, CallError>, plain: bool) -> Result<i32, CallError> {
    let status = status?;
    if status < 0 {
        if plain {
            // The call failed: this module's call ends here, and a failure is never read as data.
            core::arch::wasm32::unreachable();
        }
        return Err(CallError::Status(status.unsigned_abs()));
    }
    Ok(status)
}

// ---- The allocator ----

/// A global allocator for guests: blocks in power-of-two classes from 16 bytes
/// to 1 GiB, carved from whole pages by a bump pointer and kept on one free
/// list per class once freed (a block of the same class reuses them). Its pages
/// come from memory.grow, or the host's karmem.arena_grow with --cfg
/// karmem_host_arena; it never assumes anything about memory it was not given.
pub struct Allocator;

struct Heap {
    /// Pages not handed out yet: [next, end).
    next: usize,
    end: usize,
    free: [usize; 27],
}

struct HeapCell(UnsafeCell<Heap>);

// SAFETY: one thread, and the allocator never calls out while it holds the heap.
unsafe impl Sync for HeapCell {}

static HEAP: HeapCell = HeapCell(UnsafeCell::new(Heap { next: 0, end: 0, free: [0; 27] }));

#[cfg(karmem_host_arena)]
#[link(wasm_import_module = "karmem")]
extern "C" {
    /// A fresh, page-aligned chunk of bytes rounded up to whole pages; throws past the module's memory cap.
    #[link_name = "arena_grow"]
    fn karmem_arena_grow(bytes: u32) -> u32;
}

/// Fresh pages for at least bytes bytes: (address, bytes), or None when memory cannot grow.
fn pages(bytes: usize) -> Option<(usize, usize)> {
    let pages = (bytes + PAGE - 1) / PAGE;
    if pages == 0 || pages > 32768 {
        return None;
    }
    #[cfg(karmem_host_arena)]
    // SAFETY: the host's allocator import: it hands out pages nobody else uses.
    let address = unsafe { karmem_arena_grow((pages * PAGE) as u32) } as usize;
    #[cfg(not(karmem_host_arena))]
    let address = match core::arch::wasm32::memory_grow(0, pages) {
        usize::MAX => return None, // the memory's maximum: the module's memoryLimit
        old => old * PAGE,
    };
    Some((address, pages * PAGE))
}

fn class_of(size: usize) -> Option<usize> {
    let size = size.max(16);
    if size > 1 << 30 {
        return None;
    }
    Some((usize::BITS - (size - 1).leading_zeros()) as usize - 4)
}

unsafe impl core::alloc::GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: core::alloc::Layout) -> *mut u8 {
        let class = match class_of(layout.size().max(layout.align())) {
            Some(class) => class,
            None => return core::ptr::null_mut(),
        };
        let block = 16usize << class;
        let align = layout.align().max(16);
        // SAFETY: one thread; no other reference to the heap is alive.
        let heap = &mut *HEAP.0.get();
        let head = heap.free[class];
        if head != 0 && head % align == 0 {
            heap.free[class] = *(head as *const usize);
            return head as *mut u8;
        }
        let mut start = (heap.next + align - 1) & !(align - 1);
        if heap.next == 0 || start + block > heap.end {
            let (address, got) = match pages(block + align) {
                Some(got) => got,
                None => return core::ptr::null_mut(),
            };
            // Pages right after the current ones extend them; otherwise the rest of the current ones is left.
            if address != heap.end || heap.next == 0 {
                heap.next = address;
            }
            heap.end = address + got;
            start = (heap.next + align - 1) & !(align - 1);
        }
        heap.next = start + block;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: core::alloc::Layout) {
        if let Some(class) = class_of(layout.size().max(layout.align())) {
            // SAFETY: the block is at least 16 bytes, 16-byte aligned and no longer used.
            let heap = &mut *HEAP.0.get();
            *(ptr as *mut usize) = heap.free[class];
            heap.free[class] = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: core::alloc::Layout, new_size: usize) -> *mut u8 {
        // A block of the same class already holds new_size bytes.
        if class_of(layout.size().max(layout.align())) == class_of(new_size.max(layout.align())) {
            return ptr;
        }
        let new_layout = core::alloc::Layout::from_size_align_unchecked(new_size, layout.align());
        let new = self.alloc(new_layout);
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}

#[cfg(not(karmem_own_allocator))]
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;
`;

/** The runtime, as a generated file. */
export function rustAbiModule(generator: string): GeneratedOutput {
  const path = `${RUST_ABI_MODULE}.rs`;
  const file = new GeneratedFile(path, { language: 'rust', sources: [], generator });
  for (const line of BODY.trimEnd().split('\n')) file.line(line);
  return { path, content: file.toString() };
}
