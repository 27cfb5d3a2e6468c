// Command snnanalyze analyses the mean/variance mapping g of self-normalizing
// networks (Klambauer et al., "Self-Normalizing Neural Networks", 2017).
//
// Usage:
//
//	snnanalyze <command> [flags]
//	snnanalyze help <command>
//
// Run "snnanalyze help" for the list of commands. Exit codes: 0 done, 1 a check
// failed or a computation did not converge, 2 bad usage or input.
package main

import (
	"os"
)

// version is the release of the tool.
const version = "0.1.0"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
