import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, runCli, tempDir } from './run-cli';

const EXAMPLE = join(ROOT, 'examples/game/game.km');

describe('karmem-ts generate', () => {
  it('writes TypeScript identical to the golden module, deterministically', () => {
    const out = tempDir();
    const run = runCli(['generate', EXAMPLE, '--lang', 'ts', '--out', out]);
    expect(run.code).toBe(0);
    const generated = readFileSync(join(out, 'game.ts'), 'utf8');
    const golden = readFileSync(join(ROOT, 'libs/codegen-ts/test/golden/game.ts'), 'utf8');
    // Only the header's source path differs.
    expect(generated.replace(/^\/\/ source: .*$/m, '')).toBe(golden.replace(/^\/\/ source: .*$/m, ''));
    expect(runCli(['generate', EXAMPLE, '--out', out]).code).toBe(0);
    expect(readFileSync(join(out, 'game.ts'), 'utf8')).toBe(generated);
  });

  it('--check lists missing and stale files and exits 1, then 0 once generated', () => {
    const out = tempDir();
    const missing = runCli(['generate', EXAMPLE, '--out', out, '--check']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${join(out, 'game.ts')} (missing)`);
    expect(existsSync(join(out, 'game.ts'))).toBe(false);
    runCli(['generate', EXAMPLE, '--out', out]);
    expect(runCli(['generate', EXAMPLE, '--out', out, '--check']).code).toBe(0);
    writeFileSync(join(out, 'game.ts'), '// edited by hand\n');
    const stale = runCli(['generate', EXAMPLE, '--out', out, '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(join(out, 'game.ts'));
  });

  it('build --typescript -o DIR works as Karmem users type it', () => {
    const out = tempDir();
    expect(runCli(['build', '--typescript', '-o', out, EXAMPLE]).code).toBe(0);
    expect(readFileSync(join(out, 'game.ts'), 'utf8')).toContain('export function encodeMonsterData');
  });

  it('writes C headers, one folder per language when several are asked for', () => {
    const out = tempDir();
    expect(runCli(['generate', EXAMPLE, '--lang', 'ts,as,c', '--out', out]).code).toBe(0);
    expect(readFileSync(join(out, 'as', 'game.ts'), 'utf8')).toContain('class MonsterDataViewer');
    expect(readFileSync(join(out, 'ts', 'game.ts'), 'utf8')).toContain('export function encodeMonsterData');
    expect(readFileSync(join(out, 'c', 'karmem_game.h'), 'utf8')).toContain('game_MonsterData_view');
    expect(existsSync(join(out, 'c', 'karmem.h'))).toBe(true);
    const karmemStyle = tempDir();
    expect(runCli(['build', '--c', '-o', karmemStyle, EXAMPLE]).code).toBe(0);
    expect(existsSync(join(karmemStyle, 'karmem_game.h'))).toBe(true);
    const asStyle = tempDir();
    expect(runCli(['build', '--assemblyscript', '-o', asStyle, EXAMPLE]).code).toBe(0);
    expect(readFileSync(join(asStyle, 'game.ts'), 'utf8')).toContain('@unmanaged');
  });

  it('writes a Go package (generate --lang go, and Karmem-style build --golang)', () => {
    const out = tempDir();
    expect(runCli(['generate', EXAMPLE, '--lang', 'go', '--out', out]).code).toBe(0);
    const game = readFileSync(join(out, 'game.go'), 'utf8');
    expect(game).toMatch(/^\/\/ Code generated .* DO NOT EDIT\.$/m);
    expect(game).toContain('package game');
    expect(game).toContain('func (x *MonsterData) Decode(');
    expect(existsSync(join(out, 'karmem_runtime.go'))).toBe(true);
    const karmemStyle = tempDir();
    expect(runCli(['build', '--golang', '-o', karmemStyle, EXAMPLE]).code).toBe(0);
    expect(readFileSync(join(karmemStyle, 'game.go'), 'utf8')).toBe(game);
  });

  it('writes a Rust module (generate --lang rust), beside other languages', () => {
    const out = tempDir();
    expect(runCli(['generate', EXAMPLE, '--lang', 'rust,go', '--out', out]).code).toBe(0);
    const game = readFileSync(join(out, 'rust', 'game.rs'), 'utf8');
    expect(game).toMatch(/^\/\/ Code generated .* DO NOT EDIT\.$/m);
    expect(game).toContain('pub struct MonsterDataView<');
    expect(existsSync(join(out, 'go', 'game.go'))).toBe(true);
  });

  it('writes the interface and module glue for both sides', () => {
    const out = tempDir();
    const physics = join(ROOT, 'examples/physics/physics.km');
    const run = runCli(['generate', physics, '--lang', 'ts-glue,as-glue', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(join('ts-glue', ''));
    expect(run.stderr).toContain(join('as-glue', ''));
    const c = tempDir();
    expect(runCli(['generate', physics, '--lang', 'c-glue', '--out', c]).code).toBe(0);
    expect(readFileSync(join(c, 'karmem_physics_engine.h'), 'utf8')).toContain('#include "karmem_physics.h"');
    expect(existsSync(join(c, 'karmem_abi.h'))).toBe(true);
    const rust = tempDir();
    expect(runCli(['generate', physics, '--lang', 'rust-glue', '--out', rust]).code).toBe(0);
    expect(readFileSync(join(rust, 'physics_engine.rs'), 'utf8')).toContain('super::physics::');
    expect(existsSync(join(rust, 'karmem_abi.rs'))).toBe(true);
  });

  it('refuses modules whose glue would be one file (KM506), in check and before generate writes anything', () => {
    const dir = tempDir();
    const reason = "(the Rust glue names a module's file in snake_case); rename one";
    for (const [first, second, file] of [['foo_bar', 'fooBar', 'clash_foo_bar.rs'], ['Foo', 'foo', 'clash_foo.rs']] as const) {
      const schema = join(dir, `${second}.km`);
      writeFileSync(schema, `karmem clash;\nstruct Text table { Value []char; }\ninterface Echo { Say(Text) Text; }\nmodule ${first} implements Echo;\nmodule ${second} implements Echo;\n`);
      const diagnostic = `error[KM506]: module \`${second}\` and module \`${first}\` (4:8) would both be written to ${file} ${reason}\n --> ${schema}:5:8`;
      const check = runCli(['check', schema]);
      expect(check.code).toBe(1);
      expect(check.stderr).toContain(diagnostic);
      expect(check.stderr).toContain(`note: module \`${first}\` is declared here\n --> ${schema}:4:8`);
      for (const lang of ['rust-glue', 'as-glue', 'c-glue', 'ts-glue']) {
        const out = join(dir, `${second}-${lang}`);
        const run = runCli(['generate', schema, '--lang', lang, '--out', out]);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(diagnostic);
        expect(existsSync(out)).toBe(false);
      }
    }
  });

  it("refuses names that give the glue's runtime file (KM506), not as two schemas generating one file", () => {
    const dir = tempDir();
    const write = (name: string, pkg: string, module: string) => {
      writeFileSync(join(dir, name), `karmem ${pkg};\nstruct Text table { Value []char; }\ninterface Echo { Say(Text) Text; }\nmodule ${module} implements Echo;\n`);
      return join(dir, name);
    };
    // Module abi of package karmem: its Rust glue file is karmem_abi.rs, the runtime's.
    const karmem = write('karmem.km', 'karmem', 'abi');
    const rust = runCli(['generate', karmem, '--lang', 'rust-glue', '--out', join(dir, 'rust')]);
    expect(rust.code).toBe(1);
    expect(rust.stderr).toContain(`error[KM506]: module \`abi\` of package \`karmem\` would be written to karmem_abi.rs, the file of the Rust glue's runtime (\`mod karmem_abi;\`)`);
    expect(rust.stderr).toContain(` --> ${karmem}:4:8`);
    expect(rust.stderr).not.toContain('both generate');
    expect(existsSync(join(dir, 'rust'))).toBe(false);
    // Package abi: codegen-c's karmem_abi.h is the C glue's, in the folder a config gives the C code and its glue.
    write('abi.km', 'abi', 'worker');
    writeFileSync(join(dir, 'karmem.config.json'), JSON.stringify({ schemas: ['abi.km'], outputs: { c: 'gen/c' } }));
    const c = runCli(['generate'], { cwd: dir });
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("error[KM506]: package `abi` has modules, for which the C glue writes its ABI header karmem_abi.h: codegen-c's header for the package, karmem_abi.h, is the same file");
    expect(c.stderr).not.toContain('both generate');
    expect(existsSync(join(dir, 'gen'))).toBe(false);
    expect(runCli(['check', join(dir, 'abi.km')]).code).toBe(1);
  });

  it('reports schema errors, unknown languages and conflicting options', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.km'), 'karmem bad;\nstruct A table { X Nope; }\n');
    const bad = runCli(['generate', join(dir, 'bad.km'), '--out', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.km:2:20');
    expect(runCli(['generate', EXAMPLE, '--lang', 'cobol']).stderr).toContain('unknown language "cobol"');
    expect(runCli(['generate', EXAMPLE, '--check', '--watch']).code).toBe(2);
    expect(runCli(['build', EXAMPLE]).code).toBe(2);
  });

  it('--watch regenerates when the schema changes', async () => {
    const dir = tempDir();
    const schema = join(dir, 'game.km');
    copyFileSync(EXAMPLE, schema);
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [CLI, 'generate', schema, '--out', out, '--watch'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const waitFor = async (condition: () => boolean) => {
      for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(condition()).toBe(true);
    };
    try {
      await waitFor(() => stderr.includes('watching'));
      expect(readFileSync(join(out, 'game.ts'), 'utf8')).not.toContain('Shield');
      writeFileSync(schema, readFileSync(EXAMPLE, 'utf8') + '\nstruct Shield table {\n    Power int32;\n}\n');
      await waitFor(() => existsSync(join(out, 'game.ts')) && readFileSync(join(out, 'game.ts'), 'utf8').includes('export interface Shield'));
    } finally {
      child.kill();
    }
  }, 30_000);
});
