"""One backward pass's start and finish: earlier gradients set aside, then added back.

Through ``backward()`` and the stepper these are tested against PyTorch (test_value,
test_stepper, test_random_graphs); here the two steps are checked on their own.
"""

from autograd import Value, topological_order
from autograd.accumulation import finish_pass, start_pass


def test_a_fresh_graph_sets_nothing_aside_and_seeds_its_root() -> None:
    a = Value(2.0)
    out = a * 3.0
    order = topological_order(out)
    assert start_pass(order, 0.5) is None
    assert (out.grad, a.grad) == (0.5, 0.0)
    finish_pass(order, None)
    assert (out.grad, a.grad) == (0.5, 0.0)


def test_earlier_gradients_are_set_aside_then_added_back() -> None:
    a = Value(2.0)
    out = a * 3.0
    order = topological_order(out)
    a.grad, out.grad = 7.0, 1.0
    earlier = start_pass(order, 1.0)
    assert earlier == [{a: 7.0, out: 1.0}.get(node, 0.0) for node in order]
    assert (a.grad, out.grad) == (0.0, 1.0)  # this pass starts from scratch
    a.grad += 3.0  # what the pass itself adds
    finish_pass(order, earlier)
    assert (a.grad, out.grad) == (10.0, 2.0)
