"""The services of one unlocked session, built in one place (the composition root)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from supportline.calendar_uk import to_local
from supportline.services.allowance import AllowanceService
from supportline.services.booking import BookingService
from supportline.services.cases import CaseService
from supportline.services.clients import ClientService
from supportline.services.counsellors import CounsellorService
from supportline.services.diary import DiaryService
from supportline.services.eligibility import EligibilityService
from supportline.services.intake import IntakeService
from supportline.services.letters import LetterService
from supportline.services.packages import PackageService
from supportline.services.settings import SettingsService
from supportline.services.subject_access import SubjectAccessService
from supportline.services.users import UserService
from supportline.services.venues import VenueService
from supportline.session import Session


@dataclass(frozen=True)
class Services:
    """Constructing a service touches no store; calling one must happen on the task runner."""

    session: Session
    users: UserService
    settings: SettingsService
    clients: ClientService
    eligibility: EligibilityService
    allowance: AllowanceService
    intake: IntakeService
    cases: CaseService
    booking: BookingService
    venues: VenueService
    counsellors: CounsellorService
    diary: DiaryService
    letters: LetterService
    packages: PackageService
    subject_access: SubjectAccessService

    @classmethod
    def for_session(cls, session: Session) -> Services:
        return cls(
            session=session,
            users=UserService(session),
            settings=SettingsService(session),
            clients=ClientService(session),
            eligibility=EligibilityService(session),
            allowance=AllowanceService(session),
            intake=IntakeService(session),
            cases=CaseService(session),
            booking=BookingService(session),
            venues=VenueService(session),
            counsellors=CounsellorService(session),
            diary=DiaryService(session),
            letters=LetterService(session),
            packages=PackageService(session),
            subject_access=SubjectAccessService(session),
        )

    def today(self) -> date:
        """Today in London, by the session's clock (a fake one in tests)."""
        return to_local(self.session.clock()).date()
