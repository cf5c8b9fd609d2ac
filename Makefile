# Thin wrapper over CMake.  `make demo` and `make test` each install what is
# missing, build, and run.
BUILD   ?= build
ASAN    ?= build-asan
JOBS    ?= $(shell nproc)
PREFIX  ?= /usr/local
CMAKE_FLAGS ?=
FUZZ_SECONDS ?= 60

.PHONY: deps build demo test test-release test-asan bench proofs check-proofs install clean mutants mutants-sample fuzz coverage

deps:
	bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) > /dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/bin/verify-product --upto 10

test: deps test-release mutants-sample test-asan check-proofs

test-release:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DNF_WERROR=ON $(CMAKE_FLAGS) > /dev/null
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan:
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNF_SANITIZE=ON -DNF_WERROR=ON $(CMAKE_FLAGS) > /dev/null
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && NF_TEST_SCALE=0.2 ctest --output-on-failure -j $(JOBS)

bench: build
	cmake --build $(BUILD) -j $(JOBS) --target bench-all
	bash bench/run.sh $(BUILD)/bin

proofs: build
	bash proofs/run-all.sh $(BUILD)/bin regenerate

check-proofs: build
	bash proofs/run-all.sh $(BUILD)/bin check

# Mutation testing (scripts/mutants.txt): every mutation, or MUTANTS_SAMPLE=K of them.
MUTANTS_SAMPLE ?= 0
mutants: build
	bash scripts/mutants.sh $(BUILD) --sample $(MUTANTS_SAMPLE)

# CI: a fixed sample of 2 mutants on the Release build (time-boxed); a survivor fails.
mutants-sample:
	bash scripts/mutants.sh $(BUILD) --sample 2 --timeout 240 --strict

# libFuzzer targets (clang, ASan + UBSan) in build-fuzz, each run FUZZ_SECONDS
# seconds on one core (scripts/fuzz.sh).
fuzz: deps
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

# gcov/lcov build in build-coverage: the fast tests, then line and branch
# coverage per module (scripts/coverage.sh).
coverage: deps
	bash scripts/coverage.sh

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz build-coverage
