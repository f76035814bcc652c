package countread_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"goprep.local/countread"
)

// writerOnly hides every method but Write, so io.Copy cannot use ReadFrom.
type writerOnly struct{ w io.Writer }

func (w writerOnly) Write(p []byte) (int, error) { return w.w.Write(p) }

// failAfter accepts limit bytes, then fails.
type failAfter struct{ limit, got int }

var errFull = errors.New("disk full")

func (f *failAfter) Write(p []byte) (int, error) {
	if room := f.limit - f.got; len(p) > room {
		f.got += room
		return room, errFull
	}
	f.got += len(p)
	return len(p), nil
}

func payload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	return b
}

func TestHiddenCopyDestinations(t *testing.T) {
	for _, n := range []int{0, 1, 4096, 32*1024 + 7, 1 << 20} {
		data := payload(n)
		dsts := map[string]func() (io.Writer, func() []byte){
			"bytes.Buffer": func() (io.Writer, func() []byte) { b := new(bytes.Buffer); return b, b.Bytes },
			"writer only": func() (io.Writer, func() []byte) {
				b := new(bytes.Buffer)
				return writerOnly{b}, b.Bytes
			},
			"bufio.Writer": func() (io.Writer, func() []byte) {
				b := new(bytes.Buffer)
				bw := bufio.NewWriter(b)
				return bw, func() []byte { bw.Flush(); return b.Bytes() }
			},
		}
		for name, mk := range dsts {
			c := countread.NewCountingReader(data)
			w, got := mk()
			copied, err := io.Copy(w, c)
			if err != nil || copied != int64(n) {
				t.Fatalf("%s, %d bytes: io.Copy = %d, %v", name, n, copied, err)
			}
			if c.Count() != int64(n) {
				t.Errorf("%s, %d bytes: Count() = %d after io.Copy, want %d", name, n, c.Count(), n)
			}
			if !bytes.Equal(got(), data) {
				t.Errorf("%s, %d bytes: the copy differs from the data", name, n)
			}
		}
	}
}

func TestHiddenReadAll(t *testing.T) {
	data := payload(100_003)
	c := countread.NewCountingReader(data)
	got, err := io.ReadAll(c)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("io.ReadAll: %d bytes, %v", len(got), err)
	}
	if c.Count() != int64(len(data)) {
		t.Fatalf("Count() = %d, want %d", c.Count(), len(data))
	}
}

func TestHiddenMixedReads(t *testing.T) {
	data := payload(10_000)
	c := countread.NewCountingReader(data)
	buf := make([]byte, 123)
	n, _ := io.ReadFull(c, buf)
	var rest bytes.Buffer
	m, err := io.Copy(&rest, c)
	if err != nil || int(m)+n != len(data) {
		t.Fatalf("read %d then copied %d (%v), want %d in total", n, m, err, len(data))
	}
	if c.Count() != int64(len(data)) {
		t.Fatalf("Count() = %d, want %d", c.Count(), len(data))
	}
	if k, err := c.Read(buf); k != 0 || err != io.EOF {
		t.Fatalf("Read at the end = %d, %v; want 0, EOF", k, err)
	}
	if c.Count() != int64(len(data)) {
		t.Fatalf("Count() changed at EOF: %d", c.Count())
	}
}

// TestHiddenShortWrite: bytes the writer refused are not consumed, so a
// later Read still returns them, and Count plus what is left adds up.
func TestHiddenShortWrite(t *testing.T) {
	data := payload(50_000)
	c := countread.NewCountingReader(data)
	_, err := io.Copy(&failAfter{limit: 1000}, c)
	if !errors.Is(err, errFull) {
		t.Fatalf("io.Copy into a full writer: err = %v, want %v", err, errFull)
	}
	counted := c.Count()
	rest, _ := io.ReadAll(c)
	if counted+int64(len(rest)) != int64(len(data)) {
		t.Fatalf("Count() = %d after the failed copy and %d bytes were left; they must add up to %d", counted, len(rest), len(data))
	}
	if !bytes.Equal(rest, data[counted:]) {
		t.Fatalf("the bytes left after the failed copy are not data[Count():]")
	}
}

// TestHiddenNoUncountedMethods: every method that hands out data must
// count. The simplest way is not to have other reading methods at all.
func TestHiddenNoUncountedMethods(t *testing.T) {
	c := countread.NewCountingReader([]byte("héllo wörld"))
	if br, ok := any(c).(io.ByteReader); ok {
		b, _ := br.ReadByte()
		if c.Count() != 1 || b != 'h' {
			t.Fatalf("ReadByte returned %q and Count() = %d, want 'h' and 1", b, c.Count())
		}
	}
	if rr, ok := any(c).(io.RuneReader); ok {
		before := c.Count()
		r, size, _ := rr.ReadRune()
		if c.Count() != before+int64(size) || size != utf8.RuneLen(r) {
			t.Fatalf("ReadRune returned %q (%d bytes) but Count() went from %d to %d", r, size, before, c.Count())
		}
	}
	allowed := map[string]bool{"Read": true, "WriteTo": true, "Count": true}
	var extra []string
	typ := reflect.TypeOf(c)
	for i := range typ.NumMethod() {
		if name := typ.Method(i).Name; !allowed[name] {
			extra = append(extra, name)
		}
	}
	if len(extra) > 0 {
		t.Errorf("*CountingReader has methods %s that read or move the position without counting; expose only Read, WriteTo and Count", strings.Join(extra, ", "))
	}
}
