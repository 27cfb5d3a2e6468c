package verify

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Result is one claim's outcome, as verify's JSON output writes it.
type Result struct {
	Name       string             `json:"name"`
	Quantity   string             `json:"quantity"`
	Of         string             `json:"of,omitempty"`
	Value      float64            `json:"value"`
	At         map[string]float64 `json:"at"`
	Bound      float64            `json:"bound"`
	Limit      float64            `json:"limit"`
	Holds      bool               `json:"holds"`
	Certified  bool               `json:"certified"`
	Method     string             `json:"method"`
	Box        map[string]Range   `json:"box"`
	Alpha      float64            `json:"alpha"`
	Lambda     float64            `json:"lambda"`
	Grid       *Grid              `json:"grid,omitempty"`
	GridPoints []int              `json:"grid_points,omitempty"`
	Points     int64              `json:"points,omitempty"`
	// Evaluated is how many of Points a grid scan evaluated; the others lie
	// in (ν, τ) pairs bounded below the extreme (ScanResult.Evaluated).
	Evaluated int64 `json:"evaluated,omitempty"`
	Boxes     int64 `json:"boxes,omitempty"`
	Leaves    int   `json:"leaves,omitempty"`
	// Mirrored: the partition covers the half μ ≤ 0 of a box symmetric in
	// μ and ω, and the half μ ≥ 0 by its mirror image (Certify).
	Mirrored    bool     `json:"mirrored,omitempty"`
	Partial     bool     `json:"partial"`
	Violated    bool     `json:"violated,omitempty"`
	Shard       string   `json:"shard,omitempty"`
	Paper       *float64 `json:"paper_value,omitempty"`
	PaperSource string   `json:"paper_source,omitempty"`
	// PaperBound is the bound the paper's proof derives for the quantity
	// (Claim.PaperBound), where it gives one.
	PaperBound       *float64 `json:"paper_bound,omitempty"`
	PaperBoundSource string   `json:"paper_bound_source,omitempty"`
	// Margin is how far the bound (or grid extreme, or counterexample) lies
	// inside the claim: Limit − Bound for a maximum, Bound − Limit for a
	// minimum; negative when the claim fails.
	Margin float64 `json:"margin"`
	// Part is the claim's role in a whole theorem (Claim.Part).
	Part string `json:"part,omitempty"`
	// SameAs names the check whose identical claim was computed once for
	// both (verify all runs theorem1's and theorem1-extended's norm of 𝒥
	// once); this result is that one's.
	SameAs  string  `json:"same_as,omitempty"`
	Assumes string  `json:"assumes,omitempty"`
	Seconds float64 `json:"seconds"`
}

// Report is the outcome of several claims: it holds when every claim holds
// and none was stopped early.
type Report struct {
	Checks  []Result `json:"checks"`
	Holds   bool     `json:"holds"`
	Partial bool     `json:"partial"`
	// Conclusions holds what the whole theorems among the checks prove
	// (Conclude).
	Conclusions []Conclusion `json:"conclusions,omitempty"`
}

// NewReport returns an empty report (which holds).
func NewReport() Report { return Report{Holds: true} }

// Add appends a result and updates the verdict.
func (r *Report) Add(res Result) {
	r.Checks = append(r.Checks, res)
	r.Holds = r.Holds && res.Holds && !res.Partial
	r.Partial = r.Partial || res.Partial
}

// RunSettings are optional settings of Claim.Run; nil means a grid scan with
// 21 points per axis on all cores.
type RunSettings struct {
	// Certify bounds the quantity over the whole continuous box (Certify)
	// instead of scanning a grid (Scan).
	Certify bool
	// Grid is the grid of a scan (default 21 points per axis).
	Grid Grid
	// Gap and MaxBoxes are CertifySettings.Gap and MaxBoxes.
	Gap      float64
	MaxBoxes int64
	// Workers is the number of goroutines (default all cores).
	Workers int
	// Shard and Shards split a grid scan (ScanSettings).
	Shard, Shards int
	// Stop, if not nil, ends the work early when closed (a partial result).
	Stop <-chan struct{}
	// ScanProgress and CertifyProgress, if not nil, report progress (see
	// ScanSettings.Progress and CertifySettings.Progress).
	ScanProgress    func(done, total int64)
	CertifyProgress func(boxes int64, bound, best float64)
}

// DefaultGrid is the grid of a scan when none is given: 21 points per axis.
var DefaultGrid = Grid{Points: [4]int{21, 21, 21, 21}}

// Run decides the claim by a grid scan or, with Certify, by a certified
// bound, and returns the result (and, when certified, the certificate).
func (c Claim) Run(s *RunSettings) (Result, *Certificate, error) {
	var set RunSettings
	if s != nil {
		set = *s
	}
	start := time.Now()
	r := Result{
		Name: c.Name, Quantity: c.Quantity.String(), Limit: c.Limit,
		Alpha: c.F.Alpha, Lambda: c.F.Lambda, Box: boxMap(c.Box),
	}
	if c.Quantity == MaxSpectralNorm {
		r.Of = c.Of.String()
	}
	if !math.IsNaN(c.Paper) {
		p := c.Paper
		r.Paper, r.PaperSource = &p, c.PaperSource
	}
	if c.PaperBoundSource != "" && !math.IsNaN(c.PaperBound) {
		p := c.PaperBound
		r.PaperBound, r.PaperBoundSource = &p, c.PaperBoundSource
	}
	r.Part = c.Part
	var cert *Certificate
	if set.Certify {
		cs := &CertifySettings{Gap: set.Gap, MaxBoxes: set.MaxBoxes, Threshold: c.Limit, Workers: set.Workers, Stop: set.Stop, Progress: set.CertifyProgress}
		cr, err := c.Certify(cs)
		if err != nil {
			return r, nil, err
		}
		r.Method, r.Certified = "certified", !cr.Partial && !cr.Violated
		r.Value, r.At, r.Bound = cr.Best, pointMap(cr.BestAt), cr.Bound
		r.Boxes, r.Leaves, r.Partial = cr.Boxes, cr.Leaves, cr.Partial
		if cr.Violated {
			r.Holds, r.Violated = false, true
		} else {
			r.Holds = !cr.Partial && c.Holds(cr.Bound)
		}
		cert = cr.Certificate
		r.Mirrored = cert != nil && cert.Mirrored()
		r.Assumes = Assumes
	} else {
		g := set.Grid
		if g == (Grid{}) {
			g = DefaultGrid
		}
		ss := &ScanSettings{Workers: set.Workers, Stop: set.Stop, Shard: set.Shard, Shards: set.Shards, Progress: set.ScanProgress}
		if set.Shards > 0 {
			r.Shard = fmt.Sprintf("%d/%d", set.Shard+1, set.Shards)
		}
		sr, err := c.Scan(g, ss)
		if err != nil {
			return r, nil, err
		}
		r.Method, r.Grid = g.String(), &g
		r.Value, r.At, r.Bound = sr.Value, pointMap(sr.At), sr.Value
		r.GridPoints, r.Points, r.Evaluated, r.Partial = sr.Axis[:], sr.Points, sr.Evaluated, sr.Partial
		r.Holds = !sr.Partial && c.Holds(sr.Value)
	}
	r.Margin = c.margin(r.Bound)
	r.Seconds = math.Round(time.Since(start).Seconds()*1000) / 1000
	return r, cert, nil
}

// margin is how far v lies inside the claim (negative outside).
func (c Claim) margin(v float64) float64 {
	if c.Quantity.IsMax() {
		return c.Limit - v
	}
	return v - c.Limit
}

// String describes the grid: its points per axis, or the paper's spacings.
func (g Grid) String() string {
	switch {
	case g.Spacing == PaperSpacing:
		return "grid with the paper's Lemma 12 spacings"
	case g.Spacing != [4]float64{}:
		return fmt.Sprintf("grid with spacings %v", g.Spacing)
	case g.Points[0] == g.Points[1] && g.Points[1] == g.Points[2] && g.Points[2] == g.Points[3]:
		return fmt.Sprintf("grid %d per axis", g.Points[0])
	}
	return fmt.Sprintf("grid %v points", g.Points)
}

func pointMap(p [4]float64) map[string]float64 {
	return map[string]float64{"mu": p[0], "omega": p[1], "nu": p[2], "tau": p[3]}
}

func boxMap(b Box) map[string]Range {
	return map[string]Range{"mu": Range(b.Mu), "omega": Range(b.Omega), "nu": Range(b.Nu), "tau": Range(b.Tau)}
}

// fmtFloat formats a float with the fewest digits that read back exactly.
func fmtFloat(v float64) string {
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// WriteText writes the report for people: per claim the verdict, the box,
// the bound or grid extreme and where it is, the method, and the paper's
// value; then the overall verdict.
func (rep Report) WriteText(out io.Writer) {
	for _, r := range rep.Checks {
		verdict := "HOLDS"
		if !r.Holds {
			verdict = "FAILS"
		}
		if r.Partial {
			verdict = "PARTIAL (stopped early)"
		}
		rel := "<"
		if !strings.HasPrefix(r.Quantity, "max") {
			rel = ">"
		}
		fmt.Fprintf(out, "%-20s %-22s %s (claim %s %s)\n", r.Name, r.Quantity, verdict, rel, fmtFloat(r.Limit))
		if r.Of != "" {
			name := "H (mean, variance)"
			if r.Of == "second-moment" {
				name = "J (mean, second moment)"
			}
			fmt.Fprintf(out, "  of            %s\n", name)
		}
		fmt.Fprintf(out, "  box           mu %v, omega %v, nu %v, tau %v\n", r.Box["mu"], r.Box["omega"], r.Box["nu"], r.Box["tau"])
		at := fmt.Sprintf("(mu, omega, nu, tau) = (%s, %s, %s, %s)", fmtFloat(r.At["mu"]), fmtFloat(r.At["omega"]), fmtFloat(r.At["nu"]), fmtFloat(r.At["tau"]))
		if r.Violated {
			fmt.Fprintf(out, "  counterexample %s at %s violates the claim (found by --certify after %d boxes)\n", fmtFloat(r.Value), at, r.Boxes)
		} else if r.Certified || r.Method == "certified" {
			cert := "certified bound"
			if !r.Certified {
				cert = "bound (partial search, still rigorous)"
			}
			mirror := ""
			if r.Mirrored {
				mirror = " of mu <= 0, mirrored to mu >= 0"
			}
			fmt.Fprintf(out, "  %-13s %s over the whole continuous box (%d boxes evaluated, %d in the partition%s)\n", "bound", fmtFloat(r.Bound), r.Boxes, r.Leaves, mirror)
			fmt.Fprintf(out, "  %-13s %s\n", "", cert)
			fmt.Fprintf(out, "  %-13s %s\n", "assumes", Assumes)
			fmt.Fprintf(out, "  best point    %s at %s\n", fmtFloat(r.Value), at)
		} else {
			fmt.Fprintf(out, "  grid extreme  %s at %s\n", fmtFloat(r.Value), at)
			fmt.Fprintf(out, "  method        %s, %d points%s: a grid scan, not a proof (use --certify)\n", r.Method, r.Points, shardNote(r.Shard))
			if r.Evaluated > 0 && r.Evaluated < r.Points {
				fmt.Fprintf(out, "  evaluated     %d of them; the others lie in (nu, tau) pairs bounded below the extreme\n", r.Evaluated)
			}
		}
		if r.Paper != nil {
			fmt.Fprintf(out, "  paper/notebook %s (%s), difference %.2e\n", fmtFloat(*r.Paper), r.PaperSource, r.Value-*r.Paper)
		}
		if r.PaperBound != nil {
			fmt.Fprintf(out, "  paper bound   %.10g (%s), difference %.2e\n", *r.PaperBound, r.PaperBoundSource, r.Bound-*r.PaperBound)
		}
		if r.Part != "" {
			fmt.Fprintf(out, "  part          %s\n", partText[r.Part])
		}
		if r.SameAs != "" {
			fmt.Fprintf(out, "  time          (computed once, with %s)\n\n", r.SameAs)
			continue
		}
		fmt.Fprintf(out, "  time          %.3f s\n\n", r.Seconds)
	}
	for _, c := range rep.Conclusions {
		c.WriteText(out)
	}
	switch {
	case rep.Partial:
		fmt.Fprintln(out, "stopped early: the results above are partial")
	case rep.Holds:
		fmt.Fprintln(out, "every check holds")
	default:
		fmt.Fprintln(out, "at least one check fails")
	}
}

func shardNote(s string) string {
	if s == "" {
		return ""
	}
	return " (shard " + s + ")"
}
