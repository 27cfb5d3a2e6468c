package verify

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/jacobian"
)

// FuzzMerge feeds arbitrary parts (a JSON array of verify reports) to Merge.
// A merge that passes must describe one consistent run: its points are the
// parts' sum and at most the grid's; its extreme is the quantity at its
// point; and it holds only when complete, with the points of the whole grid.
func FuzzMerge(f *testing.F) {
	claim := NamedClaims("theorem1")[0]
	var parts []Report
	for k := range 2 {
		r, _, err := claim.Run(&RunSettings{Grid: Grid{Points: [4]int{3, 3, 3, 3}}, Shard: k, Shards: 2})
		if err != nil {
			f.Fatal(err)
		}
		rep := NewReport()
		rep.Add(r)
		parts = append(parts, rep)
	}
	both, _ := json.Marshal(parts)
	one, _ := json.Marshal(parts[:1])
	twice, _ := json.Marshal([]Report{parts[0], parts[0]})
	f.Add(both)
	f.Add(one)
	f.Add(twice)
	f.Add([]byte(`[{"checks":[]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ps []Report
		if json.Unmarshal(data, &ps) != nil {
			return
		}
		m, err := Merge(ps)
		if err != nil {
			return
		}
		for c, r := range m.Checks {
			claim, err := BindClaim(r.Name, r.Quantity, r.Of, r.Box, r.Alpha, r.Lambda, r.Limit)
			if err != nil {
				t.Fatalf("merged check %d is not a claim: %v", c, err)
			}
			var sum int64
			for _, p := range ps {
				sum += p.Checks[c].Points
			}
			total := int64(1)
			for _, n := range r.GridPoints {
				total *= int64(n)
			}
			if r.Points != sum || r.Points > total {
				t.Fatalf("check %d: %d points, parts sum to %d, grid has %d", c, r.Points, sum, total)
			}
			v, err := claim.Value([4]float64{r.At["mu"], r.At["omega"], r.At["nu"], r.At["tau"]})
			if err != nil || math.Abs(v-r.Value) > 1e-12*math.Max(1, math.Abs(v)) {
				t.Fatalf("check %d: value %v at %v, the quantity there is %v (%v)", c, r.Value, r.At, v, err)
			}
			if r.Holds && (r.Partial || r.Points != total || !claim.Holds(r.Value)) {
				t.Fatalf("check %d holds, but partial %v, %d of %d points, value %v", c, r.Partial, r.Points, total, r.Value)
			}
		}
	})
}

// FuzzCertificateFile feeds arbitrary certificate files to Check. A
// certificate that proves its claim must bound the quantity at the corners
// and the centre of its box.
func FuzzCertificateFile(f *testing.F) {
	// A small box whose certificate has a few leaves.
	claim := UserClaims("contraction", Box{Mu: [2]float64{0, 0.01}, Omega: [2]float64{0, 0.01}, Nu: [2]float64{1, 1.01}, Tau: [2]float64{1, 1.01}},
		NamedClaims("theorem1")[0].F, jacobian.Variance)[0]
	r, err := claim.Certify(&CertifySettings{Threshold: claim.Limit, Gap: 0.05})
	if err != nil {
		f.Fatal(err)
	}
	good, _ := json.Marshal(NewCertificateFile(r.Certificate, claim))
	f.Add(good)
	f.Add([]byte(`{"name":"theorem1","quantity":"max_spectral_norm","tree":"L","leaves":[0.5],"bound":0.5,"limit":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var cf CertificateFile
		if json.Unmarshal(data, &cf) != nil || len(cf.Tree) > 200 {
			return // long trees only cost time
		}
		c, err := cf.Check()
		if err != nil || !c.Proves {
			return
		}
		cl, _, err := cf.Claim()
		if err != nil {
			t.Fatalf("proves, but binds to no claim: %v", err)
		}
		ax := cl.Box.Axes()
		for corner := range 17 {
			var p [4]float64
			for i := range 4 {
				if corner == 16 {
					p[i] = ax[i][0] + (ax[i][1]-ax[i][0])/2
				} else {
					p[i] = ax[i][(corner>>i)&1]
				}
			}
			v, err := cl.Value(p)
			if err != nil {
				t.Fatal(err)
			}
			if cl.Quantity.IsMax() && v > cf.Bound || !cl.Quantity.IsMax() && v < cf.Bound {
				t.Fatalf("proves bound %v, but the quantity is %v at %v", cf.Bound, v, p)
			}
		}
	})
}
