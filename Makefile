# spanmark — `make run` opens the window, `make test` runs every test.
# Both install what is missing first (Debian/Ubuntu packages via apt-get,
# with sudo when not root). Nothing is installed that is already there.

SHELL      := /bin/bash
export LANG := C.UTF-8
GO         ?= go
TAGS       := sqlite_fts5
BIN        := ./spanmark
VERSION    := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS    := -X github.com/spanmark/spanmark/cli.Version=$(VERSION)
FUZZTIME   ?= 5s

BUILD_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev
TEST_PKGS  := xvfb xdotool imagemagick

.PHONY: run test build bench deps deps-test vet fuzz smoke locks crashtest clean

## run: install what is missing, build, open the window on the default database
run: build
	$(BIN)

## build: the spanmark binary
build: deps
	$(GO) build -tags $(TAGS) -ldflags '$(LDFLAGS)' -o $(BIN) .

## test: install what is missing, then vet, unit tests (and -race where there is no GUI), short fuzzing, screenshot smoke test
test: deps-test build vet
	$(GO) test -tags $(TAGS) -count=1 ./...
	$(GO) test -race -tags $(TAGS) -count=1 ./annotate/... ./store/... ./cli/... ./session/... ./internal/...
	$(MAKE) --no-print-directory fuzz
	$(MAKE) --no-print-directory smoke
	$(MAKE) --no-print-directory locks

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...

## fuzz: every fuzz target (importers, pattern files) for FUZZTIME each
fuzz:
	@for p in ./annotate/codec ./annotate; do \
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

## bench: Go benchmarks, the import/export comparison, the window's first frame and the window at 1k/10k/100k articles (bench/README.md)
bench: deps-test build
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./annotate/... ./store/... ./gui/...
	bench/run.sh
	bench/window.sh
	bench/scale.sh

## deps: install the build packages that are missing
deps:
	@scripts/need-packages.sh $(BUILD_PKGS)

deps-test: deps
	@scripts/need-packages.sh $(TEST_PKGS)

clean:
	rm -f $(BIN)
