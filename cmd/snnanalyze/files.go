package main

// Files and terminals: the command line's output files are written
// atomically (a temporary file in the same folder, then a rename), and their
// folders are checked before any work.

import (
	"errors"
	"io"
	"os"
	"path/filepath"
)

// checkWritable fails early (before any work) when the output file's folder
// does not exist or is not writable.
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return usagef("--certificate: folder %q does not exist", dir)
	}
	f, err := os.CreateTemp(dir, ".snnanalyze-check-*")
	if err != nil {
		return usagef("--certificate: cannot write in %q", dir)
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// writeFileAtomic writes to a temporary file in the same folder and renames
// it, so that no partial file is ever left at path.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".snnanalyze-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return errors.New("cannot write " + path)
	}
	return nil
}

// isTerminal reports whether w is a terminal (character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
