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
			rc, err := f.Open()
			if err != nil {
				return "", ""
			}
			var b bytes.Buffer
			_, err = b.ReadFrom(rc)
			rc.Close()
			if err != nil {
				return "", ""
			}
			if e, ok := officeTypes[b.String()]; ok && strings.HasPrefix(b.String(), "application/vnd.oasis.") {
				return b.String(), e
			}
			return "", ""
		case f.Name == "[Content_Types].xml" && f.UncompressedSize64 < 1<<20:
			rc, err := f.Open()
			if err != nil {
				return "", ""
			}
			var b bytes.Buffer
			_, err = b.ReadFrom(rc)
			rc.Close()
			if err != nil {
				return "", ""
			}
			types = b.String()
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
