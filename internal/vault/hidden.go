package vault

// hidden holds secret bytes (plaintext or a key) where fmt cannot print them.
//
// Methods such as String or Format do not suffice: fmt prints the unexported
// fields of a caller's struct by reflection, without calling their methods,
// and under a verb that does not fit a pointer (%s, %q on a struct holding
// one) it dereferences the pointer and prints what it points to, if that is
// a slice, array, struct or map. It never dereferences a pointer to a
// pointer, so a hidden shows as an address however it is reached. Tests
// check this for every exported type that holds secret bytes.
type hidden struct {
	p **[]byte // nil for no bytes
}

// hide copies b into a hidden.
func hide(b []byte) hidden { return own(append([]byte(nil), b...)) }

// own puts b in a hidden without copying; the caller must not use b again.
func own(b []byte) hidden {
	pb := &b
	return hidden{p: &pb}
}

// view returns the bytes without copying, for reading only.
func (h hidden) view() []byte {
	if h.p == nil {
		return nil
	}
	return **h.p
}

// bytes returns a copy of the bytes.
func (h hidden) bytes() []byte { return append([]byte(nil), h.view()...) }
