import type { Command } from 'commander';
import { describeLayout } from '@karmem-ts/layout';
import { requireLayout, type OutputOptions } from '../io';

export function registerLayout(program: Command, output: () => OutputOptions): void {
  program
    .command('layout')
    .description('print the binary layout of every struct: offsets, sizes, padding, ids')
    .argument('<schema>', '.km file')
    .action((file: string) => {
      process.stdout.write(describeLayout(requireLayout(file, output()).layout));
    });
}
