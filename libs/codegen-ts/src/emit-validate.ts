/**
 * Validators: `checkX(v, at, path)` walks struct X the way a viewer would,
 * but reports the first structural problem instead of reading defaults.
 * Plain numbers need no check; bools, enums, strings, slices and tables do.
 */
import { elementNeedsCheck, isRecursiveSlice, typeNeedsCheck, type ElementLayout, type FieldLayout, type StructLayout, type TypeLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { SCALARS } from './scalars';

export function emitValidator(context: Context, struct: StructLayout): void {
  const { file, layout } = context;
  const checked = struct.fields.filter((f) => typeNeedsCheck(layout, f.type));
  // Parameters a check does not use are prefixed with `_`, for projects with noUnusedParameters.
  const params = struct.class === 'inline' && checked.length === 0 ? '_v: karmem.Validator, _at: number, _path: string' : 'v: karmem.Validator, at: number, path: string';
  file.block(`function ${context.names.struct(struct.name).check}(${params}): boolean {`, () => {
    if (struct.class === 'inline') {
      for (const field of checked) emitFieldCheck(context, struct, field);
      file.line('return true;');
      return;
    }
    const boundaries = struct.fields.map((f) => f.offset + f.size);
    file.line(`const size = v.checkTable(at, ${struct.packed}, [${boundaries.join(', ')}], path);`);
    file.line('if (size < 0) return false;');
    for (const field of checked) emitFieldCheck(context, struct, field);
    file.line('return true;');
  });
  file.blank();
}

function emitFieldCheck(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, layout } = context;
  const at = field.offset === 0 ? 'at' : `at + ${field.offset}`;
  const path = `\`\${path}.${field.name}\``;
  // In a table, a field outside the declared size is simply absent (an older writer).
  const present = struct.class === 'table' ? `size >= ${field.offset + field.size}` : undefined;
  const failIf = (check: string) => file.line(`if (${present ? `${present} && ` : ''}!${check}) return false;`);
  const open = present ? `if (${present}) {` : '{';
  const type = field.type;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
    case 'inline':
    case 'table':
      failIf(valueCheck(context, type, at, path));
      return;
    case 'array':
      file.block(open, () => emitElementChecks(context, type.element, at, `${type.length}`, path, false));
      return;
    case 'slice': {
      if (type.string) {
        failIf(`v.string(${at}, ${path})`);
        return;
      }
      file.block(open, () => {
        file.line(`const start = v.slice(${at}, ${type.element.size}, ${path});`);
        file.line('if (start < 0) return false;');
        if (elementNeedsCheck(layout, type.element)) {
          const recursive = isRecursiveSlice(layout, struct, field);
          emitElementChecks(context, type.element, 'start', `v.sliceLength(${at}, ${type.element.size})`, path, recursive);
        }
      });
      return;
    }
  }
}

function emitElementChecks(context: Context, element: ElementLayout, base: string, count: string, path: string, recursive: boolean): void {
  const { file, layout } = context;
  if (!elementNeedsCheck(layout, element)) return;
  const elementPath = `${path.slice(0, -1)}[\${i}]\``;
  const check =
    element.kind === 'scalar'
      ? `v.bool(${base} + i, ${elementPath})`
      : `${context.names.struct(element.struct).check}(v, ${base} + i * ${element.size}, ${elementPath})`;
  if (recursive) {
    // This slice can lead back to its own struct: count the level against maxDepth.
    file.line(`if (!v.enter(${path}, ${base})) return false;`);
    file.line(`for (let i = 0, n = ${count}; i < n; i++) if (!${check}) return false;`);
    file.line('v.leave();');
    return;
  }
  file.line(`for (let i = 0, n = ${count}; i < n; i++) if (!${check}) return false;`);
}

function valueCheck({ names }: Context, type: TypeLayout, at: string, path: string): string {
  switch (type.kind) {
    case 'scalar':
      return `v.bool(${at}, ${path})`;
    case 'enum':
      return `v.member(v.reader.${SCALARS[type.scalar].read}(${at}), ${names.enumName(type.enum).names}, ${at}, ${path})`;
    case 'inline':
      return `${names.struct(type.struct).check}(v, ${at}, ${path})`;
    case 'table':
      return `${names.struct(type.struct).check}(v, v.reader.u32(${at}), ${path})`;
    default:
      throw new Error(`valueCheck: ${type.kind}`);
  }
}
