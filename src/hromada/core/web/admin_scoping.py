"""CommunityScopedAdmin: the back office shows staff only the communities they work for.

Superusers see everything; everyone else sees rows of communities where they hold a staff role."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model

from hromada.core.identity.models import Membership, Role
from hromada.core.tenancy.models import Community

STAFF = (Role.MODERATOR, Role.OFFICIAL, Role.ADMIN)


def staff_community_ids(user, roles=STAFF) -> set[int]:
    if not user.is_authenticated or not user.is_active:
        return set()
    cache = user.__dict__.setdefault("_hromada_admin_communities", {})
    key = tuple(sorted(roles))
    if key not in cache:
        cache[key] = set(
            Membership.objects.filter(user=user, role__in=roles).values_list("community_id", flat=True)
        )
    return cache[key]


class CommunityScopedAdmin(admin.ModelAdmin):
    """For models with a `community` FK. `manage_roles` narrows who may add/change/delete."""

    manage_roles: tuple[str, ...] = STAFF
    community_field = "community"

    def _ids(self, request, roles=STAFF):
        return staff_community_ids(request.user, roles)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.community_field}_id__in": self._ids(request)})

    def has_module_permission(self, request):
        return request.user.is_superuser or bool(self._ids(request))

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        ids = self._ids(request)
        return bool(ids) and (obj is None or getattr(obj, f"{self.community_field}_id") in ids)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        ids = self._ids(request, self.manage_roles)
        return bool(ids) and (obj is None or getattr(obj, f"{self.community_field}_id") in ids)

    def has_add_permission(self, request):
        return request.user.is_superuser or bool(self._ids(request, self.manage_roles))

    has_delete_permission = has_change_permission

    def _scope_choices(self, field, db_field, request):
        """Limit a related-object field to the rows of the staff member's communities."""
        if request.user.is_superuser or field is None:
            return field
        ids = self._ids(request, self.manage_roles)
        model = db_field.related_model
        if model is Community:
            field.queryset = field.queryset.filter(pk__in=ids)
        elif any(f.name == "community" for f in model._meta.get_fields()):
            field.queryset = field.queryset.filter(community_id__in=ids)
        elif model is get_user_model() and db_field.name not in self.raw_id_fields:
            # A drop-down of people (e.g. a department's head) lists only people of the staff's communities;
            # raw-id fields (granting a role to a newcomer) accept any account, as the service decides.
            field.queryset = field.queryset.filter(memberships__community_id__in=ids).distinct()
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._scope_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._scope_choices(super().formfield_for_manytomany(db_field, request, **kwargs), db_field, request)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if request.user.is_superuser or len(self._ids(request)) > 1:
            filters.insert(0, self.community_field)
        return filters
