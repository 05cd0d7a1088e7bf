"""The member's assignments on their dashboard (a section registered with ficfest.works.seams):
what they were asked to write, once sent, and where each stands. Only the giver's side is read
(``selectors.assignments_given_by``), as on the assignments page."""

from datetime import datetime

from ficfest.accounts.models import User
from ficfest.exchanges.selectors import assignments_given_by
from ficfest.works.seams import DashboardSection

SHOWN = 20


def assignments_section(user: User, now: datetime) -> DashboardSection | None:
    assignments = list(assignments_given_by(user)[:SHOWN])
    if not assignments:
        return None
    return DashboardSection("exchanges/dashboard_assignments.html", {"assignments": assignments})
