package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigap/internal/org"
	"sigap/internal/store"
)

func TestImportEmployees(t *testing.T) {
	for engine, environ := range engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			dir := t.TempDir()
			regions := filepath.Join(dir, "banten.csv")
			os.WriteFile(regions, []byte("code,name,level,parent_code\n36,Banten,province,\n36.73,Kota Serang,regency,36\n"), 0o600)
			for _, args := range [][]string{{"import", "regions", "--file", regions},
				{"tenant", "create", "--code", "36.73", "--slug", "kota-serang", "--name", "Pemerintah Kota Serang"}} {
				if code, _, stderr := run(t, environ, "", args...); code != 0 {
					t.Fatalf("%v: %s", args, stderr)
				}
			}
			d := openFor(t, environ)
			s := store.New(d, nil)
			tn, _ := s.TenantByKey(context.Background(), "kota-serang")
			if _, err := s.EnsureUnits(context.Background(), store.System, tn.ID, demoUnits()); err != nil {
				t.Fatal(err)
			}

			// Excel's semicolons, a superior later in the file, and two mistakes.
			bad := filepath.Join(dir, "bad.csv")
			os.WriteFile(bad, []byte("NIP;Nama;Status;Jabatan;Jenis Jabatan;Unit Kerja;NIP Atasan\r\n"+
				"199001012015031002;Budi;PNS;Staf;pelaksana;Inspektorat;197001011995031001\r\n"+
				"19700101199503100;Ani;PNS;Inspektur;jpt_pratama;Inspektorat;\r\n"+
				"198001012005011003;Eko;PNS;Staf;pelaksana;Dinas Pariwisata;\r\n"), 0o600)
			code, out, stderr := run(t, environ, "", "import", "employees", "--tenant", "kota-serang", "--lang", "id", bad)
			if code == 0 || !strings.Contains(out, "line 3, NIP: NIP harus 18 angka") || !strings.Contains(out, `line 4, Unit Kerja: Unit kerja "Dinas Pariwisata" tidak dikenal`) ||
				!strings.Contains(out, "line 2, NIP Atasan:") || !strings.Contains(stderr, "nothing was imported") {
				t.Fatalf("exit %d:\n%s\n%s", code, out, stderr)
			}
			if n, _ := s.EmployeeCount(context.Background(), tn.ID); n != 0 {
				t.Fatalf("%d employees imported from a bad file", n)
			}
			good := filepath.Join(dir, "good.csv")
			os.WriteFile(good, []byte("\ufeffNIP;Nama;Status;Jabatan;Jenis Jabatan;Unit Kerja;NIP Atasan\r\n"+
				"199001012015031002;Budi;PNS;Staf;pelaksana;Inspektorat;197001011995031001\r\n"+
				"197001011995031001;Ani;PNS;Inspektur;jpt_pratama;Inspektorat;\r\n\r\n"), 0o600)
			code, out, stderr = run(t, environ, "", "import", "employees", "--tenant", "kota-serang", good)
			if code != 0 || !strings.Contains(out, "2 added, 0 changed, 0 unchanged, 0 left the roster") || !strings.Contains(stderr, "Writing: 100% (2/2)") {
				t.Fatalf("exit %d:\n%s\n%s", code, out, stderr)
			}
			if code, _, stderr := run(t, environ, "", "import", "employees", "--tenant", "nowhere", good); code == 0 || !strings.Contains(stderr, "no tenant") {
				t.Errorf("unknown tenant: %d %s", code, stderr)
			}
		})
	}
}

func demoUnits() []org.UnitInput {
	return []org.UnitInput{{Name: "Inspektorat", Kind: org.KindInspektorat}}
}
