#!/usr/bin/env bash
# Regenerates the figures in docs/figures/ with the snnanalyze command line.
# Run from anywhere (it changes to the repository root): bash docs/make-figures.sh
# The same inputs give the same bytes, so unchanged figures stay unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/figures

# The paper's Figure 2 (ω = 0, τ = 1), with two orbits of g.
go run ./cmd/snnanalyze field -o docs/figures/field.png --from 0.3,1.6 --from -0.35,0.65
# Steps of g to the fixed point from every start, and ℋ's spectral norm, at the defaults.
go run ./cmd/snnanalyze basin -o docs/figures/basin.png
go run ./cmd/snnanalyze normmap -o docs/figures/normmap.png
# The same at ω = 0.5, where g depends on μ too.
go run ./cmd/snnanalyze basin -o docs/figures/basin-omega.png --omega 0.5 --mu-range -3:3 --nu-range 0.01:5 --grid 200
go run ./cmd/snnanalyze normmap -o docs/figures/normmap-omega.png --omega 0.5 --mu-range -3:3 --nu-range 0.01:5
# A log ν axis, with ℋ's norm under the arrows.
go run ./cmd/snnanalyze field -o docs/figures/field-norm.png --omega 0.5 --mu-range -1:1 --nu-range 0.05:4 --log-nu --background norm --from -0.8,0.1 --from 0.8,3
# The one-dimensional view ν ↦ ν̃(ν) at ω = 0, τ = 1, with cobwebs from the ends of Theorems 2 and 3.
go run ./cmd/snnanalyze cobweb -o docs/figures/cobweb.png --from 16 --from 0.02
# The correlation map near c = 1 at the paper's fixed point, and the uncentred map at PyTorch's τ = 0.5625.
go run ./cmd/snnanalyze cmap -o docs/figures/cmap.png --c-range 0.9:1 --from 0.999
go run ./cmd/snnanalyze cmap -o docs/figures/cmap-uncentred.png --tau 0.5625 --uncentred --c-range 0.98:1 --from 0.985
# The order/chaos phase over (τ, ω): χ₁ at the fixed point of g, and at standardised inputs.
go run ./cmd/snnanalyze phase -o docs/figures/phase.png
go run ./cmd/snnanalyze phase -o docs/figures/phase-inputs.png --mu 0 --nu 1
