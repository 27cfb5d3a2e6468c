package verify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// CertificateFile is a certificate as verify --certificate writes it (JSON):
// the claim it was made for and the partition with its leaf bounds.
type CertificateFile struct {
	Name     string           `json:"name"`
	Quantity string           `json:"quantity"`
	Of       string           `json:"of"`
	Alpha    float64          `json:"alpha"`
	Lambda   float64          `json:"lambda"`
	Box      map[string]Range `json:"box"`
	Root     [4][2]float64    `json:"root"`
	Tree     string           `json:"tree"`
	Leaves   []float64        `json:"leaves"`
	Bound    float64          `json:"bound"`
	Limit    float64          `json:"limit"`
}

// NewCertificateFile returns the file form of a certificate made for claim
// cl.
func NewCertificateFile(c *Certificate, cl Claim) CertificateFile {
	return CertificateFile{
		Name: cl.Name, Quantity: c.Problem.Quantity.String(), Of: c.Problem.Of.String(),
		Alpha: c.Problem.F.Alpha, Lambda: c.Problem.F.Lambda, Box: boxMap(c.Problem.Box),
		Root: c.Root, Tree: c.Tree, Leaves: c.Leaves, Bound: c.Bound, Limit: cl.Limit,
	}
}

// ParseQuantity returns the quantity named s (as Quantity.String writes it).
func ParseQuantity(s string) (Quantity, error) {
	for q := range Quantity(len(quantityNames)) {
		if q.String() == s {
			return q, nil
		}
	}
	return 0, fmt.Errorf("unknown quantity %q", s)
}

// IsUserKind reports whether name is a kind of user check (UserKinds).
func IsUserKind(name string) bool { return slices.Contains(UserKinds, name) }

// BindClaim returns the claim that a file (a certificate, a shard's output)
// says it is about, and checks that it is what its name says: a named check
// of the catalogue with exactly the catalogue's box, α, λ and limit, or a
// user check whose limit is the one its kind sets on its box. A certificate
// renamed to another check, or edited to another box, α, λ or limit, is
// refused here.
func BindClaim(name, quantity, of string, box map[string]Range, alpha, lambda, limit float64) (Claim, error) {
	q, err := ParseQuantity(quantity)
	if err != nil {
		return Claim{}, err
	}
	ofv := jacobian.Variance
	switch of {
	case jacobian.Variance.String():
	case jacobian.SecondMoment.String():
		ofv = jacobian.SecondMoment
	case "":
		if q == MaxSpectralNorm {
			return Claim{}, errors.New("a spectral norm needs its Jacobian (of: variance or second-moment)")
		}
	default:
		return Claim{}, fmt.Errorf("unknown Jacobian %q (variance or second-moment)", of)
	}
	var axes [4][2]float64
	for i, n := range AxisNames {
		r, ok := box[n]
		if !ok {
			return Claim{}, fmt.Errorf("the box has no %s range", n)
		}
		axes[i] = [2]float64(r)
	}
	if len(box) != len(AxisNames) {
		return Claim{}, errors.New("the box has ranges other than mu, omega, nu, tau")
	}
	b := BoxFromAxes(axes)
	f := mapping.SELU{Alpha: alpha, Lambda: lambda}
	var all, candidates []Claim
	named, user := slices.Contains(CheckNames, name), IsUserKind(name)
	switch {
	case named && user:
		// "mapping" is both: the named check (Lemma 13's limits on Ω) and
		// the user kind (the box's own limits, `verify mapping
		// --mu-range …`). The certificate's limit tells them apart; a user
		// claim that matches exactly is taken, else the named one is
		// checked (and its mismatch reported).
		for _, c := range UserClaims(name, b, f, ofv) {
			if c.Quantity == q && c.Box == b && c.F == f && c.Limit == limit && (q != MaxSpectralNorm || c.Of == ofv) {
				if err := c.Validate(); err != nil {
					return Claim{}, err
				}
				return c, nil
			}
		}
		all = NamedClaims(name)
	case named:
		all = NamedClaims(name)
	case user:
		all = UserClaims(name, b, f, ofv)
	default:
		return Claim{}, fmt.Errorf("unknown check %q", name)
	}
	for _, c := range all {
		if c.Quantity == q && (q != MaxSpectralNorm || c.Of == ofv) {
			candidates = append(candidates, c)
		}
	}
	if len(candidates) > 1 {
		// A check with several claims of this quantity (theorem1's norms
		// of ℋ and 𝒥 differ in their Jacobian; were there two of one
		// Jacobian, in their box): the one on the box given.
		for _, c := range candidates {
			if c.Box == b {
				candidates = []Claim{c}
				break
			}
		}
	}
	for _, c := range candidates {
		switch {
		case c.Box != b:
			return Claim{}, fmt.Errorf("%s is a claim on mu %v, omega %v, nu %v, tau %v, not on the box given (mu %v, omega %v, nu %v, tau %v)",
				name, c.Box.Mu, c.Box.Omega, c.Box.Nu, c.Box.Tau, b.Mu, b.Omega, b.Nu, b.Tau)
		case c.F != f:
			return Claim{}, fmt.Errorf("%s is a claim for alpha = %v, lambda = %v, not for the alpha = %v, lambda = %v given", name, c.F.Alpha, c.F.Lambda, alpha, lambda)
		case c.Limit != limit:
			return Claim{}, fmt.Errorf("%s %s has the limit %v, not the %v given", name, quantity, c.Limit, limit)
		}
		if err := c.Validate(); err != nil {
			return Claim{}, err
		}
		return c, nil
	}
	if q == MaxSpectralNorm {
		return Claim{}, fmt.Errorf("check %s has no quantity %s of %s", name, quantity, ofv)
	}
	return Claim{}, fmt.Errorf("check %s has no quantity %s", name, quantity)
}

// Claim returns the claim that the file is about (BindClaim) and its
// certificate, for Certificate.Check.
func (f CertificateFile) Claim() (Claim, *Certificate, error) {
	cl, err := BindClaim(f.Name, f.Quantity, f.Of, f.Box, f.Alpha, f.Lambda, f.Limit)
	if err != nil {
		return Claim{}, nil, err
	}
	for i, r := range f.Root {
		for _, v := range r {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Claim{}, nil, fmt.Errorf("the certificate's root %s range is not finite", AxisNames[i])
			}
		}
	}
	c := &Certificate{Problem: cl.Problem, Root: f.Root, Tree: f.Tree, Leaves: f.Leaves, Bound: f.Bound}
	return cl, c, nil
}

// CertificateCheck is the outcome of checking a certificate file: what it
// claims, whether every leaf's bound was re-derived (Valid), and whether
// the bound proves the claim (Proves).
type CertificateCheck struct {
	Name     string           `json:"name"`
	Quantity string           `json:"quantity"`
	Of       string           `json:"of,omitempty"`
	Box      map[string]Range `json:"box"`
	Alpha    float64          `json:"alpha"`
	Lambda   float64          `json:"lambda"`
	Limit    float64          `json:"limit"`
	Bound    float64          `json:"bound"`
	Leaves   int              `json:"leaves"`
	Mirrored bool             `json:"mirrored,omitempty"`
	Valid    bool             `json:"valid"`
	Proves   bool             `json:"proves"`
	Error    string           `json:"error,omitempty"`
	Assumes  string           `json:"assumes"`
	Seconds  float64          `json:"seconds"`
}

// Check binds the file to its claim (an error if it cannot be bound: it is
// not what its name says) and re-checks every leaf (Certificate.Check).
func (f CertificateFile) Check() (CertificateCheck, error) {
	claim, c, err := f.Claim()
	if err != nil {
		return CertificateCheck{}, err
	}
	start := time.Now()
	n, err := c.Check()
	r := CertificateCheck{Name: f.Name, Quantity: f.Quantity, Box: f.Box, Alpha: f.Alpha, Lambda: f.Lambda,
		Limit: f.Limit, Bound: f.Bound, Leaves: n, Mirrored: c.Mirrored(), Valid: err == nil, Assumes: Assumes}
	if claim.Quantity == MaxSpectralNorm {
		r.Of = claim.Of.String()
	}
	if err != nil {
		r.Error = err.Error()
	}
	r.Proves = r.Valid && claim.Holds(f.Bound)
	r.Seconds = math.Round(time.Since(start).Seconds()*1000) / 1000
	return r, nil
}

// WriteText prints the check: valid or not, and what the certificate proves
// and assumes.
func (r CertificateCheck) WriteText(out io.Writer) {
	if !r.Valid {
		fmt.Fprintf(out, "%-20s %-22s INVALID: %s\n", r.Name, r.Quantity, r.Error)
		return
	}
	verdict := "valid, and the bound proves the claim"
	if !r.Proves {
		verdict = "valid, but the bound does not prove the claim"
	}
	mirror := ""
	if r.Mirrored {
		mirror = " and their mirror images"
	}
	fmt.Fprintf(out, "%-20s %-22s %s: bound %s over %d boxes%s, re-checked in %.2f s\n", r.Name, r.Quantity, verdict, fmtFloat(r.Bound), r.Leaves, mirror, r.Seconds)
	q, rel, claim := r.Quantity, "<=", "<"
	if r.Of != "" {
		q += " of " + map[string]string{"variance": "H", "second-moment": "J"}[r.Of]
	}
	if !strings.HasPrefix(r.Quantity, "max") {
		rel, claim = ">=", ">"
	}
	fmt.Fprintf(out, "  proved        %s %s %s (claim %s %s) on mu %v, omega %v, nu %v, tau %v\n", q, rel, fmtFloat(r.Bound), claim, fmtFloat(r.Limit),
		r.Box["mu"], r.Box["omega"], r.Box["nu"], r.Box["tau"])
	fmt.Fprintf(out, "  for           SELU alpha = %s, lambda = %s\n", fmtFloat(r.Alpha), fmtFloat(r.Lambda))
	fmt.Fprintf(out, "  assumes       %s\n", r.Assumes)
}

// Range is a closed range [lo, hi] as the files write it: a JSON array of
// exactly two numbers (a longer or shorter one is an error, not truncated).
type Range [2]float64

// UnmarshalJSON reads exactly two numbers.
func (r *Range) UnmarshalJSON(data []byte) error {
	var v []float64
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	if len(v) != 2 {
		return fmt.Errorf("a range is two numbers [lo, hi], got %d", len(v))
	}
	*r = Range{v[0], v[1]}
	return nil
}

// certificateKeys are the keys of a certificate in a file, all required.
var certificateKeys = []string{"name", "quantity", "of", "alpha", "lambda", "box", "root", "tree", "leaves", "bound", "limit"}

// ReadCertificates decodes a file written by verify --certificate, strictly:
// a JSON array of certificates with exactly the keys NewCertificateFile
// writes (none missing, none unknown), ranges of two numbers, and nothing
// after the array.
func ReadCertificates(data []byte) ([]CertificateFile, error) {
	var raw []map[string]json.RawMessage
	if err := strictDecode(data, &raw); err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, errors.New("the file holds no certificates")
	}
	for i, m := range raw {
		for _, k := range certificateKeys {
			if _, ok := m[k]; !ok {
				return nil, fmt.Errorf("certificate %d has no %q", i+1, k)
			}
		}
	}
	var certs []CertificateFile
	if err := strictDecode(data, &certs); err != nil {
		return nil, err
	}
	return certs, nil
}

// ReadReport decodes verify's JSON output strictly (unknown keys, ranges of
// other lengths and trailing data are errors), for Merge.
func ReadReport(data []byte) (Report, error) {
	var r Report
	if err := strictDecode(data, &r); err != nil {
		return Report{}, err
	}
	return r, nil
}

// strictDecode decodes one JSON value with no unknown fields and nothing
// after it.
func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}
