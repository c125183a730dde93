import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCases } from '@karmem-ts/conformance';
import { loadSchema } from '@karmem-ts/layout';
import { ROOT, runCli, tempDir } from './run-cli';

describe('karmem-ts encode / decode', () => {
  const cases = allCases();

  it('encodes every round-trip vector to its exact bytes and decodes every vector to its value', () => {
    const dir = tempDir();
    for (const { suite, testCase } of cases) {
      const schema = join(suite.dir, 'schema.km');
      const message = join(dir, `${suite.name}-${testCase.name}.bin`);
      writeFileSync(message, testCase.bytes);
      // Every roundtrip vector is sound; the reference's decode-only vectors include malformed messages, read with --lenient.
      const decoded = runCli(['decode', '--schema', schema, '--type', testCase.type, message, ...(testCase.kind === 'roundtrip' ? [] : ['--lenient'])]);
      expect({ id: testCase.id, code: decoded.code, value: JSON.parse(decoded.stdout) }).toEqual({ id: testCase.id, code: 0, value: testCase.value });
      if (testCase.kind !== 'roundtrip') continue;
      const encoded = runCli(['encode', '--schema', schema, '--type', testCase.type], { input: JSON.stringify(testCase.value) });
      expect({ id: testCase.id, code: encoded.code, hex: encoded.stdoutBytes.toString('hex') }).toEqual({ id: testCase.id, code: 0, hex: Buffer.from(testCase.bytes).toString('hex') });
    }
  }, 120_000);

  it('reads the message from stdin and the value from a file', () => {
    const dir = tempDir();
    const schema = join(ROOT, 'libs/conformance/vectors/scalars/schema.km');
    const value = join(dir, 'v.json');
    writeFileSync(value, JSON.stringify({ Flag: true, Raw: 1, U8: 2, U16: 3, U32: 4, U64: '18446744073709551615', I8: -1, I16: -2, I32: -3, I64: -4, F32: 1.5, F64: 0.1, Label: 'hé' }));
    const encoded = runCli(['encode', '-s', schema, '-t', 'Scalars', value]);
    expect(encoded.code).toBe(0);
    const decoded = runCli(['decode', '-s', schema, '-t', 'Scalars'], { input: encoded.stdoutBytes });
    expect(JSON.parse(decoded.stdout)).toMatchObject({ Flag: true, U64: '18446744073709551615', F64: 0.1, Label: 'hé' });
  });

  it('names the field path of a value that does not fit, and exits 1', () => {
    const schema = join(ROOT, 'libs/conformance/vectors/scalars/schema.km');
    const run = runCli(['encode', '-s', schema, '-t', 'Scalars'], { input: '{"Flag": true}' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: <stdin>: Scalars.Raw: missing (every field must be given)\n');
    expect(run.stdoutBytes.length).toBe(0);
    const range = runCli(['encode', '-s', schema, '-t', 'Scalars'], { input: JSON.stringify({ Flag: true, Raw: 1, U8: 256, U16: 3, U32: 4, U64: 0, I8: -1, I16: -2, I32: -3, I64: -4, F32: 1.5, F64: 0.1, Label: '' }) });
    expect(range.stderr).toContain('Scalars.U8: 256 does not fit in uint8 (0 to 255)');
  });

  it('rejects bad JSON and unknown types clearly', () => {
    const schema = join(ROOT, 'libs/conformance/vectors/scalars/schema.km');
    const bad = runCli(['encode', '-s', schema, '-t', 'Scalars'], { input: '{"Flag": tru' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: <stdin> is not valid JSON: /);
    expect(runCli(['decode', '-s', schema]).code).toBe(2);
    // Bytes that are not UTF-8 are refused, not read as U+FFFD into a string field.
    const text = Buffer.from(JSON.stringify({ Flag: true, Raw: 1, U8: 2, U16: 3, U32: 4, U64: 5, I8: -1, I16: -2, I32: -3, I64: -4, F32: 1.5, F64: 0.1, Label: 'h__' }));
    const at = text.indexOf('h__') + 1;
    text[at] = 0xff;
    text[at + 1] = 0xfe;
    const invalid = runCli(['encode', '-s', schema, '-t', 'Scalars'], { input: text });
    expect(invalid).toMatchObject({ code: 1, stderr: `error: <stdin> is not valid UTF-8 (at byte ${at})\n` });
    expect(invalid.stdoutBytes.length).toBe(0);
  });

  it.each(['encode', 'decode'])('%s exits 2 (usage) for an unknown root type, with a "did you mean" when close', (command) => {
    const schema = join(ROOT, 'libs/conformance/vectors/scalars/schema.km');
    // No input is given: the type is checked before standard input is read.
    const unknown = runCli([command, '-s', schema, '-t', 'Nope'], { input: '' });
    expect(unknown).toMatchObject({ code: 2, stderr: 'error: --type: no struct named Nope in schema scalars\n', stdout: '' });
    const typo = runCli([command, '-s', schema, '-t', 'scalar'], { input: '' });
    expect(typo).toMatchObject({ code: 2, stderr: 'error: --type: no struct named scalar in schema scalars; did you mean Scalars?\n' });
  });

  it('refuses a malformed message, naming the first problem, its path and byte; --lenient reads it as readers do', () => {
    const schema = join(ROOT, 'libs/conformance/vectors/scene/schema.km');
    const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
    const strict = runCli(['decode', '-s', schema, '-t', 'Scene'], { input: garbage });
    expect(strict).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'error: <stdin>: not a sound Scene message: Scene (byte 0): table at 0 needs 8 bytes, the message has 7 (--lenient reads it as readers do)\n',
    });
    const lenient = runCli(['decode', '-s', schema, '-t', 'Scene', '--lenient'], { input: garbage });
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ Version: 0, Title: '', Nodes: [] });
  });

  it('refuses a message with one bad byte inside, naming the field', () => {
    const schema = join(ROOT, 'libs/conformance/vectors/scalars/schema.km');
    const value = { Flag: true, Raw: 1, U8: 2, U16: 3, U32: 4, U64: 5, I8: -1, I16: -2, I32: -3, I64: -4, F32: 1.5, F64: 0.1, Label: 'ok' };
    const encoded = runCli(['encode', '-s', schema, '-t', 'Scalars'], { input: JSON.stringify(value) });
    const flag = loadSchema(readFileSync(schema, 'utf8')).layout!.structsByName.get('Scalars')!.fields.find((f) => f.name === 'Flag')!.offset;
    const bytes = Buffer.from(encoded.stdoutBytes);
    expect(runCli(['decode', '-s', schema, '-t', 'Scalars'], { input: bytes }).code).toBe(0);
    bytes[flag] = 2;
    expect(runCli(['decode', '-s', schema, '-t', 'Scalars'], { input: bytes })).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `error: <stdin>: not a sound Scalars message: Scalars.Flag (byte ${flag}): bool byte is 2, not 0 or 1 (--lenient reads it as readers do)\n`,
    });
    expect(JSON.parse(runCli(['decode', '-s', schema, '-t', 'Scalars', '--lenient'], { input: bytes }).stdout)).toEqual({ ...value, Flag: true });
  });
});
