/**
 * The runner itself: what it extracts, and that a failing or hanging block
 * fails with its file:line and output (so docs.spec.ts can fail).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TIMEOUT_SECONDS, extractPage, MarkerError } from './extract';
import { pageFolder, runBlock } from './run';

const PAGE = [
  '# A page', //                                  1
  '', //                                          2
  '<!-- runnable: cwd=tmp timeout=5 -->', //      3
  '```sh', //                                     4
  'cat greeting.txt', //                          5
  'echo made > made.txt', //                      6
  '```', //                                       7
  '', //                                          8
  '<!-- file: sub/greeting.txt -->', //           9
  '```', //                                      10
  'hello', //                                    11
  '```', //                                      12
  '', //                                         13
  '```sh', //                                    14
  '<!-- runnable: cwd=. -->', //                 15  inside a block: an example, not a marker
  '```', //                                      16
  '', //                                         17
  '<!-- runnable: -->', //                       18
  '```bash', //                                  19
  'echo hi', //                                  20
  '```', //                                      21
].join('\n');

describe('extractPage', () => {
  it('finds marked blocks with their options and line, and the files for the temporary folder', () => {
    const page = extractPage('page.md', PAGE);
    expect(page.blocks).toEqual([
      { file: 'page.md', line: 4, cwd: 'tmp', timeoutSeconds: 5, script: 'cat greeting.txt\necho made > made.txt\n' },
      { file: 'page.md', line: 19, cwd: '.', timeoutSeconds: DEFAULT_TIMEOUT_SECONDS, script: 'echo hi\n' },
    ]);
    expect(page.files).toEqual([{ file: 'page.md', line: 10, path: 'sub/greeting.txt', content: 'hello\n' }]);
  });

  it.each([
    ['<!-- runnable: cwd=. -->\n\n```sh\necho\n```\n', 'page.md:1: a `<!-- runnable: -->` marker must be right before a fenced block'],
    ['<!-- runnable: cwd=. -->\n```ts\nx\n```\n', 'page.md:1: a runnable block must be ```sh or ```bash, not ```ts'],
    ['<!-- runnable: dir=. -->\n```sh\nx\n```\n', 'page.md:1: unknown marker option "dir" (known: cwd, timeout)'],
    ['<!-- runnable: timeout=soon -->\n```sh\nx\n```\n', 'page.md:1: timeout must be a whole number of seconds, got "soon"'],
    ['<!-- runnable: cwd=../elsewhere -->\n```sh\nx\n```\n', 'page.md:1: "../elsewhere" must be a relative path inside the folder, without ..'],
    ['<!-- file: /etc/passwd -->\n```\nx\n```\n', 'page.md:1: "/etc/passwd" must be a relative path inside the folder, without ..'],
    ['<!-- runnable: cwd=. -->\n```sh\nx\n', 'page.md:2: this fenced block is never closed'],
  ])('rejects a marker it cannot follow: %j', (markdown, message) => {
    expect(() => extractPage('page.md', markdown)).toThrow(new MarkerError(message));
  });
});

describe('runBlock', () => {
  const bin = mkdtempSync(join(tmpdir(), 'docs-check-test-bin-'));
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('runs a cwd=tmp block in the page folder, where the page files are', () => {
    const fixed = PAGE.replace('cat greeting.txt', 'cat sub/greeting.txt');
    const page = extractPage('page.md', fixed);
    const tmp = pageFolder(page);
    try {
      expect(runBlock(page.blocks[0]!, { root: tmp, tmp, bin })).toEqual({ ok: true, report: 'page.md:4: ok' });
      expect(readFileSync(join(tmp, 'made.txt'), 'utf8')).toBe('made\n');
      expect(existsSync(join(tmp, 'node_modules'))).toBe(true);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('fails with file:line, the command and its output when a command fails (bash -e: the first failure stops the block)', () => {
    const page = extractPage('page.md', PAGE);
    const tmp = pageFolder({ blocks: [], files: [] });
    try {
      const result = runBlock(page.blocks[0]!, { root: tmp, tmp, bin });
      expect(result.ok).toBe(false);
      expect(result.report).toMatch(/^page\.md:4: the block exited 1 in the page's temporary folder \(.+\):\n {2}\$ cat greeting\.txt\n {2}\$ echo made > made\.txt\n--- output ---\ncat: greeting\.txt: No such file or directory$/);
      expect(existsSync(join(tmp, 'made.txt'))).toBe(false);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('fails a block that runs past its timeout', () => {
    const root = mkdtempSync(join(tmpdir(), 'docs-check-test-'));
    try {
      const result = runBlock({ file: 'slow.md', line: 7, cwd: '.', timeoutSeconds: 1, script: 'echo started\nsleep 30\n' }, { root, tmp: root, bin });
      expect(result).toEqual({ ok: false, report: 'slow.md:7: timed out after 1 s in .:\n  $ echo started\n  $ sleep 30\nstarted' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('puts the bin folder first on PATH', () => {
    const root = mkdtempSync(join(tmpdir(), 'docs-check-test-'));
    writeFileSync(join(bin, 'karmem-ts'), '#!/bin/sh\necho shim "$@"\n', { mode: 0o755 });
    try {
      const result = runBlock({ file: 'p.md', line: 1, cwd: '.', timeoutSeconds: 5, script: 'test "$(karmem-ts x)" = "shim x"\n' }, { root, tmp: root, bin });
      expect(result).toEqual({ ok: true, report: 'p.md:1: ok' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
