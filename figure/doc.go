// Package figure draws the figures of snnanalyze: pictures of the
// mean/variance map g of one layer of a self-normalizing network over a
// window of (μ, ν), or its variance component ν ↦ ν̃ alone, of the
// correlation map of two inputs, and of the order/chaos phase over the
// weights' statistics, written as PNG or SVG.
//
// One constructor per figure takes an options struct, whose zero value
// gives the command line's defaults, and returns a *Figure:
//
//	Field    the vector field of g, arrows from x toward g(x), with orbits
//	         and an optional background (the paper's Figure 2)
//	Basin    the attraction basin of the fixed point: steps of g from every
//	         start (fixedpoint.Basin)
//	NormMap  the spectral norm of ℋ (or 𝒥) over the window, with its
//	         contour at 1 (jacobian.NormGrid)
//	Cobweb   the one-dimensional view ν ↦ ν̃(ν) against the diagonal, with
//	         cobwebs, the fixed point's slope and the ν intervals of
//	         Theorems 1–3 (verify's catalogue)
//	CMap     the correlation map c ↦ c̃(c) of two inputs against the
//	         diagonal, with its fixed points, their slopes and cobwebs
//	         (meanfield.Map)
//	Phase    the order/chaos phase diagram over (τ, ω) or SELU's (α, λ):
//	         χ₁ = τ·E[f′(z)²] at the fixed point of g (or at given input
//	         statistics), where that fixed point is stable, and the
//	         edge-of-chaos contour χ₁ = 1
//
// A Figure is written with WritePNG, WriteSVG or Write (by format name) on
// a Page (size in inches, PNG resolution), or drawn on any gonum canvas with
// Draw. The same options give the same bytes.
//
// The building blocks of the figures are exported for other plots:
//
//	Figure, NewPlot, NewLegend   the layout: title, plot, colour bar,
//	                             legend and caption; a styled plot and legend
//	Window, CellAxis             the (μ, ν) region and its grid of cell centres
//	Gradient, Viridis,           colour maps: sequential, diverging with
//	BlueWhiteRed, LightOranges   white at a pivot, light sequential
//	ColorBar                     a gradient's scale with ticks and label
//	NiceTicks, LogTicks,         tick markers: round values, powers of 10,
//	IntTicks                     integers
//	Raster, HeatImage,           the heat-map plotter and its images, one
//	CellImage, InvalidColor      pixel per cell
//	ContourLines, Polylines      level sets by marching squares, and their
//	                             plotter
//	FixedMarker, Swatch          the fixed point's marker, legend swatches
//	OmegaBox, AddOmegaLegend,    Theorem 1's Ω (verify.Theorem1Box) and the
//	AddFixedPointLegend          legend entries of Ω and the fixed point
//
// Text is set in Liberation Sans on every style the figures use; gonum's
// plot.DefaultFont is left as it is.
package figure
