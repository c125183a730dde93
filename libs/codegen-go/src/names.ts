/**
 * The one place where schema names become Go names (docs/go.md, "Names").
 *
 * A schema's structs and enums keep their names (exported when they start
 * with an upper-case letter, as Karmem's own Go generator does); what is
 * derived from struct `S` is `SViewer`, `NewSViewer`, `SList`, `SID`,
 * `SSize` and `SContentSize`, and enum member `M` of enum `E` is `EM`. Names
 * are handed out in that order through codegen-core's `Identifiers`: one
 * that Go reserves, that the runtime (karmem_runtime.go) declares, or that an
 * earlier name took, gets a trailing underscore. Fields keep their names
 * unless they are one of the value type's methods (`Encode` becomes
 * `Encode_`), in the struct and in its viewer alike.
 */
import { Identifiers, safeIdentifier } from '@karmem-ts/codegen-core';
import type { SchemaLayout } from '@karmem-ts/layout';
import { runtimeFile } from './runtime';

/** Go's keywords. */
const GO_KEYWORDS = [
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func', 'go', 'goto',
  'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type', 'var',
];

/** Go's predeclared identifiers: generated code uses them, so no declaration may shadow them. */
const GO_PREDECLARED = [
  'any', 'bool', 'byte', 'comparable', 'complex64', 'complex128', 'error', 'float32', 'float64', 'int', 'int8', 'int16',
  'int32', 'int64', 'rune', 'string', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'true', 'false', 'iota',
  'nil', 'append', 'cap', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'new', 'panic', 'print',
  'println', 'real', 'recover', 'init', 'main',
];

/** What a package-level name of the schema file must avoid: the above, the imports and the runtime's own names. */
export const GO_RESERVED: ReadonlySet<string> = new Set([
  ...GO_KEYWORDS,
  ...GO_PREDECLARED,
  'binary', 'errors', 'math', 'strconv',
  ...runtimeNames(),
]);

/** Methods of every generated value type: a field of the same name gets a trailing underscore. */
export const VALUE_METHODS: ReadonlySet<string> = new Set(['Decode', 'DecodeWith', 'DecodeView', 'Encode', 'EncodeTo', 'decode', 'write']);

export interface StructNames {
  readonly type: string;
  readonly viewer: string;
  readonly newViewer: string;
  /** Only for inline structs used as slice elements. */
  readonly list: string;
  readonly id: string;
  readonly size: string;
  /** Only for inline structs. */
  readonly contentSize: string;
}

export class Names {
  /** The package clause's name: the schema's, unless Go reserves it. */
  readonly pkg: string;
  private readonly structs = new Map<string, StructNames>();
  private readonly enums = new Map<string, string>();
  private readonly members = new Map<string, string>();

  constructor(readonly layout: SchemaLayout, elements: ReadonlySet<string>) {
    this.pkg = safeIdentifier(layout.name, new Set([...GO_KEYWORDS, 'main', 'init']));
    const ids = new Identifiers(GO_RESERVED);
    for (const s of layout.structs) this.structs.set(s.name, { type: ids.claim(s.name) } as StructNames);
    for (const e of layout.enums) this.enums.set(e.name, ids.claim(e.name));
    for (const s of layout.structs) {
      const type = this.structs.get(s.name)!.type;
      this.structs.set(s.name, {
        type,
        viewer: ids.claim(`${type}Viewer`),
        newViewer: ids.claim(`New${type}Viewer`),
        list: elements.has(s.name) ? ids.claim(`${type}List`) : '',
        id: ids.claim(`${type}ID`),
        size: ids.claim(`${type}Size`),
        contentSize: s.class === 'inline' ? ids.claim(`${type}ContentSize`) : '',
      });
    }
    for (const e of layout.enums) {
      for (const m of e.members) this.members.set(`${e.name}.${m.name}`, ids.claim(`${this.enums.get(e.name)!}${m.name}`));
    }
  }

  struct(name: string): StructNames {
    return this.structs.get(name)!;
  }

  enum(name: string): string {
    return this.enums.get(name)!;
  }

  member(e: string, member: string): string {
    return this.members.get(`${e}.${member}`)!;
  }

  /** A field of the value type, and the viewer's accessor for it. */
  field(name: string): string {
    return safeIdentifier(name, VALUE_METHODS);
  }

  /** The schema file: `<schema>.go` (schema names hold no `_`, so never a build-constrained `_linux.go`). */
  get file(): string {
    return `${this.layout.name}.go`;
  }
}

/** Every package-level name karmem_runtime.go declares. */
function runtimeNames(): string[] {
  const text = runtimeFile('', 'p').content;
  const names = new Set<string>();
  for (const m of text.matchAll(/^(?:func|type|const|var) ([A-Za-z_]\w*)/gm)) names.add(m[1]!);
  // Names inside `const (` and `var (` blocks.
  for (const block of text.matchAll(/^(?:const|var) \(\n([\s\S]*?)^\)/gm)) {
    for (const m of block[1]!.matchAll(/^\t([A-Za-z_]\w*)\s/gm)) names.add(m[1]!);
  }
  return [...names];
}
