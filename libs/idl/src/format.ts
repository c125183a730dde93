/**
 * The canonical printer: an AST back to text. One declaration per paragraph,
 * four-space indentation, field names and types in aligned columns, comments
 * and doc comments kept. `parse(format(ast))` gives back the same AST.
 */
import type { BlockTrivia, EnumNode, FieldNode, FunctionNode, InterfaceNode, ModuleNode, SchemaFile, StructNode, Tag, Trivia, TypeExpr } from './ast';

const INDENT = '    ';

export function format(ast: SchemaFile): string {
  const header = ast.header;
  const paragraphs: string[] = [];
  if (header.name.text !== '') {
    paragraphs.push(lines([...leading(header, ''), `karmem ${header.name.text}${tagsText(header.tags)};${trailing(header)}`]));
  }
  for (const declaration of ast.declarations) {
    switch (declaration.kind) {
      case 'enum':
        paragraphs.push(formatEnum(declaration));
        break;
      case 'struct':
        paragraphs.push(formatStruct(declaration));
        break;
      case 'interface':
        paragraphs.push(formatInterface(declaration));
        break;
      case 'module':
        paragraphs.push(formatModule(declaration));
        break;
    }
  }
  if (ast.trailingComments.length > 0) paragraphs.push(lines(ast.trailingComments));
  return paragraphs.join('\n\n') + '\n';
}

export function formatType(type: TypeExpr): string {
  switch (type.kind) {
    case 'named':
      return type.name;
    case 'array':
      return `[${type.length}]${formatType(type.element)}`;
    case 'slice':
      return `[${type.limit === undefined ? '' : `<${type.limit}`}]${formatType(type.element)}`;
  }
}

function formatEnum(node: EnumNode): string {
  const width = Math.max(0, ...node.members.map((m) => m.name.text.length));
  const body = node.members.flatMap((member) => {
    const value = member.value === undefined ? '' : ` = ${member.value.value}`;
    const name = value || member.tags.length > 0 ? member.name.text.padEnd(width) : member.name.text;
    return [...leading(member, INDENT), `${INDENT}${name}${value}${tagsText(member.tags)};${trailing(member)}`];
  });
  return block(node, `enum ${node.name.text} ${node.base.text}${tagsText(node.tags)}`, body);
}

function formatStruct(node: StructNode): string {
  const nameWidth = Math.max(0, ...node.fields.map((f) => f.name.text.length));
  const typeWidth = Math.max(0, ...node.fields.map((f) => formatType(f.type).length));
  const body = node.fields.flatMap((field: FieldNode) => {
    const type = field.tags.length > 0 ? formatType(field.type).padEnd(typeWidth) : formatType(field.type);
    return [...leading(field, INDENT), `${INDENT}${field.name.text.padEnd(nameWidth)} ${type}${tagsText(field.tags)};${trailing(field)}`];
  });
  return block(node, `struct ${node.name.text} ${node.class.text}${tagsText(node.tags)}`, body);
}

function formatInterface(node: InterfaceNode): string {
  const body = node.functions.flatMap((fn: FunctionNode) => {
    const param = fn.param ? formatType(fn.param) : '';
    const result = fn.result ? ` ${formatType(fn.result)}` : '';
    return [...leading(fn, INDENT), `${INDENT}${fn.name.text}(${param})${result}${tagsText(fn.tags)};${trailing(fn)}`];
  });
  return block(node, `interface ${node.name.text}${tagsText(node.tags)}`, body);
}

function formatModule(node: ModuleNode): string {
  let text = `module ${node.name.text}${tagsText(node.tags)}`;
  if (node.implements.length > 0) text += ` implements ${node.implements.map((n) => n.text).join(', ')}`;
  if (node.imports.length > 0) {
    text += ` imports ${node.imports.map((i) => (i.from ? `${i.interface.text} from ${i.from.text}` : i.interface.text)).join(', ')}`;
  }
  return lines([...leading(node, ''), `${text};${trailing(node)}`]);
}

function block(node: Trivia & BlockTrivia, head: string, body: string[]): string {
  const inner = node.innerComments.map((c) => INDENT + c);
  const open = node.openComment ? ` ${node.openComment}` : '';
  return lines([...leading(node, ''), `${head} {${open}`, ...body, ...inner, `}${trailing(node)}`]);
}

function leading(node: Trivia, indent: string): string[] {
  return [...node.comments.map((c) => indent + c), ...node.doc.map((d) => `${indent}///${d === '' ? '' : ` ${d}`}`)];
}

function trailing(node: Trivia): string {
  return node.trailingComment ? ` ${node.trailingComment}` : '';
}

function tagsText(tags: readonly Tag[]): string {
  return tags.map((tag) => ` ${tagText(tag)}`).join('');
}

function tagText(tag: Tag): string {
  if (tag.value === undefined) return `@${tag.name}`;
  return tag.quoted ? `@${tag.name}(\`${tag.value}\`)` : `@${tag.name}(${tag.value})`;
}

function lines(list: readonly string[]): string {
  return list.join('\n');
}
