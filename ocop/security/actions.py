"""Turning two-factor sign-in on and off, with their audit events.

The code check happens before the transaction that saves: django-otp counts a wrong code
against the device (and slows down the next tries), and that count must survive the error.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.accounts.access import require
from ocop.accounts.models import User
from ocop.audit.actions import record


def confirmed_device(user: User) -> TOTPDevice | None:
    """The authenticator `user` signs in with, if two-factor sign-in is on."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def unconfirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@transaction.atomic
def two_factor_start(*, user: User) -> TOTPDevice:
    """A new secret for `user` to scan; it is used only once confirmed with a code."""
    require(user, "security.two_factor")
    if confirmed_device(user):
        raise ValidationError(_("Two-factor sign-in is already on."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def two_factor_confirm(*, user: User, token: str) -> TOTPDevice:
    """Turn two-factor sign-in on, once `token` proves the app holds the new secret."""
    require(user, "security.two_factor")
    device = unconfirmed_device(user)
    if device is None:
        raise ValidationError(_("Start again: there is no new authenticator to confirm."))
    if not device.verify_token(token):
        raise ValidationError(
            {"token": _("That code is not right. Enter the code the app shows now.")}
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(actor=user, action="auth.two_factor_on", obj=user)
    return device


def two_factor_stop(*, user: User, token: str) -> User:
    """Turn two-factor sign-in off; a current code is needed, not only the open session."""
    device = confirmed_device(user)
    if device is None:
        raise ValidationError(_("Two-factor sign-in is not on."))
    if not device.verify_token(token):
        raise ValidationError(
            {"token": _("That code is not right. Enter the code the app shows now.")}
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        record(actor=user, action="auth.two_factor_off", obj=user)
    return user
