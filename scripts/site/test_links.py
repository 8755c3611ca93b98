"""The link checker finds what it is for (python3 scripts/site/test_links.py): a checker that
passes everything would let a broken site through the test command."""

import tempfile
import unittest
from pathlib import Path

from links import check


def site(files):
    root = Path(tempfile.mkdtemp())
    for name, html in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(html, encoding="utf-8")
    return root


def broken(files):
    return check(site(files))[3]


class LinksTest(unittest.TestCase):
    def test_a_sound_site_passes(self):
        self.assertEqual(broken({
            "index.html": '<a href="a/b.html#x">b</a><a href="#top">top</a><h1 id="top"></h1>'
                          '<a href="https://example.com/">out</a><link href="/style.css">',
            "a/b.html": '<p id="x"></p><a href="../index.html">up</a>',
            "style.css": "",
        }), [])

    def test_a_missing_file_is_reported(self):
        self.assertEqual(len(broken({"index.html": '<a href="missing.html">x</a>'})), 1)

    def test_a_missing_anchor_is_reported(self):
        found = broken({"index.html": '<a href="b.html#nowhere">x</a>', "b.html": '<p id="x"></p>'})
        self.assertEqual(len(found), 1)
        self.assertIn("nowhere", found[0])

    def test_a_link_out_of_the_site_is_reported(self):
        self.assertEqual(len(broken({"index.html": '<a href="../elsewhere.html">x</a>'})), 1)

    def test_escaped_ids_and_redirects_are_followed(self):
        self.assertEqual(broken({
            "index.html": '<a href="r.html#impl-From%3CT%3E">x</a><a href="b.html#a%20b">y</a>',
            "r.html": '<meta http-equiv="refresh" content="0;URL=t.html">',
            "t.html": '<p id="impl-From%3CT%3E"></p>',
            "b.html": '<p id="a b"></p>',
        }), [])
        self.assertEqual(len(broken({
            "index.html": '<a href="r.html#gone">x</a>',
            "r.html": '<meta http-equiv="refresh" content="0;URL=t.html">',
            "t.html": '<p id="here"></p>',
        })), 1)


if __name__ == "__main__":
    unittest.main()
