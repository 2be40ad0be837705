package detmath

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// instead names, for each function whose last digits depend on the build,
// what the project's code calls in its place.
var instead = map[string]string{
	"math.Exp":     "detmath.Exp",
	"math.Expm1":   "detmath.Expm1",
	"math.Log":     "detmath.Log",
	"math.Log1p":   "detmath.Log1p",
	"math.Pow":     "detmath.Pow (math.Pow10 for whole powers of ten)",
	"math.Log10":   "detmath.Decade for floor(log10(x)), or detmath.Log(x)/math.Ln10",
	"math.Log2":    "math.Frexp for the binary exponent, or detmath.Log(x)/math.Ln2",
	"math.Lgamma":  "detmath.LogGamma (or detmath.LogBeta)",
	"math.Gamma":   "detmath.Exp(detmath.LogGamma(x))",
	"math.Exp2":    "math.Ldexp for whole exponents, or detmath.Exp(x*math.Ln2)",
	"math.Erf":     "a new function in package detmath (every product rounded: float64(a*b)+c)",
	"math.Erfc":    "a new function in package detmath (every product rounded: float64(a*b)+c)",
	"math.Erfinv":  "detmath.NormalQuantile((1+x)/2)/math.Sqrt2",
	"math.Erfcinv": "-detmath.NormalQuantile(x/2)/math.Sqrt2",
	"math.Cbrt":    "detmath.Pow(x, 1.0/3), or a new function in package detmath",
	"math.Hypot":   "math.Sqrt(float64(x*x) + float64(y*y))",
}

// trig and the rarer functions of package math all take the same advice.
func init() {
	for _, f := range []string{"Sin", "Cos", "Tan", "Sincos", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh",
		"Tanh", "Asinh", "Acosh", "Atanh", "J0", "J1", "Jn", "Y0", "Y1", "Yn"} {
		instead["math."+f] = "a new function in package detmath (every product rounded: float64(a*b)+c, tested against math." + f + ")"
	}
}

// methods of math/rand/v2 (and math/rand) that go through math.Exp and
// math.Log.
var insteadMethod = map[string]string{
	"NormFloat64": "detmath.NormalQuantile of a uniform in (0, 1) (sim.Stream.Normal in the model)",
	"ExpFloat64":  "-detmath.Log(1-u) for a uniform u in [0, 1)",
}

// insteadImport covers gonum's numerical packages, compiled from source
// and so fused differently on each build.
const insteadImport = "detmath (Mean, Variance, StdDev, MeanStdDev, NormalQuantile, StudentTQuantile, StudentTSurvival, " +
	"RegIncBeta, LogBeta, Cholesky, CholeskySolve, CholeskyInverse, MatMul) or sim.Stream (Normal, Gamma, Beta)"

// checkedPackages lists the non-test Go files (of this build's
// configuration) of each of the module's packages whose numbers reach
// result files: all of them but tools/ (the calibration tool, run by
// hand), and detmath itself (the implementation) unless withDetmath.
func checkedPackages(t *testing.T, withDetmath bool) [][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .GoFiles}} {{$.Dir}}/{{.}}{{end}}`, "github.com/caseload/caseload/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs [][]string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if strings.Contains(fields[0], "/tools/") || len(fields) < 2 || (!withDetmath && strings.HasSuffix(fields[0], "/detmath")) {
			continue
		}
		pkgs = append(pkgs, fields[1:])
	}
	return pkgs
}

func sourceFiles(t *testing.T, fset *token.FileSet, names []string) []*ast.File {
	t.Helper()
	var files []*ast.File
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

func rel(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	root, _ := filepath.Abs("..")
	if r, err := filepath.Rel(root, p.Filename); err == nil {
		return fmt.Sprintf("%s:%d", r, p.Line)
	}
	return p.String()
}

// TestNoBuildDependentMath fails when code whose numbers reach result
// files calls a function whose last digits differ between GOAMD64=v1, v3
// and arm64 builds (the standard library's transcendental functions,
// rand's NormFloat64 and ExpFloat64, gonum's numerical packages), and
// says what to call instead.
func TestNoBuildDependentMath(t *testing.T) {
	fset := token.NewFileSet()
	var found []string
	for _, dir := range checkedPackages(t, false) {
		for _, f := range sourceFiles(t, fset, dir) {
			found = append(found, forbiddenCalls(fset, f)...)
		}
	}
	report(t, found)
}

// forbiddenCalls lists the calls and imports of f whose results differ
// between builds, each with what to use instead.
func forbiddenCalls(fset *token.FileSet, f *ast.File) []string {
	var found []string
	mathName := ""
	for _, im := range f.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		name := filepath.Base(path)
		if im.Name != nil {
			name = im.Name.Name
		}
		switch {
		case path == "math":
			mathName = name
		case strings.HasPrefix(path, "gonum.org/v1/gonum/"):
			found = append(found, fmt.Sprintf("%s: imports %s, whose results differ between builds; use %s",
				rel(fset, im.Pos()), path, insteadImport))
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && mathName != "" && id.Name == mathName {
			if use, bad := instead["math."+sel.Sel.Name]; bad {
				found = append(found, fmt.Sprintf("%s: math.%s gives different last digits on different builds; use %s",
					rel(fset, sel.Pos()), sel.Sel.Name, use))
			}
		}
		if use, bad := insteadMethod[sel.Sel.Name]; bad {
			found = append(found, fmt.Sprintf("%s: %s goes through math.Exp and math.Log, whose last digits differ between builds; use %s",
				rel(fset, sel.Pos()), sel.Sel.Name, use))
		}
		return true
	})
	return found
}

func report(t *testing.T, found []string) {
	t.Helper()
	sort.Strings(found)
	for _, f := range found {
		t.Error(f)
	}
}

// exportData maps each import path below the checked packages to its
// compiled export data, as go list -export reports it.
func exportData(t *testing.T) map[string]string {
	t.Helper()
	// -pgo=off: with the program's profile (cmd/caseload/default.pgo)
	// the packages below the program are listed a second time, as
	// variants built for it, under import paths with a suffix
	cmd := exec.Command("go", "list", "-pgo=off", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}", "github.com/caseload/caseload/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v\n%s", err, stderr.String())
	}
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		path, file, _ := strings.Cut(sc.Text(), "\t")
		if file != "" {
			m[path] = file
		}
	}
	return m
}

// TestNoUnroundedMultiplyAdd fails when a floating-point product feeds an
// addition or subtraction without an explicit float64(...) around it, in
// code whose numbers reach result files and in detmath. Go may fuse such x*y + z into
// one multiply-add (on arm64 always, on amd64 with GOAMD64=v3), which
// rounds once instead of twice and changes the last digits; an explicit
// conversion forces the rounding. It sees a product written in the sum
// itself, and a local variable holding an unrounded product that a sum
// then uses (Go fuses across statements too). A product returned by a
// function that is inlined into a sum is beyond it: make-check's
// arch-check is the final word.
func TestNoUnroundedMultiplyAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the module")
	}
	exports := exportData(t)
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	})
	var found []string
	for _, dir := range checkedPackages(t, true) {
		files := sourceFiles(t, fset, dir)
		if len(files) == 0 {
			continue
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
		conf := types.Config{Importer: imp}
		if _, err := conf.Check(files[0].Name.Name, fset, files, info); err != nil {
			t.Fatalf("type-checking %s: %v", filepath.Dir(dir[0]), err)
		}
		for _, f := range files {
			found = append(found, unroundedSums(fset, f, info)...)
		}
	}
	report(t, found)
}

func isFloat(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value != nil { // constants are folded exactly
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsFloat != 0
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// unroundedProduct reports whether e is a floating-point product with no
// conversion around it.
func unroundedProduct(info *types.Info, e ast.Expr) bool {
	e = unparen(e)
	b, ok := e.(*ast.BinaryExpr)
	if !ok || b.Op != token.MUL {
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.SUB {
			return unroundedProduct(info, u.X)
		}
		return false
	}
	return isFloat(info, b)
}

func unroundedSums(fset *token.FileSet, f *ast.File, info *types.Info) []string {
	var found []string
	msg := func(pos token.Pos, what string) {
		found = append(found, fmt.Sprintf("%s: %s may be fused into one multiply-add on some builds; round the product explicitly: float64(x*y) + z", rel(fset, pos), what))
	}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		// Local variables assigned an unrounded product somewhere.
		holds := map[types.Object]bool{}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch s := n.(type) {
			case *ast.AssignStmt:
				if len(s.Lhs) == len(s.Rhs) && (s.Tok == token.DEFINE || s.Tok == token.ASSIGN) {
					for i, r := range s.Rhs {
						if id, ok := s.Lhs[i].(*ast.Ident); ok && unroundedProduct(info, r) {
							if obj := objectOf(info, id); obj != nil {
								holds[obj] = true
							}
						}
					}
				}
			case *ast.ValueSpec:
				for i, r := range s.Values {
					if i < len(s.Names) && unroundedProduct(info, r) {
						if obj := info.Defs[s.Names[i]]; obj != nil {
							holds[obj] = true
						}
					}
				}
			}
			return true
		})
		product := func(e ast.Expr) bool {
			if unroundedProduct(info, e) {
				return true
			}
			id, ok := unparen(e).(*ast.Ident)
			return ok && holds[objectOf(info, id)] && isFloat(info, id)
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch s := n.(type) {
			case *ast.BinaryExpr:
				if (s.Op == token.ADD || s.Op == token.SUB) && isFloat(info, s) && (product(s.X) || product(s.Y)) {
					msg(s.OpPos, "a product in a sum")
				}
			case *ast.AssignStmt:
				if (s.Tok == token.ADD_ASSIGN || s.Tok == token.SUB_ASSIGN) && len(s.Rhs) == 1 && isFloat(info, s.Lhs[0]) {
					if product(s.Rhs[0]) || product(s.Lhs[0]) {
						msg(s.TokPos, "a product added with "+s.Tok.String())
					}
				}
			}
			return true
		})
	}
	return found
}

func objectOf(info *types.Info, id *ast.Ident) types.Object {
	if obj := info.Defs[id]; obj != nil {
		return obj
	}
	return info.Uses[id]
}

// The two checks find what they are for, and pass what is rounded.
func TestGuardsCatch(t *testing.T) {
	const src = `package p

import (
	m "math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat"
)

func f(a, b, c float64, r *rand.Rand, i, j int) (float64, int) {
	x := a*b + c              // fused
	y := float64(a*b) + c     // rounded
	p := a * b
	z := p - c                // fused across statements
	x += a * b                // fused
	y += float64(a * b)       // rounded
	k := i*j + 1              // integers
	w := m.Exp(a) + m.Sqrt(b) // Exp is build-dependent, Sqrt exact
	return x + y + z + w + r.NormFloat64() + stat.Mean(nil, nil), k
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	for _, s := range forbiddenCalls(fset, f) {
		calls = append(calls, s[strings.Index(s, ": ")+2:])
	}
	wantCalls := []string{"imports gonum.org/v1/gonum/stat", "math.Exp", "NormFloat64"}
	if len(calls) != len(wantCalls) {
		t.Fatalf("forbidden calls found: %q, want %d", calls, len(wantCalls))
	}
	for i, w := range wantCalls {
		if !strings.HasPrefix(calls[i], w) {
			t.Errorf("finding %d is %q, want it to start %q", i, calls[i], w)
		}
	}
	// Type-check with gonum and rand replaced by nothing: only the sums
	// of float64 locals matter here.
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	conf.Check("p", fset, []*ast.File{f}, info)
	var lines []int
	for _, s := range unroundedSums(fset, f, info) {
		_, after, _ := strings.Cut(s, "p.go:")
		n, _ := strconv.Atoi(after[:strings.Index(after, ":")])
		lines = append(lines, n)
	}
	if want := []int{11, 14, 15}; fmt.Sprint(lines) != fmt.Sprint(want) {
		t.Errorf("unrounded sums found on lines %v, want %v", lines, want)
	}
}
