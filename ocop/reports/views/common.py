"""What every reports page reads from the request: the plan, the day and the area, checked
against the user's scope (a commune officer sees only their own communes)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.lib.http import AuthedRequest
from ocop.places.models import Commune, LegacyDistrict
from ocop.reports.indicators import Area
from ocop.reports.models import Plan

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


@dataclass
class Scope:
    area: Area
    params: dict[str, object] = field(default_factory=dict)  # kept in links
    label: str = ""
    empty_reason: str = ""  # why an officer sees nothing


def parse_day(request: AuthedRequest, name: str = "on") -> tuple[datetime.date, str]:
    """The day asked for, or today with a message saying why the input was not used."""
    today = timezone.localdate()
    raw = request.GET.get(name, "").strip()
    if not raw:
        return today, ""
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        return today, _("“%(value)s” is not a date (use YYYY-MM-DD); showing today.") % {
            "value": raw[:20]
        }
    if not EARLIEST <= day <= LATEST:
        return today, _("Choose a day between 2000 and 2100; showing today.")
    return day, ""


def _int(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def choose_plan(request: AuthedRequest, on: datetime.date) -> Plan | None:
    """The plan asked for by id, else the one covering the day, else the latest."""
    plans = Plan.objects.all()
    asked = _int(request.GET.get("plan"))
    if asked is not None:
        return plans.filter(pk=asked).first()
    covering = plans.filter(start_year__lte=on.year, end_year__gte=on.year)
    return covering.order_by("-start_year").first() or plans.order_by("-end_year").first()


def resolve_scope(request: AuthedRequest, province: int | None = None) -> Scope:
    """The area the user may see and asked for; another commune than their own is refused."""
    user = request.user
    province = province or settings.OCOP_PROVINCE
    commune_code = _int(request.GET.get("commune"))
    district_code = _int(request.GET.get("district"))
    if request.GET.get("commune") and commune_code is None:
        raise PermissionDenied
    if user.effective_role == Role.OFFICER:
        own = tuple(user.communes.filter(province_id=province).values_list("pk", flat=True))
        if district_code is not None:
            raise PermissionDenied
        if commune_code is not None:
            if commune_code not in own:
                raise PermissionDenied
            return _commune_scope(province, commune_code)
        reason = "" if own else _("No commune is assigned to you yet: ask the city office.")
        return Scope(Area(province, communes=own), {}, _("Your communes"), reason)
    if commune_code is not None:
        return _commune_scope(province, commune_code)
    if district_code is not None:
        district = LegacyDistrict.objects.filter(pk=district_code, province_id=province).first()
        if district is None:
            return Scope(
                Area(province, communes=()), {"district": district_code}, "", _("Unknown district.")
            )
        return Scope(
            Area(province, legacy_district=district.pk), {"district": district.pk}, str(district)
        )
    return Scope(Area(province), {}, "")


def _commune_scope(province: int, code: int) -> Scope:
    commune = Commune.objects.filter(Q(pk=code) & Q(province_id=province)).first()
    if commune is None:
        return Scope(Area(province, communes=()), {"commune": code}, "", _("Unknown commune."))
    return Scope(Area(province, communes=(commune.pk,)), {"commune": commune.pk}, commune.name)
