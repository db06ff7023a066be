"""Users and their roles. What each role may do, and on which records, is in access.py."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("City OCOP office")
    SECRETARY = "secretary", _("Council secretary")
    MEMBER = "member", _("Council member")
    OFFICER = "officer", _("Commune officer")
    PRODUCER = "producer", _("Producer")
    OPERATOR = "operator", _("Showroom operator")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    communes = models.ManyToManyField(
        "places.Commune",
        verbose_name=_("communes"),
        blank=True,
        related_name="officers",
        help_text=_("For commune officers: the communes and wards they look after."),
    )
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
        help_text=_("For producer users: the producer they act for."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def effective_role(self) -> str:
        """Superusers act as the city office whatever their role field says."""
        return Role.OFFICE if self.is_superuser else self.role

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.effective_role in roles


class NoticeQuerySet(models.QuerySet["Notice"]):
    def unread(self) -> "NoticeQuerySet":
        return self.filter(read_at__isnull=True)

    def newest_first(self) -> "NoticeQuerySet":
        # Notices sent together share a time; the id keeps them in the order they were made.
        return self.order_by("-created_at", "-id")


class Notice(models.Model):
    """An in-app notice for one user (expiry warnings, returned dossiers, compliance...)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notices")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def link(self) -> str:
        """The record the notice is about, when it names one on this site ("" otherwise)."""
        return self.url if self.url.startswith("/") and not self.url.startswith("//") else ""


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the prefix helps the owner tell
    tokens apart. It acts with its owner's role and scope."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
