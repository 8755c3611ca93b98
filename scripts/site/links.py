"""Checks every link of the built documentation site: each relative link (a page, a stylesheet,
a script, an image) names a file of the site, and each #fragment names an element of its page.

    python3 scripts/site/links.py target/site

Links to other sites are counted, not fetched (the test machine reaches no other site); the
guides' own links to the web are few and to vendors' published documentation.
"""

import re
import sys
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src",
                   "source": "src"}
# rustdoc's source pages take line ranges (#12-30) that their script highlights; no element
# carries those ids.
LINE_RANGE = re.compile(r"^\d+(-\d+)?$")


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.links = []
        self.refresh = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            # rustdoc's redirect pages (an item re-exported from a private module) forward
            # the fragment to the page they name.
            self.refresh = re.sub(r"^\s*\d+\s*;\s*url=", "", attrs.get("content") or "", flags=re.I)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        wanted = LINK_ATTRIBUTES.get(tag)
        if wanted and attrs.get(wanted) is not None:
            self.links.append(attrs[wanted])


def check(site):
    site = site.resolve()
    pages = {}
    for path in sorted(site.rglob("*.html")):
        parsed = Page()
        parsed.feed(path.read_text(encoding="utf-8", errors="replace"))
        pages[path] = parsed
    broken = []
    external = defaultdict(int)
    checked = 0
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                external[parts.scheme or "//"] += 1
                continue
            checked += 1
            if not parts.path:
                target = path
            elif parts.path.startswith("/"):
                # Root-relative (the theme's 404 page, served for any missing path): the
                # site is checked as served from the root of its host.
                target = (site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            where = f"{path.relative_to(site)}: {link}"
            if site not in target.parents and target != site:
                broken.append(f"{where} (outside the site)")
            elif not target.is_file():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                # A browser looks the fragment up as written and, failing that, decoded
                # (rustdoc's ids keep their %3C escapes; other generators' do not).
                fragment = parts.fragment
                if pages[target].refresh:
                    target = (target.parent / unquote(urlsplit(pages[target].refresh).path)).resolve()
                    if target not in pages:
                        broken.append(f"{where} (redirects to a missing page)")
                        continue
                ids = pages[target].ids
                if not LINE_RANGE.match(fragment) and fragment not in ids and unquote(fragment) not in ids:
                    broken.append(f"{where} (no element with id {fragment!r})")
    return pages, checked, external, broken


def main(argv):
    site = Path(argv[1] if len(argv) > 1 else "target/site")
    if not (site / "index.html").is_file():
        print(f"{site}: no index.html; build the site first (bash scripts/docs-site.sh)", file=sys.stderr)
        return 2
    pages, checked, external, broken = check(site)
    for line in broken[:50]:
        print(f"broken link: {line}", file=sys.stderr)
    if len(broken) > 50:
        print(f"... and {len(broken) - 50} more", file=sys.stderr)
    others = ", ".join(f"{n} {scheme}" for scheme, n in sorted(external.items()))
    print(f"{len(pages)} pages, {checked} links within the site checked, {len(broken)} broken"
          f"; links elsewhere not fetched: {others or 'none'}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
