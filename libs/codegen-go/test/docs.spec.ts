/**
 * docs/go.md's example, taken from the page: its schema and main.go, the
 * package generated into a module of their own, `go run .`, and the output
 * the page shows.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchema } from '@karmem-ts/layout';
import { generateGo } from '../src';
import { GO, ROOT, WORK_DIR, failure, run } from './go';

const page = readFileSync(join(ROOT, 'docs/go.md'), 'utf8');
const blocks = [...page.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => m[2]!);

function block(startsWith: string): string {
  const found = blocks.find((b) => b.startsWith(startsWith));
  if (!found) throw new Error(`docs/go.md has no code block starting with ${startsWith}`);
  return found;
}

it('runs the example of docs/go.md and prints what the page says', () => {
  const dir = join(WORK_DIR, 'docs');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'shop'), { recursive: true });
  const { layout, diagnostics } = loadSchema(block('karmem shop'), 'shop.km');
  expect(diagnostics).toEqual([]);
  for (const file of generateGo(layout!, { source: 'shop.km' })) writeFileSync(join(dir, 'shop', file.path), file.content);
  writeFileSync(join(dir, 'go.mod'), 'module example.com/shop\n\ngo 1.19\n');
  writeFileSync(join(dir, 'main.go'), block('package main'));
  const result = run(GO, ['run', '.'], dir);
  if (result.status !== 0) throw new Error(failure(result));
  expect(result.stdout).toBe(block('Ada owes'));
});
