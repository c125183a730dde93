/**
 * The "Interfaces and modules" sections of docs/c.md and docs/rust.md: their
 * code blocks, and the spec of the notes.km schema both use, for the tests
 * that build and run what the pages say.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InterfaceSpec } from '@karmem-ts/linker';
import { ROOT } from './generate';
import { Notes, TextCodec, TotalCodec } from './golden/relay.glue';
import type { Text, Total } from './golden/relay';

/** The code blocks of the page's "Interfaces and modules" section; `block` finds one by how it starts. */
export function interfacesSection(page: string): { blocks: string[]; block(startsWith: string): string } {
  const text = readFileSync(join(ROOT, page), 'utf8');
  const start = text.indexOf('\n## Interfaces and modules\n');
  const section = text.slice(start, text.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => m[2]!.replace(/^ {2}/gm, ''));
  const block = (startsWith: string): string => {
    const found = blocks.find((b) => b.startsWith(startsWith));
    if (!found) throw new Error(`${page}, "Interfaces and modules", has no code block starting with ${startsWith}`);
    return found;
  };
  return { blocks, block };
}

// notes.km's Text and Total have relay.km's layout: the tests reuse its TypeScript glue.
export const Diary: InterfaceSpec<unknown, { Write(arg: Text): Total }> = { name: 'Diary', functions: [{ name: 'Write', param: TextCodec, result: TotalCodec }] };

/** The spec of the sections' notes.km: a notebook implementing Notes, a diary calling it. */
export const notesSchema = {
  name: 'notes',
  interfaces: { Notes, Diary },
  modules: {
    notebook: { name: 'notebook', implements: ['Notes'], imports: [] },
    diary: { name: 'diary', implements: ['Diary'], imports: [{ interface: 'Notes', from: 'notebook' }] },
  },
};
