"""Opens heads.xmf the way ParaView does (pvbatch, ParaView's legacy "XDMF Reader") and checks
that it is a time series of a 3D rectilinear grid with the cell-centred head of heads.h5.

Run by hand where ParaView is installed (Debian: paraview, python3-paraview; not in
scripts/install-deps.sh because it is large). NOT in ctest yet: with ParaView 5.11 (Debian 12)
both the legacy "XDMF Reader" and "Xdmf3ReaderS" return the first layer of head correctly
and zeros (or garbage, for /grid/active) in the other layers, although h5py reads every
dataset the .xmf names correctly. Open defect, see docs/outputs-implementation.md.

    pvbatch paraview_open.py HEADS_XMF
"""
import sys

import h5py
import numpy as np
from paraview import servermanager
from paraview.simple import XDMFReader

xmf = sys.argv[1]
h5 = xmf[:-len(".xmf")] + ".h5"
with h5py.File(h5, "r") as f:
    times = f["/fields/time"][:]
    heads = f["/fields/head"][:]
reader = XDMFReader(FileNames=[xmf])
reader.UpdatePipelineInformation()
pv_times = np.array(reader.TimestepValues)
assert np.allclose(pv_times, times), f"ParaView times {pv_times} != /fields/time {times}"
for k in (0, len(times) - 1):
    reader.UpdatePipeline(times[k])
    data = servermanager.Fetch(reader)
    if data.IsA("vtkMultiBlockDataSet"):
        data = data.GetBlock(0)
    assert data.IsA("vtkRectilinearGrid"), f"expected a rectilinear grid, got {data.GetClassName()}"
    nlay, ny, nx = heads.shape[1:]
    assert data.GetNumberOfCells() == nlay * ny * nx, "cell count"
    arr = data.GetCellData().GetArray("head")
    assert arr is not None, "no cell array 'head'"
    values = np.array([arr.GetValue(i) for i in range(arr.GetNumberOfTuples())])
    expected = heads[k].reshape(-1)   # [layer][y][x], x fastest, as VTK orders cells
    same = np.isclose(values, expected, rtol=0, atol=1e-12) | (np.isnan(values) & np.isnan(expected))
    assert same.all(), f"head at time {times[k]} differs in {np.count_nonzero(~same)} cells"
print(f"PASS ParaView XDMF Reader: {len(times)} times, head equals heads.h5 (1e-12 m)")
