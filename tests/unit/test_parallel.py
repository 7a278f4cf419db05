"""Work handed to forked processes with all it holds, never through a module's variable."""
from __future__ import annotations

import multiprocessing

import pytest

from vigil.base.parallel import context, forked

pytestmark = pytest.mark.skipif(context().get_start_method() != "fork", reason="needs fork")


def test_each_share_is_worked_on_with_what_the_work_holds_in_order():
    held = {n: n * n for n in range(100)}                     # not sent: the workers start with it
    assert forked(lambda share: [held[n] for n in share], [range(3), range(3, 6), range(6, 9)]) == \
        [[0, 1, 4], [9, 16, 25], [36, 49, 64]]


def test_a_workers_error_is_raised_here_and_no_worker_is_left():
    def work(share):
        if share == 1:
            raise ValueError("in a worker")
        return share
    with pytest.raises(ValueError, match="in a worker"):
        forked(work, [0, 1, 2])
    with pytest.raises(ValueError, match="in a worker"):
        forked(work, [1, 0, 2])                               # the share worked on here
    assert multiprocessing.active_children() == []
