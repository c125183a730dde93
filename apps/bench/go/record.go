package main

// The Record workload in Go: the checksum (src/data.ts `checksum`, ported
// exactly), the hand-written floor at known offsets, and the reader of the
// generated viewer. Every reader sums the fields in the checksum's order, in
// float64, so each one gives the same number as the TypeScript side.

import (
	"encoding/binary"
	"math"
	"unicode/utf16"

	"karmem-ts/bench/go/generated/bench"
)

// rootSize is the floor's layout: the Record table's size, then the name's
// bytes, then the samples (apps/bench/schemas/record.km, packed).
const rootSize = 58

var le = binary.LittleEndian

func boolNumber(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// checksum is data.ts `checksum`: every scalar (true = 1), then the name's
// UTF-16 code units (JavaScript's charCodeAt), then every sample, added in
// this order in float64.
func checksum(r *bench.Record) float64 {
	sum := float64(r.Id) + float64(r.Kind) + boolNumber(r.Active) + float64(r.Level) + float64(r.Delta) +
		float64(r.Score) + float64(r.Ratio) + r.Weight + r.Time + float64(r.Count)
	for _, unit := range utf16.Encode([]rune(r.Name)) {
		sum += float64(unit)
	}
	for _, s := range r.Samples {
		sum += float64(s)
	}
	return sum
}

// writeRecordRaw is the floor's encoder: known offsets, no checks (b must be
// large enough), the name copied as bytes. It writes the bytes karmem's
// encoder writes and returns the message's length.
func writeRecordRaw(b []byte, v *bench.Record) int {
	_ = b[rootSize-1]
	le.PutUint32(b[0:], rootSize)
	le.PutUint32(b[4:], v.Id)
	b[8] = v.Kind
	if v.Active {
		b[9] = 1
	} else {
		b[9] = 0
	}
	le.PutUint16(b[10:], v.Level)
	le.PutUint16(b[12:], uint16(v.Delta))
	le.PutUint32(b[14:], uint32(v.Score))
	le.PutUint32(b[18:], math.Float32bits(v.Ratio))
	le.PutUint64(b[22:], math.Float64bits(v.Weight))
	le.PutUint64(b[30:], math.Float64bits(v.Time))
	le.PutUint32(b[38:], v.Count)
	p := rootSize + copy(b[rootSize:], v.Name)
	le.PutUint32(b[42:], rootSize)
	le.PutUint32(b[46:], uint32(len(v.Name)))
	le.PutUint32(b[50:], uint32(p))
	le.PutUint32(b[54:], uint32(len(v.Samples)*4))
	// Four per iteration through a [16]byte, so that Go drops its bounds checks in the
	// loop (as the generated encoder's loop is): the floor is the fastest loop by hand.
	s, d := v.Samples, b[p:p+4*len(v.Samples)]
	for ; len(s) >= 4 && len(d) >= 16; s, d = s[4:], d[16:] {
		q := (*[16]byte)(d)
		le.PutUint32(q[0:], math.Float32bits(s[0]))
		le.PutUint32(q[4:], math.Float32bits(s[1]))
		le.PutUint32(q[8:], math.Float32bits(s[2]))
		le.PutUint32(q[12:], math.Float32bits(s[3]))
	}
	for i, f := range s {
		le.PutUint32(d[4*i:], math.Float32bits(f))
	}
	p += 4 * len(v.Samples)
	return p
}

// decodeRecordRaw is the floor's decoder: the same value karmem's Decode
// makes, into a reused Record as Decode does (the samples' slice reused, the
// name's string kept when the bytes are the same: Decode's rule), from known
// offsets with no checks.
func decodeRecordRaw(b []byte, x *bench.Record) {
	_ = b[rootSize-1]
	x.Id = le.Uint32(b[4:])
	x.Kind = b[8]
	x.Active = b[9] != 0
	x.Level = le.Uint16(b[10:])
	x.Delta = int16(le.Uint16(b[12:]))
	x.Score = int32(le.Uint32(b[14:]))
	x.Ratio = math.Float32frombits(le.Uint32(b[18:]))
	x.Weight = math.Float64frombits(le.Uint64(b[22:]))
	x.Time = math.Float64frombits(le.Uint64(b[30:]))
	x.Count = le.Uint32(b[38:])
	nameAt := le.Uint32(b[42:])
	name := b[nameAt : nameAt+le.Uint32(b[46:])]
	if x.Name != string(name) {
		x.Name = string(name)
	}
	samplesAt := le.Uint32(b[50:])
	n := int(le.Uint32(b[54:]) >> 2)
	if cap(x.Samples) < n {
		x.Samples = make([]float32, n)
	} else {
		x.Samples = x.Samples[:n]
	}
	s, d := b[samplesAt:], x.Samples
	for ; len(d) >= 4 && len(s) >= 16; d, s = d[4:], s[16:] {
		q := (*[16]byte)(s)
		d[0] = math.Float32frombits(le.Uint32(q[0:]))
		d[1] = math.Float32frombits(le.Uint32(q[4:]))
		d[2] = math.Float32frombits(le.Uint32(q[8:]))
		d[3] = math.Float32frombits(le.Uint32(q[12:]))
	}
	for i := range d {
		d[i] = math.Float32frombits(le.Uint32(s[4*i:]))
	}
}

// readRecordRaw is the floor's reader: every field at its known offset,
// summed as checksum does, no checks. The name is made a string first, as
// every reader measured here gives it to the application (the TypeScript
// floor does the same); its bytes are then summed (ASCII: one byte, one code unit).
func readRecordRaw(b []byte) float64 {
	_ = b[rootSize-1]
	sum := float64(le.Uint32(b[4:])) + float64(b[8]) + boolNumber(b[9] != 0) + float64(le.Uint16(b[10:])) +
		float64(int16(le.Uint16(b[12:]))) + float64(int32(le.Uint32(b[14:]))) +
		float64(math.Float32frombits(le.Uint32(b[18:]))) + math.Float64frombits(le.Uint64(b[22:])) +
		math.Float64frombits(le.Uint64(b[30:])) + float64(le.Uint32(b[38:]))
	nameAt := le.Uint32(b[42:])
	name := string(b[nameAt : nameAt+le.Uint32(b[46:])])
	for i := 0; i < len(name); i++ {
		sum += float64(name[i])
	}
	samplesAt := le.Uint32(b[50:])
	s := b[samplesAt : samplesAt+le.Uint32(b[54:])]
	// Four per iteration (the additions stay one chain, in the checksum's order): the
	// loop's speed then depends less on where its code falls. readKarmemViewer does the same.
	for ; len(s) >= 16; s = s[16:] {
		q := (*[16]byte)(s)
		sum += float64(math.Float32frombits(le.Uint32(q[0:])))
		sum += float64(math.Float32frombits(le.Uint32(q[4:])))
		sum += float64(math.Float32frombits(le.Uint32(q[8:])))
		sum += float64(math.Float32frombits(le.Uint32(q[12:])))
	}
	for ; len(s) >= 4; s = s[4:] {
		sum += float64(math.Float32frombits(le.Uint32(s)))
	}
	return sum
}

// readKarmemViewer sums every field through the generated viewer, as
// readRecordRaw does (the name made a string, then its bytes summed).
func readKarmemViewer(v bench.RecordViewer) float64 {
	sum := float64(v.Id()) + float64(v.Kind()) + boolNumber(v.Active()) + float64(v.Level()) + float64(v.Delta()) +
		float64(v.Score()) + float64(v.Ratio()) + v.Weight() + v.Time() + float64(v.Count())
	name := string(v.Name())
	for i := 0; i < len(name); i++ {
		sum += float64(name[i])
	}
	samples := v.Samples()
	i, n := 0, samples.Len()
	for ; i+4 <= n; i += 4 {
		sum += float64(samples.At(i))
		sum += float64(samples.At(i + 1))
		sum += float64(samples.At(i + 2))
		sum += float64(samples.At(i + 3))
	}
	for ; i < n; i++ {
		sum += float64(samples.At(i))
	}
	return sum
}
