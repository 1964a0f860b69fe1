"""Back office for people: users (superusers only), departments and roles (scoped to the community)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from hromada.core.audit.services import audit_record
from hromada.core.web.admin_scoping import CommunityScopedAdmin

from .models import Department, Membership, User, VerifiedIdentity
from .services import department_create, membership_grant, membership_revoke


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "phone", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ()
    list_filter = ["is_staff", "is_superuser", "is_active"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


@admin.register(Department)
class DepartmentAdmin(CommunityScopedAdmin):
    list_display = ["name", "short_name", "email", "phone", "is_active"]
    search_fields = ["name", "short_name"]
    manage_roles = ("admin",)  # as department_create: staff see departments, community admins manage them

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            audit_record(actor=request.user, community=obj.community, action="core.department.changed",
                         target=obj, data={"fields": sorted(form.changed_data)})
            return
        department = department_create(actor=request.user, community=obj.community, name=obj.name,
                                       short_name=obj.short_name, email=obj.email, phone=obj.phone)
        if obj.head_id or not obj.is_active:
            Department.objects.filter(pk=department.pk).update(head=obj.head, is_active=obj.is_active)
        obj.pk = department.pk


@admin.register(Membership)
class MembershipAdmin(CommunityScopedAdmin):
    list_display = ["user", "role", "department", "position"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
    manage_roles = ("admin",)

    def get_readonly_fields(self, request, obj=None):
        # A role is granted or revoked, never edited into another role: that keeps the audit trail honest.
        return ["community", "user", "role", "department"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        membership = membership_grant(
            actor=request.user, community=obj.community, user=obj.user, role=obj.role,
            department=obj.department, position=obj.position,
        )
        obj.pk = membership.pk

    def delete_model(self, request, obj):
        membership_revoke(actor=request.user, community=obj.community, membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("community", "user"):
            membership_revoke(actor=request.user, community=membership.community, membership=membership)


@admin.register(VerifiedIdentity)
class VerifiedIdentityAdmin(admin.ModelAdmin):
    list_display = ["verified_name", "provider", "level", "verified_at"]
    readonly_fields = ["user", "provider", "subject_hash", "verified_name", "birth_date", "level", "verified_at"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
