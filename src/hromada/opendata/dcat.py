"""DCAT-AP 2.1.1 as ckanext-dcat serves it (catalogue with Hydra paging and modified_since, one dataset) built
with rdflib, and the Frictionless Data Package descriptor of a dataset.

Every mandatory property is present and every referenced resource carries the class DCAT-AP's range shapes
expect (tests/test_dcat_shacl.py validates with the official shapes). Views live here too: each is a thin
serialisation of one graph."""

from __future__ import annotations

import math

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from hromada.core.api import params
from hromada.core.errors import ValidationFailed

from .ckan.dicts import Linker
from .search import visible_datasets, with_everything
from .vocabulary import LICENSE_BY_ID

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
PAGE_SIZE = 100
FORMATS = {"jsonld": ("json-ld", "application/ld+json"), "ttl": ("turtle", "text/turtle"),
           "rdf": ("pretty-xml", "application/rdf+xml"), "xml": ("pretty-xml", "application/rdf+xml"),
           "n3": ("n3", "text/n3")}
FREQUENCIES = {
    "more than once a day": "CONT", "once a day": "DAILY", "once a week": "WEEKLY", "once a month": "MONTHLY",
    "once a quarter": "QUARTERLY", "once a half year": "ANNUAL_2", "once a year": "ANNUAL",
    "immediately after making changes": "UPDATE_CONT",
}
MEDIA_TYPES = {"CSV": "text/csv", "JSON": "application/json", "XML": "application/xml",
               "GeoJSON": "application/geo+json",
               "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# The EU Publications Office's authority tables DCAT-AP names for languages, frequencies and file types;
# IANA's registry for media types.
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
UKRAINIAN = URIRef(f"{EU_AUTHORITY}language/UKR")
FILE_TYPES = {"CSV": "CSV", "JSON": "JSON", "XML": "XML", "GeoJSON": "GEOJSON", "XLSX": "XLSX"}
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"


def _graph() -> Graph:
    graph = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD), ("hydra", HYDRA),
                       ("adms", ADMS), ("skos", SKOS)):
        graph.bind(prefix, ns)
    return graph


def _when(moment) -> Literal:
    return Literal(moment.isoformat(), datatype=XSD.dateTime)


def _typed(graph: Graph, node, *classes) -> URIRef:
    """A referenced resource with its class(es): DCAT-AP's range shapes check the class, not the link."""
    for cls in classes:
        graph.add((node, RDF.type, cls))
    return node


def _agent(graph: Graph, node: URIRef, name: str) -> URIRef:
    _typed(graph, node, FOAF.Agent, FOAF.Organization)
    graph.add((node, FOAF.name, Literal(name, lang="uk")))
    return node


def dataset_description(dataset) -> str:
    """The description DCAT-AP requires: the dataset's own, or (the portal lets publishers leave it empty,
    as CKAN does) one built from its title and publisher. Decision in docs/opendata.md."""
    if (dataset.description or "").strip():
        return dataset.description
    return _("Dataset “%(title)s” published by %(publisher)s.") % {"title": dataset.title,
                                                                   "publisher": dataset.publisher.title}


def add_dataset(graph: Graph, dataset, linker: Linker) -> URIRef:
    """The dataset, its publisher, contact point and distributions (one per resource)."""
    node = URIRef(linker.dataset_page(dataset))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(str(dataset.pk))))
    graph.add((node, DCTERMS.title, Literal(dataset.title, lang="uk")))
    graph.add((node, DCTERMS.description, Literal(dataset_description(dataset), lang="uk")))
    graph.add((node, DCTERMS.issued, _when(dataset.first_published_at or dataset.metadata_created)))
    graph.add((node, DCTERMS.modified, _when(dataset.metadata_modified)))
    graph.add((node, DCTERMS.language, _typed(graph, UKRAINIAN, DCTERMS.LinguisticSystem)))
    code = FREQUENCIES.get(dataset.update_frequency)
    if code:
        graph.add((node, DCTERMS.accrualPeriodicity,
                   _typed(graph, URIRef(f"{EU_AUTHORITY}frequency/{code}"), DCTERMS.Frequency)))
    graph.add((node, DCAT.landingPage, _typed(graph, URIRef(linker.dataset_page(dataset)), FOAF.Document)))
    for tag in dataset.tags.all():
        graph.add((node, DCAT.keyword, Literal(tag.name, lang="uk")))
    for theme in dataset.themes.all():
        concept = _typed(graph, URIRef(linker.absolute("opendata:catalogue") + f"?groups={theme.name}"),
                         SKOS.Concept)
        graph.add((concept, SKOS.prefLabel, Literal(theme.title, lang="uk")))
        graph.add((node, DCAT.theme, concept))
    if dataset.legal_basis:
        # The legal act the dataset is kept under, as a standard it conforms to (dct:Standard by range).
        basis = _typed(graph, BNode(), DCTERMS.Standard)
        graph.add((basis, DCTERMS.title, Literal(dataset.legal_basis, lang="uk")))
        graph.add((node, DCTERMS.conformsTo, basis))
    publisher = URIRef(linker.absolute("opendata:publisher", dataset.publisher.name))
    graph.add((node, DCTERMS.publisher, _agent(graph, publisher, dataset.publisher.title)))
    contact = _typed(graph, BNode(), VCARD.Kind, VCARD.Organization)
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((contact, VCARD.fn, Literal(dataset.maintainer)))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.maintainer_email}")))
    licence_url = LICENSE_BY_ID.get(dataset.license_id, {}).get("url")
    licence = _typed(graph, URIRef(licence_url), DCTERMS.LicenseDocument) if licence_url else None
    for resource in dataset.resources.all():
        version = resource.current_version
        dist = URIRef(linker.dataset_page(dataset) + f"#resource-{resource.pk}")
        graph.add((node, DCAT.distribution, dist))
        graph.add((dist, RDF.type, DCAT.Distribution))
        graph.add((dist, DCTERMS.title, Literal(resource.name, lang="uk")))
        if resource.format in FILE_TYPES:
            graph.add((dist, DCTERMS["format"], _typed(
                graph, URIRef(f"{EU_AUTHORITY}file-type/{FILE_TYPES[resource.format]}"), DCTERMS.MediaTypeOrExtent)))
        if resource.format in MEDIA_TYPES:
            graph.add((dist, DCAT.mediaType, _typed(
                graph, URIRef(IANA_MEDIA_TYPES + MEDIA_TYPES[resource.format]), DCTERMS.MediaType)))
        graph.add((dist, DCTERMS.modified, _when(resource.last_modified)))
        if licence is not None:
            graph.add((dist, DCTERMS.license, licence))
        if version is not None and version.file:
            url = URIRef(linker.download_url(dataset, resource))
            graph.add((dist, DCAT.downloadURL, url))
            graph.add((dist, DCAT.accessURL, url))
            if version.size is not None:
                graph.add((dist, DCAT.byteSize, Literal(version.size, datatype=XSD.decimal)))
        elif version is not None and version.source_url:
            graph.add((dist, DCAT.accessURL, URIRef(version.source_url)))
        else:  # DCAT-AP requires an access URL; before its first version the dataset's page is the way in
            graph.add((dist, DCAT.accessURL, node))
    return node


def _respond(graph: Graph, fmt: str) -> HttpResponse:
    rdf_format, content_type = FORMATS[fmt]
    body = graph.serialize(format=rdf_format, auto_compact=True) if rdf_format == "json-ld" else \
        graph.serialize(format=rdf_format)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message: str, status: int = 400, fields: dict | None = None) -> JsonResponse:
    return JsonResponse({"error": {"code": "bad_request" if status == 400 else "not_found", "message": message,
                                   "fields": fields or {}}}, status=status)


def catalog(request, fmt: str):
    """/catalog.<fmt>?page=&modified_since=: the public datasets, 100 a page, newest first."""
    community = request.community
    if community is None:
        return _error(_("No community is selected."), 404)
    linker = Linker(request)
    qs = visible_datasets(community, None, include_private=False).order_by("-metadata_modified", "id")
    since = request.GET.get("modified_since")
    try:
        if since:
            qs = qs.filter(metadata_modified__gte=params.iso_datetime(since, "modified_since"))
        # Deeper than MAX_OFFSET rows is refused, so the page's OFFSET always fits the database's integer.
        page = params.page_number(request.GET.get("page"), "page", size=PAGE_SIZE)
    except ValidationFailed as exc:
        name = next(iter(exc.fields))
        message = (_("modified_since must be an ISO 8601 date or date-time.") if name == "modified_since"
                   else _("page must be a positive integer, at most %(max)s.") % {
                       "max": params.MAX_OFFSET // PAGE_SIZE + 1})
        return _error(message, fields=exc.fields)
    total = qs.count()
    last = max(1, math.ceil(total / PAGE_SIZE))
    graph = _graph()
    base = request.build_absolute_uri(request.path)
    catalog_node = URIRef(linker.absolute("web:home"))
    graph.add((catalog_node, RDF.type, DCAT.Catalog))
    graph.add((catalog_node, DCTERMS.title, Literal(_("Open data of %(name)s") % {"name": community.name}, lang="uk")))
    graph.add((catalog_node, DCTERMS.description,
               Literal(_("Datasets published by %(name)s") % {"name": community.name}, lang="uk")))
    graph.add((catalog_node, FOAF.homepage, _typed(graph, URIRef(linker.absolute("opendata:catalogue")),
                                                   FOAF.Document)))
    graph.add((catalog_node, DCTERMS.language, _typed(graph, UKRAINIAN, DCTERMS.LinguisticSystem)))
    # The community publishes the catalogue; each dataset names its own publisher (a department).
    graph.add((catalog_node, DCTERMS.publisher, _agent(graph, URIRef(linker.absolute("web:home") + "#community"),
                                                       str(community.name))))
    for dataset in with_everything(qs)[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]:
        graph.add((catalog_node, DCAT.dataset, add_dataset(graph, dataset, linker)))
    extra = f"&modified_since={since}" if since else ""
    paging = URIRef(f"{base}?page={page}{extra}")
    graph.add((paging, RDF.type, HYDRA.PagedCollection))
    graph.add((paging, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    graph.add((paging, HYDRA.itemsPerPage, Literal(PAGE_SIZE, datatype=XSD.integer)))
    graph.add((paging, HYDRA.firstPage, Literal(f"{base}?page=1{extra}")))
    graph.add((paging, HYDRA.lastPage, Literal(f"{base}?page={last}{extra}")))
    if page < last:
        graph.add((paging, HYDRA.nextPage, Literal(f"{base}?page={page + 1}{extra}")))
    if page > 1:
        graph.add((paging, HYDRA.previousPage, Literal(f"{base}?page={page - 1}{extra}")))
    return _respond(graph, fmt)


def _visible_dataset(request, ident: str):
    qs = with_everything(visible_datasets(request.community, request.user, include_private=True))
    from .ckan.actions import _looks_like_uuid

    return get_object_or_404(qs, **({"pk": ident} if _looks_like_uuid(ident) else {"name": ident}))


def dataset_rdf(request, ident: str, fmt: str):
    """/dataset/<id or name>.<fmt>: one dataset in DCAT-AP."""
    if request.community is None:
        return _error(_("No community is selected."), 404)
    dataset = _visible_dataset(request, ident)
    graph = _graph()
    add_dataset(graph, dataset, Linker(request))
    return _respond(graph, fmt)


def datapackage_descriptor(dataset, linker: Linker) -> dict:
    """A Frictionless Data Package: every resource with its path, format and (for tables) Table Schema."""
    licence = LICENSE_BY_ID.get(dataset.license_id, {})
    resources = []
    for resource in dataset.resources.all():
        version = resource.current_version
        if version is None:
            continue
        path = (linker.download_url(dataset, resource) if version.file
                else version.source_url)
        item = {"name": f"resource-{resource.position + 1}", "title": resource.name, "path": path,
                "format": resource.format.lower(), "mediatype": MEDIA_TYPES.get(resource.format, "")}
        if version.size is not None:
            item["bytes"] = version.size
        if version.sha256:
            item["hash"] = f"sha256:{version.sha256}"
        if version.table_schema:
            item["schema"] = version.table_schema
            item["profile"] = "tabular-data-resource"
            if resource.format == "CSV":
                item["encoding"] = "utf-8"
        resources.append(item)
    return {
        "profile": "data-package", "name": dataset.name, "id": str(dataset.pk), "title": dataset.title,
        "description": dataset.description, "homepage": linker.dataset_page(dataset),
        "version": str(max([r.current_version.number for r in dataset.resources.all() if r.current_version] or [0])),
        "created": dataset.metadata_created.isoformat(), "keywords": [t.name for t in dataset.tags.all()],
        "licenses": [{"name": dataset.license_id, "path": licence.get("url", ""), "title": licence.get("title", "")}],
        "contributors": [{"title": dataset.maintainer, "email": dataset.maintainer_email, "role": "maintainer"},
                         {"title": dataset.publisher.title, "role": "publisher"}],
        "resources": resources,
    }


def datapackage(request, ident: str):
    """/dataset/<id or name>/datapackage(.json): the Frictionless descriptor."""
    if request.community is None:
        return _error(_("No community is selected."), 404)
    dataset = _visible_dataset(request, ident)
    response = JsonResponse(datapackage_descriptor(dataset, Linker(request)), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
