"""Merge docs/phrasings/*.yml into the knowledge topics' questions (and out_of_scope into data/nlu)."""
import json
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, ".")
from bot.lang import fold

ROOT = Path(".")
LANGS = ("fi", "sv", "en")

def key(text):
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())

topic_files = {p.stem: p for p in ROOT.glob("knowledge/*/*.yml") if p.parent.name != "facts"}
seen = set()
for p in topic_files.values():
    d = yaml.safe_load(p.read_text())
    for lang in LANGS:
        for q in d[lang].get("questions") or []:
            seen.add(key(q))
for p in ROOT.glob("data/nlu/*/*.yml"):
    for line in p.read_text().splitlines():
        if line.startswith("    - "):
            seen.add(key(line[6:]))
for p in ROOT.glob("tests/eval/dev/*.yml"):
    for item in yaml.safe_load(p.read_text()):
        seen.add(key(item["text"]))

added = skipped = 0
for path in sorted(ROOT.glob("docs/phrasings/*.yml")):
    data = yaml.safe_load(path.read_text())
    if path.stem == "out_of_scope":
        for lang in LANGS:
            f = ROOT / f"data/nlu/{lang}/smalltalk.yml"
            lines = f.read_text().splitlines()
            start = next(i for i, x in enumerate(lines) if x.strip() == "- intent: out_of_scope")
            end = start + 2
            while end < len(lines) and lines[end].startswith("    - "):
                end += 1
            new = []
            for q in data[lang]:
                k = key(q)
                if k in seen or "[" in q or "{" in q:
                    skipped += 1
                    continue
                seen.add(k)
                new.append("    - " + " ".join(q.split()))
                added += 1
            lines[end:end] = new
            f.write_text("\n".join(lines) + "\n")
        continue
    f = topic_files[path.stem]
    lines = f.read_text().splitlines()
    for lang in LANGS:
        lang_at = lines.index(f"{lang}:")
        q_at = next(i for i in range(lang_at, len(lines)) if lines[i] == "  questions:")
        end = q_at + 1
        while end < len(lines) and lines[end].startswith("    - "):
            end += 1
        new = []
        for q in data[lang]:
            k = key(q)
            if not k or k in seen:
                skipped += 1
                continue
            seen.add(k)
            new.append("    - " + json.dumps(" ".join(q.split()), ensure_ascii=False))
            added += 1
        lines[end:end] = new
    f.write_text("\n".join(lines) + "\n")
    yaml.safe_load(f.read_text())
print("added", added, "skipped", skipped)  # noqa: T201
