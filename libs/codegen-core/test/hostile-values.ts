/**
 * Test helpers for the hostile corpus: a value with something in every field
 * of a struct, and generated TypeScript loaded as a module (the real
 * @karmem-ts/runtime behind its import), to encode messages other
 * generators' code must read.
 */
import * as ts from 'typescript';
import * as runtime from '@karmem-ts/runtime';
import type { ElementLayout, SchemaLayout, TypeLayout } from '@karmem-ts/layout';

export type Module = Record<string, unknown>;

/** Loads generated TypeScript as a CommonJS module, `@karmem-ts/runtime` being the real runtime. */
export function loadTypeScript(code: string): Module {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exports: Module = {};
  const require = (id: string) => {
    if (id === '@karmem-ts/runtime') return runtime;
    throw new Error(`generated code requires ${id}`);
  };
  new Function('require', 'exports', js)(require, exports);
  return exports;
}

/** A value with something in every field, so a round trip shows every field. */
export function sample(layout: SchemaLayout, struct: string, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of layout.structsByName.get(struct)!.fields) out[field.name] = valueOf(layout, field.type, depth);
  return out;
}

function valueOf(layout: SchemaLayout, type: TypeLayout, depth: number): unknown {
  switch (type.kind) {
    case 'scalar':
      return scalar(type.scalar);
    case 'enum': {
      const e = layout.enums.find((x) => x.name === type.enum)!;
      const member = e.members[e.members.length - 1]!.value;
      return e.size === 8 ? member : Number(member);
    }
    case 'inline':
    case 'table':
      return sample(layout, type.struct, depth + 1);
    case 'array':
      return elements(layout, type.element, type.length, depth);
    case 'slice':
      if (type.string) return 'hé';
      return elements(layout, type.element, 2, depth);
  }
}

function elements(layout: SchemaLayout, element: ElementLayout, count: number, depth: number): unknown {
  const list = Array.from({ length: count }, () => (element.kind === 'scalar' ? scalar(element.scalar) : sample(layout, element.struct, depth + 1)));
  return element.kind === 'scalar' && element.scalar === 'uint8' && element.declared !== 'char' ? Uint8Array.from(list as number[]) : list;
}

function scalar(kind: string): unknown {
  if (kind === 'bool') return true;
  if (kind === 'uint64' || kind === 'int64') return 7n;
  return kind.startsWith('float') ? 1.5 : 7;
}
