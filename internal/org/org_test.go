package org

import (
	"testing"

	"sigap/internal/apperr"
)

func TestValidateTenant(t *testing.T) {
	if err := ValidateTenant("36.04", "kab-serang", "Pemerintah Kabupaten Serang"); err != nil {
		t.Fatal(err)
	}
	bad := [][3]string{{"36.4", "x-y", "n"}, {"36.04.05", "ab", "n"}, {"36.04", "Kab Serang", "n"}, {"36.04", "kab--serang", "n"}, {"36.04", "kab-serang", " "}}
	for _, b := range bad {
		if err := ValidateTenant(b[0], b[1], b[2]); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%v accepted: %v", b, err)
		}
	}
}

func TestUnitInputClean(t *testing.T) {
	in, err := UnitInput{Name: "  Dinas   Kesehatan ", Abbreviation: " Dinkes ", Kind: KindDinas}.Clean()
	if err != nil || in.Name != "Dinas Kesehatan" || in.Abbreviation != "Dinkes" {
		t.Fatalf("%+v %v", in, err)
	}
	for _, bad := range []UnitInput{{Name: "", Kind: KindDinas}, {Name: "x", Kind: "pasar"}, {Name: "x", Kind: KindDinas, ParentID: -1}} {
		if _, err := bad.Clean(); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestCheckMove(t *testing.T) {
	// 1 ← 2 ← 3, and 4 alone.
	parents := map[int64]int64{1: 0, 2: 1, 3: 2, 4: 0}
	if err := CheckMove(1, 3, parents); err == nil {
		t.Error("moving a unit under its grandchild was allowed")
	}
	if err := CheckMove(2, 2, parents); err == nil {
		t.Error("moving a unit under itself was allowed")
	}
	if err := CheckMove(3, 4, parents); err != nil {
		t.Errorf("legal move refused: %v", err)
	}
	if err := CheckMove(4, 0, parents); err != nil {
		t.Errorf("move to top level refused: %v", err)
	}
	// A corrupt cycle already in the data must not loop forever.
	if err := CheckMove(9, 5, map[int64]int64{5: 6, 6: 5}); err == nil {
		t.Error("existing cycle not detected")
	}
}

func TestTree(t *testing.T) {
	units := []Unit{{ID: 3, ParentID: 1, Name: "Bidang B"}, {ID: 1, Name: "Dinas Z"}, {ID: 2, Name: "Badan A"}, {ID: 4, ParentID: 1, Name: "Bidang A"}, {ID: 5, ParentID: 99, Name: "Orphan"}}
	var got []int64
	var depth []int
	for _, n := range Tree(units) {
		got = append(got, n.Unit.ID)
		depth = append(depth, n.Depth)
	}
	want := []int64{2, 1, 4, 3, 5}
	wantDepth := []int{0, 0, 1, 1, 0}
	for i := range want {
		if got[i] != want[i] || depth[i] != wantDepth[i] {
			t.Fatalf("order %v depths %v, want %v %v", got, depth, want, wantDepth)
		}
	}
}
