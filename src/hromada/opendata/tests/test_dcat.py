"""DCAT-AP catalogue and dataset documents parsed back with rdflib, Hydra paging and modified_since,
the Frictionless datapackage validated with frictionless, and the Atom feeds."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import frictionless
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from hromada.opendata.dcat import HYDRA

from .factories import make_dataset

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt,parser", [("jsonld", "json-ld"), ("ttl", "turtle"), ("rdf", "xml"), ("xml", "xml")])
def test_catalog_parses_in_every_format(client, portal, fmt, parser):
    response = client.get(f"/c/{portal.community.slug}/catalog.{fmt}")
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=parser)
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 1  # the private one and the other community's are absent
    node = next(iter(datasets))
    assert str(graph.value(node, DCTERMS.title)) == "Бюджет громади"
    dist = graph.value(node, DCAT.distribution)
    assert str(graph.value(dist, DCAT.downloadURL)).startswith("http://testserver/c/alpha/opendata/dataset/budget/")
    assert (None, RDF.type, DCAT.Catalog) in graph


def test_catalog_paging_and_modified_since(client, portal):
    for i in range(120):
        make_dataset(portal.community, portal.admin, portal.publisher, name=f"many-{i}")
    url = f"/c/{portal.community.slug}/catalog.ttl"
    first = Graph().parse(data=client.get(url).content, format="turtle")
    assert len(set(first.subjects(RDF.type, DCAT.Dataset))) == 100
    paging = next(first.subjects(RDF.type, HYDRA.PagedCollection))
    assert int(first.value(paging, HYDRA.totalItems)) == 121
    assert str(first.value(paging, HYDRA.nextPage)).endswith("page=2")
    second = Graph().parse(data=client.get(url, {"page": 2}).content, format="turtle")
    assert len(set(second.subjects(RDF.type, DCAT.Dataset))) == 21
    future = Graph().parse(data=client.get(url, {"modified_since": "2999-01-01"}).content, format="turtle")
    assert not set(future.subjects(RDF.type, DCAT.Dataset))
    assert client.get(url, {"modified_since": "not a date"}).status_code == 400
    assert client.get(url, {"page": "0"}).status_code == 400


def test_dataset_rdf_and_privacy(client, portal, other_community):
    base = f"/c/{portal.community.slug}"
    graph = Graph().parse(data=client.get(f"{base}/dataset/budget.jsonld").content, format="json-ld")
    node = URIRef("http://testserver/c/alpha/opendata/dataset/budget/")
    assert (node, RDF.type, DCAT.Dataset) in graph
    assert {str(k) for k in graph.objects(node, DCAT.keyword)} == {"бюджет", "фінанси"}
    assert client.get(f"{base}/dataset/{portal.public.pk}.ttl").status_code == 200
    assert client.get(f"{base}/dataset/secret-draft.ttl").status_code == 404
    assert client.get(f"/c/{other_community.slug}/dataset/budget.ttl").status_code == 404


def test_datapackage_is_valid_frictionless(client, portal, tmp_path):
    response = client.get(f"/c/{portal.community.slug}/dataset/budget/datapackage")
    descriptor = response.json()
    assert frictionless.Package.validate_descriptor(descriptor).valid
    assert frictionless.Package.from_descriptor(descriptor).name == "budget"
    resource = descriptor["resources"][0]
    assert resource["schema"]["fields"][0] == {"name": "id", "type": "integer"}
    # the file the descriptor points to validates against the descriptor's own schema
    (tmp_path / "data.csv").write_bytes(b"".join(client.get(resource["path"]).streaming_content))
    local = frictionless.Resource(path="data.csv", basepath=str(tmp_path), schema=frictionless.Schema.from_descriptor(
        resource["schema"]))
    assert frictionless.validate(local).valid
    json.dumps(descriptor)


def test_atom_feeds(client, portal):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring(client.get(f"/c/{portal.community.slug}/feeds/dataset.atom").content)  # noqa: S314 (our own feed)
    titles = [e.findtext(f"{atom}title") for e in feed.findall(f"{atom}entry")]
    assert titles == ["Бюджет громади"]
    org = ElementTree.fromstring(client.get(f"/c/{portal.community.slug}/feeds/organization/finance.atom").content)  # noqa: S314 (our own feed)
    assert len(org.findall(f"{atom}entry")) == 1
    assert client.get(f"/c/{portal.community.slug}/feeds/organization/nope.atom").status_code == 404
