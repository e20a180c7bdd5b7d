"""Django's database sessions, read with a compiled query (workplans.compiled): every signed-in
request reads its session first, and building that query was a tenth of a report submission.
Writes, expiry and cleanup (clearsessions) are Django's own."""

import logging

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from workplans.compiled import CompiledQuery

SESSION_BY_KEY = CompiledQuery(
    lambda session_key: Session.objects.filter(session_key=session_key).values_list(
        "session_data", "expire_date"
    ),
    "SESSION_BY_KEY",
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        try:
            rows = SESSION_BY_KEY.rows(session_key=self.session_key or "")
        except SuspiciousOperation as error:
            logging.getLogger(f"django.security.{type(error).__name__}").warning(str(error))
            rows = []
        if rows and rows[0][1] > timezone.now():  # as Django's: expire_date__gt=now
            data, expire_date = rows[0]
            return Session(session_key=self.session_key, session_data=data, expire_date=expire_date)
        self._session_key = None
        return None
