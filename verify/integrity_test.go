package verify

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// shards runs theorem1 on a 6-point grid in n shards and returns the parts
// as they would be read back from their JSON files.
func shards(t *testing.T, n int) []Report {
	t.Helper()
	claim := NamedClaims("theorem1")[0]
	var parts []Report
	for k := range n {
		r, _, err := claim.Run(&RunSettings{Grid: Grid{Points: [4]int{6, 6, 6, 6}}, Shard: k, Shards: n})
		if err != nil {
			t.Fatal(err)
		}
		rep := NewReport()
		rep.Add(r)
		data, _ := json.Marshal(rep)
		var back Report
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, back)
	}
	return parts
}

// TestMergeWhole: the merged shards give the whole scan's extreme, point and
// count, whatever the order of the parts.
func TestMergeWhole(t *testing.T) {
	claim := NamedClaims("theorem1")[0]
	whole, _, err := claim.Run(&RunSettings{Grid: Grid{Points: [4]int{6, 6, 6, 6}}})
	if err != nil {
		t.Fatal(err)
	}
	parts := shards(t, 3)
	for _, order := range [][]int{{0, 1, 2}, {2, 0, 1}} {
		var ps []Report
		for _, i := range order {
			ps = append(ps, parts[i])
		}
		m, err := Merge(ps)
		if err != nil {
			t.Fatal(err)
		}
		c := m.Checks[0]
		if !m.Holds || c.Value != whole.Value || c.Points != whole.Points || c.At["nu"] != whole.At["nu"] || c.At["tau"] != whole.At["tau"] {
			t.Errorf("order %v: merged %+v, whole %+v", order, c, whole)
		}
	}
	// Two of three: partial, not holding.
	m, err := Merge(parts[:2])
	if err != nil || m.Holds || !m.Partial {
		t.Errorf("two of three shards: %+v, %v", m, err)
	}
}

// TestMergeRefuses: every way of mixing up parts is refused with the part
// and the mismatch named.
func TestMergeRefuses(t *testing.T) {
	cases := []struct {
		name string
		edit func(p []Report) []Report
		want string
	}{
		{"shard twice", func(p []Report) []Report { return append(p, p[1]) }, "again"},
		{"other shard count", func(p []Report) []Report { p[1] = shards(t, 2)[1]; return p }, "shard 2 of 2"},
		{"edited shard field", func(p []Report) []Report { p[2].Checks[0].Shard = "3/4"; return p }, "of 4"},
		{"not a shard", func(p []Report) []Report { p[0].Checks[0].Shard = ""; return p }, "not a shard"},
		{"other box", func(p []Report) []Report { p[1].Checks[0].Box["nu"] = [2]float64{0.8, 1.6}; return p }, "box"},
		{"other alpha", func(p []Report) []Report { p[1].Checks[0].Alpha = 1.7; return p }, "alpha"},
		{"other check", func(p []Report) []Report { p[1].Checks[0].Name = "theorem1-extended"; return p }, "name"},
		{"edited grid_points", func(p []Report) []Report {
			for i := range p {
				p[i].Checks[0].GridPoints = []int{7, 6, 6, 6}
			}
			return p
		}, "grid_points"},
		{"edited points", func(p []Report) []Report { p[1].Checks[0].Points *= 2; return p }, "points"},
		{"edited value", func(p []Report) []Report {
			p[1].Checks[0].Value -= 0.01
			p[1].Checks[0].Bound = p[1].Checks[0].Value
			return p
		}, "not the quantity"},
		{"point off the grid", func(p []Report) []Report { p[1].Checks[0].At["mu"] = 0.012345; return p }, "not on the grid"},
		{"point of another shard", func(p []Report) []Report { p[1].Checks[0].At = p[0].Checks[0].At; return p }, "not in this shard"},
		{"renamed to another catalogue check", func(p []Report) []Report {
			for i := range p {
				p[i].Checks[0].Name = "theorem1-extended"
			}
			return p
		}, "theorem1-extended is a claim on"},
		{"seconds infinite", func(p []Report) []Report { p[0].Checks[0].Seconds = 1e308; return p }, "seconds"},
		{"seconds negative", func(p []Report) []Report { p[2].Checks[0].Seconds = -5; return p }, "seconds"},
		{"bound edited", func(p []Report) []Report { p[0].Checks[0].Bound = 0.5; return p }, "bound 0.5 is not the value"},
		{"paper value faked", func(p []Report) []Report {
			for i := range p {
				v := 0.5
				p[i].Checks[0].Paper, p[i].Checks[0].PaperSource = &v, "FAKE"
			}
			return p
		}, "paper_value"},
		{"certified part", func(p []Report) []Report {
			for i := range p {
				p[i].Checks[0].Method = "certified"
			}
			return p
		}, "certified"},
	}
	for _, c := range cases {
		parts := shards(t, 3)
		_, err := Merge(c.edit(parts))
		var pe *PartError
		if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want a PartError mentioning %q", c.name, err, c.want)
		}
	}
}

// TestCertificateBinding: a certificate is accepted only for the claim it
// was made for; tampered ones are refused or fail their check.
func TestCertificateBinding(t *testing.T) {
	claim := NamedClaims("theorem2")[0]
	r, err := claim.Certify(&CertifySettings{Threshold: claim.Limit})
	if err != nil {
		t.Fatal(err)
	}
	good := NewCertificateFile(r.Certificate, claim)
	if c, err := good.Check(); err != nil || !c.Valid || !c.Proves {
		t.Fatalf("the genuine certificate: %+v, %v", c, err)
	}
	clone := func() CertificateFile {
		data, _ := json.Marshal(good)
		var f CertificateFile
		json.Unmarshal(data, &f)
		return f
	}
	refused := map[string]func(*CertificateFile){
		"renamed":        func(f *CertificateFile) { f.Name = "theorem3-a" },
		"other box":      func(f *CertificateFile) { f.Box["mu"] = [2]float64{-0.5, 0.5} },
		"other alpha":    func(f *CertificateFile) { f.Alpha = 1.6 },
		"other limit":    func(f *CertificateFile) { f.Limit = -0.5 },
		"other quantity": func(f *CertificateFile) { f.Quantity = "max_spectral_norm" },
		"unknown name":   func(f *CertificateFile) { f.Name = "theorem9" },
	}
	for name, edit := range refused {
		f := clone()
		edit(&f)
		if _, err := f.Check(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	invalid := map[string]func(*CertificateFile){
		"leaf lowered": func(f *CertificateFile) { f.Leaves[0] -= 1 },
		"leaf raised":  func(f *CertificateFile) { f.Leaves[0] += 1e-6 },
		"bound raised": func(f *CertificateFile) { f.Bound += 1e-6 },
		"alpha edited": func(f *CertificateFile) { f.Alpha *= 1 + 1e-9 },
		"box shrunk":   func(f *CertificateFile) { f.Box["nu"] = Range{3, 15} },
		"leaf removed": func(f *CertificateFile) { f.Leaves = f.Leaves[1:] },
		"tree cut":     func(f *CertificateFile) { f.Tree = f.Tree[:len(f.Tree)-1] },
		"bound lowered": func(f *CertificateFile) {
			f.Bound = -1 // below every leaf's bound
		},
		"root shrunk": func(f *CertificateFile) { f.Root[2][1] = 10 },
	}
	for name, edit := range invalid {
		f := clone()
		edit(&f)
		c, err := f.Check()
		if err == nil && c.Valid {
			t.Errorf("%s: valid", name)
		}
	}
}

// TestCertifyTerminates: boxes float64 cannot halve become leaves, so a
// zero-width box, or a gap below the evaluator's rounding, ends at once.
func TestCertifyTerminates(t *testing.T) {
	box := Box{Mu: [2]float64{0.1, 0.1}, Omega: [2]float64{0.1, 0.1}, Nu: [2]float64{1, 1}, Tau: [2]float64{1, 1}}
	for _, q := range []Quantity{MaxSpectralNorm, MinNuTildeMinusNu} {
		pr := Problem{Quantity: q, Box: box, F: NamedClaims("theorem1")[0].F}
		v, err := pr.Value([4]float64{0.1, 0.1, 1, 1})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		// A threshold a hair above the value: the gap would be ~1e-17.
		thr := v + 1e-16*math.Max(1, math.Abs(v))
		if !q.IsMax() {
			thr = v - 1e-16*math.Max(1, math.Abs(v))
		}
		r, err := pr.Certify(&CertifySettings{Threshold: thr})
		if err != nil {
			t.Fatal(err)
		}
		if time.Since(start) > 5*time.Second || r.Boxes > 1000 {
			t.Errorf("%v: %d boxes in %v", q, r.Boxes, time.Since(start))
		}
	}
}

// TestProblemValidate: boxes and parameters that cannot be evaluated are
// refused before any work, naming the axes.
func TestProblemValidate(t *testing.T) {
	ok := NamedClaims("theorem1")[0].Problem
	cases := map[string]func(*Problem){
		"alpha 1e300":      func(p *Problem) { p.F.Alpha = 1e300 },
		"lambda NaN":       func(p *Problem) { p.F.Lambda = math.NaN() },
		"huge mu range":    func(p *Problem) { p.Box.Mu = [2]float64{-1e308, 1e308} },
		"mu*omega > 1e6":   func(p *Problem) { p.Box.Mu = [2]float64{-1e4, 1e4}; p.Box.Omega = [2]float64{0, 1e3} },
		"nu*tau > 1e12":    func(p *Problem) { p.Box.Nu = [2]float64{1, 1e7}; p.Box.Tau = [2]float64{1, 1e6} },
		"nu*tau < 1e-300":  func(p *Problem) { p.Box.Nu = [2]float64{1e-200, 1}; p.Box.Tau = [2]float64{1e-200, 1} },
		"reversed":         func(p *Problem) { p.Box.Tau = [2]float64{1.1, 0.95} },
		"infinite":         func(p *Problem) { p.Box.Nu = [2]float64{0.8, math.Inf(1)} },
		"unknown quantity": func(p *Problem) { p.Quantity = 99 },
	}
	for name, edit := range cases {
		p := ok
		edit(&p)
		if err := p.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if _, err := p.Scan(Grid{Points: [4]int{3, 3, 3, 3}}, nil); err == nil {
			t.Errorf("%s: scanned", name)
		}
	}
	if err := ok.Validate(); err != nil {
		t.Error(err)
	}
	if _, err := ok.Scan(Grid{Points: [4]int{2, 2, 2, 2}}, &ScanSettings{Shard: 4, Shards: 5}); !errors.Is(err, ErrShards) {
		t.Errorf("5 shards of 4 (nu, tau) pairs: %v", err)
	}
}

// TestPartialCertificate: a search stopped by MaxBoxes writes a certificate
// whose leaves are all evaluated boxes, so Check reproduces it.
func TestPartialCertificate(t *testing.T) {
	claim := NamedClaims("theorem3-a")[0]
	r, err := claim.Certify(&CertifySettings{Threshold: claim.Limit, MaxBoxes: 500})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Partial || r.Certificate == nil {
		t.Fatalf("not a partial result with a certificate: %+v", r)
	}
	c, err := NewCertificateFile(r.Certificate, claim).Check()
	if err != nil || !c.Valid {
		t.Errorf("partial certificate: %+v, %v", c, err)
	}
}

// TestReadStrict: certificate files and reports are read strictly.
func TestReadStrict(t *testing.T) {
	claim := NamedClaims("theorem2")[0]
	r, err := claim.Certify(&CertifySettings{Threshold: claim.Limit, Gap: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := json.Marshal([]CertificateFile{NewCertificateFile(r.Certificate, claim)})
	if _, err := ReadCertificates(good); err != nil {
		t.Fatalf("the genuine file: %v", err)
	}
	s := string(good)
	for name, bad := range map[string]string{
		"three-number range": strings.Replace(s, `"mu":[-1,1]`, `"mu":[-1,0,1]`, 1),
		"unknown key":        strings.Replace(s, `"name":`, `"zz":1,"name":`, 1),
		"missing key":        strings.Replace(s, `"of":"variance",`, ``, 1),
		"trailing data":      s + "[]",
		"empty":              "[]",
	} {
		if bad == s {
			t.Fatalf("%s: the edit did not apply to %s", name, s[:120])
		}
		if _, err := ReadCertificates([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ReadReport([]byte(`{"checks": [], "holds": true, "partial": false, "extra": 1}`)); err == nil {
		t.Error("a report with an unknown key was accepted")
	}
}
