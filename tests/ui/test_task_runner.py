"""The database thread runs tasks in order on one thread; the job pool reports and cancels."""

from __future__ import annotations

import threading
from typing import Any

from tests.ui.conftest import run_on_db


def test_tasks_run_in_order_on_one_thread_that_is_not_the_gui_thread(
    qtbot: Any, runner: Any
) -> None:
    seen: list[tuple[int, int]] = []
    results: list[int] = []
    for number in range(20):
        runner.submit(lambda n=number: seen.append((n, threading.get_ident())) or n, results.append)
    qtbot.waitUntil(lambda: len(results) == 20)
    assert results == list(range(20))
    assert [n for n, _ in seen] == list(range(20))
    thread_ids = {ident for _, ident in seen}
    assert len(thread_ids) == 1
    assert thread_ids != {threading.get_ident()}
    assert runner.pending == 0


def test_callbacks_run_on_the_gui_thread(qtbot: Any, runner: Any) -> None:
    where: list[int] = []
    runner.submit(lambda: 1, lambda _value: where.append(threading.get_ident()))
    qtbot.waitUntil(lambda: bool(where))
    assert where == [threading.get_ident()]


def test_errors_reach_on_error_and_the_runner_keeps_going(qtbot: Any, runner: Any) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("x")

    runner.submit(boom, on_error=errors.append)
    assert run_on_db(qtbot, runner, lambda: 42) == 42
    assert len(errors) == 1 and isinstance(errors[0], ValueError)


def test_error_without_handler_is_signalled(qtbot: Any, runner: Any) -> None:
    def boom() -> None:
        raise KeyError("k")

    with qtbot.waitSignal(runner.task_failed) as blocker:
        runner.submit(boom)
    assert isinstance(blocker.args[0], KeyError)


def test_shutdown_runs_queued_work_then_joins(qtbot: Any) -> None:
    from ui.task_runner import TaskRunner

    task_runner = TaskRunner()
    ran: list[int] = []
    gate = threading.Event()
    task_runner.submit(gate.wait)
    task_runner.submit(lambda: ran.append(1))
    gate.set()
    task_runner.shutdown()
    assert ran == [1]
    assert not task_runner._thread.isRunning()
    try:
        task_runner.submit(lambda: None)
    except RuntimeError:
        pass
    else:
        raise AssertionError("submit after shutdown must fail")


def test_job_runner_reports_progress_and_result(qtbot: Any) -> None:
    from ui.job_runner import JobRunner

    jobs = JobRunner()
    try:
        progress: list[tuple[float, str]] = []
        results: list[str] = []

        def job(progress: Any, cancelled: Any) -> str:
            for step in range(1, 5):
                progress(step / 4, "step")
            return "done"

        jobs.start(job, on_done=results.append, on_progress=lambda f, s: progress.append((f, s)))
        qtbot.waitUntil(lambda: results == ["done"])
        qtbot.waitUntil(lambda: len(progress) == 4)
        assert progress[-1] == (1.0, "step")
    finally:
        jobs.shutdown()


def test_job_runner_cancel_stops_the_job(qtbot: Any) -> None:
    from supportline.errors import Interrupted
    from ui.job_runner import JobRunner

    jobs = JobRunner()
    try:
        started = threading.Event()
        errors: list[BaseException] = []

        def job(progress: Any, cancelled: Any) -> None:
            started.set()
            while not cancelled():
                threading.Event().wait(0.005)
            raise Interrupted()

        reporter = jobs.start(job, on_error=errors.append)
        assert started.wait(5)
        reporter.cancel()
        qtbot.waitUntil(lambda: bool(errors))
        assert isinstance(errors[0], Interrupted)
        assert jobs.active == 0
    finally:
        jobs.shutdown()


def test_each_task_reports_what_it_changed_after_its_callback(
    qtbot: Any, runner: Any, admin_services: Any
) -> None:
    from supportline.changes import Changes

    order: list[str] = []
    runner.changes_made.connect(lambda made: order.append(f"changes {sorted(made.tables)}"))
    settings = admin_services.settings
    with qtbot.waitSignal(runner.changes_made) as made:
        runner.submit(
            lambda: settings.update({"idle_lock_minutes": 9}),
            lambda _values: order.append("callback"),
        )
    assert made.args[0] == Changes.of("settings", "audit")
    assert order == ["callback", "changes ['audit', 'settings']"]


def test_a_read_only_task_reports_no_changes(qtbot: Any, runner: Any, admin_services: Any) -> None:
    users, cases = admin_services.users, admin_services.cases
    with qtbot.assertNotEmitted(runner.changes_made, wait=100):
        assert [u.username for u in run_on_db(qtbot, runner, users.list_users)] == ["admin"]
        assert run_on_db(qtbot, runner, cases.waiting_list) == []


def test_a_failed_task_still_reports_what_it_committed(
    qtbot: Any, runner: Any, admin_services: Any
) -> None:
    settings = admin_services.settings
    errors: list[BaseException] = []

    def half() -> None:
        settings.update({"idle_lock_minutes": 9})
        raise RuntimeError("after the first commit")

    with qtbot.waitSignal(runner.changes_made) as made:
        runner.submit(half, on_error=errors.append)
    assert "settings" in made.args[0].tables and len(errors) == 1


def test_garbage_is_collected_on_the_gui_thread_never_on_a_worker(qtbot: Any, runner: Any) -> None:
    """A collection on the database thread may destroy a Qt object there, which crashes Qt.

    Python's cyclic collector runs in whichever thread happens to allocate when a threshold is
    crossed; while a runner exists the collector must run on the GUI thread only.
    """
    import gc

    from ui.job_runner import JobRunner

    collected_on: set[int] = set()

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collected_on.add(threading.get_ident())

    def churn(**_kwargs: Any) -> int:
        for _ in range(30_000):  # cycles: enough allocations to cross gen-0 many times over
            loop: list[Any] = []
            loop.append(loop)
        return 1

    jobs = JobRunner()
    gc.callbacks.append(note)
    try:
        assert run_on_db(qtbot, runner, churn) == 1
        done: list[int] = []
        jobs.start(churn, on_done=done.append)
        qtbot.waitUntil(lambda: done == [1], timeout=10_000)
        gui = threading.get_ident()
        qtbot.waitUntil(lambda: gui in collected_on, timeout=5_000)  # garbage is not left
    finally:
        gc.callbacks.remove(note)
        jobs.shutdown()
    assert collected_on == {gui}


def test_the_collector_is_given_back_when_the_last_runner_shuts_down(qtbot: Any) -> None:
    import gc

    from ui import gui_collector
    from ui.task_runner import TaskRunner

    before = gc.isenabled(), gui_collector.active()
    first, second = TaskRunner(), TaskRunner()
    assert not gc.isenabled() and gui_collector.active()
    first.shutdown()
    assert not gc.isenabled()
    second.shutdown()
    second.shutdown()  # twice is harmless and does not give back more than was taken
    # Given back as it was (other runners of the test session may still hold it).
    assert (gc.isenabled(), gui_collector.active()) == before
