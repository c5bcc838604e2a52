"""A reward function for RL trainers that scores layouts with relayout's reward server.

Start the server first (`relayout serve --port 8047`), then point the trainer at this file.

verl (and EasyR1, which follows verl):
    custom_reward_function.path=examples/trainer/relayout_reward.py
    custom_reward_function.name=compute_score          # one sample per call
  or, with reward_model.reward_manager=batch:
    custom_reward_function.name=compute_score_batch    # one HTTP call per batch

TRL (GRPOTrainer): pass `trl_reward` in `reward_funcs`; the dataset needs a `scene` column.

`ground_truth` (verl) / `scene` (TRL) is the scene document (`relayout.scene/1`) as a JSON
string or dict, as `relayout dataset` writes it; in a Hugging Face dataset keep it a string
(Arrow merges dict columns into one struct for all rows, adding other scenes' fields as nulls). Only the standard library is used.
Environment: RELAYOUT_REWARD_URL (default http://127.0.0.1:8047; several, comma-separated, to
spread the work over a pool of `relayout serve` processes), RELAYOUT_REWARD_TIMEOUT (seconds,
default 60; 180 with the render term), RELAYOUT_REWARD_WEIGHTS ("default" or "metaspatial"), RELAYOUT_REWARD_RENDER ("1":
ask for the render term: each layout rendered and graded by the server's VLM judge, started
with `relayout serve --judge`; the breakdown says when it is off), RELAYOUT_REWARD_RENDER_BUDGET
(seconds the server may spend on it per call).

With several servers, each call starts at the next server in turn, a batch is split into one
part per server and the parts are scored at once, and a server that cannot be reached (or
answers 5xx) is skipped for 30 s while the others take its share; a full queue (503) moves the
request to the next server. A 4xx answer is the batch's own fault and is raised at once.
"""

import itertools
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

URLS = [
    u.strip().rstrip("/")
    for u in os.environ.get("RELAYOUT_REWARD_URL", "http://127.0.0.1:8047").split(",")
    if u.strip()
] or ["http://127.0.0.1:8047"]
URL = URLS[0]
# Seconds a server that failed is passed over.
DOWN_S = 30.0
_turn = itertools.count()
_down = {}
_lock = threading.Lock()
# With the render term a call may take the server's render budget (120 s by default) and more.
RENDER = os.environ.get("RELAYOUT_REWARD_RENDER") == "1"
TIMEOUT = float(os.environ.get("RELAYOUT_REWARD_TIMEOUT", "180" if RENDER else "60"))
METASPATIAL = {
    "format": 0.5,
    "physics": 0.4,
    "render": 1.0,
    "physics_terms": {
        "collision": 1.0,
        "pair_collision": 0.0,
        "out_of_room": 1.0,
        "violation": 0.0,
        "penetration": 0.0,
        "stability": 0.0,
    },
}


class RewardServerError(RuntimeError):
    """The server refused the batch (4xx) or kept failing (5xx, no connection)."""


def _scene(value):
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def _servers(urls=None):
    """The servers to try for the next call, those down last: RELAYOUT_REWARD_URL's from the
    next one in turn, or `urls` in the order given (the caller spreads the work itself)."""
    with _lock:
        if urls:
            order = list(urls)
        else:
            start = next(_turn) % len(URLS)
            order = URLS[start:] + URLS[:start]
        now = time.monotonic()
        return sorted(order, key=lambda u: _down.get(u, 0.0) > now)


def _mark_down(url):
    with _lock:
        _down[url] = time.monotonic() + DOWN_S


def _post(items, retries=5, urls=None):
    if RENDER:
        items = [dict(i, render=True) for i in items]
    body = {"items": items}
    if os.environ.get("RELAYOUT_REWARD_WEIGHTS") == "metaspatial":
        body["weights"] = METASPATIAL
    if os.environ.get("RELAYOUT_REWARD_RENDER_BUDGET"):
        body["render_budget_s"] = float(os.environ["RELAYOUT_REWARD_RENDER_BUDGET"])
    data = json.dumps(body).encode()
    delay = 0.5
    last = "no server tried"
    for attempt in range(retries + 1):
        wait = delay
        for url in _servers(urls):
            req = urllib.request.Request(
                url + "/v1/rewards", data=data, headers={"content-type": "application/json"}
            )
            try:
                with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
                    return json.loads(r.read())["results"]
            except urllib.error.HTTPError as e:
                reason = e.read().decode(errors="replace")
                if e.code == 503:
                    # Busy: the next server, or this one again after its Retry-After.
                    last = f"{url}: HTTP 503: {reason}"
                    wait = max(wait, float(e.headers.get("retry-after", delay)))
                    continue
                if e.code >= 500:
                    last = f"{url}: HTTP {e.code}: {reason}"
                    _mark_down(url)
                    continue
                raise RewardServerError(f"{url}: HTTP {e.code}: {reason}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
                last = f"{url}: {e}"
                _mark_down(url)
                continue
        if attempt < retries:
            time.sleep(wait)
            delay = min(2 * delay, 8.0)
    raise RewardServerError(f"every reward server failed; last: {last}")


def score_items(items, urls=None):
    """The server's results for `items` (dicts with `scene`, `answer`, optional `id`), from the
    first of `urls` that takes them, tried in that order (default: RELAYOUT_REWARD_URL's, in
    turn); for a task pool (Ray) that spreads the work itself."""
    return _post(items, urls=urls)


def _post_spread(items):
    """A batch split into one part per server, the parts scored at once, results in order."""
    k = min(len(URLS), len(items))
    if k <= 1:
        return _post(items)
    size = -(-len(items) // k)
    parts = [items[i:i + size] for i in range(0, len(items), size)]
    with ThreadPoolExecutor(len(parts)) as pool:
        answers = list(pool.map(_post, parts))
    return [r for part in answers for r in part]


def _score_of(result):
    if "error" in result:
        # The scene itself is broken: a data problem, not the policy's fault.
        raise RewardServerError(result["error"])
    b = result["breakdown"]
    return {
        "score": result["reward"],
        "format": b["format"],
        "physics": b["physics"],
        "render": b["render"] if b["render"] is not None else 0.0,
    }


def compute_score(data_source, solution_str, ground_truth, extra_info=None):
    """verl's per-sample signature: the reward and its parts (verl logs the extra keys)."""
    results = _post([{"scene": _scene(ground_truth), "answer": solution_str}])
    return _score_of(results[0])


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos=None):
    """verl's batch signature: one HTTP call for the whole batch."""
    items = [
        {"id": i, "scene": _scene(g), "answer": s}
        for i, (s, g) in enumerate(zip(solution_strs, ground_truths))
    ]
    return [_score_of(r) for r in _post_spread(items)]


def trl_reward(completions, scene, **kwargs):
    """TRL's GRPOTrainer signature: a list of floats, one per completion."""
    texts = [c if isinstance(c, str) else c[-1]["content"] for c in completions]
    items = [{"id": i, "scene": _scene(s), "answer": t} for i, (t, s) in enumerate(zip(texts, scene))]
    return [_score_of(r)["score"] for r in _post_spread(items)]


# The self-tests' room (also used by ray_pool.py and bench_render_term.py): two objects, a door,
# and an answer that places them cleanly (format 1, physics 1).
SELFTEST_SCENE = {
    "schema": "relayout.scene/1",
    "instruction": "a desk and a bed",
    "room": {"width": 4, "depth": 4, "height": 2.7,
             "openings": [{"kind": "door", "wall": "B", "offset": 3.0, "width": 0.9}]},
    "objects": [{"id": "bed-0", "category": "bed", "size": [1.6, 2.0, 0.5]},
                {"id": "desk-0", "category": "desk", "size": [1.2, 0.6, 0.75]}],
}
SELFTEST_CLEAN = ('[{"id":"bed-0","x":2,"y":3,"z":0,"rz":180},'
                  '{"id":"desk-0","x":0.7,"y":0.5,"z":0,"rz":0}]')


def _selftest():
    """Scores a clean and a broken answer for a two-object room; exits 1 on a wrong value."""
    scene = SELFTEST_SCENE
    clean = ('<think>bed at the top, desk at the bottom</think><answer>'
             + SELFTEST_CLEAN + '</answer>')
    one = compute_score("relayout", clean, json.dumps(scene))
    batch = compute_score_batch(["relayout"] * 3, [clean, "", "not json"], [scene] * 3)
    trl = trl_reward([[{"role": "assistant", "content": clean}]], [scene])
    print(json.dumps({"single": one, "batch": batch, "trl": trl}))
    ok = (one["score"] == 2.0 and [b["format"] for b in batch] == [1.0, 0.0, 0.1]
          and trl == [2.0])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--selftest":
        _selftest()
    else:
        print(__doc__)
