/**
 * The Go test files of a conformance package for one schema (Go sources,
 * printed here): `kmt_digest_test.go` walks every struct through its viewer
 * and through its decoded value with the conformance digest
 * (docs/conformance.md); `kmt_cases_test.go` lists the cases with the
 * digests the host computed from the vectors' JSON, and holds the tests:
 *
 *   - TestConformance: per case, the viewer digest, the decoded digest, the
 *     digest of a decode into a value that held another message (reuse), and
 *     the digest of the re-encoded message all equal the expected digest;
 *     roundtrip cases re-encode to the .bin bytes exactly; encoding into a
 *     fixed buffer of every smaller capacity fails with ErrOutOfSpace and
 *     writes nothing past it; limit cases fail with a *LimitError of their kind;
 *   - FuzzDecode (conformance schemas), seeded from the vectors: on any
 *     bytes, no panic, and the four digests agree.
 */
import type { SchemaLayout, StructLayout, TypeLayout } from '@karmem-ts/layout';
import { Names } from '../src/names';
import { SCALARS } from '../src/scalars';

export interface GoCase {
  readonly name: string;
  readonly type: string;
  /** `limit`: the decode must fail with that limit. */
  readonly kind: 'roundtrip' | 'decode' | 'limit';
  readonly limit?: 'depth' | 'budget';
  /** The expected digest (0 for limit cases). */
  readonly digest: bigint;
}

function sliceElements(layout: SchemaLayout): Set<string> {
  const names = new Set<string>();
  for (const s of layout.structs) {
    for (const f of s.fields) if (f.type.kind === 'slice' && f.type.element.kind === 'inline') names.add(f.type.element.struct);
  }
  return names;
}

export function goNames(layout: SchemaLayout): Names {
  return new Names(layout, sliceElements(layout));
}

const DIGEST_RUNTIME = `type kmtFnv struct {
	h uint64
}

func kmtNewFnv() *kmtFnv {
	return &kmtFnv{0xcbf29ce484222325}
}

func (f *kmtFnv) le(bits uint64, n int) {
	for i := 0; i < n; i++ {
		f.h ^= uint64(byte(bits >> (8 * i)))
		f.h *= 0x100000001b3
	}
}

func (f *kmtFnv) Bool(v bool) {
	if v {
		f.le(1, 1)
	} else {
		f.le(0, 1)
	}
}

func (f *kmtFnv) U8(v uint8)    { f.le(uint64(v), 1) }
func (f *kmtFnv) I8(v int8)     { f.le(uint64(uint8(v)), 1) }
func (f *kmtFnv) U16(v uint16)  { f.le(uint64(v), 2) }
func (f *kmtFnv) I16(v int16)   { f.le(uint64(uint16(v)), 2) }
func (f *kmtFnv) U32(v uint32)  { f.le(uint64(v), 4) }
func (f *kmtFnv) I32(v int32)   { f.le(uint64(uint32(v)), 4) }
func (f *kmtFnv) U64(v uint64)  { f.le(v, 8) }
func (f *kmtFnv) I64(v int64)   { f.le(uint64(v), 8) }
func (f *kmtFnv) F32(v float32) { f.le(uint64(math.Float32bits(v)), 4) }
func (f *kmtFnv) F64(v float64) { f.le(math.Float64bits(v), 8) }

// Text: the byte length as u32, then the bytes (strings and []byte alike).
func (f *kmtFnv) Text(b []byte) {
	f.U32(uint32(len(b)))
	for _, c := range b {
		f.le(uint64(c), 1)
	}
}`;

/** kmt_digest_test.go */
export function digestSource(layout: SchemaLayout, pkg: string): string {
  const names = goNames(layout);
  const out = [`package ${pkg}`, '', 'import "math"', '', DIGEST_RUNTIME];
  for (const s of layout.structs) out.push('', ...viewDigest(names, s), '', ...valueDigest(names, s));
  return out.join('\n') + '\n';
}

function scalarCall(scalar: string, get: string, cast: boolean): string {
  const s = SCALARS[scalar as keyof typeof SCALARS];
  return `h.${s.short}(${cast ? `${s.type}(${get})` : get})`;
}

function digestField(names: Names, type: TypeLayout, get: string, side: 'View' | 'Value', indent: string, out: string[]): void {
  const element = (e: { kind: 'scalar'; scalar: string } | { kind: 'inline'; struct: string }, value: string) =>
    e.kind === 'scalar' ? scalarCall(e.scalar, value, false) : `kmtDigest${e.struct}${side}(h, ${side === 'View' ? value : `&${value}`})`;
  switch (type.kind) {
    case 'scalar':
      out.push(`${indent}${scalarCall(type.scalar, side === 'View' ? `${get}()` : get, false)}`);
      return;
    case 'enum':
      out.push(`${indent}${scalarCall(type.scalar, side === 'View' ? `${get}()` : get, true)}`);
      return;
    case 'inline':
    case 'table':
      out.push(`${indent}kmtDigest${type.struct}${side}(h, ${side === 'View' ? `${get}()` : `&${get}`})`);
      return;
    case 'array':
      out.push(`${indent}for i := 0; i < ${type.length}; i++ {`);
      out.push(`${indent}\t${element(type.element, side === 'View' ? `${get}(i)` : `${get}[i]`)}`);
      out.push(`${indent}}`);
      return;
    case 'slice': {
      const e = type.element;
      if (type.string || (e.kind === 'scalar' && e.scalar === 'uint8')) {
        out.push(`${indent}h.Text(${side === 'View' ? `${get}()` : type.string ? `[]byte(${get})` : get})`);
        return;
      }
      if (side === 'View') {
        out.push(`${indent}{`, `${indent}\tl := ${get}()`, `${indent}\th.U32(uint32(l.Len()))`, `${indent}\tfor i := 0; i < l.Len(); i++ {`);
        out.push(`${indent}\t\t${element(e, 'l.At(i)')}`, `${indent}\t}`, `${indent}}`);
      } else {
        out.push(`${indent}h.U32(uint32(len(${get})))`, `${indent}for i := range ${get} {`);
        out.push(`${indent}\t${element(e, `${get}[i]`)}`, `${indent}}`);
      }
      return;
    }
  }
}

function viewDigest(names: Names, s: StructLayout): string[] {
  const out = [`func kmtDigest${s.name}View(h *kmtFnv, v ${names.struct(s.name).viewer}) {`];
  for (const f of s.fields) digestField(names, f.type, `v.${names.field(f.name)}`, 'View', '\t', out);
  out.push('}');
  return out;
}

function valueDigest(names: Names, s: StructLayout): string[] {
  const out = [`func kmtDigest${s.name}Value(h *kmtFnv, x *${names.struct(s.name).type}) {`];
  for (const f of s.fields) digestField(names, f.type, `x.${names.field(f.name)}`, 'Value', '\t', out);
  out.push('}');
  return out;
}

/** kmt_cases_test.go: the cases, the runners and the tests. */
export function casesSource(layout: SchemaLayout, pkg: string, cases: readonly GoCase[], fuzz: boolean): string {
  const names = goNames(layout);
  const out = [
    `package ${pkg}`,
    '',
    'import (',
    '\t"bytes"',
    '\t"errors"',
    '\t"fmt"',
    '\t"os"',
    '\t"testing"',
    ')',
    '',
    'type kmtCase struct {',
    '\tname   string',
    '\ttyp    string',
    '\tkind   string',
    '\tlimit  string',
    '\tdigest uint64',
    '}',
    '',
    'var kmtCases = []kmtCase{',
    ...cases.map((c) => `\t{${JSON.stringify(c.name)}, ${JSON.stringify(c.type)}, ${JSON.stringify(c.kind)}, ${JSON.stringify(c.limit ?? '')}, ${c.digest}},`),
    '}',
    '',
    `var kmtTypes = []string{${layout.structs.map((s) => JSON.stringify(s.name)).join(', ')}}`,
    '',
    'type kmtResult struct {',
    '\terr      error',
    '\tview     uint64',
    '\tdecoded  uint64',
    '\treused   uint64',
    '\toutput   uint64',
    '\tencoded  []byte',
    '\tcapacity error',
    '}',
    '',
    '// kmtCapacity encodes into buf[:c] of a larger guarded buffer: below len(want) it must',
    '// fail with ErrOutOfSpace, at len(want) write want; never may it touch a byte past c.',
    'func kmtCapacity(encode func([]byte) (int, error), want []byte, c int) error {',
    '\tn := len(want)',
    '\tguard := make([]byte, n+64)',
    '\tfor i := range guard {',
    '\t\tguard[i] = 0xa5',
    '\t}',
    '\tgot, err := encode(guard[:c])',
    '\tif c < n && (err != ErrOutOfSpace || got != 0) {',
    '\t\treturn fmt.Errorf("capacity %d of %d: got %d, %v", c, n, got, err)',
    '\t}',
    '\tif c == n && (err != nil || got != n || !bytes.Equal(guard[:n], want)) {',
    '\t\treturn fmt.Errorf("exact capacity %d: got %d, %v", n, got, err)',
    '\t}',
    '\tfor i := c; i < len(guard); i++ {',
    '\t\tif guard[i] != 0xa5 {',
    '\t\t\treturn fmt.Errorf("capacity %d: byte %d written past the buffer", c, i)',
    '\t\t}',
    '\t}',
    '\treturn nil',
    '}',
    '',
    '// kmtCapacities checks kmtCapacity for every capacity up to len(want) (a spread of them',
    '// past 2048 bytes), the exact one last.',
    'func kmtCapacities(encode func([]byte) (int, error), want []byte) error {',
    '\tn := len(want)',
    '\tstep := 1',
    '\tif n > 2048 {',
    '\t\tstep = n / 512',
    '\t}',
    '\tfor c := 0; c < n; c += step {',
    '\t\tif err := kmtCapacity(encode, want, c); err != nil {',
    '\t\t\treturn err',
    '\t\t}',
    '\t}',
    '\treturn kmtCapacity(encode, want, n)',
    '}',
  ];
  for (const s of layout.structs) {
    const n = names.struct(s.name);
    out.push(
      '',
      `var kmtReuse${s.name} ${n.type}`,
      '',
      `func kmtRun${s.name}(data []byte, full bool) kmtResult {`,
      '\tvar r kmtResult',
      `\tvar x ${n.type}`,
      '\tif r.err = x.Decode(data); r.err != nil || !full {',
      '\t\treturn r',
      '\t}',
      '\th := kmtNewFnv()',
      `\tkmtDigest${s.name}View(h, ${n.newViewer}(data))`,
      '\tr.view = h.h',
      '\th = kmtNewFnv()',
      `\tkmtDigest${s.name}Value(h, &x)`,
      '\tr.decoded = h.h',
      `\tif r.err = kmtReuse${s.name}.DecodeView(${n.newViewer}(data)); r.err != nil {`,
      '\t\treturn r',
      '\t}',
      '\th = kmtNewFnv()',
      `\tkmtDigest${s.name}Value(h, &kmtReuse${s.name})`,
      '\tr.reused = h.h',
      '\tw := NewWriter(0)',
      '\tif r.err = x.Encode(w); r.err != nil {',
      '\t\treturn r',
      '\t}',
      '\tr.encoded = append([]byte(nil), w.Bytes()...)',
      '\th = kmtNewFnv()',
      `\tkmtDigest${s.name}View(h, ${n.newViewer}(r.encoded))`,
      '\tr.output = h.h',
      '\tr.capacity = kmtCapacities(x.EncodeTo, r.encoded)',
      '\treturn r',
      '}',
    );
  }
  out.push(
    '',
    'func kmtRun(typ string, data []byte, full bool) kmtResult {',
    '\tswitch typ {',
    ...layout.structs.flatMap((s) => [`\tcase ${JSON.stringify(s.name)}:`, `\t\treturn kmtRun${s.name}(data, full)`]),
    '\t}',
    '\tpanic("unknown type " + typ)',
    '}',
    '',
    '// kmtCheck is what must hold for any message: the four digests agree, and fixed buffers behave.',
    'func kmtCheck(r kmtResult, want uint64) error {',
    '\tif r.err != nil {',
    '\t\treturn r.err',
    '\t}',
    '\tif r.view != want || r.decoded != want || r.reused != want || r.output != want {',
    '\t\treturn fmt.Errorf("digests: want %d, view %d, decoded %d, reused %d, re-encoded %d", want, r.view, r.decoded, r.reused, r.output)',
    '\t}',
    '\treturn r.capacity',
    '}',
    '',
    'func TestConformance(t *testing.T) {',
    '\tfor _, c := range kmtCases {',
    '\t\tc := c',
    '\t\tt.Run(c.name, func(t *testing.T) {',
    '\t\t\tdata, err := os.ReadFile("testdata/" + c.name + ".bin")',
    '\t\t\tif err != nil {',
    '\t\t\t\tt.Fatal(err)',
    '\t\t\t}',
    '\t\t\tif c.kind == "limit" {',
    '\t\t\t\tvar limit *LimitError',
    '\t\t\t\tif r := kmtRun(c.typ, data, false); !errors.As(r.err, &limit) || limit.Kind != c.limit {',
    '\t\t\t\t\tt.Fatalf("want a %s LimitError, got %v", c.limit, r.err)',
    '\t\t\t\t}',
    '\t\t\t\treturn',
    '\t\t\t}',
    '\t\t\tr := kmtRun(c.typ, data, true)',
    '\t\t\tif err := kmtCheck(r, c.digest); err != nil {',
    '\t\t\t\tt.Fatal(err)',
    '\t\t\t}',
    '\t\t\tif c.kind == "roundtrip" && !bytes.Equal(r.encoded, data) {',
    '\t\t\t\tt.Fatalf("re-encoded:\\n%x\\nwant:\\n%x", r.encoded, data)',
    '\t\t\t}',
    '\t\t})',
    '\t}',
    '}',
  );
  if (fuzz) {
    out.push(
      '',
      'func FuzzDecode(f *testing.F) {',
      '\tfor _, c := range kmtCases {',
      '\t\tdata, err := os.ReadFile("testdata/" + c.name + ".bin")',
      '\t\tif err != nil {',
      '\t\t\tf.Fatal(err)',
      '\t\t}',
      '\t\tf.Add(data)',
      '\t}',
      '\tf.Fuzz(func(t *testing.T, data []byte) {',
      '\t\tfor _, typ := range kmtTypes {',
      '\t\t\tr := kmtRun(typ, data, true)',
      '\t\t\tvar limit *LimitError',
      '\t\t\tif errors.As(r.err, &limit) {',
      '\t\t\t\tcontinue // shared offsets past the budget: a decode may refuse them',
      '\t\t\t}',
      '\t\t\tif err := kmtCheck(r, r.view); err != nil {',
      '\t\t\t\tt.Fatalf("%s: %v", typ, err)',
      '\t\t\t}',
      '\t\t}',
      '\t})',
      '}',
    );
  }
  return out.join('\n') + '\n';
}

/**
 * kmt_batch_test.go, the fuzz target's batch (test/fuzz-target.spec.ts):
 * TestKmtFuzzBatch reads `type<TAB>file` lines from $KMT_FUZZ_LIST and
 * writes one JSON line per input to $KMT_FUZZ_OUT: the viewer digest, the
 * outcome of a decode into a new value (`ok`, or the LimitError's kind, or
 * the error), its digest, the digest of its re-encoding, the outcome and
 * digest of a decode into one value per type reused across the whole batch,
 * and whether EncodeTo behaves at the exact size and one byte short.
 * Decodes get `budget` units. A panic fails the test binary: the spec
 * replays the inputs one by one to name it.
 */
export function fuzzBatchSource(layout: SchemaLayout, pkg: string, budget: number): string {
  const names = goNames(layout);
  const out = [
    `package ${pkg}`,
    '',
    'import (',
    '\t"bufio"',
    '\t"errors"',
    '\t"fmt"',
    '\t"os"',
    '\t"strings"',
    '\t"testing"',
    ')',
    '',
    `var kmtFuzzOptions = DecodeOptions{Budget: ${budget}}`,
    '',
    'type kmtBatchResult struct {',
    '\tview, decoded, output, reused uint64',
    '\tdecode, reuse, encodeTo       string',
    '}',
    '',
    '// kmtOutcome is "ok", the LimitError\'s kind, or the error.',
    'func kmtOutcome(err error) string {',
    '\tvar limit *LimitError',
    '\tif err == nil {',
    '\t\treturn "ok"',
    '\t} else if errors.As(err, &limit) {',
    '\t\treturn limit.Kind',
    '\t}',
    '\treturn err.Error()',
    '}',
    '',
    '// kmtEncodeTo checks EncodeTo at the exact size and one byte short (kmtCapacity):',
    '// "ok", or what went wrong.',
    'func kmtEncodeTo(encode func([]byte) (int, error), want []byte) string {',
    '\tfor _, c := range []int{len(want), len(want) - 1} {',
    '\t\tif c < 0 {',
    '\t\t\tbreak',
    '\t\t}',
    '\t\tif err := kmtCapacity(encode, want, c); err != nil {',
    '\t\t\treturn err.Error()',
    '\t\t}',
    '\t}',
    '\treturn "ok"',
    '}',
  ];
  for (const s of layout.structs) {
    const n = names.struct(s.name);
    out.push(
      '',
      `var kmtBatchReuse${s.name} ${n.type}`,
      '',
      `func kmtBatch${s.name}(data []byte) (r kmtBatchResult) {`,
      '\th := kmtNewFnv()',
      `\tkmtDigest${s.name}View(h, ${n.newViewer}(data))`,
      '\tr.view = h.h',
      `\tr.reuse = kmtOutcome(kmtBatchReuse${s.name}.DecodeWith(data, kmtFuzzOptions))`,
      '\th = kmtNewFnv()',
      `\tkmtDigest${s.name}Value(h, &kmtBatchReuse${s.name})`,
      '\tr.reused = h.h',
      `\tvar x ${n.type}`,
      '\tif r.decode = kmtOutcome(x.DecodeWith(data, kmtFuzzOptions)); r.decode != "ok" {',
      '\t\treturn r',
      '\t}',
      '\th = kmtNewFnv()',
      `\tkmtDigest${s.name}Value(h, &x)`,
      '\tr.decoded = h.h',
      '\tw := NewWriter(0)',
      '\tif err := x.Encode(w); err != nil {',
      '\t\tr.encodeTo = "Encode: " + err.Error()',
      '\t\treturn r',
      '\t}',
      '\th = kmtNewFnv()',
      `\tkmtDigest${s.name}View(h, ${n.newViewer}(w.Bytes()))`,
      '\tr.output = h.h',
      '\tr.encodeTo = kmtEncodeTo(x.EncodeTo, w.Bytes())',
      '\treturn r',
      '}',
    );
  }
  out.push(
    '',
    'func TestKmtFuzzBatch(t *testing.T) {',
    '\tlist := os.Getenv("KMT_FUZZ_LIST")',
    '\tif list == "" {',
    '\t\tt.Skip("no batch: KMT_FUZZ_LIST is not set")',
    '\t}',
    '\ttext, err := os.ReadFile(list)',
    '\tif err != nil {',
    '\t\tt.Fatal(err)',
    '\t}',
    '\tfile, err := os.Create(os.Getenv("KMT_FUZZ_OUT"))',
    '\tif err != nil {',
    '\t\tt.Fatal(err)',
    '\t}',
    '\tdefer file.Close()',
    '\tw := bufio.NewWriter(file)',
    '\tdefer w.Flush()',
    '\tfor _, line := range strings.Split(strings.TrimSpace(string(text)), "\\n") {',
    '\t\ttyp, path, _ := strings.Cut(line, "\\t")',
    '\t\tdata, err := os.ReadFile(path)',
    '\t\tif err != nil {',
    '\t\t\tt.Fatal(err)',
    '\t\t}',
    '\t\tvar r kmtBatchResult',
    '\t\tswitch typ {',
    ...layout.structs.flatMap((s) => [`\t\tcase ${JSON.stringify(s.name)}:`, `\t\t\tr = kmtBatch${s.name}(data)`]),
    '\t\tdefault:',
    '\t\t\tt.Fatalf("unknown type %q", typ)',
    '\t\t}',
    '\t\tfmt.Fprintf(w, "{\\"view\\":\\"%d\\",\\"decode\\":%q,\\"decoded\\":\\"%d\\",\\"output\\":\\"%d\\",\\"reuse\\":%q,\\"reused\\":\\"%d\\",\\"encodeTo\\":%q}\\n",',
    '\t\t\tr.view, r.decode, r.decoded, r.output, r.reuse, r.reused, r.encodeTo)',
    '\t}',
    '}',
  );
  return out.join('\n') + '\n';
}
