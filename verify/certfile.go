package verify

import (
	"fmt"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// CertificateFile is a certificate as verify --certificate writes it (JSON):
// the claim it was made for and the partition with its leaf bounds.
type CertificateFile struct {
	Name     string                `json:"name"`
	Quantity string                `json:"quantity"`
	Of       string                `json:"of"`
	Alpha    float64               `json:"alpha"`
	Lambda   float64               `json:"lambda"`
	Box      map[string][2]float64 `json:"box"`
	Root     [4][2]float64         `json:"root"`
	Tree     string                `json:"tree"`
	Leaves   []float64             `json:"leaves"`
	Bound    float64               `json:"bound"`
	Limit    float64               `json:"limit"`
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

// Claim returns the claim and the certificate that the file describes, for
// Certificate.Check.
func (f CertificateFile) Claim() (Claim, *Certificate, error) {
	q, err := ParseQuantity(f.Quantity)
	if err != nil {
		return Claim{}, nil, err
	}
	var axes [4][2]float64
	for i, name := range AxisNames {
		r, ok := f.Box[name]
		if !ok {
			return Claim{}, nil, fmt.Errorf("box has no %s range", name)
		}
		axes[i] = r
	}
	box := BoxFromAxes(axes)
	if err := box.Validate(); err != nil {
		return Claim{}, nil, err
	}
	of := jacobian.Variance
	if f.Of == jacobian.SecondMoment.String() {
		of = jacobian.SecondMoment
	}
	pr := Problem{Quantity: q, Box: box, F: mapping.SELU{Alpha: f.Alpha, Lambda: f.Lambda}, Of: of}
	c := &Certificate{Problem: pr, Root: f.Root, Tree: f.Tree, Leaves: f.Leaves, Bound: f.Bound}
	return Claim{Name: f.Name, Problem: pr, Limit: f.Limit}, c, nil
}
