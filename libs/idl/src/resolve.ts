/**
 * Resolver: checks names and the v1 rules, resolves type expressions, and
 * turns the syntax tree into the `Schema` model. Declarations may come in any
 * order; every problem found is reported, not just the first.
 */
import type { Declaration, EnumNode, InterfaceNode, ModuleNode, Name, SchemaFile, StructNode, Tag, TypeExpr } from './ast';
import { DiagnosticCodes, error, warning, type Diagnostic, type Span } from './diagnostics';
import {
  INTEGER_RANGES,
  INTEGER_TYPES,
  PRIMITIVE_TYPES,
  findTag,
  isPrimitiveName,
  type EnumDef,
  type EnumMember,
  type FieldDef,
  type FunctionDef,
  type IntegerName,
  type InterfaceDef,
  type ModuleDef,
  type Schema,
  type StructDef,
  type Type,
} from './model';
import { closestName } from './suggest';

export interface ResolveResult {
  /** Present when there are no errors. */
  readonly schema?: Schema;
  readonly diagnostics: Diagnostic[];
}

const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;
const PACKAGE_NAME = /^[A-Za-z]+$/;
const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Array lengths and slice limits must keep sizes within a u32 message. */
const MAX_LENGTH = 0x7fffffffn;
const U64_MAX = (1n << 64n) - 1n;


export function resolve(ast: SchemaFile): ResolveResult {
  return new Resolver(ast).run();
}

type TypeDeclaration = EnumNode | StructNode | InterfaceNode;

class Resolver {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly types = new Map<string, TypeDeclaration>();
  private readonly modules = new Map<string, ModuleNode>();
  private documentPacked = false;

  constructor(private readonly ast: SchemaFile) {}

  run(): ResolveResult {
    const { header } = this.ast;
    if (header.name.text !== '' && !PACKAGE_NAME.test(header.name.text)) {
      this.report(DiagnosticCodes.InvalidPackageName, `package name \`${header.name.text}\` must hold letters only`, header.name.span);
    }
    this.warnRepeatedTags(header.tags, HEADER_TAGS, 'the header');
    this.documentPacked = this.packedTag(header.tags) ?? false;
    const key = findTag(header.tags, 'key');

    this.collectNames(this.ast.declarations);
    const enums: EnumDef[] = [];
    const structs: StructDef[] = [];
    const interfaces: InterfaceDef[] = [];
    const modules: ModuleDef[] = [];
    for (const declaration of this.ast.declarations) {
      switch (declaration.kind) {
        case 'enum':
          enums.push(this.resolveEnum(declaration));
          break;
        case 'struct':
          structs.push(this.resolveStruct(declaration));
          break;
        case 'interface':
          interfaces.push(this.resolveInterface(declaration));
          break;
        case 'module':
          modules.push(this.resolveModule(declaration));
          break;
      }
    }
    this.checkContainmentCycles(structs);
    if (!this.diagnostics.some((d) => d.code === DiagnosticCodes.InlineCycle)) this.checkNestingDepth(structs);

    if (this.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: this.diagnostics };
    const schema: Schema = {
      file: this.ast.file,
      name: header.name.text,
      packed: this.documentPacked,
      ...(key?.value !== undefined ? { key: key.value } : {}),
      doc: header.doc,
      tags: header.tags,
      span: header.span,
      enums,
      structs,
      interfaces,
      modules,
    };
    return { schema, diagnostics: this.diagnostics };
  }

  // --- names --------------------------------------------------------------

  private collectNames(declarations: readonly Declaration[]): void {
    for (const declaration of declarations) {
      const { name } = declaration;
      if (declaration.kind === 'module') {
        this.checkName(name, MODULE_NAME, 'module name', 'start with a letter and hold letters, digits and `_`');
        this.claim(this.modules, name, declaration, 'module');
        continue;
      }
      this.checkName(name, TYPE_NAME, `${declaration.kind} name`);
      this.claim(this.types, name, declaration, 'type');
    }
  }

  private claim<T extends { name: Name }>(table: Map<string, T>, name: Name, node: T, what: string): void {
    const first = table.get(name.text);
    if (first) {
      this.report(DiagnosticCodes.DuplicateType, `${what} \`${name.text}\` is declared twice`, name.span, [
        { message: 'first declared here', span: first.name.span },
      ]);
      return;
    }
    table.set(name.text, node);
  }

  private checkName(name: Name, pattern: RegExp, what: string, rule = 'start with an upper-case letter and hold letters and digits only'): void {
    if (!pattern.test(name.text)) this.report(DiagnosticCodes.InvalidName, `${what} \`${name.text}\` must ${rule}`, name.span);
  }

  private checkUnique(names: readonly Name[], code: typeof DiagnosticCodes.DuplicateField | typeof DiagnosticCodes.DuplicateMember | typeof DiagnosticCodes.DuplicateFunction, what: string, owner: string): void {
    const seen = new Map<string, Name>();
    for (const name of names) {
      const first = seen.get(name.text);
      if (first) {
        this.report(code, `${what} \`${name.text}\` appears twice in \`${owner}\``, name.span, [{ message: 'first here', span: first.span }]);
      } else {
        seen.set(name.text, name);
      }
    }
  }

  // --- enums --------------------------------------------------------------

  private resolveEnum(node: EnumNode): EnumDef {
    const baseText = node.base.text === 'byte' ? 'uint8' : node.base.text;
    const isInteger = (INTEGER_TYPES as readonly string[]).includes(baseText);
    if (!isInteger) {
      this.report(DiagnosticCodes.InvalidEnumBase, `enum \`${node.name.text}\` needs an integer base type (uint8 ... int64), not \`${node.base.text}\``, node.base.span);
    }
    const base = (isInteger ? baseText : 'uint8') as IntegerName;
    const [min, max] = INTEGER_RANGES[base];
    this.checkUnique(node.members.map((m) => m.name), DiagnosticCodes.DuplicateMember, 'member', node.name.text);
    const members: EnumMember[] = node.members.map((member, position) => {
      this.checkName(member.name, TYPE_NAME, 'enum member name');
      // v1: a member without a value takes its position, not previous + 1.
      const value = member.value?.value ?? BigInt(position);
      if (isInteger && (value < min || value > max)) {
        this.report(DiagnosticCodes.EnumValueOutOfRange, `value ${value} of \`${node.name.text}.${member.name.text}\` does not fit in ${base} (${min} to ${max})`, member.value?.span ?? member.name.span);
      }
      return { name: member.name.text, value, doc: member.doc, tags: member.tags, span: member.span };
    });
    if (!members.some((m) => m.value === 0n)) {
      this.report(DiagnosticCodes.EnumWithoutZero, `enum \`${node.name.text}\` needs a member with value 0 (the default of every field of this type)`, node.name.span);
    }
    return { kind: 'enum', name: node.name.text, base, members, doc: node.doc, tags: node.tags, span: node.span };
  }

  // --- structs ------------------------------------------------------------

  private resolveStruct(node: StructNode): StructDef {
    this.checkUnique(node.fields.map((f) => f.name), DiagnosticCodes.DuplicateField, 'field', node.name.text);
    const fields: FieldDef[] = [];
    for (const field of node.fields) {
      this.checkName(field.name, TYPE_NAME, 'field name');
      const type = this.resolveFieldType(field.type);
      if (type) fields.push({ name: field.name.text, type, doc: field.doc, tags: field.tags, span: field.span });
    }
    if (node.fields.length > MANY_FIELDS) {
      this.diagnostics.push(
        warning(
          DiagnosticCodes.ManyFields,
          `struct \`${node.name.text}\` has ${node.fields.length} fields: past ${MANY_FIELDS}, compilers take over a minute on the generated code (asc longest); split it into nested structs`,
          node.name.span,
        ),
      );
    }
    this.warnRepeatedTags(node.tags, STRUCT_TAGS, `struct \`${node.name.text}\``);
    const idTag = findTag(node.tags, 'id');
    const explicitId = idTag ? this.parseId(idTag) : undefined;
    return {
      kind: 'struct',
      name: node.name.text,
      class: node.class.text,
      packed: this.packedTag(node.tags) ?? this.documentPacked,
      ...(explicitId !== undefined ? { explicitId } : {}),
      fields,
      doc: node.doc,
      tags: node.tags,
      span: node.span,
    };
  }

  private resolveFieldType(expr: TypeExpr): Type | undefined {
    if (expr.kind === 'named') return this.resolveNamed(expr.name, expr.span);
    if (expr.element.kind !== 'named') {
      this.report(DiagnosticCodes.NestedCollection, 'arrays and slices cannot hold arrays or slices; wrap the inner one in an inline struct', expr.element.span);
      return undefined;
    }
    const element = this.resolveNamed(expr.element.name, expr.element.span);
    if (!element) return undefined;
    if (element.kind === 'enum' || (element.kind === 'struct' && this.isTable(element.name))) {
      const what = element.kind === 'enum' ? `enum \`${element.name}\`` : `table \`${element.name}\``;
      const hint = element.kind === 'enum' ? 'use its base integer type' : 'wrap the table in an inline struct';
      this.report(DiagnosticCodes.InvalidElementType, `${what} cannot be the element of an array or slice; ${hint}`, expr.element.span);
      return undefined;
    }
    if (expr.kind === 'array') {
      const length = this.checkLength(expr.length, 'array length', expr.span);
      return length === undefined ? undefined : { kind: 'array', length, element };
    }
    if (expr.limit === undefined) return { kind: 'slice', element };
    const limit = this.checkLength(expr.limit, 'slice limit', expr.span);
    return limit === undefined ? undefined : { kind: 'slice', limit, element };
  }

  private checkLength(value: bigint, what: string, span: Span): number | undefined {
    if (value < 1n || value > MAX_LENGTH) {
      this.report(DiagnosticCodes.InvalidLength, `${what} must be between 1 and ${MAX_LENGTH}, not ${value}`, span);
      return undefined;
    }
    return Number(value);
  }

  private resolveNamed(name: string, span: Span): Type | undefined {
    if (isPrimitiveName(name)) return { kind: 'primitive', name };
    const declaration = this.types.get(name);
    if (declaration?.kind === 'enum') return { kind: 'enum', name };
    if (declaration?.kind === 'struct') return { kind: 'struct', name };
    if (declaration?.kind === 'interface') {
      this.report(DiagnosticCodes.UnknownType, `\`${name}\` is an interface, not a data type`, span);
      return undefined;
    }
    const suggestion = closestName(name, [...PRIMITIVE_TYPES, ...[...this.types.values()].filter((d) => d.kind !== 'interface').map((d) => d.name.text)]);
    this.report(DiagnosticCodes.UnknownType, `unknown type \`${name}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, span);
    return undefined;
  }

  private isTable(name: string): boolean {
    const declaration = this.types.get(name);
    return declaration?.kind === 'struct' && declaration.class.text === 'table';
  }

  private isInline(name: string): boolean {
    const declaration = this.types.get(name);
    return declaration?.kind === 'struct' && declaration.class.text === 'inline';
  }

  /**
   * A struct must not contain itself through fields that always hold a value:
   * inline structs (by value), tables (every table field has a value, there is
   * no null) and fixed arrays. Such a type has no finite size or no finite
   * default value. Slices may be empty, so a cycle through a slice is fine.
   */
  private checkContainmentCycles(structs: readonly StructDef[]): void {
    const byName = new Map(structs.map((s) => [s.name, s]));
    const state = new Map<string, 'visiting' | 'done'>();
    const path: string[] = [];
    const children = (struct: StructDef) =>
      struct.fields.flatMap((field) => {
        const type = field.type.kind === 'array' ? field.type.element : field.type;
        return type.kind === 'struct' ? [type.name] : [];
      });
    // Depth-first with an explicit stack: schemas may chain thousands of structs.
    const report = (child: string) => {
      const cycle = [...path.slice(path.indexOf(child)), child];
      const node = this.types.get(child)!;
      const allInline = cycle.every((n) => this.isInline(n));
      const why = allInline
        ? 'inline structs contain each other with no end'
        : 'structs contain each other with no end (a table field always holds a table, so the default value would never end)';
      const fix = allInline ? 'make one of them a table or use a slice' : 'use a slice of an inline wrapper, which may be empty';
      this.report(DiagnosticCodes.InlineCycle, `${why}: ${cycle.join(' -> ')}; ${fix}`, node.name.span);
    };
    for (const root of structs) {
      if (state.has(root.name)) continue;
      const stack: { name: string; children: string[]; next: number }[] = [];
      const enter = (name: string) => {
        state.set(name, 'visiting');
        path.push(name);
        stack.push({ name, children: children(byName.get(name)!), next: 0 });
      };
      enter(root.name);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.next === top.children.length) {
          stack.pop();
          path.pop();
          state.set(top.name, 'done');
          continue;
        }
        const child = top.children[top.next++]!;
        if (!byName.has(child)) continue;
        if (state.get(child) === 'visiting') report(child);
        else if (!state.has(child)) enter(child);
      }
    }
  }

  /**
   * Decoders, encoders and generators follow struct fields recursively: a
   * chain of structs nested deeper than MAX_NESTING_DEPTH (through inline,
   * table, array and slice fields, not counting slices through which a struct
   * reaches itself, which decoders bound at run time) is refused (KM308).
   * Iterative: it runs on schemas of any depth.
   */
  private checkNestingDepth(structs: readonly StructDef[]): void {
    const byName = new Map(structs.map((s) => [s.name, s]));
    const edges = new Map(
      structs.map((struct) => [
        struct.name,
        struct.fields.flatMap((field) => {
          const type = field.type.kind === 'array' || field.type.kind === 'slice' ? field.type.element : field.type;
          return type.kind === 'struct' && byName.has(type.name) ? [{ to: type.name, slice: field.type.kind === 'slice' }] : [];
        }),
      ]),
    );
    const component = stronglyConnected([...byName.keys()], (name) => edges.get(name)!.map((e) => e.to));
    // Without the slices inside a strongly connected group (the recursive ones) the graph has no cycle:
    // every cycle goes through a slice (KM307 refuses the others).
    const next = (name: string) => edges.get(name)!.filter((e) => !(e.slice && component.get(e.to) === component.get(name))).map((e) => e.to);
    const depth = new Map<string, number>();
    const deeper = new Map<string, string>();
    for (const root of structs) {
      if (depth.has(root.name)) continue;
      const stack: { name: string; children: string[]; next: number }[] = [{ name: root.name, children: next(root.name), next: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.next < top.children.length) {
          const child = top.children[top.next++]!;
          if (!depth.has(child)) stack.push({ name: child, children: next(child), next: 0 });
          continue;
        }
        stack.pop();
        let best = 0;
        for (const child of top.children) {
          if (depth.get(child)! > best) {
            best = depth.get(child)!;
            deeper.set(top.name, child);
          }
        }
        depth.set(top.name, best + 1);
      }
    }
    const tooDeep = structs.filter((s) => depth.get(s.name)! > MAX_NESTING_DEPTH);
    // Report where the chains start, not at every struct along them.
    const along = new Set(tooDeep.map((s) => deeper.get(s.name)));
    for (const struct of tooDeep) {
      const d = depth.get(struct.name)!;
      if (along.has(struct.name)) continue;
      const chain = [struct.name];
      while (chain.length < 4 && deeper.has(chain[chain.length - 1]!)) chain.push(deeper.get(chain[chain.length - 1]!)!);
      this.report(
        DiagnosticCodes.NestingTooDeep,
        `structs nest ${d} deep from \`${struct.name}\` (${chain.join(' -> ')} -> ...); at most ${MAX_NESTING_DEPTH} levels are allowed`,
        this.types.get(struct.name)!.name.span,
      );
    }
  }

  // --- interfaces and modules ----------------------------------------------

  private resolveInterface(node: InterfaceNode): InterfaceDef {
    this.checkUnique(node.functions.map((f) => f.name), DiagnosticCodes.DuplicateFunction, 'function', node.name.text);
    const functions: FunctionDef[] = node.functions.map((fn) => {
      this.checkName(fn.name, TYPE_NAME, 'function name');
      const param = fn.param && this.resolveMessageType(fn.param, `the parameter of \`${node.name.text}.${fn.name.text}\``);
      const result = fn.result && this.resolveMessageType(fn.result, `the result of \`${node.name.text}.${fn.name.text}\``);
      return { name: fn.name.text, ...(param ? { param } : {}), ...(result ? { result } : {}), doc: fn.doc, tags: fn.tags, span: fn.span };
    });
    return { kind: 'interface', name: node.name.text, functions, doc: node.doc, tags: node.tags, span: node.span };
  }

  /** Functions take and return whole messages: a struct, never a scalar or a slice. */
  private resolveMessageType(expr: TypeExpr, what: string): string | undefined {
    if (expr.kind !== 'named' || isPrimitiveName(expr.name) || this.types.get(expr.name)?.kind === 'enum') {
      this.report(DiagnosticCodes.InvalidFunctionType, `${what} must be a struct (a message), not \`${typeText(expr)}\``, expr.span);
      return undefined;
    }
    const type = this.resolveNamed(expr.name, expr.span);
    return type?.kind === 'struct' ? type.name : undefined;
  }

  private resolveModule(node: ModuleNode): ModuleDef {
    const interfaceName = (name: Name): string | undefined => {
      if (this.types.get(name.text)?.kind === 'interface') return name.text;
      const suggestion = closestName(name.text, [...this.types.values()].filter((d) => d.kind === 'interface').map((d) => d.name.text));
      this.report(DiagnosticCodes.UnknownInterface, `unknown interface \`${name.text}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, name.span);
      return undefined;
    };
    const implemented = node.implements.flatMap((name) => interfaceName(name) ?? []);
    const imports = node.imports.flatMap((entry) => {
      const iface = interfaceName(entry.interface);
      if (!iface) return [];
      if (!entry.from) return [{ interface: iface }];
      const provider = this.modules.get(entry.from.text);
      if (!provider) {
        this.report(DiagnosticCodes.UnknownModule, `unknown module \`${entry.from.text}\``, entry.from.span);
        return [];
      }
      if (!provider.implements.some((n) => n.text === iface)) {
        this.report(DiagnosticCodes.ModuleDoesNotImplement, `module \`${entry.from.text}\` does not implement \`${iface}\``, entry.from.span, [
          { message: `module \`${entry.from.text}\` is declared here`, span: provider.name.span },
        ]);
        return [];
      }
      return [{ interface: iface, from: entry.from.text }];
    });
    return { kind: 'module', name: node.name.text, implements: implemented, imports, doc: node.doc, tags: node.tags, span: node.span };
  }

  // --- tags ---------------------------------------------------------------

  /**
   * A tag this compiler reads (`read`) given more than once on one
   * declaration: the first applies, as in Karmem, which is easy to misread
   * when the values differ; a warning at each repeat.
   */
  private warnRepeatedTags(tags: readonly Tag[], read: ReadonlySet<string>, owner: string): void {
    for (const tag of tags) {
      if (!read.has(tag.name)) continue;
      const first = findTag(tags, tag.name)!;
      if (first === tag) continue;
      const at = `${first.span.line}:${first.span.column}`;
      this.diagnostics.push(
        warning(
          DiagnosticCodes.RepeatedTag,
          `@${tag.name} is given again on ${owner}: the first, ${tagText(first)} at ${at}, applies (as in Karmem); remove the repeat`,
          tag.span,
        ),
      );
    }
  }

  /** `@packed(true|false)`; an empty `@packed()` or bare `@packed` means true. */
  private packedTag(tags: readonly Tag[]): boolean | undefined {
    const tag = findTag(tags, 'packed');
    if (!tag) return undefined;
    const value = (tag.value ?? '').trim();
    if (value === '' || value === 'true') return true;
    if (value === 'false') return false;
    this.report(DiagnosticCodes.InvalidTagValue, `@packed takes \`true\` or \`false\`, not \`${value}\``, tag.span);
    return undefined;
  }

  private parseId(tag: Tag): bigint | undefined {
    const text = (tag.value ?? '').trim();
    if (/^(0|[1-9][0-9]*|0x[0-9a-fA-F]+)$/.test(text)) {
      const value = BigInt(text);
      if (value <= U64_MAX) return value;
    }
    this.report(DiagnosticCodes.InvalidTagValue, `@id takes an unsigned 64-bit integer, not \`${text}\``, tag.span);
    return undefined;
  }

  private report(code: Diagnostic['code'], message: string, span: Span, notes?: Diagnostic['notes']): void {
    this.diagnostics.push(error(code, message, span, notes));
  }
}

/** The tags whose values this compiler reads, by where; a repeat of one is warned about (KM412). */
const HEADER_TAGS: ReadonlySet<string> = new Set(['packed', 'key']);
const STRUCT_TAGS: ReadonlySet<string> = new Set(['packed', 'id']);

/** `@name(value)` as written, for messages. */
function tagText(tag: Tag): string {
  return tag.value === undefined ? `@${tag.name}` : `@${tag.name}(${tag.value})`;
}

function typeText(expr: TypeExpr): string {
  switch (expr.kind) {
    case 'named':
      return expr.name;
    case 'array':
      return `[${expr.length}]${typeText(expr.element)}`;
    case 'slice':
      return `[${expr.limit === undefined ? '' : `<${expr.limit}`}]${typeText(expr.element)}`;
  }
}

/**
 * Fields in one struct past which `check` warns (KM409): generated code has a
 * few statements per field in one function, and asc takes over a minute on
 * 10,000 uint32 fields (tsc 24 s) and 55 s on 2,048 fields of mixed types
 * (docs/schema.md).
 */
export const MANY_FIELDS = 1000;

/** How deep structs may nest through fields (docs/schema.md, KM308). */
export const MAX_NESTING_DEPTH = 100;

/** Tarjan's strongly connected components, iteratively: the component number of every node. */
function stronglyConnected(nodes: readonly string[], next: (node: string) => readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  let components = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; children: readonly string[]; next: number }[] = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: next(node), next: 0 });
    };
    open(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      if (top.next < top.children.length) {
        const child = top.children[top.next++]!;
        if (!index.has(child)) open(child);
        else if (onStack.has(child)) low.set(top.node, Math.min(low.get(top.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.set(member, components);
        } while (member !== top.node);
        components++;
      }
    }
  }
  return component;
}
