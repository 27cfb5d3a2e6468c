package figure_test

import (
	"bytes"
	"fmt"
	"image/png"
	"log"

	"github.com/snnanalyze/snnanalyze/figure"
	"github.com/snnanalyze/snnanalyze/fixedpoint"
)

// ExampleField draws the paper's Figure 2 (the zero options: ω = 0, τ = 1,
// SELU with α01, λ01) with two orbits, as a PNG. Writing to an *os.File
// instead of the buffer gives the same bytes as
// snnanalyze field -o field.png --from 0.3,1.6 --from -0.35,0.65.
func ExampleField() {
	fig, err := figure.Field(figure.FieldOptions{
		From: []fixedpoint.Point{{Mu: 0.3, Nu: 1.6}, {Mu: -0.35, Nu: 0.65}},
	})
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer // or an *os.File
	if err := fig.WritePNG(&buf, figure.Page{Width: 9.6, Height: 6.4, DPI: 100}); err != nil {
		log.Fatal(err)
	}
	img, _ := png.DecodeConfig(&buf)
	fmt.Printf("%s\n%d × %d pixels\n", fig.Title, img.Width, img.Height)
	// Output:
	// Vector field of the mean/variance map g of one layer (the paper's Figure 2)
	// ω = 0, τ = 1, SELU with α01, λ01
	// 960 × 640 pixels
}
