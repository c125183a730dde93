/**
 * The syntax tree of one `.km` file, as written: names are not resolved yet.
 * Every node keeps its span; comments ride along so the formatter loses none.
 */
import type { Span } from './diagnostics';

/** Comments attached to a node: plain ones as written, `///` docs as text lines. */
export interface Trivia {
  /** `///` lines before the node, markers and one leading space removed. */
  readonly doc: readonly string[];
  /** Plain `//` and `/* *\/` comments before the node, as written (and block comments over several lines from inside it). */
  readonly comments: readonly string[];
  /** Comments after the node on its last line, as written (and those inside it, which have no place of their own). */
  readonly trailingComment?: string;
}

/** The braces of a struct, enum or interface. */
export interface BlockTrivia {
  /** Comments between the keyword and the `{`, or after it on its line: printed after the `{`. */
  readonly openComment?: string;
  /** Comments before the closing brace. */
  readonly innerComments: readonly string[];
}

export interface Tag {
  /** Dotted name without the `@`: `packed`, `golang.package`. */
  readonly name: string;
  /** Text inside the parentheses; undefined for a bare `@tag`. */
  readonly value?: string;
  /** Whether the value was back-quoted. */
  readonly quoted: boolean;
  readonly span: Span;
}

export interface Name {
  readonly text: string;
  readonly span: Span;
}

export type TypeExpr =
  | { readonly kind: 'named'; readonly name: string; readonly span: Span }
  | { readonly kind: 'array'; readonly length: bigint; readonly element: TypeExpr; readonly span: Span }
  | { readonly kind: 'slice'; readonly limit?: bigint; readonly element: TypeExpr; readonly span: Span };

export interface Header extends Trivia {
  readonly name: Name;
  readonly tags: readonly Tag[];
  readonly span: Span;
}

export interface EnumMemberNode extends Trivia {
  readonly name: Name;
  /** The explicit value, if any. */
  readonly value?: { readonly value: bigint; readonly span: Span };
  readonly tags: readonly Tag[];
  readonly span: Span;
}

export interface EnumNode extends Trivia, BlockTrivia {
  readonly kind: 'enum';
  readonly name: Name;
  readonly base: Name;
  readonly tags: readonly Tag[];
  readonly members: readonly EnumMemberNode[];
  readonly span: Span;
}

export interface FieldNode extends Trivia {
  readonly name: Name;
  readonly type: TypeExpr;
  readonly tags: readonly Tag[];
  readonly span: Span;
}

export type StructClass = 'inline' | 'table';

export interface StructNode extends Trivia, BlockTrivia {
  readonly kind: 'struct';
  readonly name: Name;
  readonly class: { readonly text: StructClass; readonly span: Span };
  readonly tags: readonly Tag[];
  readonly fields: readonly FieldNode[];
  readonly span: Span;
}

/** `Name(Param) Result;` inside an interface: at most one struct in, at most one struct out. */
export interface FunctionNode extends Trivia {
  readonly name: Name;
  readonly param?: TypeExpr;
  readonly result?: TypeExpr;
  readonly tags: readonly Tag[];
  readonly span: Span;
}

export interface InterfaceNode extends Trivia, BlockTrivia {
  readonly kind: 'interface';
  readonly name: Name;
  readonly tags: readonly Tag[];
  readonly functions: readonly FunctionNode[];
  readonly span: Span;
}

/** `imports Log` or `imports Log from logger`. */
export interface ModuleImportNode {
  readonly interface: Name;
  readonly from?: Name;
}

export interface ModuleNode extends Trivia {
  readonly kind: 'module';
  readonly name: Name;
  readonly tags: readonly Tag[];
  readonly implements: readonly Name[];
  readonly imports: readonly ModuleImportNode[];
  readonly span: Span;
}

export type Declaration = EnumNode | StructNode | InterfaceNode | ModuleNode;

export interface SchemaFile {
  readonly file: string;
  readonly header: Header;
  readonly declarations: readonly Declaration[];
  /** Comments after the last declaration. */
  readonly trailingComments: readonly string[];
}
