package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"sigap/internal/apperr"
)

// A request whose client has gone away is not a server error: a query cut
// short by its cancelled context used to be logged as an internal error
// (found by the soak, where each load run ends by closing its connections).
func TestAbandonedRequestIsNotAnError(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{log: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest("GET", "/", nil).WithContext(ctx)
	w := httptest.NewRecorder()
	s.fail(w, r, apperr.Wrap(context.Canceled, "admin counts"))
	if strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "abandoned") {
		t.Errorf("logged %q", logs.String())
	}
	if w.Body.Len() != 0 {
		t.Errorf("wrote %d bytes to a client that is gone", w.Body.Len())
	}
}
