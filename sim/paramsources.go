package sim

// Sources of the values that struct tags cannot cite: the fields of each
// shipped role (one Role type serves four roles with different numbers),
// and the pathway parameters of each evidence set. ParamDocs and
// EvidenceDocs read these tables; TestParamSources checks that every
// shipped value has a source here.

// roleSources gives, for each role of DefaultRoles, the source of each of
// its fields, by config key.
var roleSources = map[string]map[string]string{
	RoleQualified: {
		"max_level":            "seed 001 model B: qualified workers also take higher-tier casework, child protection and crisis work (tier 4, level 3)",
		"intensive_cap":        "seed 001 case study 6: a qualified school social worker with 10-12 intensive cases; 12, the upper end, as the cap: holidays, vacancies and turnover keep the mean held below it",
		"monitoring_cap":       "seed 001 case study 6: 20-25 monitoring cases besides the intensive ones; 25, the upper end, as the cap (as intensive_cap)",
		"cowork_cap":           "assumption: a few pupils' statutory cases co-worked at a time (seed 001 model B and seed 004 report statutory work in school, without a number)",
		"sub_threshold_intake": "assumption, chosen so that an established embedded worker holds about 10-12 intensive and 20-25 monitoring cases (seed 001 case study 6) when families with need alone leave room: young people referred by the school for attendance, behaviour, wellbeing (seed 001: individual support with behavioural and attendance issues; seed 004: workers also worked with children not known to social care)",
		"term_time_only":       "assumption: employed all year; schools closed in the holidays give no effect then (calendar.holiday_weeks)",
		"needs_supervision":    "assumption: ordinary supervision only, within school_workforce.supervision_share",
		"training_only":        "seed 001 model B: qualified workers hold cases",
		"annual_cost":          "assumption until sourced (PSSRU Unit Costs): the statutory social worker's cost, costs.statutory_fte",
	},
	RoleSupport: {
		"max_level":            "seed 001 model A: support workers work below the threshold for specialist intervention (tiers 2-3, levels 1-2) and refer higher need to qualified colleagues",
		"intensive_cap":        "assumption within seed 001 case study 4: pupil support workers see 8-30 young people each; 8 intensive",
		"monitoring_cap":       "assumption within seed 001 case study 4 (8-30 young people each): 15 monitoring, 23 in all",
		"cowork_cap":           "assumption: no statutory co-work (seed 001 case study 3 has family support workers contributing to CP plans; not represented)",
		"sub_threshold_intake": "assumption, chosen so that a pupil support worker sees within the 8-30 young people of seed 001 case study 4, where the service has no particular target group: any young person with difficulties in school (behaviour, attendance, friendships, self-esteem, bereavement) is referred by the school",
		"term_time_only":       "seed 001 case study 4: pupil support workers work from their area office in the holidays",
		"needs_supervision":    "assumption: their supervision is within school_workforce.supervision_share, not taken from qualified school-based workers (seed 001: many are supervised by qualified social workers)",
		"training_only":        "seed 001 model A: support workers hold cases",
		"annual_cost":          "assumption until sourced (PSSRU Unit Costs)",
	},
	RoleTrainee: {
		"max_level":            "seed 001 model C: trainees do one-to-one, group and family support, no statutory work listed (levels 1-2)",
		"intensive_cap":        "assumption: a student's placement caseload, about a third of a qualified worker's (seed 001 gives no figure)",
		"monitoring_cap":       "assumption: about a quarter of a qualified worker's (seed 001 gives no figure)",
		"cowork_cap":           "assumption: trainees do not co-work statutory cases (seed 001 model C)",
		"sub_threshold_intake": "assumption: about a third of a qualified worker's caseload (seed 001 case study 5: trainees support self-esteem, bereavement, bullying, transition, school refusal and attendance)",
		"term_time_only":       "MODEL.md §2; seed 001 case study 5: placements of 100 days in school, with holiday activities run elsewhere",
		"needs_supervision":    "seed 001 case study 6: trainees on placement supervised by the school's qualified social worker or a practice supervisor",
		"training_only":        "seed 001 model C: trainees hold cases",
		"annual_cost":          "assumption until sourced: placement cost (PSSRU Unit Costs)",
	},
	RoleTraining: {
		"max_level":            "seed 001 model D: training for school staff, no caseload",
		"intensive_cap":        "seed 001 model D: no caseload",
		"monitoring_cap":       "seed 001 model D: no caseload",
		"cowork_cap":           "seed 001 model D: no caseload",
		"sub_threshold_intake": "seed 001 model D: no caseload",
		"term_time_only":       "assumption: employed all year; training reaches staff in term only",
		"needs_supervision":    "assumption: no supervision taken from qualified school-based workers",
		"training_only":        "seed 001 model D: training for school staff delivered by social care professionals",
		"annual_cost":          "assumption until sourced (PSSRU Unit Costs): a qualified social worker's cost",
	},
}

// evidenceSource is the source of one pathway parameter in each evidence
// set.
type evidenceSource struct{ trial, pilots string }

// evidenceSources gives, by config key under effects, why each evidence
// set has the value it has. Every value is an assumption chosen to
// reproduce what its evidence found (MODEL.md §6).
var evidenceSources = map[string]evidenceSource{
	"confidence_gain": {
		trial:  "assumption, chosen so that consultation raises staff confidence over terms, as in both readings (seed 004 pathway A; SWIS trial, MODEL.md §6)",
		pilots: "assumption, chosen so that consultation raises staff confidence over terms (seed 004 pathway A)",
	},
	"quality_gain": {
		trial:  "assumption, chosen so that referral quality rises little and referrals and assessments do not fall (SWIS trial: no benefit on referrals or section 17 assessments, MODEL.md §6)",
		pilots: "assumption, chosen so that consultation clearly improves school referrals (seed 004 pathway A: confidence and referral quality)",
	},
	"no_need_cut": {
		trial:  "assumption, chosen so that school referrals barely fall (SWIS trial: no evidence of fewer referrals, MODEL.md §6)",
		pilots: "assumption, chosen so that half the contacts below need stop at the school (seed 004 pathway A; seed 002: one school's referrals fell from 50 to 15, MODEL.md §6)",
	},
	"staff_referral_cut": {
		trial:  "assumption, chosen so that staff bring concerns to the SWIS worker, who refers or takes them on, and the school's referrals and section 17 assessments barely change in a SWIS-sized trial (SWIS trial: no significant effect on referrals or assessments, teams took on more of them themselves, MODEL.md §6)",
		pilots: "assumption, chosen so that consultation moves most concerns from staff to the worker and staff referrals fall (seed 004 pathway A; seed 002: one school's referrals fell from 50 to 15 in a year, MODEL.md §6)",
	},
	"hold_share": {
		trial:  "assumption, fitted with detect_secondary so that SWIS workers hold about four fifths of the need they find at the section 17 threshold and refer the rest themselves, and in the model's virtual SWIS trial (go run ./tools/evidence) the school's referrals and section 17 assessments barely change while the work moves to them (SWIS trial: no significant effect on referrals or assessments, teams took on more of them, MODEL.md §6)",
		pilots: "assumption: workers hold all the need they may hold (seed 004: work done in school that would not have happened without the worker)",
	},
	"concern_strategy": {
		trial:  "assumption, fitted with detect_secondary so that the model's virtual SWIS trial (go run ./tools/evidence) has a true section 47 rate ratio of about 1.055 while child protection plans barely move: the enquiries the workers add are about need below the threshold of harm, most ending in a CIN plan or no plan (SWIS trial: section 47 enquiries +5.5%, 95% CI −4.5% to +16.6%, and no significant effect on any other outcome, MODEL.md §6; seed 002: child protection referrals rose as understanding improved while the school's referrals fell)",
		pilots: "assumption: none (seed 004: fewer section 47 enquiries in Lambeth and Southampton)",
	},
	"in_school_handling": {
		trial:  "assumption, chosen so that workers take on some concerns yet referrals do not fall (SWIS trial: teams took on more referrals and assessments, MODEL.md §6)",
		pilots: "assumption, chosen so that most low-level concerns are handled in school (seed 004: work done that would not have happened without the worker)",
	},
	"detect_primary": {
		trial:  "assumption, below detect_secondary (seed 004: pathway C, direct work with pupils, stronger in secondaries); the SWIS trial had secondary schools only, so it is not fitted to it",
		pilots: "assumption: workers surface hidden need (seed 004 pathways B and C)",
	},
	"detect_secondary": {
		trial:  "assumption, fitted with concern_strategy so that in the model's virtual SWIS trial (go run ./tools/evidence) section 47 enquiries rise about 5.5% while child protection plans, referrals, section 17 assessments and care entries move too little for a SWIS-sized trial to detect them more than one time in four, at 2 and 3 years (SWIS trial: +5.5%, 95% CI −4.5% to +16.6%, no significant effect on any other outcome, MODEL.md §6): hidden serious need surfaced by the worker adds child protection plans, so it is rare; above detect_primary (seed 004 pathway C, pupils approach the worker; seed 003)",
		pilots: "assumption: workers surface hidden need (seed 004 pathway C; seed 003)",
	},
	"consent_primary": {
		trial:  "assumption, chosen so that parents accept casework less readily than under the pilots, and more in primaries than elsewhere (seed 004 pathway B stronger in primaries; SWIS trial, MODEL.md §6)",
		pilots: "assumption, chosen so that most parents accept casework from a worker who knows the family (seed 004 pathway B, stronger in primaries)",
	},
	"consent_secondary": {
		trial:  "assumption, chosen so that consent is lower than in primaries (seed 004 pathway B stronger in primaries; SWIS trial, MODEL.md §6)",
		pilots: "assumption, chosen so that consent is high but lower than in primaries (seed 004 pathway B stronger in primaries)",
	},
	"casework_support": {
		trial:  "assumption, chosen so that casework prevents little escalation and care entries do not move (SWIS trial: no benefit on care entries at 23 and 35 months, MODEL.md §6)",
		pilots: "assumption, chosen so that casework prevents escalation and section 47 enquiries fall (seed 004: fewer enquiries in Lambeth and Southampton)",
	},
	"monitoring_support": {
		trial:  "assumption, chosen so that monitoring adds little prevention (SWIS trial: no benefit on assessments or care entries, MODEL.md §6)",
		pilots: "assumption, chosen so that monitoring keeps part of casework's effect (seed 004 pilots)",
	},
	"cowork_support": {
		trial:  "assumption, chosen so that co-work adds little to statutory outcomes (SWIS trial: no benefit on care entries or days in care, MODEL.md §6)",
		pilots: "assumption, chosen so that statutory work in school helps a little without moving days in care (seed 004: statutory work in school; no effect on days in care)",
	},
	"group_support": {
		trial:  "assumption, chosen so that group work prevents little escalation (SWIS trial: no benefit on assessments or care entries, MODEL.md §6)",
		pilots: "assumption, chosen so that group work helps families with emerging need, as the pilots' preventive work did (seed 004; seed 001 case studies 2, 4, 5 on group work)",
	},
	"group_detect": {
		trial:  "assumption, chosen so that pupils in groups raise some hidden need (SWIS: hidden need surfaces, seed 003; the trial's SWIS schools had more enquiries, MODEL.md §6)",
		pilots: "assumption, the same as the trial set: pupils in groups raise some hidden need (seed 003; seed 004 pathway C)",
	},
	"hold_level": {
		trial:  "assumption: workers hold need up to the section 17 threshold as casework, a share of it (hold_share) referred themselves, as trial teams took on more referrals and assessments (SWIS trial, MODEL.md §6)",
		pilots: "assumption, chosen so that workers hold need at the section 17 threshold in school and section 17 starts fall (seed 004: fewer section 17 starts in Stockport)",
	},
}
