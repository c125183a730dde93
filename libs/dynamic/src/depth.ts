/**
 * The depth limit of encoding (docs/format.md, "Limits"): a value whose
 * slices through which a struct reaches itself nest deeper than decoders
 * read (MAX_DECODE_DEPTH) is refused, so that what the encoder writes every
 * decoder reads whole, and a 1,000-deep JSON value is an error, not a stack
 * overflow. encodeJson counts this depth in its one read of the value
 * (encode.ts), with the same DepthError; checkEncodeDepth is the rule on its
 * own, before anything is checked. The walk is iterative; values of the
 * wrong shape are left to the type checks.
 */
import { isRecursiveSlice, type SchemaLayout, type StructLayout } from '@karmem-ts/layout';
import { MAX_DECODE_DEPTH } from '@karmem-ts/runtime';
import { ValueError } from './errors';

/** A value nested deeper than MAX_DECODE_DEPTH recursive slices, at `path`. */
export class DepthError extends ValueError {
  override readonly name: string = 'DepthError';
  readonly limit = MAX_DECODE_DEPTH;
  constructor(path: string) {
    super(path, `nested deeper than ${MAX_DECODE_DEPTH} slices through which a struct reaches itself (the limit decoders read)`);
  }
}

/** Throws a DepthError naming the first too-deep recursive slice of `value`, a `struct` at `path`. */
export function checkEncodeDepth(layout: SchemaLayout, struct: StructLayout, value: unknown, path: string): void {
  const recursive = new Map<string, boolean>();
  const isRecursive = (owner: StructLayout, field: StructLayout['fields'][number]) => {
    const key = `${owner.name}.${field.name}`;
    let r = recursive.get(key);
    if (r === undefined) recursive.set(key, (r = isRecursiveSlice(layout, owner, field)));
    return r;
  };
  // Structs still to look at, with the number of recursive slices entered to reach them.
  // Paths are built only for an error: each item knows its parent and its step from it.
  interface Item {
    readonly struct: StructLayout;
    readonly value: unknown;
    readonly depth: number;
    readonly parent?: Item;
    readonly field?: string;
    readonly index?: number;
  }
  const pathOf = (item: Item, field: string): string => {
    const steps = [`.${field}`];
    for (let at: Item | undefined = item; at?.parent !== undefined; at = at.parent) steps.push(`.${at.field}${at.index === undefined ? '' : `[${at.index}]`}`);
    return path + steps.reverse().join('');
  };
  const stack: Item[] = [{ struct, value, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value !== 'object' || item.value === null) continue;
    const object = item.value as Record<string, unknown>;
    for (const field of item.struct.fields) {
      const type = field.type;
      const fieldValue = object[field.name];
      if (type.kind === 'inline' || type.kind === 'table') {
        stack.push({ struct: layout.structsByName.get(type.struct)!, value: fieldValue, depth: item.depth, parent: item, field: field.name });
      } else if ((type.kind === 'array' || type.kind === 'slice') && type.element.kind === 'inline' && Array.isArray(fieldValue)) {
        let depth = item.depth;
        if (type.kind === 'slice' && isRecursive(item.struct, field)) {
          if (depth >= MAX_DECODE_DEPTH) throw new DepthError(pathOf(item, field.name));
          depth++;
        }
        const element = layout.structsByName.get(type.element.struct)!;
        for (let i = fieldValue.length - 1; i >= 0; i--) stack.push({ struct: element, value: fieldValue[i], depth, parent: item, field: field.name, index: i });
      }
    }
  }
}
