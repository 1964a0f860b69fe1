"""Back office for a community's calendar: its admins declare days off and working days through the audited
calendar services (such a day moves statutory deadlines); other staff read them."""

from django.contrib import admin

from hromada.core.web.admin_base import ADMINS, ServiceAdmin

from . import services
from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(ServiceAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    manage_roles = ADMINS
    fields = ["community", "date", "is_working_day", "note"]

    def create(self, request, community, data):
        return services.calendar_day_set(actor=request.user, community=community, date=data["date"],
                                         is_working_day=data["is_working_day"], note=data.get("note", ""))

    def update(self, request, obj, data):
        return services.calendar_day_set(actor=request.user, community=obj.community, calendar_day=obj,
                                         date=data["date"], is_working_day=data["is_working_day"],
                                         note=data.get("note", ""))

    def delete(self, request, obj):
        services.calendar_day_delete(actor=request.user, community=obj.community, calendar_day=obj)
