# Quick start: `make demo` and `make test` (see README.md). Both install missing Debian
# packages, configure and build first.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
DEMO_OUT ?= out/demo

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
	$(BUILD_DIR)/aquifer run scenarios/demo/scenario.toml -o $(DEMO_OUT)
	@echo "Results are in $(abspath $(DEMO_OUT))"

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	bash bench/run_aquifer_1m.sh $(BUILD_DIR)
	bash bench/output_cost.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
