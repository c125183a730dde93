/**
 * Schema evolution check: every change from an old layout to a new one that
 * breaks readers or writers of the old one (docs/format.md, "Evolution").
 * Appending fields to a table is the one change allowed for data; adding
 * structs, enums, members, functions and interfaces is always fine.
 */
import type { Span } from '@karmem-ts/idl';
import { typeName } from './describe';
import type { SchemaLayout, StructLayout, TypeLayout } from './model';

export interface BreakingChange {
  /** Where to look: in the new schema when the thing still exists there, else in the old one. */
  readonly span: Span;
  readonly message: string;
}

export function breakingChanges(before: SchemaLayout, after: SchemaLayout): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const report = (span: Span, message: string) => changes.push({ span, message });

  for (const old of before.enums) {
    const now = after.enumsByName.get(old.name);
    if (!now) {
      report(old.span, `enum \`${old.name}\` was removed`);
      continue;
    }
    if (now.scalar !== old.scalar) report(now.span, `enum \`${old.name}\` changed its base type from ${old.scalar} to ${now.scalar}`);
    for (const member of old.members) {
      const current = now.members.find((m) => m.name === member.name);
      if (!current) report(now.span, `enum member \`${old.name}.${member.name}\` (= ${member.value}) was removed`);
      else if (current.value !== member.value) report(now.span, `enum member \`${old.name}.${member.name}\` changed its value from ${member.value} to ${current.value}`);
    }
  }

  for (const old of before.structs) {
    const now = after.structsByName.get(old.name);
    if (!now) {
      report(old.span, `struct \`${old.name}\` was removed`);
      continue;
    }
    if (now.class !== old.class) {
      report(now.span, `struct \`${old.name}\` changed from ${old.class} to ${now.class}`);
      continue;
    }
    if (now.packed !== old.packed) report(now.span, `struct \`${old.name}\` changed its packing from ${old.packed} to ${now.packed}`);
    compareFields(old, now, report);
    if (old.class === 'inline' && now.fields.length > old.fields.length) {
      report(now.fields[old.fields.length]!.span, `inline struct \`${old.name}\` gained field \`${now.fields[old.fields.length]!.name}\`: inline structs cannot change; only tables may grow`);
    }
  }
  return changes;
}

function compareFields(old: StructLayout, now: StructLayout, report: (span: Span, message: string) => void): void {
  old.fields.forEach((field, index) => {
    const current = now.fields[index];
    if (!current) {
      report(now.span, `field \`${old.name}.${field.name}\` was removed (fields may only be appended)`);
      return;
    }
    if (current.name !== field.name) {
      const moved = now.fields.findIndex((f) => f.name === field.name);
      const what = moved >= 0 ? `moved from position ${index + 1} to ${moved + 1}` : `was replaced by \`${current.name}\``;
      report(current.span, `field \`${old.name}.${field.name}\` ${what} (fields may only be appended)`);
      return;
    }
    if (current.offset !== field.offset || !sameType(field.type, current.type)) {
      report(current.span, `field \`${old.name}.${field.name}\` changed from ${typeName(field.type)} at offset ${field.offset} to ${typeName(current.type)} at offset ${current.offset}`);
    }
  });
}

/** Same wire type: kind, size, element and limit, and the same referenced struct or enum by name. */
function sameType(a: TypeLayout, b: TypeLayout): boolean {
  return typeName(a) === typeName(b) && a.size === b.size && a.kind === b.kind;
}
