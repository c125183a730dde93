/**
 * `karmem_runtime.go`: the runtime every generated Go package holds beside
 * its schema file (the same for every schema but its package clause), so a
 * generated package needs nothing outside the standard library. The fixed
 * parts are written out below as Go; the parts that repeat per scalar type
 * are printed by loops so that each function reads as plain Go.
 */
import { GeneratedFile, type GeneratedOutput } from '@karmem-ts/codegen-core';
import { SCALAR_ORDER, SCALARS, isByteScalar, type GoScalar } from './scalars';

export const RUNTIME_FILE = 'karmem_runtime.go';

const ALL_SCALARS = SCALAR_ORDER.map((kind) => SCALARS[kind]);
/** Scalars whose slices are read through a list type of the runtime; uint8 slices are []byte. */
const LIST_SCALARS = SCALAR_ORDER.filter((kind) => !isByteScalar(kind)).map((kind) => SCALARS[kind]);

export function runtimeFile(generator: string, packageName: string): GeneratedOutput {
  const file = new GeneratedFile(RUNTIME_FILE, { language: 'go', sources: ['the Go runtime, shared by every schema'], generator, indent: '\t' });
  file.line(`package ${packageName}`);
  file.lines(FIXED);
  file.blank();
  file.line('// Scalar fields, and element i of a fixed array [length]T.');
  for (const s of ALL_SCALARS) emitGetters(file, s);
  for (const s of LIST_SCALARS) emitList(file, s);
  file.blank();
  file.line('// Writing: a scalar into bytes whose room was checked (kmStore<T>), and a');
  file.line('// numeric slice appended whole (append<T>s).');
  for (const s of ALL_SCALARS) emitStore(file, s);
  for (const s of LIST_SCALARS) emitAppendList(file, s);
  return { path: RUNTIME_FILE, content: file.toString() };
}

/** `b` (a []byte at the value) read as the scalar. */
export function load(s: GoScalar, b: string): string {
  switch (s.short) {
    case 'Bool':
      return `${b}[0] != 0`;
    case 'U8':
      return `${b}[0]`;
    case 'I8':
      return `int8(${b}[0])`;
    case 'F32':
      return `math.Float32frombits(binary.LittleEndian.Uint32(${b}))`;
    case 'F64':
      return `math.Float64frombits(binary.LittleEndian.Uint64(${b}))`;
    default: {
      const bits = s.size * 8;
      const read = `binary.LittleEndian.Uint${bits}(${b})`;
      return s.type.startsWith('int') ? `${s.type}(${read})` : read;
    }
  }
}

function emitGetters(file: GeneratedFile, s: GoScalar): void {
  file.blank();
  file.block(`func (v kmView) get${s.short}(offset uint32) ${s.type} {`, () => {
    file.block(`if !v.has(offset, ${s.size}) {`, () => file.line(`return ${s.zero}`));
    file.line(`return ${load(s, 'v.at(offset)')}`);
  });
  file.blank();
  file.block(`func (v kmView) get${s.short}At(offset, length uint32, i int) ${s.type} {`, () => {
    const total = s.size === 1 ? 'uint64(length)' : `uint64(length)*${s.size}`;
    file.block(`if i < 0 || uint64(i) >= uint64(length) || !v.has(offset, ${total}) {`, () => file.line(`return ${s.zero}`));
    file.line(`return ${load(s, s.size === 1 ? 'v.at(offset + uint32(i))' : `v.at(offset + uint32(i)*${s.size})`)}`);
  });
}

function emitList(file: GeneratedFile, s: GoScalar): void {
  const list = s.list;
  file.blank();
  file.line(`// ${list} is a slice of ${s.type} in a message, read in place.`);
  file.block(`type ${list} struct {`, () => file.line('b []byte'));
  file.blank();
  file.line('// Len is the number of elements.');
  file.block(`func (l ${list}) Len() int {`, () => file.line(s.size === 1 ? 'return len(l.b)' : `return len(l.b) / ${s.size}`));
  file.blank();
  file.line(`// At is element i, or ${s.zero} when i is out of range.`);
  // One unsigned test for both ends (a negative i is a large uint), then the element as a slice of
  // constant length, whose reads Go does not check again: 123 to 111 ns for the bench's read of 100
  // float32 (l.b[i*4:] left Go two more tests per element).
  file.block(`func (l ${list}) At(i int) ${s.type} {`, () => {
    file.block(`if uint(i) >= uint(${s.size === 1 ? 'len(l.b)' : `len(l.b)/${s.size}`}) {`, () => file.line(`return ${s.zero}`));
    if (s.size === 1) {
      file.line(`return ${s.short === 'Bool' ? 'l.b[i] != 0' : 'int8(l.b[i])'}`);
    } else {
      file.line(`j := i * ${s.size}`);
      file.line(`return ${load(s, `l.b[j : j+${s.size}]`)}`);
    }
  });
  file.blank();
  file.line(`// copyTo copies the first len(dst) elements into dst (no more than Len()).`);
  file.block(`func (l ${list}) copyTo(dst []${s.type}) {`, () => {
    file.line('b := l.b');
    if (s.size > 1) {
      // Four per iteration, as append<T>s.
      file.block(`for len(dst) >= 4 && len(b) >= ${4 * s.size} {`, () => {
        // Through an array: Go drops the bounds checks of its constant slices.
        file.line(`p := (*[${4 * s.size}]byte)(b)`);
        for (let k = 0; k < 4; k++) file.line(`dst[${k}] = ${load(s, `p[${k * s.size}:]`)}`);
        file.line(`dst, b = dst[4:], b[${4 * s.size}:]`);
      });
    }
    if (s.size === 1) {
      file.block('for i := 0; i < len(dst) && i < len(b); i++ {', () => file.line(`dst[i] = ${s.short === 'Bool' ? 'b[i] != 0' : 'int8(b[i])'}`));
    } else {
      file.block(`for i := 0; i < len(dst) && i*${s.size}+${s.size} <= len(b); i++ {`, () => file.line(`dst[i] = ${load(s, `b[i*${s.size}:]`)}`));
    }
  });
  file.blank();
  file.block(`func (v kmView) get${s.short}List(offset, headerSize, limit uint32) ${list} {`, () => {
    file.line(`return ${list}{v.numbers(offset, headerSize, ${s.size}, limit)}`);
  });
}

/** Go that stores `v` (the scalar) into `b` (a []byte at the value, at least the scalar's size long). */
function store(s: GoScalar, b: string, v: string): string {
  switch (s.short) {
    case 'Bool':
      return `${b}[0] = kmBoolByte(${v})`;
    case 'U8':
      return `${b}[0] = ${v}`;
    case 'I8':
      return `${b}[0] = byte(${v})`;
    case 'F32':
      return `binary.LittleEndian.PutUint32(${b}, math.Float32bits(${v}))`;
    case 'F64':
      return `binary.LittleEndian.PutUint64(${b}, math.Float64bits(${v}))`;
    default: {
      const bits = s.size * 8;
      return `binary.LittleEndian.PutUint${bits}(${b}, ${s.type.startsWith('int') ? `uint${bits}(${v})` : v})`;
    }
  }
}

function emitStore(file: GeneratedFile, s: GoScalar): void {
  file.blank();
  file.block(`func kmStore${s.short}(b []byte, v ${s.type}) {`, () => file.line(store(s, 'b', 'v')));
}

/**
 * append<T>s: a numeric slice's elements, into bytes checked once. Wider
 * than a byte, four per iteration: the loop's own cost weighs less, and so
 * does where its code falls (the same one-at-a-time loop measured 0.6 or
 * 1.1 ns an element from one build to the next).
 */
function emitAppendList(file: GeneratedFile, s: GoScalar): void {
  file.blank();
  file.line(`// append${s.short}s appends the elements of a []${s.type} and points the header at headerAt to them.`);
  file.block(`func (w *Writer) append${s.short}s(headerAt uint32, s []${s.type}, packed bool) {`, () => {
    file.line(`b, ok := w.appendPayload(headerAt, len(s), ${s.size}, packed)`);
    file.block('if !ok {', () => file.line('return'));
    if (s.size === 1) {
      file.block('for i, v := range s {', () => file.line(s.short === 'Bool' ? 'b[i] = kmBoolByte(v)' : 'b[i] = byte(v)'));
      return;
    }
    file.block(`for len(s) >= 4 && len(b) >= ${4 * s.size} {`, () => {
      // Through an array: Go drops the bounds checks of its constant slices (not those of b[4:]...).
      file.line(`p := (*[${4 * s.size}]byte)(b)`);
      for (let k = 0; k < 4; k++) file.line(`kmStore${s.short}(p[${k * s.size}:], s[${k}])`);
      file.line(`s, b = s[4:], b[${4 * s.size}:]`);
    });
    file.block('for i, v := range s {', () => file.line(`kmStore${s.short}(b[i*${s.size}:], v)`));
  });
}

/** Everything but the per-scalar parts, as Go. */
const FIXED = `
// The runtime of the code karmem-ts generates for Go: the reading rules of
// the Karmem format over a []byte, a writer, and the decode limits. It is the
// same in every generated package, and needs nothing outside the standard
// library. See docs/go.md.
//
// Reading never reads outside the message and never panics, whatever its
// bytes say: what cannot be read is a default (0, false, empty). Writing
// never writes outside the writer's buffer: running out of room is an error.

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
)

const (
	// MaxMessageSize is the largest message: writers refuse to grow past 2^31 - 1 bytes.
	MaxMessageSize = 0x7fffffff
	// MaxDecodeDepth is how deep decoders and encoders follow slices through
	// which a struct reaches itself (docs/format.md, "Limits").
	MaxDecodeDepth = 64
	// DecodeBudgetFactor and DecodeBudgetFloor give a decode's default budget:
	// max(DecodeBudgetFactor x message bytes, DecodeBudgetFloor) units.
	DecodeBudgetFactor = 8
	DecodeBudgetFloor  = 4 << 20
	// StructSliceWeight is what each byte of an element of a slice of structs
	// costs, tables the element points to (at their schema size) counted in;
	// other slices and strings cost 1 unit a byte. Generated decoders spend
	// the product per element.
	StructSliceWeight = 8
)

var (
	// ErrOutOfSpace: a fixed buffer is too small for the message. Nothing was written outside it.
	ErrOutOfSpace = errors.New("karmem: the buffer is too small for the message")
	// ErrTooLarge: the message would be larger than MaxMessageSize.
	ErrTooLarge = errors.New("karmem: the message would be larger than 2^31 - 1 bytes")
	// ErrTooDeep: slices through which a struct reaches itself nest deeper than MaxDecodeDepth in a value being encoded.
	ErrTooDeep = errors.New("karmem: slices through which a struct reaches itself nest deeper than 64")
)

// LimitError is what a decode returns when it stops at a limit: the message
// is hostile, or (Kind "budget") it needs a larger DecodeOptions.Budget.
type LimitError struct {
	// Kind is "depth" or "budget".
	Kind string
	// Limit is the limit passed: MaxDecodeDepth, or the budget.
	Limit uint64
}

func (e *LimitError) Error() string {
	if e.Kind == "depth" {
		return "karmem: slices through which a struct reaches itself nest deeper than " + strconv.FormatUint(e.Limit, 10)
	}
	return "karmem: decoding needs more than its budget of " + strconv.FormatUint(e.Limit, 10) +
		" (pass a larger DecodeOptions.Budget if the message is trusted)"
}

// DecodeOptions tunes one decode.
type DecodeOptions struct {
	// Budget is the units the decode may spend; 0: max(8 x message bytes, 4 MiB).
	Budget uint64
}

// kmNoLimit is the limit of slices that have none ([]T).
const kmNoLimit = math.MaxUint32

// kmView is a struct in a message. data is the whole message; size bytes
// from offset are what may be read of the struct: a table's declared size,
// an inline struct's content (not its padding), or 0 when the struct is
// missing, so that every field, and every table it points to, reads as its
// default. Always offset + size <= len(data) <= math.MaxUint32.
type kmView struct {
	data   []byte
	offset uint32
	size   uint32
}

// kmMessage is data with no struct selected (at most 4 GiB of it is read).
func kmMessage(data []byte) kmView {
	if uint64(len(data)) > math.MaxUint32 {
		data = data[:math.MaxUint32]
	}
	return kmView{data: data}
}

// missing is a struct of the same message that reads as all defaults.
func (v kmView) missing() kmView {
	return kmView{data: v.data}
}

// has reports whether size bytes at offset of the struct may be read (no 32-bit wrap-around).
func (v kmView) has(offset uint32, size uint64) bool {
	return uint64(offset)+size <= uint64(v.size)
}

// at is the struct's bytes from offset; only after has said yes.
func (v kmView) at(offset uint32) []byte {
	return v.data[v.offset+offset:]
}

func kmClamp(n, limit uint32) uint32 {
	if n < limit {
		return n
	}
	return limit
}

// kmTableAt is the table at offset of the message. It is read only if its
// minimum size (4 bytes packed, 8 not) and then its declared size fit.
func kmTableAt(message kmView, offset uint32, packed bool) kmView {
	min := uint64(8)
	if packed {
		min = 4
	}
	length := uint64(len(message.data))
	if uint64(offset)+min > length {
		return message.missing()
	}
	size := binary.LittleEndian.Uint32(message.data[offset:])
	if uint64(offset)+uint64(size) > length {
		return message.missing()
	}
	return kmView{data: message.data, offset: offset, size: size}
}

// kmInlineRoot is an inline struct at the root: it needs only its content, not its padding.
func kmInlineRoot(message kmView, contentSize uint32) kmView {
	if uint64(len(message.data)) >= uint64(contentSize) {
		message.size = contentSize
	}
	return message
}

// table is a table field: the table its pointer leads to. A field outside
// the struct leads to a missing table, never to the root.
func (v kmView) table(offset uint32, packed bool) kmView {
	if !v.has(offset, 4) {
		return v.missing()
	}
	return kmTableAt(v, binary.LittleEndian.Uint32(v.at(offset)), packed)
}

// inline is an inline struct field: size bytes with padding, contentSize without.
func (v kmView) inline(offset, size, contentSize uint32) kmView {
	if !v.has(offset, uint64(size)) {
		return v.missing()
	}
	return kmView{data: v.data, offset: v.offset + offset, size: contentSize}
}

// inlineAt is element i of a fixed array [length]S of inline structs at offset.
func (v kmView) inlineAt(offset, length uint32, i int, size, contentSize uint32) kmView {
	if i < 0 || uint64(i) >= uint64(length) || !v.has(offset, uint64(length)*uint64(size)) {
		return v.missing()
	}
	return v.inline(offset+uint32(i)*size, size, contentSize)
}

// span is the payload of the slice whose header (headerSize bytes: 8 packed,
// 12 not) is at offset: empty when the header is not in the struct or the
// payload is not in the message. The third header word is not used.
func (v kmView) span(offset, headerSize uint32) (uint32, uint32) {
	if !v.has(offset, uint64(headerSize)) {
		return 0, 0
	}
	header := v.at(offset)
	at := binary.LittleEndian.Uint32(header)
	size := binary.LittleEndian.Uint32(header[4:])
	if uint64(at)+uint64(size) > uint64(len(v.data)) {
		return 0, 0
	}
	return at, size
}

// bytes is a []char or []byte (clamped to limit bytes), in place. Its
// capacity ends with it: appending to it never writes into the message.
func (v kmView) bytes(offset, headerSize, limit uint32) []byte {
	at, size := v.span(offset, headerSize)
	end := at + kmClamp(size, limit)
	return v.data[at:end:end]
}

// kmList is a slice of inline structs in place: n elements of stride bytes from items.offset.
type kmList struct {
	items kmView
	n     uint32
}

// list is a slice of inline structs of stride bytes (padding included), clamped to limit elements.
func (v kmView) list(offset, headerSize, stride, limit uint32) kmList {
	at, size := v.span(offset, headerSize)
	n := uint32(0)
	if stride != 0 {
		n = kmClamp(size/stride, limit)
	}
	return kmList{items: kmView{data: v.data, offset: at, size: n * stride}, n: n}
}

// item is element i, or a missing struct when i is out of range.
func (l kmList) item(i int, stride, contentSize uint32) kmView {
	if i < 0 || uint64(i) >= uint64(l.n) {
		return l.items.missing()
	}
	return kmView{data: l.items.data, offset: l.items.offset + uint32(i)*stride, size: contentSize}
}

// numbers is the payload of a slice of size-byte scalars, clamped to limit elements.
func (v kmView) numbers(offset, headerSize, size, limit uint32) []byte {
	at, bytes := v.span(offset, headerSize)
	end := at + kmClamp(bytes/size, limit)*size
	return v.data[at:end:end]
}

// kmDecoder holds the budget and depth of one decode (docs/format.md, "Limits").
// The first error stops it: every slice from there on is empty.
type kmDecoder struct {
	budget uint64
	limit  uint64
	depth  int
	err    error
}

func kmNewDecoder(messageBytes int, options DecodeOptions) *kmDecoder {
	limit := options.Budget
	if limit == 0 {
		limit = uint64(messageBytes) * DecodeBudgetFactor
		if limit < DecodeBudgetFloor {
			limit = DecodeBudgetFloor
		}
	}
	return &kmDecoder{budget: limit, limit: limit}
}

// spend takes count x units from the budget; false after an earlier error or past the budget.
func (d *kmDecoder) spend(count int, units uint64) bool {
	if d.err != nil {
		return false
	}
	cost := uint64(count) * units
	if cost > d.budget {
		d.err = &LimitError{Kind: "budget", Limit: d.limit}
		return false
	}
	d.budget -= cost
	return true
}

// enter goes one level deeper into a slice through which a struct reaches itself.
func (d *kmDecoder) enter() bool {
	if d.err != nil {
		return false
	}
	if d.depth >= MaxDecodeDepth {
		d.err = &LimitError{Kind: "depth", Limit: MaxDecodeDepth}
		return false
	}
	d.depth++
	return true
}

func (d *kmDecoder) leave() {
	d.depth--
}

// kmResize is s with n elements, reusing its array (and so the slices its
// elements hold) when it is large enough.
func kmResize[T any](s []T, n int) []T {
	if cap(s) < n {
		s = append(s[:cap(s)], make([]T, n-cap(s))...)
	}
	return s[:n]
}

// Writer builds one message at a time: a growable buffer (NewWriter), or a
// fixed one (NewFixedWriter) that fails with ErrOutOfSpace rather than write
// past its end. Reuse it: Encode resets it, and a growable one keeps its memory.
type Writer struct {
	buf   []byte
	fixed bool
	depth int
	err   error
}

// NewWriter is a growable writer with room for capacity bytes to start with.
func NewWriter(capacity int) *Writer {
	return &Writer{buf: make([]byte, 0, capacity)}
}

// NewFixedWriter writes into buf[0:len(buf)] and never past it, nor grows.
func NewFixedWriter(buf []byte) *Writer {
	return &Writer{buf: buf[:0:len(buf)], fixed: true}
}

// Reset forgets the message, to write the next one.
func (w *Writer) Reset() {
	w.buf = w.buf[:0]
	w.depth = 0
	w.err = nil
}

// Bytes is the message written so far (it shares the writer's memory).
func (w *Writer) Bytes() []byte {
	return w.buf
}

// Err is the first error of the message under way, or nil.
func (w *Writer) Err() error {
	return w.err
}

// reserve appends size zero bytes and returns their offset. On failure (the
// error is kept) it returns the current length, where no store can land.
func (w *Writer) reserve(size uint64) uint32 {
	start := w.extend(size)
	tail := w.buf[start:]
	for i := range tail {
		tail[i] = 0
	}
	return start
}

// extend is reserve without the zeros, for bytes the caller writes whole
// (a string's, a numeric slice's): what a reused writer held there before
// is overwritten, never read.
func (w *Writer) extend(size uint64) uint32 {
	start := uint32(len(w.buf))
	if w.err != nil {
		return start
	}
	if size > MaxMessageSize-uint64(start) {
		w.err = ErrTooLarge
		return start
	}
	end := int(start) + int(size)
	if end > cap(w.buf) {
		if w.fixed {
			w.err = ErrOutOfSpace
			return start
		}
		grown := 2 * cap(w.buf)
		if grown < end {
			grown = end
		}
		buf := make([]byte, end, grown)
		copy(buf, w.buf)
		w.buf = buf
		return start
	}
	w.buf = w.buf[:end]
	return start
}

// kmBoolByte is a bool as the format stores it.
func kmBoolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// writable reports whether size bytes at at are reserved.
func (w *Writer) writable(at uint32, size uint64) bool {
	return uint64(at)+size <= uint64(len(w.buf))
}

// putU32 writes v at at, when those 4 bytes are reserved (a slice header's words, a table's offset).
func (w *Writer) putU32(at uint32, v uint32) {
	if w.writable(at, 4) {
		binary.LittleEndian.PutUint32(w.buf[at:], v)
	}
}

// enter goes one level deeper into a slice through which a struct reaches itself.
func (w *Writer) enter() bool {
	if w.depth >= MaxDecodeDepth {
		if w.err == nil {
			w.err = ErrTooDeep
		}
		return false
	}
	w.depth++
	return true
}

func (w *Writer) leave() {
	w.depth--
}

// appendItems reserves n elements of size bytes at the end, points the slice
// header at headerAt to them ({offset, size} packed, {offset, size,
// elementSize} not) and returns where they start; false after an error.
func (w *Writer) appendItems(headerAt uint32, n int, size uint32, packed bool) (uint32, bool) {
	bytes := uint64(n) * uint64(size)
	start := w.reserve(bytes)
	if w.err != nil {
		return start, false
	}
	w.putSliceHeader(headerAt, start, uint32(bytes), size, packed)
	return start, true
}

// appendPayload is appendItems for elements the caller writes whole: it
// returns their bytes, not cleared first; false after an error.
func (w *Writer) appendPayload(headerAt uint32, n int, size uint32, packed bool) ([]byte, bool) {
	bytes := uint64(n) * uint64(size)
	start := w.extend(bytes)
	if w.err != nil {
		return nil, false
	}
	w.putSliceHeader(headerAt, start, uint32(bytes), size, packed)
	return w.buf[start:], true
}

func (w *Writer) putSliceHeader(headerAt, start, bytes, size uint32, packed bool) {
	w.putU32(headerAt, start)
	w.putU32(headerAt+4, bytes)
	if !packed {
		w.putU32(headerAt+8, size)
	}
}

// appendTable appends a table of size bytes, points the field at pointerAt to it and returns its offset.
func (w *Writer) appendTable(pointerAt, size uint32) uint32 {
	table := w.reserve(uint64(size))
	w.putU32(pointerAt, table)
	return table
}

// appendString appends the bytes of a []char and points the header at headerAt to them.
func (w *Writer) appendString(headerAt uint32, s string, packed bool) {
	if b, ok := w.appendPayload(headerAt, len(s), 1, packed); ok {
		copy(b, s)
	}
}

// appendBytes appends a []byte and points the header at headerAt to it.
func (w *Writer) appendBytes(headerAt uint32, b []byte, packed bool) {
	if payload, ok := w.appendPayload(headerAt, len(b), 1, packed); ok {
		copy(payload, b)
	}
}`.split('\n');
