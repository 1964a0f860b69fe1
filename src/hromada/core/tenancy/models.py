"""The Community and the CommunityOwned base that every tenant-owned model inherits.

A community carries its identity (names, KATOTTG, EDRPOU), contacts, boundary and enabled capabilities."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities


class ResidencyRule(models.TextChoices):
    ANY = "any", _("any verified person")
    CLAIMS = "claims", _("the identity provider's address must name the community")
    DECLARATION = "declaration", _("the person declares their residence")
    CLAIMS_OR_DECLARATION = "claims_or_declaration", _("the provider's address, or else a declaration")


class Community(models.Model):
    slug = models.SlugField(_("slug"), max_length=63, unique=True)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    katottg = models.CharField(
        _("KATOTTG code"),
        max_length=19,
        blank=True,
        validators=[RegexValidator(r"^UA\d{17}$", _("A KATOTTG code is UA followed by 17 digits."))],
    )
    edrpou = models.CharField(
        _("EDRPOU code of the council"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("An EDRPOU code has 8 digits."))],
    )
    domain = models.CharField(_("host name"), max_length=253, blank=True, help_text=_("e.g. rada.example.ua"))
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Shown in the header and in emails; set through community_update, which re-encodes the upload (PNG kept).
    coat_of_arms = models.ImageField(_("coat of arms"), upload_to="communities/", blank=True,
                                     help_text=_("PNG or JPEG, up to 2 MB; shown in the header and in emails."))
    # The site's colour for this community (hromada.core.web.look darkens it where text must keep 4.5:1).
    brand_colour = models.CharField(
        _("brand colour"), max_length=7, blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour as #rrggbb, e.g. #0b57d0."))],
        help_text=_("As #rrggbb; darkened automatically where white text or links need more contrast."),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Kyiv")
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    center_lat = models.FloatField(_("map centre latitude"), null=True, blank=True)
    center_lon = models.FloatField(_("map centre longitude"), null=True, blank=True)
    enabled_capabilities = models.JSONField(_("enabled capabilities"), default=list, blank=True)
    capability_settings = models.JSONField(_("capability settings"), default=dict, blank=True)
    # Who counts as a resident where a capability asks (core.identity.policies.is_resident).
    residency_rule = models.CharField(_("residency rule"), max_length=30, choices=ResidencyRule.choices,
                                      default=ResidencyRule.ANY)
    localities = models.TextField(
        _("localities"), blank=True,
        help_text=_("Names of the settlements of the community, one a line: an address from an identity provider "
                    "that names one of them (or the community's KATOTTG code) counts as residence."),
    )
    is_demo = models.BooleanField(_("demo community"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name_uk"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain"], condition=~models.Q(domain=""), name="community_domain_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "uk").startswith("en") and self.name_en:
            return self.name_en
        return self.name_uk

    def capability_enabled(self, slug: str) -> bool:
        return slug in self.enabled_capabilities

    def setting(self, capability: str, key: str) -> Any:
        """A capability setting of this community, coerced to its declared type, or its default."""
        declared = capabilities.manifest(capability).setting(key)
        raw = (self.capability_settings.get(capability) or {}).get(key)
        try:
            return declared.coerce(raw)
        except (TypeError, ValueError):
            return declared.default

    @property
    def enabled_manifests(self) -> list[capabilities.CapabilityManifest]:
        return capabilities.manifests_for(self.enabled_capabilities)


class CommunityOwnedQuerySet(models.QuerySet):
    def for_community(self, community: Community) -> CommunityOwnedQuerySet:
        return self.filter(community=community)


class CommunityOwned(models.Model):
    """Base of every tenant-owned model: the community FK (indexed, first in composite indexes)."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="+", verbose_name=_("community")
    )

    objects = CommunityOwnedQuerySet.as_manager()

    class Meta:
        abstract = True
