"""Every field of a client record, with safe-contact preferences and an error under each field.

Used by the New client dialog (intake) and by the client detail page (Clients). It holds no
service calls: the owner loads the organisation list and saves what ``value()`` returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from supportline.services.clients import GENDERS, SAFE_PHONES, VENUE_PREFERENCES, ClientInput
from supportline.services.eligibility import OrganisationInfo
from supportline.validation import InvalidInput

from . import messages
from .labels import gender_label, safe_phone_label, venue_preference_label

ERROR_STYLE = "color: #a4262c;"
COUNSELLOR_GENDERS = ("", "female", "male")


class ClientFormWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_form")
        self.error_labels: dict[str, QLabel] = {}
        self._pending_organisation: int | str | None = None
        self._build()

    # -- building -------------------------------------------------------------------------------

    def _line(self, name: str, accessible: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"{name}_edit")
        edit.setAccessibleName(accessible)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        return edit

    def _check(self, name: str, text: str) -> QCheckBox:
        check = QCheckBox(text)
        check.setObjectName(f"{name}_check")
        check.setAccessibleName(text.replace("&", ""))
        return check

    def _combo(self, name: str, accessible: str, choices: Sequence[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"{name}_combo")
        combo.setAccessibleName(accessible)
        for code, text in choices:
            combo.addItem(text, code)
        return combo

    def _with_error(self, field: str, widget: QWidget) -> QWidget:
        """The field with a (hidden until needed) error line under it."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        error = QLabel()
        error.setObjectName(f"{field}_error_label")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setVisible(False)
        layout.addWidget(error)
        self.error_labels[field] = error
        return box

    def _build(self) -> None:
        self.first_name_edit = self._line("first_name", self.tr("First name"))
        self.last_name_edit = self._line("last_name", self.tr("Last name"))
        self.preferred_name_edit = self._line("preferred_name", self.tr("Preferred name"))
        self.date_of_birth_edit = self._line("date_of_birth", self.tr("Date of birth"),
                                             self.tr("DD/MM/YYYY"))
        self.gender_combo = self._combo("gender", self.tr("Gender"),
                                        [(code, gender_label(code)) for code in GENDERS])
        self.gender_combo.setCurrentIndex(GENDERS.index("not_stated"))
        self.phone_edit = self._line("phone", self.tr("Phone"), self.tr("e.g. 07700 900123"))
        self.phone_alt_edit = self._line("phone_alt", self.tr("Other phone"))
        self.email_edit = self._line("email", self.tr("E-mail"))
        self.address_edit = self._line("address", self.tr("Home address"))
        self.home_postcode_edit = self._line("home_postcode", self.tr("Home postcode"),
                                             self.tr("e.g. ME19 4AB"))
        self.work_postcode_edit = self._line("work_postcode", self.tr("Work postcode"))
        self.organisation_combo = QComboBox()
        self.organisation_combo.setObjectName("organisation_combo")
        self.organisation_combo.setAccessibleName(self.tr("Organisation"))
        self.organisation_combo.addItem(self.tr("(none recorded)"), None)
        self.job_role_edit = self._line("job_role", self.tr("Job role"))

        self.safe_phone_combo = self._combo(
            "safe_phone", self.tr("Number we may call"),
            [(code, safe_phone_label(code)) for code in SAFE_PHONES])
        self.voicemail_check = self._check("voicemail_ok", self.tr("Voicemail may be left"))
        self.letters_check = self._check("letters_ok", self.tr("Letters may be sent home"))
        self.email_ok_check = self._check("email_ok", self.tr("E-mail may be sent"))
        self.work_contact_check = self._check("work_contact_ok",
                                              self.tr("May be contacted at work"))

        self.venue_combo = self._combo(
            "venue_preference", self.tr("Venue preference"),
            [(code, venue_preference_label(code)) for code in VENUE_PREFERENCES])
        self.step_free_check = self._check("needs_step_free", self.tr("Needs step-free access"))
        self.hearing_loop_check = self._check("needs_hearing_loop",
                                              self.tr("Needs a hearing loop"))
        self.parking_check = self._check("needs_parking", self.tr("Needs parking"))
        self.pref_gender_combo = self._combo(
            "pref_counsellor_gender", self.tr("Counsellor gender preference"),
            [(code, gender_label(code)) for code in COUNSELLOR_GENDERS])
        self.pref_language_edit = self._line("pref_language", self.tr("Language preference"),
                                             self.tr("e.g. Polish"))

        person = QGroupBox(self.tr("Person"))
        person_form = QFormLayout(person)
        person_form.addRow(self.tr("&First name"), self._with_error("first_name",
                                                                    self.first_name_edit))
        person_form.addRow(self.tr("&Last name"), self._with_error("last_name",
                                                                   self.last_name_edit))
        person_form.addRow(self.tr("Pre&ferred name"),
                           self._with_error("preferred_name", self.preferred_name_edit))
        person_form.addRow(self.tr("Date of &birth"),
                           self._with_error("date_of_birth", self.date_of_birth_edit))
        person_form.addRow(self.tr("&Gender"), self._with_error("gender", self.gender_combo))

        contact = QGroupBox(self.tr("Contact details"))
        contact_form = QFormLayout(contact)
        contact_form.addRow(self.tr("&Phone"), self._with_error("phone", self.phone_edit))
        contact_form.addRow(self.tr("&Other phone"),
                            self._with_error("phone_alt", self.phone_alt_edit))
        contact_form.addRow(self.tr("&E-mail"), self._with_error("email", self.email_edit))
        contact_form.addRow(self.tr("&Address"), self._with_error("address", self.address_edit))
        contact_form.addRow(self.tr("&Home postcode"),
                            self._with_error("home_postcode", self.home_postcode_edit))

        work = QGroupBox(self.tr("Work"))
        work_form = QFormLayout(work)
        work_form.addRow(self.tr("O&rganisation"),
                         self._with_error("organisation_id", self.organisation_combo))
        work_form.addRow(self.tr("&Job role"), self._with_error("job_role", self.job_role_edit))
        work_form.addRow(self.tr("&Work postcode"),
                         self._with_error("work_postcode", self.work_postcode_edit))

        safe = QGroupBox(self.tr("Safe contact: how we may reach them"))
        safe_form = QFormLayout(safe)
        safe_form.addRow(self.tr("&Number we may call"),
                         self._with_error("safe_phone", self.safe_phone_combo))
        safe_form.addRow(self._with_error("voicemail_ok", self.voicemail_check))
        safe_form.addRow(self._with_error("letters_ok", self.letters_check))
        safe_form.addRow(self._with_error("email_ok", self.email_ok_check))
        safe_form.addRow(self._with_error("work_contact_ok", self.work_contact_check))

        venue = QGroupBox(self.tr("Venue, access and counsellor"))
        venue_form = QFormLayout(venue)
        venue_form.addRow(self.tr("&Venue"),
                          self._with_error("venue_preference", self.venue_combo))
        venue_form.addRow(self.step_free_check)
        venue_form.addRow(self.hearing_loop_check)
        venue_form.addRow(self.parking_check)
        venue_form.addRow(self.tr("Counsellor ge&nder"),
                          self._with_error("pref_counsellor_gender", self.pref_gender_combo))
        venue_form.addRow(self.tr("&Language"),
                          self._with_error("pref_language", self.pref_language_edit))

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(person, 0, 0)
        grid.addWidget(contact, 1, 0)
        grid.addWidget(work, 2, 0)
        grid.addWidget(safe, 0, 1)
        grid.addWidget(venue, 1, 1, 2, 1)
        grid.setRowStretch(3, 1)

        order = [
            self.first_name_edit, self.last_name_edit, self.preferred_name_edit,
            self.date_of_birth_edit, self.gender_combo, self.phone_edit, self.phone_alt_edit,
            self.email_edit, self.address_edit, self.home_postcode_edit,
            self.organisation_combo, self.job_role_edit, self.work_postcode_edit,
            self.safe_phone_combo, self.voicemail_check, self.letters_check,
            self.email_ok_check, self.work_contact_check, self.venue_combo,
            self.step_free_check, self.hearing_loop_check, self.parking_check,
            self.pref_gender_combo, self.pref_language_edit,
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.tab_order = order

    # -- values ---------------------------------------------------------------------------------

    def set_organisations(self, organisations: Sequence[OrganisationInfo]) -> None:
        wanted = self._pending_organisation
        if wanted is None:
            wanted = self.organisation_combo.currentData()
        self.organisation_combo.clear()
        self.organisation_combo.addItem(self.tr("(none recorded)"), None)
        for organisation in organisations:
            self.organisation_combo.addItem(organisation.name, organisation.id)
        self._select_organisation(wanted)

    def _select_organisation(self, wanted: int | str | None) -> None:
        if wanted is None:
            self.organisation_combo.setCurrentIndex(0)
            return
        if isinstance(wanted, int):
            index = self.organisation_combo.findData(wanted)
        else:  # a name typed on an information sheet
            index = self.organisation_combo.findText(wanted, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self.organisation_combo.setCurrentIndex(index)
            self._pending_organisation = None
        else:
            self._pending_organisation = wanted

    def set_organisation_hint(self, name: str) -> None:
        if name.strip():
            self._select_organisation(name.strip())

    def set_value(self, data: ClientInput) -> None:
        self.first_name_edit.setText(data.first_name)
        self.last_name_edit.setText(data.last_name)
        self.preferred_name_edit.setText(data.preferred_name)
        dob = data.date_of_birth
        self.date_of_birth_edit.setText(dob.strftime("%d/%m/%Y") if isinstance(dob, date)
                                        else (dob or ""))
        self._set_combo(self.gender_combo, data.gender)
        self.phone_edit.setText(data.phone)
        self.phone_alt_edit.setText(data.phone_alt)
        self.email_edit.setText(data.email)
        self.address_edit.setText(data.address)
        self.home_postcode_edit.setText(data.home_postcode)
        self.work_postcode_edit.setText(data.work_postcode)
        self._select_organisation(data.organisation_id)
        self.job_role_edit.setText(data.job_role)
        self._set_combo(self.safe_phone_combo, data.safe_phone)
        self.voicemail_check.setChecked(data.voicemail_ok)
        self.letters_check.setChecked(data.letters_ok)
        self.email_ok_check.setChecked(data.email_ok)
        self.work_contact_check.setChecked(data.work_contact_ok)
        self._set_combo(self.venue_combo, data.venue_preference)
        self.step_free_check.setChecked(data.needs_step_free)
        self.hearing_loop_check.setChecked(data.needs_hearing_loop)
        self.parking_check.setChecked(data.needs_parking)
        self._set_combo(self.pref_gender_combo, data.pref_counsellor_gender)
        self.pref_language_edit.setText(data.pref_language)

    @staticmethod
    def _set_combo(combo: QComboBox, code: str) -> None:
        index = combo.findData(code)
        if index >= 0:
            combo.setCurrentIndex(index)

    def value(self) -> ClientInput:
        organisation = self.organisation_combo.currentData()
        return ClientInput(
            first_name=self.first_name_edit.text(),
            last_name=self.last_name_edit.text(),
            preferred_name=self.preferred_name_edit.text(),
            date_of_birth=self.date_of_birth_edit.text().strip() or None,
            gender=self.gender_combo.currentData(),
            phone=self.phone_edit.text(),
            phone_alt=self.phone_alt_edit.text(),
            email=self.email_edit.text(),
            address=self.address_edit.text(),
            home_postcode=self.home_postcode_edit.text(),
            work_postcode=self.work_postcode_edit.text(),
            organisation_id=int(organisation) if organisation is not None else None,
            job_role=self.job_role_edit.text(),
            safe_phone=self.safe_phone_combo.currentData(),
            voicemail_ok=self.voicemail_check.isChecked(),
            letters_ok=self.letters_check.isChecked(),
            email_ok=self.email_ok_check.isChecked(),
            work_contact_ok=self.work_contact_check.isChecked(),
            venue_preference=self.venue_combo.currentData(),
            needs_step_free=self.step_free_check.isChecked(),
            needs_hearing_loop=self.hearing_loop_check.isChecked(),
            needs_parking=self.parking_check.isChecked(),
            pref_counsellor_gender=self.pref_gender_combo.currentData(),
            pref_language=self.pref_language_edit.text(),
        )

    # -- problems -------------------------------------------------------------------------------

    def clear_problems(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.setVisible(False)

    def show_problems(self, problems: Sequence[InvalidInput]) -> list[InvalidInput]:
        """Each problem under its field; returns those with no field here."""
        self.clear_problems()
        elsewhere: list[InvalidInput] = []
        first: QLabel | None = None
        for problem in problems:
            label = self.error_labels.get(problem.field)
            if label is None:
                elsewhere.append(problem)
                continue
            sentence = messages.problem_reason(problem.field, problem.reason)
            text = label.text()
            label.setText(f"{text} {sentence}".strip() if text else sentence[:1].upper()
                          + sentence[1:])
            label.setVisible(True)
            first = first or label
        return elsewhere

    def visible_problems(self) -> dict[str, str]:
        return {field: label.text() for field, label in self.error_labels.items()
                if label.isVisibleTo(self) and label.text()}
