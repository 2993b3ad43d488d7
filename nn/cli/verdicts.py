"""What a run's losses say about its learning rate, in words, and when they say nothing yet."""

from __future__ import annotations

from nn.cli.common import number
from nn.history import History, SweepRun

#: The fewest updates after which a run's losses say something about its learning rate:
#: over a handful of steps the loss can rise or stall at any rate (Adam's first steps move
#: every weight by about lr whatever the gradient; one batch may be an unlucky one).
MIN_UPDATES_TO_JUDGE = 10


def updates_made(history: History) -> int:
    """How many updates a run made: one per batch loss, but for the one it stopped at."""
    return len(history.batch_losses) - (1 if history.diverged else 0)


def too_few_updates(updates: int) -> str | None:
    """What to say instead of a verdict on the learning rate, when there were too few
    updates (see :data:`MIN_UPDATES_TO_JUDGE`) for the losses to tell."""
    if updates >= MIN_UPDATES_TO_JUDGE:
        return None
    return (f"too few updates to judge the learning rate ({updates}, at least "
            f"{MIN_UPDATES_TO_JUDGE} needed): train more epochs or use smaller batches")


def verdict(run: SweepRun, initial_loss: float, final_loss: float, best_lr: float | None) -> str:
    """What a run of a sweep shows, in words: diverged (the library's message), too few
    updates to tell, unstable (the loss went up), crawled (it barely moved), or the best
    of the sweep. ``final_loss`` is measured after the run's last update."""
    if run.diverged:
        return f"diverged: {run.history.stop_reason}"
    too_few = too_few_updates(updates_made(run.history))
    if too_few:
        return too_few
    peak = max([*run.history.history.get("loss", []), final_loss])
    if peak > 2 * initial_loss or final_loss > initial_loss:
        return f"too high: unstable, the loss rose to {number(peak)} (it started at " \
               f"{number(initial_loss)})"
    if final_loss > 0.9 * initial_loss:
        share = final_loss / initial_loss
        return f"too low: crawling, still {share:.0%} of the starting loss"
    return "best" if run.lr == best_lr else ""
