"""A small numpy reference of aquifer's discretisation, for DESIGNING and DIAGNOSING the
verification cases (it is not what the cases compare against: they compare with analytic
solutions).

It solves the same cell-centred finite-volume equations that docs describe for one confined
layer on a regular grid -- harmonic-mean conductances, constant-head cells fixed at their
cell-centre value, sources in m3/d, storage S*area per m of head, backward Euler -- so that
test_analytic.py can show how far the EXACT discrete solution lies from each analytic solution
(the part of each tolerance that is discretisation error, not solver error).

Arrays are [row][col], row 0 = south.
"""

from __future__ import annotations

import numpy as np


def face_conductances(t_m2_per_d: np.ndarray, dx: float, dy: float):
    """Harmonic-mean conductances [m2/d]: cx[r, c] between (r, c) and (r, c+1),
    cy[r, c] between (r, c) and (r+1, c)."""
    t = np.asarray(t_m2_per_d, float)
    cx = dy / dx * 2.0 * t[:, :-1] * t[:, 1:] / (t[:, :-1] + t[:, 1:])
    cy = dx / dy * 2.0 * t[:-1, :] * t[1:, :] / (t[:-1, :] + t[1:, :])
    return cx, cy


def apply_flow_operator(h: np.ndarray, cx: np.ndarray, cy: np.ndarray) -> np.ndarray:
    """Net flow OUT of each cell to its neighbours [m3/d]: sum_j C_ij (h_i - h_j)."""
    out = np.zeros_like(h)
    fx = cx * (h[:, :-1] - h[:, 1:])
    out[:, :-1] += fx
    out[:, 1:] -= fx
    fy = cy * (h[:-1, :] - h[1:, :])
    out[:-1, :] += fy
    out[1:, :] -= fy
    return out


def _pcg(apply_a, b, diag, x0, rtol=1e-13, max_iter=20000):
    x = x0.copy()
    r = b - apply_a(x)
    z = r / diag
    p = z.copy()
    rz = np.sum(r * z)
    bnorm = np.sqrt(np.sum(b * b)) or 1.0
    for _ in range(max_iter):
        if np.sqrt(np.sum(r * r)) <= rtol * bnorm:
            break
        ap = apply_a(p)
        alpha = rz / np.sum(p * ap)
        x += alpha * p
        r -= alpha * ap
        z = r / diag
        rz_new = np.sum(r * z)
        p = z + (rz_new / rz) * p
        rz = rz_new
    return x


def solve_confined(t_m2_per_d, dx, dy, ch_mask, ch_head, source_m3_per_d,
                   storage_m2=None, h_old=None, dt_d=None):
    """One steady (storage_m2 None) or backward-Euler step of a one-layer confined model.

    Solves  sum_j C_ij (h_j - h_i) + Q_i - storage_i (h_i - h_old_i)/dt = 0  for the free cells,
    with h = ch_head on ch_mask cells. Returns h [row][col]."""
    cx, cy = face_conductances(t_m2_per_d, dx, dy)
    free = ~np.asarray(ch_mask, bool)
    h_fixed = np.where(free, 0.0, ch_head)
    # diagonal of the flow operator: sum of the face conductances of each cell
    diag_flow = np.zeros_like(h_fixed)
    diag_flow[:, :-1] += cx
    diag_flow[:, 1:] += cx
    diag_flow[:-1, :] += cy
    diag_flow[1:, :] += cy
    b = np.asarray(source_m3_per_d, float) - apply_flow_operator(h_fixed, cx, cy)
    diag = diag_flow.copy()
    if storage_m2 is not None:
        b = b + storage_m2 / dt_d * h_old
        diag = diag + storage_m2 / dt_d
    b = np.where(free, b, 0.0)
    diag = np.where(free, diag, 1.0)

    def apply_a(x):
        y = apply_flow_operator(np.where(free, x, 0.0), cx, cy)
        if storage_m2 is not None:
            y = y + storage_m2 / dt_d * x
        return y

    x0 = np.where(free, h_old if h_old is not None else 0.0, 0.0)
    x = _pcg(lambda v: np.where(free, apply_a(v), 0.0), b, diag, x0)
    return np.where(free, x, ch_head)


def solve_dupuit_1d(k, bottom, dx, h_left, h_right, n, recharge_m_per_d, width=1.0):
    """Steady 1-D unconfined strip of n cells, constant heads in the first and last cell,
    face transmissivity K (h_upstream - bottom) (upstream weighting, as aquifer's Newton
    formulation away from the smoothing zones). Newton iterations, dense solve (small n)."""
    h = np.linspace(h_left, h_right, n)
    q_in = recharge_m_per_d * dx * width
    c = k * width / dx
    for _ in range(100):
        res = np.zeros(n)
        jac = np.zeros((n, n))
        for i in range(n - 1):
            up = i if h[i] >= h[i + 1] else i + 1
            thick = h[up] - bottom
            flow = c * thick * (h[i] - h[i + 1])        # from i to i+1
            res[i] -= flow
            res[i + 1] += flow
            d_hi = c * thick + (c * (h[i] - h[i + 1]) if up == i else 0.0)
            d_hj = -c * thick + (c * (h[i] - h[i + 1]) if up == i + 1 else 0.0)
            jac[i, i] -= d_hi
            jac[i, i + 1] -= d_hj
            jac[i + 1, i] += d_hi
            jac[i + 1, i + 1] += d_hj
        res += q_in
        for i in (0, n - 1):
            res[i] = 0.0
            jac[i, :] = 0.0
            jac[i, i] = 1.0
        dh = np.linalg.solve(jac, -res)
        h += dh
        if np.max(np.abs(dh)) < 1e-13:
            break
    return h
