/**
 * Viewers: `@unmanaged` classes with no fields, whose reference *is* the
 * address of the struct's first byte in linear memory. Making one is a
 * `changetype`, reading a field is one `load` (plus, in a table, a compare
 * with the table's declared size): nothing is allocated and no managed
 * reference exists, so the incremental runtime's shadow stack is never
 * touched on a read path.
 *
 * A viewer is only ever made for bytes known to be inside the message: a
 * table whose size was checked, a present field of such a table, an element
 * of a checked slice, an inline root whose content fits. Whatever is missing
 * is viewed in `zeros`, so all of it reads as defaults (a table there has
 * size 0; a table pointer in an inline struct there reads as ABSENT, never as
 * the root).
 *
 * Fields that lead elsewhere in the message (slices, strings, tables) hold
 * offsets from the message start: their accessors take the `karmem.Reader`
 * of the message. Slices come back as `karmem.Slice` values (length and
 * offset in one u64, checked once); elements are read from the address of
 * the first one, taken once.
 */
import type { FieldLayout, StructLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { AS_SCALARS, indexTimes, limitOf, loadScalar, plus, zeroOf } from './types';

export function emitViewer(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const { viewer } = names.struct(struct.name);
  const table = struct.class === 'table';
  file.doc(struct.doc.length > 0 ? struct.doc : [`Reads a ${struct.name} in place.`]);
  file.line('@final @unmanaged');
  file.block(`export class ${viewer} {`, () => {
    if (table) emitTableStatics(context, struct);
    else emitInlineStatics(context, struct);
    for (const field of struct.fields) {
      file.blank();
      emitField(context, struct, field);
    }
  });
  file.blank();
}

function emitTableStatics(context: Context, struct: StructLayout): void {
  const { file } = context;
  const { viewer } = context.names.struct(struct.name);
  file.doc([`The ${struct.name} table at \`offset\` in the message; a table of defaults when it cannot be read.`]);
  file.block(`@inline static at(r: karmem.Reader, offset: u32): ${viewer} {`, () => {
    file.line(`return changetype<${viewer}>(r.tableSize(offset, ${struct.packed}) != 0 ? r.address(offset) : zeros);`);
  });
  file.blank();
  file.doc(['The table\'s declared size in bytes: fields past it read as defaults. 0 when the table could not be read.']);
  file.block('@inline get size(): u32 {', () => {
    file.line('return load<u32>(changetype<usize>(this));');
  });
}

function emitInlineStatics(context: Context, struct: StructLayout): void {
  const { file } = context;
  const { viewer } = context.names.struct(struct.name);
  const size = struct.size;
  file.doc([`Bytes a ${struct.name} takes by value, padding included: the stride of its arrays and slices.`]);
  file.line(`static readonly stride: u32 = ${size};`);
  file.blank();
  file.doc([`The ${struct.name} at \`address\` in linear memory. No check: for addresses inside a checked table, slice or array.`]);
  file.block(`@inline static of(address: usize): ${viewer} {`, () => {
    file.line(`return changetype<${viewer}>(address);`);
  });
  file.blank();
  file.doc([
    `Element \`i\` of ${struct.name} elements starting at \`base\`, e.g. \`r.address(karmem.sliceOffset(slice))\``,
    'taken once. No check: `i` must be below the slice\'s length. In a hot loop, step an address by',
    '`stride` and view it with `of`: V8 does not turn `base + i * stride` into a step.',
  ]);
  file.block(`@inline static element(base: usize, i: u32): ${viewer} {`, () => {
    file.line(`return changetype<${viewer}>(base + ${indexTimes('i', size)});`);
  });
  file.blank();
  file.doc([`Element \`i\` of a checked slice of ${struct.name}, or a ${struct.name} of defaults when \`i\` is past its end.`]);
  file.block(`@inline static at(r: karmem.Reader, slice: karmem.Slice, i: u32): ${viewer} {`, () => {
    file.line(`return changetype<${viewer}>(i < karmem.sliceLength(slice) ? r.address(karmem.sliceOffset(slice)) + ${indexTimes('i', size)} : zeros);`);
  });
}

function emitField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names } = context;
  const table = struct.class === 'table';
  const self = 'changetype<usize>(this)';
  const end = field.offset + field.size;
  const present = table ? `this.size >= ${end}` : undefined;
  const name = names.struct(struct.name).fields.get(field.name)!;
  const type = field.type;
  file.doc(field.doc);
  switch (type.kind) {
    case 'scalar':
    case 'enum': {
      const result = type.kind === 'enum' ? names.enumName(type.enum) : AS_SCALARS[type.scalar];
      const read = loadScalar(type.scalar, self, field.offset);
      file.block(`@inline get ${name}(): ${result} {`, () => {
        file.line(`return ${present ? `${present} ? ${read} : ${zeroOf(type.scalar)}` : read};`);
      });
      return;
    }
    case 'inline': {
      const inner = names.struct(type.struct).viewer;
      const at = plus(self, field.offset);
      file.block(`@inline get ${name}(): ${inner} {`, () => {
        file.line(`return ${inner}.of(${present ? `${present} ? ${at} : zeros` : at});`);
      });
      return;
    }
    case 'table': {
      const inner = names.struct(type.struct).viewer;
      // A missing pointer is ABSENT: a table that cannot be read, never the root.
      const pointer = present ? `${present} ? load<u32>(${self}, ${field.offset}) : karmem.ABSENT` : `pointerAt(${plus(self, field.offset)})`;
      file.block(`@inline ${name}(r: karmem.Reader): ${inner} {`, () => {
        file.line(`return ${inner}.at(r, ${pointer});`);
      });
      return;
    }
    case 'array': {
      const element = type.element;
      const index = `${self} + ${indexTimes('i', element.size)}`;
      const inBounds = present ? `i < ${type.length} && ${present}` : `i < ${type.length}`;
      if (field.doc.length === 0) {
        file.doc([`Element \`i\` of the ${type.length} (0 to ${type.length - 1}); the default past them${table ? ' or when the field is missing' : ''}.`]);
      }
      if (element.kind === 'scalar') {
        file.block(`@inline ${name}(i: u32): ${AS_SCALARS[element.scalar]} {`, () => {
          file.line(`return ${inBounds} ? ${loadScalar(element.scalar, index, field.offset)} : ${zeroOf(element.scalar)};`);
        });
      } else {
        const inner = names.struct(element.struct).viewer;
        file.block(`@inline ${name}(i: u32): ${inner} {`, () => {
          file.line(`return ${inner}.of(${inBounds} ? ${plus(index, field.offset)} : zeros);`);
        });
      }
      return;
    }
    case 'slice': {
      const header = plus(self, field.offset);
      const slice = `sliceAt(r, ${header}, ${type.element.size}, ${limitOf(type)})`;
      const read = present ? `${present} ? ${slice} : karmem.EMPTY_SLICE` : slice;
      if (type.string) {
        const bytes = names.struct(struct.name).bytes.get(field.name)!;
        if (field.doc.length === 0) file.doc([`Decoded to a new string (allocates); \`${bytes}\` gives the UTF-8 bytes in place.`]);
        file.block(`${name}(r: karmem.Reader): string {`, () => {
          file.line(`return text(r, this.${bytes}(r));`);
        });
        file.blank();
        file.doc([
          `The UTF-8 bytes of ${field.name} in place, no copy${type.limit === undefined ? '' : ` (at most ${type.limit})`}:`,
          'at `r.address(karmem.sliceOffset(s))`, `karmem.sliceLength(s)` bytes long.',
        ]);
        file.block(`@inline ${bytes}(r: karmem.Reader): karmem.Slice {`, () => {
          file.line(`return ${read};`);
        });
        return;
      }
      if (field.doc.length === 0) {
        const limit = type.limit === undefined ? '' : ` (at most ${type.limit})`;
        const element = type.element;
        if (element.kind === 'scalar') {
          const t = AS_SCALARS[element.scalar];
          const load = element.scalar === 'bool' ? 'load<u8>(first + i) != 0' : `load<${t}>(first + i${element.size === 1 ? '' : ` * ${element.size}`})`;
          file.doc([`A checked slice of ${t}${limit}: element \`i\` is \`${load}\`, \`first\` = \`r.address(karmem.sliceOffset(s))\`.`]);
        } else {
          const viewer = names.struct(element.struct).viewer;
          file.doc([
            `A checked slice of ${element.struct}${limit}: element \`i\` is \`${viewer}.element(r.address(karmem.sliceOffset(s)), i)\`;`,
            `in a loop, \`${viewer}.of(address)\` with the address stepped by \`${viewer}.stride\`.`,
          ]);
        }
      }
      file.block(`@inline ${name}(r: karmem.Reader): karmem.Slice {`, () => {
        file.line(`return ${read};`);
      });
      return;
    }
  }
}
