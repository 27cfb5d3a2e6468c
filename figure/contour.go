package figure

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
)

// ContourLines returns the level set {v = level} of a grid (v[i·nx + j] at
// (xs[j], ys[i])) as polylines in data coordinates, by marching squares with
// linear interpolation along the cell edges (in the axes' scales); cells
// with an invalid corner are skipped (valid nil: all are valid). Saddle
// cells are resolved by the cell centre's mean. The segments are joined in a
// fixed order, so the output is deterministic. It panics unless len(v) (and
// len(valid), if not nil) is ax.N·ay.N: a programmer error.
func ContourLines(v []float64, valid []bool, ax, ay CellAxis, level float64) [][]fixedpoint.Point {
	if ax.N < 0 || ay.N < 0 || len(v) != ax.N*ay.N || valid != nil && len(valid) != ax.N*ay.N {
		panic("figure: ContourLines needs ax.N·ay.N values")
	}
	nx, ny := ax.N, ay.N
	type edge struct{ i, j, dir int } // dir 0: from (i, j) to (i, j+1); 1: to (i+1, j)
	type seg struct{ a, b edge }
	at := func(i, j int) float64 { return v[i*nx+j] }
	ok := func(i, j int) bool { return valid == nil || valid[i*nx+j] }
	var segs []seg
	for i := 0; i+1 < ny; i++ {
		for j := 0; j+1 < nx; j++ {
			if !ok(i, j) || !ok(i, j+1) || !ok(i+1, j) || !ok(i+1, j+1) {
				continue
			}
			// Corners counter-clockwise from bottom left: 0 (i, j), 1 (i, j+1),
			// 2 (i+1, j+1), 3 (i+1, j). Edges: 0 bottom, 1 right, 2 top, 3 left.
			c := 0
			for k, p := range [4][2]int{{i, j}, {i, j + 1}, {i + 1, j + 1}, {i + 1, j}} {
				if at(p[0], p[1]) >= level {
					c |= 1 << k
				}
			}
			e := [4]edge{{i, j, 0}, {i, j + 1, 1}, {i + 1, j, 0}, {i, j, 1}}
			add := func(a, b int) { segs = append(segs, seg{e[a], e[b]}) }
			switch c {
			case 1, 14:
				add(3, 0)
			case 2, 13:
				add(0, 1)
			case 3, 12:
				add(3, 1)
			case 4, 11:
				add(1, 2)
			case 6, 9:
				add(0, 2)
			case 7, 8:
				add(3, 2)
			case 5, 10:
				mid := (at(i, j)+at(i, j+1)+at(i+1, j)+at(i+1, j+1))/4 >= level
				if (c == 5) == mid {
					add(3, 2)
					add(0, 1)
				} else {
					add(3, 0)
					add(1, 2)
				}
			}
		}
	}
	// Where the level crosses an edge, in data coordinates.
	pos := func(e edge) fixedpoint.Point {
		i2, j2 := e.i, e.j+1
		if e.dir == 1 {
			i2, j2 = e.i+1, e.j
		}
		v1, v2 := at(e.i, e.j), at(i2, j2)
		t := 0.5
		if v1 != v2 {
			t = clamp01((level - v1) / (v2 - v1))
		}
		return fixedpoint.Point{Mu: ax.at(float64(e.j) + t*float64(j2-e.j)), Nu: ay.at(float64(e.i) + t*float64(i2-e.i))}
	}
	// Join the segments into polylines: each edge point belongs to at most
	// two segments (one per adjacent cell).
	ends := map[edge][]int{}
	for k, s := range segs {
		ends[s.a] = append(ends[s.a], k)
		ends[s.b] = append(ends[s.b], k)
	}
	used := make([]bool, len(segs))
	next := func(e edge, from int) int {
		for _, k := range ends[e] {
			if k != from && !used[k] {
				return k
			}
		}
		return -1
	}
	var lines [][]fixedpoint.Point
	for k0 := range segs {
		if used[k0] {
			continue
		}
		used[k0] = true
		chain := []edge{segs[k0].a, segs[k0].b}
		// forward from b
		for cur, e := k0, segs[k0].b; ; {
			k := next(e, cur)
			if k < 0 {
				break
			}
			used[k] = true
			e = segs[k].a
			if e == chain[len(chain)-1] {
				e = segs[k].b
			}
			chain = append(chain, e)
			cur = k
		}
		// backward from a
		var back []edge
		for cur, e := k0, segs[k0].a; ; {
			k := next(e, cur)
			if k < 0 {
				break
			}
			used[k] = true
			if segs[k].a == e {
				e = segs[k].b
			} else {
				e = segs[k].a
			}
			back = append(back, e)
			cur = k
		}
		line := make([]fixedpoint.Point, 0, len(back)+len(chain))
		for i := len(back) - 1; i >= 0; i-- {
			line = append(line, pos(back[i]))
		}
		for _, e := range chain {
			line = append(line, pos(e))
		}
		lines = append(lines, line)
	}
	return lines
}

// Polylines is a plotter that draws lines in data coordinates (contour
// lines) in one style; its legend thumbnail is a short line.
type Polylines struct {
	Lines [][]fixedpoint.Point
	Style draw.LineStyle
}

// Plot implements plot.Plotter.
func (pl Polylines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, line := range pl.Lines {
		pts := make([]vg.Point, len(line))
		for i, q := range line {
			pts[i] = vg.Point{X: trX(q.Mu), Y: trY(q.Nu)}
		}
		c.StrokeLines(pl.Style, c.ClipLinesXY(pts)...)
	}
}

// Thumbnail implements plot.Thumbnailer.
func (pl Polylines) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(pl.Style, c.Min.X, y, c.Max.X, y)
}
