package sim

import (
	"maps"
	"slices"
)

// School types, in the order used for per-type counts.
const (
	Primary = iota
	Secondary
	Special
	AltProvision
	NumSchoolTypes
)

// OtherSources is the number of referral sources besides schools (police,
// health, LA services, individual, other): referral.other_shares gives one
// share for each, and a referral from outside school draws its source
// from them. It is derived from the sources counted in the outputs, so the
// two cannot disagree.
const OtherSources = SourceOther - SourceSchool

// SchoolTypeNames are the config and output names of the school types.
var SchoolTypeNames = [NumSchoolTypes]string{"primary", "secondary", "special", "alternative_provision"}

// Role names shipped in the defaults (seed 001 models A-D).
const (
	RoleQualified = "qualified"
	RoleSupport   = "support"
	RoleTrainee   = "trainee"
	RoleTraining  = "training"
)

// Selection rules for the schools a team covers.
const (
	SelectAll          = "all"
	SelectByType       = "by_type"
	SelectMostDeprived = "most_deprived"
	SelectBudget       = "budget"
	SelectList         = "list"
)

// Evidence set names (MODEL.md §6).
const (
	EvidenceTrial  = "trial"
	EvidencePilots = "pilots"
)

// Defaults returns the typical local authority of MODEL.md §5 with no
// school-based workers, under the default (trial) evidence set.
func Defaults() Params {
	p := Params{
		Name:        "baseline",
		Years:       3,
		WarmupWeeks: 52,
		LA: LA{
			Children:            80000,
			Localities:          8,
			FamilySize:          []float64{0.44, 0.38, 0.13, 0.04, 0.01},
			SchoolAgeMin:        5,
			SchoolAgeMax:        15,
			SecondaryAge:        11,
			FSMMean:             0.246,
			FSMSpread:           0.08,
			ConfidenceMean:      0.5,
			ConfidenceSpread:    0.15,
			ReceptivenessMean:   0.7,
			ReceptivenessSpread: 0.2,
			Schools: SchoolMix{
				Primary: 110, Secondary: 23, Special: 7, AlternativeProvision: 2,
				SpecialShare: 0.019, AlternativeProvisionShare: 0.003, DeprivationNoise: 0.05,
			},
		},
		Calendar: Calendar{
			HolidayWeeks: []int{8, 16, 17, 24, 31, 32, 38, 47, 48, 49, 50, 51, 52},
			CensusWeek:   30,
			StartDate:    "2025-09-01",
		},
		Need: Need{
			Onset:                 0.0014,
			Escalate:              [2]float64{0.0220, 0.00433},
			Resolve:               [3]float64{0.0333, 0.020, 0.020},
			DeprivedRR:            2.0,
			Crisis:                0.000864,
			SupportEscalate:       0.6,
			SupportResolve:        1.0,
			RereferralWeeks:       52,
			InitialShares:         [4]float64{0.9400, 0.0355, 0.0230, 0.0015},
			InitialSharesDeprived: [4]float64{0.8577, 0.0605, 0.0729, 0.0089},
		},
		Referral: Referral{
			School:         [4]float64{0, 0.00242, 0.00551, 0.01102},
			Other:          [4]float64{0, 0.00310, 0.01384, 0.04358},
			OtherShares:    []float64{0.36, 0.19, 0.17, 0.10, 0.18},
			NoNeedSchool:   0.197,
			NoNeedOther:    0.333,
			SchoolQuality:  0.5,
			OtherQuality:   0.5,
			WorkerQuality:  0.85,
			ConfidenceGain: 1.0,
		},
		FrontDoor: FrontDoor{
			Threshold:        1.5,
			S47Gap:           2.39,
			StepDownGap:      1.0,
			Noise:            1.2,
			NoiseFloor:       0.4,
			Bias:             0.8,
			AssessmentNoise:  0.35,
			Gatekeeping:      false,
			GatekeepingSlope: 1.0,
			EarlyHelpConsent: 0.7,
			StrategyToS47:    0.9,
		},
		Pipeline: Pipeline{
			AssessmentDays:      [9]float64{11680, 75590, 112180, 102260, 131380, 122730, 37640, 27860, 27500},
			S47Weeks:            3,
			ICPCToCP:            0.85,
			S47ToICPC:           0.50,
			ConferenceThreshold: perceivedHarm,
			CINPlanShare:        0.7,
			CINEndLow:           0.15,
			CINEndHigh:          0.00663,
			CINLength:           [5]float64{0.661, 0.123, 0.130, 0.029, 0.057},
			CINLengthMax:        12,
			CINNeedMet:          0.75,
			CINEscalate:         0.05,
			CPLength:            [5]float64{0.159, 0.110, 0.435, 0.252, 0.044},
			CPLengthScale:       1,
			CPEndHigh:           0.0104,
			CPToCare:            0.00534,
			CareAgeRR:           [5]float64{7, 1.2, 0.6, 1.4, 1},
			CareLeave:           0.0034,
			EarlyHelpWeeks:      20,
			EarlyHelpEscalate:   0.05,
			InitialCIN:          153.9,
			InitialCP:           39.2,
			InitialCLA:          58.3,
			InitialNeedCIN:      [4]float64{0.3762, 0.1016, 0.3786, 0.1436},
			InitialNeedCP:       [4]float64{0.1523, 0.0932, 0.2537, 0.5008},
			InitialNeedCLA:      [4]float64{0.6021, 0.0786, 0.1667, 0.1526},
		},
		Statutory: Statutory{
			Posts:            168,
			CaseloadCap:      20,
			VacancyRate:      0.189,
			Turnover:         0.138,
			RecruitWeeks:     0.189 / (0.138 * (1 - 0.189)) * 52,
			AgencyCover:      (0.178 / (1 - 0.178)) * (1 - 0.189) / 0.189,
			MaxWaitWeeks:     4,
			CoWorkCaseWeight: 0.5,
		},
		SchoolWorkforce: Workforce{
			BudgetFTE:               0,
			HoursPerWeek:            37,
			RecordingShare:          0.30,
			SupervisionShare:        0.05,
			TravelHoursPerTrip:      0.75,
			DoseHours:               20,
			IntegrationWeeks:        26,
			IntegrationLoss:         0.5,
			Turnover:                0.138,
			RecruitWeeks:            12,
			AgencyCover:             0.5,
			InterventionWeeks:       14,
			MonitoringWeeks:         30,
			TraineeSupervisionHours: 3,
			GroupShare:              0.1,
			CaseworkHours:           1.5,
			MonitoringHours:         0.25,
			CoWorkHours:             0.75,
			GroupHours:              4,
			OwnAssessment:           0.8,
			Roles:                   DefaultRoles(),
			Teams:                   map[string]Team{},
		},
		Costs: Costs{
			PriceYear:       2025,
			Inflation:       0,
			DiscountRate:    3.5,
			AgencyPremium:   0.5,
			StatutoryFTE:    62000,
			Assessment:      1500,
			S47:             2500,
			CINWeek:         90,
			CPWeek:          160,
			EarlyHelpWeek:   60,
			PlacementShares: []float64{0.16, 0.30, 0.40, 0.14},
			PlacementWeekly: []float64{6100, 820, 650, 300},
		},
	}
	p.UASC = UASC{EntriesPer10k: 5.4, Age16Share: 0.5}
	p.Records = DefaultRecords()
	p.National = National{Children: 12200000, SizeSD: 0.6, FSMSD: 0.07, ThresholdSD: 0.15, StaffingSD: 0.1, LayoutSeed: 152}
	p.Effects = EvidenceSets()[EvidenceTrial]
	p.Effects.Evidence = EvidenceTrial
	return p
}

// DefaultRoles returns the skill mix of seed 001: qualified social workers
// (model B), family / pupil support workers (model A), trainees on
// placement (model C) and staff training (model D).
func DefaultRoles() map[string]Role {
	return map[string]Role{
		RoleQualified: {MaxLevel: 3, IntensiveCap: 12, MonitoringCap: 25, CoWorkCap: 5, SubThresholdIntake: 1.5, AnnualCost: 62000},
		RoleSupport:   {MaxLevel: 2, IntensiveCap: 8, MonitoringCap: 15, SubThresholdIntake: 2, AnnualCost: 38000},
		RoleTrainee:   {MaxLevel: 2, IntensiveCap: 4, MonitoringCap: 6, SubThresholdIntake: 0.3, TermTimeOnly: true, NeedsSupervision: true, AnnualCost: 20000},
		RoleTraining:  {MaxLevel: 0, TrainingOnly: true, AnnualCost: 62000},
	}
}

// EvidenceSets returns the two readings of the evidence (MODEL.md §6).
//
// "pilots" follows the SWIS pilots (seed 004): school-based work prevents
// escalation and improves referrals, so section 47 enquiries fall.
// "trial" follows the SWIS randomised trial: workers take on more referrals
// and assessments themselves and raise some need below the threshold of
// harm as child protection concerns, prevention is weak, and section 47
// enquiries rise slightly with no effect on plans or care entries.
func EvidenceSets() map[string]Effects {
	common := Effects{EarlyHelpSupport: 0.5, CINSupport: 0.5, CPSupport: 0.7, TrainingGain: 0.004}
	pilots := common
	pilots.Evidence = EvidencePilots
	pilots.ConfidenceGain = 0.02
	pilots.QualityGain = 0.6
	pilots.NoNeedCut = 0.5
	pilots.InSchoolHandling = 0.8
	pilots.DetectPrimary = 0.02
	pilots.DetectSecondary = 0.025
	pilots.ConsentPrimary = 0.85
	pilots.ConsentSecondary = 0.7
	pilots.CaseworkSupport = 0.9
	pilots.MonitoringSupport = 0.5
	pilots.CoWorkSupport = 0.2
	pilots.HoldLevel = 2
	pilots.HoldShare = 1
	pilots.ConcernStrategy = 0
	pilots.StaffReferralCut = 0
	pilots.GroupSupport = 0.3
	pilots.GroupDetect = 0.005

	trial := common
	trial.Evidence = EvidenceTrial
	trial.ConfidenceGain = 0.02
	trial.QualityGain = 0.1
	trial.NoNeedCut = 0.1
	trial.InSchoolHandling = 0.2
	trial.DetectPrimary = 0.012
	trial.DetectSecondary = 0.015
	trial.ConsentPrimary = 0.7
	trial.ConsentSecondary = 0.6
	trial.CaseworkSupport = 0.3
	trial.MonitoringSupport = 0.1
	trial.CoWorkSupport = 0.05
	trial.HoldLevel = 2
	trial.HoldShare = 0.77
	trial.ConcernStrategy = 0.5
	trial.StaffReferralCut = 0
	trial.GroupSupport = 0.05
	trial.GroupDetect = 0.005
	return map[string]Effects{EvidencePilots: pilots, EvidenceTrial: trial}
}

// RoleNames returns the role names of p in sorted order.
func (w Workforce) RoleNames() []string { return slices.Sorted(maps.Keys(w.Roles)) }

// TeamNames returns the team names of p in sorted order, the order in which
// teams are deployed (maps are never ranged where order matters).
func (w Workforce) TeamNames() []string { return slices.Sorted(maps.Keys(w.Teams)) }
