"""Registry facts import: the unified state register's legal-entities XML (windows-1251, as data.gov.ua publishes
it) and CSV are read as a stream; only the community's suppliers' codes are kept unless asked for all; bad rows
are skipped and reported; a broken file writes nothing; only the platform's operator may import; the command."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from hromada.core.errors import PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import User
from hromada.procurement.models import RegistryRecord
from hromada.procurement.registry import RegistryFileBroken, registry_import

from .test_selectors import make_supplier

AS_OF = date(2026, 11, 1)


def _xml(*records: str, encoding: str = "windows-1251") -> bytes:
    body = "".join(f"<RECORD>{r}</RECORD>" for r in records)
    return f'<?xml version="1.0" encoding="{encoding}"?><DATA FORMAT_VERSION="1.0">{body}</DATA>'.encode(encoding)


BUILDER = ("<NAME>ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ «БУДІВЕЛЬНИК»</NAME><SHORT_NAME>ТОВ «БУДІВЕЛЬНИК»</SHORT_NAME>"
           "<EDRPOU>41000001</EDRPOU><ADDRESS>82100, м. Дрогобич, вул. Шевченка, 1</ADDRESS><BOSS>ІВАНЕНКО ІВАН</BOSS>"
           "<KVED>41.20 Будівництво житлових і нежитлових будівель</KVED><STAN>зареєстровано</STAN>"
           "<FOUNDERS><FOUNDER>ІВАНЕНКО ІВАН</FOUNDER></FOUNDERS>")
STRANGER = "<NAME>ТОВ «ІНШЕ»</NAME><EDRPOU>42000002</EDRPOU><STAN>припинено</STAN>"


def test_xml_keeps_the_suppliers_codes_only(community):
    make_supplier(community)
    report = registry_import(actor=SYSTEM, source=io.BytesIO(_xml(BUILDER, STRANGER)), as_of=AS_OF)
    assert (report.rows, report.kept, report.skipped) == (2, 1, 0)
    record = RegistryRecord.objects.get()
    assert record.edrpou == "41000001" and record.short_name == "ТОВ «БУДІВЕЛЬНИК»"
    assert (record.kved_code, record.kved_name) == ("41.20", "Будівництво житлових і нежитлових будівель")
    assert record.status == "зареєстровано" and record.data_as_of == AS_OF
    assert "ІВАНЕНКО" not in str(record.__dict__)  # heads and founders are people: not kept


def test_all_codes_and_a_newer_file_replaces(community):
    registry_import(actor=SYSTEM, source=io.BytesIO(_xml(BUILDER, STRANGER, encoding="utf-8")), as_of=AS_OF,
                    only_suppliers=False)
    assert RegistryRecord.objects.count() == 2
    newer = STRANGER.replace("припинено", "в стані припинення")
    registry_import(actor=SYSTEM, source=io.BytesIO(_xml(newer)), as_of=AS_OF + timedelta(days=7),
                    only_suppliers=False)
    record = RegistryRecord.objects.get(edrpou="42000002")
    assert record.status == "в стані припинення" and record.data_as_of == AS_OF + timedelta(days=7)


def test_csv_with_bad_rows_reported(community):
    content = ("EDRPOU;NAME;SHORT_NAME;ADDRESS;KVED;STAN;REGISTRATION_DATE\n"
               "41000001;ТОВ «Будівельник»;;м. Дрогобич;43.99 Інші спеціалізовані роботи;зареєстровано;06.05.2004\n"
               "12AB;Без коду;;;;;\n"
               "42000002;;;;;;\n"
               "43000003;ТОВ «Дата»;;;;;31.02.2020\n").encode("cp1251")
    report = registry_import(actor=SYSTEM, source=io.BytesIO(content), as_of=AS_OF, only_suppliers=False)
    assert (report.rows, report.kept, report.skipped) == (4, 1, 3)
    assert [p["row"] for p in report.problems] == [2, 3, 4]
    assert RegistryRecord.objects.get().registration_date == date(2004, 5, 6)


@pytest.mark.parametrize("content", [
    _xml(BUILDER)[:-20],  # cut off
    b"",
    b'<?xml version="1.0"?><!DOCTYPE DATA [<!ENTITY x "y">]><DATA><RECORD><EDRPOU>41000001</EDRPOU></RECORD></DATA>',
    b"code,title\n1,2\n",
    b"\xff\xfe\x00<",
])
def test_a_broken_file_writes_nothing(community, content):
    make_supplier(community)
    with pytest.raises(ValidationFailed):
        registry_import(actor=SYSTEM, source=io.BytesIO(content), as_of=AS_OF, only_suppliers=False)
    assert not RegistryRecord.objects.exists()


def test_a_file_broken_after_good_records_writes_nothing(community, monkeypatch):
    from hromada.procurement import registry

    monkeypatch.setattr(registry, "WRITE_BATCH", 1)  # the good records are written before the break is read
    content = _xml(BUILDER, STRANGER)[:-10]
    with pytest.raises(RegistryFileBroken):
        registry_import(actor=SYSTEM, source=io.BytesIO(content), as_of=AS_OF, only_suppliers=False)
    assert not RegistryRecord.objects.exists()


def test_who_may_import_and_the_date(community, community_admin):
    with pytest.raises(PermissionDenied):
        registry_import(actor=community_admin, source=io.BytesIO(_xml(BUILDER)), as_of=AS_OF)
    with pytest.raises(ValidationFailed):
        registry_import(actor=SYSTEM, source=io.BytesIO(_xml(BUILDER)),
                        as_of=timezone.localdate() + timedelta(days=2))
    assert not RegistryRecord.objects.exists()


def test_the_operator_uploads_and_staff_cannot(community, community_admin):
    make_supplier(community)
    staff = Client()
    staff.force_login(community_admin)
    assert staff.get(f"/c/{community.slug}/procurement/registry/").status_code == 404
    operator = User.objects.create_superuser(email="operator@example.com", password="x-long-password-1")
    client = Client()
    client.force_login(operator)
    upload = io.BytesIO(_xml(BUILDER))
    upload.name = "uo.xml"
    response = client.post(f"/c/{community.slug}/procurement/registry/",
                           {"file": upload, "as_of": AS_OF.isoformat(), "only_suppliers": "on"})
    assert response.status_code == 302 and RegistryRecord.objects.filter(edrpou="41000001").exists()
    broken = io.BytesIO(b"<DATA><RECORD>")
    broken.name = "uo.xml"
    response = client.post(f"/c/{community.slug}/procurement/registry/", {"file": broken, "as_of": AS_OF.isoformat()})
    assert response.status_code == 200 and 'class="form-errors"' in response.content.decode()


def test_the_command(community, tmp_path):
    make_supplier(community)
    path = tmp_path / "uo.xml"
    path.write_bytes(_xml(BUILDER, STRANGER))
    out = io.StringIO()
    call_command("procurement_registry_import", str(path), "--as-of", AS_OF.isoformat(), stdout=out)
    assert '"kept": 1' in out.getvalue() and RegistryRecord.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("procurement_registry_import", str(tmp_path / "missing.xml"), "--as-of", AS_OF.isoformat())
    with pytest.raises(CommandError):
        call_command("procurement_registry_import", str(path), "--as-of", "not-a-date")
