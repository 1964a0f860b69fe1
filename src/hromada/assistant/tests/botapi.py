"""A Telegram Bot API and Viber REST API emulator for tests: a real HTTP server on a free port (port 0) that
records every call and answers as the channels do, including their refusals on demand.

Telegram: POST /bot<token>/<method> (sendMessage, answerCallbackQuery, setWebhook, deleteWebhook,
getWebhookInfo, getMe, getFile) and GET /file/bot<token>/<path>. Viber (under /pa): POST /pa/<method>
(send_message, set_webhook, get_account_info) with the X-Viber-Auth-Token header.

    with BotApi(token="123:abc…", viber_token="…") as api:
        config.api_base_url = api.telegram_url   # or api.viber_url
        api.refuse("sendMessage", 429, retry_after=1)   # the next sendMessage answers 429
        api.calls("sendMessage")                         # the recorded bodies"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TELEGRAM_ERRORS = {
    429: "Too Many Requests: retry after {retry_after}",
    403: "Forbidden: bot was blocked by the user",
    400: "Bad Request: chat not found",
    500: "Internal Server Error",
}


class BotApi:
    def __init__(self, *, token: str = "", viber_token: str = "", files: dict[str, bytes] | None = None):
        self.token, self.viber_token = token, viber_token
        self.files = dict(files or {})  # Telegram file_id -> content
        self.media = {}  # path under /media/ -> content (Viber picture URLs)
        self.recorded: list[tuple[str, dict]] = []
        self.refusals: dict[str, list[tuple[int, dict]]] = defaultdict(list)
        self.webhook = {"url": ""}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # Life cycle ---------------------------------------------------------------------------------------------
    def __enter__(self) -> BotApi:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def telegram_url(self) -> str:
        return self.base

    @property
    def viber_url(self) -> str:
        return self.base + "/pa"

    # What tests use -----------------------------------------------------------------------------------------
    def refuse(self, method: str, status: int, *, retry_after: int = 1, times: int = 1, viber_status: int = 0) -> None:
        """The next `times` calls of `method` fail: Telegram's error envelope (or Viber's status code)."""
        with self.lock:
            self.refusals[method].extend([(status, {"retry_after": retry_after, "viber_status": viber_status})] * times)

    def calls(self, method: str | None = None) -> list[dict]:
        with self.lock:
            return [body for name, body in self.recorded if method is None or name == method]

    def methods(self) -> list[str]:
        with self.lock:
            return [name for name, _body in self.recorded]

    # The server ---------------------------------------------------------------------------------------------
    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _json(self, status: int, data: dict) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                prefix = f"/file/bot{api.token}/"
                if self.path.startswith(prefix) and self.path[len(prefix):] in api.files:
                    data = api.files[self.path[len(prefix):]]
                elif self.path.startswith("/media/") and self.path[7:] in api.media:
                    data = api.media[self.path[7:]]
                else:
                    return self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {}
                if self.path.startswith("/pa/"):
                    return self._viber(self.path[4:], body)
                prefix = f"/bot{api.token}/"
                if not self.path.startswith(prefix):
                    return self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                return self._telegram(self.path[len(prefix):], body)

            def _record(self, method: str, body: dict):
                """Record the call; the refusal planned for it, if any."""
                with api.lock:
                    api.recorded.append((method, dict(body)))
                    return api.refusals[method].pop(0) if api.refusals[method] else None

            def _telegram(self, method: str, body: dict):
                refusal = self._record(method, body)
                if refusal:
                    status, extra = refusal
                    data = {"ok": False, "error_code": status,
                            "description": TELEGRAM_ERRORS.get(status, "Error").format(**extra)}
                    if status == 429:
                        data["parameters"] = {"retry_after": extra["retry_after"]}
                    return self._json(status, data)
                if method == "sendMessage":
                    result = {"message_id": len(api.recorded), "date": 1700000000,
                              "chat": {"id": int(body.get("chat_id", 0)), "type": "private"}, "text": body.get("text")}
                elif method == "getMe":
                    result = {"id": 1, "is_bot": True, "first_name": "Hromada", "username": "hromada_test_bot"}
                elif method == "setWebhook":
                    api.webhook = {"url": body.get("url", ""), "pending_update_count": 0}
                    result = True
                elif method == "deleteWebhook":
                    api.webhook = {"url": "", "pending_update_count": 0}
                    result = True
                elif method == "getWebhookInfo":
                    result = dict(api.webhook)
                elif method == "getFile":
                    file_id = body.get("file_id", "")
                    if file_id not in api.files:
                        return self._json(400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"})
                    result = {"file_id": file_id, "file_size": len(api.files[file_id]), "file_path": file_id}
                else:
                    result = True
                return self._json(200, {"ok": True, "result": result})

            def _viber(self, method: str, body: dict):
                if self.headers.get("X-Viber-Auth-Token") != api.viber_token:
                    self._record(method, body)
                    return self._json(200, {"status": 2, "status_message": "invalidAuthToken"})
                refusal = self._record(method, body)
                if refusal:
                    status, extra = refusal
                    if status != 200:
                        return self._json(status, {"status": 1, "status_message": "error"})
                    return self._json(200, {"status": extra["viber_status"], "status_message": "refused"})
                if method == "set_webhook":
                    api.webhook = {"url": body.get("url", "")}
                    return self._json(200, {"status": 0, "status_message": "ok", "event_types": body.get("event_types")})
                if method == "get_account_info":
                    return self._json(200, {"status": 0, "status_message": "ok", "name": "Громада",
                                            "uri": "hromada", "webhook": api.webhook.get("url", "")})
                return self._json(200, {"status": 0, "status_message": "ok", "message_token": len(api.recorded)})

        return Handler
