package sim

// Params is the complete, typed configuration of one scenario. Every field
// carries, in its struct tags, the config key, the unit and where its default
// comes from: a seed file, a public statistic with its year, or the word
// "assumption". The parameter table in docs/parameters.md is generated from
// these tags (see ParamDocs), so the documentation cannot drift from the code.
// Where one type carries different numbers, each cites its own source in
// paramsources.go: the fields of each shipped role, and the pathway values
// of each evidence set.
//
// A key tagged warmup:"idle" acts only from the end of the warm-up (the
// school-based workforce, the pathways through which it acts, labels):
// scenarios that differ only in such keys share the build and the warm-up
// (snapshot.go; TestIdleKeysLeaveTheWarmupAlone checks every tagged key).
//
// A zero value is never a silent default: Defaults returns the typical local
// authority of MODEL.md §5, and scenario files change what they name.
type Params struct {
	Name        string `key:"name" unit:"text: 1 to 100 letters, digits, spaces and - _ . , ( ) & # +, starting with a letter or digit" src:"label of the scenario in tables and files" warmup:"idle"`
	Description string `key:"description" unit:"text: at most 4,000 characters, no control characters but line breaks and tabs" src:"free text" warmup:"idle"`
	Years       int    `key:"years" range:"[1,50]" unit:"years" src:"assumption: 3-year projection horizon"`
	WarmupWeeks int    `key:"warmup_weeks" range:"[0,520]" unit:"weeks" src:"assumption: the start is near the model's steady state (need.initial_shares and the census stocks; a real LA's own, measured by its fit), so a year settles most of it; the CIN plans' stock goes on rising for about three years (docs/MODEL.md §3.1); tools/calibrate -measure gives the steady state after six years"`

	LA              LA        `key:"la"`
	Calendar        Calendar  `key:"calendar"`
	Need            Need      `key:"need"`
	Referral        Referral  `key:"referral"`
	FrontDoor       FrontDoor `key:"front_door"`
	Pipeline        Pipeline  `key:"pipeline"`
	Statutory       Statutory `key:"statutory"`
	SchoolWorkforce Workforce `key:"school_workforce" warmup:"idle"`
	Effects         Effects   `key:"effects"`
	Costs           Costs     `key:"costs"`
	UASC            UASC      `key:"uasc"`
	Demand          Demand    `key:"demand"`
	National        National  `key:"national"`
	Records         Records   `key:"records"`

	Population Population `key:"population"`
}

// Population is the change in the number of children over the run. Each
// September the young people reaching 18 leave and as many babies are
// born, so the population is stable unless births follow a growth rate.
type Population struct {
	BirthGrowth float64 `key:"birth_growth" range:"[-10,10]" unit:"% a year change in births from the stable level (the children reaching 18), compounded from the first September; a fall removes at most the families whose only child reaches 18 that year (about a quarter of a year's births)" src:"assumption: 0, a stable population; ONS national population projections give the change in births to set for a projection"`
}

// National makes a scenario a country of local authorities that differ in
// size, deprivation, threshold and staffing, each an LA like the one the
// rest of the scenario describes, scaled to its size (see NationalLAs).
type National struct {
	LAs         int     `key:"las" range:"[0,1000] England has 153" unit:"local authorities; 0 runs the single LA described by la.*" src:"153 LAs with children's services in England in the DfE's 2025 tables (dfe/las.csv), 152 before Cumbria became two in 2023 (MODEL.md §5)"`
	Children    int     `key:"children" range:"[10000,20000000] memory and run time grow with children" unit:"children aged 0-17 in all LAs" src:"MODEL.md §5: about 12.2 million in England"`
	SizeSD      float64 `key:"size_sd" range:"[0,2]" unit:"sd of log LA size" src:"assumption: English LAs range from a few thousand to a few hundred thousand children"`
	FSMSD       float64 `key:"fsm_sd" range:"[0,0.3]" unit:"sd of the LA mean FSM share" src:"assumption"`
	ThresholdSD float64 `key:"threshold_sd" range:"[0,2]" unit:"sd of the LA threshold" src:"assumption; seed 003: thresholds differ between LAs"`
	StaffingSD  float64 `key:"staffing_sd" range:"[0,1]" unit:"sd of log statutory posts per child in need" src:"assumption"`
	LayoutSeed  int     `key:"layout_seed" range:"[0,2147483647]" unit:"seed of the LA layout (fixed whatever the run seed)" src:"scenario choice"`
	Places      string  `key:"places" unit:"england (the 153 real LAs), swis or pilots (named groups), or empty for a synthetic layout of national.las LAs (children, size_sd, fsm_sd, staffing_sd)" src:"DfE published statistics, the table dfe/las.csv (dfe/SOURCES.md)"`
}

// LA describes the population and the schools of one local authority.
type LA struct {
	Children            int       `key:"children" range:"[100,20000000] memory and run time grow with children" unit:"children aged 0-17" src:"MODEL.md §5: England 12.2m / 152 LAs ≈ 80,000 (/ 153 today, dfe/las.csv: 79,600)"`
	Localities          int       `key:"localities" range:"[1,65535]" unit:"count" src:"assumption: 8 neighbourhoods of about 10,000 children"`
	FamilySize          []float64 `key:"family_size" range:"[0,1]" unit:"share of families with 1,2,3,4,5 children" src:"assumption: close to ONS families-with-dependent-children shares (44/38/13/4/1%)"`
	SchoolAgeMin        int       `key:"school_age_min" range:"[0,17]" unit:"years" src:"MODEL.md §2: children about 5-15 on a roll"`
	SchoolAgeMax        int       `key:"school_age_max" range:"[0,17]" unit:"years" src:"MODEL.md §2"`
	SecondaryAge        int       `key:"secondary_age" range:"[0,17]" unit:"years" src:"English school system: secondary from age 11"`
	FSMMean             float64   `key:"fsm_mean" range:"(0,1)" unit:"share of families" src:"DfE schools, pupils and characteristics 2023/24: 24.6% of pupils eligible for free school meals"`
	FSMSpread           float64   `key:"fsm_spread" range:"[0,1]" unit:"sd of locality FSM share" src:"assumption"`
	ConfidenceMean      float64   `key:"confidence_mean" range:"(0,1)" unit:"0-1 scale" src:"assumption: staff safeguarding confidence, mid-scale"`
	ConfidenceSpread    float64   `key:"confidence_spread" range:"[0,1]" unit:"sd" src:"assumption"`
	ReceptivenessMean   float64   `key:"receptiveness_mean" range:"(0,1)" unit:"0-1 scale" src:"assumption: seed 004 found integration from workers fully embedded to a more remote approach; seed 003 quotes the evaluation: some 'isolated, in back offices'"`
	ReceptivenessSpread float64   `key:"receptiveness_spread" range:"[0,1]" unit:"sd" src:"assumption"`
	Schools             SchoolMix `key:"schools"`
	Area                string    `key:"area" unit:"a real LA by name, ONS code or 3-digit number (Stockport, E08000007, 356): sets children, schools, FSM and statutory staffing from its figures, and need, thresholds, conversion, CP plan length and care entry and leaving from its fitted parameters (dfe/fitted.csv); empty for none" src:"DfE published statistics, the table dfe/las.csv (dfe/SOURCES.md)"`
	FiguresFile         string    `key:"figures_file" unit:"path of the LA's own figures, relative to the scenario file: a folder of files in DfE's published layout (dfe/SOURCES.md) or a YAML file of figures (children, referrals, s47, cp_started, cp_stock, cla_stock, cla_starts, workforce_fte, ...); they replace la.area's published figures and its parameters are fitted to them on the fly; empty for none" src:"the user's own data"`
	SchoolsFile         string    `key:"schools_file" unit:"path of a Get Information about Schools download (edubasealldata*.csv), relative to the scenario file: sets schools by phase, special and AP shares and FSM from the LA's open state-funded schools; empty for none" src:"the user's own data"`
}

// SchoolMix gives the number of schools of each type. Primary and secondary
// pupils are shared between the schools of their phase in each locality;
// special and alternative provision take a share of pupils of all ages.
type SchoolMix struct {
	Primary                   int     `key:"primary" range:"[0,50000] every school is simulated" unit:"schools" src:"MODEL.md §5: about 110 per typical LA"`
	Secondary                 int     `key:"secondary" range:"[0,50000] every school is simulated" unit:"schools" src:"MODEL.md §5: about 23 per typical LA"`
	Special                   int     `key:"special" range:"[0,50000] every school is simulated" unit:"schools" src:"MODEL.md §5: about 7 per typical LA"`
	AlternativeProvision      int     `key:"alternative_provision" range:"[0,50000] every school is simulated" unit:"schools" src:"assumption: 2 pupil referral units per LA"`
	SpecialShare              float64 `key:"special_share" range:"[0,1)" unit:"share of pupils" src:"DfE schools, pupils and characteristics 2023/24: 0.16m of 8.44m pupils ≈ 1.9%"`
	AlternativeProvisionShare float64 `key:"alternative_provision_share" range:"[0,1)" unit:"share of pupils" src:"assumption: about 0.3% of pupils in alternative provision"`
	DeprivationNoise          float64 `key:"deprivation_noise" range:"[0,1]" unit:"sd of school FSM share around its locality" src:"assumption"`
}

// Calendar is the English school year, counted in weeks from September.
type Calendar struct {
	HolidayWeeks []int  `key:"holiday_weeks" range:"[1,52]" unit:"week numbers 1-52 from early September" src:"English school calendar: 39 term weeks, six half-terms; assumption for exact weeks"`
	CensusWeek   int    `key:"census_week" range:"[1,52]" unit:"week number" src:"DfE census date 31 March ≈ week 30 from September"`
	StartDate    string `key:"start_date" unit:"date (YYYY-MM-DD, a Monday from 1900 to 2199) of the first measured week; reports only" src:"assumption: Monday 1 September 2025, week 1 of the school year when warmup_weeks is a whole number of years"`
}

// Need holds the weekly hazards of the family need process (levels 0-3).
type Need struct {
	Onset                 float64    `key:"onset" range:"[0,1]" unit:"per family per week, level 0→1" src:"assumption, calibrated to MODEL.md §5 flows"`
	Escalate              [2]float64 `key:"escalate" range:"[0,1]" unit:"per week, level 1→2 and 2→3" src:"assumption, calibrated"`
	Resolve               [3]float64 `key:"resolve" range:"[0,1]" unit:"per week, level 1→0, 2→1, 3→2" src:"assumption, calibrated"`
	DeprivedRR            float64    `key:"deprived_rr" range:"(0,100]" unit:"rate ratio for families on FSM (onset and escalation)" src:"assumption: children's social care intervention rates rise steeply with deprivation (Bywaters et al. 2020)"`
	Crisis                float64    `key:"crisis" range:"[0,1]" unit:"per week at level 3, times pipeline.care_age_rr" src:"assumption, calibrated to emergency care entries; refitted by tools/calibrate with the census targets"`
	SupportEscalate       float64    `key:"support_escalate" range:"[0,1]" unit:"fractional cut in escalation at full support" src:"assumption"`
	SupportResolve        float64    `key:"support_resolve" range:"[0,100]" unit:"fractional rise in resolution at full support" src:"assumption"`
	RereferralWeeks       int        `key:"rereferral_weeks" range:"[1,520]" unit:"weeks" src:"DfE CIN census: re-referral within 12 months"`
	InitialShares         [4]float64 `key:"initial_shares" range:"[0,1]" unit:"shares of families at need 0-3 at the start, not on FSM" src:"the model's own steady state under the defaults, measured by tools/calibrate; a real LA's measured by its fit (dfe/fitted.csv start_ columns)"`
	InitialSharesDeprived [4]float64 `key:"initial_shares_deprived" range:"[0,1]" unit:"shares at need 0-3 at the start, on FSM" src:"the model's own steady state, measured by tools/calibrate"`
}

// Referral holds the weekly chance that someone refers a family whose need
// is not yet known to children's social care, by source and need level.
type Referral struct {
	School         [4]float64 `key:"school" range:"[0,1]" unit:"per family per term week, need 0-3 (0 unused)" src:"assumption, calibrated to a 20% school share (DfE CIN census 2022); refitted by tools/calibrate with the census targets"`
	Other          [4]float64 `key:"other" range:"[0,1]" unit:"per family per week, need 0-3 (0 unused)" src:"assumption, calibrated to 519 referrals per 10k (DfE CIN census 2025); refitted by tools/calibrate with the census targets"`
	OtherShares    []float64  `key:"other_shares" range:"[0,1000000]" unit:"shares of police, health, LA services, individual, other" src:"assumption: in line with CIN census source shares"`
	NoNeedSchool   float64    `key:"no_need_school" range:"[0,10000]" unit:"referrals per 10k pupils per term week" src:"assumption: contacts about families below need; fitted by tools/calibrate with no_need_other to 6.5% of referrals ending in no further action (DfE CIN census 2025 table C1)"`
	NoNeedOther    float64    `key:"no_need_other" range:"[0,10000]" unit:"referrals per 10k children per week" src:"assumption; fitted by tools/calibrate to 6.5% no further action (DfE CIN census 2025 table C1)"`
	SchoolQuality  float64    `key:"school_quality" range:"[0,1]" unit:"0-1 referral quality at mean staff confidence" src:"assumption"`
	OtherQuality   float64    `key:"other_quality" range:"[0,1]" unit:"0-1 referral quality" src:"assumption"`
	WorkerQuality  float64    `key:"worker_quality" range:"[0,1]" unit:"0-1 quality of referrals made by social care workers (early help, school-based)" src:"assumption"`
	ConfidenceGain float64    `key:"confidence_gain" range:"[0,100]" unit:"rise in school referral rate per unit staff confidence above mean" src:"assumption"`
}

// FrontDoor is the triage of a referral: the perceived severity is the true
// need level plus noise that shrinks with referral quality; the decision
// compares it with the LA threshold.
type FrontDoor struct {
	Threshold        float64 `key:"threshold" range:"[-5,10]" unit:"need scale" src:"assumption: LA threshold for a section 17 assessment; thresholds differ between LAs (seed 003)"`
	S47Gap           float64 `key:"s47_gap" range:"(0,20]" unit:"need scale above threshold" src:"assumption"`
	StepDownGap      float64 `key:"step_down_gap" range:"[0,20]" unit:"need scale below threshold" src:"assumption"`
	Noise            float64 `key:"noise" range:"[0,20]" unit:"sd of perceived need at quality 0" src:"assumption"`
	NoiseFloor       float64 `key:"noise_floor" range:"[0,20]" unit:"sd of perceived need at quality 1" src:"assumption"`
	Bias             float64 `key:"bias" range:"[-10,10]" unit:"need scale" src:"assumption: risk-averse front doors assess more than they need"`
	AssessmentNoise  float64 `key:"assessment_noise" range:"[0,20]" unit:"sd of perceived need in an assessment" src:"assumption"`
	Gatekeeping      bool    `key:"gatekeeping" unit:"on/off" src:"seed 002 §3.2 (which its §5.1.4 calls section 3.3) and §5.1.5: under pressure to limit statutory referrals, a gatekeeping team reduces the influx of cases"`
	GatekeepingSlope float64 `key:"gatekeeping_slope" range:"[0,100]" unit:"threshold rise per unit of caseload above cap" src:"assumption"`
	EarlyHelpConsent float64 `key:"early_help_consent" range:"[0,1]" unit:"probability a family accepts early help" src:"assumption"`
	StrategyToS47    float64 `key:"strategy_to_s47" range:"[0,1]" unit:"probability" src:"assumption: most strategy discussions lead to an enquiry"`
}

// Pipeline holds stage durations and exit probabilities of MODEL.md §4.
type Pipeline struct {
	AssessmentDays      [9]float64 `key:"assessment_days" range:"[0,10000000]" unit:"assessments completed in 0, 1-10, 11-20, 21-30, 31-40, 41-45, 46-50, 51-60, 61+ working days (relative weights)" src:"DfE CIN census 2025 table C2: 11,680; 75,590; 112,180; 102,260; 131,380; 122,730; 37,640; 27,860; 27,500"`
	S47Weeks            float64    `key:"s47_weeks" range:"[1,520]" unit:"mean weeks to ICPC or close" src:"assumption; ICPC within 15 working days of the strategy discussion (Working Together 2023)"`
	ICPCToCP            float64    `key:"icpc_to_cp" range:"[0,1]" unit:"probability that an initial child protection conference makes a CP plan" src:"assumption, calibrated to CP plan starts"`
	S47ToICPC           float64    `key:"s47_to_icpc" range:"[0,1]" unit:"probability that an enquiry whose perceived need reaches conference_threshold (need 3 at the default) leads to a conference" src:"assumption, calibrated"`
	ConferenceThreshold float64    `key:"conference_threshold" range:"[1.5,2.5]" unit:"perceived need (need level plus assessment noise) from which an enquiry can lead to an initial child protection conference: 2.5 is level 3 (harm), 1.5 level 2" src:"2.5, level 3 of the need scale (MODEL.md §3.4); lowered per LA by the fit (dfe/fitted.csv) where its enquiries lead to plans more often than s47_to_icpc and icpc_to_cp can reach (seed 003: thresholds are each LA's own practice)"`
	CINPlanShare        float64    `key:"cin_plan_share" range:"[0,1]" unit:"probability an assessment at need 2 opens a CIN plan" src:"assumption"`
	CINEndLow           float64    `key:"cin_end_low" range:"[0,1]" unit:"per week when need ≤ 1" src:"assumption"`
	CINEndHigh          float64    `key:"cin_end_high" range:"[0,1]" unit:"per week when need ≥ 2" src:"assumption, fitted by tools/calibrate with cin_length"`
	CINLength           [5]float64 `key:"cin_length" range:"[0,1]" unit:"shares of CIN plans opened by an assessment or enquiry below need 3 that end at ≤3 months, 3-6 months, 6-12 months, 1-2 years, 2+ years (to cin_length_max)" src:"assumption, fitted by tools/calibrate at the steady state (-only pipeline.cin_length,pipeline.cin_end_high,statutory.posts) to the lengths of episodes of need, referral to closure (DfE CIN census 2024 table B5: 47.5, 14.8, 15.7, 12.2, 9.8% of 356,690 ended) with the other targets"`
	CINLengthMax        float64    `key:"cin_length_max" range:"(2,18]" unit:"years: the longest CIN plan of drawn length, the end of cin_length's 2+ years band (lengths uniform within it)" src:"assumption derived from the CIN census: 403,000 children in need at 31 March (2023, MODEL.md §5) over 356,690 episodes ended a year (2024, table B5) is a mean episode of 59 weeks, which B5's bands reach only if the episodes over two years average about 7 years: uniform from 2 to 12 (docs/MODEL.md §3.12)"`
	CINNeedMet          float64    `key:"cin_need_met" range:"[0,1]" unit:"probability a CIN plan of drawn length (cin_length) ends with its need met (need at most 1)" src:"assumption, fitted by hand to referrals and re-referrals (DfE CIN census 2025 table C1)"`
	CINEscalate         float64    `key:"cin_escalate" range:"[0,1]" unit:"per week that need 3 on a CIN plan is noticed" src:"assumption"`
	CPLength            [5]float64 `key:"cp_length" range:"[0,1]" unit:"shares of CP plans reviewed to end at ≤3 months, 3-6 months, 6-12 months, 1-2 years, 2+ years" src:"DfE CIN census 2025 table D7: 15.9, 11.0, 43.5, 25.2, 4.4% of 62,300 plans ended"`
	CPLengthScale       float64    `key:"cp_length_scale" range:"[0.1,10]" unit:"multiplier of the review length drawn from cp_length (1: the published mix)" src:"fitted per LA (dfe/fitted.csv) to its CP plans at 31 March over CP plans started; 1 for England"`
	CPEndHigh           float64    `key:"cp_end_high" range:"[0,1]" unit:"per week at need 3, once the plan's review length has passed" src:"assumption"`
	CPToCare            float64    `key:"cp_to_care" range:"[0,1]" unit:"per week at need 3 on a CP plan" src:"assumption, fitted by tools/calibrate to 26.5 care entries per 10k (DfE CLA 2025: 32,270 starts, UASC included)"`
	CareAgeRR           [5]float64 `key:"care_age_rr" range:"[0,100]" unit:"rate ratio of a crisis and of care from a CP plan, by the age band of the family's child most at risk: under 1, 1-4, 5-9, 10-15, 16-17" src:"calibrated by hand to the ages of children starting to be looked after (DfE CLA 2025: 16, 14, 15, 27, 28%); 1 = no difference by age"`
	CareLeave           float64    `key:"care_leave" range:"[0,1]" unit:"per week, besides leaving at 18" src:"derived from DfE CLA 2025 (stock 81,770, leavers 34,450 a year) less the leavers at 18 and UASC the model ages out itself; fitted by hand to the stock at the model's steady state (tools/calibrate -measure 69.9 and TestCalibration 68.3 per 10k at 31 March, against 67)"`
	EarlyHelpWeeks      float64    `key:"early_help_weeks" range:"[1,520]" unit:"mean weeks of LA early help" src:"assumption"`
	EarlyHelpEscalate   float64    `key:"early_help_escalate" range:"[0,1]" unit:"per week an early help worker refers need ≥ 2" src:"assumption"`
	InitialCIN          float64    `key:"initial_cin" range:"[0,5000]" unit:"children per 10k on CIN plans at start" src:"the model's own steady state under the defaults, measured by tools/calibrate -measure (children in need 330/10k in the CIN census 2023, MODEL.md §5, count also those assessed, on CP plans and looked after); a real LA's measured by its fit"`
	InitialCP           float64    `key:"initial_cp" range:"[0,5000]" unit:"children per 10k on CP plans at start" src:"the model's own steady state under the defaults, measured by tools/calibrate -measure (DfE CIN census 2025 table D1: 41/10k at 31 March); a real LA's measured by its fit"`
	InitialCLA          float64    `key:"initial_cla" range:"[0,5000]" unit:"children per 10k looked after at start (a September, after those reaching 18 have left; UASC apart)" src:"the model's own steady state under the defaults, measured by tools/calibrate -measure (DfE CLA 2025: 67/10k at 31 March, UASC included); a real LA's measured by its fit"`
	InitialNeedCIN      [4]float64 `key:"initial_need_cin" range:"[0,1]" unit:"shares of the families starting on CIN plans at need 0-3" src:"the model's own steady state under the defaults, measured by tools/calibrate; a real LA's measured by its fit (dfe/fitted.csv start_ columns)"`
	InitialNeedCP       [4]float64 `key:"initial_need_cp" range:"[0,1]" unit:"shares of the families starting on CP plans at need 0-3" src:"the model's own steady state under the defaults, measured by tools/calibrate; a real LA's measured by its fit"`
	InitialNeedCLA      [4]float64 `key:"initial_need_cla" range:"[0,1]" unit:"shares of the families starting looked after at need 0-3" src:"the model's own steady state under the defaults, measured by tools/calibrate; a real LA's measured by its fit"`
}

// UASC is the arrival of unaccompanied asylum-seeking children: looked
// after on arrival, not through a referral, until they leave care at 18.
type UASC struct {
	EntriesPer10k float64 `key:"entries_per_10k" range:"[0,1000]" unit:"children starting to be looked after per 10,000 children a year" src:"derived: DfE CLA 2025, 6,540 UASC looked after at 31 March / 12.18m children = 5.4 per 10k, over a stay of about a year (arrival at 16-17, care ends at 18)"`
	Age16Share    float64 `key:"age16_share" range:"[0,1]" unit:"share arriving aged 16 (the rest aged 17)" src:"assumption: most UASC arrive at 16-17 (DfE CLA 2025)"`
}

// Demand changes the rate at which families come to the front door over
// the measured years: a steady trend and one shock, a step or a ramp. It
// multiplies every referral route (school staff, other sources, contacts
// about families with no need at the threshold).
type Demand struct {
	Trend          float64 `key:"trend" range:"[-0.5,1]" unit:"change a year, compounded from the first measured week (0.05 = 5% a year)" src:"scenario choice; 0 = no change"`
	Shock          float64 `key:"shock" range:"[-0.9,10]" unit:"change at full size (0.15 = 15% more)" src:"scenario choice; 0 = none"`
	ShockWeek      int     `key:"shock_week" range:"[0,2600]" unit:"measured week the shock starts (0 = the first)" src:"scenario choice"`
	ShockRampWeeks int     `key:"shock_ramp_weeks" range:"[0,2600]" unit:"weeks to full size (0 = a step)" src:"scenario choice"`
}

// Statutory describes the case-holding social workers of the LA.
type Statutory struct {
	Posts            float64 `key:"posts" range:"(0,1000000] far above any establishment; posts become a whole count, at least 1" unit:"FTE posts" src:"assumption: sized so the baseline caseload matches 15.4 (DfE workforce 2024)"`
	CaseloadCap      float64 `key:"caseload_cap" range:"(0,1000]" unit:"children per filled FTE" src:"assumption: a common LA policy ceiling"`
	VacancyRate      float64 `key:"vacancy_rate" range:"[0,1)" unit:"share of posts vacant at start" src:"DfE workforce statistics: 18.9% (2023)"`
	Turnover         float64 `key:"turnover" range:"[0,1]" unit:"share leaving per year" src:"DfE workforce statistics: 13.8% (2024), as MODEL.md §5 gives it; the 2025 release's csww_indicators file has 13.9% (FTE) for 2024"`
	RecruitWeeks     float64 `key:"recruit_weeks" range:"[1,5200]" unit:"mean weeks to fill a vacancy" src:"derived: turnover 13.8% and vacancy 18.9% give ≈ 88 weeks at steady state"`
	AgencyCover      float64 `key:"agency_cover" range:"[0,1]" unit:"share of vacancies covered by agency workers" src:"derived: agency 17.8% of workforce with 18.9% vacancies (DfE workforce 2023, as MODEL.md §5 gives them; the 2025 release's csww_indicators file has agency 17.9% (FTE) for 2023)"`
	MaxWaitWeeks     int     `key:"max_wait_weeks" range:"[0,52]" unit:"weeks an assessment may wait for allocation" src:"assumption"`
	CoWorkCaseWeight float64 `key:"cowork_case_weight" range:"[0,1]" unit:"share of a co-worked case left with the statutory worker" src:"assumption"`
}

// Workforce is the school-based workforce: one mechanism, parameterised,
// with one or more teams (the mixed model is several teams).
type Workforce struct {
	BudgetFTE               float64         `key:"budget_fte" range:"[0,100000] a worker is simulated per FTE" unit:"FTE" src:"scenario choice: the funded school-based FTE"`
	Budget                  float64         `key:"budget" range:"[0,10000000000] costs stay far from overflow" unit:"GBP a year; above 0 it buys the FTE of teams with selection most_deprived or budget at their roles' annual_cost, in the ratio of their fte, after teams whose FTE is derived, and sets budget_fte (0: off)" src:"scenario choice: the funded school-based budget"`
	HoursPerWeek            float64         `key:"hours_per_week" range:"(0,80]" unit:"hours per FTE" src:"NJC standard working week 37 hours"`
	RecordingShare          float64         `key:"recording_share" range:"[0,1)" unit:"share of hours" src:"assumption; seed 002 §5.1.6: workers 'drowned' in recording"`
	SupervisionShare        float64         `key:"supervision_share" range:"[0,1)" unit:"share of hours received as supervision" src:"assumption"`
	TravelHoursPerTrip      float64         `key:"travel_hours_per_trip" range:"[0,40]" unit:"hours" src:"assumption; seed 002: 'nomadic' cluster work"`
	DoseHours               float64         `key:"dose_hours" range:"(0,168]" unit:"free hours per school-week for full effect" src:"assumption: an embedded worker's free time"`
	IntegrationWeeks        float64         `key:"integration_weeks" range:"(0,520]" unit:"weeks of full-time presence to reach 63% of receptiveness" src:"assumption; seed 002: relationships take terms"`
	IntegrationLoss         float64         `key:"integration_loss" range:"[0,1]" unit:"share of integration lost when the worker leaves" src:"assumption"`
	Turnover                float64         `key:"turnover" range:"[0,1]" unit:"share leaving per year" src:"DfE workforce statistics: 13.8% (2024), as MODEL.md §5 gives it (the 2025 release's file: 13.9%), applied to school-based workers"`
	RecruitWeeks            float64         `key:"recruit_weeks" range:"[1,520]" unit:"mean weeks to fill a vacancy" src:"assumption"`
	AgencyCover             float64         `key:"agency_cover" range:"[0,1]" unit:"share of vacancies covered by agency" src:"assumption"`
	InterventionWeeks       float64         `key:"intervention_weeks" range:"[1,520]" unit:"mean weeks of intensive casework" src:"seed 001 case study 4: intended to last six weeks, in reality often much longer; assumption 14"`
	MonitoringWeeks         float64         `key:"monitoring_weeks" range:"[1,520]" unit:"mean weeks of monitoring" src:"assumption 30; seed 001 case study 6: no fixed period, engagement prolonged as necessary, 20-25 monitoring cases beside 10-12 intensive"`
	TraineeSupervisionHours float64         `key:"trainee_supervision_hours" range:"[0,80]" unit:"hours per trainee FTE per week from qualified staff" src:"assumption"`
	CaseworkHours           float64         `key:"casework_hours" range:"[0,80]" unit:"hours a week per intensive case (time use only)" src:"assumption: about 1.5 hours a week per intensive case, so that an embedded worker's 10-12 intensive and 20-25 monitoring cases (seed 001 case study 6) leave most hours in school for consultation (seed 002: a consultative role)"`
	MonitoringHours         float64         `key:"monitoring_hours" range:"[0,80]" unit:"hours a week per monitoring case (time use only)" src:"assumption: a short contact or call a week (seed 001 case study 6: monitoring and linking with other professionals)"`
	CoWorkHours             float64         `key:"cowork_hours" range:"[0,80]" unit:"hours a week per co-worked statutory case (time use only)" src:"assumption: a meeting or visit a week alongside the statutory worker (seed 001 model B; seed 004: statutory work in school)"`
	GroupShare              float64         `key:"group_share" range:"[0,1]" unit:"share of a worker's free hours in schools given to group work with pupils" src:"assumption; seed 001: group work (friendship groups, anger management, PSHE) is part of the role in case studies 2, 4 and 5"`
	GroupHours              float64         `key:"group_hours" range:"(0,168]" unit:"hours of group work a school-week needs to reach all the pupils it would" src:"assumption; seed 001 case study 5: sessions of half an hour to an hour with groups of about five pupils"`
	OwnAssessment           float64         `key:"own_assessment" range:"[0,1]" unit:"share of a school-based worker's casework starts and own referrals that go with the worker's own assessment of the family (school_worker_assessments; counted, time within casework)" src:"seed 002: workers in extended schools have their own assessment, used instead of the CAF and completed quickly enough to form a social care referral; seed 001: a social care professional in the school could undertake all or most assessments; 0.8 an assumption within these"`
	Roles                   map[string]Role `key:"roles"`
	Teams                   map[string]Team `key:"teams"`
}

// Role describes one kind of school-based worker (skill mix, seed 001
// models A-D).
type Role struct {
	MaxLevel           int     `key:"max_level" range:"[0,3]" unit:"highest need level worked with" src:"scenario choice; each shipped role cites its own source"`
	IntensiveCap       float64 `key:"intensive_cap" range:"[0,1000]" unit:"families per FTE" src:"scenario choice; each shipped role cites its own source"`
	MonitoringCap      float64 `key:"monitoring_cap" range:"[0,1000]" unit:"families per FTE" src:"scenario choice; each shipped role cites its own source"`
	CoWorkCap          float64 `key:"cowork_cap" range:"[0,1000]" unit:"statutory cases co-worked per FTE" src:"scenario choice; each shipped role cites its own source"`
	SubThresholdIntake float64 `key:"sub_threshold_intake" range:"[0,100]" unit:"young people below the need threshold (attendance, wellbeing, mentoring) taken into casework per FTE per term week, divided by the number of schools the worker covers, while there is room under the caps; families with need come first" src:"scenario choice; each shipped role cites its own source"`
	TermTimeOnly       bool    `key:"term_time_only" unit:"on/off" src:"scenario choice; each shipped role cites its own source"`
	NeedsSupervision   bool    `key:"needs_supervision" unit:"on/off" src:"scenario choice; each shipped role cites its own source"`
	TrainingOnly       bool    `key:"training_only" unit:"on/off" src:"scenario choice; each shipped role cites its own source"`
	AnnualCost         float64 `key:"annual_cost" range:"[0,10000000] costs stay far from overflow" unit:"GBP per FTE per year" src:"scenario choice; each shipped role cites its own source"`
}

// Team is one deployment of school-based workers: how many, of which role,
// spread over which schools at what ratio.
type Team struct {
	Role             string   `key:"role" unit:"role name" src:"scenario choice"`
	FTE              float64  `key:"fte" range:"[0,100000] a worker is simulated per FTE" unit:"FTE" src:"scenario choice"`
	SchoolsPerWorker float64  `key:"schools_per_worker" range:"(0,10000] a ratio of zero covers no schools" unit:"schools per FTE" src:"seed 002: core offer ~25, micro-cluster ~5; seeds 003/004: embedded 1-2"`
	Selection        string   `key:"selection" unit:"all | by_type | most_deprived | budget | list" src:"scenario choice"`
	SchoolTypes      []string `key:"school_types" unit:"primary, secondary, special, alternative_provision" src:"scenario choice (empty = all types)"`
	Schools          []int    `key:"schools" range:"[0,199999] school numbers; at most 4 x 50,000 schools" unit:"school numbers, 0 to schools-1, in the order primary, secondary, special, AP (selection list)" src:"scenario choice; virtual trials set it"`
}

// Effects are the strengths of the pathways through which school-based work
// acts. Two evidence sets (EvidenceSets) give defaults; Evidence names which.
type Effects struct {
	Evidence          string  `key:"evidence" unit:"trial | pilots" src:"MODEL.md §6; default trial (see README)" warmup:"idle"`
	ConfidenceGain    float64 `key:"confidence_gain" range:"[0,1]" unit:"weekly pull of staff confidence toward 1 at full effect" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	QualityGain       float64 `key:"quality_gain" range:"[0,1]" unit:"rise in referral quality at full effect" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	NoNeedCut         float64 `key:"no_need_cut" range:"[0,1]" unit:"share of no-need school referrals avoided at full effect" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	StaffReferralCut  float64 `key:"staff_referral_cut" range:"[0,1]" unit:"share of school staff's referrals, at every level of need, brought to the school-based worker instead at full effect (pathway A, consultation): the worker refers need above what they hold themselves (referrals_from_school_worker) and takes the rest into casework when the family consents and there is room; otherwise staff refer" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	InSchoolHandling  float64 `key:"in_school_handling" range:"[0,1]" unit:"share of school staff referrals at need up to effects.hold_level taken on by the worker at full effect" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	DetectPrimary     float64 `key:"detect_primary" range:"[0,1]" unit:"weekly chance the worker notices hidden need, primary (pathway B)" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	DetectSecondary   float64 `key:"detect_secondary" range:"[0,1]" unit:"weekly chance, secondary/special/AP (pathway C)" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	ConsentPrimary    float64 `key:"consent_primary" range:"[0,1]" unit:"probability a family accepts casework, primary (pathway B)" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	ConsentSecondary  float64 `key:"consent_secondary" range:"[0,1]" unit:"probability, secondary" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	CaseworkSupport   float64 `key:"casework_support" range:"[0,1]" unit:"support strength of intensive casework (0-1)" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	MonitoringSupport float64 `key:"monitoring_support" range:"[0,1]" unit:"support strength of monitoring (0-1)" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	CoWorkSupport     float64 `key:"cowork_support" range:"[0,1]" unit:"extra support strength on a co-worked statutory case" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	HoldLevel         int     `key:"hold_level" range:"[1,2]" unit:"highest need a school-based worker holds as casework instead of referring (1-2)" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	HoldShare         float64 `key:"hold_share" range:"[0,1]" unit:"share of the families a school-based worker finds at exactly hold_level that they hold as casework; the rest they refer (referrals_from_school_worker)" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	ConcernStrategy   float64 `key:"concern_strategy" range:"[0,1]" unit:"share of a school-based worker's own referrals below the section 47 threshold that the worker raises as a child protection concern, so that they go to a strategy discussion whatever the triage score" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	EarlyHelpSupport  float64 `key:"early_help_support" range:"[0,1]" unit:"support strength of LA early help" src:"assumption"`
	CINSupport        float64 `key:"cin_support" range:"[0,1]" unit:"support strength of a CIN plan" src:"assumption"`
	CPSupport         float64 `key:"cp_support" range:"[0,1]" unit:"support strength of a CP plan" src:"assumption"`
	TrainingGain      float64 `key:"training_gain" range:"[0,1]" unit:"weekly pull of staff confidence toward 1 per trainer FTE-share" src:"assumption (seed 001 model D)" warmup:"idle"`
	GroupSupport      float64 `key:"group_support" range:"[0,1]" unit:"support strength of group work, cutting escalation only, for a family with need, no other help and a pupil at the school (0-1)" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
	GroupDetect       float64 `key:"group_detect" range:"[0,1]" unit:"weekly chance group work surfaces a pupil's hidden family need, at full reach (pathway C)" src:"the evidence set named by effects.evidence; each set cites its own source" warmup:"idle"`
}

// Costs are unit costs in pounds sterling.
type Costs struct {
	PriceYear       int       `key:"price_year" range:"[1990,2100]" unit:"year" src:"prices as stated in each source; not uprated (assumption)"`
	Inflation       float64   `key:"inflation" range:"[-50,100]" unit:"% a year rise of every unit cost over the horizon (the *_horizon metrics; the annual metrics stay at price_year prices)" src:"assumption: 0, prices held at costs.price_year (real terms, as HM Treasury Green Book 2022 appraisal asks)"`
	DiscountRate    float64   `key:"discount_rate" range:"[0,100]" unit:"% a year, discounting year t of the horizon by (1 + rate)^-t (the *_horizon_pv metrics)" src:"HM Treasury Green Book (2022): social time preference rate 3.5% a year for the first 30 years"`
	AgencyPremium   float64   `key:"agency_premium" range:"[0,10]" unit:"extra share on top of employed cost" src:"assumption: agency workers cost more (MODEL.md §5)"`
	StatutoryFTE    float64   `key:"statutory_fte" range:"[0,10000000] costs stay far from overflow" unit:"GBP per FTE per year" src:"assumption until sourced (PSSRU Unit Costs)"`
	Assessment      float64   `key:"assessment" range:"[0,10000000] costs stay far from overflow" unit:"GBP per child assessed" src:"assumption until sourced (Holmes 2021)"`
	S47             float64   `key:"s47" range:"[0,10000000] costs stay far from overflow" unit:"GBP per child enquiry" src:"assumption until sourced (Holmes 2021)"`
	CINWeek         float64   `key:"cin_week" range:"[0,10000000] costs stay far from overflow" unit:"GBP per child-week on a CIN plan" src:"assumption until sourced (Holmes 2021)"`
	CPWeek          float64   `key:"cp_week" range:"[0,10000000] costs stay far from overflow" unit:"GBP per child-week on a CP plan" src:"assumption until sourced (Holmes 2021)"`
	EarlyHelpWeek   float64   `key:"early_help_week" range:"[0,10000000] costs stay far from overflow" unit:"GBP per family-week of LA early help" src:"assumption"`
	PlacementShares []float64 `key:"placement_shares" range:"[0,1]" unit:"residential, IFA, LA foster, kinship/other" src:"assumption"`
	PlacementWeekly []float64 `key:"placement_weekly" range:"[0,10000000] costs stay far from overflow" unit:"GBP per child-week, same order" src:"NAO 2025 £6,100; CMA 2021 £820; PSSRU 2017 £650 (not uprated); assumption £300"`
}
