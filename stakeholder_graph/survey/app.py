"""The survey form: a small Flask app of server-rendered HTML (no JavaScript at all).

Routes (``<token>`` is the respondent's personal token):

* ``GET /s/<token>`` — resume where the respondent left off;
* ``GET|POST /s/<token>/partners`` — consent and the roster (grouped by sector, searchable);
* ``GET|POST /s/<token>/ratings`` — for each partner: how often, the kind of cooperation, who
  takes the initiative, the stages and the six 1–4 ratings; *save* or *submit*;
* ``GET /s/<token>/done`` — the thank-you page.

Every POST saves the draft first, so progress survives at every step. An unknown or expired token
gets a plain ``404`` page and nothing else; tokens are looked up by hash in constant time; clients
are rate-limited (:class:`RateLimiter`); every form carries a CSRF token bound to a signed,
``SameSite=Strict`` session cookie. Responses forbid caching, framing, scripts and referrers (the
token is in the URL).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import flask
from werkzeug.exceptions import HTTPException

from stakeholder_graph.dataset.model import INTERACTION_TYPES, SECTORS, STAGES, SURVEY_ITEMS
from stakeholder_graph.errors import DatabaseUnavailable, InputError
from stakeholder_graph.survey.answers import (
    FREQUENCIES,
    INITIATIVES,
    MAX_TEXT,
    parse_partners,
    parse_ratings,
    submit,
)
from stakeholder_graph.survey.locale import available_languages, messages
from stakeholder_graph.survey.state import SurveyState
from stakeholder_graph.survey.stores import AnswerStore, DatasetAnswers
from stakeholder_graph.survey.tokens import Invite, find_invite

NOT_FOUND = "<!doctype html><title>Not found</title><p>Not found.</p>\n"
TOO_MANY = "<!doctype html><title>Too many requests</title><p>Too many requests.</p>\n"


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds per key (a sliding window).

    Example
    -------
    >>> r = RateLimiter(2, 60.0, clock=lambda: 0.0)
    >>> [r.allow("a") for _ in range(3)]
    [True, True, False]
    """

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Record an event for ``key``; False when it is over the limit."""
        now = self.clock()
        with self._lock:
            events = self._events[key]
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True


def create_survey_app(
    dataset: Path | AnswerStore,
    state_folder: Path | None = None,
    consent: str | None = None,
    clock: Callable[[], datetime] | None = None,
    requests_per_minute: int = 120,
    bad_tokens_per_hour: int = 20,
) -> flask.Flask:
    """The survey app over the dataset folder ``dataset``.

    Parameters
    ----------
    dataset:
        The dataset folder whose ``perceptions.csv`` receives the answers, or an answer store
        (:class:`~stakeholder_graph.survey.stores.Neo4jAnswers` for ``--source neo4j``).
    state_folder:
        The survey folder (default ``dataset/survey``; required for a store without one).
    consent:
        The consent text shown above the roster (default: the language file's).
    clock:
        Returns the current UTC time (tests and simulations move it; default: the real clock).
    requests_per_minute, bad_tokens_per_hour:
        Rate limits: requests per link and client address, unknown links per address.
    """
    store = DatasetAnswers(Path(dataset)) if isinstance(dataset, str | Path) else dataset
    folder = state_folder or store.default_state
    if folder is None:
        raise ValueError(f"{store.label}: give the survey folder (state_folder)")
    state = SurveyState(folder)
    data = store.network()
    orgs = data.organizations
    names = dict(zip(orgs["id"], orgs["name"], strict=True))
    sectors = dict(zip(orgs["id"], orgs["sector"], strict=True))
    roster = orgs.sort_values("name", key=lambda s: s.str.casefold())[["id", "name", "sector"]]
    now = clock or (lambda: datetime.now(UTC).replace(tzinfo=None))
    requests = RateLimiter(requests_per_minute, 60.0)
    failures = RateLimiter(bad_tokens_per_hour, 3600.0)

    app = flask.Flask(__name__, template_folder=str(resources.files(__package__) / "templates"))
    app.secret_key = state.secret_key()
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )

    def client() -> str:
        return flask.request.remote_addr or "?"

    def invite_or_404(token: str) -> Invite:
        invite = find_invite(state.invites(), token)
        if invite is None or invite.expired(now()):
            if not failures.allow(client()):
                flask.abort(429)
            flask.abort(404)
        return invite

    def csrf_token() -> str:
        if "csrf" not in flask.session:
            flask.session["csrf"] = secrets.token_urlsafe(32)
        return flask.session["csrf"]

    def check_csrf() -> None:
        sent = flask.request.form.get("csrf", "")
        expected = flask.session.get("csrf", "")
        if not expected or not secrets.compare_digest(sent, expected):
            flask.abort(400)

    def texts(invite: Invite) -> tuple[str, dict[str, Any]]:
        lang = flask.request.args.get("lang", "")
        lang = lang if lang in available_languages() else invite.language
        return lang, messages(lang)

    def render(name: str, invite: Invite, token: str, **extra: Any) -> str:
        lang, t = texts(invite)
        return flask.render_template(
            name,
            t=t,
            lang=lang,
            languages=[(code, messages(code)["language_name"]) for code in available_languages()],
            invite=invite,
            organization=names.get(invite.organization, invite.organization),
            token=token,
            csrf=csrf_token(),
            consent_text=consent or t["consent_text"],
            expires=invite.expires[:10],
            **extra,
        )

    def draft_of(invite: Invite) -> dict[str, Any]:
        return state.progress(invite.hash).get("draft", {})

    def save_draft(invite: Invite, change: dict[str, Any]) -> None:
        with state.lock():
            progress = state.progress(invite.hash)
            progress["draft"] = progress.get("draft", {}) | change
            progress["saved"] = now().isoformat(timespec="seconds")
            state.save_progress(invite.hash, progress)

    def target(token: str, step: str, **args: str) -> flask.Response:
        lang = flask.request.args.get("lang")
        if lang:
            args["lang"] = lang
        return flask.redirect(flask.url_for(step, token=token, **args), code=303)

    @app.before_request
    def limit() -> None:
        # per link and address: many respondents behind one proxy do not share a budget;
        # guessing links is bounded separately, per address (``failures``)
        token = (flask.request.view_args or {}).get("token", "")
        if not requests.allow(f"{client()} {token}"):
            flask.abort(429)
        if flask.request.method == "POST":
            invite_or_404(token)  # an unknown link is a 404 whatever the form holds
            check_csrf()

    @app.after_request
    def headers(response: flask.Response) -> flask.Response:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'"
        )
        return response

    @app.errorhandler(HTTPException)
    def plain(error: HTTPException) -> tuple[str, int]:
        body = TOO_MANY if error.code == 429 else NOT_FOUND if error.code == 404 else ""
        return body or f"<!doctype html><title>{error.code}</title><p>{error.name}.</p>\n", int(
            error.code or 500
        )

    @app.get("/survey.css")
    def css() -> flask.Response:
        text = (resources.files(__package__) / "templates" / "survey.css").read_text("utf-8")
        return flask.Response(text, mimetype="text/css")

    @app.get("/s/<token>")
    def resume(token: str) -> flask.Response:
        invite = invite_or_404(token)
        progress = state.progress(invite.hash)
        draft = progress.get("draft", {})
        if progress.get("submitted") and progress["submitted"].get("partners") == draft.get(
            "partners"
        ):
            return target(token, "done")
        if draft.get("consent") and draft.get("partners"):
            return target(token, "ratings")
        return target(token, "partners")

    @app.route("/s/<token>/partners", methods=["GET", "POST"])
    def partners(token: str) -> Any:
        invite = invite_or_404(token)
        query = flask.request.args.get("q", "")[:100]
        error = ""
        if flask.request.method == "POST":
            form = flask.request.form
            chosen = parse_partners(form, set(names), invite.organization)
            shown = set(form.getlist("shown"))
            kept = [p for p in draft_of(invite).get("partners", []) if p not in shown]
            selection = kept + [p for p in chosen if p not in kept]
            save_draft(invite, {"partners": selection, "consent": form.get("consent") == "yes"})
            if form.get("action") == "search":  # searching saves the ticks first
                return target(token, "partners", q=form.get("q", "")[:100])
            if form.get("action") == "show-all":
                return target(token, "partners")
            if form.get("consent") != "yes":
                error = texts(invite)[1]["consent_needed"]
            else:
                return target(token, "ratings")
        draft = draft_of(invite)
        selected = set(draft.get("partners", []))
        rows = roster[roster["id"] != invite.organization]
        if query:
            rows = rows[rows["name"].str.casefold().str.contains(query.casefold(), regex=False)]
        groups = [
            (s, list(zip(g["id"], g["name"], strict=True)))
            for s in SECTORS
            if not (g := rows[rows["sector"] == s]).empty
        ]
        return render(
            "partners.html",
            invite,
            token,
            groups=groups,
            selected=selected,
            consented=draft.get("consent", False),
            query=query,
            error=error,
        )

    @app.route("/s/<token>/ratings", methods=["GET", "POST"])
    def ratings(token: str) -> Any:
        invite = invite_or_404(token)
        problems: list[str] = []
        saved = False
        chosen = draft_of(invite).get("partners", [])
        if flask.request.method == "POST":
            form = flask.request.form
            answers = parse_ratings(form, chosen)
            comment = form.get("comment", "")[:MAX_TEXT]
            save_draft(invite, {"answers": answers, "comment": comment})
            saved = True
            if form.get("action") == "submit":
                try:
                    submit(state, store, invite, now(), names)
                except InputError as error:
                    problems = error.details or [error.message]
                except DatabaseUnavailable:
                    app.logger.warning("survey answers not recorded: the store is unavailable")
                    problems = [texts(invite)[1]["not_recorded"]]
                else:
                    return target(token, "done")
        draft = draft_of(invite)
        partners_shown = [(p, names.get(p, p), sectors.get(p, "")) for p in chosen]
        return render(
            "ratings.html",
            invite,
            token,
            partners=partners_shown,
            answers=draft.get("answers", {}),
            comment=draft.get("comment", ""),
            problems=problems,
            saved=saved and not problems,
            items=SURVEY_ITEMS,
            frequencies=FREQUENCIES,
            types=INTERACTION_TYPES,
            initiatives=INITIATIVES,
            stages=STAGES,
        )

    @app.get("/s/<token>/done")
    def done(token: str) -> Any:
        invite = invite_or_404(token)
        return render("done.html", invite, token)

    return app
