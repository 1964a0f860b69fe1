"""CKAN's dictionaries for our objects: package (with resources, tags, groups, organization),
resource, organization and group, with absolute links built by a Linker for the current site."""

from __future__ import annotations

import json
from datetime import UTC

from django.urls import reverse

from .. import search
from ..models import Dataset, Resource, StoredPackage
from ..vocabulary import LICENSE_BY_ID


def iso(moment) -> str | None:
    """CKAN's timestamp style: UTC without an offset, e.g. 2024-01-31T10:00:00.123456."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        # The database hands back UTC already; converting only what is not saves time on 100-package pages.
        moment = (moment if moment.tzinfo is UTC else moment.astimezone(UTC)).replace(tzinfo=None)
    return moment.isoformat()


_NAME = "name-placeholder"
_UUID = "00000000-0000-0000-0000-000000000000"


class Linker:
    """Absolute links for one request (its host and community prefix are kept by reverse()).

    The two links every package carries are reversed once per request and filled in, because a page of
    100 packages would otherwise spend most of its time in reverse()."""

    def __init__(self, request):
        self.request = request
        self._dataset = self.absolute("opendata:dataset", _NAME)
        self._download = self.absolute("opendata:download", _NAME, _UUID)

    def absolute(self, viewname: str, *args) -> str:
        return self.request.build_absolute_uri(reverse(viewname, args=args))

    def dataset_page(self, dataset) -> str:
        return self.page_url(dataset.name)

    def download_url(self, dataset, resource) -> str:
        return self.file_url(dataset.name, str(resource.pk))

    def page_url(self, name: str) -> str:
        return self._dataset.replace(_NAME, name)

    def file_url(self, name: str, resource_id: str) -> str:
        return self._download.replace(_NAME, name).replace(_UUID, resource_id)


class _NoLinks(Linker):
    """For package dicts stored without a request: the links are filled in when they are read."""

    def __init__(self):
        self._dataset = self._download = ""


def organization_dict(publisher, *, package_count: int | None = None, linker: Linker | None = None) -> dict:
    data = {
        "id": str(publisher.pk), "name": publisher.name, "title": publisher.title, "display_name": publisher.title,
        "description": publisher.description, "image_url": "", "image_display_url": "",
        "created": iso(publisher.created_at), "is_organization": True, "approval_status": "approved",
        "state": "active", "type": "organization", "kind": publisher.kind, "edrpou": publisher.edrpou,
    }
    if package_count is not None:
        data["package_count"] = package_count
    return data


def group_dict(theme, *, package_count: int | None = None) -> dict:
    data = {
        "id": str(theme.pk), "name": theme.name, "title": theme.title, "display_name": theme.title,
        "description": theme.description, "image_url": "", "image_display_url": "",
        "created": iso(theme.created_at), "is_organization": False, "approval_status": "approved",
        "state": "active", "type": "group",
    }
    if package_count is not None:
        data["package_count"] = package_count
    return data


def resource_dict(resource, dataset, linker: Linker) -> dict:
    version = resource.current_version
    table = getattr(version, "datastore", None) if version is not None else None
    uploaded = version is not None and bool(version.file)
    url = (linker.download_url(dataset, resource) if uploaded
           else (version.source_url if version is not None else ""))
    return {
        "id": str(resource.pk), "package_id": str(dataset.pk), "name": resource.name,
        "description": resource.description, "format": resource.format, "url": url,
        "url_type": "upload" if uploaded else "", "mimetype": version.mimetype if version else "",
        "size": version.size if version else None, "hash": f"sha256:{version.sha256}" if version and version.sha256 else "",
        "created": iso(resource.created_at), "last_modified": iso(resource.last_modified),
        "metadata_modified": iso(resource.last_modified), "position": resource.position, "state": "active",
        "compression": resource.compression, "version": version.number if version else None,
        "datastore_active": bool(table is not None and table.status in ("indexing", "active")),
    }


def related(dataset, name: str) -> list:
    """A dataset's tags/themes/resources: the ones search attached, else through the (prefetched) manager."""
    attached = getattr(dataset, f"od_{name}", None)
    return attached if attached is not None else list(getattr(dataset, name).all())


def package_dict(dataset, linker: Linker) -> dict:
    """The full package as package_show and package_search return it, with data.gov.ua's extra fields."""
    licence = LICENSE_BY_ID.get(dataset.license_id, {})
    tags = sorted(related(dataset, "tags"), key=lambda t: t.name)
    resources = [resource_dict(r, dataset, linker) for r in related(dataset, "resources")]
    return {
        "id": str(dataset.pk), "name": dataset.name, "title": dataset.title, "notes": dataset.description,
        "type": "dataset", "state": "active", "private": dataset.private,
        "author": dataset.publisher.title, "author_email": dataset.publisher.email,
        "maintainer": dataset.maintainer, "maintainer_email": dataset.maintainer_email,
        "license_id": dataset.license_id, "license_title": licence.get("title", dataset.license_id),
        "license_url": licence.get("url", ""), "isopen": bool(licence.get("is_okd_compliant")),
        "metadata_created": iso(dataset.metadata_created), "metadata_modified": iso(dataset.metadata_modified),
        "owner_org": str(dataset.publisher_id), "organization": organization_dict(dataset.publisher),
        "url": linker.dataset_page(dataset), "version": None,
        "num_resources": len(resources), "resources": resources,
        "num_tags": len(tags),
        "tags": [{"id": str(t.pk), "name": t.name, "display_name": t.name, "state": "active", "vocabulary_id": None}
                 for t in tags],
        "groups": [group_dict(g) for g in related(dataset, "themes")],
        "extras": [], "relationships_as_object": [], "relationships_as_subject": [],
        # Resolution 835 passport and data.gov.ua's fields
        "purpose_of_collecting_information": dataset.purpose, "update_frequency": dataset.update_frequency,
        "language": dataset.language, "legal_basis": dataset.legal_basis,
        "actuality_date": dataset.actuality_date.isoformat() if dataset.actuality_date else None,
        "first_published": iso(dataset.first_published_at), "last_published": iso(dataset.last_published_at),
        "next_update_due": iso(dataset.next_update_due),
        "formats": sorted({r["format"] for r in resources}),
        "template": dataset.template.slug if dataset.template_id else None,
    }


# ---------------------------------------------------------------- stored package dicts


def render_stored_packages(dataset_ids) -> int:
    """Render and store the package dicts of these datasets (a task after each write, and a periodic sweep
    for rows written in bulk). A row changed meanwhile keeps its newer version: its render comes next."""
    ids = list(Dataset.objects.filter(pk__in=list(dataset_ids)).values_list("pk", flat=True))
    # A row exists before the models are read, so a write from now on bumps its version.
    StoredPackage.objects.bulk_create([StoredPackage(dataset_id=pk) for pk in ids], ignore_conflicts=True)
    versions = dict(StoredPackage.objects.filter(dataset_id__in=ids).values_list("dataset_id", "version"))
    stored = 0
    for dataset in search.load_page(ids):
        text = json.dumps(package_dict(dataset, _NoLinks()), ensure_ascii=False)
        stored += StoredPackage.objects.filter(dataset_id=dataset.pk, version=versions[dataset.pk]).update(json=text)
    return stored


def stored_package_dicts(ids: list, linker: Linker) -> list[dict]:
    """Package dicts of a page of datasets, in the order of `ids`: the stored ones parsed, the rest (just
    written, not yet rendered) built from the models; links filled for this request, and datastore_active
    read now, since a load moves on without touching the dataset."""
    stored = dict(StoredPackage.objects.filter(dataset_id__in=ids).exclude(json=None).values_list("dataset_id", "json"))
    built = {dataset.pk: package_dict(dataset, linker)
             for dataset in search.load_page([pk for pk in ids if pk not in stored])}
    active = {str(pk) for pk in Resource.objects.filter(
        dataset_id__in=ids, current_version__datastore__status__in=("indexing", "active")).values_list("pk", flat=True)}
    packages = []
    for pk in ids:
        if pk in built:
            packages.append(built[pk])
        elif pk in stored:  # neither: deleted since the search
            packages.append(_relinked(json.loads(stored[pk]), linker, active))
    return packages


def _relinked(package: dict, linker: Linker, active: set[str]) -> dict:
    package["url"] = linker.page_url(package["name"])
    for resource in package["resources"]:
        if resource["url_type"] == "upload":
            resource["url"] = linker.file_url(package["name"], resource["id"])
        resource["datastore_active"] = resource["id"] in active
    return package
