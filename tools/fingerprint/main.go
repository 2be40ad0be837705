// Command fingerprint prints a SHA-256 of the outcomes of a fixed set of
// runs, all but Work (what the run cost the engine, not what it found):
// the shipped scenarios, with and without school-based teams, each run on
// its own, from a reused workspace and continued from a shared warm-up,
// and three real LAs with their fitted parameters. A change meant to
// leave every result as it was (a speed-up) must leave the fingerprint
// unchanged:
//
//	go run ./tools/fingerprint          # from the repository root
//	go run ./tools/fingerprint -v       # a line per run as well
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"hash"
	"math"
	"os"
	"reflect"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sim"
)

func main() {
	verbose := flag.Bool("v", false, "print the fingerprint of each run too")
	flag.Parse()
	var ps []sim.Params
	for _, f := range []string{"baseline", "core-offer", "micro-cluster", "embedded", "swis", "consulted"} {
		sc, err := config.Load("scenarios/"+f+".yaml", nil, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, "fingerprint:", err, "(run from the repository root)")
			os.Exit(2)
		}
		ps = append(ps, sc.Params)
	}
	for _, la := range []string{"Stockport", "Rutland", "Birmingham"} {
		sc, err := config.Load("scenarios/embedded.yaml", nil, []string{"la.area=" + la})
		if err != nil {
			fmt.Fprintln(os.Stderr, "fingerprint:", err)
			os.Exit(2)
		}
		ps = append(ps, sc.Params)
	}
	all := sha256.New()
	add := func(name string, o sim.Outcome) {
		o.Work = sim.Work{} // what the run cost, not what it found
		h := sha256.New()
		write(h, reflect.ValueOf(o))
		sum := h.Sum(nil)
		all.Write(sum)
		if *verbose {
			fmt.Printf("%x  %s\n", sum[:8], name)
		}
	}
	var ws sim.Workspace
	for k, p := range ps {
		for r := range 2 {
			add(fmt.Sprintf("scenario %d rep %d", k, r), sim.Simulate(p, 7, r))
			add(fmt.Sprintf("scenario %d rep %d, workspace", k, r), ws.Simulate(p, 7, r))
		}
	}
	// the first four share a warm-up (make run's comparison)
	for r := range 2 {
		for k, o := range ws.SimulateShared(ps[:4], 7, r) {
			add(fmt.Sprintf("scenario %d rep %d, shared warm-up", k, r), o)
		}
	}
	fmt.Printf("%x\n", all.Sum(nil))
}

// write feeds every number of v to h in a fixed order.
func write(h hash.Hash, v reflect.Value) {
	var b [8]byte
	switch v.Kind() {
	case reflect.Float64, reflect.Float32:
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v.Float()))
		h.Write(b[:])
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		binary.LittleEndian.PutUint64(b[:], uint64(v.Int()))
		h.Write(b[:])
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		binary.LittleEndian.PutUint64(b[:], v.Uint())
		h.Write(b[:])
	case reflect.Bool:
		if v.Bool() {
			h.Write([]byte{1})
		} else {
			h.Write([]byte{0})
		}
	case reflect.String:
		h.Write([]byte(v.String()))
	case reflect.Slice, reflect.Array:
		binary.LittleEndian.PutUint64(b[:], uint64(v.Len()))
		h.Write(b[:])
		for i := range v.Len() {
			write(h, v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			write(h, v.Field(i))
		}
	case reflect.Map:
		panic("fingerprint: a map in an outcome has no fixed order")
	default:
		panic("fingerprint: unexpected kind " + v.Kind().String())
	}
}
