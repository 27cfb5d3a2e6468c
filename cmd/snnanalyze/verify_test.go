package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/snnanalyze/snnanalyze/verify"
)

func TestVerifyGridJSON(t *testing.T) {
	code, out, errw := runCLI("verify", "theorem1", "theorem2", "--grid", "5", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errw, out)
	}
	var got verify.Report
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	// theorem1: the contraction, the four self-map extremes, the norm of 𝒥;
	// theorem2: one.
	if len(got.Checks) != 7 || !got.Holds || len(got.Conclusions) != 1 || got.Conclusions[0].Licensed {
		t.Fatalf("%d checks, holds %v, conclusions %+v", len(got.Checks), got.Holds, got.Conclusions)
	}
	c := got.Checks[0]
	// The notebook's maximum of H's norm on Ω (paper-facts.md §5).
	if c.Name != "theorem1" || c.Quantity != "max_spectral_norm" || math.Abs(c.Value-0.8976083584089181) > 1e-12 ||
		c.At["mu"]*c.At["omega"] != 0.010000000000000002 || c.At["tau"] != 1.1 || c.Certified || !c.Holds {
		t.Errorf("theorem1: %+v", c)
	}
	for _, k := range []string{`"name"`, `"quantity"`, `"value"`, `"at"`, `"bound"`, `"holds"`, `"certified"`, `"margin"`, `"part"`, `"conclusions"`, `"licensed"`} {
		if !strings.Contains(out, k) {
			t.Errorf("JSON lacks %s", k)
		}
	}
}

// TestVerifyMappingErratum: Lemma 13's printed lower bound −0.03106 of μ̃ is
// violated by the exact minimum −0.0310605: verify mapping exits 1.
func TestVerifyMappingErratum(t *testing.T) {
	code, out, _ := runCLI("verify", "mapping", "--grid", "3")
	if code != 1 || !strings.Contains(out, "min_mu_tilde           FAILS") || !strings.Contains(out, "max_nu_tilde           HOLDS") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestVerifyCertifyAndCertificate(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "cert.json")
	code, out, errw := runCLI("verify", "theorem2", "--certify", "--certificate", file, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errw, out)
	}
	var got verify.Report
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	c := got.Checks[0]
	// Exact maximum −0.119744289955994613 at (−1, −0.1, 3, 1.25) (mpmath, 50 digits).
	if !c.Certified || !c.Holds || c.Bound < -0.119744289955994613 || c.Bound > -0.1197 || c.Boxes == 0 {
		t.Errorf("%+v", c)
	}
}

// TestVerifyCheckCertificate: --check-certificate runs the float64
// re-check and the independent checker; it accepts an untouched
// certificate (exit 0), refuses a tampered one (exit 1, both checks say
// why, naming the leaf), and refuses a certificate that is not what its
// name says as bad input (exit 2, one line).
func TestVerifyCheckCertificate(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "cert.json")
	box := []string{"--mu-range", "-1:-0.9", "--omega-range", "-0.1:-0.09", "--nu-range", "3:3.5", "--tau-range", "1.2:1.25"}
	code, out, errw := runCLI(append([]string{"verify", "variance-decreases", "--certify", "--certificate", file}, box...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errw, out)
	}
	code, out, errw = runCLI("verify", "--check-certificate", file, "--workers", "1")
	if code != 0 || !strings.Contains(out, "valid, and the bound proves the claim") || !strings.Contains(out, "2. the independent checker") ||
		!strings.Contains(out, "every leaf's bound reproduced, 0 leaves subdivided") || errw != "" {
		t.Errorf("check-certificate (exit %d): %s %s", code, out, errw)
	}
	code, out, _ = runCLI("verify", "--check-certificate", file, "--format", "json")
	var got struct {
		Certificates []verify.CertificateReview `json:"certificates"`
		Holds        bool                       `json:"holds"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 || !got.Holds || len(got.Certificates) != 1 {
		t.Fatalf("json (exit %d, %v): %s", code, err, out)
	}
	if c := got.Certificates[0]; !c.Valid || !c.Proves || !c.Float64.Valid || !c.Independent.Valid || c.Independent.Leaves != c.Leaves ||
		c.Independent.Precision != 128 || c.Independent.Root["mu"][0] >= -1 {
		t.Errorf("json: %+v", c)
	}
	// A tampered certificate is refused by both checks (exit 1).
	data, _ := os.ReadFile(file)
	var certs []verify.CertificateFile
	json.Unmarshal(data, &certs)
	good := certs[0]
	certs[0].Leaves = slices.Clone(good.Leaves)
	certs[0].Leaves[0] -= 1
	bad, _ := json.Marshal(certs)
	os.WriteFile(file, bad, 0o644)
	code, out, errw = runCLI("verify", "--check-certificate", file)
	if code != 1 || errw != "" || !strings.Contains(out, "REFUSED: bound") || !strings.Contains(out, "1. the float64 evaluator that made it: REFUSED: leaf 0") ||
		!strings.Contains(out, "REFUSED: 1 of") || !strings.Contains(out, "leaf 0: bisected 6 times") {
		t.Errorf("tampered certificate (exit %d): %q %q", code, out, errw)
	}
	// Renamed: not what its name says, bad input (exit 2).
	certs[0] = good
	certs[0].Name = "variance-increases"
	bad, _ = json.Marshal(certs)
	os.WriteFile(file, bad, 0o644)
	code, out, errw = runCLI("verify", "--check-certificate", file)
	if code != 2 || out != "" || !strings.Contains(errw, "--check-certificate: certificate 1") || strings.Count(errw, "\n") != 1 {
		t.Errorf("renamed certificate (exit %d): %q %q", code, out, errw)
	}
}

// TestVerifyUserBoxFails: contraction with ω ∈ [−1, 1] fails (exit 1) and
// names the failing point.
func TestVerifyUserBoxFails(t *testing.T) {
	code, out, _ := runCLI("verify", "contraction", "--mu-range", "-1:1", "--omega-range", "-1:1",
		"--nu-range", "0.8:1.5", "--tau-range", "0.9:1.1", "--certify", "--format", "json")
	var got verify.Report
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("exit %d: %v\n%s", code, err, out)
	}
	if code != 1 || got.Holds || got.Checks[0].Holds || got.Checks[0].Value < 1 {
		t.Errorf("exit %d: %+v", code, got)
	}
}

func TestVerifyShardMerge(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, s := range []string{"1/3", "2/3", "3/3"} {
		_, out, _ := runCLI("verify", "theorem1", "--grid", "6", "--shard", s, "--format", "json")
		f := filepath.Join(dir, strings.ReplaceAll(s, "/", "-")+".json")
		os.WriteFile(f, []byte(out), 0o644)
		files = append(files, f)
	}
	code, out, errw := runCLI(append([]string{"verify", "--merge", "--format", "json"}, files...)...)
	_, whole, _ := runCLI("verify", "theorem1", "--grid", "6", "--format", "json")
	var m, w verify.Report
	json.Unmarshal([]byte(out), &m)
	json.Unmarshal([]byte(whole), &w)
	if code != 0 || len(m.Checks) != len(w.Checks) || !m.Holds || len(m.Conclusions) != 1 || m.Conclusions[0].Reason != w.Conclusions[0].Reason {
		t.Fatalf("merge (exit %d, %s): %d checks, holds %v, conclusions %+v", code, errw, len(m.Checks), m.Holds, m.Conclusions)
	}
	for i := range m.Checks {
		if m.Checks[i].Value != w.Checks[i].Value || m.Checks[i].Points != w.Checks[i].Points || m.Checks[i].Margin != w.Checks[i].Margin {
			t.Errorf("check %d: merged %v (%d points), whole %v (%d points)", i, m.Checks[i].Value, m.Checks[i].Points, w.Checks[i].Value, w.Checks[i].Points)
		}
	}
	// Two of three shards: partial, exit 1.
	code, _, _ = runCLI(append([]string{"verify", "--merge"}, files[:2]...)...)
	if code != 1 {
		t.Errorf("incomplete merge: exit %d, want 1", code)
	}
}

func TestVerifyBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"verify"},
		{"verify", "theorem9"},
		{"verify", "contraction"},
		{"verify", "contraction", "--mu-range", "1:-1", "--omega-range", "0:1", "--nu-range", "1:2", "--tau-range", "1:2"},
		{"verify", "contraction", "--mu-range", "a:b", "--omega-range", "0:1", "--nu-range", "1:2", "--tau-range", "1:2"},
		{"verify", "contraction", "--mu-range", "0:1", "--omega-range", "0:1", "--nu-range", "-1:2", "--tau-range", "1:2"},
		{"verify", "contraction", "--mu-range", "0:1", "--omega-range", "0:1", "--nu-range", "1:2", "--tau-range", "0:2"},
		{"verify", "contraction", "--mu-range", "0:NaN", "--omega-range", "0:1", "--nu-range", "1:2", "--tau-range", "1:2"},
		{"verify", "theorem1", "--grid", "1"},
		{"verify", "theorem1", "--grid", "1e9"},
		{"verify", "theorem1", "--grid", "5", "--paper-grid"},
		{"verify", "theorem1", "--shard", "3/2"},
		{"verify", "theorem1", "--shard", "0/2"},
		{"verify", "theorem1", "--certify", "--shard", "1/2"},
		{"verify", "theorem1", "--certificate", filepath.Join(dir, "x.json")},
		{"verify", "theorem1", "--certify", "--certificate", filepath.Join(dir, "missing", "x.json")},
		{"verify", "theorem1", "--alpha", "2"},
		{"verify", "theorem1", "--mu-range", "0:1"},
		{"verify", "--check-certificate", filepath.Join(dir, "none.json")},
		{"verify", "--merge"},
		{"verify", "theorem1", "--of", "mean"},
		{"verify", "chi1-fixed-point", "--of", "variance"},
		{"verify", "chi1-theorem1", "--alpha", "2"},
		{"verify", "gradient-grows", "--mu-range", "0:1"},
		{"verify", "gradient-shrinks", "--mu-range", "0:1", "--omega-range", "0:1", "--nu-range", "1:2", "--tau-range", "1:2", "--lambda", "11"},
	} {
		code, out, errw := runCLI(args...)
		if code != 2 || out != "" || strings.Count(errw, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errw)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); err == nil {
		t.Error("a folder was created")
	}
}

// TestVerifyChi1: verify chi1-fixed-point --certify proves χ₁ > 1 at the
// paper's fixed point (the conclusion is licensed, with the Krawczyk box
// and the certified range of χ₁, whose lower end is above 1); its
// certificate is accepted by --check-certificate with the fixed point
// proved again, and refused (exit 1) once a leaf claims more than the
// value at a point of the box.
func TestVerifyChi1(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "chi1.json")
	code, out, errw := runCLI("verify", "chi1-fixed-point", "--certify", "--certificate", file, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errw, out)
	}
	var got verify.Report
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Checks) != 2 || !got.Holds || len(got.Conclusions) != 1 {
		t.Fatalf("%d checks, holds %v, %d conclusions", len(got.Checks), got.Holds, len(got.Conclusions))
	}
	c := got.Conclusions[0]
	// χ₁ at the exact fixed point: 1.07157499245579… (testdata/backward.csv).
	if r := c.Ranges["chi1"]; !c.Licensed || !(r[0] > 1) || !(r[0] <= 1.0715749924558 && r[1] >= 1.0715749924557) || c.FixedPoint["nu"][0] > 1 || c.FixedPoint["nu"][1] < 1-1e-15 {
		t.Errorf("conclusion %+v", c)
	}
	for _, k := range []string{`"ranges"`, `"fixed_point"`, `"fixed_point_unique"`, `"statement"`} {
		if !strings.Contains(out, k) {
			t.Errorf("JSON lacks %s", k)
		}
	}
	code, out, errw = runCLI("verify", "--check-certificate", file)
	if code != 0 || errw != "" || strings.Count(out, "valid, and the bound proves the claim") != 2 ||
		strings.Count(out, "fixed point   g for (omega, tau) = (0, 1) has exactly one fixed point") != 2 {
		t.Errorf("check-certificate (exit %d): %s %s", code, out, errw)
	}
	data, _ := os.ReadFile(file)
	var certs []verify.CertificateFile
	if err := json.Unmarshal(data, &certs); err != nil || len(certs) != 2 {
		t.Fatalf("%d certificates: %v", len(certs), err)
	}
	// min χ₁ claimed 1e-7 above its value at a point of the box.
	certs[0].Leaves[0] = got.Checks[0].Value + 1e-7
	certs[0].Bound = certs[0].Leaves[0]
	bad, _ := json.Marshal(certs)
	os.WriteFile(file, bad, 0o644)
	code, out, errw = runCLI("verify", "--check-certificate", file)
	if code != 1 || errw != "" || !strings.Contains(out, "min_chi1               REFUSED") || !strings.Contains(out, "1. the float64 evaluator that made it: REFUSED: leaf 0") {
		t.Errorf("tampered certificate (exit %d): %q %q", code, out, errw)
	}
}
