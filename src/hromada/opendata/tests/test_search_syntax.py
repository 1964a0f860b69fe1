"""package_search with Solr syntax as harvesters send it: AND/OR/NOT/+/-, groups, phrases, fields, ranges
and wildcards in q and fq (each combination against the same small catalogue), and refusals as CKAN's
"Search Query Error"."""

from __future__ import annotations

import pytest

from .factories import make_dataset, make_publisher
from .test_ckan_api import call, error, ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(community, community_admin, department, other_community):
    from conftest import make_member

    from hromada.core.identity.models import Role

    finance = make_publisher(community, community_admin, department=department, name="finance")
    roads = make_publisher(community, community_admin, name="roads")
    schools = make_publisher(community, community_admin, name="schools")
    make_dataset(community, community_admin, finance, name="tax-2024", title="Tax revenue 2024",
                 tags=["tax", "finance"], license_id="cc-zero")
    make_dataset(community, community_admin, finance, name="budget-2024", title="Budget of the city",
                 description="Planned spending by programme", tags=["budget", "finance"])
    make_dataset(community, community_admin, roads, name="road-repairs", title="Road repairs",
                 description="Which streets were repaired", tags=["roads"])
    make_dataset(community, community_admin, schools, name="school-meals", title="School meals",
                 description="Meals budget per school", tags=["schools", "budget"])
    other_admin = make_member(other_community, Role.ADMIN)
    make_dataset(other_community, other_admin, make_publisher(other_community, other_admin, name="finance"),
                 name="tax-elsewhere", title="Tax revenue elsewhere", tags=["tax"])
    return community


def names(client, community, **params) -> set[str]:
    result = ok(call(client, community, "package_search", rows=100, **params))
    found = {p["name"] for p in result["results"]}
    assert result["count"] == len(found)
    return found


@pytest.mark.parametrize("q,expected", [
    ("tax OR budget", {"tax-2024", "budget-2024", "school-meals"}),
    ("budget AND school", {"school-meals"}),
    ("budget school", {"school-meals"}),  # implicit operator: every word (CKAN's q.op AND)
    ("budget -school", {"budget-2024"}),
    ("budget NOT school", {"budget-2024"}),
    ("+budget +meals", {"school-meals"}),
    ("(tax OR road) AND NOT repairs", {"tax-2024"}),
    ('"road repairs"', {"road-repairs"}),
    ('"streets which"', set()),  # a phrase keeps its order
    ("revenu*", {"tax-2024"}),
    ("sch??l", {"school-meals"}),
    ("tags:budget", {"budget-2024", "school-meals"}),
    ("tags:budget AND organization:schools", {"school-meals"}),
    ("text:repaired", {"road-repairs"}),
    ("*:*", {"tax-2024", "budget-2024", "road-repairs", "school-meals"}),
    ("name:tax-2024^2 OR name:road-repairs~", {"tax-2024", "road-repairs"}),
])
def test_q_syntax(client, catalogue, q, expected):
    assert names(client, catalogue, q=q) == expected


@pytest.mark.parametrize("fq,expected", [
    ("organization:finance OR organization:roads", {"tax-2024", "budget-2024", "road-repairs"}),
    ("organization:(finance OR schools)", {"tax-2024", "budget-2024", "school-meals"}),
    ("-organization:finance", {"road-repairs", "school-meals"}),
    ("NOT tags:budget", {"tax-2024", "road-repairs"}),
    ("tags:budget -organization:finance", {"school-meals"}),
    ("+tags:finance +license_id:cc-zero", {"tax-2024"}),
    ('tags:"finance" AND (name:tax* OR name:road*)', {"tax-2024"}),
    ("name:*-2024", {"tax-2024", "budget-2024"}),
    ("name:[a TO c}", {"budget-2024"}),
    ("name:{road-repairs TO *]", {"school-meals", "tax-2024"}),
    ("res_format:csv OR res_format:*", set()),  # no resources in this catalogue
    ("tags:*", {"tax-2024", "budget-2024", "road-repairs", "school-meals"}),
    ("metadata_modified:[2000-01-01T00:00:00Z TO NOW] AND organization:roads", {"road-repairs"}),
    ("metadata_modified:{* TO 2000-01-01} OR organization:roads", {"road-repairs"}),
    ("dataset_type:dataset AND -tags:finance", {"road-repairs", "school-meals"}),
    ("dataset_type:dataset OR tags:nothing", {"tax-2024", "budget-2024", "road-repairs", "school-meals"}),
])
def test_fq_syntax(client, catalogue, fq, expected):
    assert names(client, catalogue, fq=fq) == expected


def test_q_and_fq_together(client, catalogue):
    assert names(client, catalogue, q="budget OR tax", fq="organization:finance OR organization:roads") == {
        "tax-2024", "budget-2024"}
    assert names(client, catalogue, q="-budget", fq="tags:finance OR tags:roads") == {"tax-2024", "road-repairs"}
    assert names(client, catalogue, q='"school meals" OR repairs', fq="-organization:roads") == {"school-meals"}


def test_free_words_rank_only_what_is_asked(client, catalogue):
    ranked = ok(call(client, catalogue, "package_search", q="budget OR tax -roads"))["results"]
    assert {p["name"] for p in ranked} == {"tax-2024", "budget-2024", "school-meals"}
    assert ranked[-1]["name"] == "school-meals"  # the only one without a word in its title


@pytest.mark.parametrize("params", [
    {"q": '"unbalanced'}, {"q": "(open"}, {"q": "a AND"}, {"fq": "name:"}, {"fq": "organization:a OR"},
    {"fq": "free words"}, {"fq": "unknown:1 OR name:x"}, {"q": "/regex/"}, {"fq": "name:x:y"},
    {"fq": "metadata_modified:[yesterday TO NOW]"}, {"fq": "[a TO b]"}, {"q": "(" * 40 + "a" + ")" * 40},
    {"q": " OR ".join(f"w{n}" for n in range(150))}, {"fq": "id:[a TO b]"},
])
def test_malformed_queries_are_search_query_errors(client, catalogue, params):
    error(call(client, catalogue, "package_search", **params), 400, "Search Query Error")


def test_catalogue_page_uses_the_same_syntax(client, catalogue):
    page = client.get(f"/c/{catalogue.slug}/opendata/", {"q": "tax OR repairs"})
    assert page.status_code == 200
    assert "Tax revenue 2024" in page.content.decode() and "Road repairs" in page.content.decode()
    assert "Budget of the city" not in page.content.decode()


def test_queries_parsed_in_many_threads_at_once_keep_their_own_tokens():
    """PLY's lexer holds the text being read; the search parses with one lexer per thread (luqum.thread),
    so requests parsed at the same moment never read each other's tokens."""
    import threading

    from hromada.opendata.search_query import parse

    queries = [f"organization:pub{n} OR (tags:t{n} AND -name:x{n}*) \"phrase {n}\"" for n in range(8)]
    expected = {q: repr(parse(q, "q")) for q in queries}
    barrier = threading.Barrier(len(queries))
    wrong, lock = [], threading.Lock()

    def work(query: str) -> None:
        barrier.wait(30)
        for _ in range(200):
            got = repr(parse(query, "q"))
            if got != expected[query]:
                with lock:
                    wrong.append((query, got))

    threads = [threading.Thread(target=work, args=(q,)) for q in queries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert wrong == []
