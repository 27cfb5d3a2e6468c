package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSolveCertify: the default target's enclosures confirm the published
// 32 digits of α01, λ01 (paper eq. 14; bioinf-jku/SNNs selu.py), and the
// float64 solution is within an ulp of the nearest double.
func TestSolveCertify(t *testing.T) {
	code, out, errw := runCLI("solve-alpha-lambda", "--certify", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errw)
	}
	var got struct {
		Alpha     float64
		Certified struct {
			Alpha         []string
			Lambda        []string
			AlphaDigits   string  `json:"alpha_digits"`
			LambdaDigits  string  `json:"lambda_digits"`
			AlphaNearest  float64 `json:"alpha_nearest_float64"`
			AlphaUlps     int     `json:"alpha_solved_ulps"`
			PrecisionBits int     `json:"precision_bits"`
			Unique        bool
			Published     []struct {
				Source            string
				AlphaDigitsRight  int  `json:"alpha_digits_right"`
				LambdaDigitsRight int  `json:"lambda_digits_right"`
				CorrectlyRounded  bool `json:"correctly_rounded"`
			}
			Assumes string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	c := got.Certified
	if len(c.Alpha) != 2 || !strings.HasPrefix(c.Alpha[0], "1.67326324235437728481704299167165") || !strings.HasPrefix(c.Alpha[1], "1.67326324235437728481704299167165") {
		t.Errorf("alpha enclosure %v", c.Alpha)
	}
	// mpmath (testdata/alphalambda_digits.csv) rounded to 40 digits.
	if c.AlphaDigits != "1.673263242354377284817042991671652038461" || c.LambdaDigits != "1.050700987355480493419334985294606351959" {
		t.Errorf("digits %s, %s", c.AlphaDigits, c.LambdaDigits)
	}
	if c.AlphaNearest != 1.6732632423543772 || c.AlphaUlps != 0 || !c.Unique || c.PrecisionBits < 192 || !strings.Contains(c.Assumes, "math/big") {
		t.Errorf("%+v", c)
	}
	if len(c.Published) != 2 || !c.Published[0].CorrectlyRounded || c.Published[0].AlphaDigitsRight != 32 || c.Published[0].LambdaDigitsRight != 32 ||
		c.Published[1].CorrectlyRounded || c.Published[1].AlphaDigitsRight != 15 {
		t.Errorf("published %+v", c.Published)
	}
	code, out, _ = runCLI("solve-alpha-lambda", "--certify")
	if code != 0 || !strings.Contains(out, "confirmed: all 32 digits of alpha and 32 of lambda") {
		t.Errorf("text (exit %d):\n%s", code, out)
	}
	code, out, _ = runCLI("solve-alpha-lambda", "--certify", "--digits", "20", "--mu", "-0.1", "--nu", "2", "--notebook")
	if code != 0 || !strings.Contains(out, "alpha digits      1.9769021954242004002  (20 significant digits") || !strings.Contains(out, "the quadratic's other root") {
		t.Errorf("notebook target (exit %d):\n%s", code, out)
	}
	code, out, _ = runCLI("solve-alpha-lambda", "--certify", "--format", "csv")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 2 || strings.Count(lines[0], ",") != strings.Count(lines[1], ",") {
		t.Errorf("csv (exit %d):\n%s", code, out)
	}
}

// TestSolveCertifyBadFlags: one-line errors naming the flag, exit 2.
func TestSolveCertifyBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"--certify", "--digits", "NaN"}, "--digits"},
		{[]string{"--certify", "--digits", "9"}, "--digits"},
		{[]string{"--certify", "--digits", "301"}, "--digits"},
		{[]string{"--certify", "--digits", "1e400"}, "--digits"},
		{[]string{"--digits", "20"}, "--digits"},
		{[]string{"--certify", "--mu", "Inf"}, "--mu"},
		{[]string{"--certify", "--nu", "NaN"}, "--nu"},
		{[]string{"--certify=yes"}, "--certify"},
	} {
		args, flag := c.args, c.flag
		code, out, errw := runCLI(append([]string{"solve-alpha-lambda"}, args...)...)
		if code != 2 || out != "" || !strings.Contains(errw, flag) || strings.Count(errw, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errw)
		}
	}
}
