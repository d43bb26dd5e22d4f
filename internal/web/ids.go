package web

import (
	"net/http"
	"strconv"

	"sigap/internal/apperr"
)

// pathID reads a positive numeric path value; anything else is not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "error.not_found")
	}
	return id, nil
}

// formID reads an optional numeric form value: empty is zero, garbage is
// an input error for that field.
func formID(r *http.Request, field string) (int64, error) {
	v := r.PostFormValue(field)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, apperr.InvalidField(field, "error.invalid_choice", nil)
	}
	return id, nil
}
