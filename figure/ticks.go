package figure

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// NiceTicks is a plot.Ticker that labels about 6 to 10 round values (steps
// 1, 2 or 5 times a power of 10) with unlabelled minor ticks between them.
type NiceTicks struct{}

// maxTicks bounds the ticks of an axis (minor ones included).
const maxTicks = 1000

// Ticks returns the ticks of [min, max]. A range too narrow for round
// values (below 1e-12 of its magnitude) gets its two ends as ticks.
func (NiceTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		return nil
	}
	if math.IsInf(max-min, 0) {
		// A range wider than MaxFloat64: label its ends and its middle.
		return []plot.Tick{{Value: min, Label: strconv.FormatFloat(min, 'g', 3, 64)}, {Value: min/2 + max/2, Label: strconv.FormatFloat(min/2+max/2, 'g', 3, 64)}, {Value: max, Label: strconv.FormatFloat(max, 'g', 3, 64)}}
	}
	if max-min <= 1e-12*math.Max(math.Abs(min), math.Abs(max)) {
		return []plot.Tick{{Value: min, Label: strconv.FormatFloat(min, 'g', -1, 64)}, {Value: max, Label: strconv.FormatFloat(max, 'g', -1, 64)}}
	}
	raw := (max - min) / 7
	e := math.Floor(math.Log10(raw))
	base := math.Pow(10, e)
	step, minor := base, base/5
	for _, m := range []float64{2, 5, 10} {
		if raw > step*1.5 {
			step, minor = m*base, m*base/5
			if m == 5 {
				minor = base
			}
		}
	}
	decimals := -int(math.Floor(math.Log10(step) + 1e-9))
	if decimals < 0 {
		decimals = 0
	}
	var ts []plot.Tick
	k0 := math.Ceil(min/minor - 1e-9)
	for i := 0; i < maxTicks && (k0+float64(i))*minor <= max+1e-9*minor; i++ {
		k := k0 + float64(i)
		v := k * minor
		label := ""
		if r := math.Abs(v/step - math.Round(v/step)); r < 1e-6 {
			if math.Abs(v) < 1e-9*step {
				v = 0
			}
			label = strconv.FormatFloat(v, 'f', decimals, 64)
		}
		ts = append(ts, plot.Tick{Value: v, Label: label})
	}
	return ts
}

// LogTicks is a plot.Ticker for a log axis: it marks 1 to 9 times powers of
// 10 and labels the powers of 10 (and 2 and 5 times them when the range
// spans less than 2.5 decades).
type LogTicks struct{}

// Ticks returns the ticks of [min, max], 0 < min.
func (LogTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0 && max > min) || math.IsInf(max, 0) {
		return nil
	}
	var ts []plot.Tick
	decades := math.Log10(max / min)
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for _, m := range []float64{1, 2, 3, 4, 5, 6, 7, 8, 9} {
			v := m * math.Pow(10, e)
			if v < min*(1-1e-12) || v > max*(1+1e-12) {
				continue
			}
			label := ""
			if m == 1 || decades < 2.5 && (m == 2 || m == 5) {
				label = strconv.FormatFloat(v, 'g', 3, 64)
			}
			ts = append(ts, plot.Tick{Value: v, Label: label})
		}
	}
	return ts
}

// IntTicks are the ticks of NiceTicks at round integers in [min, max]: a
// colour bar of counts.
func IntTicks(min, max float64) []plot.Tick {
	ts := NiceTicks{}.Ticks(min, max)
	var out []plot.Tick
	for _, t := range ts {
		if t.Value != math.Trunc(t.Value) {
			continue
		}
		out = append(out, t)
	}
	return out
}
