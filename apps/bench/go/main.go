// The host-go rows of the karmem-ts benchmark (apps/bench, workload host-go):
// Go encode, decode and read of the Record, by the package codegen-go
// generates (generated/bench, committed; apps/bench/test/generated.spec.ts
// keeps it current) and by a hand-written floor at known offsets.
//
// The harness (apps/bench/src/go-rows.ts) builds and runs it once per run:
//
//	host-go -rounds 5 -batches 11 -batch-ms 20 -warmup-ms 250 [-only id,...] < input.json
//
// stdin: {"record": <the plain Record, data.ts field names>, "message": <its
// karmem bytes, base64>}. stdout: one JSON line per case, in order: id, ns
// (median wall time per operation over every batch), cpuNs, checksum, bytes,
// and the batches of each round; or id and error. Exit 0 when every case
// gave a line (failures are lines too), 2 on a usage or input error.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"karmem-ts/bench/go/generated/bench"
)

// plainRecord is data.ts PlainRecord, as JSON.
type plainRecord struct {
	ID      uint32    `json:"id"`
	Kind    uint8     `json:"kind"`
	Active  bool      `json:"active"`
	Level   uint16    `json:"level"`
	Delta   int16     `json:"delta"`
	Score   int32     `json:"score"`
	Ratio   float32   `json:"ratio"`
	Weight  float64   `json:"weight"`
	Time    float64   `json:"time"`
	Count   uint32    `json:"count"`
	Name    string    `json:"name"`
	Samples []float32 `json:"samples"`
}

type input struct {
	Record  *plainRecord `json:"record"`
	Message []byte       `json:"message"`
}

type result struct {
	ID       string    `json:"id"`
	Ns       float64   `json:"ns,omitempty"`
	CPUNs    float64   `json:"cpuNs,omitempty"`
	Checksum float64   `json:"checksum,omitempty"`
	Bytes    int       `json:"bytes,omitempty"`
	Rounds   []batches `json:"rounds,omitempty"`
	Error    string    `json:"error,omitempty"`
}

func usage(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "host-go: "+format+"\n", args...)
	os.Exit(2)
}

func main() {
	rounds := flag.Int("rounds", 1, "rounds over all the cases")
	batchCount := flag.Int("batches", 11, "timed batches per case and round (at least 11)")
	batchMs := flag.Float64("batch-ms", 1, "target duration of one batch, ms")
	warmupMs := flag.Float64("warmup-ms", 5, "warm-up per case and round, ms")
	only := flag.String("only", "", "comma-separated case ids (default: every case)")
	flag.Parse()
	if *rounds < 1 || *batchCount < 11 || *batchMs <= 0 || *warmupMs < 0 {
		usage("-rounds must be >= 1, -batches >= 11, -batch-ms > 0, -warmup-ms >= 0")
	}
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		usage("cannot read the input JSON from stdin: %v", err)
	}
	if in.Record == nil || len(in.Message) == 0 {
		usage("the input JSON needs \"record\" and \"message\"")
	}
	selected, err := selectCases(*only)
	if err != nil {
		usage("%v", err)
	}
	r := in.Record
	w := &workload{
		record: bench.Record{Id: r.ID, Kind: r.Kind, Active: r.Active, Level: r.Level, Delta: r.Delta, Score: r.Score,
			Ratio: r.Ratio, Weight: r.Weight, Time: r.Time, Count: r.Count, Name: r.Name, Samples: r.Samples},
		message: in.Message,
	}
	t := timing{batches: *batchCount, batchMs: *batchMs, warmup: time.Duration(*warmupMs * float64(time.Millisecond))}
	results := run(selected, w, *rounds, t)
	out := json.NewEncoder(os.Stdout)
	for _, res := range results {
		if err := out.Encode(res); err != nil {
			panic(err)
		}
	}
	// Read once, so that the timed calls' results are used.
	if sink == 0 {
		fmt.Fprintln(os.Stderr, "host-go: every operation returned 0")
	}
}

func selectCases(only string) ([]goCase, error) {
	if only == "" {
		return cases, nil
	}
	var out []goCase
	for _, id := range strings.Split(only, ",") {
		found := false
		for _, c := range cases {
			if c.id == id {
				out = append(out, c)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("no case %q", id)
		}
	}
	return out, nil
}

// run times every case, round after round (a busy spell of the machine then
// does not land on one case only); a case whose check fails stops there.
func run(selected []goCase, w *workload, rounds int, t timing) []result {
	expected := checksum(&w.record)
	results := make([]result, len(selected))
	for i, c := range selected {
		results[i].ID = c.id
	}
	for round := 0; round < rounds; round++ {
		for i, c := range selected {
			res := &results[i]
			if res.Error != "" {
				continue
			}
			if err := runOnce(c, w, expected, t, res); err != nil {
				*res = result{ID: c.id, Error: err.Error()}
			}
		}
	}
	for i := range results {
		res := &results[i]
		if res.Error == "" {
			res.Ns = median(res.Rounds, func(b batches) []float64 { return b.Wall })
			res.CPUNs = median(res.Rounds, func(b batches) []float64 { return b.CPU })
		}
	}
	return results
}

func runOnce(c goCase, w *workload, expected float64, t timing, res *result) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: panic: %v", c.id, p)
		}
	}()
	p := c.setup(w)
	verify := func(when string) error {
		sum, err := p.check()
		if err != nil {
			return fmt.Errorf("%s: wrong result %s: %v", c.id, when, err)
		}
		if sum != expected {
			return fmt.Errorf("%s: wrong result %s: checksum %v, expected %v", c.id, when, sum, expected)
		}
		res.Checksum = sum
		return nil
	}
	if err := verify("before timing"); err != nil {
		return err
	}
	b := measure(p.run, t)
	if err := verify("after timing"); err != nil {
		return err
	}
	res.Bytes = p.bytes
	res.Rounds = append(res.Rounds, b)
	return nil
}
