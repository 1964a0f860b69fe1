"""Back office for people: accounts and verified identities (superusers only), departments and roles (scoped
to the community); every write goes through the identity services."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.web.admin_base import ADMINS, ServiceAdmin

from . import services
from .models import Department, IdentityProvider, Membership, User, VerifiedIdentity


@admin.register(User)
class UserAdmin(ServiceAdmin):
    """Accounts sign up themselves (or come from `hromada create_admin`); superusers block them or give
    back-office and platform access here. Passwords and names are the person's own."""

    community_field = None
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "phone", "language", "date_joined", "last_login")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    readonly_fields = ["email", "full_name", "phone", "language", "date_joined", "last_login"]

    def update(self, request, obj, data):
        return services.user_update_access(actor=request.user, user=obj, is_active=data["is_active"],
                                           is_staff=data["is_staff"], is_superuser=data["is_superuser"])


@admin.register(Department)
class DepartmentAdmin(ServiceAdmin):
    """Staff see the departments; community admins manage them. A department in use is deactivated, not deleted."""

    list_display = ["name", "short_name", "email", "phone", "is_active"]
    search_fields = ["name", "short_name"]
    manage_roles = ADMINS
    fields = ["community", "name", "short_name", "email", "phone", "head", "is_active"]

    def create(self, request, community, data):
        data.pop("community", None)
        return services.department_create(actor=request.user, community=community, **data)

    def update(self, request, obj, data):
        return services.department_update(actor=request.user, community=obj.community, department=obj, **data)

    def delete(self, request, obj):
        services.department_delete(actor=request.user, community=obj.community, department=obj)


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    """Roles are granted and revoked, never edited into another role (that keeps the audit trail honest); an
    official's department and anyone's position can change."""

    list_display = ["user", "role", "department", "position"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
    manage_roles = ADMINS
    fields = ["community", "user", "role", "department", "position"]

    def get_readonly_fields(self, request, obj=None):
        return ["community", "user", "role"] if obj is not None else []

    def create(self, request, community, data):
        return services.membership_create(actor=request.user, community=community, user=data["user"],
                                          role=data["role"], department=data.get("department"),
                                          position=data.get("position", ""))

    def update(self, request, obj, data):
        return services.membership_update(actor=request.user, community=obj.community, membership=obj,
                                          position=data.get("position", ""), department=data.get("department"))

    def delete(self, request, obj):
        services.membership_delete(actor=request.user, community=obj.community, membership=obj)


@admin.register(VerifiedIdentity)
class VerifiedIdentityAdmin(ServiceAdmin):
    """What identity providers vouched for: read-only, and for superusers only (personal data)."""

    community_field = None
    list_display = ["verified_name", "provider", "level", "verified_at"]
    readonly_fields = ["user", "provider", "subject_hash", "verified_name", "birth_date", "level", "method",
                       "verified_at"]


@admin.register(IdentityProvider)
class IdentityProviderAdmin(ServiceAdmin):
    """The identity providers of each community: the platform operator's (superusers only). The client secret is
    never entered here: the form takes the NAME of the environment variable that holds it."""

    view_roles: tuple[str, ...] = ()
    manage_roles: tuple[str, ...] = ()
    list_display = ["label", "slug", "kind", "is_enabled", "issuer"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["kind", "is_enabled"]
    readonly_fields = ["redirect_uri", "discovery"]
    fieldsets = (
        (None, {"fields": ("community", "slug", "kind", "label", "is_enabled", "redirect_uri")}),
        (_("Endpoints"), {"fields": ("issuer", "discovery", "authorization_endpoint", "token_endpoint",
                                     "userinfo_endpoint", "jwks_uri")}),
        (_("Client"), {"fields": ("client_id", "client_secret_env", "scopes")}),
        (_("Claims and levels"), {"fields": ("subject_claim", "name_claims", "birth_date_claim", "levels",
                                             "residency_claims", "options")}),
    )

    @admin.display(description=_("redirect URI to register at the provider"))
    def redirect_uri(self, obj):
        if obj is None or obj.pk is None:
            return _("Shown after saving.")
        host = obj.community.domain or "<host>"
        path = f"/identity/{obj.slug}/callback" if obj.community.domain else \
            f"/c/{obj.community.slug}/identity/{obj.slug}/callback"
        return f"https://{host}{path}"

    @admin.display(description=_("test the discovery"))
    def discovery(self, obj):
        if obj is None or not obj.issuer:
            return _("OpenID Connect: fill in the issuer; blank endpoints are read from its discovery document.")
        return _("Open %(url)s: it must answer with this issuer and its endpoints.") % {
            "url": obj.issuer.rstrip("/") + "/.well-known/openid-configuration"}

    def create(self, request, community, data):
        data.pop("community", None)
        return services.identity_provider_create(actor=request.user, community=community, **data)

    def update(self, request, obj, data):
        data.pop("community", None)
        return services.identity_provider_update(actor=request.user, community=obj.community, provider=obj, **data)

    def delete(self, request, obj):
        services.identity_provider_delete(actor=request.user, community=obj.community, provider=obj)
