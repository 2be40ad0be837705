# caseload: two commands on a fresh machine with Go installed.
#   make run    the three staffing models and the baseline side by side
#   make test   the tests (under five minutes on two cores)

GO       ?= go
REPS     ?= 100
SEED     ?= 1
OUT      ?= results/default
SCENARIOS = scenarios/baseline.yaml scenarios/core-offer.yaml scenarios/micro-cluster.yaml scenarios/embedded.yaml
# The revision recorded in every manifest (go run stamps none itself).
REVISION := $(shell git describe --always --dirty --abbrev=12 2>/dev/null)
# -dirty also for files git does not track yet, which describe leaves out
ifneq ($(shell git status --porcelain 2>/dev/null),)
ifeq ($(filter %-dirty,$(REVISION)),)
REVISION := $(REVISION)-dirty
endif
endif
LDFLAGS   = -ldflags "-X main.revision=$(REVISION)"

.PHONY: run test test-long fuzz build vet fmt bench pgo calibrate calibrate-las params docs clean report-test records-check slurm-test arch-check

run:
	$(GO) run $(LDFLAGS) ./cmd/caseload compare $(SCENARIOS) --reps $(REPS) --seed $(SEED) --out $(OUT)

# -pgo=off: with the program's profile (cmd/caseload/default.pgo) its
# tests would compile the standard library and every module a second time,
# for the profile, doubling a cold build (2.5 to 5 minutes on two cores);
# the profile changes no result (make arch-check builds with it).
test:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet -pgo=off ./...
	$(GO) test -pgo=off ./...

# The long statistical checks: interval coverage over thousands of seeds,
# every LA's fitted figures re-simulated on another seed, each evidence
# set against its evidence with the 30-trial SWIS design, and the wake
# queue against stepping every family every week over 1,000 replications.
test-long:
	CASELOADTEST_LONG=1 $(GO) test ./sensitivity -run Coverage -count=1 -v
	CASELOADTEST_LONG=1 $(GO) test ./sim -run TestWakeQueueMatchesEveryWeek -count=1 -v
	CASELOADTEST_LONG=1 $(GO) test ./sim -run TestFittedEveryLA -count=1 -v -timeout 30m
	CASELOADTEST_LONG=1 $(GO) test ./trial -run TestEvidence -count=1 -v -timeout 30m

# Search for inputs the decoders or the model mishandle: each fuzz target
# for FUZZTIME (make test runs only their seed corpus). A failure is saved
# under testdata/fuzz/ in the package and then runs in every make test.
FUZZTIME ?= 60s
fuzz:
	$(GO) test ./config -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME)
	$(GO) test ./config -run '^$$' -fuzz '^FuzzLoadDesign$$' -fuzztime $(FUZZTIME)
	$(GO) test ./explore -run '^$$' -fuzz '^FuzzDesignRun$$' -fuzztime $(FUZZTIME)
	$(GO) test ./report -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME)

build:
	$(GO) build $(LDFLAGS) -o bin/caseload ./cmd/caseload

# Speed and scale figures (PERFORMANCE.md), then the Go benchmarks, all
# built with the program's profile (PGO=off to measure without it).
PGO ?= cmd/caseload/default.pgo
bench:
	$(GO) run -pgo=$(PGO) ./tools/bench
	$(GO) test -pgo=$(PGO) ./sim -run '^$$' -bench . -benchmem
	$(GO) test -pgo=$(PGO) ./batch -run '^$$' -bench Compare -benchmem

# Rebuild cmd/caseload/default.pgo, the CPU profile go build and go run
# optimise the program with (PERFORMANCE.md), from a build without it
# running make run's comparison and England (about a minute).
pgo:
	GO=$(GO) sh scripts/pgo.sh

# Refit the calibrated defaults to MODEL.md §5 (minutes); prints the values.
calibrate:
	$(GO) run ./tools/calibrate -reps 4 -iter 600

# Refit every LA's parameters to its own published figures (per-LA
# calibration, docs/MODEL.md §3.10) and write dfe/fitted.csv; 15 to 20 minutes on two
# cores. Rerun after changing the defaults or dfe/las.csv (TestFittedTable
# says when), then rebuild the program to ship the table.
calibrate-las:
	$(GO) run ./cmd/caseload calibration --fit-las

# Render reports in headless Chromium (installed if missing) at laptop and
# phone widths and as an A4 PDF; fails on a console message or a network
# request. Pass a results folder with DIR=..., else a small comparison and a
# small compare --neighbours are run and rendered.
report-test:
	sh scripts/report-browser-test.sh $(DIR)

# Slurm end to end: installs Slurm and munge (Debian packages, as root),
# starts a one-node cluster, runs a sweep as a 4-task array and its merge
# (deploy/slurm), and compares the bytes with a one-machine run.
slurm-test:
	sh scripts/slurm-test.sh

# The same bytes on every machine: builds for amd64 (GOAMD64=v1 and v3)
# and arm64 (run under qemu-user, installed if missing), runs a small run,
# compare, sweep, trial, Morris sensitivity, optimise search, run with
# records, synthetic national run and run of the pilot LAs with each, and
# compares the files (all but invocations.log and the manifest's arch).
arch-check:
	sh scripts/arch-check.sh

# Regenerate the parameter table of the model documentation.
params:
	env $$(env | sed -n 's/^\(CASELOAD_[A-Za-z0-9_-]*\)=.*/-u \1/p') $(GO) run ./cmd/caseload params > docs/parameters.md

clean:
	rm -rf bin results/default

# Validate the synthetic records: CIN census XML with xmllint (installed
# if missing) against records/cin_census.xsd, SSDA903 against its spec.
records-check:
	sh scripts/records-check.sh
