"""``stakeholder-graph survey invite|status|serve|export``: run the partner survey (registered by
:func:`register`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
import pandas as pd

from stakeholder_graph.cli.common import source_option
from stakeholder_graph.csvsafe import csv_text
from stakeholder_graph.errors import InputError
from stakeholder_graph.sources import NEO4J_SOURCE

DEFAULT_PORT = 8051


def _dataset_folder(source: str) -> Path:
    path = Path(source)
    if not path.is_dir():
        raise InputError(
            f"{source}: the survey writes its answers into a dataset folder or Neo4j; give the "
            "path of a folder (copy a bundled dataset first, e.g. cp -r datasets/pleven "
            "my-network) or --source neo4j"
        )
    if not (path / "organizations.csv").is_file():
        raise InputError(f"{path}: no organizations.csv: not a dataset folder")
    return path


def _state(folder: Path, state: str | None):
    from stakeholder_graph.survey.state import SurveyState

    return SurveyState(Path(state) if state else folder / "survey")


@contextmanager
def _open_survey(source: str, state: str | None) -> Iterator[tuple[Any, Any]]:
    """The answer store of ``source`` (a dataset folder or ``neo4j``) and its survey folder.

    For Neo4j the driver stays open for the ``with`` block, and the survey folder (invites,
    progress, the raw answers log) defaults to :func:`~stakeholder_graph.survey.stores.
    neo4j_state_folder`.
    """
    from stakeholder_graph.survey.state import SurveyState
    from stakeholder_graph.survey.stores import DatasetAnswers, Neo4jAnswers, neo4j_state_folder

    if source != NEO4J_SOURCE:
        folder = _dataset_folder(source)
        yield DatasetAnswers(folder), _state(folder, state)
        return
    from stakeholder_graph.config import neo4j_settings
    from stakeholder_graph.store.neo4j import connect

    settings = neo4j_settings()
    with connect(settings) as driver:
        store = Neo4jAnswers(driver, settings.database)
        try:
            where = Path(state) if state else neo4j_state_folder(settings.uri, settings.database)
            yield store, SurveyState(where)
        finally:
            store.close()


state_option = click.option(
    "--state",
    "state",
    default=None,
    metavar="DIR",
    help="The survey folder (default: SRC/survey; for neo4j: "
    "~/.local/share/stakeholder-graph/survey/HOST_PORT-DATABASE).",
)
wave_option = click.option("--wave", default=None, help="Only this survey wave.")


@click.group("survey")
def survey() -> None:
    """Run the partner survey: invitations, the form, response rates, exports."""


@survey.command("invite")
@source_option
@click.option("--wave", default="1", show_default=True, help="Name of the survey wave.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="invites.csv to write.")
@click.option(
    "--contacts",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="CSV of named respondents: organization, name, email (one link each).",
)
@click.option(
    "--base-url",
    default=f"http://127.0.0.1:{DEFAULT_PORT}",
    show_default=True,
    help="Where respondents reach `survey serve`.",
)
@click.option("--days", default=30, show_default=True, type=click.IntRange(1, 3650))
@click.option("--language", default=None, help="en, bg, da, hu… (default: from the countries).")
@state_option
def invite(
    source: str,
    wave: str,
    out: str,
    contacts: str | None,
    base_url: str,
    days: int,
    language: str | None,
    state: str | None,
) -> None:
    """Make one personal link per organization (or contact) and write invites.csv."""
    from stakeholder_graph.survey.locale import language_for_countries, messages
    from stakeholder_graph.survey.state import atomic_write_text
    from stakeholder_graph.survey.tokens import make_invites

    with _open_survey(source, state) as (store, survey_state):
        data = store.network()
    lang = language or language_for_countries(data.organizations["country"])
    t = messages(lang)
    people = None
    if contacts:
        people = pd.read_csv(contacts, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        missing = {"organization", "name"} - set(people.columns)
        if missing:
            raise InputError(f"{contacts}:1: missing column(s) " + ", ".join(sorted(missing)))
        if "email" not in people.columns:
            people["email"] = ""
    made = make_invites(
        data.organizations,
        wave,
        lang,
        datetime.now(UTC).replace(tzinfo=None),
        days,
        people,
        Path(contacts).name if contacts else "contacts.csv",
    )
    names = dict(zip(data.organizations["id"], data.organizations["name"], strict=True))
    rows = []
    for inv, token in made:
        link = f"{base_url.rstrip('/')}/s/{token}"
        fields = {
            "organization": names[inv.organization],
            "contact": inv.contact or t["colleague"],
            "link": link,
            "expires": inv.expires[:10],
        }
        rows.append(
            {
                "organization_id": inv.organization,
                "organization": names[inv.organization],
                "contact": inv.contact,
                "email": inv.email,
                "wave": inv.wave,
                "language": lang,
                "link": link,
                "expires": inv.expires[:10],
                "subject": t["invite_subject"].format(**fields),
                "message": t["invite_body"].format(**fields),
            }
        )
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, csv_text(pd.DataFrame(rows)), mode=0o600)
    survey_state.add_invites([inv for inv, _ in made])
    click.echo(
        f"{len(made)} invitations for wave {wave} ({lang}), valid {days} days: {target} "
        f"(keep it private: it holds the links); survey folder {survey_state.folder}"
    )


@survey.command("status")
@source_option
@wave_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@state_option
def status(source: str, wave: str | None, fmt: str, state: str | None) -> None:
    """Response rates per sector: invited, started, submitted organizations."""
    from stakeholder_graph.survey.report import response_rates

    with _open_survey(source, state) as (store, survey_state):
        rates = response_rates(survey_state, store.network(), wave)
    if fmt == "json":
        click.echo(json.dumps(rates.to_dict("records"), indent=1))
        return
    click.echo(f"{'sector':<16}{'invited':>9}{'started':>9}{'submitted':>11}{'rate':>8}")
    for row in rates.itertuples():
        rate = "-" if row.invited == 0 else f"{row.rate:.0%}"
        click.echo(f"{row.sector:<16}{row.invited:>9}{row.started:>9}{row.submitted:>11}{rate:>8}")


@survey.command("serve")
@source_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@click.option("--auth", metavar="USER:PASSWORD_FILE", default=None, help="HTTP basic auth.")
@click.option("--no-auth", is_flag=True, help="Serve a non-loopback --host without --auth.")
@click.option(
    "--consent",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="A text file with the consent text shown to respondents.",
)
@state_option
def serve(
    source: str,
    host: str,
    port: int,
    auth: str | None,
    no_auth: bool,
    consent: str | None,
    state: str | None,
) -> None:
    """Serve the survey form (loopback by default; another --host needs --auth or --no-auth)."""
    from dashboards.auth import check_exposure, install_basic_auth, read_credentials
    from stakeholder_graph.survey.app import create_survey_app

    check_exposure(host, auth, no_auth)
    credentials = read_credentials(auth) if auth else None
    text = Path(consent).read_text(encoding="utf-8").strip() if consent else None
    with _open_survey(source, state) as (store, survey_state):
        app = create_survey_app(store, survey_state.folder, consent=text)
        if credentials is not None:
            install_basic_auth(app, *credentials, realm="survey")
        click.echo(
            f"Serving the survey on http://{host}:{port}/s/<token> (Ctrl+C to stop); answers "
            f"to {store.label}, survey folder {survey_state.folder}"
        )
        app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


@survey.command("export")
@source_option
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="CSV to write.")
@click.option(
    "--role",
    type=click.Choice(["analyst", "partner"]),
    default="partner",
    show_default=True,
    help="analyst: every dyad; partner: ratings aggregated per organization.",
)
@click.option("--min-raters", default=3, show_default=True, type=click.IntRange(1, None))
@wave_option
@state_option
def export(
    source: str, out: str, role: str, min_raters: int, wave: str | None, state: str | None
) -> None:
    """Export the answers without free text: dyads (analyst) or aggregated (partner)."""
    from stakeholder_graph.survey.report import aggregated_export, analyst_export
    from stakeholder_graph.survey.state import atomic_write_text

    with _open_survey(source, state) as (store, survey_state):
        data = store.network()
    if role == "analyst":
        frame = analyst_export(survey_state, data, wave)
    else:
        p = data.perceptions if wave is None else data.perceptions[data.perceptions["wave"] == wave]
        frame = aggregated_export(p, min_raters)
        names = dict(zip(data.organizations["id"], data.organizations["name"], strict=True))
        frame.insert(1, "name", frame["organization"].map(names))
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, csv_text(frame))
    click.echo(f"{len(frame)} rows ({role}): {target}")


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    group.add_command(survey)
