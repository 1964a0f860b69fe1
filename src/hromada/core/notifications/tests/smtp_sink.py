"""A small SMTP server for the tests, run as its own process: `python -m ...smtp_sink DIR` listens on a free
port of 127.0.0.1, prints that port, and writes every message it accepts to DIR as <n>.eml.

It speaks the part of RFC 5321 that Django's SMTP backend uses (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT),
without TLS or authentication, so the tests exercise the real smtplib conversation and the real MIME bytes."""

from __future__ import annotations

import itertools
import socketserver
import sys
from pathlib import Path

COUNTER = itertools.count(1)


class Session(socketserver.StreamRequestHandler):
    outbox: Path

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 hromada-test-smtp ready")
        sender, recipients = "", []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.reply("250-hromada-test-smtp")
                self.reply("250-8BITMIME")
                self.reply("250 SMTPUTF8")
            elif verb == "HELO":
                self.reply("250 hromada-test-smtp")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                envelope = f"X-Envelope-From: {sender}\r\nX-Envelope-To: {', '.join(recipients)}\r\n".encode()
                number = next(COUNTER)
                (self.outbox / f"{number:05d}.eml.part").write_bytes(envelope + b"".join(lines))
                (self.outbox / f"{number:05d}.eml.part").rename(self.outbox / f"{number:05d}.eml")
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


def main() -> None:
    outbox = Path(sys.argv[1])
    outbox.mkdir(parents=True, exist_ok=True)
    Session.outbox = outbox
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Session) as server:
        print(server.server_address[1], flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
