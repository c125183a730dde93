/** The languages `generate` knows, each backed by a codegen library. */
import type { Generator } from '@karmem-ts/codegen-core';
import { generateAssemblyScript } from '@karmem-ts/codegen-as';
import { generateC } from '@karmem-ts/codegen-c';
import { generateGlueAssemblyScript, generateGlueC, generateGlueRust, generateGlueTypeScript } from '@karmem-ts/codegen-glue';
import { generateGo } from '@karmem-ts/codegen-go';
import { generateRust } from '@karmem-ts/codegen-rust';
import { generateTypeScript } from '@karmem-ts/codegen-ts';

export const GENERATORS: Record<string, { readonly generator: Generator; readonly description: string }> = {
  ts: { generator: generateTypeScript, description: 'TypeScript for hosts (@karmem-ts/runtime)' },
  as: { generator: generateAssemblyScript, description: 'AssemblyScript for guests (runtime-as)' },
  'ts-glue': { generator: generateGlueTypeScript, description: 'TypeScript for interfaces and modules: host and client types for @karmem-ts/linker' },
  'as-glue': { generator: generateGlueAssemblyScript, description: 'AssemblyScript entry files and import wrappers for interfaces and modules' },
  'c-glue': { generator: generateGlueC, description: 'C entry headers and import wrappers for interfaces and modules (karmem_<schema>_<module>.h + karmem_abi.h; beside the c headers)' },
  c: { generator: generateC, description: 'freestanding C for guests and native code (karmem.h + one header per schema)' },
  rust: { generator: generateRust, description: 'Rust for guests and hosts: one no_std module per schema (<schema>.rs), no crate needed' },
  'rust-glue': { generator: generateGlueRust, description: 'Rust entry points and import wrappers for interfaces and modules (<schema>_<module>.rs + karmem_abi.rs; beside the rust module)' },
  go: { generator: generateGo, description: 'Go for hosts and services: one package per schema (<schema>.go + karmem_runtime.go), no external module' },
};

/** Karmem's `build` flags (`--typescript`, `--c`, `--golang`) and long names accepted by `--lang`. */
export const LANGUAGE_ALIASES: Record<string, string> = { typescript: 'ts', assemblyscript: 'as', c: 'c', golang: 'go' };
