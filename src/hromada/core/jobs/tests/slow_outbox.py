"""An email backend for the worker tests: Django's file backend behind a mail server that takes 50 ms a message.

The delay makes a fan-out of 150 emails last long enough to kill its worker in the middle."""

import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        time.sleep(0.05 * len(email_messages))
        return super().send_messages(email_messages)
