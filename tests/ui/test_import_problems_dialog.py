"""The import problems dialog: every problem by line, with the registered names near an unknown
organisation, each readable in full."""

from __future__ import annotations

from typing import Any

from supportline import reference
from supportline.errors import RowProblem

KCC = tuple(sorted(o.name for o in reference.organisations() if o.group == "kcc"))


def test_unknown_organisation_lists_the_suggested_names(qtbot: Any) -> None:
    from ui.import_problem_table_model import ImportProblemTableModel
    from ui.import_problems_dialog import ImportProblemsDialog

    problems = [
        RowProblem(2, "organisation", "unknown_organisation", "", KCC),
        RowProblem(3, "organisation", "unknown_organisation", ""),
        RowProblem(4, "home_postcode", "postcode_format", ""),
    ]
    dialog = ImportProblemsDialog("Import clients", problems)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    reason = dialog.proxy.index(0, ImportProblemTableModel.COLUMN_REASON).data()
    lines = reason.splitlines()
    assert lines[0] == "there is no organisation with that name."
    assert lines[1] == "Registered names like it:"
    assert [line.strip() for line in lines[2:]] == list(KCC)
    plain = dialog.proxy.index(1, ImportProblemTableModel.COLUMN_REASON).data()
    assert plain == "there is no organisation with that name."
    # The row is tall enough for every suggested name, and no taller row is cut.
    table = dialog.table
    assert table.rowHeight(0) >= table.sizeHintForRow(0)
    assert table.rowHeight(0) > 3 * table.rowHeight(1)
