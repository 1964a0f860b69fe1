from django.contrib import admin

from hromada.core.web.admin_scoping import CommunityScopedAdmin

from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(CommunityScopedAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    manage_roles = ("admin",)
