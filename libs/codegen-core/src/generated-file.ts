/**
 * A generated file: print lines, ask for imports, let the file write its own
 * header and import block. Every `codegen-*` library prints through this, so
 * generated code in every language gets the same header, indentation and
 * doc-comment handling.
 */

import { commentLines, headerText } from './comments';

export type Language = 'typescript' | 'assemblyscript' | 'c' | 'go' | 'rust';

export interface GeneratedFileOptions {
  readonly language: Language;
  /** Schema file(s) the code comes from, named in the header. */
  readonly sources: readonly string[];
  /** Name of the generator, e.g. `karmem-ts codegen-ts`. */
  readonly generator: string;
  /** Indentation unit; four spaces unless said otherwise. */
  readonly indent?: string;
}

interface ImportEntry {
  readonly from: string;
  readonly names: Map<string, { typeOnly: boolean }>;
}

export class GeneratedFile {
  private readonly body: string[] = [];
  private readonly imports = new Map<string, ImportEntry>();
  private readonly includes = new Set<string>();
  private readonly namespaces = new Map<string, string>();
  private depth = 0;
  private readonly unit: string;

  constructor(
    readonly name: string,
    private readonly options: GeneratedFileOptions,
  ) {
    this.unit = options.indent ?? '    ';
  }

  /** Prints one line at the current indentation (an empty call prints a blank line). */
  line(text = ''): this {
    this.body.push(text === '' ? '' : this.unit.repeat(this.depth) + text);
    return this;
  }

  /** Prints several lines. */
  lines(texts: readonly string[]): this {
    for (const text of texts) this.line(text);
    return this;
  }

  /** Prints a blank line unless the previous one is blank or opens a block. */
  blank(): this {
    const last = this.body[this.body.length - 1];
    if (last !== undefined && last !== '' && !last.endsWith('{')) this.body.push('');
    return this;
  }

  /** `open` line, the body indented, then `close` line. */
  block(open: string, inner: () => void, close = '}'): this {
    this.line(open);
    this.depth++;
    inner();
    this.depth--;
    return this.line(close);
  }

  /**
   * A doc comment in the language's style; nothing when there are no lines.
   * Schema text is split on every line terminator and escaped (see comments.ts).
   */
  doc(lines: readonly string[]): this {
    if (lines.length === 0) return this;
    const safe = commentLines(lines);
    if (safe.length === 1) return this.line(`/** ${safe[0]} */`);
    this.line('/**');
    for (const l of safe) this.line(l === '' ? ' *' : ` * ${l}`);
    return this.line(' */');
  }

  /** Line comments (`// text`), one per line of `lines`, split and escaped like doc comments. */
  comment(lines: readonly string[]): this {
    for (const l of commentLines(lines)) this.line(l === '' ? '//' : `// ${l}`);
    return this;
  }

  /** Registers `name` imported from `from` (TS/AS) and returns the name to use. */
  import(name: string, from: string, options: { typeOnly?: boolean } = {}): string {
    let entry = this.imports.get(from);
    if (!entry) {
      entry = { from, names: new Map() };
      this.imports.set(from, entry);
    }
    const existing = entry.names.get(name);
    // A name used as a value anywhere must be imported as a value.
    entry.names.set(name, { typeOnly: (existing?.typeOnly ?? true) && (options.typeOnly ?? false) });
    return name;
  }

  /** Registers `import * as alias from 'from'` and returns the alias. */
  importNamespace(alias: string, from: string): string {
    this.namespaces.set(alias, from);
    return alias;
  }

  /** Registers a C `#include`. */
  include(header: string): void {
    this.includes.add(header);
  }

  /** The whole file: header, imports or includes, body; ends with one newline. */
  toString(): string {
    const out = [...preamble(this.options), ''];
    const language = this.options.language;
    if (language !== 'typescript' && language !== 'assemblyscript') {
      // Go and Rust files write their own `import` / `use` lines in the body; only C registers includes.
      for (const header of this.includes) out.push(header.startsWith('<') ? `#include ${header}` : `#include "${header}"`);
    } else {
      for (const [alias, from] of [...this.namespaces.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) out.push(`import * as ${alias} from '${from}';`);
      for (const entry of [...this.imports.values()].sort(byModule)) {
        const names = [...entry.names.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        if (names.every(([, n]) => n.typeOnly) && this.options.language === 'typescript') {
          out.push(`import type { ${names.map(([n]) => n).join(', ')} } from '${entry.from}';`);
        } else {
          const list = names.map(([n, { typeOnly }]) => (typeOnly && this.options.language === 'typescript' ? `type ${n}` : n));
          out.push(`import { ${list.join(', ')} } from '${entry.from}';`);
        }
      }
    }
    if (out[out.length - 1] !== '') out.push('');
    const body = [...this.body];
    while (body[0] === '') body.shift();
    while (body[body.length - 1] === '') body.pop();
    return [...out, ...body].join('\n') + '\n';
  }
}

/**
 * The "generated, do not edit" header every generated file starts with. The
 * source paths are escaped: a path holding a line terminator stays on its line.
 */
export function preamble(options: Pick<GeneratedFileOptions, 'sources' | 'generator'>): string[] {
  return [
    `// Code generated by ${headerText(options.generator)}. DO NOT EDIT.`,
    `// source: ${headerText(options.sources.join(', '))}`,
  ];
}

/** Packages before relative paths, then by code point: the same order on every machine. */
function byModule(a: ImportEntry, b: ImportEntry): number {
  const rank = (m: string) => (m.startsWith('.') ? 1 : 0);
  return rank(a.from) - rank(b.from) || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0);
}
