// Module stats: implements Stats, imports Adder (from module adder) and Log
// (from the host); see app.km. Built by `karmem-ts build` from the generated
// entry file assembly/generated/stats.guest.ts.
import * as abi from "@karmem-ts/linker/assembly";
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { Line, NumbersViewer, Summary, decodeNumbers, encodeSummary, viewSum } from "./generated/app";
import { Adder, Log } from "./generated/stats.imports";

export namespace Stats {
  export function Summarize(numbers: NumbersViewer, r: karmem.Reader, out: karmem.Writer): void {
    // Ask module adder for the sum: the numbers, re-encoded as an argument
    // (the answer is read in place; with shared memory nothing is copied).
    // tryAdd is the checked call: null if adder failed (Adder.Add would end
    // this call instead, and the host would get an ImportFailedError).
    const answer = Adder.tryAdd(decodeNumbers(r));
    if (answer == null) {
      abi.fail(64); // the host sees a GuestError; abi.lastCallStatus() holds adder's -code
      return;
    }
    const sum = viewSum(answer);

    const values = numbers.Values(r);
    const count = karmem.sliceLength(values);
    const at = r.address(karmem.sliceOffset(values));
    let largest: i32 = i32.MIN_VALUE;
    for (let i: u32 = 0; i < count; i++) largest = max(largest, load<i32>(at + <usize>i * 4));

    const summary = new Summary();
    summary.Total = sum.Total;
    summary.Count = sum.Count;
    summary.Mean = count > 0 ? <f64>sum.Total / <f64>count : 0;
    summary.Max = count > 0 ? largest : 0;
    encodeSummary(out, summary);

    const line = new Line();
    line.Text = "stats: adder summed " + sum.Count.toString() + " numbers to " + sum.Total.toString();
    Log.Write(line);
  }
}
