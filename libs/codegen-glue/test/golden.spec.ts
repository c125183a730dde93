import { generateGlueAssemblyScript, generateGlueTypeScript, glueNames } from '@karmem-ts/codegen-glue';
import { loadSchema } from '@karmem-ts/layout';
import { expectGolden, generateAll, layout } from './generate';

describe('generated glue', () => {
  const files = generateAll();

  it('produces the TypeScript glue and, per module, the AssemblyScript entry and import wrappers', () => {
    expect([...files.keys()].sort()).toEqual([
      'as/client.guest.ts',
      'as/client.imports.ts',
      'as/notebook.guest.ts',
      'as/relay.ts',
      'as/worker_a.guest.ts',
      'as/worker_a.imports.ts',
      'relay.glue.ts',
      'relay.ts',
    ]);
  });

  it.each([...generateAll().keys()])('matches the golden file %s', (path) => {
    expectGolden(path, files.get(path)!);
  });

  it('is deterministic', () => {
    const l = layout();
    expect(generateGlueTypeScript(l, { source: 'x.km' })).toEqual(generateGlueTypeScript(l, { source: 'x.km' }));
    expect(generateGlueAssemblyScript(l, { source: 'x.km' })).toEqual(generateGlueAssemblyScript(l, { source: 'x.km' }));
  });

  it('gives derived names that clash an underscore', () => {
    const source = `karmem clash @packed(true);
struct Msg table { A uint8; }
struct PingHost table { A uint8; }
interface Ping { Go(Msg) Msg; }
interface MsgCodec { Go(PingHost); }
module m implements Ping, MsgCodec;`;
    const clash = loadSchema(source, 'clash.km').layout!;
    const names = glueNames(clash);
    expect(names.interfaces.get('Ping')).toEqual({ spec: 'Ping', host: 'PingHost', client: 'PingClient', objectClient: 'PingObjectClient' });
    expect(names.codecs.get('Msg')).toBe('MsgCodec_');
    expect(names.interfaces.get('MsgCodec')!.spec).toBe('MsgCodec');
    // Struct names never clash: the TypeScript glue reaches them through `types.`.
    expect(generateGlueTypeScript(clash, { source: 'clash.km' })[0]!.content).toContain('export const PingHostCodec: Codec<types.PingHost, types.PingHostViewer>');
  });

  it('a schema without interfaces or modules gives an empty spec and no AssemblyScript', () => {
    const plain = loadSchema('karmem plain; struct A table { X uint8; }', 'plain.km').layout!;
    const [ts] = generateGlueTypeScript(plain, { source: 'plain.km' });
    expect(ts!.content).toContain("export const schema: SchemaSpec = {\n    name: 'plain',\n    interfaces: {},\n    modules: {},\n};");
    expect(ts!.content).not.toContain('import * as types');
    expect(generateGlueAssemblyScript(plain, { source: 'plain.km' })).toEqual([]);
  });
});
