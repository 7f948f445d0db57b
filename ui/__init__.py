"""The SupportLine desktop application (PySide6): the only package that imports Qt.

The core (``supportline``) knows nothing of Qt. This package builds the services after unlock in
one composition root (:class:`ui.session_controller.SessionController`) and calls them through
the single database thread of :class:`ui.task_runner.TaskRunner`.
"""
