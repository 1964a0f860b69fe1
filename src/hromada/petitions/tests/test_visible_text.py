"""A petition title or text made of invisible characters is refused: minimum lengths count what a reader sees."""

import pytest

from hromada.petitions.models import Petition
from hromada.petitions.tests import factories as f

pytestmark = pytest.mark.django_db

ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"


@pytest.mark.parametrize("title", [
    ZERO_WIDTH * 3,
    "\u0301" * 20,
    "\u00a0\u3000 " * 6,
    "Ре\u200bмо\u200bнт\u200b\u200b\u200b\u200b\u200b\u200b",  # 6 visible characters padded past 10 code points
])
def test_invisible_title_is_refused(community, resident, api_client_for, title):
    response = api_client_for(community, resident).post("petitions/", {"title": title, "text": f.TEXT})
    assert response.status_code == 400, response.content
    assert "title" in response.json()["error"]["fields"]
    assert not Petition.objects.exists()


def test_invisible_text_is_refused_and_a_real_title_passes(community, resident, api_client_for):
    client = api_client_for(community, resident)
    response = client.post("petitions/", {"title": "Відремонтувати тротуар", "text": "Так" + ZERO_WIDTH * 20})
    assert response.status_code == 400 and "text" in response.json()["error"]["fields"]
    response = client.post("petitions/", {"title": "Відремонтувати тротуар\u200b", "text": f.TEXT})
    assert response.status_code == 201, response.content
