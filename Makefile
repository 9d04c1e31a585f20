# Everyday entry points; each target installs or builds what it needs first.
.PHONY: install build run test lint format clean bench bench-smoke proto

install: node_modules/.package-lock.json

# npm rewrites node_modules/.package-lock.json on every install, so it tells whether the lock file changed since.
node_modules/.package-lock.json: package-lock.json
	npm install --no-audit --no-fund
	@touch $@

# The build runs only when something it reads changed since the last one: every source file and every folder below
# the top-level ones (a folder's time changes when a file is added or removed), the TypeScript settings, the package
# and lock files. `make test` and `make run` build through it, so they build only when needed.
BUILD_INPUTS := $(shell find cmd internal pkg proto scripts web -mindepth 1 -not -name '*.test.ts') \
	package.json package-lock.json tsconfig.json tsconfig.build.json node_modules/.package-lock.json
BUILD_STAMP := dist/.build-stamp

build: $(BUILD_STAMP)

$(BUILD_STAMP): $(BUILD_INPUTS) | install
	npm run build
	@touch $@

run: build
	node dist/cmd/dago.js serve

test: build
	npx vitest run

# Side-by-side benchmarks against BullMQ on a private redis-server; method and results in docs/PERFORMANCE.md.
bench: build
	npx tsc -p tsconfig.bench.json
	node --expose-gc dist/bench/run.js $(BENCH_ARGS)

bench-smoke: build
	npx tsc -p tsconfig.bench.json
	node --expose-gc dist/bench/run.js --smoke

lint: install
	npx biome check . && npx buf lint && npx tsc -p tsconfig.json --noEmit && npx tsc -p web/tsconfig.json --noEmit

# Regenerates the TypeScript types and reflection descriptors of the gRPC contract after a change under proto/
# (a test fails while they drift).
proto: install
	node scripts/gen-proto-types.mjs

format: install
	npx biome check --write .

clean:
	rm -rf dist test-artifacts
