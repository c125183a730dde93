/** The languages `generate` knows, each backed by a codegen library. */
import type { Generator } from '@karmem-ts/codegen-core';
import { generateTypeScript } from '@karmem-ts/codegen-ts';

export const GENERATORS: Record<string, { readonly generator: Generator; readonly description: string }> = {
  ts: { generator: generateTypeScript, description: 'TypeScript for hosts (@karmem-ts/runtime-ts)' },
};

export const LANGUAGE_ALIASES: Record<string, string> = { typescript: 'ts' };
