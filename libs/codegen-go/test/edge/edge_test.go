package edge

// Hand-written tests of the edge-case schema (test/edge.spec.ts copies this
// file beside the generated package): names, the format's worked example,
// a full round trip, the depth and budget limits, fixed buffers.

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"testing"
)

func TestNames(t *testing.T) {
	// Renamed: the runtime declares Writer and LimitError, the value type has Encode and Decode.
	var w Writer_
	w.Encode_ = 1
	w.Decode_ = "text"
	w.Limit = LimitError_{Kind: 2}
	if Writer_Size != 14 || LimitError_Size != 1 {
		t.Fatalf("sizes %d %d", Writer_Size, LimitError_Size)
	}
	// BigTop is the struct; the member Top of Big had to give way.
	if BigTop_ != Big(18446744073709551615) || BigTopID == 0 {
		t.Fatal("enum member")
	}
	if NegMin != -9223372036854775808 || NegMax.String() != "Max" {
		t.Fatal("int64 enum")
	}
	if AliasUno != AliasOne || AliasUno.String() != "One" || Alias(7).String() != "Alias(7)" || Neg(-5).String() != "Neg(-5)" {
		t.Fatal("enum names")
	}
}

// The worked example of docs/format.md ("A worked example (not packed)"), byte for byte.
func TestFormatExample(t *testing.T) {
	x := Loose{A: 7, S: []uint16{1, 2}, Ps: []P{{X: 0xaaaa}, {X: 0xbbbb}}}
	w := NewWriter(0)
	if err := x.Encode(w); err != nil {
		t.Fatal(err)
	}
	want := "1d000000" + "07" + "1d0000000400000002000000" + "2100000010000000" + "08000000" +
		"01000200" + "aaaa000000000000" + "bbbb000000000000"
	if got := hex.EncodeToString(w.Bytes()); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	v := NewLooseViewer(w.Bytes())
	if v.A() != 7 || v.S().Len() != 2 || v.S().At(1) != 2 || v.Ps().At(1).X() != 0xbbbb || v.Ps().At(2).X() != 0 || v.S().At(-1) != 0 {
		t.Fatal("viewer")
	}
}

func tree(depth int) Tree {
	x := Tree{Value: uint32(depth)}
	if depth > 1 {
		x.Kids = []TreeRef{{Tree: tree(depth - 1)}}
	}
	return x
}

func misc() Misc {
	return Misc{
		B: BigTop_, N: NegMin, A: AliasOne,
		Et:    EmptyTable{},
		Bools: []bool{true, false, true}, I8s: []int8{-1, 2}, F64s: []float64{1.5, -0.25}, Bytes: []byte{0, 1, 255},
		Fixed: [3]P{{X: 1}, {X: 2}, {X: 3}}, Chars: [4]uint8{'a', 'b', 'c', 'd'},
		Limited: []P{{X: 9}}, Short: "abc",
		W: Writer_{Encode_: 5, Decode_: "déjà", Limit: LimitError_{Kind: 6}},
		T: tree(3),
	}
}

func TestRoundTrip(t *testing.T) {
	x := misc()
	w := NewWriter(16)
	if err := x.Encode(w); err != nil {
		t.Fatal(err)
	}
	var y Misc
	if err := y.Decode(w.Bytes()); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(x, y) {
		t.Fatalf("decoded %+v\nwant %+v", y, x)
	}
	// The writer is reusable and the result the same.
	first := append([]byte(nil), w.Bytes()...)
	if err := y.Encode(w); err != nil || !bytes.Equal(first, w.Bytes()) {
		t.Fatalf("second encode: %v", err)
	}
	// Every truncation reads and decodes without a panic, into the same reused value.
	for n := 0; n < len(first); n++ {
		if err := y.Decode(first[:n]); err != nil {
			t.Fatalf("prefix %d: %v", n, err)
		}
	}
}

func TestDepth(t *testing.T) {
	w := NewWriter(0)
	deepest := tree(64) // 64 Kids fields entered (docs/format.md, "Limits"), the last one empty
	if err := deepest.Encode(w); err != nil {
		t.Fatal(err)
	}
	var y Tree
	if err := y.Decode(w.Bytes()); err != nil || !reflect.DeepEqual(y, deepest) {
		t.Fatalf("depth 64: %v", err)
	}
	tooDeep := tree(65)
	if err := tooDeep.Encode(w); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("want ErrTooDeep, got %v", err)
	}
}

func TestBudget(t *testing.T) {
	x := misc()
	w := NewWriter(0)
	if err := x.Encode(w); err != nil {
		t.Fatal(err)
	}
	var y Misc
	var limit *LimitError
	if err := y.DecodeWith(w.Bytes(), DecodeOptions{Budget: 3}); !errors.As(err, &limit) || limit.Kind != "budget" || limit.Limit != 3 {
		t.Fatalf("want a budget LimitError, got %v", err)
	}
	if err := y.DecodeWith(w.Bytes(), DecodeOptions{Budget: 1 << 20}); err != nil {
		t.Fatal(err)
	}
}

func TestTooSmallBuffer(t *testing.T) {
	x := misc()
	n, err := x.EncodeTo(make([]byte, 4096))
	if err != nil {
		t.Fatal(err)
	}
	for c := 0; c < n; c++ {
		guard := bytes.Repeat([]byte{0xa5}, n+8)
		if got, err := x.EncodeTo(guard[:c]); got != 0 || !errors.Is(err, ErrOutOfSpace) {
			t.Fatalf("capacity %d: %d, %v", c, got, err)
		}
		if !bytes.Equal(guard[c:], bytes.Repeat([]byte{0xa5}, n+8-c)) {
			t.Fatalf("capacity %d: written past the buffer", c)
		}
		w := NewFixedWriter(guard[:c])
		if err := x.Encode(w); !errors.Is(err, ErrOutOfSpace) || !bytes.Equal(guard[c:], bytes.Repeat([]byte{0xa5}, n+8-c)) {
			t.Fatalf("fixed writer, capacity %d: %v", c, err)
		}
	}
}
