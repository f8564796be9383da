#!/usr/bin/env python3
"""Every document a comment cites exists in the repository, and so does the section it names.

A maintainer with only the repository must find each rule the code follows (docs/architecture.md
"Documents and citations"). Citations look like:
    docs/transforms.md                          the file must exist in docs/
    docs/transforms.md "Schemas"                ... with a heading reading exactly "Schemas"
                                                (a leading section number such as "3." is ignored)
    docs/voltdb-protocol.md section 5.3         ... with a heading numbered 5.3
Documents outside the repository may not be cited: a bare spec.md or architecture.md (the
shared product documents), "doc N", or /work/shared.

Usage: doc_citations.py ROOT        check the tree at ROOT; exit 1 listing each bad citation
       doc_citations.py --self-test check that bad citations are found
"""
import os
import re
import sys
import tempfile

SCANNED_DIRS = ["src", "tests", "bench", "scripts"]
SCANNED_FILES = ["CMakeLists.txt", "Makefile"]
EXTENSIONS = (".h", ".cpp", ".py", ".sh", ".txt")

CITATION = re.compile(
    r'docs/([A-Za-z0-9_.-]+?\.md)'
    r'(?:(?:,\s*|\s+)"([^"\n]+)"|,?\s*section\s+(\d+(?:\.\d+)*))?')
OUTSIDE = [
    (re.compile(r'(?<![\w/.-])(spec\.md|architecture\.md)'),
     "cites a document outside the repository"),
    (re.compile(r'(?<![\w/.-])doc \d'), 'cites "doc N" without naming the document'),
    (re.compile(r'/work/shared'), "cites a path outside the repository"),
]


def headings(path):
    out = []
    with open(path, encoding="utf-8") as f:
        in_code = False
        for line in f:
            if line.startswith("```"):
                in_code = not in_code
            if in_code or not line.startswith("#"):
                continue
            out.append(line.lstrip("#").strip().replace("`", ""))
    return out


def heading_matches(wanted, heads):
    for h in heads:
        bare = re.sub(r"^\d+(\.\d+)*\.?\s+", "", h)
        if wanted in (h, bare):
            return True
    return False


def number_matches(number, heads):
    return any(re.match(re.escape(number) + r"\.?(\s|$)", h) for h in heads)


def scanned(root):
    for name in SCANNED_FILES:
        p = os.path.join(root, name)
        if os.path.isfile(p):
            yield p
    for d in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
            dirnames[:] = [x for x in dirnames if x not in ("__pycache__",)]
            for f in filenames:
                if f.endswith(EXTENSIONS) and f != os.path.basename(__file__):
                    yield os.path.join(dirpath, f)


def check(root):
    problems = []
    cache = {}
    for path in scanned(root):
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        # A citation may run over a line break inside a comment: join each line with the next.
        for i, line in enumerate(lines):
            joined = line + " " + re.sub(r"^\s*(//|#)\s*", "", lines[i + 1]) if i + 1 < len(lines) else line
            for m in CITATION.finditer(joined):
                if m.start() >= len(line):
                    continue  # starts on the next line: checked there
                doc, title, number = m.group(1), m.group(2), m.group(3)
                doc_path = os.path.join(root, "docs", doc)
                where = "%s:%d" % (rel, i + 1)
                if not os.path.isfile(doc_path):
                    problems.append("%s: docs/%s does not exist" % (where, doc))
                    continue
                heads = cache.setdefault(doc_path, headings(doc_path))
                if title and not heading_matches(title, heads):
                    problems.append('%s: docs/%s has no section "%s"' % (where, doc, title))
                if number and not number_matches(number, heads):
                    problems.append("%s: docs/%s has no section %s" % (where, doc, number))
            for pattern, why in OUTSIDE:
                if pattern.search(line):
                    problems.append("%s: %s: %s" % (where_of(rel, i), why, line.strip()))
    return problems


def where_of(rel, i):
    return "%s:%d" % (rel, i + 1)


def self_test():
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, "docs"))
        os.makedirs(os.path.join(root, "src"))
        with open(os.path.join(root, "docs", "a.md"), "w") as f:
            f.write("# A\n\n## 3. Errors\n\n### 3.1 Retries\n\n## Schemas\n")
        good = ('// docs/a.md "Errors", docs/a.md "Schemas", docs/a.md section 3.1\n'
                '// docs/a.md,\n// "Schemas"\n')
        bad = ('// docs/b.md\n// docs/a.md "Nope"\n// docs/a.md section 4\n'
               '// spec.md section 3\n// (doc 5.1)\n')
        with open(os.path.join(root, "src", "good.h"), "w") as f:
            f.write(good)
        assert check(root) == [], check(root)
        with open(os.path.join(root, "src", "bad.cpp"), "w") as f:
            f.write(bad)
        found = check(root)
        assert len(found) == 5, found
    print("self-test passed")


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        sys.exit(0)
    problems = check(sys.argv[1] if len(sys.argv) > 1 else ".")
    for p in problems:
        print(p)
    if problems:
        print("%d citation(s) of missing documents or sections" % len(problems))
        sys.exit(1)
    print("every cited document and section exists")
