package roster

import "testing"

// A sign-in sheet saved by Excel on Indonesian Windows: Windows-1252,
// tab-separated, with a BOM-less header; rows of any length.
func TestNewSheetReader(t *testing.T) {
	raw := []byte("NIP\tNama\tKehadiran\n198504042010031004\tSiti Ma\xebrifah\thadir\n199001012015031001\n")
	r := NewSheetReader(raw)
	all, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[1][1] != "Siti Maërifah" || all[1][2] != "hadir" || len(all[2]) != 1 {
		t.Fatalf("%q", all)
	}
	bom := NewSheetReader([]byte("\xef\xbb\xbfNIP;Status\n1;hadir\n"))
	if rec, err := bom.Read(); err != nil || rec[0] != "NIP" || len(rec) != 2 {
		t.Fatalf("%q %v", rec, err)
	}
}
