// Module adder: implements Adder (see app.km). Built by `karmem-ts build`
// from the generated entry file assembly/generated/adder.guest.ts.
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { NumbersViewer, Sum, encodeSum } from "./generated/app";

export namespace Adder {
  /** Reads the numbers in place (no copy, no allocation) and answers their sum. */
  export function Add(numbers: NumbersViewer, r: karmem.Reader, out: karmem.Writer): void {
    const values = numbers.Values(r);
    const count = karmem.sliceLength(values);
    const at = r.address(karmem.sliceOffset(values));
    let total: i64 = 0;
    for (let i: u32 = 0; i < count; i++) total += <i64>load<i32>(at + <usize>i * 4);
    const sum = new Sum();
    sum.Total = total;
    sum.Count = count;
    encodeSum(out, sum);
  }
}
