package guidance

import (
	"archive/zip"
	"bytes"
	"strings"
)

// Office documents accepted as session materials, by content type, with
// the extension a download gets. Formats that can carry macros (.docm,
// .pptm, .xlsm and the binary .doc, .ppt, .xls) are refused: materials are
// opened by many people.
var officeTypes = map[string]string{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   ".docx",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         ".xlsx",
	"application/vnd.oasis.opendocument.text":                                   ".odt",
	"application/vnd.oasis.opendocument.presentation":                           ".odp",
	"application/vnd.oasis.opendocument.spreadsheet":                            ".ods",
}

// ooxmlMain maps the content type of an Office Open XML package's main
// part to the package's type. Macro-enabled main parts are not listed.
var ooxmlMain = map[string]string{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":   "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// OfficeType reads an office document's type from its bytes, never from
// its name: an Office Open XML package declares its main part in
// [Content_Types].xml, an OpenDocument one in its first entry, mimetype.
// It returns the content type and the extension, or "" when data is not
// an accepted office document (macro-enabled packages included).
func OfficeType(data []byte) (contentType, ext string) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", ""
	}
	var types string
	for i, f := range zr.File {
		switch {
		case i == 0 && f.Name == "mimetype" && f.UncompressedSize64 < 100:
			mt, ok := readEntry(f)
			if e, known := officeTypes[mt]; ok && known && strings.HasPrefix(mt, "application/vnd.oasis.") {
				return mt, e
			}
			return "", ""
		case f.Name == "[Content_Types].xml" && f.UncompressedSize64 < 1<<20:
			t, ok := readEntry(f)
			if !ok {
				return "", ""
			}
			types = t
		}
	}
	if types == "" || strings.Contains(strings.ToLower(types), "macroenabled") || strings.Contains(strings.ToLower(types), "vbaproject") {
		return "", ""
	}
	found := ""
	for main, ct := range ooxmlMain {
		if strings.Contains(types, `ContentType="`+main+`"`) {
			if found != "" {
				return "", ""
			}
			found = ct
		}
	}
	if found == "" {
		return "", ""
	}
	return found, officeTypes[found]
}

// readEntry reads a small entry of a zip archive whole.
func readEntry(f *zip.File) (string, bool) {
	rc, err := f.Open()
	if err != nil {
		return "", false
	}
	defer rc.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(rc); err != nil {
		return "", false
	}
	return b.String(), true
}
