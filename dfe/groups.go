package dfe

import (
	"fmt"
	"slices"
	"strings"
)

// groups are named sets of LAs, by current name. Cumbria, one of the SWIS
// trial's LAs, became Cumberland and Westmorland and Furness in April 2023.
var groups = map[string]struct {
	about string
	names []string
}{
	// The 17 of the SWIS trial's 21 LAs that were published (What Works for
	// Children's Social Care, SWIS trial evaluation 2023; issue 11 lists them).
	"swis": {"the published LAs of the SWIS randomised trial (17 of 21; Cumbria now Cumberland and Westmorland and Furness, so 18 LAs today)", []string{
		"Croydon", "Cumberland", "Westmorland and Furness", "Devon", "Ealing", "Gateshead", "Haringey",
		"Harrow", "Hull", "Lambeth", "Merton", "Newcastle", "Salford", "Somerset", "Southwark",
		"Staffordshire", "Sutton", "Swindon"}},
	// The three pilot LAs of 2018-19 (seed 004: Westlake et al., What Works
	// for Children's Social Care, pilots in three local authorities).
	"pilots": {"the LAs of the 2018-19 SWIS pilots", []string{"Lambeth", "Southampton", "Stockport"}},
}

// GroupNames lists the named groups.
func GroupNames() []string {
	out := make([]string, 0, len(groups))
	for n := range groups {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// GroupAbout says what a group is.
func GroupAbout(name string) string { return groups[strings.ToLower(name)].about }

// Group gives the LAs of a named group ("swis", "pilots") from the shipped
// table, in the order listed.
func Group(name string) ([]LA, error) { return LAs().Group(name) }

// Group gives the LAs of a named group from this table.
func (t *Table) Group(name string) ([]LA, error) {
	g, ok := groups[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return nil, fmt.Errorf("no group %q; the groups are %s", name, strings.Join(GroupNames(), ", "))
	}
	out := make([]LA, len(g.names))
	for i, n := range g.names {
		la, err := t.Find(n)
		if err != nil {
			return nil, fmt.Errorf("group %s: %w", name, err)
		}
		out[i] = la
	}
	return out, nil
}
