// Implementation of module notebook (Notes), for the end-to-end test.
import * as abi from "@karmem-ts/linker/assembly";
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { TextViewer, Total, encodeTotal } from "../golden/as/relay";

let count: i64 = 0;
let bytes: i64 = 0;

export namespace Notes {
  /** A note starting with "!" is refused: status -99. */
  export function Note(arg: TextViewer, r: karmem.Reader): void {
    const text = arg.ValueBytes(r);
    if (karmem.sliceLength(text) > 0 && load<u8>(r.address(karmem.sliceOffset(text))) == 0x21) {
      abi.fail(99);
      return;
    }
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
