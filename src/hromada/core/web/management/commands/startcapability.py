"""`hromada startcapability NAME`: a working skeleton of a new capability under src/hromada/NAME/, from the
files in core/web/templates/startcapability/ (model, services, selectors, policies, manifest, API, pages, admin,
demo data, open data, tests and its first migration), passing the cross-cutting tests as generated."""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db.migrations.loader import MigrationLoader

import hromada
from hromada.core import capabilities

SKELETON = Path(__file__).resolve().parents[2] / "templates" / "startcapability"
NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")


def skeleton_tokens(name: str, model: str, title: str) -> dict[str, str]:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", model).lower()
    return {
        "<<app>>": name,
        "<<App>>": "".join(part.title() for part in name.split("_")),
        "<<Model>>": model,
        "<<model>>": snake,
        "<<Title>>": title,
        "<<tenancy_leaf>>": max(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("tenancy"))[1],
    }


def generate(target: Path, tokens: dict[str, str]) -> list[Path]:
    """Write the skeleton into `target` (which must not exist), replacing the tokens in names and contents."""
    written = []
    for source in sorted(SKELETON.rglob("*-tpl")):
        relative = source.relative_to(SKELETON).as_posix().removesuffix("-tpl").replace("__app__", tokens["<<app>>"])
        text = source.read_text(encoding="utf-8")
        for token, value in tokens.items():
            text = text.replace(token, value)
        if relative.endswith(".py"):
            text = _first_party_imports_sorted(text)
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _first_party_imports_sorted(text: str) -> str:
    """Each run of `from hromada.… import …` lines in module order, as the linter wants it: the new app's own
    imports come before or after the kernel's depending on its name (assistant < core < surveys)."""
    lines = text.split("\n")
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and lines[end].startswith("from hromada."):
            end += 1
        if end > start:
            lines[start:end] = sorted(lines[start:end], key=lambda line: line.split()[1])
            start = end
        else:
            start += 1
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Generate a new capability app (a working, tested skeleton) under src/hromada/NAME/."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the app and slug, e.g. budgets (lower case, letters, digits, _)")
        parser.add_argument("--model", help="the model's class name (default: NAME without a final s, e.g. Budget)")
        parser.add_argument("--title", help="the capability's English name (default: NAME capitalised)")
        parser.add_argument("--directory", help="the folder to create the package in (default: the hromada "
                                                "package, src/hromada/)")

    def handle(self, *args, name: str, model: str | None, title: str | None, directory: str | None, **options):
        if not NAME.match(name) or keyword.iskeyword(name):
            raise CommandError("NAME is 2-31 lower-case letters, digits and _, starting with a letter.")
        taken = {config.label for config in apps.get_app_configs()} | {m.slug for m in capabilities.manifests()}
        if name in taken:
            raise CommandError(f"{name!r} is already an installed app or capability.")
        model = model or name.removesuffix("s").title().replace("_", "")
        if not re.match(r"^[A-Z][A-Za-z0-9]{1,40}$", model):
            raise CommandError("--model is a class name in CamelCase, e.g. Budget.")
        target = Path(directory or Path(hromada.__file__).parent) / name
        if target.exists():
            raise CommandError(f"{target} exists already.")
        written = generate(target, skeleton_tokens(name, model, title or name.replace("_", " ").capitalize()))
        self.stdout.write(f"Created {len(written)} files in {target}.")
        self.stdout.write("Next:\n"
                          f"  1. add \"hromada.{name}\" to INSTALLED_APPS in src/hromada/config/settings.py\n"
                          "  2. hromada migrate && hromada check\n"
                          f"  3. python -m pytest src/hromada/{name} tests/\n"
                          "  4. read docs/new-capability.md: every file the capability touches")
