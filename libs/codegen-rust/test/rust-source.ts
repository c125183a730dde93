/**
 * The Rust sources of the conformance programs for one schema, around the
 * generated module (`mod <schema>;`):
 *
 *   - digest functions, per struct, over a viewer (zero-copy) and over a
 *     decoded value, walking every field as docs/conformance.md says;
 *   - nativeTests: one #[test] per vector (viewer digest, decoded digest,
 *     re-encoding byte for byte for roundtrip cases, encoding into exact and
 *     too-small buffers with nothing written past them) and a seeded
 *     mutation loop (xorshift, no crates) asserting no panic and equal
 *     digests whatever the bytes;
 *   - wasmGuest: a cdylib exporting digest_T(ptr, len),
 *     digest_decoded_T(len) and roundtrip_T(len, capacity) over its input and
 *     output regions.
 */
import type { SchemaLayout, StructLayout, TypeLayout } from '@karmem-ts/layout';
import { Names } from '../src';
import { rustString, type Suite } from './harness';

/** Bytes of the wasm guest's input and output regions. */
export const GUEST_CAPACITY = 65536;

const FNV = `
/** FNV-1a 64; \`invalid\` records text that was not UTF-8 (read as U+FFFD, so it cannot round-trip). */
struct Fnv(u64, bool);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf29ce484222325, false)
    }
    fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x100000001b3);
        }
    }
    /** Text (and byte slices): the byte length as u32, then the bytes. */
    fn text(&mut self, bytes: &[u8]) {
        self.bytes(&(bytes.len() as u32).to_le_bytes());
        self.bytes(bytes);
    }
}

trait Digest {
    fn digest(&self, h: &mut Fnv);
}

impl Digest for bool {
    fn digest(&self, h: &mut Fnv) {
        h.bytes(&[*self as u8]);
    }
}

macro_rules! le_digest {
    ($($t:ty),*) => {$(
        impl Digest for $t {
            fn digest(&self, h: &mut Fnv) {
                h.bytes(&self.to_le_bytes());
            }
        }
    )*};
}
le_digest!(u8, i8, u16, i16, u32, i32, u64, i64, f32, f64);
`;

/** The digest functions of every struct of the schema. */
export function digestSource(layout: SchemaLayout, module: string): string {
  const names = new Names(layout);
  const out: string[] = [FNV];
  for (const s of layout.structs) out.push(viewDigest(names, module, s), valueDigest(names, module, s));
  return out.join('\n');
}

function viewDigest(names: Names, module: string, s: StructLayout): string {
  const n = names.struct(s.name);
  const lines = [`fn digest_view_${s.name}(h: &mut Fnv, v: ${module}::${n.view}<'_>) {`];
  if (s.fields.length === 0) lines.push('    let _ = (h, v);');
  for (const f of s.fields) {
    const get = `v.${n.fields.get(f.name)!}()`;
    lines.push(...digestField(f.type, get, 'view', n.bytes.get(f.name) && `v.${n.bytes.get(f.name)!}()`).map((l) => `    ${l}`));
  }
  lines.push('}');
  return lines.join('\n');
}

function valueDigest(names: Names, module: string, s: StructLayout): string {
  const n = names.struct(s.name);
  const lines = [`fn digest_value_${s.name}(h: &mut Fnv, v: &${module}::${n.type}) {`];
  if (s.fields.length === 0) lines.push('    let _ = (h, v);');
  for (const f of s.fields) lines.push(...digestField(f.type, `v.${n.fields.get(f.name)!}`, 'value').map((l) => `    ${l}`));
  lines.push('}');
  return lines.join('\n');
}

function digestField(type: TypeLayout, get: string, side: 'view' | 'value', bytes?: string): string[] {
  const ref = side === 'value' ? '&' : '';
  switch (type.kind) {
    case 'scalar':
      return [`${get}.digest(h);`];
    case 'enum':
      return [`${get}.0.digest(h);`];
    case 'inline':
    case 'table':
      return [`digest_${side}_${type.struct}(h, ${ref}${get});`];
    case 'array':
      return [`for e in ${get}.iter() {`, `    ${elementDigest(type.element, side)}`, '}'];
    case 'slice':
      if (type.string) {
        if (side === 'value') return [`h.text(${get}.as_bytes());`];
        // The &str accessor is the valid prefix of the bytes; decoders make invalid UTF-8 U+FFFD, as here.
        return [
          `assert!(${bytes}.starts_with(${get}.as_bytes()));`,
          `h.1 |= ${get}.len() != ${bytes}.len();`,
          `h.text(String::from_utf8_lossy(${bytes}).as_bytes());`,
        ];
      }
      if (type.element.kind === 'scalar' && type.element.scalar === 'uint8') return [`h.text(&${get});`];
      return [
        '{',
        `    let s = ${ref}${get};`,
        '    h.bytes(&(s.len() as u32).to_le_bytes());',
        '    for e in s.iter() {',
        `        ${elementDigest(type.element, side)}`,
        '    }',
        '}',
      ];
  }
}

function elementDigest(element: { kind: 'scalar'; scalar: string } | { kind: 'inline'; struct: string }, side: 'view' | 'value'): string {
  if (element.kind === 'scalar') return side === 'view' ? 'e.digest(h);' : 'e.digest(h);';
  return side === 'view' ? `digest_view_${element.struct}(h, e);` : `digest_value_${element.struct}(h, e);`;
}

/** Per struct: view digest, decoded digest (None when decoding fails), and the re-encoded bytes. */
function probes(layout: SchemaLayout, module: string): string {
  const names = new Names(layout);
  const out: string[] = [];
  out.push('fn view_digest(ty: &str, data: &[u8]) -> u64 {', '    view_digest_text(ty, data).0', '}', '', '/** The viewer digest, and whether some text was not UTF-8. */', 'fn view_digest_text(ty: &str, data: &[u8]) -> (u64, bool) {', '    let mut h = Fnv::new();', '    match ty {');
  for (const s of layout.structs) out.push(`        "${s.name}" => digest_view_${s.name}(&mut h, ${module}::${names.struct(s.name).view}::root(data)),`);
  out.push('        _ => unreachable!(),', '    }', '    (h.0, h.1)', '}', '');
  out.push('/** The decoded value\'s digest and its re-encoding; Err when decoding fails. */');
  out.push(`fn decode_digest(ty: &str, data: &[u8]) -> Result<(u64, Vec<u8>), ${module}::karmem::Error> {`, '    let mut h = Fnv::new();', '    let bytes = match ty {');
  for (const s of layout.structs) {
    const t = names.struct(s.name).type;
    out.push(`        "${s.name}" => {`);
    out.push(`            let value = ${module}::${t}::decode(data)?;`);
    out.push(`            digest_value_${s.name}(&mut h, &value);`);
    out.push('            value.to_bytes()?');
    out.push('        }');
  }
  out.push('        _ => unreachable!(),', '    };', '    Ok((h.0, bytes))', '}', '');
  out.push('/** The digest of `data` decoded with decode_into into a value that held `previous` (its Vecs and Strings reused). */');
  out.push(`fn decode_into_digest(ty: &str, previous: &[u8], data: &[u8]) -> Result<u64, ${module}::karmem::Error> {`, '    let mut h = Fnv::new();', '    match ty {');
  for (const s of layout.structs) {
    const t = names.struct(s.name).type;
    out.push(`        "${s.name}" => {`);
    out.push(`            let mut value = ${module}::${t}::decode(previous).unwrap_or_default();`);
    out.push('            value.decode_into(data)?;');
    out.push(`            digest_value_${s.name}(&mut h, &value);`);
    out.push('        }');
  }
  out.push('        _ => unreachable!(),', '    }', '    Ok(h.0)', '}', '');
  out.push('/** Encodes the decoded value into `buffer` (for the too-small buffer checks). */');
  out.push(`fn encode_into(ty: &str, data: &[u8], buffer: &mut [u8]) -> Result<usize, ${module}::karmem::Error> {`, '    match ty {');
  for (const s of layout.structs) {
    out.push(`        "${s.name}" => ${module}::${names.struct(s.name).type}::decode(data)?.encode(buffer),`);
  }
  out.push('        _ => unreachable!(),', '    }', '}');
  return out.join('\n');
}

const NATIVE_CHECKS = `
/** Every check of one vector. */
fn check(ty: &str, data: &[u8], expected: u64, roundtrip: bool) {
    assert_eq!(view_digest(ty, data), expected, "viewer digest");
    let (decoded, bytes) = decode_digest(ty, data).expect("decode");
    assert_eq!(decoded, expected, "decoded digest");
    if roundtrip {
        assert_eq!(bytes, data, "re-encoded bytes");
    }
    assert_eq!(view_digest(ty, &bytes), expected, "digest of the re-encoded message");
    // Into a buffer of exactly the message's size, inside a larger one: nothing past it.
    let mut buffer = vec![0xeeu8; bytes.len() + 64];
    assert_eq!(encode_into(ty, data, &mut buffer[..bytes.len()]), Ok(bytes.len()));
    assert_eq!(&buffer[..bytes.len()], &bytes[..]);
    assert!(buffer[bytes.len()..].iter().all(|b| *b == 0xee), "wrote past the buffer");
    // Every smaller capacity (a spread of them for long messages): OutOfSpace, nothing past it.
    let step = if bytes.len() <= 512 { 1 } else { bytes.len() / 256 };
    let mut capacity = 0;
    while capacity < bytes.len() {
        let mut buffer = vec![0xeeu8; bytes.len() + 64];
        assert_eq!(encode_into(ty, data, &mut buffer[..capacity]), Err(KError::OutOfSpace), "capacity {}", capacity);
        assert!(buffer[capacity..].iter().all(|b| *b == 0xee), "wrote past a buffer of {} bytes", capacity);
        capacity += step;
    }
    let last = bytes.len() - 1;
    if bytes.len() > 0 {
        let mut buffer = vec![0xeeu8; bytes.len() + 64];
        assert_eq!(encode_into(ty, data, &mut buffer[..last]), Err(KError::OutOfSpace));
        assert!(buffer[last..].iter().all(|b| *b == 0xee));
    }
}

/** decode_into over a value that held \`previous\` reads what decode reads, or stops at the same limit. */
fn check_reuse(ty: &str, previous: &[u8], data: &[u8]) {
    match (decode_digest(ty, data), decode_into_digest(ty, previous, data)) {
        (Ok((fresh, _)), Ok(reused)) => assert_eq!(reused, fresh, "decode_into after {:02x?} on {:02x?}", previous, data),
        (Err(fresh), Err(reused)) => assert_eq!(reused, fresh, "decode_into stopped differently on {:02x?}", data),
        (fresh, reused) => panic!("decode {:?} but decode_into {:?} on {:02x?}", fresh.map(|d| d.0), reused, data),
    }
}

/** xorshift64*: seeded, no crates. */
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545f4914f6cdd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match rng.below(6) {
        0 => {
            for _ in 0..1 + rng.below(4) {
                if !out.is_empty() {
                    let i = rng.below(out.len());
                    out[i] = rng.next() as u8;
                }
            }
        }
        1 => out.truncate(rng.below(out.len() + 1)),
        2 | 3 => {
            // An offset or a size replaced by a value at an edge.
            if out.len() >= 4 {
                let len = out.len() as u32;
                let edges = [0, 1, 4, 8, len, len - 1, len + 1, len / 2, 0x7fff_ffff, 0x8000_0000, u32::MAX, u32::MAX - 3, rng.next() as u32];
                let value = edges[rng.below(edges.len())];
                let at = if rng.below(2) == 0 { rng.below(out.len() / 4) * 4 } else { rng.below(out.len() - 3) };
                out[at..at + 4].copy_from_slice(&value.to_le_bytes());
            }
        }
        4 => {
            for _ in 0..rng.below(64) {
                out.push(rng.next() as u8);
            }
        }
        _ => {
            let n = rng.below(256);
            out = (0..n).map(|_| rng.next() as u8).collect();
        }
    }
    out
}

/**
 * No panic, and what the viewer reads is what the decoder produced and what
 * the re-encoded message reads. Text that is not UTF-8 decodes with U+FFFD,
 * which is longer: past a [<N]char limit it reads back clamped, so the last
 * check needs valid text.
 */
fn fuzz_one(ty: &str, data: &[u8], limited: &mut u32) {
    let (viewed, invalid_text) = view_digest_text(ty, data);
    match decode_digest(ty, data) {
        Ok((decoded, bytes)) => {
            assert_eq!(decoded, viewed, "viewer and decoder disagree on {:02x?}", data);
            if !invalid_text {
                assert_eq!(view_digest(ty, &bytes), viewed, "re-encoded message reads differently: {:02x?}", data);
            }
        }
        Err(KError::Budget) | Err(KError::TooDeep) => *limited += 1,
        Err(error) => panic!("decode or encode failed: {:?} on {:02x?}", error, data),
    }
}
`;

function testName(id: string): string {
  return `case_${id.replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}`;
}

/** `#[test]` names of the cases, as the test binary prints them. */
export function nativeTestName(c: { readonly id: string }): string {
  return testName(c.id);
}

export const MUTATION_ROUNDS = 200;

/** The wasm guest's allocator (test code: the generated module has no unsafe). */
const BUMP = `
struct Bump;

static mut HEAP_START: usize = 0;
static mut NEXT: usize = 0;
static mut END: usize = 0;

/** Frees everything: each exported call starts with an empty heap (memory stays grown). */
unsafe fn bump_reset() {
    NEXT = HEAP_START;
}

unsafe impl core::alloc::GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: core::alloc::Layout) -> *mut u8 {
        const PAGE: usize = 0x10000;
        if END == 0 {
            // The heap starts at the end of the memory the guest was given.
            let old = core::arch::wasm32::memory_grow(0, 1);
            if old == usize::MAX {
                return core::ptr::null_mut();
            }
            HEAP_START = old * PAGE;
            NEXT = HEAP_START;
            END = HEAP_START + PAGE;
        }
        let start = (NEXT + layout.align() - 1) & !(layout.align() - 1);
        let end = match start.checked_add(layout.size()) {
            Some(end) => end,
            None => return core::ptr::null_mut(),
        };
        if end > END {
            // Nothing else grows the memory: new pages follow the heap.
            let pages = (end - END + PAGE - 1) / PAGE;
            if core::arch::wasm32::memory_grow(0, pages) == usize::MAX {
                return core::ptr::null_mut();
            }
            END += pages * PAGE;
        }
        NEXT = end;
        start as *mut u8
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: core::alloc::Layout) {}
}

#[global_allocator]
static ALLOCATOR: Bump = Bump;
`;

/** The root of the native test crate. */
export function nativeTests(suite: Suite, module: string): string {
  const { layout, cases } = suite;
  const out: string[] = [
    `// Conformance tests for schema \`${layout.name}\`: generated by libs/codegen-rust/test/rust-source.ts.`,
    '#![allow(dead_code, non_snake_case)]',
    'extern crate alloc;',
    '',
    `mod ${module};`,
    '',
    `use ${module}::karmem::Error as KError;`,
    '',
    digestSource(layout, module),
    '',
    probes(layout, module),
    NATIVE_CHECKS,
  ];
  for (const c of cases) {
    out.push('#[test]');
    out.push(`fn ${testName(c.id)}() {`);
    out.push(`    check("${c.type}", include_bytes!(${rustString(c.file)}), 0x${c.expected.toString(16)}, ${c.kind === 'roundtrip'});`);
    out.push('}', '');
  }
  // decode_into over every other vector of the same type: slices that shrink, grow and keep their length.
  out.push('#[test]');
  out.push('fn decode_into_reuses_values() {');
  out.push('    let vectors: &[(&str, &[u8])] = &[');
  for (const c of cases) out.push(`        ("${c.type}", include_bytes!(${rustString(c.file)})),`);
  out.push('    ];');
  out.push('    for (ty, previous) in vectors {');
  out.push('        for (other, data) in vectors {');
  out.push('            if ty == other {');
  out.push('                check_reuse(ty, previous, data);');
  out.push('            }');
  out.push('        }');
  out.push('    }');
  out.push('}', '');
  out.push('#[test]');
  out.push('fn mutations() {');
  out.push('    let vectors: &[(&str, &[u8])] = &[');
  for (const c of cases) out.push(`        ("${c.type}", include_bytes!(${rustString(c.file)})),`);
  out.push('    ];');
  out.push(`    let mut rng = Rng(0x9e3779b97f4a7c15 ^ ${cases.length});`);
  out.push('    let (mut runs, mut limited) = (0u32, 0u32);');
  out.push(`    for _ in 0..${MUTATION_ROUNDS} {`);
  out.push('        for (ty, bytes) in vectors {');
  out.push('            let mutant = mutate(bytes, &mut rng);');
  out.push('            fuzz_one(ty, &mutant, &mut limited);');
  out.push('            check_reuse(ty, bytes, &mutant);');
  out.push('            runs += 1;');
  out.push('        }');
  out.push('    }');
  out.push('    println!("mutations: {} runs, {} stopped at a decode limit", runs, limited);');
  out.push('}');
  return out.join('\n') + '\n';
}

/**
 * The root of the wasm32 guest: a cdylib (the generated module as is, feature
 * "alloc") with a bump allocator over memory.grow that every exported call
 * starts afresh (nothing outlives a call). It links std only because Rust
 * 1.63 has no stable way for a `#![no_std]` binary to use alloc (no default
 * alloc error handler before 1.68); no-std.spec.ts checks the module itself
 * builds `#![no_std]`. A panic is a trap (panic=abort on wasm32).
 */
export function wasmGuest(layout: SchemaLayout, module: string): string {
  const names = new Names(layout);
  const out: string[] = [
    `// Conformance guest for schema \`${layout.name}\`: generated by libs/codegen-rust/test/rust-source.ts.`,
    '#![allow(dead_code, non_snake_case)]',
    'extern crate alloc;',
    '',
    `mod ${module};`,
    '',
    BUMP,
    digestSource(layout, module),
    '',
    `const CAPACITY: usize = ${GUEST_CAPACITY};`,
    'static mut INPUT: [u8; CAPACITY] = [0; CAPACITY];',
    'static mut OUTPUT: [u8; CAPACITY] = [0; CAPACITY];',
    '',
    '#[no_mangle]',
    'pub extern "C" fn input_ptr() -> *mut u8 {',
    '    unsafe { INPUT.as_mut_ptr() }',
    '}',
    '',
    '#[no_mangle]',
    'pub extern "C" fn output_ptr() -> *mut u8 {',
    '    unsafe { OUTPUT.as_mut_ptr() }',
    '}',
    '',
    '#[no_mangle]',
    'pub extern "C" fn capacity() -> u32 {',
    '    CAPACITY as u32',
    '}',
    '',
    'fn input(length: u32) -> &\'static [u8] {',
    '    unsafe { &INPUT[..(length as usize).min(CAPACITY)] }',
    '}',
    '',
    `fn code(error: ${module}::karmem::Error) -> i32 {`,
    '    match error {',
    `        ${module}::karmem::Error::OutOfSpace => -1,`,
    `        ${module}::karmem::Error::TooLarge => -2,`,
    `        ${module}::karmem::Error::TooDeep => -4,`,
    `        ${module}::karmem::Error::Budget => -6,`,
    '    }',
    '}',
  ];
  for (const s of layout.structs) {
    const n = names.struct(s.name);
    out.push(
      '',
      '#[no_mangle]',
      `pub extern "C" fn digest_${s.name}(ptr: *const u8, length: u32) -> u64 {`,
      '    unsafe { bump_reset() };',
      '    let data = unsafe { core::slice::from_raw_parts(ptr, length as usize) };',
      '    let mut h = Fnv::new();',
      `    digest_view_${s.name}(&mut h, ${module}::${n.view}::root(data));`,
      '    h.0',
      '}',
      '',
      '#[no_mangle]',
      `pub extern "C" fn digest_decoded_${s.name}(length: u32) -> u64 {`,
      '    unsafe { bump_reset() };',
      `    match ${module}::${n.type}::decode(input(length)) {`,
      '        Ok(value) => {',
      '            let mut h = Fnv::new();',
      `            digest_value_${s.name}(&mut h, &value);`,
      '            h.0',
      '        }',
      '        Err(_) => 0,',
      '    }',
      '}',
      '',
      '#[no_mangle]',
      `pub extern "C" fn roundtrip_${s.name}(length: u32, capacity: u32) -> i32 {`,
      '    unsafe { bump_reset() };',
      `    let value = match ${module}::${n.type}::decode(input(length)) {`,
      '        Ok(value) => value,',
      '        Err(error) => return code(error),',
      '    };',
      '    let output = unsafe { &mut OUTPUT[..(capacity as usize).min(CAPACITY)] };',
      '    match value.encode(output) {',
      '        Ok(length) => length as i32,',
      '        Err(error) => code(error),',
      '    }',
      '}',
    );
  }
  return out.join('\n') + '\n';
}

/**
 * The fuzz target's batch program (test/fuzz-target.spec.ts): `type file`
 * pairs as arguments, one JSON line per input on stdout: the viewer digest
 * (and whether some text was not UTF-8), the decode's outcome (`ok` or the
 * error's name), the decoded value's digest, the digest of its re-encoding,
 * and the outcome and digest of a read_view into one value per type reused
 * across the whole batch, errors included (reuse). Decodes get \`budget\` units, as the host's
 * decoder in the spec does. Digests are decimal strings (u64). A panic ends
 * the batch with a non-zero exit: the spec replays its inputs one by one.
 */
export function fuzzBatch(layout: SchemaLayout, module: string, budget: number): string {
  const names = new Names(layout);
  const error = `${module}::karmem::Error`;
  const decoder = `&mut ${module}::karmem::Decoder::with_budget(BUDGET)`;
  const out = [
    `// The fuzz batch program for schema \`${layout.name}\`: generated by libs/codegen-rust/test/rust-source.ts.`,
    '#![allow(dead_code, non_snake_case)]',
    'extern crate alloc;',
    '',
    `mod ${module};`,
    '',
    `const BUDGET: u64 = ${budget};`,
    '',
    digestSource(layout, module),
    '',
    probes(layout, module),
    '',
    `fn fuzz_decode(ty: &str, data: &[u8]) -> Result<(u64, Vec<u8>), ${error}> {`,
    '    let mut h = Fnv::new();',
    '    let bytes = match ty {',
  ];
  for (const s of layout.structs) {
    const n = names.struct(s.name);
    out.push(`        "${s.name}" => {`, `            let value = ${module}::${n.type}::decode_with(data, ${decoder})?;`);
    out.push(`            digest_value_${s.name}(&mut h, &value);`, '            value.to_bytes()?', '        }');
  }
  out.push('        _ => unreachable!(),', '    };', '    Ok((h.0, bytes))', '}', '');
  // One value per type, read into again and again across the batch (after an error too).
  out.push('#[derive(Default)]', 'struct Reused {');
  layout.structs.forEach((s, i) => out.push(`    s${i}: ${module}::${names.struct(s.name).type},`));
  out.push('}', '');
  out.push(`fn fuzz_reuse(reused: &mut Reused, ty: &str, data: &[u8]) -> Result<u64, ${error}> {`, '    let mut h = Fnv::new();', '    match ty {');
  layout.structs.forEach((s, i) => {
    out.push(`        "${s.name}" => {`);
    out.push(`            reused.s${i}.read_view(${module}::${names.struct(s.name).view}::root(data), ${decoder})?;`);
    out.push(`            digest_value_${s.name}(&mut h, &reused.s${i});`, '        }');
  });
  out.push('        _ => unreachable!(),', '    }', '    Ok(h.0)', '}', '');
  out.push(
    `fn outcome<T>(result: &Result<T, ${error}>) -> String {`,
    '    match result {',
    '        Ok(_) => "ok".to_string(),',
    '        Err(error) => format!("{:?}", error),',
    '    }',
    '}',
    '',
    'fn main() {',
    '    let args: Vec<String> = std::env::args().skip(1).collect();',
    '    let mut reused = Reused::default();',
    '    let mut out = String::new();',
    '    for pair in args.chunks(2) {',
    '        let (ty, file) = (pair[0].as_str(), pair[1].as_str());',
    '        let data = std::fs::read(file).expect("read the input");',
    '        let (view, invalid) = view_digest_text(ty, &data);',
    '        let decoded = fuzz_decode(ty, &data);',
    '        let reuse = fuzz_reuse(&mut reused, ty, &data);',
    '        let (digest, output) = match &decoded {',
    '            Ok((digest, bytes)) => (*digest, view_digest(ty, bytes)),',
    '            Err(_) => (0, 0),',
    '        };',
    '        out.push_str(&format!(',
    '            "{{\\"view\\":\\"{}\\",\\"invalid\\":{},\\"decode\\":\\"{}\\",\\"decoded\\":\\"{}\\",\\"output\\":\\"{}\\",\\"reuse\\":\\"{}\\",\\"reused\\":\\"{}\\"}}\\n",',
    '            view, invalid, outcome(&decoded), digest, output, outcome(&reuse), reuse.unwrap_or(0)',
    '        ));',
    '    }',
    '    print!("{}", out);',
    '}',
  );
  return out.join('\n') + '\n';
}
