package fixedpoint_test

import (
	"os"
	"strings"
	"testing"
)

// TestDocsExercise: the Go code of docs/exercises.md (exercise 4) is the
// body of ExampleFind_eigenvectorNorm, line for line, so the output shown
// there is the output the example test checks.
func TestDocsExercise(t *testing.T) {
	doc, err := os.ReadFile("../docs/exercises.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "```go\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("no Go code block in docs/exercises.md")
	}
	example, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	body := "func ExampleFind_eigenvectorNorm() {\n\t" + strings.ReplaceAll(strings.TrimSuffix(block, "\n"), "\n", "\n\t") + "\n}\n"
	if !strings.Contains(strings.ReplaceAll(string(example), "\n\t\n", "\n\n"), body) {
		t.Errorf("docs/exercises.md's code is not the body of ExampleFind_eigenvectorNorm:\n%s", block)
	}
}
