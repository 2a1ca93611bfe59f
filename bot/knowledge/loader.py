"""Load and validate the knowledge base, reporting every problem with file and line.

The loader never stops at the first problem: editors get the whole list at once. Files are read
with ruamel.yaml's C parser (fast: about 0.25 s for the whole base against 7 s for a round-trip
parse, which stalled an answer for that long after every edit); a problem's line is looked up in
a round-trip parse of that one file, made only when a line is asked for and kept per file text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from bot.knowledge.models import LANGUAGES, Contacts, Fact, Notice, Problem, Topic
from bot.knowledge.render import PLACEHOLDER

__all__ = ["KnowledgeBase", "load_knowledge", "knowledge_files", "STALE_AFTER_DAYS"]

STALE_AFTER_DAYS = 365
FACTS_DIR = "facts"
CONTACTS_FILE = "contacts.yml"
NOTICES_FILE = "notices.yml"
_FIELD_HINTS = {
    "field required": "this field is missing: add it (see knowledge/README.md)",
    "extra fields not permitted": "unknown field: remove it or fix its spelling",
}


@dataclass
class KnowledgeBase:
    """A loaded, validated knowledge base (topics and facts) and where it came from."""

    root: Path
    topics: dict[str, Topic] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    content_hash: str = ""
    fact_lines: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    contacts: Contacts | None = None
    notices: list[Notice] = field(default_factory=list)

    def active_notices(self, today: dt.date | None = None) -> list[Notice]:
        today = today or dt.date.today()
        return [n for n in self.notices if n.active(today)]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def knowledge_files(root: Path) -> list[Path]:
    """Every YAML file of the knowledge base (facts and topics), in a stable order."""
    return sorted(p for p in root.rglob("*.yml") if p.is_file())


def _yaml(typ: str = "safe") -> YAML:
    yaml = YAML(typ=typ, pure=False)
    yaml.allow_duplicate_keys = False
    return yaml


class _Document(dict):
    """A file's top-level mapping (plain data) that remembers its text, for line lookups."""

    source_text: str = ""


@lru_cache(maxsize=128)
def _round_trip(text: str) -> Any:
    return _yaml("rt").load(text)


def _line_of(node: Any, path: Iterable[Any]) -> int | None:
    """1-based line of the deepest element of ``path`` that exists in the file's tree."""
    if isinstance(node, _Document):
        node = _round_trip(node.source_text)
    line: int | None = None
    current = node
    for key in path:
        lc = getattr(current, "lc", None)
        try:
            if lc is not None and isinstance(key, str) and key in current:
                line = lc.key(key)[0] + 1
            elif lc is not None and isinstance(key, int) and 0 <= key < len(current):
                line = lc.item(key)[0] + 1
            current = current[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    if line is None and getattr(node, "lc", None) is not None:
        line = node.lc.line + 1
    return line


def _plain(node: Any) -> Any:
    """ruamel round-trip nodes -> plain dicts, lists and scalars."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def _pydantic_problems(err: ValidationError, rel: str, tree: Any, prefix: tuple = ()) -> list[Problem]:
    problems = []
    for item in err.errors():
        loc = prefix + tuple(item["loc"])
        if loc and loc[-1] == "__root__":
            loc = loc[:-1]
        msg = _FIELD_HINTS.get(item["msg"], item["msg"])
        if item["type"] == "value_error.list.min_items":
            limit = item.get("ctx", {}).get("limit_value")
            msg = f"needs at least {limit} entries"
        elif item["type"] == "value_error.list.max_items":
            limit = item.get("ctx", {}).get("limit_value")
            msg = f"has too many entries: at most {limit}"
        elif item["type"] == "value_error.any_str.min_length":
            msg = "is empty: write the text"
        elif item["type"] == "value_error.any_str.max_length":
            msg = f"is too long: keep it under {item.get('ctx', {}).get('limit_value')} characters"
        elif item["type"] == "value_error.date":
            msg = "is not a date: write it as YYYY-MM-DD"
        elif item["type"].startswith("value_error.const") or item["type"] == "type_error.enumerate":
            msg = item["msg"]
        field_path = ".".join(str(p) for p in loc)
        problems.append(Problem(rel, _line_of(tree, loc), field_path or "(file)", msg))
    return problems


def _read(path: Path, rel: str, problems: list[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        data = _yaml().load(text)
        if isinstance(data, dict):
            data = _Document(data)
            data.source_text = text
        return data
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problems.append(
            Problem(rel, line, "(yaml)", f"YAML syntax error: {exc.problem or exc}; check indentation and quoting")
        )
    except Exception as exc:  # unreadable file, duplicate keys, bad encoding
        problems.append(Problem(rel, None, "(yaml)", f"cannot read the file: {exc}"))
    return None


def load_knowledge(root: Path | str, *, today: dt.date | None = None) -> KnowledgeBase:
    """Load every topic and fact under ``root`` and validate them; never raises on bad content."""
    root = Path(root)
    today = today or dt.date.today()
    kb = KnowledgeBase(root=root)
    problems = kb.problems
    digest = hashlib.sha256()
    trees: dict[str, tuple[str, Any]] = {}
    fact_where: dict[str, str] = {}

    if not root.is_dir():
        problems.append(Problem(str(root), None, "(path)", "no such knowledge folder"))
        return kb

    for path in knowledge_files(root):
        rel = path.relative_to(root).as_posix()
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
        tree = _read(path, rel, problems)
        if tree is None:
            continue
        if rel.startswith(FACTS_DIR + "/"):
            _load_facts(tree, rel, kb, fact_where)
        elif rel == CONTACTS_FILE:
            _load_contacts(tree, rel, kb)
        elif rel == NOTICES_FILE:
            _load_notices(tree, rel, kb, today)
        elif "/" not in rel:
            problems.append(Problem(rel, None, "(file)", f"unknown file: topics go in a group folder, e.g. permits/{rel}"))
        else:
            _load_topic(tree, rel, path, kb, trees)

    kb.content_hash = digest.hexdigest()[:16]
    # Ids of every topic file, even one that failed to load: no cascade of "no such topic" errors.
    file_ids = {p.stem for p in knowledge_files(root) if "/" in (r := p.relative_to(root).as_posix()) and not r.startswith(FACTS_DIR + "/")}
    _cross_check(kb, trees, today, file_ids)
    return kb


def _load_facts(tree: Any, rel: str, kb: KnowledgeBase, where: dict[str, str]) -> None:
    if not isinstance(tree, dict) or set(tree) != {"facts"} or not isinstance(tree["facts"], dict):
        kb.problems.append(Problem(rel, 1, "facts", "a facts file holds one mapping `facts:` of fact ids"))
        return
    for fact_id, body in tree["facts"].items():
        path = ("facts", fact_id)
        line = _line_of(tree, path)
        if fact_id in where:
            kb.problems.append(
                Problem(rel, line, f"facts.{fact_id}", f"duplicate fact id, already defined in {where[fact_id]}: rename or remove one")
            )
            continue
        if not isinstance(body, dict):
            kb.problems.append(Problem(rel, line, f"facts.{fact_id}", "must be a mapping with value, format, unit, year or since, source"))
            continue
        try:
            fact = Fact(id=str(fact_id), **_plain(body))
        except ValidationError as err:
            kb.problems.extend(_pydantic_problems(err, rel, tree, path))
            continue
        where[fact.id] = rel
        kb.fact_lines[fact.id] = (rel, line)
        kb.facts[fact.id] = fact


def _load_contacts(tree: Any, rel: str, kb: KnowledgeBase) -> None:
    if not isinstance(tree, dict):
        kb.problems.append(Problem(rel, 1, "(file)", "must be a mapping with `contacts:` and `routes:`"))
        return
    data = _plain(tree)
    for cid, body in (data.get("contacts") or {}).items():
        if isinstance(body, dict):
            body.setdefault("id", cid)
    try:
        contacts = Contacts(**data)
    except ValidationError as err:
        kb.problems.extend(_pydantic_problems(err, rel, tree))
        return
    for group, cid in contacts.routes.items():
        if cid not in contacts.contacts:
            kb.problems.append(Problem(rel, _line_of(tree, ["routes", group]), f"routes.{group}", f"no contact with id {cid!r}: use one defined under `contacts:`"))
    if "default" not in contacts.routes:
        kb.problems.append(Problem(rel, _line_of(tree, ["routes"]), "routes", "add a `default:` route for questions outside the groups"))
    kb.contacts = contacts


def _load_notices(tree: Any, rel: str, kb: KnowledgeBase, today: dt.date) -> None:
    if tree is None or (isinstance(tree, dict) and tree.get("notices") in (None, [])):
        return  # no notices published
    if not isinstance(tree, dict) or set(tree) != {"notices"} or not isinstance(tree["notices"], list):
        kb.problems.append(Problem(rel, 1, "notices", "a notices file holds one list `notices:` (it may be empty: `notices: []`)"))
        return
    seen: set[str] = set()
    for index, body in enumerate(tree["notices"]):
        path = ("notices", index)
        line = _line_of(tree, path)
        if not isinstance(body, dict):
            kb.problems.append(Problem(rel, line, f"notices.{index}", "must be a mapping with id, starts, ends, text (fi, sv, en)"))
            continue
        try:
            notice = Notice(**_plain(body))
        except ValidationError as err:
            kb.problems.extend(_pydantic_problems(err, rel, tree, path))
            continue
        if notice.id in seen:
            kb.problems.append(Problem(rel, line, f"notices.{index}.id", f"duplicate notice id {notice.id!r}"))
            continue
        seen.add(notice.id)
        if notice.ends < today:
            kb.problems.append(Problem(rel, line, f"notices.{index}.ends", f"ended on {notice.ends}: remove the notice", "warning"))
        kb.notices.append(notice)


def _load_topic(tree: Any, rel: str, path: Path, kb: KnowledgeBase, trees: dict) -> None:
    if not isinstance(tree, dict):
        kb.problems.append(Problem(rel, 1, "(file)", "a topic file must be a mapping with id, audience, reviewed, sources, related, fi, sv, en"))
        return
    data = _plain(tree)
    missing_langs = [lang for lang in LANGUAGES if lang not in data]
    for lang in missing_langs:
        kb.problems.append(Problem(rel, 1, lang, f"the {lang} language block is missing: add `{lang}:` with title, answer and questions"))
    group = path.parent.name if path.parent != kb.root else ""
    try:
        topic = Topic(group=group, **{k: v for k, v in data.items() if k != "group"})
    except ValidationError as err:
        kb.problems.extend(
            p for p in _pydantic_problems(err, rel, tree) if p.field not in missing_langs
        )
        return
    if topic.id != path.stem:
        kb.problems.append(Problem(rel, _line_of(tree, ["id"]), "id", f"id {topic.id!r} must equal the file name {path.stem!r}"))
    if topic.id in kb.topics:
        other = trees[topic.id][0]
        kb.problems.append(Problem(rel, _line_of(tree, ["id"]), "id", f"duplicate topic id, also in {other}: ids must be unique"))
        return
    kb.topics[topic.id] = topic
    trees[topic.id] = (rel, tree)


def _cross_check(kb: KnowledgeBase, trees: dict[str, tuple[str, Any]], today: dt.date, file_ids: set[str]) -> None:
    seen_questions: dict[tuple[str, str], tuple[str, str]] = {}
    for topic_id, topic in kb.topics.items():
        rel, tree = trees[topic_id]

        def add(path: list, message: str, severity: str = "error", rel: str = rel, tree: Any = tree) -> None:
            kb.problems.append(
                Problem(rel, _line_of(tree, path), ".".join(str(p) for p in path), message, severity)  # type: ignore[arg-type]
            )

        if topic.reviewed > today:
            add(["reviewed"], f"{topic.reviewed.isoformat()} is in the future: use the date the content was actually reviewed")
        elif (today - topic.reviewed).days > STALE_AFTER_DAYS:
            add(["reviewed"], f"not reviewed since {topic.reviewed.isoformat()} (over 12 months): check the content and update the date", "warning")
        for i, related in enumerate(topic.related):
            if related == topic_id:
                add(["related", i], "a topic cannot be related to itself")
            elif related not in kb.topics and related not in file_ids:
                add(["related", i], f"no topic with id {related!r}: use an existing topic id")
        if len(set(topic.related)) != len(topic.related):
            add(["related"], "lists the same topic twice")
        for lang in LANGUAGES:
            content = topic.content(lang)
            texts = [([lang, "answer"], content.answer)]
            texts += [([lang, "followups", aspect], text) for aspect, text in content.followups.items()]
            for path, text in texts:
                for name in PLACEHOLDER.findall(text):
                    fact_id = name.split(".")[0]
                    if fact_id not in kb.facts:
                        add(path, f"placeholder {{{{{name}}}}} has no fact: define `{fact_id}` in knowledge/facts/ or fix the name")
                    elif "." in name and name.split(".", 1)[1] != "year":
                        add(path, f"placeholder {{{{{name}}}}}: only `.year` may follow a fact id")
            if set(content.followups) != set(topic.fi.followups):
                add([lang, "followups"], "give the same follow-up aspects in fi, sv and en")
            for i, question in enumerate(content.questions):
                key = (lang, " ".join(question.casefold().split()))
                if key in seen_questions and seen_questions[key][0] != topic_id:
                    other_topic, other_file = seen_questions[key]
                    add([lang, "questions", i], f"the phrasing {question!r} is also under topic {other_topic} ({other_file}): keep it in one topic only")
                elif key in seen_questions:
                    add([lang, "questions", i], f"the phrasing {question!r} is listed twice: remove one")
                else:
                    seen_questions[key] = (topic_id, rel)

    if kb.contacts:
        for group in {t.group for t in kb.topics.values()} - set(kb.contacts.routes):
            kb.problems.append(Problem(CONTACTS_FILE, None, "routes", f"no route for the group {group!r}: questions there fall back to `default`", "warning"))
    for fact in kb.facts.values():
        if fact.year is not None and fact.year < today.year:
            rel, line = kb.fact_lines[fact.id]
            kb.problems.append(
                Problem(rel, line, f"facts.{fact.id}", f"applies to {fact.year}, which has passed: confirm the current figure and update `year`", "warning")
            )
