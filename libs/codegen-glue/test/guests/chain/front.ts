// Module front (Front) in AssemblyScript, for the mixed-language link test:
// adds ">as" and 1 to the trail, passes it to the Rust module middle, and
// adds "<as" and 50000 to its answer.
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { TrailViewer, decodeTrail, encodeTrail } from "./chain";
import { Middle } from "./front.imports";

export namespace Front {
  export function Pass(arg: TrailViewer, r: karmem.Reader, out: karmem.Writer): void {
    const trail = decodeTrail(r);
    trail.Path += ">as";
    trail.Sum += 1;
    const answer = decodeTrail(Middle.Pass(trail));
    answer.Path += "<as";
    answer.Sum += 50_000;
    encodeTrail(out, answer);
  }
}
