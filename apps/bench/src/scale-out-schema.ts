// The scale-out rows' schema, as generated glue would describe it, with the
// codec of the Record that codegen-ts generated (src/generated/record.ts):
//
//   interface Records { RoundTrip(Record) Record; }
//   module service implements Records;
//
// Guest: guest/record-service.ts.
import type { Codec, InterfaceSpec, SchemaSpec } from '@karmem-ts/linker';
import { type Record as KarmemRecord, type RecordViewer, decodeRecord, encodeRecord, viewRecord } from './generated/record';

export const RECORD_MODULE = 'service';
export const RECORD_INTERFACE = 'Records';
export const RECORD_FUNCTION = 'RoundTrip';

export const RecordCodec: Codec<KarmemRecord, RecordViewer> = {
  name: 'Record',
  encode: (value, writer) => encodeRecord(value, writer),
  view: (reader) => viewRecord(reader),
  decode: (reader) => decodeRecord(reader),
};

export const Records: InterfaceSpec = {
  name: RECORD_INTERFACE,
  functions: [{ name: RECORD_FUNCTION, param: RecordCodec as Codec, result: RecordCodec as Codec }],
};

export const recordSchema: SchemaSpec = {
  name: 'bench',
  interfaces: { Records },
  modules: { [RECORD_MODULE]: { name: RECORD_MODULE, implements: [RECORD_INTERFACE], imports: [] } },
};
