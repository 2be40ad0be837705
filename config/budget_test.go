package config

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// A budget in pounds buys each stated team's FTE at its role's cost, in
// the ratio of the teams' stated fte, and never costs more than itself.
func TestBudgetBuysFTE(t *testing.T) {
	sc, err := Load("../scenarios/embedded.yaml", nil, []string{"school_workforce.budget=500000"})
	if err != nil {
		t.Fatal(err)
	}
	w := sc.Params.SchoolWorkforce
	// qualified workers at £62,000: 8.064 FTE, rounded down to 0.001
	if got := w.Teams["embedded"].FTE; got != 8.064 {
		t.Errorf("embedded fte = %v, want 8.064 (500000 / 62000 rounded down)", got)
	}
	if w.BudgetFTE < 8.064 || w.BudgetFTE > 8.065 {
		t.Errorf("budget_fte = %v, want the FTE bought, 8.064", w.BudgetFTE)
	}
	mixed, err := Load("../scenarios/mixed.yaml", nil, []string{"school_workforce.budget=500000"})
	if err != nil {
		t.Fatal(err)
	}
	mw := mixed.Params.SchoolWorkforce
	a, b, c := mw.Teams["a-embedded"].FTE, mw.Teams["b-primary-support"].FTE, mw.Teams["c-training"].FTE
	// the file's ratio 2:2:1 is kept
	if math.Abs(a/b-1) > 1e-3 || math.Abs(a/c-2) > 2e-3 {
		t.Errorf("FTE %v, %v, %v: want the ratio 2:2:1 of the file", a, b, c)
	}
	cost := WorkforceCost(mixed.Params)
	if cost > 500000 || cost < 500000-200 {
		t.Errorf("the teams cost £%v a year, want at most the budget £500,000 and within £200 of it", cost)
	}
	// no budget: the file's FTE
	plain, err := Load("../scenarios/mixed.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Params.SchoolWorkforce.Teams["a-embedded"].FTE != 2 {
		t.Error("a budget of 0 changed the teams' FTE")
	}
}

// A budget below what the derived teams cost is refused under its key.
func TestBudgetTooSmall(t *testing.T) {
	_, err := Load("../scenarios/core-offer.yaml", nil, []string{
		"school_workforce.teams.core.selection=all", "school_workforce.teams.core.fte=0", "school_workforce.budget=1000"})
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want a validation error", err)
	}
	if e.Key != "school_workforce.budget" || e.Value != 1000.0 {
		t.Errorf("error under %s = %v, want school_workforce.budget = 1000: %v", e.Key, e.Value, err)
	}
}

// A budget too small to buy a team whose FTE it sets the FTE to cover one
// school is refused under the budget's key, with the least budget that
// does, rather than as the team's FTE of 0 in the scenario's file; that
// least budget is taken.
func TestBudgetTooSmallForAStatedTeam(t *testing.T) {
	for scen, least := range map[string]string{"embedded.yaml": "62000", "core-offer.yaml": "2480"} {
		_, err := Load("../scenarios/"+scen, nil, []string{"school_workforce.budget=50"})
		var e *Error
		if !errors.As(err, &e) || e.Key != "school_workforce.budget" || e.Value != 50.0 || !strings.Contains(err.Error(), "at least £"+least) {
			t.Errorf("%s: err = %v, want school_workforce.budget 50 refused, naming £%s", scen, err, least)
		}
		if _, err := Load("../scenarios/"+scen, nil, []string{"school_workforce.budget=" + least}); err != nil {
			t.Errorf("%s with budget £%s: %v", scen, least, err)
		}
	}
}

// A budget that buys more FTE than budget_fte takes, or that pays for
// roles costing nothing, is refused under school_workforce.budget, which
// the user set, not under budget_fte or a team's fte, which it derives.
func TestBudgetBlamedForWhatItBuys(t *testing.T) {
	for _, c := range []struct {
		sets []string
		want string
	}{
		{[]string{"school_workforce.budget=1e10"}, "within the range of budget_fte"},
		{[]string{"school_workforce.budget=500000", "school_workforce.roles.qualified.annual_cost=0"}, "annual_cost of every role"},
	} {
		_, err := Load("../scenarios/embedded.yaml", nil, c.sets)
		var e *Error
		if !errors.As(err, &e) || e.Key != "school_workforce.budget" || e.File != SetOrigin || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want school_workforce.budget of --set refused: %s", c.sets, err, c.want)
		}
	}
}
