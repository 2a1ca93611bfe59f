"""`kokka bench`: speed and memory of the running assistant (loopback only).

Three phases against the assistant started by `kokka run`:
1. one simulated user holding conversations through POST /api/chat (end-to-end latency);
2. the same messages straight to Rasa's NLU (POST /model/parse) in the same run;
3. ``users`` simulated users at once (throughput, tail latency, errors).
Resident memory of the Rasa server(s), the action server (if separate) and the web app is read before and
after (process ids from var/run.json, written by `kokka run`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx

LOOPBACK = {"localhost", "127.0.0.1", "::1"}
MAX_REQUESTS = 20_000  # a hard bound, whatever the options say

# Realistic conversations: languages, topics, context follow-ups, the permit finder, fallbacks.
SCENARIOS: list[list[str]] = [
    ["hei", "mikä on EU:n sininen kortti", "kauanko se kestää?", "entä mitä se maksaa?", "kiitos"],
    ["hej", "hur får man skattekort", "vad är en personbeteckning och var får man den", "tack"],
    ["/find_permit", "India", "a regular job", "4500 euros", "yes", "2 years", "change the salary", "2000 euros"],
    ["xqzv blorf wibble", "what's the weather like in Helsinki", "where do I get a tax card", "thanks"],
    ["lupa", "/ask_specialist_permit", "voiko perhe tulla mukaan?", "miten haetaan?"],
    ["vilket tillstånd behöver en kock från Nepal med 2 800 € i lön", "vanlig anställning", "nej", "5 år", "tills vidare"],
    ["Do I need a permit to hire an Estonian welder?", "how do I register an EU citizen", "goodbye"],
    ["miten löydän vuokra-asunnon Turusta", "mistä saa suomen kielen kursseja", "voiko lapsi mennä suomalaiseen kouluun",
     "in English please", "what about health care?"],
]


@dataclass
class Phase:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed_s: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + self.errors

    def pct(self, q: float) -> float | None:
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        return round(ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))], 1)

    @property
    def throughput(self) -> float:
        return round(len(self.latencies_ms) / self.elapsed_s, 2) if self.elapsed_s else 0.0

    def summary(self) -> dict[str, Any]:
        return {"requests": self.requests, "errors": self.errors, "throughput": self.throughput,
                "p50_ms": self.pct(50), "p95_ms": self.pct(95), "p99_ms": self.pct(99)}


def check_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    if host not in LOOPBACK:
        raise ValueError(f"kokka bench runs against this machine only (got {host!r}); use http://localhost:8000")


def run_info(var_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((var_dir / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def rss_mb(pids: dict[str, int]) -> dict[str, float]:
    """Resident memory per role in MB (the largest Rasa worker under "rasa", all of them in "rasa_total")."""
    import psutil

    out: dict[str, float] = {}
    rasa = []
    for name, pid in pids.items():
        try:
            proc = psutil.Process(pid)
            mb = (proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))) / 2**20
        except psutil.Error:
            continue
        if name.startswith("rasa"):
            rasa.append(mb)
        else:
            out[name] = round(mb, 1)
    if rasa:
        out["rasa"] = round(max(rasa), 1)
        out["rasa_total"] = round(sum(rasa), 1)
        out["rasa_workers"] = len(rasa)
        if "actions" not in pids:  # the actions run inside the Rasa processes: counted there
            out["actions"] = 0.0
    return out


def user_turns(user: int, turns: int) -> list[tuple[str, str]]:
    """(session id, text) pairs for one simulated user: scenarios in turn, a fresh session each."""
    out: list[tuple[str, str]] = []
    for n in itertools.count():
        scenario = SCENARIOS[(user + n) % len(SCENARIOS)]
        session = f"bench-{user}-{n}-{time.time_ns() % 10**9}"
        for text in scenario:
            if len(out) >= turns:
                return out
            out.append((session, text))
    return out


async def _chat_user(client: httpx.AsyncClient, url: str, turns: list[tuple[str, str]], phase: Phase,
                     deadline: float) -> None:
    for session, text in turns:
        if time.monotonic() > deadline or phase.requests >= MAX_REQUESTS:
            return
        started = time.perf_counter()
        try:
            response = await client.post(f"{url}/api/chat", json={"session_id": session, "text": text})
            if response.status_code != 200:
                phase.errors += 1
                continue
        except httpx.HTTPError:
            phase.errors += 1
            continue
        phase.latencies_ms.append((time.perf_counter() - started) * 1000)


def workload(users: int, turns: int) -> list[list[tuple[str, str]]]:
    """The conversations of every simulated user: the load phase runs them at once, the one-user
    phase one after another, so that both measure the same mix of turns."""
    return [user_turns(u, turns) for u in range(users)]


async def chat_phase(url: str, users: int, turns: int, duration: float, *, sequential: bool = False) -> Phase:
    """``users`` users at once, or with ``sequential`` their conversations one after another."""
    phase = Phase()
    limits = httpx.Limits(max_connections=users + 2, max_keepalive_connections=users + 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        started = time.monotonic()
        deadline = started + duration
        conversations = workload(users, turns)
        if sequential:
            await _chat_user(client, url, [t for c in conversations for t in c], phase, deadline)
        else:
            await asyncio.gather(*(_chat_user(client, url, c, phase, deadline) for c in conversations))
        phase.elapsed_s = time.monotonic() - started
    return phase


async def nlu_phase(rasa_url: str, token: str, texts: list[str]) -> Phase:
    phase = Phase()
    async with httpx.AsyncClient(timeout=60) as client:
        started = time.monotonic()
        for text in texts:
            t0 = time.perf_counter()
            try:
                response = await client.post(f"{rasa_url}/model/parse", params={"token": token}, json={"text": text})
                response.raise_for_status()
            except httpx.HTTPError:
                phase.errors += 1
                continue
            phase.latencies_ms.append((time.perf_counter() - t0) * 1000)
        phase.elapsed_s = time.monotonic() - started
    return phase


def run_bench(url: str, *, users: int, turns: int, duration: float, var_dir: Path,
              training: dict | None, rasa_url: str | None = None, token: str | None = None) -> dict[str, Any]:
    check_loopback(url)
    info = run_info(var_dir)
    rasa_url = rasa_url or (info.get("rasa_urls") or [None])[0]
    token = token if token is not None else info.get("rasa_token", "")
    pids = info.get("pids", {})

    # Warm-up: the first message of each kind loads lazily built parts (search index, entity ruler,
    # the form's code paths); every scenario is played once.
    asyncio.run(chat_phase(url, len(SCENARIOS), max(len(s) for s in SCENARIOS), 60, sequential=True))
    rss_before = rss_mb(pids) if pids else {}
    one = asyncio.run(chat_phase(url, users, turns, duration, sequential=True))
    texts = [text for conversation in workload(users, turns) for _, text in conversation if not text.startswith("/")]
    nlu = asyncio.run(nlu_phase(rasa_url, token or "", texts)) if rasa_url else None
    many = asyncio.run(chat_phase(url, users, turns, duration))
    rss_after = rss_mb(pids) if pids else {}

    e2e_p50 = one.pct(50)
    nlu_p50 = nlu.pct(50) if nlu else None
    return {
        "url": url, "users": users, "turns_per_user": turns, "duration_limit_s": duration,
        "errors": one.errors + many.errors + (nlu.errors if nlu else 0),
        "throughput_one_user": one.throughput,
        "throughput_all_users": many.throughput,
        "scaling": round(many.throughput / one.throughput, 2) if one.throughput else None,
        "e2e_p50_ms_one_user": e2e_p50,
        "e2e_p95_ms_one_user": one.pct(95),
        "nlu_p50_ms": nlu_p50,
        "nlu_p95_ms": nlu.pct(95) if nlu else None,
        "ratio_e2e_to_nlu": round(e2e_p50 / nlu_p50, 2) if e2e_p50 and nlu_p50 else None,
        "p50_ms_all_users": many.pct(50),
        "p95_ms_all_users": many.pct(95),
        "p99_ms_all_users": many.pct(99),
        "one_user": one.summary(), "all_users": many.summary(), "nlu": nlu.summary() if nlu else None,
        "rss_mb": rss_after, "rss_mb_before": rss_before,
        "training_seconds": (training or {}).get("seconds"),
    }


def report(result: dict[str, Any]) -> str:
    def ms(value: Any) -> str:
        return "n/a" if value is None else f"{value:.0f} ms"

    lines = [
        f"kokka bench against {result['url']}: {result['users']} users x {result['turns_per_user']} turns "
        f"(at most {result['duration_limit_s']:.0f} s per phase)",
        "",
        f"{'':24}{'requests':>9}{'errors':>8}{'turns/s':>9}{'p50':>9}{'p95':>9}{'p99':>9}",
    ]
    for label, key in (("one user (chat API)", "one_user"), (f"{result['users']} users (chat API)", "all_users"),
                       ("bare NLU (/model/parse)", "nlu")):
        p = result.get(key)
        if not p:
            lines.append(f"{label:24}  (no Rasa URL: start the assistant with `kokka run`)")
            continue
        lines.append(f"{label:24}{p['requests']:>9}{p['errors']:>8}{p['throughput']:>9.2f}"
                     f"{ms(p['p50_ms']):>9}{ms(p['p95_ms']):>9}{ms(p['p99_ms']):>9}")
    lines += [
        "",
        f"end-to-end p50 / NLU p50 (one user): {result['ratio_e2e_to_nlu']}",
        f"throughput {result['users']} users / one user: {result['scaling']}",
    ]
    rss, before = result.get("rss_mb") or {}, result.get("rss_mb_before") or {}
    for name in ("rasa", "rasa_total", "actions", "web"):
        if name in rss:
            if name == "actions" and not rss[name]:
                lines.append("resident memory actions    (inside the Rasa processes)")
                continue
            lines.append(f"resident memory {name:10} {before.get(name, float('nan')):8.0f} MB before, {rss[name]:8.0f} MB after")
    if "rasa_workers" in rss:
        lines.append(f"Rasa worker processes: {rss['rasa_workers']}")
    if result.get("training_seconds"):
        lines.append(f"last training: {result['training_seconds']:.0f} s")
    return "\n".join(lines)
