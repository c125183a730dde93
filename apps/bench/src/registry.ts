// Every case of every workload, and the cases that cannot run here (with why).
// Listing cases builds nothing: values and guests are made in `setup`, in the worker.
import type { BenchCase, SkippedCase } from './cases';
import { goSkipped } from './go-rows';
import { gameCases, gameSkipped } from './workloads/game';
import { hostCases } from './workloads/host';
import { linkerCases, linkerSkipped } from './workloads/linker';
import { recordCases, recordSkipped } from './workloads/record';

/** The scale-out rows (pools and NATS): load runs in the main process, after the cases below (src/scale-out.ts). */
export { scaleOutCases } from './scale-out-cases';
/** The host-go rows (src/go-rows.ts): one Go child process, after the cases below. */
export { goCases } from './go-rows';

let cached: BenchCase[] | undefined;

export function allCases(): BenchCase[] {
  cached ??= [...hostCases(), ...recordCases(), ...gameCases(), ...linkerCases()];
  return cached;
}

export function skippedCases(): SkippedCase[] {
  return [...recordSkipped(), ...gameSkipped(), ...linkerSkipped(), ...goSkipped()];
}

export function findCase(id: string): BenchCase | undefined {
  return allCases().find((c) => c.id === id);
}
