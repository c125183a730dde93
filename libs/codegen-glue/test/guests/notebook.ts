// Implementation of module notebook (Notes), for the end-to-end test.
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { TextViewer, Total, encodeTotal } from "../golden/as/relay";

let count: i64 = 0;
let bytes: i64 = 0;

export namespace Notes {
  export function Note(arg: TextViewer, r: karmem.Reader): void {
    count++;
    bytes += karmem.sliceLength(arg.ValueBytes(r));
  }

  /** Notes taken, plus 1000 x their bytes. */
  export function Count(out: karmem.Writer): void {
    const answer = new Total();
    answer.Value = count + bytes * 1000;
    encodeTotal(out, answer);
  }
}
