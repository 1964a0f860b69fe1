"""User, Department, Membership (a role in a community) and VerifiedIdentity.

A verified identity stores a keyed hash of the person's stable identifier, never the raw tax number."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.models import CommunityOwned


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, default="uk", choices=[("uk", "Українська"), ("en", "English")])
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("back-office access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        """The name the person chose, shown publicly; never a part of their email address."""
        return self.full_name or str(_("Resident"))


class Department(CommunityOwned):
    """A department, municipal service or enterprise: the body appeals and documents are routed to."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    head = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("head")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="department_name_unique")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    RESIDENT = "resident", _("resident")
    MODERATOR = "moderator", _("moderator")
    OFFICIAL = "official", _("official")
    ADMIN = "admin", _("community admin")


STAFF_ROLES = frozenset({Role.MODERATOR, Role.OFFICIAL, Role.ADMIN})


class Membership(CommunityOwned):
    """One role of one user in one community (an official also names their department)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="members",
        verbose_name=_("department"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role in a community")
        verbose_name_plural = _("roles in communities")
        constraints = [
            models.UniqueConstraint(fields=["community", "user", "role", "department"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["community", "user", "role"], condition=models.Q(department__isnull=True),
                name="membership_unique_without_department",
            ),
        ]
        indexes = [models.Index(fields=["user", "community"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class IdentityLevel(models.IntegerChoices):
    NONE = 0, _("not verified")
    EMAIL = 1, _("email verified")
    STRONG = 2, _("strong identity (BankID, ID.GOV.UA, qualified e-signature)")


class VerifiedIdentity(models.Model):
    """What an identity provider vouched for. subject_hash is HMAC(IDENTITY_HASH_KEY, stable id)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="verified_identity")
    provider = models.CharField(_("provider"), max_length=40)
    subject_hash = models.CharField(_("keyed hash of the stable identifier"), max_length=64, unique=True)
    verified_name = models.CharField(_("verified name"), max_length=200)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=IdentityLevel.choices, default=IdentityLevel.STRONG)
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)

    class Meta:
        verbose_name = _("verified identity")
        verbose_name_plural = _("verified identities")

    def __str__(self) -> str:
        return f"{self.verified_name} ({self.provider})"
