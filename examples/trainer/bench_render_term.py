"""Reward items per second with the render term: `relayout serve --judge` against the mock
judge (examples/trainer/mock_judge.py, which answers at once), so that what is measured is the
server's rendering and bookkeeping, not a VLM.

    python3 examples/trainer/bench_render_term.py target/release/relayout --workers 1,2

For each pool size it starts a mock judge and a server, warms every render worker, then posts
batches of distinct layouts (each rendered and judged once) and, again, the same batches (each
answered from the grade cache). Only the standard library is used.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from relayout_reward import SELFTEST_SCENE as SCENE  # noqa: E402


def layout(k):
    """The k-th distinct layout: the desk a centimetre further along each time."""
    x = 0.7 + 0.01 * k
    return ('[{"id":"bed-0","x":2,"y":3,"z":0,"rz":180},'
            f'{{"id":"desk-0","x":{x:.2f},"y":0.5,"z":0,"rz":0}}]')


def start(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    return p, next(w for w in line.split() if w.startswith("http://")).rstrip("/.;")


def post(url, items):
    body = json.dumps({"items": items}).encode()
    req = urllib.request.Request(url + "/v1/rewards", data=body,
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        results = json.loads(r.read())["results"]
    graded = [r for r in results if r["breakdown"]["render"] is not None]
    assert len(graded) == len(items), [r["breakdown"]["notes"] for r in results]
    return results


def run(relayout, workers, layouts, batch, size):
    judge, judge_url = start([sys.executable, os.path.join(HERE, "mock_judge.py"), "--port", "0"])
    server, url = start([relayout, "serve", "--port", "0", "--judge", "--judge-model", "mock",
                         "--judge-base-url", judge_url, "--render-workers", str(workers),
                         "--render-size", str(size), "--render-queue", str(max(batch, workers))])
    try:
        item = lambda k: {"id": k, "scene": SCENE, "answer": layout(k), "render": True}
        post(url, [item(10_000 + w) for w in range(workers)])
        todo = [item(k) for k in range(layouts)]
        t = time.perf_counter()
        for i in range(0, layouts, batch):
            post(url, todo[i:i + batch])
        fresh = layouts / (time.perf_counter() - t)
        t = time.perf_counter()
        for i in range(0, layouts, batch):
            post(url, todo[i:i + batch])
        cached = layouts / (time.perf_counter() - t)
        return fresh, cached
    finally:
        for p in (server, judge):
            p.terminate()
            p.wait()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("relayout")
    p.add_argument("--workers", default="1,2")
    p.add_argument("--layouts", type=int, default=24)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--size", type=int, default=512)
    a = p.parse_args()
    print(f"{'render workers':>14} {'layouts':>8} {'items/s (rendered)':>19} {'items/s (cached)':>17}")
    for w in [int(x) for x in a.workers.split(",")]:
        fresh, cached = run(a.relayout, w, a.layouts, a.batch, a.size)
        print(f"{w:>14} {a.layouts:>8} {fresh:>19.2f} {cached:>17.0f}")


if __name__ == "__main__":
    main()
