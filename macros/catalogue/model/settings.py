"""The site's own records: its settings, the controlled vocabularies and the list of hidden entries (each
loaded from its YAML file by content.py, validated like any record)."""
from __future__ import annotations

import re
from typing import Any

from catalogue.model.records import Versioned
from catalogue.model.schema import (
    Bool,
    Context,
    Editors,
    EntryRef,
    Enum,
    Field,
    Int,
    ListOf,
    Record,
    Slug,
    Str,
    Text,
    Url,
)


class VocabValue(Record):
    """En værdi i et vokabular."""

    id = Field("id", Slug, required=True, doc="Værdiens id; bruges i posternes 'facetter'.")
    label = Field("navn", Str, required=True, doc="Det navn en besøgende ser.")
    description = Field("beskrivelse", Text, doc="Forklaring (valgfri).")
    search_words = Field("soegeord", ListOf(Str), label="Søgeord",
                         doc="Ord, som personalet bruger om det samme (fx skolevægring, pjæk for Fravær). Søgningen "
                             "finder alle poster med værdien på disse ord, og de står på værdiens side.")


class Vocabulary(Versioned):
    """Et kontrolleret vokabular (fx aldersgrupper)."""

    label = Field("navn", Str, required=True, doc="Facettens navn, fx 'Aldersgruppe'.")
    facet = Field("facet", Bool, doc="true hvis vokabularet bruges som facet (filter) på poster.")
    order = Field("raekkefoelge", Int(0, 999), doc="Rækkefølge blandt filtrene.", default=100)
    values = Field("vaerdier", ListOf(VocabValue, min_items=1), required=True, doc="Værdierne.")

    def validate(self, ctx: Context, node: Any) -> None:
        seen = set()
        for v in self.values:
            if v.id in seen:
                ctx.report.error(v.mark.path, v.mark.line, v.mark.column, f"værdien '{v.id}' står to gange",
                                 "hver værdi skal have sit eget id")
            seen.add(v.id)
        self.by_id = {v.id: v for v in self.values}


class Colour(Str):
    """A colour as hex, #rrggbb (it goes into the site's CSS)."""

    label = "farvekode (#rrggbb)"
    pattern = r"^\s*#[0-9a-fA-F]{6}\s*$"

    def load(self, ctx: Context, node: Any) -> str | None:
        value = super().load(ctx, node)
        if value is not None and not re.fullmatch(self.pattern, value):
            ctx.error(node, f"'{value}' er ikke en farvekode", "skriv farven som hex i anførselstegn, fx \"#1f4e79\"")
            return None
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern}

    def editor(self, ed: Editors) -> dict[str, Any]:
        return {"widget": "string", "pattern": [r"^#[0-9a-fA-F]{6}$", "en farvekode som #1f4e79"]}


class Colours(Record):
    """Farver."""

    primary = Field("primaer", Colour, required=True, doc="Primærfarve som hex, fx '#1f4e79'. Sidehovedet og "
                    "nummererede trin har hvid tekst på den: mindst 4,5:1 i kontrast.")
    accent = Field("accent", Colour, required=True, doc="Accentfarve som hex; mærker og symboler har hvid tekst på "
                   "den: mindst 4,5:1 i kontrast.")

    def as_dict(self) -> dict:
        """{'primary': …, 'accent': …}: what themes, templates and the PDFs' stylesheet take."""
        return {"primary": self.primary, "accent": self.accent}

    def validate(self, ctx: Context, node: Any) -> None:
        """White text sits on both colours (header, step numbers, tags): each needs a contrast of 4.5:1 (WCAG AA)."""
        for attr, key in (("primary", "primaer"), ("accent", "accent")):
            colour = getattr(self, attr)
            if not colour:
                continue
            ratio = contrast_with_white(colour)
            if ratio < MIN_CONTRAST:
                m = self.marks.get(attr, self.mark)
                ctx.report.error(m.path, m.line, m.column,
                                 f"'{key}' {colour} giver for lidt kontrast til den hvide tekst på den "
                                 f"({ratio:.1f}:1; mindst {MIN_CONTRAST}:1)",
                                 f"brug en mørkere farve, fx \"{darker_for_white(colour)}\"")


MIN_CONTRAST = 4.5


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of '#rrggbb'."""
    rgb = [int(hex_colour.strip().lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(hex_colour) + 0.05)


def darker_for_white(hex_colour: str) -> str:
    """The same hue, darkened in steps until white text on it reaches MIN_CONTRAST."""
    rgb = [int(hex_colour.strip().lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    factor = 1.0
    while True:
        factor -= 0.02
        candidate = "#" + "".join(f"{max(0, round(c * factor)):02x}" for c in rgb)
        if contrast_with_white(candidate) >= MIN_CONTRAST or factor <= 0:
            return candidate


PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net")  # RFC 2606: reserved for examples


def is_placeholder(value: str | None) -> bool:
    """An address on a domain reserved for examples (the embedded default's https://example.org/…,
    redaktion@example.org): a setting nobody has filled in yet."""
    if not value:
        return False
    host = re.sub(r"^[a-z]+://", "", value.lower()).split("/")[0].split("@")[-1].split(":")[0]
    return any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS) or host.endswith(
        (".example", ".invalid"))


class SiteContact(Record):
    """Kontaktoplysninger for sitet."""

    name = Field("navn", Str, required=True)
    email = Field("email", Str)
    phone = Field("telefon", Str)
    address = Field("adresse", Str)


class Licence(Record):
    """Licens."""

    name = Field("navn", Str, required=True)
    url = Field("url", Url)


class MenuItem(Record):
    """Et punkt i menuen."""

    title = Field("titel", Str, required=True, doc="Menupunktets tekst.")
    page = Field("side", Str, required=True, doc="Siden, som sti under content/sider/, fx 'om-kilderne.md'.")


class Editing(Record):
    """Redigering i browseren på det udgivne site: hvor kataloget ligger, og om ændringer skal godkendes."""

    backend = Field("tjeneste", Enum({"github": "GitHub", "gitlab": "GitLab", "azure": "Azure DevOps"}), required=True,
                    doc="Hvor repositoriet ligger.")
    repo = Field(
        "repo",
        Str,
        required=True,
        doc="Repositoriet: 'organisation/navn' (GitHub, GitLab) eller 'organisation/projekt/repo' (Azure DevOps).",
    )
    branch = Field("gren", Str, doc="Grenen sitet bygges fra (standard main).")
    workflow = Field("godkendelse", Bool,
                     doc="true: ændringer gemmes som kladder og skal godkendes, før de udgives (pull requests).")
    app_id = Field("app_id", Str, doc="OAuth-applikationens id (GitLab, Azure DevOps).")
    tenant_id = Field("tenant_id", Str, doc="Azure-lejerens id (Azure DevOps).")
    auth_url = Field(
        "login_adresse",
        Url,
        doc="Adressen på den OAuth-tjeneste, der logger ind (GitHub); GitLab: adressen på jeres egen GitLab.",
    )


class Settings(Versioned):
    """Sitets indstillinger."""

    site_name = Field("sitenavn", Str, required=True, doc="Sitets navn i sidehovedet.")
    subtitle = Field("undertitel", Str, doc="Undertitel.")
    description = Field("beskrivelse", Str, doc="Beskrivelse til søgemaskiner.")
    organisation = Field("organisation", Str, doc="Organisationen bag sitet (vises i sidefoden, når den er sat).")
    base_url = Field("base_url", Url, required=True, doc="Sitets fulde adresse, fx https://kommune.dk/katalog/.")
    language = Field("sprog", Str, required=True, doc="Sprog for tekster; der skal findes tekster/<sprog>.yml.")
    logo = Field("logo", Str, doc="Logo, sti under content/sider/.")
    colours = Field("farver", Colours, required=True)
    contact = Field("kontakt", SiteContact, doc="Redaktionens kontaktoplysninger (vises i sidefoden, når de er sat).")
    licence = Field("licens", Licence, required=True)
    accessibility_url = Field("tilgaengelighedserklaering", Url, required=True,
                              doc="Adressen på tilgængelighedserklæringen (fra Digitaliseringsstyrelsens WAS-værktøj).")
    featured = Field("fremhaevet", EntryRef(), doc="Den post forsiden fremhæver.")
    menu = Field("menu", ListOf(MenuItem), doc="Håndskrevne sider i menuen, efter forsiden og oversigterne.")
    review_months = Field("gennemgang_interval_maaneder", Int(1, 240), default=24,
                          doc="Hvor mange måneder der må gå, før en post skal gennemgås igen (standard 24).")
    editing = Field("redigering", Editing, doc="Redigering i browseren på det udgivne site (se FORKING.md).")

    def validate(self, ctx: Context, node: Any) -> None:
        """A value left at a placeholder of the embedded default (example.org) is never printed: say so."""
        marks = self.marks
        for attr, key in (("base_url", "base_url"), ("accessibility_url", "tilgaengelighedserklaering")):
            value = getattr(self, attr)
            if is_placeholder(value):
                m = marks.get(attr, self.mark)
                ctx.report.warning(
                    m.path,
                    m.line,
                    m.column,
                    f"'{key}' er stadig en pladsholder ({value})",
                    "skriv sitets rigtige adresse; indtil da vises adressen ikke på siderne og i PDF'erne",
                )
        if self.contact is not None and is_placeholder(self.contact.email):
            m = self.contact.marks.get("email", self.contact.mark)
            ctx.report.warning(
                m.path,
                m.line,
                m.column,
                f"kontaktens e-mail er stadig en pladsholder ({self.contact.email})",
                "skriv redaktionens rigtige adresse; indtil da vises den ikke i sidefoden",
            )

    @property
    def site_url(self) -> str | None:
        """The base URL to print on pages and PDFs: None while it is a placeholder."""
        return None if is_placeholder(self.base_url) else self.base_url

    @property
    def contact_email(self) -> str | None:
        return None if self.contact is None or is_placeholder(self.contact.email) else self.contact.email


class HiddenItem(Record):
    """En post fra originalen, som kommunen ikke viser."""

    id = Field("id", Slug, required=True, doc="Postens id.")
    reason = Field("begrundelse", Str, doc="Hvorfor posten er skjult (vises ikke på sitet).")


class Hidden(Versioned):
    """content/lokalt/skjul.yml: poster fra originalen, der ikke vises."""

    items = Field("skjul", ListOf(HiddenItem), required=True, doc="Posterne der skjules.")
