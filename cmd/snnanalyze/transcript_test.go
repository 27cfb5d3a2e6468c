package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Transcripts: a code block line "$ snnanalyze ARGS" (or "$ go run
// ./cmd/snnanalyze ARGS") followed by output is a claim about what the tool
// prints. TestGolden runs the command and compares (checkTranscripts):
//
//   - the shown lines must be the tool's output lines, exactly, after
//     masking what varies from run to run (timings, maskVarying);
//   - a line "..." stands for any number of omitted lines, so a transcript
//     may show only the lines the text discusses, in order.
//
// go test ./cmd/snnanalyze -run TestGolden -update rewrites the shown
// output from the tool's: each shown line is replaced by the output line
// with the same label (its first word or two), with "..." where lines are
// left out; a transcript whose lines cannot all be found gets the whole
// output.

// transcriptLines returns the output shown after a "$" line: the following
// lines of the block (fenced, or indented by indent), up to the next "$"
// line or the block's end, with trailing blank lines removed.
func transcriptLines(lines []string, indent string, fenced bool) []string {
	var out []string
	for _, raw := range lines {
		t := strings.TrimSpace(raw)
		if fenced && strings.HasPrefix(t, "```") {
			break
		}
		if !fenced && t != "" && !strings.HasPrefix(raw, indent) {
			break
		}
		if strings.HasPrefix(t, "$ ") {
			break
		}
		out = append(out, strings.TrimPrefix(raw, indent))
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return out
}

const elision = "..."

// outputLines splits a command's output into lines without the final
// newline.
func outputLines(out string) []string {
	return strings.Split(strings.TrimRight(out, "\n"), "\n")
}

// matchTranscript reports whether shown matches got (both masked): equal,
// or, with "..." lines, a subsequence with gaps only where "..." stands.
func matchTranscript(shown, got []string) (ok bool, why string) {
	if !slices.Contains(shown, elision) {
		if slices.Equal(shown, got) {
			return true, ""
		}
		return false, firstDiff(strings.Join(shown, "\n"), strings.Join(got, "\n"))
	}
	i := 0 // next line of got
	gap := false
	for _, s := range shown {
		if s == elision {
			gap = true
			continue
		}
		j := i
		if gap {
			for j < len(got) && got[j] != s {
				j++
			}
		}
		if j >= len(got) || got[j] != s {
			return false, fmt.Sprintf("shown line %q is not in the output where the transcript puts it", s)
		}
		i, gap = j+1, false
	}
	if !gap && i != len(got) {
		return false, fmt.Sprintf("the output goes on after the last shown line (%q); end the transcript with %q", got[i], elision)
	}
	return true, ""
}

// label is what identifies an output line when a transcript is updated:
// its words before the first one with a digit ("spectral norm" of
// "spectral norm     0.78"), or its first word if it starts with a number
// (a table row).
func label(line string) string {
	f := strings.Fields(line)
	for i, w := range f {
		if strings.ContainsAny(w, "0123456789") {
			if i == 0 {
				return w
			}
			return strings.Join(f[:i], " ")
		}
	}
	return strings.Join(f, " ")
}

// updatedTranscript returns the shown lines rewritten from got (unmasked):
// each shown line is replaced by the next output line with the same label,
// and "..." marks where output lines are left out. If some shown line has no
// counterpart, the whole output replaces the transcript.
func updatedTranscript(shown, got []string) []string {
	var out []string
	i := 0 // next line of got
	for _, s := range shown {
		if s == elision {
			continue
		}
		j := i
		for j < len(got) && label(got[j]) != label(s) {
			j++
		}
		if j == len(got) {
			return got
		}
		if j > i && (len(out) == 0 || out[len(out)-1] != elision) {
			out = append(out, elision)
		}
		out = append(out, got[j])
		i = j + 1
	}
	if i < len(got) {
		out = append(out, elision)
	}
	return out
}

// checkTranscripts compares every transcript of cmds with the outputs the
// commands printed (by command line), or rewrites them with -update.
func checkTranscripts(t *testing.T, wd string, cmds []docCommand, outputs map[string]string) {
	type edit struct {
		lineNo, n int
		lines     []string
	}
	edits := map[string][]edit{}
	checked := 0
	for _, c := range cmds {
		if !c.dollar || len(c.shown) == 0 || c.slow {
			continue
		}
		out, ok := outputs[strings.Join(c.args, " ")]
		if !ok {
			continue
		}
		checked++
		got := outputLines(out)
		shown := c.shown
		if *update {
			lines := updatedTranscript(shown, got)
			// Rewrite only real drift, not a new timing.
			masked := func(ls []string) string { return maskVarying(strings.Join(ls, "\n") + "\n") }
			if masked(lines) != masked(shown) {
				edits[c.file] = append(edits[c.file], edit{c.lineNo + 1, len(shown), lines})
			}
			continue
		}
		mask := func(ls []string) []string {
			return outputLines(maskVarying(strings.Join(ls, "\n") + "\n"))
		}
		if ok, why := matchTranscript(mask(shown), mask(got)); !ok {
			t.Errorf("%s:%d: the transcript of %q differs from what the tool prints: %s (regenerate: go test ./cmd/snnanalyze -run TestGolden -update)",
				strings.TrimPrefix(c.file, "../../"), c.lineNo+1, c.line, why)
		}
	}
	for file, es := range edits {
		path := filepath.Join(wd, file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		// From the bottom up, so earlier line numbers stay valid.
		slices.SortFunc(es, func(a, b edit) int { return b.lineNo - a.lineNo })
		indent := ""
		for _, e := range es {
			cmdLine := lines[e.lineNo-1]
			indent = cmdLine[:len(cmdLine)-len(strings.TrimLeft(cmdLine, " "))]
			var repl []string
			for _, l := range e.lines {
				if l == "" {
					repl = append(repl, "")
				} else {
					repl = append(repl, indent+l)
				}
			}
			lines = slices.Concat(lines[:e.lineNo], repl, lines[e.lineNo+e.n:])
		}
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d transcripts rewritten", strings.TrimPrefix(file, "../../"), len(es))
	}
	t.Logf("%d transcripts compared", checked)
	if checked < 10 && !*update {
		t.Errorf("only %d transcripts found in the docs", checked)
	}
}
