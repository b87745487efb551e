"""A lane killed while it waits for its turn (bulk/lanes.py): the import stops with the
lane's death, as when it is killed writing, instead of waiting for ever — the lane before,
handing the turn on, waited for the dead lane to wake. Run in a process of its own (the
lanes are forked from it), which the test kills if it hangs."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager

LANES = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    from collections import Counter
    from mteja.clients.bulk.lanes import run_lanes

    def work(lane):
        for index in range(4):
            if not lane.takes(index):
                continue
            if lane.number == 1:
                with open(sys.argv[1], "w") as out:
                    out.write(str(os.getpid()))
            with lane.turn(index):
                if lane.number == 0:
                    time.sleep(2)  # lane 1 waits meanwhile for batch 1's turn
        return Counter(done=1)

    try:
        run_lanes(2, work)
    except RuntimeError as failure:
        print(failure)
    """
)


@contextmanager
def script_run(script: str, path):
    """`script` run with `path` in a process of its own session, killed with its lanes if it
    has not ended by the block's end (a hang fails the test instead of blocking it)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mteja.test_settings"}
    run = subprocess.Popen(  # noqa: S603 (our own script)
        [sys.executable, "-c", script, str(path)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield run
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()


def test_a_lane_killed_while_waiting_for_its_turn_stops_the_import(tmp_path):
    waiting = tmp_path / "waiting"
    with script_run(LANES, waiting) as run:
        while not (waiting.exists() and waiting.read_text()):
            assert run.poll() is None, "the lanes ended before lane 1 waited"
            time.sleep(0.05)
        time.sleep(0.5)  # lane 1 is asleep, waiting for batch 1's turn
        os.kill(int(waiting.read_text()), signal.SIGKILL)
        output, _errors = run.communicate(timeout=30)
    assert output.strip() == "An import lane died (-9)."


INTERRUPTED = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from collections import Counter
    from mteja.clients.bulk.lanes import run_lanes

    def work(lane):
        for index in range(40):
            if not lane.takes(index):
                continue
            with lane.turn(index):
                with open(sys.argv[1], "a") as out:
                    out.write(f"{index}\\n")
                time.sleep(0.5)  # a lane looks every second whether its starter still runs
        return Counter(done=1)

    try:
        run_lanes(2, work)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    """
)


def test_the_lanes_stop_when_the_process_that_started_them_is_interrupted(tmp_path):
    """SIGINT to the importing process alone (`kill -INT`, not Ctrl-C's whole process
    group): its lanes stop too, rather than write the rest of the file behind its back while
    it waits for them to end."""
    written = tmp_path / "written"
    with script_run(INTERRUPTED, written) as run:
        while not (written.exists() and len(written.read_text().split()) >= 2):
            assert run.poll() is None, "the lanes ended before they wrote"
            time.sleep(0.05)
        os.kill(run.pid, signal.SIGINT)
        output, _errors = run.communicate(timeout=30)
    assert output.strip() == "interrupted"
    # Of 40 batches, half a second each: stopped within seconds, not run to the end (with a
    # tenth of a second a batch, a lane seeing the stop a second late on a machine at load 33
    # had written ten).
    assert len(written.read_text().split()) < 10


NOT_STARTED = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from collections import Counter
    from multiprocessing.context import ForkProcess
    from mteja.clients.bulk.lanes import run_lanes

    started, start = [], ForkProcess.start

    def refused_after_one(process):
        if started:
            raise OSError(11, "Resource temporarily unavailable")  # fork refused
        started.append(process)
        start(process)

    ForkProcess.start = refused_after_one

    def work(lane):
        for index in range(40):
            if lane.takes(index):
                with lane.turn(index):
                    with open(sys.argv[1], "a") as out:
                        out.write(f"{index}\\n")
        return Counter(done=1)

    try:
        run_lanes(2, work)
    except OSError as failure:
        print(failure.strerror, [process.is_alive() for process in started], flush=True)
    """
)


def test_the_lanes_started_stop_when_another_cannot_be_started(tmp_path):
    """A fork refused (a process limit, memory) for the second lane: the first, started,
    stops with the failure rather than write its batches behind a job marked failed, then
    wait for ever for the turn of the lane that never ran (and the process with it, its
    exit waiting for its lanes)."""
    written = tmp_path / "written"
    with script_run(NOT_STARTED, written) as run:
        try:
            output, _errors = run.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            output = "hung"
    assert output.strip() == "Resource temporarily unavailable [False]"
    assert run.returncode == 0
    assert not written.exists() or written.read_text().split() in ([], ["0"])
