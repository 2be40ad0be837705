package sim

// Records are the characteristics of the children that the model does not
// carry but the record-level returns need (package records, `run
// --records`): each synthetic child's are drawn from these national
// distributions. They are synthetic: nothing in them describes a real
// child, and they change no figure of the simulation. Each share list is
// in the order of its code list (Records.ShareLists); a list need not sum
// to one (it is normalised), but it has one share per code and a positive
// sum.
type Records struct {
	MaleCIN       float64   `key:"male_cin" range:"[0,1]" unit:"share of children in need who are boys" src:"DfE Characteristics of children in need 2025, national table: about 52% of children in need are boys (rounded)"`
	MaleCLA       float64   `key:"male_cla" range:"[0,1]" unit:"share of children looked after who are boys" src:"DfE Children looked after in England 2025, national table: about 56% of children looked after are boys (rounded)"`
	MaleUASC      float64   `key:"male_uasc" range:"[0,1]" unit:"share of looked-after UASC who are boys" src:"DfE Children looked after in England 2025: about 93% of looked-after UASC are boys (rounded)"`
	Ethnicity     []float64 `key:"ethnicity" range:"[0,1]" unit:"shares in the order of the ethnicity codes WBRI, WIRI, WIRT, WOTH, WROM, MWBC, MWBA, MWAS, MOTH, AIND, APKN, ABAN, AOTH, BCRB, BAFR, BOTH, CHNE, OOTH, REFU, NOBT" src:"assumption: rounded from the DfE CIN census 2025 and CLA 2025 national ethnicity tables (White British about two thirds)"`
	Disabled      float64   `key:"disabled" range:"[0,1]" unit:"share of children in need with a disability recorded" src:"DfE Characteristics of children in need 2025: about 12% of children in need have a disability recorded (rounded)"`
	Disability    []float64 `key:"disability" range:"[0,1]" unit:"shares of the disabled, in the order of the codes MOB, HAND, PC, INC, COMM, LD, HEAR, VIS, BEH, CON, AUT, DDA" src:"assumption: learning, communication, autism and behaviour the most recorded (CIN census 2025 national table, rounded)"`
	Abuse         []float64 `key:"abuse" range:"[0,1]" unit:"shares of CP plans by category, in the order NEG, EMO, PHY, SAB, MUL" src:"DfE Characteristics of children in need 2025, CP plans by initial category: neglect about 50%, emotional about 37%, physical 7%, sexual 4%, multiple 3% (rounded)"`
	Need          []float64 `key:"need" range:"[0,1]" unit:"shares by primary need, in the order N1 to N8" src:"DfE Characteristics of children in need 2025, primary need at assessment: abuse or neglect about 57%, family dysfunction 15%, acute stress 8% (rounded; the rest assumption)"`
	Factors       []float64 `key:"factors" range:"[0,1]" unit:"weights of the factors at the end of assessment, in the order 1B, 2B, 3A, 3B, 4A, 4B, 5B, 6B, 10A, 11A, 14A, 15A, 16A, 17A, 18C, 20, 24A" src:"assumption: rounded from the CIN census 2025 factors at the end of assessment (domestic abuse and mental health the most common)"`
	FactorMean    float64   `key:"factor_mean" range:"[1,5]" unit:"factors per assessment" src:"assumption: about two to three factors recorded per assessment (CIN census 2025)"`
	Legal         []float64 `key:"legal" range:"[0,1]" unit:"shares by legal status, in the order C2, V2, C1, E1" src:"DfE CLA 2025 national table, legal status at 31 March: full care order about 65%, section 20 about 15%, interim care order about 10%, placement order about 5% (rounded); police protection and remand, short stays, are left out (assumption)"`
	LegalUASC     []float64 `key:"legal_uasc" range:"[0,1]" unit:"shares of UASC by legal status, in the order C2, V2, C1, E1" src:"assumption: almost every looked-after UASC is accommodated under section 20 (CLA 2025)"`
	Place         []float64 `key:"place" range:"[0,1]" unit:"shares by placement, in the order U4, U6, U1, U3, K2, H5, P1, A4, R1, Z1" src:"DfE CLA 2025 national table, placement at 31 March: foster placements about 68%, secure, children's homes and semi-independent living about 17%, placed with parents about 6%, placed for adoption about 2% (rounded; split between codes assumption)"`
	PrivateFoster float64   `key:"private_foster" range:"[0,1]" unit:"share of foster placements provided privately" src:"DfE CLA 2025: about 40% of foster placements are provided privately (rounded)"`
	LeaveAt18     []float64 `key:"leave_at_18" range:"[0,1]" unit:"shares by reason care ended at 18, in the order E5, E6, E17" src:"assumption: at 18, independent living with support, without, or staying put (CLA 2025 reasons ceased, rounded)"`
	LeaveOther    []float64 `key:"leave_other" range:"[0,1]" unit:"shares by reason care ended before 18, in the order E4A, E4B, E41, E45, E46, E11, E13, E8" src:"DfE CLA 2025 reasons ceased: returned home about 35%, special guardianship about 15%, adopted about 10%, child arrangements order 4% (rounded; the rest assumption)"`
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

// DefaultRecords are the national distributions of the defaults.
func DefaultRecords() Records {
	return Records{
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

// RecordShareList is one share list of the record attributes with its key
// (under records.) and its code list.
type RecordShareList struct {
	Key    string
	Shares []float64
	Codes  []string
}

// ShareLists are the attributes' share lists, each with its code list.
func (a *Records) ShareLists() []RecordShareList {
	return []RecordShareList{
		{"ethnicity", a.Ethnicity, EthnicityCodes}, {"disability", a.Disability, DisabilityCodes},
		{"abuse", a.Abuse, AbuseCodes}, {"need", a.Need, NeedCodes}, {"factors", a.Factors, FactorCodes},
		{"legal", a.Legal, LegalCodes}, {"legal_uasc", a.LegalUASC, LegalCodes}, {"place", a.Place, PlaceCodes},
		{"leave_at_18", a.LeaveAt18, LeaveAt18Codes}, {"leave_other", a.LeaveOther, LeaveOtherCodes},
	}
}
