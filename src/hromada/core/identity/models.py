"""User, Department, Membership (a role in a community) and VerifiedIdentity.

A verified identity stores a keyed hash of the person's stable identifier, never the raw tax number."""

from __future__ import annotations

import os

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
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
    method = models.CharField(_("method"), max_length=40, blank=True,
                              help_text=_("How the person proved it, e.g. bank_id, dig_sign, diia_id."))
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)

    class Meta:
        verbose_name = _("verified identity")
        verbose_name_plural = _("verified identities")

    def __str__(self) -> str:
        return f"{self.verified_name} ({self.provider})"


class IdentityProviderKind(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect / OAuth 2.0")
    IDGOVUA = "idgovua", _("ID.GOV.UA (integrated identification system)")
    BANKID = "bankid", _("BankID NBU")


def _default_levels() -> dict:
    return {"*": int(IdentityLevel.STRONG)}


def _default_name_claims() -> dict:
    return {"given": "given_name", "family": "family_name", "middle": "middle_name", "full": "name"}


class IdentityProvider(CommunityOwned):
    """A way for the people of one community to prove who they are, set up by the platform operator.

    The client secret is never stored: `client_secret_env` names the environment variable that holds it."""

    slug = models.SlugField(_("slug"), max_length=40, help_text=_("Part of the callback address; e.g. id-gov-ua."))
    kind = models.CharField(_("protocol"), max_length=20, choices=IdentityProviderKind.choices)
    label = models.CharField(_("button label"), max_length=100)
    is_enabled = models.BooleanField(_("enabled"), default=True)
    issuer = models.URLField(_("issuer"), blank=True,
                             help_text=_("OpenID Connect: the issuer; the endpoints left blank are discovered "
                                         "from its /.well-known/openid-configuration."))
    authorization_endpoint = models.URLField(_("authorization endpoint"), blank=True)
    token_endpoint = models.URLField(_("token endpoint"), blank=True)
    userinfo_endpoint = models.URLField(_("user info endpoint"), blank=True)
    jwks_uri = models.URLField(_("JWKS address"), blank=True)
    client_id = models.CharField(_("client id"), max_length=200)
    client_secret_env = models.CharField(
        _("environment variable of the client secret"), max_length=100, blank=True,
        validators=[RegexValidator(r"^[A-Z_][A-Z0-9_]*$", _("An environment variable name, e.g. "
                                                              "HROMADA_IDGOVUA_SECRET."))],
        help_text=_("The NAME of the variable, never the secret itself."),
    )
    scopes = models.CharField(_("scopes"), max_length=300, default="openid profile", blank=True)
    subject_claim = models.CharField(_("claim of the stable personal identifier"), max_length=100, default="sub",
                                     help_text=_("e.g. sub, drfocode or tax_id; only its keyed hash is kept."))
    name_claims = models.JSONField(_("name claims"), default=_default_name_claims, blank=True,
                                   help_text=_('{"given": ..., "family": ..., "middle": ..., "full": ...}'))
    birth_date_claim = models.CharField(_("birth date claim"), max_length=100, default="birthdate", blank=True)
    options = models.JSONField(_("protocol options"), default=dict, blank=True)
    levels = models.JSONField(_("identity level by method"), default=_default_levels, blank=True,
                              help_text=_('e.g. {"bank_id": 2, "dig_sign": 2, "*": 2}; 2 is strong, 1 weak.'))
    residency_claims = models.JSONField(_("residence claims"), default=list, blank=True,
                                        help_text=_("Claims holding an address or a KATOTTG code."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["community", "slug"], name="identity_provider_slug_unique")]

    def __str__(self) -> str:
        return self.label

    def client_secret(self) -> str:
        """The client secret from the environment; a clear configuration error when the variable is unset."""
        from .providers.base import ProviderError

        name = self.client_secret_env.strip()
        value = os.environ.get(name, "") if name else ""
        if not value:
            raise ProviderError("configuration")
        return value

    def level_for(self, method: str) -> int:
        """The identity level this provider's method proves (the "*" entry, else strong, for other methods)."""
        levels = self.levels or {}
        raw = levels.get(method, levels.get("*", int(IdentityLevel.STRONG)))
        try:
            return max(int(IdentityLevel.NONE), min(int(raw), int(IdentityLevel.STRONG)))
        except (TypeError, ValueError):
            return int(IdentityLevel.NONE)


class ResidencyBasis(models.TextChoices):
    CLAIMS = "claims", _("an identity provider's address")
    DECLARATION = "declaration", _("the person's declaration")


class Residency(CommunityOwned):
    """The decision that a person lives in the community, and on what basis; the address itself is not kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="residencies")
    basis = models.CharField(_("basis"), max_length=20, choices=ResidencyBasis.choices)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="residency_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_basis_display()}"
