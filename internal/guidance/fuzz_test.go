package guidance

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"sigap/internal/apperr"
)

func FuzzParseTopics(f *testing.F) {
	for _, s := range []string{"Etika\nDisiplin", "", " \n \n", "a\nA\na", strings.Repeat("x", MaxTopicLen+1), strings.Repeat("t\n", MaxTopics+1), "\xff\n\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		topics, err := ParseTopics(text)
		if err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != "topics" || topics != nil {
				t.Fatalf("%q: %v", text, err)
			}
			return
		}
		if len(topics) == 0 || len(topics) > MaxTopics {
			t.Fatalf("%q: %d topics", text, len(topics))
		}
		seen := map[string]bool{}
		for _, tp := range topics {
			if tp == "" || tp != strings.TrimSpace(tp) || strings.Contains(tp, "\n") || utf8.RuneCountInString(tp) > MaxTopicLen || seen[strings.ToLower(tp)] {
				t.Fatalf("%q: topic %q", text, tp)
			}
			seen[strings.ToLower(tp)] = true
		}
		// Reading the topics back gives them again.
		if again, err := ParseTopics(strings.Join(topics, "\n")); err != nil || strings.Join(again, "\n") != strings.Join(topics, "\n") {
			t.Fatalf("%q: not stable: %q %v", text, again, err)
		}
	})
}

// officeZip makes a zip archive with the given entries, in order.
func officeZip(entries ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(entries); i += 2 {
		w, _ := zw.Create(entries[i])
		w.Write([]byte(entries[i+1]))
	}
	zw.Close()
	return b.Bytes()
}

func FuzzOfficeType(f *testing.F) {
	docx := `<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	f.Add(officeZip("[Content_Types].xml", docx, "word/document.xml", "<w/>"))
	f.Add(officeZip("mimetype", "application/vnd.oasis.opendocument.text"))
	f.Add(officeZip("[Content_Types].xml", strings.ReplaceAll(docx, "document.main", "document.macroEnabled.main")))
	f.Add(officeZip("[Content_Types].xml", docx+strings.ReplaceAll(docx, "wordprocessingml.document", "spreadsheetml.sheet")))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("%PDF-1.4"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, ext := OfficeType(data)
		if ct == "" {
			if ext != "" {
				t.Fatalf("no type but extension %q", ext)
			}
			return
		}
		if officeTypes[ct] != ext || ext == "" || strings.Contains(strings.ToLower(ct), "macro") {
			t.Fatalf("type %q extension %q", ct, ext)
		}
		if _, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil {
			t.Fatalf("accepted %q, which is not a zip archive", ct)
		}
	})
}
