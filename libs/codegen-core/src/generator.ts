import type { SchemaLayout } from '@karmem-ts/layout';

/** One file a generator produces, relative to the output folder. */
export interface GeneratedOutput {
  readonly path: string;
  readonly content: string;
}

export interface GeneratorOptions {
  /** The schema file as the user named it: printed in the generated header. */
  readonly source: string;
}

/**
 * What every `codegen-*` library exports, so the CLI can drive them alike:
 * deterministic output from a layout, no I/O.
 */
export type Generator = (layout: SchemaLayout, options: GeneratorOptions) => GeneratedOutput[];
