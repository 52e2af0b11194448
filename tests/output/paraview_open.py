"""Opens heads.xmf the way ParaView does (pvbatch, ParaView's legacy "XDMF Reader") and checks
that it is a time series of the 3-D grid (a structured grid with rectilinear node coordinates)
with the cell-centred head of heads.h5, every layer.

Run by ctest through pvbatch where ParaView is installed (Debian: paraview, python3-paraview;
not in scripts/install-deps.sh because it is large); not registered otherwise.

    pvbatch paraview_open.py HEADS_XMF
"""
import sys

import h5py
import numpy as np
from paraview import servermanager
from paraview.simple import XDMFReader, Xdmf3ReaderS

xmf = sys.argv[1]
h5 = xmf[:-len(".xmf")] + ".h5"
with h5py.File(h5, "r") as f:
    times = f["/fields/time"][:]
    heads = f["/fields/head"][:]
    f_x_nodes = f["/grid/x_nodes"][:]
readers = {"XDMF Reader": lambda: XDMFReader(FileNames=[xmf]),
           "Xdmf3ReaderS": lambda: Xdmf3ReaderS(FileName=[xmf])}
for reader_name, make in readers.items():
    reader = make()
    reader.UpdatePipelineInformation()
    pv_times = np.array(reader.TimestepValues)
    assert np.allclose(pv_times, times), f"ParaView times {pv_times} != /fields/time {times}"
    nlay, ny, nx = heads.shape[1:]
    for k in (0, len(times) - 1):
        reader.UpdatePipeline(times[k])
        data = servermanager.Fetch(reader)
        if data.IsA("vtkMultiBlockDataSet"):
            data = data.GetBlock(0)
        assert data.IsA("vtkStructuredGrid"), f"expected a structured grid, got {data.GetClassName()}"
        x = np.array([data.GetPoint(i)[0] for i in range(nx + 1)])
        assert np.allclose(x, f_x_nodes), "node x coordinates are the cell edges"
        assert data.GetNumberOfCells() == nlay * ny * nx, "cell count"
        arr = data.GetCellData().GetArray("head")
        assert arr is not None, "no cell array 'head'"
        values = np.array([arr.GetValue(i) for i in range(arr.GetNumberOfTuples())])
        expected = heads[k].reshape(-1)   # [layer][y][x], x fastest, as VTK orders cells
        same = np.isclose(values, expected, rtol=0, atol=1e-12) | (np.isnan(values) & np.isnan(expected))
        assert same.all(), f"head at time {times[k]} differs in {np.count_nonzero(~same)} cells"
print(f"PASS ParaView XDMF Reader and Xdmf3ReaderS: {len(times)} times, head equals heads.h5 (1e-12 m)")
