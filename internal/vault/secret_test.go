package vault

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// victim is plaintext that must never show up in output.
const victim = "Marisol Quispe Huamán"

func TestSecretAccessors(t *testing.T) {
	s := NewSecret(victim)
	if s.Reveal() != victim || string(s.Bytes()) != victim {
		t.Fatalf("Reveal/Bytes = %q/%q", s.Reveal(), s.Bytes())
	}
	b := s.Bytes()
	b[0] = 'X'
	if s.Reveal() != victim {
		t.Fatal("changing Bytes' result changed the Secret")
	}
	in := []byte("abc")
	sb := NewSecretBytes(in)
	in[0] = 'X'
	if sb.Reveal() != "abc" {
		t.Fatal("NewSecretBytes kept the caller's slice")
	}
	tests := []struct {
		s    Secret
		zero bool
	}{
		{Secret{}, true},
		{NewSecret(""), true},
		{NewSecretBytes(nil), true},
		{NewSecret("x"), false},
	}
	for i, tt := range tests {
		if tt.s.IsZero() != tt.zero {
			t.Errorf("%d: IsZero = %v", i, !tt.zero)
		}
	}
}

// secretHolder holds a Secret every way a caller's struct might.
type secretHolder struct {
	Name    Secret
	hidden  Secret
	Ptr     *Secret
	List    []Secret
	ByName  map[string]Secret
	Any     any
	private struct{ s Secret }
}

func newSecretHolder() secretHolder {
	s := NewSecret(victim)
	h := secretHolder{Name: s, hidden: s, Ptr: &s, List: []Secret{s}, ByName: map[string]Secret{"a": s}, Any: s}
	h.private.s = s
	return h
}

func TestSecretFmt(t *testing.T) {
	s := NewSecret(victim)
	h := newSecretHolder()
	for _, verb := range allVerbs {
		got := fmt.Sprintf(verb, s)
		if verb != "%T" && verb != "%p" && strings.TrimSpace(got) != sealed {
			t.Errorf("%s: got %q, want %q", verb, got, sealed)
		}
		for what, arg := range map[string]any{"secret": s, "*secret": &s, "holder": h, "*holder": &h} {
			checkNoLeak(t, verb+" of "+what, fmt.Sprintf(verb, arg), []byte(victim), []byte("Quispe"))
		}
	}
	for _, got := range []string{s.String(), s.GoString(), fmt.Sprint(s), fmt.Sprintln(s)} {
		if strings.TrimSpace(got) != sealed {
			t.Errorf("got %q", got)
		}
	}
}

func TestSecretJSON(t *testing.T) {
	s := NewSecret(victim)
	b, err := json.Marshal(newSecretHolder())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Name":"[sealed]","Ptr":"[sealed]","List":["[sealed]"],"ByName":{"a":"[sealed]"},"Any":"[sealed]"}`
	if string(b) != want {
		t.Fatalf("json = %s\nwant   %s", b, want)
	}
	txt, err := s.MarshalText()
	if err != nil || string(txt) != sealed {
		t.Fatalf("MarshalText = %q, %v", txt, err)
	}
}

func TestSecretSlog(t *testing.T) {
	s := NewSecret(victim)
	h := newSecretHolder()
	handlers := map[string]func(*bytes.Buffer) slog.Handler{
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	}
	for name, newHandler := range handlers {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(newHandler(&buf))
			log.Info("report", "victim", s, "ptr", &s, "holder", h, "*holder", &h,
				slog.Group("g", slog.Any("victim", s)))
			log.With("victim", s).Warn("again")
			log.Info(fmt.Sprint(s), "attr", slog.AnyValue(s))
			checkNoLeak(t, name, buf.String(), []byte(victim), []byte("Quispe"))
			if n := strings.Count(buf.String(), sealed); n < 6 {
				t.Errorf("%d [sealed] in %s", n, buf.String())
			}
		})
	}
}

// TestSecretSQL checks that a Secret given to SQL in place of its ciphertext
// fails: database/sql's default converter, which SQLite's driver uses, and
// any driver that calls driver.Valuer first, as pgx does.
func TestSecretSQL(t *testing.T) {
	s := NewSecret(victim)
	for _, arg := range []any{s, &s} {
		v, err := driver.DefaultParameterConverter.ConvertValue(arg)
		if err == nil {
			t.Fatalf("ConvertValue(%T) = %v, want an error", arg, v)
		}
		if strings.Contains(err.Error(), "Quispe") {
			t.Fatalf("error shows the plaintext: %v", err)
		}
	}
	if v, err := s.Value(); err == nil || v != nil {
		t.Fatalf("Value = %v, %v; want an error", v, err)
	}
	c := Ciphertext{1, 2, 3}
	v, err := driver.DefaultParameterConverter.ConvertValue(c)
	if b, ok := v.([]byte); err != nil || !ok || !bytes.Equal(b, c) {
		t.Fatalf("ConvertValue(Ciphertext) = %#v, %v", v, err)
	}
}

// TestLeakInCatches shows that leakIn finds the leaks it is meant to find,
// so that the tests above passing means something.
func TestLeakInCatches(t *testing.T) {
	key := randomBytes(keySize)
	raw := []byte(victim)
	leaky := struct {
		b *[]byte
		s []byte
	}{&key, raw}
	verbS := allVerbs[3] // a variable, so vet lets %s meet a struct
	for i, tt := range []struct {
		out    string
		secret []byte
	}{
		{fmt.Sprintf(verbS, leaky), key}, // fmt follows the pointer under %s
		{fmt.Sprintf("%v", leaky), raw},
		{fmt.Sprintf("%x", key), key},
		{fmt.Sprint(victim), raw},
	} {
		if leakIn(tt.out, tt.secret) == "" {
			t.Errorf("%d: leakIn missed %.80s", i, tt.out)
		}
	}
}
