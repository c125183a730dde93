/**
 * Recursive-descent parser: tokens to a `SchemaFile`. It recovers at the next
 * field or declaration after an error, so one run reports as many problems as
 * it can find.
 */
import type {
  Declaration,
  EnumMemberNode,
  EnumNode,
  FieldNode,
  FunctionNode,
  Header,
  InterfaceNode,
  ModuleImportNode,
  ModuleNode,
  Name,
  SchemaFile,
  StructClass,
  StructNode,
  Tag,
  Trivia,
  TypeExpr,
} from './ast';
import { DiagnosticCodes, error, type Diagnostic, type DiagnosticCode, type Span } from './diagnostics';
import { lex, type Comment, type Token } from './lexer';

export interface ParseResult {
  /** Present whenever the file could be read at all; may be partial when there are errors. */
  readonly ast: SchemaFile;
  readonly diagnostics: Diagnostic[];
}

export function parse(source: string, file = '<input>'): ParseResult {
  const { tokens, diagnostics } = lex(source, file);
  const parser = new Parser(tokens, file, diagnostics);
  return { ast: parser.parseFile(), diagnostics };
}

/** Thrown inside the parser to unwind to the nearest recovery point. */
class SyntaxFailure {
  constructor(readonly diagnostic: Diagnostic) {}
}

const DECLARATION_KEYWORDS = new Set(['struct', 'enum', 'interface', 'module']);

/** Joins two spans into one covering both (same file, `end` after `start`). */
function cover(start: Span, end: Span): Span {
  return { ...start, length: Math.max(start.length, end.offset + end.length - start.offset) };
}

class Parser {
  private index = 0;
  /** Comments met between nodes (e.g. on tokens skipped after an error): they lead the next node. */
  private carried: Comment[] = [];
  /**
   * Comments met inside the nodes being parsed, innermost last: the formatter
   * prints a node on one line, so they end up on that line (see `closeNode`).
   */
  private scopes: Comment[][] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  parseFile(): SchemaFile {
    const header = this.parseHeaderOrRecover();
    const declarations: Declaration[] = [];
    while (this.peek().kind !== 'eof') {
      const start = this.index;
      const depth = this.scopes.length;
      try {
        const declaration = this.parseDeclaration();
        if (declaration) declarations.push(declaration);
      } catch (failure) {
        this.report(failure, depth);
        this.skipToDeclaration(start);
      }
    }
    const eof = this.peek();
    return {
      file: this.file,
      header,
      declarations,
      trailingComments: this.takeLeading(eof).map((c) => c.text),
    };
  }

  // --- declarations -------------------------------------------------------

  private parseHeaderOrRecover(): Header {
    const first = this.peek();
    if (first.kind === 'ident' && first.text === 'karmem') {
      const depth = this.scopes.length;
      try {
        return this.parseHeader();
      } catch (failure) {
        this.report(failure, depth);
        this.skipToDeclaration(this.index);
        return { name: { text: '', span: first.span }, tags: [], span: first.span, doc: [], comments: [] };
      }
    }
    this.diagnostics.push(
      error(DiagnosticCodes.MissingHeader, 'expected the schema header `karmem <name>;` first', first.span),
    );
    return { name: { text: '', span: first.span }, tags: [], span: first.span, doc: [], comments: [] };
  }

  private parseHeader(): Header {
    const trivia = this.openNode();
    const keyword = this.next();
    const name = this.expectName('the schema name');
    const tags = this.parseTags();
    const semicolon = this.expectPunct(';', 'after the schema header');
    return { ...this.closeNode(trivia), name, tags, span: cover(keyword.span, semicolon.span) };
  }

  private parseDeclaration(): Declaration | undefined {
    const token = this.peek();
    if (token.kind === 'ident') {
      switch (token.text) {
        case 'struct':
          return this.parseStruct();
        case 'enum':
          return this.parseEnum();
        case 'interface':
          return this.parseInterface();
        case 'module':
          return this.parseModule();
        case 'karmem':
          this.next();
          throw this.fail(DiagnosticCodes.DuplicateHeader, 'the schema header may appear only once, at the top', token.span);
      }
    }
    if (token.kind === 'punct' && token.text === ';') {
      // A stray `;` after a closing brace is harmless.
      this.next();
      return undefined;
    }
    this.next();
    throw this.fail(
      DiagnosticCodes.ExpectedToken,
      `expected \`struct\`, \`enum\`, \`interface\` or \`module\`, found ${describe(token)}`,
      token.span,
    );
  }

  private parseEnum(): EnumNode {
    const trivia = this.openNode();
    const keyword = this.next();
    const name = this.expectName('the enum name');
    const base = this.expectName('the enum base type, such as `uint8`');
    const tags = this.parseTags();
    this.expectPunct('{', `to open enum \`${name.text}\``);
    const head = this.closeBlockHead(trivia);
    const members: EnumMemberNode[] = [];
    const close = this.parseBlock(() => members.push(this.parseEnumMember()));
    return { kind: 'enum', ...head, ...this.trailing(close.token), name, base, tags, members, innerComments: close.comments, span: cover(keyword.span, close.token.span) };
  }

  private parseEnumMember(): EnumMemberNode {
    const trivia = this.openNode();
    const name = this.expectName('an enum member name');
    let value: EnumMemberNode['value'];
    if (this.atPunct('=')) {
      this.next();
      const minus = this.atPunct('-') ? this.next() : undefined;
      const number = this.expectNumber('the member value');
      const magnitude = parseInteger(number.text);
      value = { value: minus ? -magnitude : magnitude, span: minus ? cover(minus.span, number.span) : number.span };
    }
    const tags = this.parseTags();
    const semicolon = this.expectPunct(';', `after enum member \`${name.text}\``);
    const node: EnumMemberNode = { ...this.closeNode(trivia), name, tags, span: cover(name.span, semicolon.span) };
    return value ? { ...node, value } : node;
  }

  private parseStruct(): StructNode {
    const trivia = this.openNode();
    const keyword = this.next();
    const name = this.expectName('the struct name');
    const classToken = this.peek();
    if (classToken.kind !== 'ident' || (classToken.text !== 'inline' && classToken.text !== 'table')) {
      throw this.fail(
        DiagnosticCodes.ExpectedToken,
        `expected \`inline\` or \`table\` after struct \`${name.text}\`, found ${describe(classToken)}`,
        classToken.span,
      );
    }
    this.next();
    const structClass = { text: classToken.text as StructClass, span: classToken.span };
    const tags = this.parseTags();
    this.expectPunct('{', `to open struct \`${name.text}\``);
    const head = this.closeBlockHead(trivia);
    const fields: FieldNode[] = [];
    const close = this.parseBlock(() => fields.push(this.parseField()));
    return {
      kind: 'struct',
      ...head,
      ...this.trailing(close.token),
      name,
      class: structClass,
      tags,
      fields,
      innerComments: close.comments,
      span: cover(keyword.span, close.token.span),
    };
  }

  private parseField(): FieldNode {
    const trivia = this.openNode();
    const name = this.expectName('a field name');
    const type = this.parseType();
    const tags = this.parseTags();
    const semicolon = this.expectPunct(';', `after field \`${name.text}\``);
    return { ...this.closeNode(trivia), name, type, tags, span: cover(name.span, semicolon.span) };
  }

  private parseInterface(): InterfaceNode {
    const trivia = this.openNode();
    const keyword = this.next();
    const name = this.expectName('the interface name');
    const tags = this.parseTags();
    this.expectPunct('{', `to open interface \`${name.text}\``);
    const head = this.closeBlockHead(trivia);
    const functions: FunctionNode[] = [];
    const close = this.parseBlock(() => functions.push(this.parseFunction()));
    return { kind: 'interface', ...head, ...this.trailing(close.token), name, tags, functions, innerComments: close.comments, span: cover(keyword.span, close.token.span) };
  }

  private parseFunction(): FunctionNode {
    const trivia = this.openNode();
    const name = this.expectName('a function name');
    this.expectPunct('(', `after function name \`${name.text}\``);
    const param = this.atPunct(')') ? undefined : this.parseType();
    this.expectPunct(')', `to close the parameter of \`${name.text}\``);
    const result = this.atPunct(';') || this.peek().kind === 'tag' ? undefined : this.parseType();
    const tags = this.parseTags();
    const semicolon = this.expectPunct(';', `after function \`${name.text}\``);
    const node: FunctionNode = { ...this.closeNode(trivia), name, tags, span: cover(name.span, semicolon.span) };
    return { ...node, ...(param ? { param } : {}), ...(result ? { result } : {}) };
  }

  private parseModule(): ModuleNode {
    const trivia = this.openNode();
    const keyword = this.next();
    const name = this.expectName('the module name');
    const tags = this.parseTags();
    const implemented: Name[] = [];
    const imports: ModuleImportNode[] = [];
    if (this.atIdent('implements')) {
      this.next();
      do implemented.push(this.expectName('an interface name'));
      while (this.atPunct(',') && this.next());
    }
    if (this.atIdent('imports')) {
      this.next();
      do {
        const iface = this.expectName('an interface name');
        if (this.atIdent('from')) {
          this.next();
          imports.push({ interface: iface, from: this.expectName('a module name') });
        } else {
          imports.push({ interface: iface });
        }
      } while (this.atPunct(',') && this.next());
    }
    const semicolon = this.expectPunct(';', `after module \`${name.text}\``);
    return { kind: 'module', ...this.closeNode(trivia), name, tags, implements: implemented, imports, span: cover(keyword.span, semicolon.span) };
  }

  // --- pieces -------------------------------------------------------------

  private parseType(): TypeExpr {
    const token = this.peek();
    if (token.kind === 'ident') {
      this.next();
      return { kind: 'named', name: token.text, span: token.span };
    }
    if (token.kind === 'punct' && token.text === '[') {
      this.next();
      if (this.atPunct(']')) {
        this.next();
        const element = this.parseType();
        return { kind: 'slice', element, span: cover(token.span, element.span) };
      }
      if (this.atPunct('<')) {
        this.next();
        const limit = parseInteger(this.expectNumber('the slice limit').text);
        this.expectPunct(']', 'to close the slice limit');
        const element = this.parseType();
        return { kind: 'slice', limit, element, span: cover(token.span, element.span) };
      }
      const length = parseInteger(this.expectNumber('the array length').text);
      this.expectPunct(']', 'to close the array length');
      const element = this.parseType();
      return { kind: 'array', length, element, span: cover(token.span, element.span) };
    }
    throw this.fail(DiagnosticCodes.ExpectedToken, `expected a type, found ${describe(token)}`, token.span);
  }

  private parseTags(): Tag[] {
    const tags: Tag[] = [];
    while (this.peek().kind === 'tag') {
      const token = this.next();
      const tag: Tag = { name: token.tagName!, quoted: token.tagQuoted ?? false, span: token.span };
      tags.push(token.tagValue === undefined ? tag : { ...tag, value: token.tagValue });
    }
    return tags;
  }

  /** Parses items until `}`; an item that fails is skipped up to its `;`. */
  private parseBlock(item: () => void): { token: Token; comments: string[] } {
    for (;;) {
      const token = this.peek();
      if (token.kind === 'punct' && token.text === '}') {
        // Its leading comments are the block's last words; its trailing ones, the declaration's.
        const comments = this.takeLeading(token).map((c) => c.text);
        this.index++;
        return { token, comments };
      }
      if (token.kind === 'eof') {
        throw this.fail(DiagnosticCodes.ExpectedToken, 'expected `}` before the end of the file', token.span);
      }
      if (token.kind === 'ident' && DECLARATION_KEYWORDS.has(token.text) && this.looksLikeDeclaration()) {
        throw this.fail(DiagnosticCodes.ExpectedToken, `expected \`}\` before \`${token.text}\``, token.span);
      }
      const depth = this.scopes.length;
      try {
        item();
      } catch (failure) {
        this.report(failure, depth);
        this.skipPast(';');
      }
    }
  }

  /** `struct Foo` inside a block is a missing `}` rather than a field named `struct`. */
  private looksLikeDeclaration(): boolean {
    const next = this.tokens[this.index + 1];
    const afterNext = this.tokens[this.index + 2];
    return next?.kind === 'ident' && (afterNext?.kind === 'ident' || afterNext?.kind === 'tag' || (afterNext?.kind === 'punct' && afterNext.text === '{'));
  }

  // --- trivia -------------------------------------------------------------

  private takeLeading(token: Token): Comment[] {
    const comments = [...this.carried, ...token.leading.splice(0)];
    this.carried = [];
    return comments;
  }

  /** Starts a node at the next token: claims the comments before it and collects those inside it. */
  private openNode(): Trivia {
    const comments = this.takeLeading(this.peek());
    this.scopes.push([]);
    return {
      doc: comments.filter((c) => c.kind === 'doc').map((c) => c.text.slice(3).replace(/^ /, '')),
      comments: comments.filter((c) => c.kind !== 'doc').map((c) => c.text),
    };
  }

  /**
   * Ends the node opened last, after its last token. The comments met inside
   * it have no place of their own in the AST: those on one line join its
   * trailing comment (printed at the end of its line, as a comment after its
   * `;` would be), a block comment over several lines goes before it.
   */
  private closeNode(trivia: Trivia): Trivia {
    const inside = this.scopes.pop() ?? [];
    const { above, line } = splitInner(inside);
    return { ...trivia, comments: [...trivia.comments, ...above], ...(line ? { trailingComment: line } : {}) };
  }

  /** Ends the head of a block declaration at its `{`: comments on the way go after the `{`. */
  private closeBlockHead(trivia: Trivia): Trivia & { openComment?: string } {
    const { trailingComment, ...rest } = this.closeNode(trivia);
    return trailingComment === undefined ? rest : { ...rest, openComment: trailingComment };
  }

  private trailing(token: Token): { trailingComment?: string } {
    if (token.trailing.length === 0) return {};
    const text = token.trailing.map((c) => c.text).join(' ');
    token.trailing.length = 0;
    return { trailingComment: text };
  }

  /** Files the comments around a token just consumed: into the node being parsed, or for the next node. */
  private stash(token: Token): void {
    if (token.leading.length === 0 && token.trailing.length === 0) return;
    const comments = [...token.leading.splice(0), ...token.trailing.splice(0)];
    (this.scopes[this.scopes.length - 1] ?? this.carried).push(...comments);
  }

  // --- token stream -------------------------------------------------------

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind === 'eof') return token;
    this.index++;
    this.stash(token);
    return token;
  }

  private atPunct(text: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.text === text;
  }

  private atIdent(text: string): boolean {
    const token = this.peek();
    return token.kind === 'ident' && token.text === text;
  }

  private expectPunct(text: string, context: string): Token {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === text) return this.next();
    const previous = this.tokens[this.index - 1];
    if (text === ';' && previous && token.span.line > previous.span.line) {
      // A forgotten `;` at the end of a line: point just after the line's last token and go on.
      const span = { ...previous.span, column: previous.span.column + previous.span.length, offset: previous.span.offset + previous.span.length, length: 1 };
      this.diagnostics.push(error(DiagnosticCodes.ExpectedToken, `expected \`;\` ${context}`, span));
      return previous;
    }
    throw this.fail(DiagnosticCodes.ExpectedToken, `expected \`${text}\` ${context}, found ${describe(token)}`, token.span);
  }

  private expectName(what: string): Name {
    const token = this.peek();
    if (token.kind !== 'ident') {
      throw this.fail(DiagnosticCodes.ExpectedToken, `expected ${what}, found ${describe(token)}`, token.span);
    }
    this.next();
    return { text: token.text, span: token.span };
  }

  private expectNumber(what: string): Token {
    const token = this.peek();
    if (token.kind !== 'number') {
      throw this.fail(DiagnosticCodes.ExpectedToken, `expected ${what} (a number), found ${describe(token)}`, token.span);
    }
    return this.next();
  }

  // --- errors and recovery --------------------------------------------------

  private fail(code: DiagnosticCode, message: string, span: Span): SyntaxFailure {
    return new SyntaxFailure(error(code, message, span));
  }

  /** Records a syntax error; the comments of the nodes it abandons (those opened past `depth`) lead the next node. */
  private report(failure: unknown, depth: number): void {
    if (!(failure instanceof SyntaxFailure)) throw failure;
    this.diagnostics.push(failure.diagnostic);
    this.carried.push(...this.scopes.splice(depth).flat());
  }

  private skipPast(text: string): void {
    for (;;) {
      const token = this.peek();
      if (token.kind === 'eof') return;
      if (token.kind === 'punct' && token.text === '}') return;
      this.next();
      if (token.kind === 'punct' && token.text === text) return;
    }
  }

  /** Skips to the next top-level declaration keyword; always makes progress past `start`. */
  private skipToDeclaration(start: number): void {
    if (this.index <= start) this.next();
    let depth = 0;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'eof') return;
      if (token.kind === 'punct' && token.text === '{') depth++;
      if (token.kind === 'punct' && token.text === '}') {
        depth--;
        if (depth <= 0) {
          this.next();
          return;
        }
      }
      if (depth <= 0 && token.kind === 'ident' && DECLARATION_KEYWORDS.has(token.text)) return;
      this.next();
    }
  }
}

/**
 * Splits the comments found inside a node: a block comment over several lines
 * cannot sit at the end of a line (it would lead the next node when read
 * back), so it goes above the node; the rest join into one trailing comment.
 */
function splitInner(comments: readonly Comment[]): { above: string[]; line?: string } {
  const above = comments.filter((c) => c.text.includes('\n')).map((c) => c.text);
  const inline = comments.filter((c) => !c.text.includes('\n')).map((c) => c.text);
  return inline.length > 0 ? { above, line: inline.join(' ') } : { above };
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the file';
    case 'tag':
      return `tag \`${token.text}\``;
    default:
      return `\`${token.text}\``;
  }
}

function parseInteger(text: string): bigint {
  return BigInt(text);
}
