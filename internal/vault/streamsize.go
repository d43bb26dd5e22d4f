package vault

// EncryptedSize returns the size of what EncryptStream writes for a
// plaintext of n bytes, for quotas and disk space checks before encrypting.
func EncryptedSize(n int64) int64 {
	chunks := max((n+chunkSize-1)/chunkSize, 1) // an empty file still has one chunk
	return int64(streamHeaderSize) + n + chunks*tagSize
}

// PlaintextSize returns the size of the plaintext in an encrypted file of n
// bytes, for a Content-Length before decrypting; false if no file
// EncryptStream writes has that size. It does not authenticate anything.
func PlaintextSize(n int64) (int64, bool) {
	n -= int64(streamHeaderSize)
	if n < tagSize {
		return 0, false
	}
	full, rest := n/sealedChunkSize, n%sealedChunkSize
	switch {
	case rest == 0:
		return full * chunkSize, true
	case rest < tagSize, rest == tagSize && full > 0:
		return 0, false
	}
	return full*chunkSize + rest - tagSize, true
}
