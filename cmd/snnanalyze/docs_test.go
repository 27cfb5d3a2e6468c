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
		for _, raw := range strings.Split(string(data), "\n") {
			line := strings.TrimSpace(raw)
			if strings.HasPrefix(line, "```") {
				inBlock = !inBlock
				continue
			}
			// Indented blocks (4 spaces) count as code too.
			if !inBlock && !strings.HasPrefix(raw, "    ") {
				continue
			}
			line = strings.TrimPrefix(line, "$ ")
			rest, ok := strings.CutPrefix(line, "go run ./cmd/snnanalyze ")
			if !ok {
				if rest, ok = strings.CutPrefix(line, "snnanalyze "); !ok {
					continue
				}
			}
			c := docCommand{file: f, line: line}
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

// TestDocsCommandsRun runs every command line of README.md and docs/ and
// checks its exit code (0, or 1 where the line says "# exits 1"). Lines
// marked "# slow" (the paper's 3.4e9-point grid) run only with
// SNN_DOCS_SLOW=1. Output files go to a temporary folder.
func TestDocsCommandsRun(t *testing.T) {
	cmds := docCommands(t)
	if len(cmds) < 20 {
		t.Fatalf("only %d command lines found in the docs", len(cmds))
	}
	wd, _ := os.Getwd()
	dir := t.TempDir()
	if err := os.MkdirAll(dir+"/docs/figures", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	slow := os.Getenv("SNN_DOCS_SLOW") == "1"
	skipped := 0
	for _, c := range cmds {
		if c.slow && !slow {
			skipped++
			continue
		}
		code, out, errw := runCLI(c.args...)
		if code != c.wantExit {
			t.Errorf("%s: %q exits %d, want %d\nstderr: %s", c.file, c.line, code, c.wantExit, errw)
		}
		if c.stdout != "" {
			os.WriteFile(c.stdout, []byte(out), 0o644)
		}
	}
	t.Logf("%d command lines run, %d slow ones skipped (set SNN_DOCS_SLOW=1)", len(cmds)-skipped, skipped)
}
