package records

import (
	"fmt"
	"math"
	"reflect"
	"strings"
)

// Attributes are the characteristics the model does not carry, drawn for
// each synthetic child from national distributions. They are synthetic:
// nothing in them describes a real child. Each share list is in the
// order of its code list; a list need not sum to one (it is normalised).
type Attributes struct {
	MaleCIN       float64   `key:"male_cin" range:"[0.4,0.6]" unit:"share" src:"DfE Characteristics of children in need 2025, national table: about 52% of children in need are boys (rounded)"`
	MaleCLA       float64   `key:"male_cla" range:"[0.45,0.65]" unit:"share" src:"DfE Children looked after in England 2025, national table: about 56% of children looked after are boys (rounded)"`
	MaleUASC      float64   `key:"male_uasc" range:"[0.8,1]" unit:"share" src:"DfE Children looked after in England 2025: about 93% of looked-after UASC are boys (rounded)"`
	Ethnicity     []float64 `key:"ethnicity" range:"shares" unit:"shares in EthnicityCodes order" src:"assumption: rounded from the DfE CIN census 2025 and CLA 2025 national ethnicity tables (White British about two thirds)"`
	Disabled      float64   `key:"disabled" range:"[0,0.3]" unit:"share" src:"DfE Characteristics of children in need 2025: about 12% of children in need have a disability recorded (rounded)"`
	Disability    []float64 `key:"disability" range:"shares" unit:"shares in DisabilityCodes order, of the disabled" src:"assumption: learning, communication, autism and behaviour the most recorded (CIN census 2025 national table, rounded)"`
	Abuse         []float64 `key:"abuse" range:"shares" unit:"shares in AbuseCodes order" src:"DfE Characteristics of children in need 2025, CP plans by initial category: neglect about 50%, emotional about 37%, physical 7%, sexual 4%, multiple 3% (rounded)"`
	Need          []float64 `key:"need" range:"shares" unit:"shares in NeedCodes order" src:"DfE Characteristics of children in need 2025, primary need at assessment: abuse or neglect about 57%, family dysfunction 15%, acute stress 8% (rounded; the rest assumption)"`
	Factors       []float64 `key:"factors" range:"shares" unit:"weights in FactorCodes order" src:"assumption: rounded from the CIN census 2025 factors at the end of assessment (domestic abuse and mental health the most common)"`
	FactorMean    float64   `key:"factor_mean" range:"[1,5]" unit:"factors per assessment" src:"assumption: about two to three factors recorded per assessment (CIN census 2025)"`
	Legal         []float64 `key:"legal" range:"shares" unit:"shares in LegalCodes order" src:"DfE CLA 2025 national table, legal status at 31 March: full care order about 65%, section 20 about 15%, interim care order about 10%, placement order about 5% (rounded); police protection and remand, short stays, are left out (assumption)"`
	LegalUASC     []float64 `key:"legal_uasc" range:"shares" unit:"shares in LegalCodes order" src:"assumption: almost every looked-after UASC is accommodated under section 20 (CLA 2025)"`
	Place         []float64 `key:"place" range:"shares" unit:"shares in PlaceCodes order" src:"DfE CLA 2025 national table, placement at 31 March: foster placements about 68%, secure, children's homes and semi-independent living about 17%, placed with parents about 6%, placed for adoption about 2% (rounded; split between codes assumption)"`
	PrivateFoster float64   `key:"private_foster" range:"[0,1]" unit:"share" src:"DfE CLA 2025: about 40% of foster placements are provided privately (rounded)"`
	LeaveAt18     []float64 `key:"leave_at_18" range:"shares" unit:"shares in LeaveAt18Codes order" src:"assumption: at 18, independent living with support, without, or staying put (CLA 2025 reasons ceased, rounded)"`
	LeaveOther    []float64 `key:"leave_other" range:"shares" unit:"shares in LeaveOtherCodes order" src:"DfE CLA 2025 reasons ceased: returned home about 35%, special guardianship about 15%, adopted about 10%, child arrangements order 4% (rounded; the rest assumption)"`
}

// The code lists of the CIN census 2024-25 and SSDA903 2024-25
// specifications that the synthetic attributes are drawn from.
var (
	EthnicityCodes  = []string{"WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"}
	DisabilityCodes = []string{"MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"}
	AbuseCodes      = []string{"NEG", "EMO", "PHY", "SAB", "MUL"}
	NeedCodes       = []string{"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"}
	FactorCodes     = []string{"1B", "2B", "3A", "3B", "4A", "4B", "5B", "6B", "10A", "11A", "14A", "15A", "16A", "17A", "18C", "20", "24A"}
	LegalCodes      = []string{"C2", "V2", "C1", "E1"}
	PlaceCodes      = []string{"U4", "U6", "U1", "U3", "K2", "H5", "P1", "A4", "R1", "Z1"}
	LeaveAt18Codes  = []string{"E5", "E6", "E17"}
	LeaveOtherCodes = []string{"E4A", "E4B", "E41", "E45", "E46", "E11", "E13", "E8"}
)

// DefaultAttributes are the national distributions in use.
func DefaultAttributes() Attributes {
	return Attributes{
		MaleCIN: 0.52, MaleCLA: 0.56, MaleUASC: 0.93,
		Ethnicity:     []float64{0.66, 0.005, 0.003, 0.06, 0.007, 0.025, 0.01, 0.018, 0.04, 0.012, 0.02, 0.01, 0.017, 0.012, 0.035, 0.013, 0.002, 0.03, 0.003, 0.018},
		Disabled:      0.12,
		Disability:    []float64{0.05, 0.02, 0.04, 0.02, 0.15, 0.25, 0.04, 0.03, 0.15, 0.02, 0.15, 0.08},
		Abuse:         []float64{0.50, 0.37, 0.07, 0.04, 0.03},
		Need:          []float64{0.57, 0.05, 0.04, 0.08, 0.15, 0.03, 0.005, 0.075},
		Factors:       []float64{0.08, 0.09, 0.13, 0.17, 0.12, 0.18, 0.03, 0.03, 0.03, 0.02, 0.03, 0.04, 0.09, 0.10, 0.05, 0.08, 0.02},
		FactorMean:    2.5,
		Legal:         []float64{0.65, 0.17, 0.12, 0.06},
		LegalUASC:     []float64{0, 1, 0, 0},
		Place:         []float64{0.28, 0.27, 0.06, 0.07, 0.11, 0.06, 0.06, 0.02, 0.03, 0.04},
		PrivateFoster: 0.40,
		LeaveAt18:     []float64{0.45, 0.15, 0.40},
		LeaveOther:    []float64{0.28, 0.07, 0.04, 0.09, 0.06, 0.10, 0.04, 0.32},
	}
}

// AttributesDoc is the table of the synthetic attributes for
// docs/records.md: key, default, range, unit and source of each.
func AttributesDoc() string {
	var b strings.Builder
	b.WriteString("| key | default | range | unit | source |\n|---|---|---|---|---|\n")
	d := DefaultAttributes()
	v := reflect.ValueOf(d)
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		val := fmt.Sprint(v.Field(i).Interface())
		fmt.Fprintf(&b, "| records.%s | %s | %s | %s | %s |\n", f.Tag.Get("key"), val, f.Tag.Get("range"), f.Tag.Get("unit"), f.Tag.Get("src"))
	}
	return b.String()
}

// shareList is one share list of the attributes with its code list.
type shareList struct {
	key    string
	shares []float64
	codes  []string
}

// shareLists are the attributes' share lists, each with its code list.
func (a *Attributes) shareLists() []shareList {
	return []shareList{
		{"ethnicity", a.Ethnicity, EthnicityCodes}, {"disability", a.Disability, DisabilityCodes},
		{"abuse", a.Abuse, AbuseCodes}, {"need", a.Need, NeedCodes}, {"factors", a.Factors, FactorCodes},
		{"legal", a.Legal, LegalCodes}, {"legal_uasc", a.LegalUASC, LegalCodes}, {"place", a.Place, PlaceCodes},
		{"leave_at_18", a.LeaveAt18, LeaveAt18Codes}, {"leave_other", a.LeaveOther, LeaveOtherCodes},
	}
}

// Check reports the first share list whose length is not its code list's,
// or that has a negative share or none positive.
func (a *Attributes) Check() error {
	for _, c := range a.shareLists() {
		if len(c.shares) != len(c.codes) {
			return fmt.Errorf("records.%s: %d shares, expected one for each of %v", c.key, len(c.shares), c.codes)
		}
		sum := 0.0
		for _, x := range c.shares {
			if x < 0 || math.IsNaN(x) {
				return fmt.Errorf("records.%s: share %v, expected no negative share", c.key, x)
			}
			sum += x
		}
		if sum <= 0 {
			return fmt.Errorf("records.%s: expected a positive share", c.key)
		}
	}
	return nil
}
