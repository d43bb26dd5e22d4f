package apperr

import "net/http"

// Status maps an error to the HTTP status that web pages and the API answer
// with. This is the only place the mapping is made.
func Status(err error) int {
	switch CodeOf(err) {
	case Invalid:
		return http.StatusUnprocessableEntity
	case NotFound:
		return http.StatusNotFound
	case Forbidden:
		return http.StatusForbidden
	case Unauthorized:
		return http.StatusUnauthorized
	case Conflict:
		return http.StatusConflict
	case TooMany:
		return http.StatusTooManyRequests
	case Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
