/**
 * The conformance guest: an AssemblyScript entry, generated for one schema,
 * that lets a host check the generated code against the conformance vectors
 * (docs/conformance.md). It imports the module `generateAssemblyScript` made
 * for the same schema and exports, for every struct `T`:
 *
 *   input(length: u32): usize        a buffer of at least `length` bytes for the host to write a message into
 *   output(capacity: u32): usize     a buffer of at least `capacity` bytes for answers
 *   roundtrip_T(length: u32, out: usize, capacity: u32): i32
 *                                    decodes the input with the object API (`decodeT`) and encodes the
 *                                    value again into [out, out + capacity): the length, or -code
 *                                    (-ERR_DECODE_DEPTH / -ERR_DECODE_BUDGET when the decode stopped
 *                                    at a limit: nothing is encoded)
 *   digest_T(length: u32): u64       the conformance digest (FNV-1a over every field), read through the
 *                                    zero-copy viewer (`viewT`)
 *
 * The digest hashes `[]char` as the UTF-8 of the text a host decodes (its
 * TextDecoder replaces invalid sequences), as the host's `digestValue` does:
 * in place when the bytes are valid UTF-8, which they are in every message a
 * writer made.
 */
import { GeneratedFile, type GeneratedOutput } from '@karmem-ts/codegen-core';
import type { ElementLayout, FieldLayout, SchemaLayout, StructLayout } from '@karmem-ts/layout';
import { DEFAULT_RUNTIME_IMPORT, GENERATOR_NAME, MAX_DECODE_DEPTH } from './generate';
import { assignNames, type Names } from './names';
import { AS_SCALARS, recursiveSlices } from './types';

export interface ConformanceGuestOptions {
  /** The schema file, printed in the header. */
  readonly source: string;
  /** How the entry imports the generated module. Default: `./<schema name>`. */
  readonly schemaImport?: string;
  /** Default: `@karmem-ts/runtime-as/assembly`. */
  readonly runtimeImport?: string;
  /** Output file name. Default: `<schema name>.guest.ts`. */
  readonly path?: string;
}

export function generateConformanceGuest(layout: SchemaLayout, options: ConformanceGuestOptions): GeneratedOutput {
  const path = options.path ?? `${layout.name}.guest.ts`;
  const file = new GeneratedFile(path, { language: 'assemblyscript', sources: [options.source], generator: `${GENERATOR_NAME}, conformance guest` });
  file.importNamespace('karmem', options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT);
  file.importNamespace('schema', options.schemaImport ?? `./${layout.name}`);
  const names = assignNames(layout);
  const recursive = recursiveSlices(layout).size > 0;
  file.lines(PRELUDE);
  if (recursive) {
    file.blank();
    file.line(`// Slices of structs are followed ${MAX_DECODE_DEPTH} deep, as the host's decoder does: the schema`);
    file.line('// is recursive, and a hostile message can point a slice back at its own table.');
    file.line('let depth: i32 = 0;');
  }
  const digest: Digest = { file, names, recursive };
  for (const struct of layout.structs) emitExports(digest, struct);
  for (const struct of layout.structs) emitDigest(digest, struct);
  return { path, content: file.toString() };
}

const PRELUDE = `// Checks the generated code of one schema from a host: see
// libs/codegen-as/src/conformance-guest.ts for the exports.

// One reader and one writer for every call (\`new\` allocates).
const reader = new karmem.Reader(0, 0);
const writer = karmem.Writer.fixed(0, 0);

let inputAt: usize = 0;
let inputCapacity: u32 = 0;
let outputAt: usize = 0;
let outputCapacity: u32 = 0;

/** A buffer of at least \`length\` bytes for the host to write a message into (raw heap memory). */
export function input(length: u32): usize {
    if (inputAt == 0 || length > inputCapacity) {
        if (inputAt != 0) heap.free(inputAt);
        inputCapacity = max(length, 64);
        inputAt = heap.alloc(<usize>inputCapacity);
    }
    return inputAt;
}

/** A buffer of at least \`capacity\` bytes for answers (raw heap memory). */
export function output(capacity: u32): usize {
    if (outputAt == 0 || capacity > outputCapacity) {
        if (outputAt != 0) heap.free(outputAt);
        outputCapacity = max(capacity, 64);
        outputAt = heap.alloc(<usize>outputCapacity);
    }
    return outputAt;
}

// ---------------------------------------------------------------- FNV-1a 64

let hash: u64 = 0;

// @ts-ignore: decorator
@inline function feed(value: u64, bytes: i32): void {
    let h = hash;
    for (let i = 0; i < bytes; i++) {
        h = (h ^ ((value >>> (<u64>i << 3)) & 0xFF)) * 0x100000001B3;
    }
    hash = h;
}

function feedBytes(at: usize, length: u32): void {
    let h = hash;
    for (let i: usize = 0; i < <usize>length; i++) h = (h ^ <u64>load<u8>(at + i)) * 0x100000001B3;
    hash = h;
}

/** Whether \`length\` bytes at \`at\` are valid UTF-8 (no overlong forms, surrogates or values past U+10FFFF). */
function validUTF8(at: usize, length: u32): bool {
    const end = at + <usize>length;
    let i = at;
    while (i < end) {
        const c = <u32>load<u8>(i++);
        if (c < 0x80) continue;
        let need: u32 = 0;
        let lo: u32 = 0x80;
        let hi: u32 = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;
            else if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            else if (c == 0xF4) hi = 0x8F;
        } else {
            return false;
        }
        for (; need > 0; need--) {
            if (i >= end) return false;
            const b = <u32>load<u8>(i++);
            if (b < lo || b > hi) return false;
            lo = 0x80;
            hi = 0xBF;
        }
    }
    return true;
}

/** A string field: its byte length, then its bytes, as the host hashes the text it decodes. */
function feedText(r: karmem.Reader, s: karmem.Slice): void {
    const at = r.address(karmem.sliceOffset(s));
    const length = karmem.sliceLength(s);
    if (validUTF8(at, length)) {
        feed(length, 4);
        feedBytes(at, length);
        return;
    }
    // Invalid UTF-8: hash what a host's TextDecoder makes of it, re-encoded.
    const text = karmem.decodeUTF8(at, length);
    const size = karmem.utf8Length(text);
    const copy = heap.alloc(max<usize>(<usize>size, 1));
    karmem.encodeUTF8(text, copy);
    feed(size, 4);
    feedBytes(copy, size);
    heap.free(copy);
}
`.split('\n');

interface Digest {
  readonly file: GeneratedFile;
  readonly names: Names;
  /** Whether slices of structs need the depth limit. */
  readonly recursive: boolean;
}

function emitExports({ file, recursive }: Digest, struct: StructLayout): void {
  const name = struct.name;
  file.blank();
  file.line(`// ---------------------------------------------------------------- ${name}`);
  file.blank();
  file.doc([`Decodes the input as a ${name} (object API) and encodes it again into [out, out + capacity).`]);
  file.block(`export function roundtrip_${name}(length: u32, out: usize, capacity: u32): i32 {`, () => {
    file.line(`const value = schema.decode${name}(reader.reset(inputAt, length));`);
    file.line('if (schema.lastDecodeStatus() != karmem.ERR_NONE) return -schema.lastDecodeStatus();');
    file.line('writer.resetFixed(out, capacity);');
    file.line(`return schema.encode${name}(writer, value);`);
  });
  file.blank();
  file.doc([`The conformance digest of the input read as a ${name} through its viewer.`]);
  file.block(`export function digest_${name}(length: u32): u64 {`, () => {
    file.line('const r = reader.reset(inputAt, length);');
    file.line('hash = 0xCBF29CE484222325;');
    if (recursive) file.line('depth = 0;');
    file.line(`digest${name}(r, schema.view${name}(r));`);
    file.line('return hash;');
  });
}

function emitDigest(digest: Digest, struct: StructLayout): void {
  const { file, names } = digest;
  const viewer = `schema.${names.struct(struct.name).viewer}`;
  file.blank();
  const usesReader = struct.fields.some(({ type }) => type.kind !== 'scalar' && type.kind !== 'enum' && !(type.kind === 'array' && type.element.kind === 'scalar'));
  file.block(`function digest${struct.name}(${usesReader ? 'r' : '_r'}: karmem.Reader, v: ${viewer}): void {`, () => {
    for (const field of struct.fields) emitDigestField(digest, struct, field);
  });
}

function feedScalar(scalar: keyof typeof AS_SCALARS, value: string): string {
  switch (scalar) {
    case 'bool':
      return `feed(${value} ? 1 : 0, 1);`;
    case 'float32':
      return `feed(reinterpret<u32>(${value}), 4);`;
    case 'float64':
      return `feed(reinterpret<u64>(${value}), 8);`;
    case 'uint8':
    case 'int8':
      return `feed(<u8>${value}, 1);`;
    case 'uint16':
    case 'int16':
      return `feed(<u16>${value}, 2);`;
    case 'uint32':
    case 'int32':
      return `feed(<u32>${value}, 4);`;
    case 'uint64':
    case 'int64':
      return `feed(<u64>${value}, 8);`;
  }
}

function emitDigestField({ file, names, recursive }: Digest, struct: StructLayout, field: FieldLayout): void {
  const v = `v.${names.struct(struct.name).fields.get(field.name)!}`;
  const type = field.type;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      file.line(feedScalar(type.scalar, v));
      return;
    case 'inline':
      file.line(`digest${type.struct}(r, ${v});`);
      return;
    case 'table':
      file.line(`digest${type.struct}(r, ${v}(r));`);
      return;
    case 'array':
      file.block(`for (let i: u32 = 0; i < ${type.length}; i++) {`, () => {
        file.line(type.element.kind === 'scalar' ? feedScalar(type.element.scalar, `${v}(i)`) : `digest${type.element.struct}(r, ${v}(i));`);
      });
      return;
    case 'slice': {
      if (type.string) {
        file.line(`feedText(r, v.${names.struct(struct.name).bytes.get(field.name)!}(r));`);
        return;
      }
      const limited = recursive && type.element.kind === 'inline';
      file.block('{', () => {
        file.line(`const s = ${v}(r);`);
        file.line(`${limited ? 'let' : 'const'} n = karmem.sliceLength(s);`);
        if (limited) file.line(`if (depth >= ${MAX_DECODE_DEPTH}) n = 0;`);
        file.line('feed(n, 4);');
        file.line('const base = r.address(karmem.sliceOffset(s));');
        if (limited) file.line('depth++;');
        file.block('for (let i: u32 = 0; i < n; i++) {', () => file.line(element(names, type.element)));
        if (limited) file.line('depth--;');
      });
      return;
    }
  }
}

function element(names: Names, e: ElementLayout): string {
  if (e.kind === 'inline') return `digest${e.struct}(r, schema.${names.struct(e.struct).viewer}.element(base, i));`;
  const at = e.size === 1 ? 'base + <usize>i' : `base + <usize>i * ${e.size}`;
  const value = e.scalar === 'bool' ? `load<u8>(${at}) != 0` : `load<${AS_SCALARS[e.scalar]}>(${at})`;
  return feedScalar(e.scalar, e.scalar === 'bool' ? `(${value})` : value);
}
