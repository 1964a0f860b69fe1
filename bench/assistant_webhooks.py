"""Assistant benchmark (issue 21): webhook updates handled per second (the secret verified, the update stored and
its task enqueued, through the whole middleware stack) beside a bare JSON endpoint in the same stack, and replies
delivered per second to a Bot API emulator beside a bare HTTP POST loop to the same emulator.

    [DATABASE_URL=postgres://…] .venv/bin/python bench/assistant_webhooks.py [--updates 2000] [--replies 1000]
        [--chats 200] [--rounds 4] [--threads 1,8]

The webhook side runs once per --threads figure: one client posting update after update, then several at once
(each on its own connection, as Telegram delivers a busy bot's updates over up to 40 connections and Viber over
several); the bare endpoint is posted the same way, so each ratio compares like with like.

Without DATABASE_URL it makes a fresh SQLite file in a temporary directory. Tasks go to the install's default
backend (the database queue), so each webhook pays for its task row as in production. Both sides of each ratio
run interleaved in --rounds blocks on this (shared, noisy) machine; the figures are the sums. The delivery run
lifts the rate limits (30 a second per bot is the channel's limit, not our speed); it prints that limit too."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TOKEN = "123456:" + "B" * 35  # noqa: S105 - the emulator's bot
_ids = itertools.count(1)


def setup_django() -> None:
    from unlimited import UNLIMITED_RATES

    if not os.environ.get("DATABASE_URL"):
        os.environ["HROMADA_DATA_DIR"] = tempfile.mkdtemp(prefix="hromada-bench-assistant-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
    os.environ.update(UNLIMITED_RATES)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# The bare endpoint: the same middleware stack, a view that reads the JSON and answers.
def bare(request):
    from django.http import JsonResponse

    json.loads(request.body)
    return JsonResponse({"ok": True})


def _urlconf():
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    from hromada.config import urls

    return [*urls.urlpatterns, path("bench/bare/", csrf_exempt(bare))]


urlpatterns: list = []


def update(chat: int) -> dict:
    n = next(_ids)
    return {"update_id": n, "message": {
        "message_id": n, "date": 1767225600, "text": f"питання {n}",
        "chat": {"id": chat, "type": "private", "first_name": "Олена"},
        "from": {"id": chat, "is_bot": False, "first_name": "Олена", "language_code": "uk"}}}


def posts(client, url: str, bodies: list[str], headers: dict) -> float:
    started = time.perf_counter()
    for body in bodies:
        response = client.post(url, data=body, content_type="application/json", **headers)
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
    return time.perf_counter() - started


def posts_at_once(url: str, bodies: list[str], headers: dict, threads: int) -> float:
    """The bodies posted by `threads` clients at once (each its own thread and database connection), as a channel
    delivers a busy bot's updates over several connections; the wall time of the whole."""
    import threading

    from django.db import connections
    from django.test import Client

    if threads == 1:
        return posts(Client(), url, bodies, headers)
    barrier, failures = threading.Barrier(threads + 1), []

    def work(share: list[str]) -> None:
        client = Client()
        barrier.wait()
        try:
            posts(client, url, share, headers)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(bodies[n::threads],)) for n in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    assert not failures, failures[:3]
    return time.perf_counter() - started


def bench_webhooks(community, config, args, threads: int) -> None:
    from django.test import Client

    from hromada.assistant.webhooks import ARRIVALS

    client = Client()
    hook = f"/c/{community.slug}/assistant/telegram/webhook/"
    headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": config.webhook_secret}
    per_round = args.updates // args.rounds
    hook_time = bare_time = 0.0
    posts(client, hook, [json.dumps(update(1))], headers)  # warm up both paths
    posts(client, "/bench/bare/", [json.dumps(update(1))], {})
    batches, items = ARRIVALS.batches, ARRIVALS.items
    for _round in range(args.rounds):
        bodies = [json.dumps(update(1000 + i % args.chats)) for i in range(per_round)]
        hook_time += posts_at_once(hook, bodies, headers, threads)
        bare_time += posts_at_once("/bench/bare/", bodies, {}, threads)
    n = per_round * args.rounds
    batches, items = ARRIVALS.batches - batches, ARRIVALS.items - items
    print(f"webhook, {threads} connection(s) at once: {n / hook_time:,.0f} updates/s ({hook_time / n * 1000:.2f} ms "
          f"each); bare endpoint: {n / bare_time:,.0f}/s ({bare_time / n * 1000:.2f} ms); ratio "
          f"{bare_time / hook_time:.2f} (target >= 0.5); {items / max(batches, 1):.1f} updates per commit")


def bench_delivery(community, config, api, args) -> None:
    import requests
    from django.conf import settings
    from django.db import transaction

    from hromada.assistant.delivery import bot_rate, deliver_pending
    from hromada.assistant.engine.dispatch import enqueue_replies, locked_chat
    from hromada.assistant.engine.types import Button, Reply

    print(f"delivery rate limits in production: {bot_rate()} messages/s per bot, "
          f"{settings.__dict__.get('HROMADA_ASSISTANT_CHAT_INTERVAL', 1.0)} s per chat")
    settings.HROMADA_ASSISTANT_BOT_RATE = 10**9
    settings.HROMADA_ASSISTANT_CHAT_INTERVAL = 0
    with transaction.atomic():
        chats = [locked_chat(community, "telegram", str(5000 + i)) for i in range(args.chats)]
    reply = Reply(text="Відповідь на ваше питання: довідки видає ЦНАП з 8:00 до 17:00.",
                  buttons=((Button("Ще питання", payload="faq:start"), Button("Меню", payload="menu:open")),))
    per_round = args.replies // args.rounds
    sent_time = bare_time = 0.0
    session = requests.Session()
    url = f"{api.telegram_url}/bot{TOKEN}/sendMessage"
    body = {"chat_id": "5000", "text": reply.text,
            "reply_markup": {"inline_keyboard": [[{"text": "Ще питання", "callback_data": "faq:start"}]]}}
    for _round in range(args.rounds):
        with transaction.atomic():
            for i in range(per_round):
                enqueue_replies(chats[i % len(chats)], [reply])
        started = time.perf_counter()
        counts = deliver_pending(budget=0)
        sent_time += time.perf_counter() - started
        assert counts["sent"] == per_round, counts
        started = time.perf_counter()
        for _i in range(per_round):
            assert session.post(url, json=body, timeout=10).status_code == 200
        bare_time += time.perf_counter() - started
    n = per_round * args.rounds
    print(f"delivery: {n / sent_time:,.0f} replies/s ({sent_time / n * 1000:.2f} ms each, claim + render + POST + "
          f"mark sent); bare POST loop: {n / bare_time:,.0f}/s ({bare_time / n * 1000:.2f} ms); "
          f"ratio {bare_time / sent_time:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--replies", type=int, default=1000)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--threads", type=lambda v: [int(n) for n in v.split(",")], default=[1, 8],
                        help="webhook runs with this many connections at once, e.g. 1,8 (Telegram uses up to 40)")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    from hromada.assistant import services
    from hromada.assistant.models import Chat, InboundUpdate
    from hromada.assistant.tests.botapi import BotApi
    from hromada.core import capabilities
    from hromada.core.identity.actors import SYSTEM
    from hromada.core.tenancy.models import Community
    from hromada.core.tenancy.selectors import invalidate_community_cache

    settings.ALLOWED_HOSTS = ["*"]
    globals()["urlpatterns"] = _urlconf()
    slug = f"bench-assistant-{int(time.time())}"
    community = Community.objects.create(slug=slug, name_uk="Громада для заміру", name_en="Bench community",
                                         enabled_capabilities=[m.slug for m in capabilities.manifests()])
    invalidate_community_cache()
    print(f"database: {connection.vendor}; load average before: {os.getloadavg()}")
    with BotApi(token=TOKEN) as api, override_settings(ROOT_URLCONF=__name__):
        config = services.channel_config_save(actor=SYSTEM, community=community, channel="telegram", token=TOKEN,
                                              api_base_url=api.telegram_url, is_enabled=True)
        for threads in args.threads:
            bench_webhooks(community, config, args, threads)
        print(f"stored updates: {InboundUpdate.objects.filter(community=community).count():,}")
        bench_delivery(community, config, api, args)
    print(f"load average after: {os.getloadavg()}")
    InboundUpdate.objects.filter(community=community).delete()
    Chat.objects.filter(community=community).delete()  # the community stays: its audit events are protected


if __name__ == "__main__":
    main()
