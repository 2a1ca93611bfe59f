"""The `kokka` command line: run, train and knowledge-base tools."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.logconfig import configure_logging, quiet_environment

logger = logging.getLogger("kokka")


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def cmd_kb_validate(args: argparse.Namespace) -> int:
    from bot.knowledge.loader import load_knowledge
    from bot.settings import get_settings

    path = Path(args.path) if args.path else get_settings().knowledge_dir
    kb = load_knowledge(path)
    for problem in sorted(kb.problems, key=lambda p: (p.severity != "error", p.file, p.line or 0)):
        _out(str(problem))
    errors, warnings = len(kb.errors), len(kb.warnings)
    _out(f"{len(kb.topics)} topics, {len(kb.facts)} facts: {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def cmd_kb_build(args: argparse.Namespace) -> int:
    from bot.knowledge import nlu_build
    from bot.knowledge.loader import load_knowledge
    from bot.settings import get_settings

    settings = get_settings()
    kb = load_knowledge(settings.knowledge_dir)
    if kb.errors:
        _out("The knowledge base has errors; fix them first (kokka kb validate).")
        return 1
    project = settings.project_dir
    if args.check:
        stale = nlu_build.stale_files(kb, project)
        for path in stale:
            _out(f"out of date: {path}")
        if stale:
            _out("Run `kokka kb build` and commit the result.")
            return 1
        _out("Generated NLU data is up to date.")
        return 0
    touched = nlu_build.write(kb, project)
    for path in touched:
        _out(f"wrote {path}")
    _out(f"{len(touched)} file(s) changed." if touched else "Generated NLU data is up to date.")
    return 0


def cmd_kb_show(args: argparse.Namespace) -> int:
    from bot.knowledge import KnowledgeError, KnowledgeStore, render_text
    from bot.settings import get_settings

    try:
        store = KnowledgeStore(Path(args.path) if args.path else get_settings().knowledge_dir)
        answer = store.get(args.topic_id, args.lang)
    except KnowledgeError as exc:
        _out(f"error: {exc}")
        return 1
    _out(render_text(answer))
    if answer.related:
        _out("")
        _out(" | ".join(title for _, title in answer.related))
    return 0


def _build_and_train(force: bool = False) -> Path:
    from bot.knowledge import nlu_build
    from bot.knowledge.loader import load_knowledge
    from bot.settings import get_settings
    from bot.training import train

    settings = get_settings()
    kb = load_knowledge(settings.knowledge_dir)
    if kb.errors:
        for problem in kb.errors:
            logger.error("%s", problem)
        raise SystemExit("The knowledge base has errors (see above); fix them and try again.")
    for path in nlu_build.write(kb, settings.project_dir):
        logger.info("Updated generated training data: %s", path)
    return train(settings, force=force)


def cmd_train(args: argparse.Namespace) -> int:
    model = _build_and_train(force=args.force)
    logger.info("Model: %s", model)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from bot.runner import run_all
    from bot.settings import get_settings

    model = _build_and_train()
    return run_all(get_settings(), model)


def _yaml_files(names: list[str]) -> list[Path]:
    """Files as given, and the *.yml files of folders."""
    paths = [Path(p) for p in names]
    return [f for p in paths for f in (sorted(p.glob("*.yml")) if p.is_dir() else [p])]


def _finish_eval(args: argparse.Namespace, result: dict, report: str, accuracy_key: str, label: str) -> int:
    import json

    _out(report)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    accuracy = result["overall"][accuracy_key]
    if args.min_accuracy is not None and accuracy < args.min_accuracy:
        _out(f"{label} {accuracy:.1%} is below {args.min_accuracy:.1%}")
        return 1
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluation import (
        EvalError,
        format_dialogue_report,
        format_report,
        load_dialogues,
        load_items,
        run_dialogues,
        run_eval,
    )

    if not args.questions and not args.dialogues:
        _out("error: give question files or folders, or --dialogues FILE")
        return 2
    try:
        if args.dialogues:
            dialogues = load_dialogues(_yaml_files(args.dialogues))
        else:
            items = load_items(_yaml_files(args.questions))
    except EvalError as exc:
        _out(f"error: {exc}")
        return 2
    if not args.dialogues and not items:
        _out("error: no questions found")
        return 2

    def progress(done: int, total: int) -> None:
        if done % 50 == 0 or done == total:
            sys.stderr.write(f"\r{done}/{total} questions")
            sys.stderr.flush()

    try:
        if args.dialogues:
            result = run_dialogues(dialogues, url=args.url)
        else:
            result = run_eval(items, url=args.url, progress=progress)
            sys.stderr.write("\n")
    except Exception as exc:  # noqa: BLE001 - a clear message instead of a traceback
        _out(f"\nerror: cannot reach the assistant at {args.url}: {exc}")
        return 2
    if args.dialogues:
        return _finish_eval(args, result, format_dialogue_report(result), "turn_accuracy", "turn accuracy")
    return _finish_eval(args, result, format_report(result), "topic_accuracy", "topic accuracy")


def cmd_bench(args: argparse.Namespace) -> int:
    import json

    from bot.bench import report, run_bench
    from bot.settings import get_settings
    from bot.training import last_training

    settings = get_settings()
    if min(args.users, args.turns) < 1 or args.duration <= 0:
        _out("--users and --turns must be at least 1 and --duration above 0")
        return 2
    try:
        result = run_bench(args.url, users=args.users, turns=args.turns, duration=args.duration,
                           var_dir=settings.var_dir, training=last_training(settings))
    except ValueError as exc:
        _out(str(exc))
        return 2
    _out(report(result))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


def _analytics():  # noqa: ANN202
    from bot.analytics import Analytics
    from bot.analytics.store import load_salt
    from bot.settings import get_settings

    settings = get_settings()
    return settings, Analytics(settings.analytics_url, salt=load_salt(settings.analytics_salt, settings.var_dir))


def cmd_analytics_migrate(args: argparse.Namespace) -> int:
    from bot.analytics import AnalyticsError
    from bot.analytics.migrate import current

    _, analytics = _analytics()
    try:
        analytics.migrate()
        _out(f"analytics schema at revision {current(analytics.engine)} ({analytics.engine.url.render_as_string(hide_password=True)})")
    except AnalyticsError as exc:
        logger.error("Cannot migrate the analytics database: %s", exc)
        return 1
    return 0


def cmd_analytics_purge(args: argparse.Namespace) -> int:
    from bot.analytics import AnalyticsError
    from bot.analytics.store import purge_tracker_store

    settings, analytics = _analytics()
    days = args.days or settings.retention_days
    try:
        analytics.migrate()
        deleted = analytics.purge(days)
        deleted["tracker_events"] = purge_tracker_store(settings.tracker_store_url, days)
    except AnalyticsError as exc:
        logger.error("Purge failed: %s", exc)
        return 1
    _out(f"deleted rows older than {days} days: " + ", ".join(f"{table} {n}" for table, n in deleted.items()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kokka", description="Kokka recruitment-guide assistant.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="build NLU data and train if needed, then start Rasa and the web app",
                       description="Build generated NLU data and train the model when their inputs changed, "
                       "then start the Rasa server processes (with the custom actions inside, unless "
                       "KOKKA_ACTIONS_IN_PROCESS=false starts a separate action server) and the web app. Ctrl-C stops them all. "
                       "Ports and addresses come from KOKKA_* environment variables.")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("train", help="train the Rasa model if its inputs changed",
                       description="Regenerate NLU data from knowledge/ and train the model when config, "
                       "domain or training data changed (a fingerprint decides).")
    p.add_argument("--force", action="store_true", help="train even if nothing changed")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("eval", help="measure answer quality on a question set through the chat API",
                       description="Send each question as the first message of a fresh session to POST /api/chat "
                       "and report topic accuracy, reply-language accuracy, out-of-scope precision/recall, "
                       "fallback share and latency, per language and overall.")
    p.add_argument("questions", nargs="*", help="YAML files (or folders of them) of {id, lang, topic, text, also}")
    p.add_argument("--dialogues", nargs="+", metavar="FILE",
                   help="score conversations instead: YAML list of {id, turns: [{text, lang, topic?, also?, kind?}]}")
    p.add_argument("--url", default="http://localhost:8000", help="the web app (default %(default)s)")
    p.add_argument("--json", help="also write the full result as JSON to this file")
    p.add_argument("--min-accuracy", type=float, help="exit 1 if overall topic accuracy is below this (0-1)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="speed and memory of the running assistant (loopback only)",
                       description="Simulated users hold multi-turn conversations through POST /api/chat: their "
                       "conversations one after another (one user), then bare NLU (/model/parse) for the same "
                       "messages, then all --users at once. Prints "
                       "throughput, latency percentiles, the end-to-end/NLU ratio and resident memory.")
    p.add_argument("--url", default="http://localhost:8000", help="the web app (default %(default)s)")
    p.add_argument("--users", type=int, default=20, help="concurrent users in the load phase (default %(default)s)")
    p.add_argument("--turns", type=int, default=10, help="messages per user (default %(default)s)")
    p.add_argument("--duration", type=float, default=60, help="time limit per phase in seconds (default %(default)s)")
    p.add_argument("--json", help="also write the figures as JSON to this file")
    p.set_defaults(func=cmd_bench)

    kb = sub.add_parser("kb", help="knowledge-base tools (validate, build, show)",
                        description="Tools for the knowledge base in knowledge/.")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    p = kb_sub.add_parser("validate", help="check every topic and fact; exit 1 on any error",
                          description="Check the knowledge base and list every problem as "
                          "file:line: field: what is wrong. Exit 1 on errors, 0 otherwise (warnings allowed).")
    p.add_argument("--path", help="knowledge folder (default: knowledge/)")
    p.set_defaults(func=cmd_kb_validate)
    p = kb_sub.add_parser("build", help="generate Rasa NLU data from the question phrasings",
                          description="Generate data/nlu/generated/, data/rules/knowledge.yml and the intent "
                          "list in domain.yml from the topics' question phrasings.")
    p.add_argument("--check", action="store_true", help="exit 1 if the generated files are out of date")
    p.set_defaults(func=cmd_kb_build)
    p = kb_sub.add_parser("show", help="print a topic's answer exactly as a user sees it",
                          description="Print a topic's answer with figures, sources and review date.")
    p.add_argument("topic_id")
    p.add_argument("--lang", choices=["fi", "sv", "en"], default="en")
    p.add_argument("--path", help="knowledge folder (default: knowledge/)")
    p.set_defaults(func=cmd_kb_show)

    an = sub.add_parser("analytics", help="analytics store tools (migrate, purge)",
                        description="The analytics database (KOKKA_ANALYTICS_URL; default SQLite under var/).")
    an_sub = an.add_subparsers(dest="analytics_command", required=True)
    p = an_sub.add_parser("migrate", help="apply the schema migrations (setup runs this)",
                          description="Bring the analytics schema to the latest Alembic migration.")
    p.set_defaults(func=cmd_analytics_migrate)
    p = an_sub.add_parser("purge", help="delete analytics rows and tracker events older than the retention period",
                          description="Delete analytics rows and Rasa tracker-store events older than --days "
                          "(default KOKKA_RETENTION_DAYS, 180). The web app also does this daily.")
    p.add_argument("--days", type=int, help="retention in days (default: KOKKA_RETENTION_DAYS)")
    p.set_defaults(func=cmd_analytics_purge)
    return parser


def main(argv: list[str] | None = None) -> int:
    quiet_environment()
    args = build_parser().parse_args(argv)
    configure_logging()
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
