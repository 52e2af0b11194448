# Quick start: `make demo` and `make test` (see README.md). Both install missing Debian
# packages, configure and build first.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
DEMO_OUT ?= out/demo
# The demo runs on up to 4 MPI ranks (one per core); Open MPI refuses root without these.
DEMO_NP ?= $(shell n=$$(nproc); [ $$n -gt 4 ] && n=4; echo $$n)
export OMPI_ALLOW_RUN_AS_ROOT := 1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM := 1

.PHONY: all deps configure build demo test bench clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release

configure: deps $(BUILD_DIR)/CMakeCache.txt

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	mpiexec -n $(DEMO_NP) $(BUILD_DIR)/aquifer demo -o $(DEMO_OUT)
	@echo "Results are in $(abspath $(DEMO_OUT)); the scenario is scenarios/kumamoto/ (see its README.md)"

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	bash bench/run_aquifer_1m.sh $(BUILD_DIR)
	bash bench/output_cost.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
