"""Work shared among worker processes once the model is built: forked on Linux, so the
workers start with the model, templates and catalogs already in memory (spawned where
fork is not available, where each worker pickles its share instead).

Results come back in the order of the work, whatever order the workers finish in, so
the output is the same as a single process would give."""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items, starting processes costs more than it saves.
SMALL = 64


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def chunks(items: Sequence[Item], n: int) -> list[Sequence[Item]]:
    """`items` in `n` interleaved shares of about the same size and cost."""
    return [items[i::n] for i in range(n)]


def shared_out(work: Callable[[Sequence[Item]], Result], shares: list[Sequence[Item]]) -> list[Result]:
    """work(share) for each share: the first in this process, the others in as many
    worker processes at the same time (fewer processes, less memory than a worker each)."""
    if len(shares) == 1:
        return [work(shares[0])]
    with context().Pool(len(shares) - 1) as pool:
        others = pool.map_async(work, shares[1:])
        first = work(shares[0])
        return [first, *others.get()]


def forked(work: Callable[[Item], Result], shares: list[Item]) -> list[Result]:
    """work(share) for each share: the first in this process, each other in a process forked
    from it, which starts with `work` and all it holds (the pages, the templates) in memory:
    nothing is sent to a worker, and no module keeps what it works on. Only the results come
    back. Needs the fork start method (`context()`); a worker's error is raised here."""
    fork = multiprocessing.get_context("fork")
    started = []
    for share in shares[1:]:
        receive, send = fork.Pipe(duplex=False)
        worker = fork.Process(target=_send_back, args=(send, work, share), daemon=True)
        worker.start()
        send.close()
        started.append((receive, worker))
    try:
        results = [work(shares[0])]
        for receive, worker in started:
            try:
                done, result = receive.recv()
            except EOFError:
                raise RuntimeError(f"a worker process stopped (exit code {worker.exitcode})") from None
            if not done:
                raise result
            results.append(result)
        return results
    finally:                                     # none is left running, whatever happened here
        for receive, worker in started:
            receive.close()
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _send_back(send, work: Callable[[Item], Result], share: Item) -> None:
    sent: tuple[bool, Result | BaseException]
    try:
        sent = (True, work(share))
    except BaseException as err:        # raised again in the process that asked
        sent = (False, err)
    send.send(sent)
    send.close()


def in_parallel(work: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item],
                jobs: int) -> list[Result]:
    """work(items), done in `jobs` processes; the results in the order of `items`."""
    if jobs <= 1 or len(items) < SMALL:
        return work(items)
    done = shared_out(work, chunks(items, jobs))
    results: list = [None] * len(items)
    for i, share in enumerate(done):
        results[i::jobs] = share
    return results
