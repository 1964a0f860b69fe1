"""The DCAT-AP catalogue a demo community publishes, validated with pyshacl against the official DCAT-AP
2.1.1 SHACL shapes (mandatory and range shapes, stored in shacl/): no violations."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from .factories import make_dataset, make_publisher

pytestmark = pytest.mark.django_db
SHAPES = Path(__file__).parent / "shacl"


@cache
def _shapes() -> Graph:
    shapes = Graph()
    for name in ("dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap_2.1.1_shacl_range.ttl"):
        shapes.parse(SHAPES / name, format="turtle")
    return shapes


def _violations(data: Graph) -> str:
    conforms, _report, text = validate(data, shacl_graph=_shapes(), inference="none", advanced=True)
    return "" if conforms else text


def _demo_community():
    from hromada.core import capabilities
    from hromada.demo.people import create_demo_community

    community, _people = create_demo_community(slug="shacl-demo", residents=3)
    for manifest in sorted(capabilities.manifests(), key=lambda m: m.demo_order):
        if manifest.demo_loader and manifest.slug == "opendata":
            capabilities.resolve(manifest.demo_loader)(community, size="small")
    return community


def test_demo_catalogue_conforms_to_dcat_ap(client):
    community = _demo_community()
    graph = Graph().parse(data=client.get(f"/c/{community.slug}/catalog.ttl").content, format="turtle")
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) >= 4
    assert _violations(graph) == ""


def test_catalogue_has_a_publisher_and_typed_references(client, portal):
    graph = Graph().parse(data=client.get(f"/c/{portal.community.slug}/catalog.ttl").content, format="turtle")
    catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))
    publisher = graph.value(catalogue, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph and str(graph.value(publisher, FOAF.name)) == "Громада alpha"
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    distribution = graph.value(dataset, DCAT.distribution)
    assert (graph.value(distribution, DCTERMS.license), RDF.type, DCTERMS.LicenseDocument) in graph
    assert graph.value(distribution, DCAT.mediaType) == URIRef("http://www.iana.org/assignments/media-types/text/csv")
    assert (graph.value(distribution, DCAT.mediaType), RDF.type, DCTERMS.MediaType) in graph
    assert (graph.value(distribution, DCTERMS["format"]), RDF.type, DCTERMS.MediaTypeOrExtent) in graph
    assert (graph.value(dataset, DCTERMS.accrualPeriodicity), RDF.type, DCTERMS.Frequency) in graph
    assert (graph.value(dataset, DCTERMS.language), RDF.type, DCTERMS.LinguisticSystem) in graph
    assert _violations(graph) == ""


def test_dataset_without_description_gets_one_from_its_title(client, community, community_admin, department):
    from hromada.opendata import services

    publisher = make_publisher(community, community_admin, department=department, name="roads",
                               title="Відділ доріг")
    dataset = make_dataset(community, community_admin, publisher, name="bare", title="Ями на дорогах",
                           description="", legal_basis="Закон про доступ до публічної інформації")
    theme = services.theme_create(actor=community_admin, community=community, title="Транспорт", name="transport")
    services.dataset_update(actor=community_admin, community=community, dataset=dataset, themes=[theme])
    services.resource_create(actor=community_admin, community=community, dataset=dataset, name="Посилання",
                             url="https://example.org/roads.json", format="JSON")
    graph = Graph().parse(data=client.get(f"/c/{community.slug}/dataset/bare.ttl").content, format="turtle")
    node = URIRef(f"http://testserver/c/{community.slug}/opendata/dataset/bare/")
    description = str(graph.value(node, DCTERMS.description))
    assert "Ями на дорогах" in description and "Відділ доріг" in description
    assert _violations(graph) == ""
