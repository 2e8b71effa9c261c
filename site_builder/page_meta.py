"""What a page says about itself at its foot: when it was last reviewed and when it is due,
where to tell someone it is wrong ("Something wrong or missing here?"), and which file
it is made from (for the "Edit" link).

The feedback link opens the organisation's own channel: a URL template (a new-issue URL of
a GitHub or GitLab project, a pre-filled form, a ticket system) or an email address. The
site itself sends nothing: it is an ordinary link, so it works offline and without script.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from urllib.parse import quote

from .freshness import Freshness, freshness, journey_of
from .i18n import Interface
from .model import Atlas, Journey, Moment, english

# The pages that are about one thing, and carry the foot.
KINDS_WITH_FOOT = ("journey", "stage", "moment", "role", "persona")
PLACEHOLDERS = ("url", "title", "kind", "id", "journey", "version")


@dataclass(frozen=True)
class Feedback:
    """The plugin option `feedback`: {url: TEMPLATE} or {email: ADDRESS}."""

    url: str | None = None
    email: str | None = None

    @classmethod
    def from_option(cls, option: dict | None) -> "Feedback | None":
        """None without the option; ValueError saying what is wrong with it."""
        if not option:
            return None
        if not isinstance(option, dict) or set(option) - {"url", "email"} or len(option) != 1:
            raise ValueError("feedback: expected either `url: <template>` or `email: <address>`"
                             f", got {option!r}")
        if "email" in option:
            email = str(option["email"]).strip()
            if "@" not in email or any(c in email for c in " ?&<>\"'"):
                raise ValueError(f"feedback: '{email}' is not an email address")
            return cls(email=email)
        template = str(option["url"])
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        except ValueError as exc:
            raise ValueError(f"feedback: the url template cannot be read ({exc}); write a "
                             "literal brace as {{ or }}") from None
        unknown = sorted(names - set(PLACEHOLDERS))
        if unknown:
            raise ValueError(f"feedback: unknown placeholder {{{unknown[0]}}} in the url; "
                             f"known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}")
        if not template.lower().startswith(("https://", "http://", "mailto:")):
            raise ValueError("feedback: the url must start with https://, http:// or mailto:")
        return cls(url=template)

    def link(self, values: dict[str, str], ui: Interface | None = None) -> str:
        """The link for one page; every value is URL-encoded (`&`, `#`, quotes, any script).
        An email's subject and body are in the language of `ui` (English without one)."""
        if self.url is not None:
            return self.url.format_map({k: quote(v, safe="") for k, v in values.items()})
        ui = ui or english()
        # Translators: the subject of the email a reader sends about a page (its title).
        subject = ui.gettext("Something wrong or missing: %(title)s", title=values["title"])
        # Mail bodies end their lines with CR LF (RFC 6068).
        body = (ui.gettext("Page: %(url)s", url=values["url"]) + "\r\n"
                + (ui.gettext("Release: %(version)s", version=values["version"]) + "\r\n"
                   if values["version"] else "")
                # Translators: in the email about a page, what the reader writes below.
                + "\r\n" + ui.gettext("What is wrong or missing:") + "\r\n\r\n")
        return f"mailto:{self.email}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


@dataclass(frozen=True)
class Foot:
    freshness: Freshness
    feedback: str | None  # the feedback link, when the option is set
    source: str  # the content file the page is made from


def page_address(page_url: str, site_url: str | None, version: str | None) -> str:
    """Where readers find the page: the site's address and the release folder, if any."""
    path = (f"{version}/" if version else "") + page_url
    return (site_url.rstrip("/") + "/" + path) if site_url else "/" + path


def foot(atlas: Atlas, kind: str, entity, page_url: str, site_url: str | None,
         version: str | None, feedback: Feedback | None, on,
         ui: Interface | None = None) -> Foot | None:
    if kind not in KINDS_WITH_FOOT:
        return None
    journey = journey_of(atlas, entity)
    link = None
    if feedback is not None:
        title = entity.title if isinstance(entity, (Journey, Moment)) else entity.name
        link = feedback.link({
            "url": page_address(page_url, site_url, version), "title": title, "kind": kind,
            "id": entity.id, "journey": journey.title if journey else "",
            "version": version or ""}, ui)
    return Foot(freshness(atlas, entity, journey, on), link, entity.file)
