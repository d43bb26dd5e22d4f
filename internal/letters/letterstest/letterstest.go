// Package letterstest reads letters back as their readers see them, for
// tests: the text of a PDF, by pdftotext (poppler-utils).
package letterstest

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Text returns the text of a PDF with runs of white space made one space.
// Without pdftotext the test is skipped, except in CI (CI set), where it
// fails.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is missing: apt-get install -y poppler-utils")
		}
		t.Skip("pdftotext is missing: apt-get install -y poppler-utils")
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
