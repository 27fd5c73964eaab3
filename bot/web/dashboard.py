"""The coordination office's dashboard at /dashboard on the bot's web server: today's figures
against the plan, ideas by stage and by district with filters (query parameters), the chart,
and the monthly report as XLSX. Plain HTML in Vietnamese (English switch), readable on a
phone, no JavaScript.

No passwords: `/dashboard` in the chat sends a one-time link (storage/web_logins.py). Opening
it shows a button, and only pressing it (a POST) uses the link: a messenger's link preview,
which fetches the page, must not log in or spend it. The session is a random token in an
HttpOnly, SameSite=Strict cookie, stored hashed. What the page shows is decided on every
request from the roles the person holds now (a district officer sees their district).
"""

from __future__ import annotations

import html
import io
from dataclasses import replace
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from bot.web.server import APP_KEY
from flows.engine import Env
from flows.formatting import format_date, local
from flows.lifecycle import STATES
from flows.lifecycle import state as lifecycle_state
from flows.principal import Principal
from flows.stats import district_name, figures_scope, parse_month, sees_figures, stats_text
from flows.texts import t
from handlers.charts import stats_svg
from handlers.report_sheets import report_tables, write_tables_xlsx
from handlers.stats_effects import LOGIN_PATH, REPORT_PATH
from storage.figures import idea_lines, monthly_report, stats_figures
from storage.unit_of_work import UnitOfWork
from storage.web_logins import LINK_VALID_FOR, SESSION_VALID_FOR, WebLoginRepository

COOKIE = "ocop_dashboard"
PATH = "/dashboard"
LOGOUT_PATH = "/dashboard/logout"
MAX_ROWS = 200  # ideas listed on the page; the filters narrow the rest

STYLE = """
body{font-family:sans-serif;margin:0;padding:12px;max-width:960px;line-height:1.45;
color:#222;background:#fafafa}
h1{font-size:1.25em;margin:0 0 10px}h2{font-size:1.05em;margin:18px 0 6px}
section{background:#fff;border:1px solid #ccc;border-radius:8px;padding:10px 12px;margin:10px 0}
section p{margin:2px 0}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#ddebf7}td.n{text-align:right}
.scroll{overflow-x:auto}
form.filters label{display:inline-block;margin:0 10px 6px 0}
select,button{font-size:1em;padding:4px}
svg{max-width:100%;height:auto}
nav{margin:8px 0;font-size:.95em}nav form{display:inline}
button.link{background:none;border:none;color:#06c;text-decoration:underline;padding:0;cursor:pointer}
"""


def _lang(request: web.Request) -> str:
    return "en" if request.query.get("lang") == "en" else "vi"


def _page(lang: str, title: str, body: str) -> web.Response:
    text = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    response = web.Response(text=text, content_type="text/html", charset="utf-8")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _message(lang: str, key: str, status: int = 200, **values: object) -> web.Response:
    response = _page(
        lang, t("WEB_DASHBOARD_TITLE", lang), f"<p>{html.escape(t(key, lang, **values))}</p>"
    )
    response.set_status(status)
    return response


def _secure(request: web.Request) -> bool:
    public = request.app[APP_KEY].public_url
    return urlsplit(public).scheme == "https"


# --- logging in ---------------------------------------------------------------------------


async def login_page(request: web.Request) -> web.Response:
    """The link from the chat: a button that logs in (nothing is spent by looking)."""
    lang = _lang(request)
    token = request.query.get("token", "")
    body = (
        f"<p>{html.escape(t('WEB_LOGIN_EXPLAIN', lang))}</p>"
        f'<form method="post" action="{LOGIN_PATH}">'
        f'<input type="hidden" name="token" value="{html.escape(token)}">'
        f'<input type="hidden" name="lang" value="{lang}">'
        f'<button type="submit">{html.escape(t("WEB_LOGIN_BUTTON", lang))}</button></form>'
    )
    return _page(lang, t("WEB_LOGIN_TITLE", lang), body)


def _see_dashboard(lang: str) -> web.Response:
    location = PATH + ("?lang=en" if lang == "en" else "")
    return web.Response(status=303, headers={"Location": location})


async def login(request: web.Request) -> web.StreamResponse:
    app = request.app[APP_KEY]
    form = await request.post()
    lang = "en" if form.get("lang") == "en" else "vi"
    token = str(form.get("token") or "")
    async with UnitOfWork(app.database) as uow:
        found = await WebLoginRepository(uow.session).redeem_link(token, app.clock.now())
        await uow.commit()
    if found is None and await _principal(request) is not None:
        # The button pressed twice (or the form sent again): the first press logged them in.
        return _see_dashboard(lang)
    if found is None:
        minutes = int(LINK_VALID_FOR.total_seconds() // 60)
        return _message(lang, "WEB_LOGIN_BAD", 403, minutes=minutes)
    _, session = found
    response = _see_dashboard(lang)
    response.set_cookie(
        COOKIE,
        session,
        max_age=int(SESSION_VALID_FOR.total_seconds()),
        path=PATH,
        httponly=True,
        samesite="Strict",
        secure=_secure(request),
    )
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    app = request.app[APP_KEY]
    token = request.cookies.get(COOKIE)
    if token:
        async with UnitOfWork(app.database) as uow:
            await WebLoginRepository(uow.session).end_session(token, app.clock.now())
            await uow.commit()
    response = _message(_lang(request), "WEB_LOGGED_OUT")
    response.del_cookie(COOKIE, path=PATH)
    return response


async def _principal(request: web.Request) -> Principal | None:
    app = request.app[APP_KEY]
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    async with UnitOfWork(app.database) as uow:
        user_id = await WebLoginRepository(uow.session).session_user(token, app.clock.now())
        if user_id is None:
            return None
        grants = await uow.users.grants_many([user_id], app.units.structure)
    return Principal(user_id, "web", str(user_id), grants.get(user_id, ()))


async def _officer(request: web.Request) -> Principal | web.Response:
    lang = _lang(request)
    principal = await _principal(request)
    if principal is None:
        hours = int(SESSION_VALID_FOR.total_seconds() // 3600)
        return _message(lang, "WEB_LOGIN_NEEDED", 401, hours=hours)
    if not sees_figures(principal):
        return _message(lang, "WEB_NOT_OFFICER", 403)
    return principal


# --- the dashboard ------------------------------------------------------------------------


def _options(pairs: list[tuple[str, str]], chosen: str | None, everything: str) -> str:
    items = [f'<option value="">{html.escape(everything)}</option>']
    for value, label in pairs:
        selected = " selected" if value == chosen else ""
        items.append(
            f'<option value="{html.escape(value)}"{selected}>{html.escape(label)}</option>'
        )
    return "".join(items)


def _table(headers: list[str], rows: list[list[str]], numeric: frozenset[int] = frozenset()) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f'<div class="scroll"><table><tr>{head}</tr>{body}</table></div>'


async def dashboard(request: web.Request) -> web.Response:
    app = request.app[APP_KEY]
    lang = _lang(request)
    officer = await _officer(request)
    if isinstance(officer, web.Response):
        return officer
    now = app.clock.now()
    env = Env(lang=lang, now=now, units=app.units, principal=officer)
    scope = figures_scope(officer)
    district = scope or (request.query.get("district") or None)
    if district is not None and app.units.district(district) is None and district != "":
        district = scope
    stage = request.query.get("stage") or None
    if stage is not None and stage not in {s.id for s in STATES}:
        stage = None
    async with UnitOfWork(app.database) as uow:
        figures = await stats_figures(uow.session, scope, now)
        attending = await uow.announcements.will_attend_this_year(scope, now)
        figures = replace(figures, will_attend=attending)
        lines, total = await idea_lines(uow.session, district, stage, MAX_ROWS)
    summary = "".join(
        f"<p>{html.escape(line)}</p>" for line in stats_text(env, figures).split("\n")
    )
    e = html.escape

    def link(**query: str) -> str:
        wanted = {k: v for k, v in {**query, "lang": "en" if lang == "en" else ""}.items() if v}
        return e(PATH + ("?" + urlencode(wanted) if wanted else ""))

    stage_rows = [
        [
            f'<a href="{link(stage=s, district=district or "")}">'
            f"{e(lifecycle_state(s).label(lang))}</a>",
            str(n),
        ]
        for s, n in figures.ideas_by_stage
    ]
    district_rows = [
        [
            f'<a href="{link(district=code, stage=stage or "")}">{e(district_name(env, code))}</a>'
            if code
            else e(district_name(env, code)),
            str(n),
        ]
        for code, n in figures.ideas_by_district
    ]
    counts = t("WEB_COL_COUNT", lang)
    everything = t("WEB_FILTER_ALL", lang)
    filters = f'<form class="filters" method="get" action="{PATH}">'
    if scope is None:
        districts = [(d.code, d.name) for d in app.units.districts]
        filters += (
            f"<label>{e(t('WEB_FILTER_DISTRICT', lang))} "
            f'<select name="district">{_options(districts, district, everything)}</select>'
            "</label>"
        )
    stages = [(s.id, s.label(lang)) for s in STATES if s.id != "draft"]
    filters += (
        f"<label>{e(t('WEB_FILTER_STAGE', lang))} "
        f'<select name="stage">{_options(stages, stage, everything)}</select></label>'
    )
    if lang == "en":
        filters += '<input type="hidden" name="lang" value="en">'
    filters += f'<button type="submit">{e(t("WEB_FILTER_APPLY", lang))}</button></form>'
    idea_rows = []
    for line in lines:
        commune = app.units.commune(line.commune_code)
        idea_rows.append(
            [
                e(line.number),
                e(line.product),
                e(commune.name if commune else line.commune_code),
                e(district_name(env, line.district_code)),
                e(lifecycle_state(line.state).label(lang)),
                e(format_date(line.since)),
            ]
        )
    ideas_table = _table(
        [
            t(k, lang)
            for k in (
                "WEB_COL_NUMBER",
                "WEB_COL_PRODUCT",
                "WEB_COL_COMMUNE",
                "REPORT_COL_DISTRICT",
                "WEB_COL_STAGE",
                "WEB_COL_SINCE",
            )
        ],
        idea_rows,
    )
    today = local(now).date()
    month = f"{today.year:04d}-{today.month:02d}"
    report_link = e(
        REPORT_PATH + "?" + urlencode({"month": month, **({"lang": "en"} if lang == "en" else {})})
    )
    other = "en" if lang == "vi" else "vi"
    nav = (
        f'<nav><a href="{PATH}?lang={other}">{e(t("WEB_SWITCH_LANG", lang))}</a> · '
        f'<form method="post" action="{LOGOUT_PATH}"><button class="link" type="submit">'
        f"{e(t('WEB_LOGOUT', lang))}</button></form></nav>"
    )
    body = (
        nav
        + f"<section>{summary}</section>"
        + f"<section>{stats_svg(figures, lang)}</section>"
        + f"<h2>{e(t('WEB_COUNTS_BY_STAGE', lang))}</h2>"
        + _table([t("WEB_COL_STAGE", lang), counts], stage_rows, frozenset({1}))
        + f"<h2>{e(t('WEB_COUNTS_BY_DISTRICT', lang))}</h2>"
        + _table([t("REPORT_COL_DISTRICT", lang), counts], district_rows, frozenset({1}))
        + f"<h2>{e(t('WEB_IDEAS_HEAD', lang))}</h2>"
        + filters
        + f"<p>{e(t('WEB_IDEAS_SHOWN', lang, shown=len(lines), total=total))}</p>"
        + ideas_table
        + f"<h2>{e(t('WEB_REPORT_HEAD', lang))}</h2>"
        + f'<p><a href="{report_link}">{e(t("WEB_REPORT_DOWNLOAD", lang, month=month))}</a></p>'
    )
    return _page(lang, t("WEB_DASHBOARD_TITLE", lang), body)


async def report_file(request: web.Request) -> web.Response:
    app = request.app[APP_KEY]
    lang = _lang(request)
    officer = await _officer(request)
    if isinstance(officer, web.Response):
        return officer
    today = local(app.clock.now()).date()
    month = (
        parse_month(request.query.get("month", ""), today) or f"{today.year:04d}-{today.month:02d}"
    )
    scope = figures_scope(officer)
    async with UnitOfWork(app.database) as uow:
        report = await monthly_report(uow.session, month, scope)
    out = io.BytesIO()
    write_tables_xlsx(report_tables(report, app.units, lang, scope), out, lang)
    response = web.Response(
        body=out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="bao-cao-ocop-{month}.xlsx"'
    response.headers["Cache-Control"] = "no-store"
    return response


def add_dashboard_routes(web_app: web.Application) -> None:
    web_app.router.add_get(PATH, dashboard)
    web_app.router.add_get(LOGIN_PATH, login_page)
    web_app.router.add_post(LOGIN_PATH, login)
    web_app.router.add_post(LOGOUT_PATH, logout)
    web_app.router.add_get(REPORT_PATH, report_file)
