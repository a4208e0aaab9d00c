# The README contract:
#   make        builds; the program is build/microcred
#   make run    installs what is missing, builds, starts microcred
#   make check  installs what is missing, builds, runs every test in the normal
#               and the sanitizer (ASan + UBSan) builds
#   make bench  builds and runs the benchmarks in bench/ (see bench/README.md)

BUILD ?= build
ASAN_BUILD ?= build-asan
DB ?= ./microcred.db
LISTEN ?= 127.0.0.1:8080
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all build asan deps run check check-normal check-asan bench fuzz format clean

all: build

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMC_SANITIZE=ON $(CMAKE_FLAGS)

build: $(BUILD)/build.ninja
	cmake --build $(BUILD)

asan: $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD)

deps:
	@scripts/install-deps

# A new database gets the schema and the demo data (issuers, micro-credentials, learners,
# awarded and revoked badges); an existing one is served as it is.
run: deps
	@$(MAKE) --no-print-directory build
	@if [ ! -f "$(DB)" ]; then \
		$(BUILD)/microcred init --db "$(DB)" --base-url "http://$(LISTEN)" && \
		$(BUILD)/microcred demo --db "$(DB)"; \
	else \
		echo "using the existing database $(DB) (delete it to start again with the demo)"; \
	fi
	exec $(BUILD)/microcred serve --listen "$(LISTEN)" --db "$(DB)"

check: deps
	@$(MAKE) --no-print-directory check-normal
	@$(MAKE) --no-print-directory check-asan

check-normal: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)
	@scripts/print-skips $(BUILD)

check-asan: asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS)
	@scripts/print-skips $(ASAN_BUILD)

bench: deps build
	bench/run $(BUILD)

fuzz:
	CC=clang cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMC_FUZZ=ON -DMC_SANITIZE=ON
	cmake --build build-fuzz

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
