package records

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/caseload/caseload/sim"
)

// The code lists of the CIN census 2024-25 and SSDA903 2024-25
// specifications that the synthetic attributes (sim.Records, the
// records.* keys of a scenario) are drawn from.
var (
	EthnicityCodes  = sim.EthnicityCodes
	DisabilityCodes = sim.DisabilityCodes
	AbuseCodes      = sim.AbuseCodes
	NeedCodes       = sim.NeedCodes
	FactorCodes     = sim.FactorCodes
	LegalCodes      = sim.LegalCodes
	PlaceCodes      = sim.PlaceCodes
	LeaveAt18Codes  = sim.LeaveAt18Codes
	LeaveOtherCodes = sim.LeaveOtherCodes
)

// AttributesDoc is the table of the synthetic attributes for
// docs/records.md: key, default, range, unit and source of each.
func AttributesDoc() string {
	var b strings.Builder
	b.WriteString("| key | default | range | unit | source |\n|---|---|---|---|---|\n")
	d := sim.DefaultRecords()
	v := reflect.ValueOf(d)
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		val := fmt.Sprint(v.Field(i).Interface())
		fmt.Fprintf(&b, "| records.%s | %s | %s | %s | %s |\n", f.Tag.Get("key"), val, f.Tag.Get("range"), f.Tag.Get("unit"), f.Tag.Get("src"))
	}
	return b.String()
}

// Check reports the first share list whose length is not its code list's,
// or that has a negative share or none positive.
func Check(a *sim.Records) error {
	for _, c := range a.ShareLists() {
		if len(c.Shares) != len(c.Codes) {
			return fmt.Errorf("records.%s: %d shares, expected one for each of %v", c.Key, len(c.Shares), c.Codes)
		}
		sum := 0.0
		for _, x := range c.Shares {
			if x < 0 || math.IsNaN(x) {
				return fmt.Errorf("records.%s: share %v, expected no negative share", c.Key, x)
			}
			sum += x
		}
		if sum <= 0 {
			return fmt.Errorf("records.%s: expected a positive share", c.Key)
		}
	}
	return nil
}
