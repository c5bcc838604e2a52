"""Scoring answers with a Ray task pool against several relayout reward servers.

A trainer on Ray (verl is one) scores a batch by handing chunks of it to Ray tasks; each task
posts its chunk to one of the `relayout serve` processes (the next in turn, the others on
failure: see relayout_reward.py) and returns the results. At most `--in-flight` tasks run at
once, so the servers see bounded load and answer 503 only when they must.

    relayout serve --port 8047 &  relayout serve --port 8048 &
    python3 examples/trainer/ray_pool.py --servers http://127.0.0.1:8047,http://127.0.0.1:8048 \\
        --answers answers.jsonl          # lines of {"scene": ..., "answer": ...}

`--selftest RELAYOUT` starts two servers from that binary and a local Ray head (2 CPUs, no
dashboard), scores known answers through Ray tasks and checks every value and that both
servers took a share, then calls verl's batch reward function from a Ray task the way verl's
reward workers do. `--bench RELAYOUT` measures throughput with 1, 2 and 4 servers. Needs
`pip install ray`.

Ray's processes listen on every interface of the machine (it turns 127.0.0.1 into the
machine's address on purpose). To keep a local run on loopback only, run it in a network
namespace of its own, as the repository's test does:

    unshare --net --map-root-user sh -c 'ip link set lo up && exec python3 ray_pool.py ...' 
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
import relayout_reward  # noqa: E402

import ray  # noqa: E402


@ray.remote(num_cpus=0.25, max_retries=2)
def _score_chunk(here, urls, items):
    sys.path.insert(0, here)
    import relayout_reward as rr

    return rr.score_items(items, urls)


@ray.remote(num_cpus=0.25)
def _verl_batch(here, solutions, ground_truths):
    """What a verl reward worker does: the batch reward function, called inside Ray, with the
    servers in RELAYOUT_REWARD_URL from the cluster's runtime environment."""
    sys.path.insert(0, here)
    import relayout_reward as rr

    return rr.compute_score_batch(["relayout"] * len(solutions), solutions, ground_truths)


def start_ray(cpus=2, urls=None):
    """A local Ray head bound to loopback, small and quiet; `urls` go to every worker's
    RELAYOUT_REWARD_URL, as verl passes environment to its workers."""
    env = {"RELAYOUT_REWARD_URL": ",".join(urls)} if urls else {}
    ray.init(
        address="local",
        runtime_env={"env_vars": env},
        num_cpus=cpus,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        object_store_memory=80 * 1024 * 1024,
        log_to_driver=False,
        configure_logging=False,
    )


def score(items, urls, chunk=32, in_flight=8):
    """Every item's result, in order, scored by Ray tasks of `chunk` items, at most
    `in_flight` at once; task k starts at server k mod len(urls)."""
    chunks = [items[i:i + chunk] for i in range(0, len(items), chunk)]
    results = [None] * len(chunks)
    pending = {}
    for k, c in enumerate(chunks):
        if len(pending) >= in_flight:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                results[pending.pop(ref)] = ray.get(ref)
        rotated = urls[k % len(urls):] + urls[:k % len(urls)]
        pending[_score_chunk.remote(HERE, rotated, c)] = k
    for ref, k in pending.items():
        results[k] = ray.get(ref)
    return [r for part in results for r in part]


SCENE = relayout_reward.SELFTEST_SCENE
CLEAN = relayout_reward.SELFTEST_CLEAN


def answers(n):
    """n answers: clean ones, colliding ones, and broken text, in turn."""
    out = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            a = CLEAN
        elif kind == 1:
            a = CLEAN.replace('"x":0.7,"y":0.5', '"x":2,"y":2.6')
        else:
            a = "the bed goes by the window"
        out.append({"id": i, "scene": SCENE, "answer": a})
    return out


def start_servers(relayout, n):
    """n `relayout serve` processes on free loopback ports, one scoring worker each."""
    procs, urls = [], []
    for _ in range(n):
        p = subprocess.Popen([relayout, "serve", "--port", "0", "--workers", "1"],
                             stdout=subprocess.PIPE, text=True)
        line = p.stdout.readline()
        url = next(w for w in line.split() if w.startswith("http://")).rstrip("/.;")
        procs.append(p)
        urls.append(url)
    return procs, urls


def _scored(url):
    with urllib.request.urlopen(url + "/health", timeout=10) as r:
        return json.loads(r.read())["scored_items"]


def selftest(relayout):
    procs, urls = start_servers(relayout, 2)
    try:
        _selftest(urls)
    finally:
        for p in procs:
            p.terminate()
            p.wait()


def _selftest(urls):
    start_ray(urls=urls)
    try:
        items = answers(60)
        got = score(items, urls, chunk=8, in_flight=4)
        assert [r["id"] for r in got] == list(range(60)), "results out of order"
        formats = [r["breakdown"]["format"] for r in got]
        assert formats == [1.0, 1.0, 0.1] * 20, formats
        assert all(r["reward"] == 2.0 for r in got[0::3]), [r["reward"] for r in got[0::3]]
        assert all(r["reward"] < 2.0 for r in got[1::3])
        verl = ray.get(_verl_batch.remote(HERE, [CLEAN, ""], [json.dumps(SCENE)] * 2))
        assert [v["score"] for v in verl] == [2.0, 0.0], verl
        shares = [_scored(u) for u in urls]
        # Every answer scored once; both servers took chunks of 8.
        assert sum(shares) == 62 and min(shares) >= 16, shares
        print(json.dumps({"scored": len(got), "per_server": shares, "verl": verl}))
    finally:
        ray.shutdown()


def bench(relayout, counts, n):
    start_ray()
    rows = []
    try:
        for k in counts:
            procs, urls = start_servers(relayout, k)
            try:
                items = answers(n)
                score(items[:64], urls)
                t = time.perf_counter()
                got = score(items, urls, chunk=32, in_flight=2 * k + 2)
                s = time.perf_counter() - t
                assert len(got) == n
                rows.append((k, n, n / s))
            finally:
                for p in procs:
                    p.terminate()
                    p.wait()
    finally:
        ray.shutdown()
    print(f"{'servers':>7} {'answers':>8} {'answers/s':>10}")
    for k, m, rate in rows:
        print(f"{k:>7} {m:>8} {rate:>10.0f}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--servers", default=os.environ.get("RELAYOUT_REWARD_URL", ""))
    p.add_argument("--answers", help="JSONL of {scene, answer} to score")
    p.add_argument("--selftest", metavar="RELAYOUT", help="the relayout binary to test with")
    p.add_argument("--bench", metavar="RELAYOUT", help="the relayout binary to start servers from")
    p.add_argument("--counts", default="1,2,4")
    p.add_argument("--items", type=int, default=20000)
    a = p.parse_args()
    urls = [u.strip().rstrip("/") for u in a.servers.split(",") if u.strip()]
    if a.bench:
        bench(a.bench, [int(c) for c in a.counts.split(",")], a.items)
    elif a.selftest:
        selftest(a.selftest)
    elif a.answers:
        with open(a.answers) as f:
            items = [dict(json.loads(line), id=i) for i, line in enumerate(f) if line.strip()]
        start_ray()
        try:
            for r in score(items, urls or relayout_reward.URLS):
                print(json.dumps(r))
        finally:
            ray.shutdown()
    else:
        print(__doc__)


if __name__ == "__main__":
    main()
