/**
 * The TypeScript glue: for each interface, the types a host implements and a
 * caller gets, and the InterfaceSpec the linker links and calls with; the
 * schema's modules as a SchemaSpec; a Codec per message struct, built on
 * codegen-ts's encode / view / decode functions.
 */
import { GeneratedFile, type GeneratedOutput, type GeneratorOptions } from '@karmem-ts/codegen-core';
import type { FunctionLayout, InterfaceLayout, SchemaLayout } from '@karmem-ts/layout';
import { typeScriptNames, type TypeScriptNames } from '@karmem-ts/codegen-ts';
import { type GlueNames, glueNames, messageStructs } from './names';

export interface GlueTypeScriptOptions extends GeneratorOptions {
  /** Module holding codegen-ts's output for the schema. Default `./<schema name>`. */
  readonly typesImport?: string;
  /** Module of the linker. Default `@karmem-ts/linker`. */
  readonly linkerImport?: string;
}

export const GENERATOR_NAME = 'karmem-ts (codegen-glue)';

export function generateGlueTypeScript(layout: SchemaLayout, options: GlueTypeScriptOptions): GeneratedOutput[] {
  const path = `${layout.name}.glue.ts`;
  const file = new GeneratedFile(path, { language: 'typescript', sources: [options.source], generator: GENERATOR_NAME });
  const names = glueNames(layout);
  const ts = typeScriptNames(layout);
  const linker = options.linkerImport ?? '@karmem-ts/linker';
  file.line(`// Interfaces and modules of the schema, for @karmem-ts/linker. Message types: ${options.typesImport ?? `./${layout.name}`}.`);
  file.blank();
  if (layout.interfaces.length > 0) file.importNamespace('types', options.typesImport ?? `./${layout.name}`);
  const codec = file.import('Codec', linker, { typeOnly: true });
  const interfaceSpec = file.import('InterfaceSpec', linker, { typeOnly: true });
  const schemaSpec = file.import('SchemaSpec', linker, { typeOnly: true });

  for (const struct of messageStructs(layout)) {
    const name = names.codecs.get(struct)!;
    const t = ts.struct(struct);
    file.doc([`${struct} messages, for the linker: codegen-ts's ${t.encode}, ${t.view} and ${t.decode}.`]);
    file.block(`export const ${name}: ${codec}<types.${t.type}, types.${t.viewer}> = {`, () => {
      file.line(`name: '${struct}',`);
      file.line(`encode: (value, writer) => types.${t.encode}(value, writer),`);
      file.line(`view: (reader) => types.${t.view}(reader),`);
      file.line(`decode: (reader) => types.${t.decode}(reader),`);
    }, '};');
    file.blank();
  }
  for (const iface of layout.interfaces) emitInterface(file, iface, names, ts, interfaceSpec);
  emitSchema(file, layout, names, schemaSpec);
  return [{ path, content: file.toString() }];
}

function signature(fn: FunctionLayout, param: (s: string) => string, result: (s: string) => string, none: string): string {
  return `${fn.name}(${fn.param ? `arg: ${param(fn.param)}` : ''}): ${fn.result ? result(fn.result) : none};`;
}

function emitInterface(file: GeneratedFile, iface: InterfaceLayout, names: GlueNames, ts: TypeScriptNames, interfaceSpec: string): void {
  const type = (s: string) => `types.${ts.struct(s).type}`;
  const viewer = (s: string) => `types.${ts.struct(s).viewer}`;
  const n = names.interfaces.get(iface.name)!;
  const docs = (extra: string) => (iface.doc.length > 0 ? [...iface.doc, '', extra] : [extra]);
  const members = (param: (s: string) => string, result: (s: string) => string, none: string) => {
    for (const fn of iface.functions) {
      file.doc(fn.doc);
      file.line(signature(fn, param, result, none));
    }
  };

  file.doc(docs(`${iface.name}, implemented by the host: each function gets its argument as a zero-copy viewer of the calling guest's memory (valid during the call) and returns its answer as plain data (or already encoded bytes).`));
  file.block(`export interface ${n.host} {`, () => members(viewer, (s) => `${type(s)} | Uint8Array`, 'void'));
  file.blank();
  file.doc(docs(`${iface.name}, called on a guest: answers are zero-copy viewers of the guest's memory, valid until the next call into that guest.`));
  file.block(`export interface ${n.client} {`, () => members(type, viewer, 'void'));
  file.blank();
  file.doc(docs(`${iface.name}, called on a guest: answers as plain data.`));
  file.block(`export interface ${n.objectClient} {`, () => members(type, type, 'void'));
  file.blank();
  file.doc(docs(`The ${iface.name} interface for the linker: \`linked.client(module, ${n.spec})\`.`));
  file.block(`export const ${n.spec}: ${interfaceSpec}<${n.client}, ${n.objectClient}, ${n.host}> = {`, () => {
    file.line(`name: '${iface.name}',`);
    file.block('functions: [', () => {
      for (const fn of iface.functions) {
        const parts = [`name: '${fn.name}'`];
        if (fn.param) parts.push(`param: ${names.codecs.get(fn.param)!}`);
        if (fn.result) parts.push(`result: ${names.codecs.get(fn.result)!}`);
        file.line(`{ ${parts.join(', ')} },`);
      }
    }, '],');
  }, '};');
  file.blank();
}

function emitSchema(file: GeneratedFile, layout: SchemaLayout, names: GlueNames, schemaSpec: string): void {
  file.doc([`Every interface and module of ${layout.name}: what \`link({ schema, ... })\` checks guests against.`]);
  file.block(`export const schema: ${schemaSpec} = {`, () => {
    file.line(`name: '${layout.name}',`);
    if (layout.interfaces.length === 0) {
      file.line('interfaces: {},');
    } else {
      file.line(`interfaces: { ${layout.interfaces.map((i) => `${quoteKey(i.name)}: ${names.interfaces.get(i.name)!.spec}`).join(', ')} },`);
    }
    if (layout.modules.length === 0) {
      file.line('modules: {},');
      return;
    }
    file.block('modules: {', () => {
      for (const m of layout.modules) {
        file.doc(m.doc);
        const imports = m.imports.map((i) => (i.from ? `{ interface: '${i.interface}', from: '${i.from}' }` : `{ interface: '${i.interface}' }`));
        file.line(`${quoteKey(m.name)}: { name: '${m.name}', implements: [${m.implements.map((i) => `'${i}'`).join(', ')}], imports: [${imports.join(', ')}] },`);
      }
    }, '},');
  }, '};');
}

/** Module names may hold `_` and start with a lower-case letter: fine as keys; quoted only if needed. */
function quoteKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : `'${name}'`;
}
