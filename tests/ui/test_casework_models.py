"""The casework table models: correct Qt models, typed sort roles, row objects via the proxy."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt

from supportline.services.cases import WaitingItem
from supportline.services.clients import ClientSummary
from supportline.services.intake import CallbackItem

CLIENTS = [
    ClientSummary(
        2,
        "SL-000002",
        "Zoë",
        "O'Brien",
        "Zo",
        date(1990, 1, 31),
        "ME19 4AB",
        "Kent County Council",
        "high",
    ),
    ClientSummary(1, "SL-000001", "Adam", "Ant", None, None, None, None, "none"),
]
CALLBACKS = [
    CallbackItem(
        5,
        datetime(2025, 7, 1, 23, 30, tzinfo=UTC),
        datetime(2025, 7, 2, 7, 30, tzinfo=UTC),
        "voicemail",
        "enquiry",
        None,
        "Dana",
        "07700 900123",
    ),
    CallbackItem(
        4,
        datetime(2025, 1, 4, 9, 0, tzinfo=UTC),
        datetime(2025, 1, 6, 8, 30, tzinfo=UTC),
        "email",
        "new_referral",
        7,
        None,
        None,
    ),
]


def _waiting(case_id: int, urgency: str, since: datetime, days: int) -> WaitingItem:
    return WaitingItem(
        case_id,
        case_id,
        f"SL-{case_id:06d}",
        "AB",
        "counselling",
        urgency,
        "waiting",
        since,
        days,
        "Maidstone",
        None,
        None,
    )


WAITING = [
    _waiting(1, "routine", datetime(2025, 1, 1, tzinfo=UTC), 60),
    _waiting(2, "urgent", datetime(2025, 2, 20, tzinfo=UTC), 10),
    _waiting(3, "routine", datetime(2024, 12, 1, tzinfo=UTC), 91),
    _waiting(4, "soon", datetime(2025, 2, 27, tzinfo=UTC), 1),
]


def test_client_model(qtmodeltester: Any) -> None:
    from ui.client_table_model import ClientTableModel

    model = ClientTableModel()
    qtmodeltester.check(model, force_py=True)
    model.set_clients(CLIENTS)
    assert model.index(0, ClientTableModel.COLUMN_NAME).data() == "Zoë (Zo) O'Brien"
    assert model.index(0, ClientTableModel.COLUMN_DATE_OF_BIRTH).data() == "31/01/1990"
    assert model.index(0, ClientTableModel.COLUMN_RISK).data() == "High"
    assert model.index(1, ClientTableModel.COLUMN_RISK).data() == ""
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(ClientTableModel.SortRole)
    proxy.sort(ClientTableModel.COLUMN_NAME, Qt.SortOrder.AscendingOrder)
    first = proxy.index(0, 0).data(ClientTableModel.RowObjectRole)
    assert first.reference == "SL-000001"
    model.set_clients([])
    assert proxy.rowCount() == 0
    model.set_clients(CLIENTS)
    qtmodeltester.check(proxy, force_py=True)


def test_callback_model(qtmodeltester: Any) -> None:
    from ui.callback_table_model import CallbackTableModel

    model = CallbackTableModel()
    qtmodeltester.check(model, force_py=True)
    model.set_items(CALLBACKS)
    # 23:30 UTC on 1 July is 00:30 on 2 July in London.
    assert model.index(0, CallbackTableModel.COLUMN_RECEIVED).data() == "02/07/2025 00:30"
    assert model.index(1, CallbackTableModel.COLUMN_NAME).data() == "Existing client"
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(CallbackTableModel.SortRole)
    proxy.sort(CallbackTableModel.COLUMN_RECEIVED, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 0).data(CallbackTableModel.RowObjectRole).contact_id == 4
    qtmodeltester.check(proxy, force_py=True)


def test_waiting_list_model_sorts_by_urgency_then_wait(qtmodeltester: Any) -> None:
    from ui.waiting_list_table_model import WaitingListTableModel

    model = WaitingListTableModel()
    qtmodeltester.check(model, force_py=True)
    model.set_items(WAITING)
    assert model.index(3, WaitingListTableModel.COLUMN_WAITED).data() == "1 day"
    assert model.index(2, WaitingListTableModel.COLUMN_WAITED).data() == "91 days"
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(WaitingListTableModel.SortRole)
    proxy.sort(WaitingListTableModel.COLUMN_URGENCY, Qt.SortOrder.AscendingOrder)
    order = [
        proxy.index(row, 0).data(WaitingListTableModel.RowObjectRole).case_id
        for row in range(proxy.rowCount())
    ]
    assert order == [2, 4, 3, 1]
    qtmodeltester.check(proxy, force_py=True)
