package verify

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// PartError is an error in one part of a merge (Part is its index).
type PartError struct {
	Part int
	Err  error
}

func (e *PartError) Error() string { return fmt.Sprintf("part %d: %v", e.Part+1, e.Err) }
func (e *PartError) Unwrap() error { return e.Err }

// Merge combines the reports of the shards of grid scans: for each check
// (name, quantity, Jacobian, box, method) the most extreme value over the
// shards, with the points summed. A merged check holds if every shard is
// present and the merged extreme satisfies the claim; otherwise it is
// partial.
func Merge(parts []Report) (Report, error) {
	if len(parts) == 0 {
		return Report{}, errors.New("no parts to merge")
	}
	type key struct{ name, quantity, of, method, box string }
	merged := map[key]*Result{}
	shards := map[key]map[string]bool{}
	var order []key
	for i, p := range parts {
		for _, r := range p.Checks {
			if r.Certified || r.Method == "certified" {
				return Report{}, &PartError{i, errors.New("holds a certified check; only grid shards merge")}
			}
			bj, _ := json.Marshal(r.Box)
			k := key{r.Name, r.Quantity, r.Of, r.Method, string(bj)}
			m, ok := merged[k]
			if !ok {
				c := r
				merged[k] = &c
				shards[k] = map[string]bool{}
				order = append(order, k)
			} else {
				m.Points += r.Points
				m.Partial = m.Partial || r.Partial
				m.Seconds += r.Seconds
				better := r.Value > m.Value
				if !strings.HasPrefix(r.Quantity, "max") {
					better = r.Value < m.Value
				}
				if better {
					m.Value, m.At, m.Bound = r.Value, r.At, r.Value
				}
			}
			shards[k][r.Shard] = true
		}
	}
	res := NewReport()
	for _, k := range order {
		m := merged[k]
		n := 0
		if _, err := fmt.Sscanf(m.Shard, "%d/%d", new(int), &n); err != nil || n == 0 {
			n = 1
		}
		complete := len(shards[k]) == n
		m.Shard = fmt.Sprintf("merged %d of %d", len(shards[k]), n)
		m.Partial = m.Partial || !complete
		rel := m.Value < m.Limit
		if !strings.HasPrefix(m.Quantity, "max") {
			rel = m.Value > m.Limit
		}
		m.Holds = rel && !m.Partial
		res.Add(*m)
	}
	return res, nil
}
