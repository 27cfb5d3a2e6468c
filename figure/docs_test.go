package figure

import (
	"os"
	"strings"
	"testing"
)

// TestDocsExample: the Go code in docs/figures.md is the body of
// ExampleField, line for line.
func TestDocsExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/figures.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "```go\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("no Go code block in docs/figures.md")
	}
	example, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	indented := "\t" + strings.ReplaceAll(strings.TrimSuffix(block, "\n"), "\n", "\n\t") + "\n"
	if !strings.Contains(string(example), indented) {
		t.Errorf("docs/figures.md's code is not the body of ExampleField:\n%s", block)
	}
}
