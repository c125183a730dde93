package main

// The six host-go cases: encode, decode and read of the Record, by the
// generated package (karmem) and by the hand-written floor.

import (
	"bytes"
	"fmt"
	"reflect"

	"karmem-ts/bench/go/generated/bench"
)

// prepared is one case made ready: run is timed; check is not, and returns
// the checksum of what run computed (or why the result is wrong).
type prepared struct {
	run   func() float64
	check func() (float64, error)
	bytes int
}

type goCase struct {
	id    string
	setup func(in *workload) prepared
}

// workload is the value every case starts from, and its karmem encoding as
// the TypeScript side wrote it: the encoders must write exactly these bytes.
type workload struct {
	record  bench.Record
	message []byte
}

func sameBytes(what string, got, want []byte) error {
	if !bytes.Equal(got, want) {
		return fmt.Errorf("%s wrote %d bytes that differ from the karmem message of %d bytes", what, len(got), len(want))
	}
	return nil
}

var cases = []goCase{
	{"host-go/floor/encode", func(in *workload) prepared {
		buf := make([]byte, 1024)
		return prepared{
			run: func() float64 { return float64(writeRecordRaw(buf, &in.record)) },
			check: func() (float64, error) {
				n := writeRecordRaw(buf, &in.record)
				return readRecordRaw(buf), sameBytes("the floor's encoder", buf[:n], in.message)
			},
			bytes: writeRecordRaw(buf, &in.record),
		}
	}},
	{"host-go/karmem/encode", func(in *workload) prepared {
		w := bench.NewWriter(1024)
		return prepared{
			run: func() float64 {
				if err := in.record.Encode(w); err != nil {
					panic(err)
				}
				return float64(len(w.Bytes()))
			},
			check: func() (float64, error) {
				if err := in.record.Encode(w); err != nil {
					return 0, err
				}
				var back bench.Record
				if err := back.Decode(w.Bytes()); err != nil {
					return 0, err
				}
				return checksum(&back), sameBytes("Record.Encode", w.Bytes(), in.message)
			},
			bytes: len(in.message),
		}
	}},
	{"host-go/floor/decode", func(in *workload) prepared {
		var out bench.Record
		return prepared{
			run: func() float64 {
				decodeRecordRaw(in.message, &out)
				return float64(out.Id)
			},
			check: func() (float64, error) {
				decodeRecordRaw(in.message, &out)
				return checksum(&out), sameRecord(&in.record, &out)
			},
			bytes: len(in.message),
		}
	}},
	{"host-go/karmem/decode", func(in *workload) prepared {
		var out bench.Record
		return prepared{
			run: func() float64 {
				if err := out.Decode(in.message); err != nil {
					panic(err)
				}
				return float64(out.Id)
			},
			check: func() (float64, error) {
				if err := out.Decode(in.message); err != nil {
					return 0, err
				}
				return checksum(&out), sameRecord(&in.record, &out)
			},
			bytes: len(in.message),
		}
	}},
	{"host-go/floor/read", func(in *workload) prepared {
		run := func() float64 { return readRecordRaw(in.message) }
		return prepared{run: run, check: func() (float64, error) { return run(), nil }, bytes: len(in.message)}
	}},
	{"host-go/karmem/read", func(in *workload) prepared {
		run := func() float64 { return readKarmemViewer(bench.NewRecordViewer(in.message)) }
		return prepared{run: run, check: func() (float64, error) { return run(), nil }, bytes: len(in.message)}
	}},
}

// sameRecord compares two values field by field (the samples bit for bit).
func sameRecord(want, got *bench.Record) error {
	if len(want.Samples) != len(got.Samples) {
		return fmt.Errorf("decoded %d samples, want %d", len(got.Samples), len(want.Samples))
	}
	for i := range want.Samples {
		if want.Samples[i] != got.Samples[i] {
			return fmt.Errorf("decoded sample %d as %v, want %v", i, got.Samples[i], want.Samples[i])
		}
	}
	a, b := *want, *got
	a.Samples, b.Samples = nil, nil
	if !reflect.DeepEqual(a, b) {
		return fmt.Errorf("decoded %+v, want %+v", b, a)
	}
	return nil
}
