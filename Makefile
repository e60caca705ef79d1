# spanmark — `make run` opens the window, `make test` runs every test,
# `make dist` builds the Linux and Windows packages into dist/.
# All install what is missing first (Debian/Ubuntu packages via apt-get,
# with sudo when not root). Nothing is installed that is already there.

SHELL      := /bin/bash
export LANG := C.UTF-8
GO         ?= go
TAGS       := sqlite_fts5
BIN        := ./spanmark
# What `spanmark version` and the About box say: the release from
# FyneApp.toml (make dist VERSION=x.y.z to override), the commit, the day.
VERSION    := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILDNUM   := $(shell sed -n 's/^Build *= *//p' FyneApp.toml)
COMMIT     := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
DATE       := $(shell t=$${SOURCE_DATE_EPOCH:-$$(date +%s)}; date -u -d "@$$t" +%Y-%m-%d 2>/dev/null || date -u -r "$$t" +%Y-%m-%d)
BUILDINFO  := github.com/spanmark/spanmark/internal/buildinfo
LDFLAGS    := -X $(BUILDINFO).Version=$(VERSION) -X $(BUILDINFO).Commit=$(COMMIT) -X $(BUILDINFO).Date=$(DATE)
# A count, not a duration: go1.26's fuzz coordinator can fail a target with a
# bare "context deadline exceeded" when a -fuzztime duration ends under load
# (golang/go#75804, fixed in go1.27). 40,000 inputs take 1–10 s a target here.
FUZZTIME   ?= 40000x

BUILD_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev
# fonts for the scripts Fyne's own font lacks (Arabic, Hebrew, Devanagari and
# the other Indic scripts, Thai, Korean, Chinese, Japanese): Fyne finds them
# through fontconfig's folders, as the article view does
FONT_PKGS  := fonts-noto-core fonts-noto-cjk
# PostgreSQL for the store tests on the team-server engine (internal/pgtest
# starts a throwaway cluster; its contrib has unaccent)
TEST_PKGS  := xvfb xdotool imagemagick postgresql postgresql-contrib
# make dist: the Windows cross compiler (windres comes with it), icon and
# resource tools, file(1), xz for the tarball, the .desktop validator.
DIST_PKGS  := gcc-mingw-w64-x86-64 imagemagick icoutils file xz-utils desktop-file-utils
FYNE_TOOL  := v1.7.4
FYNE       := $(CURDIR)/.bin/fyne

.PHONY: run test build bench deps deps-test vet crossvet fuzz smoke locks crashtest dist dist-check fyne-tool clean team-demo

## run: install what is missing, build, open the window on the default database
run: build
	$(BIN)

## build: the spanmark binary
build: deps
	$(GO) build -tags $(TAGS) -ldflags '$(LDFLAGS)' -o $(BIN) .

## test: install what is missing, then vet, unit tests (and -race where there is no GUI), short fuzzing, screenshot smoke test
test: deps-test build vet crossvet
	$(GO) test -tags $(TAGS) -count=1 ./...
	$(GO) test -race -tags $(TAGS) -count=1 ./annotate/... ./store/... ./cli/... ./session/... ./internal/...
	$(MAKE) --no-print-directory fuzz
	$(MAKE) --no-print-directory smoke
	$(MAKE) --no-print-directory locks

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...

## crossvet: type-check every package, tests included, for macOS and Windows (no C tool chain needed:
## internal/crosscheck), so code that only builds on Linux is caught outside build-tagged files
crossvet:
	@for os in darwin windows; do $(GO) run ./internal/crosscheck -goos $$os -tags $(TAGS) ./... || exit 1; done

## fuzz: every fuzz target (importers, pattern files, search queries) for FUZZTIME inputs each (FUZZTIME=10m for a long run)
fuzz:
	@for p in ./annotate/codec ./annotate ./store; do \
		for t in $$($(GO) test -tags $(TAGS) -list '^Fuzz' $$p | grep '^Fuzz'); do \
			echo "fuzz $$t ($(FUZZTIME))"; \
			$(GO) test -tags $(TAGS) -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$p || exit 1; \
		done; \
	done

## crashtest: kill -9 import, merge and window-path edits 100 times each and check all-or-nothing and no lost edit
## (make test runs the same tests with 5 kills each; CRASH_KILLS=N to change)
CRASH_KILLS ?= 100
crashtest: deps
	SPANMARK_CRASH_KILLS=$(CRASH_KILLS) $(GO) test -tags $(TAGS) -count=1 -timeout 30m -v -run 'Killed' ./internal/crashtest

## smoke: open the real window under Xvfb, write a screenshot, check it is not blank
smoke: build
	scripts/smoke.sh $(BIN)

## locks: the real window under Xvfb keeps its SQLite locks through a file dialog on the database's folder
locks: build
	scripts/locks.sh $(BIN)

## team-demo: a throwaway PostgreSQL server with the sample articles and two windows on it, as ana and as ben: a tag in one shows in the other
## (TEAM_DEMO_LOOK=DIR: under Xvfb, tags a word in ana's window, screenshots both into DIR and says how long ben's took)
team-demo: deps-test build
	scripts/team-demo.sh $(if $(TEAM_DEMO_LOOK),--look $(TEAM_DEMO_LOOK)) $(BIN)

## bench: Go benchmarks, the import/export comparison, the window's first frame and the window at 1k/10k/100k articles (bench/README.md)
bench: deps-test build
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./annotate/... ./store/... ./gui/...
	bench/run.sh
	bench/window.sh
	bench/scale.sh
	bench/search.sh
	bench/pg.sh
	bench/pgsuggest.sh
	bench/team.sh

## dist: dist/spanmark-VERSION-linux-amd64.tar.xz (fyne package), dist/spanmark-VERSION-windows-amd64.exe
## (mingw-w64 cross build) and SHA256SUMS, then the checks of scripts/dist-check.sh (not part of make test)
dist: deps fyne-tool
	@scripts/need-packages.sh $(DIST_PKGS)
	VERSION=$(VERSION) BUILD=$(BUILDNUM) LDFLAGS='$(LDFLAGS)' FYNE=$(FYNE) GO=$(GO) scripts/dist.sh
	scripts/dist-check.sh $(VERSION) $(COMMIT)

## dist-check: install wine64, then make dist, whose checks then run spanmark.exe under wine
dist-check:
	@scripts/need-packages.sh wine64
	$(MAKE) --no-print-directory dist

## fyne-tool: the fyne packaging tool $(FYNE_TOOL) in .bin/, installed from the module proxy when missing
fyne-tool:
	@$(FYNE) version 2>/dev/null | grep -qx 'fyne cli version: $(FYNE_TOOL)' || \
		{ echo "installing fyne.io/tools/cmd/fyne@$(FYNE_TOOL) into .bin/"; GOBIN=$(CURDIR)/.bin $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOL); }

## deps: install the build packages that are missing
deps:
	@scripts/need-packages.sh $(BUILD_PKGS) $(FONT_PKGS)

deps-test: deps
	@scripts/need-packages.sh $(TEST_PKGS)

clean:
	rm -rf $(BIN) dist .bin
