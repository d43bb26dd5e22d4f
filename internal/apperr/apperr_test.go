package apperr

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"sigap/internal/vault"
)

func TestStatusAndCodes(t *testing.T) {
	cases := map[error]int{
		New(Invalid, "k"):                         http.StatusUnprocessableEntity,
		New(NotFound, "k"):                        http.StatusNotFound,
		New(Forbidden, "k"):                       http.StatusForbidden,
		New(Unauthorized, "k"):                    http.StatusUnauthorized,
		New(Conflict, "k"):                        http.StatusConflict,
		errors.New("boom"):                        http.StatusInternalServerError,
		fmt.Errorf("ctx: %w", New(NotFound, "k")): http.StatusNotFound,
	}
	for err, want := range cases {
		if got := Status(err); got != want {
			t.Errorf("%v: %d, want %d", err, got, want)
		}
	}
	w := Wrap(errors.New("disk full"), "write")
	if CodeOf(w) != Internal || As(w).Key != "error.internal" {
		t.Errorf("wrap: %v", w)
	}
	if Wrap(nil, "x") != nil {
		t.Error("wrapping nil must give nil")
	}
	inv := InvalidField("name", "unit.name.invalid", nil)
	if Wrap(inv, "x") != error(inv) {
		t.Error("wrap must keep coded errors")
	}
}

// TestShredded: a value whose record key was destroyed is not found, with
// its own message, not an internal error.
func TestShredded(t *testing.T) {
	err := fmt.Errorf("open: %w", vault.ErrShredded)
	for _, e := range []error{Wrap(err, "report"), As(err)} {
		ae := As(e)
		if ae.Code != NotFound || ae.Key != "record.shredded" || !errors.Is(e, vault.ErrShredded) {
			t.Fatalf("%#v", ae)
		}
	}
	if CodeOf(err) != NotFound {
		t.Fatalf("CodeOf = %s", CodeOf(err))
	}
}
