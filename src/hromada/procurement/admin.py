"""Back office of Procurement: administrators keep the community's buyer codes (through the services, so it is
audited and refused exactly as elsewhere); tenders, contracts, suppliers and auctions come from the public feeds
and are read-only here. The crawler's state and the register's facts are platform-wide (superusers)."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.web.admin_base import ADMINS, ServiceAdmin

from . import services
from .models import Auction, Buyer, Contract, CrawlState, RegistryRecord, Supplier, Tender

_BUYER_FIELDS = ("edrpou", "name", "kind")


@admin.register(Buyer)
class BuyerAdmin(ServiceAdmin):
    manage_roles = ADMINS
    list_display = ("name", "edrpou", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "edrpou")
    fields = ("community", *_BUYER_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return ("community", "edrpou") if obj is not None else ()

    def create(self, request, community, data):
        return services.buyer_add(actor=request.user, community=community, **{f: data[f] for f in _BUYER_FIELDS})

    def update(self, request, obj, data):
        return services.buyer_update(actor=request.user, community=obj.community, buyer_id=obj.pk,
                                     name=data["name"], kind=data["kind"])

    def delete(self, request, obj):
        services.buyer_remove(actor=request.user, community=obj.community, buyer_id=obj.pk)


@admin.register(Tender)
class TenderAdmin(ServiceAdmin):
    list_display = ("tender_id", "title", "buyer", "status", "value_amount", "date_published")
    list_filter = ("status", "is_synthetic")
    search_fields = ("tender_id", "title", "buyer_edrpou")
    list_select_related = ("buyer",)
    exclude = ("release",)


@admin.register(Contract)
class ContractAdmin(ServiceAdmin):
    list_display = ("contract_number", "tender", "supplier", "value_amount", "date_signed", "status")
    list_filter = ("status",)
    list_select_related = ("tender", "supplier")
    search_fields = ("contract_number", "prozorro_id")


@admin.register(Supplier)
class SupplierAdmin(ServiceAdmin):
    list_display = ("name", "scheme", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)
    exclude = ("identifier",)  # a person's tax number is not shown even here


@admin.register(Auction)
class AuctionAdmin(ServiceAdmin):
    list_display = ("auction_id", "title", "seller", "status", "value_amount", "final_amount", "date_published")
    list_filter = ("status", "is_synthetic")
    search_fields = ("auction_id", "title")
    list_select_related = ("seller",)
    exclude = ("release",)


@admin.register(CrawlState)
class CrawlStateAdmin(ServiceAdmin):
    community_field = None
    list_display = ("source", "offset", "pages", "stored", "skipped", "last_success_at", "last_error_at")


@admin.register(RegistryRecord)
class RegistryRecordAdmin(ServiceAdmin):
    community_field = None
    list_display = ("edrpou", "short_name", "status", "data_as_of")
    search_fields = ("edrpou", "name")
