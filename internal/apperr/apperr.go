// Package apperr defines the errors that cross layers. Each carries a code that
// transport layers map to an HTTP status in one place, and a message key that
// is translated into the user's language; the key never contains user data.
package apperr

import (
	"errors"
	"fmt"

	"sigap/internal/vault"
)

// Code classifies an error for the caller.
type Code string

// The codes every layer may return.
const (
	Invalid      Code = "invalid"      // the input is wrong; the user can fix it
	NotFound     Code = "not_found"    // nothing there, or nothing the caller may know exists
	Forbidden    Code = "forbidden"    // the caller may not do this
	Unauthorized Code = "unauthorized" // the caller has not signed in
	Conflict     Code = "conflict"     // the change clashes with existing data
	TooMany      Code = "too_many"     // too many attempts; wait and retry
	Unavailable  Code = "unavailable"  // our fault, passing; what was sent was not kept, send it again
	Internal     Code = "internal"     // our fault; details go to the log only
)

// Error is an error with a code and a catalogue message key. Args fill the
// message's template; they must never hold sensitive values.
type Error struct {
	Code  Code
	Key   string         // message key in the i18n catalogue
	Args  map[string]any // template data for the message
	Field string         // form field the error belongs to, if any
	Err   error          // underlying cause, logged but never shown
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Key
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with the given code and message key.
func New(code Code, key string) *Error { return &Error{Code: code, Key: key} }

// InvalidField returns an Invalid error for one form field.
func InvalidField(field, key string, args map[string]any) *Error {
	return &Error{Code: Invalid, Key: key, Field: field, Args: args}
}

// Wrap marks err as internal, keeping it for the log.
func Wrap(err error, context string) error {
	if err == nil {
		return nil
	}
	var ae *Error
	if errors.As(err, &ae) {
		return err
	}
	if errors.Is(err, vault.ErrShredded) {
		return shredded(fmt.Errorf("%s: %w", context, err))
	}
	return &Error{Code: Internal, Key: "error.internal", Err: fmt.Errorf("%s: %w", context, err)}
}

// shredded is the error of a record whose key was destroyed when it was
// purged under the retention schedule (crypto-shredding): it is gone for
// good, which is no failure, so it is shown as not found with its own
// message rather than as an internal error. It is met only in a database
// restored from a backup older than the purge.
func shredded(err error) *Error {
	return &Error{Code: NotFound, Key: "record.shredded", Err: err}
}

// CodeOf returns the code of err: Internal for errors that carry none.
func CodeOf(err error) Code {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	if errors.Is(err, vault.ErrShredded) {
		return NotFound
	}
	return Internal
}

// As returns err as *Error, turning unknown errors into an internal one.
func As(err error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	if errors.Is(err, vault.ErrShredded) {
		return shredded(err)
	}
	return &Error{Code: Internal, Key: "error.internal", Err: err}
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// Fields is every field error of one form, for forms long enough that the
// user should see all their mistakes at once. Its code is Invalid.
type Fields []*Error

// Add records an Invalid error for a field.
func (f *Fields) Add(field, key string, args map[string]any) {
	*f = append(*f, InvalidField(field, key, args))
}

// Err returns f as an error, or nil when it is empty.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}

func (f Fields) Error() string {
	s := "invalid fields:"
	for _, e := range f {
		s += " " + e.Field + " " + e.Key + ";"
	}
	return s
}

// Unwrap gives the first error, so that code and status come out Invalid.
func (f Fields) Unwrap() error { return f[0] }

// FieldsOf returns the field errors err carries: all of a Fields, or the
// one of a single field error.
func FieldsOf(err error) Fields {
	var fs Fields
	if errors.As(err, &fs) {
		return fs
	}
	if e := As(err); e.Field != "" {
		return Fields{e}
	}
	return nil
}

// Has reports whether a field already has an error.
func (f Fields) Has(field string) bool {
	for _, e := range f {
		if e.Field == field {
			return true
		}
	}
	return false
}
