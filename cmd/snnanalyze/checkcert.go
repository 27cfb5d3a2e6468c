package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/snnanalyze/snnanalyze/verify"
)

// runCheckCertificate checks every certificate of a file (or of standard
// input for -): each must be bound to its claim (verify.BindClaim; else
// exit 2), and is then checked twice, by the float64 re-check and by the
// independent math/big checker (verify.CertificateFile.Review). It prints
// what each certificate proves, or why it is refused (exit 1).
func runCheckCertificate(out, errw io.Writer, o *verifyOptions) error {
	var data []byte
	var err error
	if o.checkCert == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(o.checkCert)
	}
	if err != nil {
		return usagef("--check-certificate: %v", err)
	}
	certs, err := verify.ReadCertificates(data)
	if err != nil {
		return usagef("--check-certificate: %s is not a certificate file written by verify --certificate: %v", o.checkCert, err)
	}
	// A certificate that is not what it says is bad input, refused before
	// any work.
	for i, cf := range certs {
		if _, _, err := cf.Claim(); err != nil {
			return usagef("--check-certificate: certificate %d (%s %s): %v", i+1, cf.Name, cf.Quantity, err)
		}
	}

	// Ctrl-C stops the independent check; the certificate is then not
	// accepted.
	interrupted, release := signal.NotifyContext(context.Background(), os.Interrupt)
	defer release()
	stop := interrupted.Done()
	progress := isTerminal(errw)

	var reviews []verify.CertificateReview
	for i, cf := range certs {
		set := &verify.IndependentSettings{Workers: o.workers, Stop: stop}
		if progress {
			start := time.Now()
			label := fmt.Sprintf("certificate %d (%s %s)", i+1, cf.Name, cf.Quantity)
			set.Progress = func(n, total int) {
				fmt.Fprintf(errw, "\r%s: independent check, %d of %d leaves, %.1f s   ", label, n, total, time.Since(start).Seconds())
			}
		}
		r, err := cf.Review(set)
		if progress {
			fmt.Fprintln(errw)
		}
		if err != nil {
			return usagef("--check-certificate: certificate %d (%s %s): %v", i+1, cf.Name, cf.Quantity, err)
		}
		reviews = append(reviews, r)
		if stopped(stop) {
			break
		}
	}
	allOK := len(reviews) == len(certs)
	for _, r := range reviews {
		allOK = allOK && r.Proves
	}
	if o.format == "json" {
		data, err := json.MarshalIndent(struct {
			Certificates []verify.CertificateReview `json:"certificates"`
			Holds        bool                       `json:"holds"`
		}{reviews, allOK}, "", "  ")
		if err != nil {
			return failError{err.Error()}
		}
		fmt.Fprintln(out, string(data))
	} else {
		for _, r := range reviews {
			r.WriteText(out)
		}
	}
	if !allOK {
		return silentFail{}
	}
	return nil
}
