#!/usr/bin/env bash
# Installs the Debian 12 packages aquifer needs, only those that are missing.
# Used by `make demo` and `make test`. Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

packages=(
  build-essential cmake make pkg-config git
  petsc-dev                 # PETSc 3.18, OpenMPI build with hypre and MUMPS
  openmpi-bin libopenmpi-dev
  libhdf5-openmpi-dev       # HDF5 1.10, OpenMPI build (never the serial libhdf5-dev)
  libnetcdf-mpi-dev         # NetCDF-C 4.9 on that same HDF5 (never the serial libnetcdf-dev)
  netcdf-bin                # ncdump, used by the output tests
  libspdlog-dev catch2 libtomlplusplus-dev libcli11-dev nlohmann-json3-dev
  python3 python3-numpy python3-h5py python3-netcdf4 python3-xarray
  python3-jsonschema python3-pil  # compliance.json schema test, report screenshot check
  chromium                  # renders report.html headless in the report test
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} Debian packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
