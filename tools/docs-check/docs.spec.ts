/**
 * Every block of README.md and docs/*.md marked `<!-- runnable: ... -->` runs
 * as written, from the folder it names (README.md of this folder). A failure
 * names the block's file:line and shows the command and its output.
 */
import { existsSync, rmSync } from 'node:fs';
import { CLI, cliShim, pageFolder, pages, readPage, ROOT, runBlock } from './run';

const marked = pages()
  .map((file) => ({ file, page: readPage(file) }))
  .filter(({ page }) => page.blocks.length > 0);

describe('the runnable blocks of the docs', () => {
  let bin: string;
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx nx run docs-check:test\`, which builds the CLI first`);
    bin = cliShim();
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('marks some blocks (the pages this project checks)', () => {
    expect(marked.map(({ file }) => file)).toEqual(expect.arrayContaining(['docs/assemblyscript.md', 'docs/c.md', 'docs/linker.md']));
  });

  describe.each(marked)('$file', ({ page }) => {
    let tmp: string;
    beforeAll(() => {
      tmp = pageFolder(page);
    });
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    // In page order: a block may use what an earlier one made (c.md generates, then compiles).
    it.each(page.blocks.map((block) => [`${block.file}:${block.line}`, block] as const))('%s runs as written', (_where, block) => {
      const result = runBlock(block, { root: ROOT, tmp, bin });
      if (!result.ok) throw new Error(result.report);
    });
  });
});
