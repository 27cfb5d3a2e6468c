package main

import (
	"math"
	"strings"
	"testing"

	"github.com/snnanalyze/snnanalyze/figure"
)

// The flag parsers accept exactly their documented values: whatever the
// input, a value that is set is finite and in range, and a refused one
// leaves an error that names the accepted range.

func FuzzFloatFlag(f *testing.F) {
	for _, s := range []string{"1", "-0", "1e308", "1e309", "NaN", "inf", "-Inf", "0x1p-1074", " 2 ", "", "1,5", "1e-400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v float64
		fl := floatFlag{p: &v, check: positive, want: "a finite number > 0"}
		if err := fl.Set(s); err != nil {
			if !strings.Contains(err.Error(), "a finite number > 0") {
				t.Fatalf("%q: error %q does not name the range", s, err)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || !(v > 0) {
			t.Fatalf("%q set %v", s, v)
		}
	})
}

func FuzzIntFlag(f *testing.F) {
	for _, s := range []string{"2", "100000", "100001", "-1", "1e3", "9223372036854775808", " 7", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := -7
		fl := intFlag{p: &v, min: 2, max: 100000}
		if err := fl.Set(s); err != nil {
			if v != -7 || !strings.Contains(err.Error(), "[2, 100000]") {
				t.Fatalf("%q: error %q, value %d", s, err, v)
			}
			return
		}
		if v < 2 || v > 100000 {
			t.Fatalf("%q set %d", s, v)
		}
	})
}

func FuzzRangeFlag(f *testing.F) {
	for _, s := range []string{"-0.1:0.1", "1:-1", "0:0", "-1e308:1e308", "a:b", "1:2:3", "NaN:1", "0.8:1.5", ":", "1e-320:1"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, variance bool) {
		axis := "mu"
		if variance {
			axis = "nu"
		}
		fl := rangeFlag{axis: axis}
		if err := fl.Set(s); err != nil {
			if !strings.Contains(err.Error(), "A:B") {
				t.Fatalf("%q: error %q does not say A:B", s, err)
			}
			return
		}
		a, b := fl.r[0], fl.r[1]
		if !fl.set || math.IsNaN(a) || math.IsInf(a, 0) || math.IsNaN(b) || math.IsInf(b, 0) || a > b || variance && !(a > 0) {
			t.Fatalf("%q set %v", s, fl.r)
		}
	})
}

func FuzzWindowFlag(f *testing.F) {
	for _, s := range []string{"-0.4:0.4", "0.1:0.10000000000000002", "0:1e6", "1e-300:1e-299", "-1e7:0", "1:1", "x"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, variance bool) {
		axis := "mu"
		if variance {
			axis = "nu"
		}
		fl := windowFlag{axis: axis}
		if err := fl.Set(s); err != nil {
			if !strings.Contains(err.Error(), "A:B") {
				t.Fatalf("%q: error %q does not say A:B", s, err)
			}
			return
		}
		a, b := fl.r[0], fl.r[1]
		if !(a < b) || a < -maxWindow || b > maxWindow || variance && !(a > 0) || !(b-a >= figure.MinRelWidth*math.Max(math.Abs(a), math.Abs(b))) {
			t.Fatalf("%q set %v", s, fl.r)
		}
	})
}

func FuzzPointFlag(f *testing.F) {
	for _, s := range []string{"0,1", "0.3,1.6", "-1,0", "1,NaN", "1,2,3", ",", "1e308,1e-308"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var fl pointFlag
		if err := fl.Set(s); err != nil {
			return
		}
		p := fl.p
		if math.IsNaN(p.Mu) || math.IsInf(p.Mu, 0) || math.IsInf(p.Nu, 0) || !(p.Nu > 0) {
			t.Fatalf("%q set %+v", s, p)
		}
	})
}

func FuzzShardFlag(f *testing.F) {
	for _, s := range []string{"1/2", "0/2", "3/2", "1/100000", "1/100001", "01/2", "1/2x", "-1/2", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var fl shardFlag
		if err := fl.Set(s); err != nil {
			return
		}
		if fl.k < 1 || fl.k > fl.n || fl.n > 100000 || fl.String() != s {
			t.Fatalf("%q set %d/%d", s, fl.k, fl.n)
		}
	})
}
