import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeData, escapeProperty, workflowCommand } from '../src/github-actions';
import { runCli, tempDir } from './run-cli';

/** A file name with every character a property must escape, and a schema with a note, a `%` and a multi-character span. */
const FILE = 'we%ird,na:me.km';
const SCHEMA = 'karmem a;\nstruct T table {\n    A uint8;\n    A uint16;\n    B Vec4;\n}\nstruct % inline {}\n';
const ANNOTATIONS = [
  '::error file=we%25ird%2Cna%3Ame.km,line=4,col=5,endLine=4,endColumn=5,title=KM303::field `A` appears twice in `T`%0Anote: first here (we%25ird,na:me.km:3:5)',
  '::error file=we%25ird%2Cna%3Ame.km,line=5,col=7,endLine=5,endColumn=10,title=KM301::unknown type `Vec4`',
  '::error file=we%25ird%2Cna%3Ame.km,line=7,col=8,endLine=7,endColumn=8,title=KM101::unexpected character `%25`',
  '::error file=we%25ird%2Cna%3Ame.km,line=7,col=17,endLine=7,endColumn=17,title=KM201::expected `inline` or `table` after struct `inline`, found `{`',
  '',
].join('\n');

function folderWithSchema(): string {
  const dir = tempDir();
  writeFileSync(join(dir, FILE), SCHEMA);
  return dir;
}

describe('--format github-actions / --error-format github-actions', () => {
  it('check prints one escaped workflow command per problem on stdout', () => {
    const cwd = folderWithSchema();
    for (const flag of ['--format', '--error-format']) {
      expect(runCli([flag, 'github-actions', 'check', FILE], { cwd })).toEqual(expect.objectContaining({ code: 1, stdout: ANNOTATIONS, stderr: '' }));
    }
  });

  it('generate prints the schema problems the same way and writes nothing', () => {
    const cwd = folderWithSchema();
    const run = runCli(['--error-format', 'github-actions', 'generate', '--lang', 'ts', '--out', 'out', FILE], { cwd });
    expect(run).toEqual(expect.objectContaining({ code: 1, stdout: ANNOTATIONS, stderr: '' }));
  });

  it('a clean schema prints nothing', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'ok.km'), 'karmem ok;\nstruct T table { A uint8; }\n');
    expect(runCli(['--error-format', 'github-actions', 'check', 'ok.km'], { cwd })).toEqual(expect.objectContaining({ code: 0, stdout: '', stderr: '' }));
  });

  it('the two spellings must agree, and other values are usage errors', () => {
    const cwd = folderWithSchema();
    expect(runCli(['--format', 'json', '--error-format', 'github-actions', 'check', FILE], { cwd })).toMatchObject({
      code: 2,
      stderr: 'error: --format json and --error-format github-actions disagree: give one\n',
    });
    expect(runCli(['--error-format', 'msvs', 'check', FILE], { cwd })).toMatchObject({ code: 2, stderr: 'error: --error-format must be text, json or github-actions, not msvs\n' });
    expect(runCli(['--format', 'xml', 'check', FILE], { cwd })).toMatchObject({ code: 2, stderr: 'error: --format must be text, json or github-actions, not xml\n' });
  });

  it('escapes data and properties by the workflow-command rules', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext%3A a%2C b');
    expect(workflowCommand({ severity: 'warning', file: 'a:b.km', line: 2, col: 3, title: 'KM4,01', message: 'line one\nline two %' })).toBe(
      '::warning file=a%3Ab.km,line=2,col=3,title=KM4%2C01::line one%0Aline two %25',
    );
    expect(workflowCommand({ severity: 'error', message: 'no file' })).toBe('::error::no file');
  });
});
