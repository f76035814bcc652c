# GoPrep. Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
BIN := bin/goprep
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Postgres tests run when this is set (CI sets it); see README.
GOPREP_TEST_POSTGRES ?=
export GOPREP_TEST_POSTGRES

.PHONY: all deps frontend build run test test-go verify-catalog lint bench clean

all: build

deps:
	@command -v $(GO) >/dev/null || { echo "Go is missing: install Go 1.26 from https://go.dev/dl/"; exit 1; }
	@command -v gcc >/dev/null || { echo "gcc is missing (the race detector needs cgo): apt-get install -y gcc"; exit 1; }
	$(GO) mod download

# The web UI (frontend/): npm ci && npm run build into frontend/dist, which the
# binary embeds. Without Node.js the binary still builds, and serves a page that
# says the UI is missing.
frontend:
	@if command -v npm >/dev/null && command -v node >/dev/null; then \
		node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || \
			{ echo "Node.js $$(node --version) is too old for the web UI's build (Vite): install Node.js 20.19 or newer"; exit 1; }; \
		cd frontend && npm ci --no-audit --no-fund && npm run build; \
	else \
		echo "NOTE: node/npm are missing: the web UI is not built (install Node.js 20.19+ and npm, e.g. apt-get install -y nodejs npm, then run make frontend)"; \
	fi

build: deps frontend
	$(GO) build -o $(BIN) ./cmd/goprep

# Builds, migrates the SQLite database in ./data, loads the catalog and serves on :8080.
run: build
	./$(BIN) serve

# Lint, the Go tests with the race detector, and the catalog proof.
test: lint test-go verify-catalog

# The browser test of the UI (server/web_test.go) needs the built UI and Chromium
# (/usr/bin/chromium: apt-get install -y chromium); it skips without Chromium
# unless GOPREP_REQUIRE_BROWSER is set (CI sets it).
test-go: deps frontend
	@if [ -z "$$GOPREP_TEST_POSTGRES" ]; then echo "NOTE: GOPREP_TEST_POSTGRES is unset: the Postgres variants of the store tests are skipped (set it to postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run them)"; fi
	$(GO) test -race -count=1 -timeout 20m ./...

verify-catalog: build
	./$(BIN) problems verify

lint: deps
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^problems/')); if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# Benchmarks. A judging takes about a second, so the judge's run 10 times each
# (a median of 10 judgings, 60 submissions per throughput setting); the others
# run for the default benchtime.
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -count 1 -timeout 30m $$($(GO) list ./... | grep -v '/judge$$')
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 10x -count 1 -timeout 30m ./judge/

clean:
	rm -rf bin
	find frontend/dist -mindepth 1 ! -name .gitkeep -delete 2>/dev/null || true
