package verify

import (
	"math"
	"testing"
)

// TestLibraryContract: calls found by an adversarial trial to return
// answers (or run without end) on invalid arguments now return errors.
func TestLibraryContract(t *testing.T) {
	ok := NamedClaims("theorem1")[0].Problem
	p := ok
	p.Quantity = 99
	if _, err := p.Value([4]float64{0, 0, 1, 1}); err == nil {
		t.Error("Value with an unknown quantity")
	}
	p = ok
	p.Of = 5
	if p.Validate() == nil {
		t.Error("Validate with an unknown Jacobian")
	}
	if _, err := p.Value([4]float64{0, 0, 1, 1}); err == nil {
		t.Error("Value with an unknown Jacobian")
	}
	for _, s := range []CertifySettings{{Gap: math.NaN()}, {Gap: -1}, {MaxBoxes: -1}, {Workers: -1}} {
		if _, err := ok.Certify(&s); err == nil {
			t.Errorf("Certify with %+v", s)
		}
	}
	rev := ok.Box.Axes()
	rev[0] = [2]float64{1, 0}
	if _, err := ok.Enclose(rev); err == nil {
		t.Error("Enclose of a reversed box")
	}
	bad := ok.Box
	bad.Mu = [2]float64{math.NaN(), 1}
	if _, err := (Grid{Points: [4]int{3, 3, 3, 3}}).Axes(bad); err == nil {
		t.Error("Axes of a box with NaN")
	}
	for _, sp := range []float64{math.Inf(1), math.NaN(), -1, 1e-17} {
		g := Grid{Spacing: [4]float64{sp, 0.1, 0.1, 0.1}, Points: [4]int{0, 2, 2, 2}}
		b := ok.Box
		b.Mu = [2]float64{1, 1 + 1e-15}
		if _, err := g.Axes(b); err == nil {
			t.Errorf("Axes with spacing %v", sp)
		}
	}
	if _, err := ok.Scan(Grid{Points: [4]int{3, 3, 3, 3}}, &ScanSettings{Shards: -3}); err == nil {
		t.Error("Scan with -3 shards")
	}
}
