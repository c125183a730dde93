/**
 * Our decode-limit vectors (libs/conformance/limits) through the generated
 * Rust decoders, natively (`rustc --test`): every `limit` case returns
 * Error::TooDeep or Error::Budget (the limit the host's decoders meet first),
 * the boundary case decodes whole to its value, and a value nested one level
 * past the depth limit does not encode (Error::TooDeep), one level less does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestValue, loadLimitSuites } from '@karmem-ts/conformance';
import { loadSchema } from '@karmem-ts/layout';
import { Names } from '../src';
import { ALLOC, BUILD_DIR, run, rustc, rustString, writeModule, type Run } from './harness';
import { digestSource } from './rust-source';

const suites = loadLimitSuites().map((suite) => ({ suite, layout: loadSchema(suite.schemaSource, suite.schemaFile).layout! }));

/** The test crate of one limit suite. */
function limitTests(suite: (typeof suites)[number], module: string): string {
  const names = new Names(suite.layout);
  const out = ['#![allow(dead_code, non_snake_case)]', 'extern crate alloc;', `mod ${module};`, `use ${module}::karmem::Error;`, digestSource(suite.layout, module)];
  for (const c of suite.suite.cases) {
    const type = `${module}::${names.struct(c.type).type}`;
    out.push('#[test]', `fn case_${c.name.replace(/[^A-Za-z0-9]/g, '_')}() {`);
    out.push(`    let bytes: &[u8] = include_bytes!(${rustString(join(suite.suite.dir, `${c.name}.bin`))});`);
    if (c.kind === 'limit') {
      out.push(`    assert_eq!(${type}::decode(bytes).err(), Some(Error::${c.limit === 'depth' ? 'TooDeep' : 'Budget'}));`);
    } else {
      const expected = digestValue(suite.layout, c.type, c.value!);
      out.push(`    let value = ${type}::decode(bytes).expect("decodes whole");`);
      out.push('    let mut h = Fnv::new();', `    digest_value_${c.type}(&mut h, &value);`, `    assert_eq!(h.0, 0x${expected.toString(16)});`);
      out.push(`    let again = ${type}::decode(&value.to_bytes().expect("encodes")).expect("decodes again");`, '    assert_eq!(again, value);');
    }
    out.push('}', '');
  }
  if (suite.suite.name === 'tree') {
    // Node { Kids []NodeRef }, NodeRef { N Node }: `levels` Nodes, one inside the other.
    out.push(
      `fn chain(levels: u32) -> ${module}::Node {`,
      `    let mut node = ${module}::Node::default();`,
      '    for v in 1..levels {',
      `        node = ${module}::Node { v, kids: vec![${module}::NodeRef { n: node }] };`,
      '    }',
      '    node',
      '}',
      '',
      '#[test]',
      'fn encode_depth() {',
      '    assert!(chain(64).to_bytes().is_ok());',
      '    assert_eq!(chain(65).to_bytes().err(), Some(Error::TooDeep));',
      '    assert_eq!(chain(65).encode(&mut [0u8; 1 << 16]).err(), Some(Error::TooDeep));',
      '}',
      '',
      '#[test]',
      'fn budget_option() {',
      '    let bytes = chain(3).to_bytes().unwrap();',
      '    // The root Node (8 units per byte of its 20), then two non-empty Kids slices of one NodeRef:',
      '    // 8 units per byte of it (8) and of the Node it points to (20).',
      '    let needed = 8 * 20 + 2 * 8 * (8 + 20);',
      `    assert_eq!(${module}::Node::decode_with(&bytes, &mut ${module}::karmem::Decoder::with_budget(needed - 1)).err(), Some(Error::Budget));`,
      `    assert!(${module}::Node::decode_with(&bytes, &mut ${module}::karmem::Decoder::with_budget(needed)).is_ok());`,
      '}',
    );
  }
  return out.join('\n') + '\n';
}

describe.each(suites.map((s) => [s.suite.name, s] as const))('Rust decode limits: %s', (name, suite) => {
  let tests: Run;

  beforeAll(() => {
    const dir = join(BUILD_DIR, `limits-${name}`);
    const module = writeModule(dir, suite.layout);
    writeFileSync(join(dir, 'limit_tests.rs'), limitTests(suite, module));
    const build = rustc(['--edition', '2021', '--test', '-C', 'overflow-checks=on', ...ALLOC, 'limit_tests.rs', '-o', 'limits-test'], dir);
    tests = build.status === 0 ? run(join(dir, 'limits-test'), ['--test-threads=1'], dir) : build;
  });

  it('passes every case', () => {
    const extra = name === 'tree' ? 2 : 0;
    expect(tests.stderr).toBe('');
    expect(tests.stdout).toContain(`test result: ok. ${suite.suite.cases.length + extra} passed; 0 failed`);
  });

  it.each(suite.suite.cases.map((c) => [c.name, c] as const))('%s', (_case, c) => {
    expect(tests.stdout).toContain(`test case_${c.name.replace(/[^A-Za-z0-9]/g, '_')} ... ok`);
  });
});
