package sim

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/caseload/caseload/dfe"
)

func realEngland() Params {
	p := england()
	p.National.LAs, p.National.Places = 153, "england"
	return p
}

// England as its 153 real LAs: their codes and names, and totals that
// reproduce the national figures: children as published, statutory posts
// the typical LA's per child, FSM near England's.
func TestPlacesEngland(t *testing.T) {
	p := realEngland()
	las := NationalLAs(p)
	tab := dfe.LAs()
	if len(las) != 153 {
		t.Fatalf("%d LAs", len(las))
	}
	var children int
	var posts, fsm, filled float64
	for j, q := range las {
		la := tab.LAs[j]
		if !strings.HasSuffix(q.Name, "/"+la.Code+" "+la.Name) || q.LA.Area != la.Code {
			t.Errorf("LA %d is %q", j, q.Name)
		}
		c, _ := la.Value(dfe.Children)
		if q.LA.Children != int(math.Round(c)) {
			t.Errorf("%s: %d children, published %v", la.Name, q.LA.Children, c)
		}
		children += q.LA.Children
		posts += q.Statutory.Posts
		filled += q.Statutory.Posts * (1 - q.Statutory.VacancyRate)
		fsm += q.LA.FSMMean * float64(q.LA.Children)
		if q.National.LAs != 0 || q.LA.Schools.Primary < 1 || q.LA.Schools.Secondary < 1 {
			t.Errorf("%s: %+v", la.Name, q.LA.Schools)
		}
	}
	if children != 12183016 {
		t.Errorf("%d children, want 12,183,016 (ONS mid-2024)", children)
	}
	wantPosts := p.Statutory.Posts / float64(p.LA.Children) * float64(children)
	if math.Abs(posts/wantPosts-1) > 0.02 {
		t.Errorf("%.0f statutory posts, want the typical LA's per child, %.0f, within 2%%", posts, wantPosts)
	}
	wantFilled := wantPosts * (1 - p.Statutory.VacancyRate)
	if math.Abs(filled/wantFilled-1) > 0.03 {
		t.Errorf("%.0f filled posts, want %.0f within 3%%", filled, wantFilled)
	}
	if fsm /= float64(children); fsm < 0.22 || fsm > 0.28 {
		t.Errorf("England's mean FSM share %.3f, want about 0.25 (DfE 2025)", fsm)
	}
	if !reflect.DeepEqual(las, NationalLAs(realEngland())) {
		t.Error("the places are not deterministic")
	}
}

// An LA's Area: Stockport's figures, and a place staffed like England gets
// the typical LA's posts per child.
func TestAreaOf(t *testing.T) {
	tab := dfe.LAs()
	base := Defaults()
	la, err := tab.Find("Stockport")
	if err != nil {
		t.Fatal(err)
	}
	a := AreaOf(base, la, tab.England)
	c, _ := la.Value(dfe.Children)
	pri, _ := la.Value(dfe.FSMPrimary)
	sec, _ := la.Value(dfe.FSMSecondary)
	if a.Children != int(math.Round(c)) || a.Code != "E08000007" {
		t.Errorf("%v", a)
	}
	if want := (6*pri + 5*sec) / 11 / 100; math.Abs(a.FSMMean-want) > 1e-12 {
		t.Errorf("FSM %v, want %v", a.FSMMean, want)
	}
	if want := float64(base.LA.Schools.Primary) * c / float64(base.LA.Children); math.Abs(float64(a.Schools[Primary])-want) > 0.5 {
		t.Errorf("%d primary schools, want %.1f", a.Schools[Primary], want)
	}
	// England as one LA is the typical LA scaled
	e := AreaOf(base, tab.England, tab.England)
	scale := float64(e.Children) / float64(base.LA.Children)
	if math.Abs(e.Posts/(base.Statutory.Posts*scale)-1) > 1e-9 || e.VacancyRate != base.Statutory.VacancyRate || e.Turnover != base.Statutory.Turnover {
		t.Errorf("England as an area: %+v", e)
	}
	// an LA without workforce figures keeps the base's rates, with a note
	la.Figures[dfe.CaseHoldersFTE] = dfe.Figure{Code: "x"}
	a = AreaOf(base, la, tab.England)
	if a.Workforce || a.VacancyRate != base.Statutory.VacancyRate || !strings.Contains(strings.Join(a.Notes, ";"), "no workforce figures") {
		t.Errorf("without workforce: %+v", a)
	}
	keys, values := a.Settings()
	if len(keys) != len(values) || len(keys) != 8+len(areaModelKeys) || keys[7] != "statutory.posts" || keys[8] != areaModelKeys[0] {
		t.Errorf("settings %v %v", keys, values)
	}
}

// The named groups run as countries of their real LAs.
func TestPlacesGroups(t *testing.T) {
	p := england()
	p.National.Places, p.National.LAs = "pilots", 3
	las := NationalLAs(p)
	if len(las) != 3 || !strings.HasSuffix(las[2].Name, "Stockport") {
		t.Errorf("%d pilot LAs", len(las))
	}
}
