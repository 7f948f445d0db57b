"""UserTableModel: a correct Qt model, typed sort role, row objects through the proxy."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt

from supportline.roles import Role
from supportline.services.users import UserInfo


def _user(
    username: str, name: str, roles: set[Role], active: bool = True, created: datetime | None = None
) -> UserInfo:
    return UserInfo(
        username=username,
        display_name=name,
        roles=frozenset(roles),
        active=active,
        is_clinical_lead=False,
        has_slot=active,
        must_change_password=False,
        created_at=created or datetime(2025, 1, 2, 9, 0, tzinfo=UTC),
        disabled_at=None if active else datetime(2025, 2, 1, tzinfo=UTC),
    )


USERS = [
    _user("zoe", "Zoe Zed", {Role.COUNSELLOR}, created=datetime(2024, 12, 31, 23, 30, tzinfo=UTC)),
    _user("adam", "Adam Ant", {Role.ADMINISTRATOR}),
    _user(
        "mia",
        "Mia May",
        {Role.CALL_HANDLER, Role.SERVICE_MANAGER},
        active=False,
        created=datetime(2025, 7, 1, 23, 30, tzinfo=UTC),
    ),
]


def test_model_passes_qtmodeltester(qtmodeltester: Any) -> None:
    from ui.user_table_model import UserTableModel

    model = UserTableModel()
    model.set_users(USERS)
    qtmodeltester.check(model, force_py=True)
    # The tester stays attached and checks every reset from here on.
    model.set_users([])
    assert model.rowCount() == 0
    model.set_users(USERS[:1])
    assert model.rowCount() == 1


def test_display_text_uses_uk_dates_and_role_names() -> None:
    from ui.user_table_model import UserTableModel

    model = UserTableModel()
    model.set_users(USERS)
    assert model.rowCount() == 3 and model.columnCount() == UserTableModel.COLUMN_COUNT
    mia = model.index(2, UserTableModel.COLUMN_ROLES)
    assert mia.data() == "Call handler, Service manager"
    assert model.index(2, UserTableModel.COLUMN_STATUS).data() == "Disabled"
    assert model.index(1, UserTableModel.COLUMN_STATUS).data() == "Active"
    # 23:30 UTC on 1 July is already 2 July in London (BST); in winter UTC and London agree.
    assert model.index(2, UserTableModel.COLUMN_CREATED).data() == "02/07/2025"
    assert model.index(0, UserTableModel.COLUMN_CREATED).data() == "31/12/2024"
    assert model.headerData(UserTableModel.COLUMN_USERNAME, Qt.Orientation.Horizontal) == "Username"


def test_empty_model_passes_qtmodeltester(qtmodeltester: Any) -> None:
    from ui.user_table_model import UserTableModel

    qtmodeltester.check(UserTableModel(), force_py=True)


def test_sorting_and_row_objects_work_through_the_proxy(qtmodeltester: Any) -> None:
    from ui.user_table_model import UserTableModel

    model = UserTableModel()
    model.set_users(USERS)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(UserTableModel.SortRole)
    proxy.sort(UserTableModel.COLUMN_CREATED, Qt.SortOrder.AscendingOrder)
    ordered = [
        proxy.index(row, 0).data(UserTableModel.RowObjectRole).username
        for row in range(proxy.rowCount())
    ]
    assert ordered == ["zoe", "adam", "mia"]  # by date, not by the DD/MM/YYYY text
    proxy.sort(UserTableModel.COLUMN_USERNAME, Qt.SortOrder.AscendingOrder)
    first = proxy.index(0, UserTableModel.COLUMN_NAME).data(UserTableModel.RowObjectRole)
    assert isinstance(first, UserInfo) and first.username == "adam"
    qtmodeltester.check(proxy, force_py=True)
