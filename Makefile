# GoPrep. Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
BIN := bin/goprep
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Postgres tests run when this is set (CI sets it); see README.
GOPREP_TEST_POSTGRES ?=
export GOPREP_TEST_POSTGRES

.PHONY: all deps build run test test-go verify-catalog lint bench clean

all: build

deps:
	@command -v $(GO) >/dev/null || { echo "Go is missing: install Go 1.26 from https://go.dev/dl/"; exit 1; }
	@command -v gcc >/dev/null || { echo "gcc is missing (the race detector needs cgo): apt-get install -y gcc"; exit 1; }
	$(GO) mod download

build: deps
	$(GO) build -o $(BIN) ./cmd/goprep

# Builds, migrates the SQLite database in ./data, loads the catalog and serves on :8080.
run: build
	./$(BIN) serve

# Lint, the Go tests with the race detector, and the catalog proof.
test: lint test-go verify-catalog

test-go: deps
	@if [ -z "$$GOPREP_TEST_POSTGRES" ]; then echo "NOTE: GOPREP_TEST_POSTGRES is unset: the Postgres variants of the store tests are skipped (set it to postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run them)"; fi
	$(GO) test -race -count=1 -timeout 20m ./...

verify-catalog: build
	./$(BIN) problems verify

lint: deps
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^problems/')); if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -count 1 -timeout 30m ./...

clean:
	rm -rf bin
