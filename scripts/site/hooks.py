"""MkDocs hooks for the guides: what GitHub's rendering of docs/ does for free.

- A code fence's info string carries the snippet runner's marks after the language
  (```` ```sh no-run ````, see scripts/doc_snippets.py); Markdown's fences take one word,
  so the marks are dropped here before rendering.
- A guide links repository files beside docs/ (``../examples/seamline.toml``); the site
  carries a copy of each such file under ``examples/`` and the link is pointed at it.
"""

import re
from pathlib import Path

from mkdocs.structure.files import File

FENCE_MARKS = re.compile(r"^(\s*```+[\w#.+-]+)[ \t]+[\w -]+$", re.M)
REPO_LINK = re.compile(r"\]\(\.\./(examples/[^)#\s]+)")


def _repo_links(docs_dir):
    linked = set()
    for page in Path(docs_dir).glob("**/*.md"):
        linked.update(REPO_LINK.findall(page.read_text(encoding="utf-8")))
    return sorted(linked)


def on_files(files, config):
    root = Path(config["config_file_path"]).parent
    for path in _repo_links(config["docs_dir"]):
        source = root / path
        if not source.is_file():
            raise FileNotFoundError(f"docs link ../{path}, which is not in the repository")
        files.append(File.generated(config, path, abs_src_path=str(source)))
    return files


def on_page_markdown(markdown, page, config, files):
    markdown = FENCE_MARKS.sub(r"\1", markdown)
    return REPO_LINK.sub(r"](\1", markdown)
