"""Optimizers against torch.optim (float64): whole trajectories, lr changes, bad settings."""

from __future__ import annotations

import inspect

import pytest

from autograd.value import Value
from nn.module import MLP
from nn.optim import DEFAULTS, OPTIMIZERS, SGD, Adam, RMSprop, make_optimizer
from nn.optimizer import Optimizer

# (our optimizer, torch.optim class name, keyword arguments shared by both)
CONFIGS = [
    (SGD, "SGD", {"lr": 0.05}),
    (SGD, "SGD", {"lr": 0.02, "momentum": 0.9}),
    (SGD, "SGD", {"lr": 0.02, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05}),
    (Adam, "Adam", {"lr": 0.05}),
    (Adam, "Adam", {"lr": 0.1, "betas": (0.3, 0.9), "eps": 1e-6, "weight_decay": 0.1}),
    (RMSprop, "RMSprop", {"lr": 0.01}),
    (RMSprop, "RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "momentum": 0.5,
                          "weight_decay": 0.05}),
]
IDS = [f"{cls.__name__}-{i}" for i, (cls, _, _) in enumerate(CONFIGS)]


def objective(x, y):
    """A nonconvex function of two parameters, written once for Values and torch tensors."""
    return (x * y - 1) ** 2 + 0.1 * x**4 - 0.5 * x**2 + (0.7 * y).tanh() + 0.3 * (x - y) ** 2


def torch_optimizer(torch, name, params, kwargs):
    # foreach=False: the single-tensor code path, whose operation order nn.optim follows
    return getattr(torch.optim, name)(params, foreach=False, **kwargs)


def twin_optimizers(torch, cls, torch_name, kwargs):
    """Two weights (1.5, -0.5) with our optimizer, and the same two in torch with its twin."""
    a, b = Value(1.5), Value(-0.5)
    ta, tb = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (1.5, -0.5))
    theirs = torch_optimizer(torch, torch_name, [ta, tb], kwargs)
    return (a, b, cls([a, b], **kwargs)), (ta, tb, theirs)


def step_on_own_gradients(ours, theirs):
    """One step of each twin, each from the gradients its own engine computes."""
    for x, y, optimizer in (ours, theirs):
        optimizer.zero_grad()
        objective(x, y).backward()
        optimizer.step()


@pytest.mark.parametrize(("cls", "torch_name", "kwargs"), CONFIGS, ids=IDS)
def test_same_gradients_give_the_same_updates_as_torch(cls, torch_name, kwargs):
    """Fed the very same gradients, 100 updates agree with torch.optim to 1e-12."""
    torch = pytest.importorskip("torch")
    (a, b, ours), (ta, tb, theirs) = twin_optimizers(torch, cls, torch_name, kwargs)
    for _ in range(100):
        ours.zero_grad()
        objective(a, b).backward()
        ta.grad = torch.tensor(a.grad, dtype=torch.float64)
        tb.grad = torch.tensor(b.grad, dtype=torch.float64)
        ours.step()
        theirs.step()
        assert a.data == pytest.approx(ta.item(), rel=1e-12, abs=1e-12)
        assert b.data == pytest.approx(tb.item(), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(("cls", "torch_name", "kwargs"), CONFIGS, ids=IDS)
def test_trajectory_on_a_nonconvex_function_matches_torch(cls, torch_name, kwargs):
    """Each side computes its own gradients: 50 steps agree to 1e-9."""
    torch = pytest.importorskip("torch")
    (a, b, ours), (ta, tb, theirs) = twin_optimizers(torch, cls, torch_name, kwargs)
    start = (a.data, b.data)
    for _ in range(50):
        step_on_own_gradients((a, b, ours), (ta, tb, theirs))
        assert a.data == pytest.approx(ta.item(), abs=1e-9)
        assert b.data == pytest.approx(tb.item(), abs=1e-9)
    assert (a.data, b.data) != start


def _torch_mlp(torch, model):
    """torch copies of an MLP's weights: per layer a (nout, nin) matrix and a bias vector."""
    layers = []
    for layer in model.layers:
        w = [[v.data for v in n.w] for n in layer.neurons]
        b = [n.b.data for n in layer.neurons]
        layers.append((torch.tensor(w, dtype=torch.float64, requires_grad=True),
                       torch.tensor(b, dtype=torch.float64, requires_grad=True)))
    return layers


def _torch_forward(torch, layers, X):
    h = torch.tensor(X, dtype=torch.float64)
    for i, (w, b) in enumerate(layers):
        h = h @ w.T + b
        if i < len(layers) - 1:
            h = torch.tanh(h)
    return h[:, 0]


def _flat(layers):
    """The torch weights in MLP.parameters() order: each neuron's weights, then its bias."""
    return [x for w, b in layers for j in range(len(b)) for x in [*w[j].tolist(), b[j].item()]]


MLP_X = [[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8], [0.1, 0.1], [-1.2, -0.4], [0.9, -0.6]]
MLP_Y = [1.0, -0.5, 0.3, 0.0, 0.8, -1.0]


@pytest.mark.parametrize(("cls", "torch_name", "kwargs"), CONFIGS, ids=IDS)
def test_trajectory_on_an_mlp_matches_torch(cls, torch_name, kwargs):
    torch = pytest.importorskip("torch")
    model = MLP(2, [4, 3, 1], activation="tanh", seed=1)
    layers = _torch_mlp(torch, model)
    assert _flat(layers) == [p.data for p in model.parameters()]
    ours = cls(model.parameters(), **kwargs)
    theirs = torch_optimizer(torch, torch_name, [t for pair in layers for t in pair], kwargs)
    targets = torch.tensor(MLP_Y, dtype=torch.float64)
    for _ in range(50):
        predictions = [model(x) for x in MLP_X]
        loss = sum(((p - t) ** 2 for p, t in zip(predictions, MLP_Y)), Value(0.0)) / len(MLP_Y)
        ours.zero_grad()
        loss.backward()
        ours.step()
        theirs.zero_grad()
        torch_loss = torch.mean((_torch_forward(torch, layers, MLP_X) - targets) ** 2)
        torch_loss.backward()
        theirs.step()
        assert loss.data == pytest.approx(torch_loss.item(), abs=1e-9)
        assert [p.data for p in model.parameters()] == pytest.approx(_flat(layers), abs=1e-9)


@pytest.mark.parametrize(("cls", "torch_name", "kwargs"), CONFIGS, ids=IDS)
def test_changing_lr_mid_run_under_both_names_matches_torch(cls, torch_name, kwargs):
    torch = pytest.importorskip("torch")
    (a, b, ours), (ta, tb, theirs) = twin_optimizers(torch, cls, torch_name, kwargs)
    for step in range(40):
        if step == 10:
            ours.lr = kwargs["lr"] * 3
            theirs.param_groups[0]["lr"] = kwargs["lr"] * 3
        if step == 25:
            ours.learning_rate = kwargs["lr"] / 4
            theirs.param_groups[0]["lr"] = kwargs["lr"] / 4
        step_on_own_gradients((a, b, ours), (ta, tb, theirs))
        assert (a.data, b.data) == pytest.approx((ta.item(), tb.item()), abs=1e-9)
    assert ours.lr == ours.learning_rate == kwargs["lr"] / 4


def test_first_steps_by_hand():
    """Oracles without torch: p - lr*g for SGD; Adam's first step moves by lr*sign(g)."""
    w = Value(2.0)
    opt = SGD([w], lr=0.1)
    (w * w).backward()  # g = 4
    opt.step()
    assert w.data == pytest.approx(2.0 - 0.1 * 4.0, abs=1e-15)
    v = Value(2.0)
    adam = Adam([v], lr=0.01)
    (v * v * 10).backward()  # g = 40, first step: m̂/sqrt(v̂) = g/|g|
    adam.step()
    assert v.data == pytest.approx(2.0 - 0.01 * 40 / (40 + 1e-8), abs=1e-15)


def test_momentum_accumulates_by_hand():
    w = Value(0.0)
    opt = SGD([w], lr=1.0, momentum=0.5)
    for _ in range(3):
        w.grad = 1.0  # a constant gradient: buffer 1, 1.5, 1.75
        opt.step()
    assert w.data == pytest.approx(-(1.0 + 1.5 + 1.75))


def test_lr_and_learning_rate_are_one_value():
    opt = SGD([Value(1.0)], lr=0.1)
    opt.lr = 0.5
    assert opt.learning_rate == 0.5
    opt.learning_rate = 0.25
    assert opt.lr == 0.25
    with pytest.raises(ValueError, match="-1"):
        opt.learning_rate = -1
    assert opt.lr == 0.25


def test_updates_record_no_graph_and_keep_gradients():
    w = Value(1.0)
    for opt in (SGD([w], momentum=0.9), Adam([w]), RMSprop([w], momentum=0.5)):
        w.grad = 0.3
        opt.step()
        assert w.op is None and w.inputs == () and isinstance(w.data, float)
        assert w.grad == 0.3
        opt.zero_grad()
        assert w.grad == 0.0


def test_repr_names_the_settings():
    text = repr(SGD([Value(1.0), Value(2.0)], lr=0.1, momentum=0.9))
    assert text.startswith("SGD(") and "lr=0.1" in text and "momentum=0.9" in text
    assert "2 parameters" in text
    assert "betas=(0.9, 0.999)" in repr(Adam([Value(1.0)]))


@pytest.mark.parametrize(
    ("build", "bad"),
    [
        (lambda p: SGD(p, lr=-0.1), "-0.1"),
        (lambda p: SGD(p, lr=float("nan")), "nan"),
        (lambda p: SGD(p, momentum=1.0), "momentum"),
        (lambda p: SGD(p, momentum=-0.5), "-0.5"),
        (lambda p: SGD(p, nesterov=True), "nesterov"),
        (lambda p: SGD(p, weight_decay=-1e-4), "weight_decay"),
        (lambda p: Adam(p, betas=(1.0, 0.999)), r"betas\[0\]"),
        (lambda p: Adam(p, betas=(0.9, -0.1)), r"betas\[1\]"),
        (lambda p: Adam(p, betas=(0.9,)), "betas"),
        (lambda p: Adam(p, eps=-1e-8), "eps"),
        (lambda p: Adam(p, lr=-1), "-1"),
        (lambda p: RMSprop(p, alpha=1.5), "alpha"),
        (lambda p: RMSprop(p, momentum=1.0), "momentum"),
        (lambda p: RMSprop(p, eps=-1.0), "eps"),
        (lambda p: RMSprop(p, weight_decay=-0.1), "weight_decay"),
    ],
)
def test_nonsense_hyperparameters_raise_naming_the_value(build, bad):
    with pytest.raises(ValueError, match=bad):
        build([Value(1.0)])


@pytest.mark.parametrize("cls", [Adam, RMSprop], ids=lambda c: c.__name__)
def test_eps_must_be_positive_so_a_zero_gradient_never_divides_0_by_0(cls):
    # torch accepts eps=0 and then turns a zero gradient into nan; gradschool refuses it.
    with pytest.raises(ValueError, match="eps must be a finite number > 0, got 0"):
        cls([Value(1.0)], eps=0)
    w = Value(1.0)
    opt = cls([w], lr=0.1, eps=1e-300)  # tiny but positive: a zero gradient moves nothing
    w.grad = 0.0
    opt.step()
    assert w.data == 1.0


def test_bad_params():
    with pytest.raises(ValueError, match="empty"):
        SGD([])
    with pytest.raises(TypeError, match=r"params\[1\]"):
        Adam([Value(1.0), 2.0])  # type: ignore[list-item]
    w = Value(1.0, label="w")
    with pytest.raises(ValueError, match="twice"):
        SGD([w, w])
    with pytest.raises(TypeError, match="parameters()"):
        SGD(MLP(2, [1], seed=0))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="lr must be a number"):
        SGD([w], lr="0.1")  # type: ignore[arg-type]


def test_make_optimizer():
    params = [Value(1.0)]
    sgd = make_optimizer("sgd", params)
    assert isinstance(sgd, SGD) and sgd.lr == 0.01 and sgd.momentum == 0.0
    momentum = make_optimizer("Momentum", params, lr=0.3)
    assert isinstance(momentum, SGD) and momentum.momentum == 0.9 and momentum.lr == 0.3
    assert isinstance(make_optimizer("rmsprop", params), RMSprop)
    adam = make_optimizer("adam", params)
    assert isinstance(adam, Adam) and adam.lr == 0.001
    with pytest.raises(ValueError, match="sgd, momentum, rmsprop, adam"):
        make_optimizer("adagrad", params)
    for name in OPTIMIZERS:
        assert make_optimizer(name, params).lr == DEFAULTS[name]["gradschool"]["lr"]
        assert isinstance(make_optimizer(name, params), Optimizer)


def _default(cls, name):
    return inspect.signature(cls).parameters[name].default


def test_defaults_table_matches_gradschool():
    assert DEFAULTS["sgd"]["gradschool"]["lr"] == _default(SGD, "lr")
    assert DEFAULTS["momentum"]["gradschool"]["lr"] == _default(SGD, "lr")
    assert DEFAULTS["adam"]["gradschool"]["lr"] == _default(Adam, "lr")
    assert DEFAULTS["adam"]["gradschool"]["eps"] == _default(Adam, "eps")
    assert (DEFAULTS["adam"]["gradschool"]["beta1"],
            DEFAULTS["adam"]["gradschool"]["beta2"]) == _default(Adam, "betas")
    assert DEFAULTS["rmsprop"]["gradschool"]["lr"] == _default(RMSprop, "lr")
    assert DEFAULTS["rmsprop"]["gradschool"]["alpha"] == _default(RMSprop, "alpha")
    assert DEFAULTS["rmsprop"]["gradschool"]["eps"] == _default(RMSprop, "eps")


def test_defaults_table_matches_torch():
    torch = pytest.importorskip("torch")
    assert DEFAULTS["sgd"]["pytorch"]["lr"] == _default(torch.optim.SGD, "lr") == 1e-3
    assert DEFAULTS["momentum"]["pytorch"]["momentum"] == _default(torch.optim.SGD, "momentum")
    adam = DEFAULTS["adam"]["pytorch"]
    assert adam["lr"] == _default(torch.optim.Adam, "lr")
    assert (adam["beta1"], adam["beta2"]) == _default(torch.optim.Adam, "betas")
    assert adam["eps"] == _default(torch.optim.Adam, "eps")
    rmsprop = DEFAULTS["rmsprop"]["pytorch"]
    assert rmsprop["lr"] == _default(torch.optim.RMSprop, "lr") == 1e-2
    assert rmsprop["alpha"] == _default(torch.optim.RMSprop, "alpha")
    assert rmsprop["eps"] == _default(torch.optim.RMSprop, "eps")


#: Keras 3's signatures as its API reference prints them (keras.io/api/optimizers/), in
#: Keras's own names; Keras is not installed here.
KERAS_SIGNATURES = {
    "SGD": {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False},
    "RMSprop": {"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-07},
    "Adam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07},
}
KERAS_NAMES = {"learning_rate": "lr", "rho": "alpha", "epsilon": "eps", "beta_1": "beta1",
               "beta_2": "beta2", "momentum": "momentum"}


@pytest.mark.parametrize(("ours", "keras"), [("sgd", "SGD"), ("momentum", "SGD"),
                                             ("rmsprop", "RMSprop"), ("adam", "Adam")])
def test_keras_defaults_are_its_documented_signatures(ours, keras):
    documented = {KERAS_NAMES[k]: v for k, v in KERAS_SIGNATURES[keras].items()
                  if k in KERAS_NAMES and (k != "momentum" or ours != "rmsprop")}
    assert DEFAULTS[ours]["keras"] == documented
