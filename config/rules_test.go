package config

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// The rules that tie several keys together, each written out in
// validate.go or workforce.go, refuse what breaks them with an error
// naming the key and the value.
func TestRulesTyingKeys(t *testing.T) {
	tests := []struct {
		name string
		sets []string
		want []string
	}{
		{"no primary or secondary school", []string{"la.schools.primary=0", "la.schools.secondary=0"},
			[]string{"key la.schools.primary", "value 0", "at least one primary or secondary school"}},
		{"special and AP shares fill the pupils", []string{"la.schools.special_share=0.6", "la.schools.alternative_provision_share=0.4"},
			[]string{"key la.schools.alternative_provision_share", "value 0.4", "below 1"}},
		{"secondary age below school age", []string{"la.secondary_age=4"},
			[]string{"key la.secondary_age", "value 4", "school_age_min (5)"}},
		{"every week a holiday", []string{"calendar.holiday_weeks=" + weeks(52)},
			[]string{"key calendar.holiday_weeks", "at least one term week"}},
		{"CP plan lengths not summing to 1", []string{"pipeline.cp_length=0.5,0.1,0.1,0.1,0.1"},
			[]string{"key pipeline.cp_length", "sum to 0.9"}},
		{"CIN plan lengths all 0", []string{"pipeline.cin_length=0,0,0,0,0"},
			[]string{"key pipeline.cin_length", "sum to 0"}},
		{"CIN plan lengths summing to 5", []string{"pipeline.cin_length=1,1,1,1,1"},
			[]string{"key pipeline.cin_length", "sum to 5"}},
		{"no assessments by working days", []string{"pipeline.assessment_days=0,0,0,0,0,0,0,0,0"},
			[]string{"key pipeline.assessment_days", "positive sum"}},
		{"initial shares not summing to 1", []string{"need.initial_shares=0.5,0.1,0.1,0.1"},
			[]string{"key need.initial_shares", "value [0.5, 0.1, 0.1, 0.1]", "sum to 0.8"}},
		{"other_shares all zero", []string{"referral.other_shares=0,0,0,0,0"},
			[]string{"key referral.other_shares", "value [0, 0, 0, 0, 0]", "positive sum"}},
		{"other_shares of 6 sources", []string{"referral.other_shares=1,1,1,1,1,1"},
			[]string{"key referral.other_shares", "a list of 5 numbers"}},
		{"noise below its floor", []string{"front_door.noise=0.2", "front_door.noise_floor=0.4"},
			[]string{"key front_door.noise", "value 0.2", "at least noise_floor (0.4)"}},
		{"starting stocks of every child", []string{"pipeline.initial_cin=3000", "pipeline.initial_cp=1000", "pipeline.initial_cla=1000"},
			[]string{"key pipeline.initial_cin", "value 3000", "below 5000"}},
		{"placement costs for 3 types", []string{"costs.placement_weekly=1,2,3"},
			[]string{"key costs.placement_weekly", "value [1, 2, 3]", "a list of 4 numbers"}},
		{"a school number beyond the LA", []string{"school_workforce.budget_fte=10", "school_workforce.teams.t.role=qualified",
			"school_workforce.teams.t.schools_per_worker=5", "school_workforce.teams.t.selection=list", "school_workforce.teams.t.schools=0,142"},
			[]string{"key school_workforce.teams.t.schools", "value [0, 142]", "school numbers from 0 to 141"}},
		{"a list team without schools", []string{"school_workforce.budget_fte=10", "school_workforce.teams.t.role=qualified",
			"school_workforce.teams.t.schools_per_worker=5", "school_workforce.teams.t.selection=list"},
			[]string{"key school_workforce.teams.t.schools", "value []", "at least one school number"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"s.yaml": "name: rules\n"})
			_, err := Load(dir+"/s.yaml", nil, tc.sets)
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v, want bad input", err)
			}
			for _, w := range append(tc.want, "--set") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func weeks(n int) string {
	var parts []string
	for w := 1; w <= n; w++ {
		parts = append(parts, strconv.Itoa(w))
	}
	return strings.Join(parts, ",")
}
