/**
 * @karmem-ts/idl: the `.km` schema front end. Lex, parse, resolve, report;
 * and print an AST back as canonical text.
 */
export * from './ast';
export * from './diagnostics';
export { lex, type Comment, type Token, type TokenKind } from './lexer';
export * from './model';
export { parse, type ParseResult } from './parser';
export { MANY_FIELDS, MAX_NESTING_DEPTH, resolve, type ResolveResult } from './resolve';
export { format, formatType } from './format';
export { compile, type CompileResult } from './compile';
export { closestName } from './suggest';
