"""An entry page's search copy (render/search_copy.py) read as Pagefind 1.5.2 reads a page: the text it indexes
(its "digest", with the weights of headings and data-pagefind-weight, and the anchors of elements with an id), the
filters, sort keys and metadata of the data-pagefind-* attributes, and each word's positions under the key Pagefind
searches it by. The search index (outputs/pagefind_bundle.py) is written from these records in Pagefind's own
format, which Pagefind's script and WebAssembly then search; Pagefind's indexer no longer runs over the copies.

Read in the page workers, while the page is rendered: the work is spread over the build's processes and nothing has
to be read back from disk. What is read here is Pagefind's reading to the word (tests/test_search_record.py builds
the embedded content both ways and compares every fragment, word, position, weight and filter): how it walks the
HTML (lol_html, its "fossick" step: which elements end a sentence, which it leaves out, data-pagefind-body), how it
cuts the text into words (whitespace, then a word's alphanumeric characters lowercased; a word with punctuation or
an inner capital also under its parts, as convert_case splits them), the Snowball stemmer of the page's language
(PyStemmer 2.2's libstemmer, the same algorithms as Pagefind's), and its key for a word with diacritics (the word
without them, the word itself kept as a variant so an exact match ranks first).

Everything here is data from our own templates; the text is never evaluated, only split and counted."""
from __future__ import annotations

import functools
import html as _html
import re
import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup

from catalogue.render.search_copy import CAP, _element_end, _kept_of, _thin_text

# -- how Pagefind walks a page (pagefind/src/fossick/parser.rs) ------------------------------------------------------

_SENTENCE = frozenset(["h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section"])
_INLINE = frozenset(["a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
                     "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
                     "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var"])
_REMOVE = frozenset(["head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
                     "template"])
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr", "param", "keygen"])
_RAW_TEXT = frozenset(["script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"])
_AUTO_WEIGHT = {"h1": "7", "h2": "6", "h3": "5", "h4": "4", "h5": "3", "h6": "2"}
_SENTENCE_END = re.compile(r"[\w'\"\)\$\*]")
_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<![^>]*>", re.S)
_TAG_FAST = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][^\s/>]*)([^>]*)>|<![^>]*>", re.S)  # no ">" in a value
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_SPACE = re.compile(r"\s")
_EDGE_SPACE = re.compile(r"^[\n\r\s]+|[\n\r\s]+$")
_NEWLINES = re.compile(r"(\n|\r\n)+")
_SPACES = re.compile(r"\s{2,}")
_PLAIN = re.compile(r"&|\s\s|[^\S ]|^\s|\s$")  # normalize() would change the text

_INDEXING, _IGNORED, _EXCLUDED, _BODY, _PARENT_OF_BODY = range(5)

WEIGHT_DEFAULT = 24  # Pagefind's weight 1.0 (weights are stored as 24 x the attribute's value, at most 10)


def normalize(text: str) -> str:
    """Pagefind's normalize_content: entities decoded, the ends trimmed, runs of space made one."""
    if _PLAIN.search(text) is None:
        return text
    text = _html.unescape(text)
    text = _EDGE_SPACE.sub("", text)
    text = _NEWLINES.sub(" ", text)
    return _SPACES.sub(" ", text)


class _Node:
    __slots__ = ("tag", "parent", "value", "filter", "sort", "meta", "weight", "anchors", "status")

    def __init__(self, tag: str, parent, status: int):
        self.tag, self.parent, self.status = tag, parent, status
        self.value: list[str] = []
        self.filter: list[str] | None = None
        self.sort: list[str] | None = None
        self.meta: list[str] | None = None
        self.weight: str | None = None
        self.anchors: list[str] | None = None


def _attr_specs(value: str) -> list[str]:
    """data-pagefind-filter="a, b:literal" as Pagefind splits it (parse_attr_string)."""
    if ":" in value:
        names, literal = value.split(":", 1)
        specs = _attr_specs(names)
        if specs:
            specs[-1] += ":" + literal
        return specs
    return [chunk.strip() for chunk in value.split(",")]


def _pair(node: _Node, spec: str):
    if ":" in spec:
        key, value = spec.split(":", 1)
        return key, normalize(value)
    text = "".join(node.value)
    return (spec, normalize(text)) if text else None


@dataclass
class Parsed:
    digest: str
    filters: dict = field(default_factory=dict)
    sort: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)
    anchor_content: dict = field(default_factory=dict)
    language: str = "unknown"


def parse(page: str) -> Parsed:
    """What Pagefind's DomParser makes of a page: its digest (the text with weight and anchor markers), filters,
    sort keys, metadata (with the first h1, else the title, as the title) and the text of each anchor."""
    reader = _Reader()
    reader.feed(page)
    return reader.result()


def parse_copy(title: str, body: str, language: str) -> Parsed:
    """parse() of an entry page's search copy (render/search_copy.py, templates/engine/search_copy.html), read from
    the page's title, body and language without making the copy: the body's text is thinned as it is read, and
    each element thin() keeps whole or in part is read as thin() keeps it."""
    reader = _Reader()
    reader.feed(str(Markup('<html lang="{}"><head><title>{}</title></head><body>').format(language, title)))
    reader.feed(str(body), thin=True)  # plain text: a Markup's slices would escape what is added to them
    reader.feed("</body></html>")
    return reader.result()


class _Reader:
    """The state of one page's reading: the open elements, what is collected."""

    def __init__(self):
        self.root = self.cur = _Node("#root", None, _INDEXING)
        self.out = Parsed("")
        self.counter = 0
        self.in_html = False
        self.seen: dict[str, int] = {}  # thin()'s count of each word kept so far

    def values(self, node: _Node) -> None:
        out = self.out
        for spec in node.filter or ():
            pair = _pair(node, spec)
            if pair is not None:
                out.filters.setdefault(pair[0], []).append(pair[1])
        for spec in node.sort or ():
            pair = _pair(node, spec)
            if pair is not None:
                out.sort[pair[0]] = pair[1]
        for spec in node.meta or ():
            pair = _pair(node, spec)
            if pair is not None:
                out.meta[pair[0]] = pair[1]

    def text(self, chunk: str) -> None:
        if not self.in_html or not chunk:
            return
        cur = self.cur
        cur.value.append(chunk)
        if cur.anchors and cur.status not in (_IGNORED, _EXCLUDED):
            content = self.out.anchor_content
            for anchor in cur.anchors:
                content[anchor] = content.get(anchor, "") + chunk

    def feed(self, page: str, thin: bool = False) -> None:
        at = 0
        length = len(page)
        search = _TAG_FAST.search
        while at < length:
            m = search(page, at)
            if m is None:
                self.text(_thin_text(page[at:], self.seen, CAP) if thin else page[at:])
                return
            if m.group(3) is not None and m.group(3).count('"') % 2:  # a ">" inside a quoted value
                m = _TAG.search(page, m.start()) or m
            if m.start() > at:
                chunk = page[at:m.start()]
                self.text(_thin_text(chunk, self.seen, CAP) if thin else chunk)
            at = m.end()
            name = m.group(2)
            if name is None:
                continue  # a comment or a doctype
            if m.group(1):
                self.end_tag(name.lower())
                continue
            rest = m.group(3) or ""
            if thin and _special_tag(name, rest):  # kept by thin() whole, in part, or not at all
                inner = 0 if name.lower() in ("script", "style") else m.end()
                end = m.end() if (name.lower() in _VOID or rest.endswith("/")) else _element_end(page, name.lower(),
                                                                                                   m.end())
                self.feed(_kept_of(page, m.start(), inner, end, True))
                at = end
                continue
            at = self.start_tag(name.lower(), rest, page, at)

    def end_tag(self, tag: str) -> None:
        node = self.cur
        root = self.root
        while node is not root and node.tag != tag:
            node = node.parent
        if node is root:
            return
        while self.cur is not node:
            self.cur = _close(self.cur, self.values, self.out)
        self.cur = _close(self.cur, self.values, self.out)
        if tag == "html":
            self.in_html = False

    def start_tag(self, tag: str, rest: str, page: str, at: int) -> int:
        """Open an element (its attributes in rest); returns where reading goes on (past a script's text)."""
        attrs = _attributes(rest) if ("data-pagefind" in rest or "id=" in rest or "lang=" in rest) else {}
        cur = self.cur
        if tag == "html":
            self.in_html = True
            if attrs.get("lang"):
                self.out.language = attrs["lang"].lower()
            self.cur = _Node(tag, cur, _INDEXING)
            return at
        if not self.in_html:
            return at
        ignore = attrs.get("data-pagefind-ignore")
        flag = None if ignore is None else _IGNORED if ignore.lower() in ("", "index", "true") else _EXCLUDED
        status = _BODY if "data-pagefind-body" in attrs else flag if flag is not None else _INDEXING
        anchor = None
        if "id" in attrs and status not in (_EXCLUDED, _IGNORED):
            element_id = _SPACE.sub("", attrs["id"])
            if not (cur.status == _PARENT_OF_BODY and status not in (_BODY, _PARENT_OF_BODY)):
                cur.value.append(f" ___PAGEFIND_ANCHOR___{tag}:{self.counter}:{element_id} ")
                anchor = f"{self.counter}:{element_id}"
                self.counter += 1
        if tag == "br" and status != _EXCLUDED:
            cur.value.append(" ")
        anchors = list(cur.anchors) if cur.anchors and tag in _INLINE else None
        if anchor is not None:
            anchors = (anchors or []) + [anchor]
        node = _Node(tag, cur, _EXCLUDED if cur.status == _EXCLUDED else status)
        if attrs:
            if "data-pagefind-filter" in attrs:
                node.filter = _attr_specs(attrs["data-pagefind-filter"])
            if "data-pagefind-sort" in attrs:
                node.sort = _attr_specs(attrs["data-pagefind-sort"])
            if "data-pagefind-meta" in attrs:
                node.meta = _attr_specs(attrs["data-pagefind-meta"])
            node.weight = attrs.get("data-pagefind-weight")
        node.anchors = anchors
        if tag in _REMOVE:
            node.status = _IGNORED
        if tag in _VOID or rest.rstrip().endswith("/"):
            if node.status != _EXCLUDED:
                self.values(node)
            return at
        self.cur = node
        if tag in _RAW_TEXT:  # its text runs to its end tag, whatever it holds
            end = _raw_text_end(tag).search(page, at)
            stop = end.start() if end else len(page)
            self.text(page[at:stop])
            return stop
        return at

    def result(self) -> Parsed:
        while self.cur is not self.root:
            self.cur = _close(self.cur, self.values, self.out)
        out = self.out
        meta = out.meta
        title = meta.pop("auto_title", None)
        page_title = meta.pop("auto_page_title", None)
        if "title" not in meta and title is not None:
            meta["title"] = title
        if "title" not in meta and page_title is not None:
            meta["title"] = page_title
        out.digest = normalize("".join(self.root.value))
        return out


@functools.cache
def _raw_text_end(tag: str) -> re.Pattern:
    """The end tag of a raw-text element (a script, a style, a title), compiled once per name."""
    return re.compile(rf"</{tag}[\s/>]", re.I)


def _special_tag(name: str, rest: str) -> bool:
    """thin() keeps this element whole or in part (a script, a style, or one with a value or ignored)."""
    if name.lower() in ("script", "style"):
        return True
    return "data-pagefind-" in rest and _SPECIAL_ATTR.search(rest) is not None


_SPECIAL_ATTR = re.compile(r"\bdata-pagefind-(?:filter|meta|sort|ignore)\b", re.I)


def _attributes(rest: str) -> dict:
    attrs: dict[str, str] = {}
    for a in _ATTR.finditer(rest):
        name = a.group(1).lower()
        if name == "/" or name in attrs:
            continue
        value = a.group(2) if a.group(2) is not None else a.group(3) if a.group(3) is not None else a.group(4)
        attrs[name] = _html.unescape(value or "")
    return attrs


def _close(node: _Node, values, out: Parsed) -> _Node:
    parent = node.parent
    if node.status == _EXCLUDED:
        return parent
    values(node)
    tag = node.tag
    text = "".join(node.value)
    if tag == "h1" and "auto_title" not in out.meta and text.strip():
        out.meta["auto_title"] = normalize(text)
    if tag == "title" and "auto_page_title" not in out.meta:
        out.meta["auto_page_title"] = normalize(text)
    if node.status == _IGNORED:
        return parent
    if tag in _SENTENCE:
        text = " " + text
        if _SENTENCE_END.match(text[-1]):
            text += "."
        text += " "
    if node.weight is not None:
        text = f" ___PAGEFIND_WEIGHT___{node.weight} {text} ___END_PAGEFIND_WEIGHT___ "
    elif tag in _AUTO_WEIGHT:
        text = f" ___PAGEFIND_AUTO_WEIGHT___{_AUTO_WEIGHT[tag]} {text} ___END_PAGEFIND_WEIGHT___ "
    if parent.status == _PARENT_OF_BODY and node.status not in (_BODY, _PARENT_OF_BODY):
        return parent
    if node.status == _INDEXING:
        parent.value.append(text)
    elif node.status in (_BODY, _PARENT_OF_BODY):
        if parent.status != _PARENT_OF_BODY:
            parent.value.clear()
        parent.value.append(text)
        parent.status = _PARENT_OF_BODY
    return parent


# -- how Pagefind cuts the digest into words (pagefind/src/fossick/mod.rs, splitting.rs) ------------------------------

_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_WORD_SYMBOLS = frozenset("_‿⁀⁔︳︴﹍﹎﹏＿")  # kept in a word (Unicode's connector punctuation)
INCLUDE_CHARACTERS = sorted(_WORD_SYMBOLS, key=ord)
_DIGITS = frozenset("0123456789")

# Pagefind's stemmers (pagefind_stem) by the page language's first subtag, as PyStemmer names them
_STEMMERS = {"ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
             "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
             "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
             "ne": "nepali", "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
             "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish"}


def _parts(word: str) -> list[str]:
    """convert_case's to_case(Lower) of the word with its ASCII punctuation made spaces: the words a compound is
    made of (at a space, a lowercase-to-capital change, an acronym's end, letters meeting digits)."""
    out = []
    for chunk in _ASCII_PUNCTUATION.sub(" ", word).split():
        start = 0
        n = len(chunk)
        for i in range(1, n):
            p, c = chunk[i - 1], chunk[i]
            pd, cd = p in _DIGITS, c in _DIGITS
            if ((p.islower() and (c.isupper() or cd)) or (p.isupper() and cd) or (pd and (c.isupper() or c.islower()))
                    or (p.isupper() and c.isupper() and i + 1 < n and chunk[i + 1].islower())):
                out.append(chunk[start:i])
                start = i
        out.append(chunk[start:])
    return [w.lower() for w in out if w]


# Pagefind also indexes each emoji of a word on its own (splitting.rs: the word's graphemes that the emojis crate
# knows). Without that table, an emoji here is a symbol from the emoji blocks with what joins it (variation
# selectors, skin tones, zero-width joiners, keycaps, tags): the emoji of ordinary text.
_EMOJI_BASE = re.compile("[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
                         "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff]")
_EMOJI = re.compile("(?:[0-9#*]\ufe0f?\u20e3|" + _EMOJI_BASE.pattern +
                    "[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]*"
                    "(?:\u200d" + _EMOJI_BASE.pattern + "[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]*)*)")


def _emoji(word: str) -> list[str]:
    return _EMOJI.findall(word) if not word.isascii() or "\u20e3" in word else []


def _fold(word: str) -> str:
    """The word without its diacritics (å -> a; æ and ø stay: they are letters of their own)."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


VARIANT = "\x00"  # between an entry's key and its variant (the word with its diacritics); sorts before any letter


class Words:
    """Turns the words of a page's digest into index entries, remembering each word it has analysed (a build's
    pages share most of their words). One per language and process."""

    def __init__(self, language: str):
        import Stemmer  # PyStemmer, pinned to the libstemmer of Pagefind's stemmers (requirements.txt)
        name = _STEMMERS.get(language.split("-")[0])
        self._stem = Stemmer.Stemmer(name).stemWord if name else (lambda w: w)
        self._keys: dict[str, str] = {}
        self._words: dict[str, tuple] = {}

    def key(self, normalized: str) -> str:
        """The entry Pagefind indexes a normalized word under: its key (the stem of the word without diacritics),
        followed by VARIANT and the word itself when it has diacritics (an exact match ranks first)."""
        found = self._keys.get(normalized)
        if found is None:
            folded = _fold(normalized)
            stem = self._stem(folded)
            found = self._keys[normalized] = stem if folded == normalized else f"{stem}{VARIANT}{normalized}"
        return found

    def analyse(self, word: str) -> tuple:
        """A whitespace-separated word of the digest: (the word as the text keeps it, its own entry or None, its
        parts' entries, its emoji's entries)."""
        found = self._words.get(word)
        if found is not None:
            return found
        base = word.replace("\u200b", "")
        normalized = "".join(c.lower() if c.isupper() else c for c in base if c.isalnum() or c in _WORD_SYMBOLS)
        own = self.key(normalized) if normalized else None
        parts: tuple = ()
        if normalized and (not base.isalnum() or any(c.isupper() for c in base[1:])):
            split = _parts(word)
            if len(split) > 1 or (split and not normalized.startswith(split[0])):
                parts = tuple(self.key(p) for p in split if len(p.encode()) > 1)
        extras = tuple(_emoji(word)) if not base.isalnum() else ()
        found = self._words[word] = (base, own, parts, extras)
        return found


@dataclass
class Record:
    """One page as the index holds it."""
    url: str
    language: str
    content: str
    word_count: int
    filters: dict
    sort: dict
    meta: dict
    anchors: list
    # entry (Words.key) -> [(position, weight), ...] in the page's order
    words: dict
    # entry -> metadata field -> [position, ...]
    meta_words: dict


_words: dict[str, Words] = {}  # per language, for this process's pages


def words_for(language: str) -> Words:
    found = _words.get(language)
    if found is None:
        found = _words[language] = Words(language)
    return found


def read(page: str, url: str) -> Record:
    """The record of a page (its search copy's HTML) at url."""
    return _record(parse(page), url)


def read_copy(title: str, body: str, language: str, url: str) -> Record:
    """read() of the search copy of an entry page with this title, body and language (parse_copy)."""
    return _record(parse_copy(title, body, language), url)


def _record(parsed: Parsed, url: str) -> Record:
    words = words_for(parsed.language)
    content, entries, anchors, count = _digest(parsed.digest, parsed.anchor_content, words)
    meta_words: dict = {}
    for name, value in parsed.meta.items():
        if not value.strip():
            continue
        _c, found, _a, _n = _digest(normalize(value), {}, words)
        for entry, occurrences in found.items():
            meta_words.setdefault(entry, {})[name] = [p for p, _w in occurrences]
    return Record(url, parsed.language, content, count, parsed.filters, parsed.sort, parsed.meta, anchors,
                  entries, meta_words)


def _digest(digest: str, anchor_content: dict, words: Words):
    entries: dict = {}
    anchors = []
    content = []
    weights = [WEIGHT_DEFAULT]
    index = 0
    last = 0
    analyse = words.analyse

    def store(entry: str, position: int, weight: int) -> None:
        occurrences = entries.get(entry)
        if occurrences is None:
            entries[entry] = [(position, weight)]
        else:
            occurrences.append((position, weight))

    for word in digest.split():
        if word[0] == "_" and word.startswith("___"):
            if word.startswith("___PAGEFIND_ANCHOR___"):
                rest = word[len("___PAGEFIND_ANCHOR___"):]
                if ":" in rest:
                    element, anchor_id = rest.split(":", 1)
                    if ":" in anchor_id:
                        text = normalize(normalize(anchor_content.get(anchor_id, "")))
                        anchors.append({"element": element, "id": anchor_id.split(":", 1)[1], "text": text,
                                        "location": index})
                continue
            if word.startswith("___PAGEFIND_WEIGHT___"):
                value = _number(word[len("___PAGEFIND_WEIGHT___"):])
                weights.append(0 if value <= 0 else max(int(min(value, 10.0) * WEIGHT_DEFAULT), 1))
                continue
            if word.startswith("___PAGEFIND_AUTO_WEIGHT___"):
                if len(weights) == 1:
                    value = _number(word[len("___PAGEFIND_AUTO_WEIGHT___"):])
                    weights.append(int(min(max(value, 0.0), 10.0) * WEIGHT_DEFAULT))
                else:
                    weights.append(weights[-1] if weights else 0)
                continue
            if word.startswith("___END_PAGEFIND_WEIGHT___"):
                if weights:
                    weights.pop()
                continue
        base, own, parts, extras = analyse(word)
        if not base:
            continue
        content.append(base)
        weight = weights[-1] if weights else 1
        if own is not None:
            occurrences = entries.get(own)
            if occurrences is None:
                entries[own] = [(index, weight)]
            else:
                occurrences.append((index, weight))
        if parts:
            per = 0 if weight == 0 else max(weight // len(parts), 1)
            for part in parts:
                store(part, index, per)
        for extra in extras:
            store(extra, index, weight)
        last = index
        index += 1
    return " ".join(content), entries, anchors, last + 1


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 1.0
