package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/commands.md from the commands' help text")

// commandReference is docs/commands.md: every command's help text, as the
// command prints it.
func commandReference() string {
	var b strings.Builder
	b.WriteString("# Command reference\n\n")
	b.WriteString("Generated from the commands' own help text by\n`go test ./cmd/snnanalyze -run TestCommandReference -update`;\n")
	b.WriteString("a test fails when the two drift apart. `snnanalyze help CMD` prints the same.\n\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "- [%s](#%s): %s\n", c.name, c.name, c.summary)
	}
	for _, c := range commands {
		fmt.Fprintf(&b, "\n## %s\n\n```text\n%s```\n", c.name, helpText(c))
	}
	return b.String()
}

// TestCommandReference fails when docs/commands.md differs from the help
// text (run with -update to regenerate it).
func TestCommandReference(t *testing.T) {
	want := commandReference()
	const path = "../../docs/commands.md"
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("docs/commands.md is out of date: run go test ./cmd/snnanalyze -run TestCommandReference -update")
	}
}

// docCommand is a snnanalyze command line found in README.md or docs/.
type docCommand struct {
	file, line string
	args       []string
	stdout     string // file for "> FILE", or ""
	wantExit   int    // 0, or 1 when the line ends with "# exits 1"
	slow       bool   // "# slow": run only with SNN_DOCS_SLOW=1
	// A transcript: a "$ snnanalyze …" line followed by the output it shows
	// (transcript_test.go compares it with what the tool prints).
	dollar bool
	lineNo int      // 0-based line of the command in file
	shown  []string // the output lines shown, indentation removed
	indent string   // the block's indentation
}

// docCommands extracts the command lines from the code blocks of the
// markdown files: lines that start with "snnanalyze", "$ snnanalyze",
// "go run ./cmd/snnanalyze" or "$ go run ./cmd/snnanalyze".
func docCommands(t *testing.T) []docCommand {
	files := []string{"../../README.md"}
	entries, err := os.ReadDir("../../docs")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") && e.Name() != "commands.md" {
			files = append(files, "../../docs/"+e.Name())
		}
	}
	var cmds []docCommand
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inBlock := false
		lines := strings.Split(string(data), "\n")
		for n := 0; n < len(lines); n++ {
			raw := lines[n]
			line := strings.TrimSpace(raw)
			if strings.HasPrefix(line, "```") {
				inBlock = !inBlock
				continue
			}
			// Indented blocks (4 spaces) count as code too.
			if !inBlock && !strings.HasPrefix(raw, "    ") {
				continue
			}
			dollar := strings.HasPrefix(line, "$ ")
			line = strings.TrimPrefix(line, "$ ")
			rest, ok := strings.CutPrefix(line, "go run ./cmd/snnanalyze ")
			if !ok {
				if rest, ok = strings.CutPrefix(line, "snnanalyze "); !ok {
					continue
				}
			}
			c := docCommand{file: f, line: line, dollar: dollar, lineNo: n}
			if dollar {
				c.indent = raw[:len(raw)-len(strings.TrimLeft(raw, " "))]
				c.shown = transcriptLines(lines[n+1:], c.indent, inBlock)
			}
			if i := strings.Index(rest, "#"); i >= 0 {
				note := rest[i:]
				rest = rest[:i]
				c.slow = strings.Contains(note, "slow")
				if strings.Contains(note, "exits 1") {
					c.wantExit = 1
				}
			}
			if i := strings.Index(rest, ">"); i >= 0 {
				c.stdout = strings.TrimSpace(rest[i+1:])
				rest = rest[:i]
			}
			c.args = strings.Fields(rest)
			if len(c.args) == 0 || strings.Contains(rest, "…") || strings.Contains(rest, "|") {
				continue // a synopsis, not a command
			}
			cmds = append(cmds, c)
		}
	}
	return cmds
}
