"""Second derivatives, Hessians and jvps of random smooth graphs against PyTorch float64."""

from __future__ import annotations

import pytest
from smooth_graphs import build, close, random_point, random_recipe

from autograd import Value
from autograd.higher import grad, hessian, jvp

torch = pytest.importorskip("torch")

SEEDS = range(16)
LEAVES = 3


def _torch_leaves(point: list[float]) -> list:
    return [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in point]


@pytest.mark.parametrize("seed", SEEDS)
def test_second_derivatives_match_torch(seed: int) -> None:
    recipe, point = random_recipe(seed, LEAVES), random_point(seed, LEAVES)
    xs = [Value(x) for x in point]
    firsts = grad(build(recipe, xs), xs, create_graph=True)
    ts = _torch_leaves(point)
    torch_firsts = torch.autograd.grad(build(recipe, ts, torch), ts, create_graph=True)
    for ours, theirs in zip(firsts, torch_firsts, strict=True):
        assert close(ours.data, theirs.item())  # type: ignore[union-attr]
        seconds = grad(ours, xs)  # type: ignore[arg-type]
        torch_seconds = (  # a constant first derivative has no graph in torch
            torch.autograd.grad(theirs, ts, retain_graph=True, allow_unused=True)
            if theirs.requires_grad else [None] * LEAVES
        )
        for s, t in zip(seconds, torch_seconds, strict=True):
            assert close(s, 0.0 if t is None else t.item()), (seed, s, t)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", SEEDS)
def test_hessian_matches_torch(seed: int) -> None:
    recipe, point = random_recipe(seed, LEAVES), random_point(seed, LEAVES)
    xs = [Value(x) for x in point]
    ours = hessian(build(recipe, xs), xs)
    theirs = torch.autograd.functional.hessian(
        lambda v: build(recipe, list(v.unbind()), torch), torch.tensor(point, dtype=torch.float64)
    )
    for i in range(LEAVES):
        for j in range(LEAVES):
            assert close(ours[i][j], theirs[i, j].item()), (seed, i, j)
    assert all(close(ours[i][j], ours[j][i]) for i in range(LEAVES) for j in range(LEAVES))


@pytest.mark.parametrize("seed", SEEDS)
def test_jvp_matches_torch_func_jvp(seed: int) -> None:
    recipe, point = random_recipe(seed, LEAVES), random_point(seed, LEAVES)
    direction = [0.5, -1.25, 2.0]
    xs = [Value(x) for x in point]
    ours = jvp(build(recipe, xs), dict(zip(xs, direction)))
    _, theirs = torch.func.jvp(
        lambda *v: build(recipe, list(v), torch),
        tuple(torch.tensor(x, dtype=torch.float64) for x in point),
        tuple(torch.tensor(t, dtype=torch.float64) for t in direction),
    )
    assert close(ours, theirs.item())
