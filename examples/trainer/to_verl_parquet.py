"""Turns `relayout dataset` JSONL into verl's parquet (needs pandas and pyarrow).

    python examples/trainer/to_verl_parquet.py prompts.jsonl train.parquet

Each row: data_source "relayout", prompt = the policy's first-turn prompt as a chat,
reward_model.ground_truth = the scene JSON (what relayout_reward.compute_score sends).
"""

import json
import sys

import pandas as pd


def main(src, dst):
    rows = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            p = json.loads(line)
            rows.append({
                "data_source": "relayout",
                "prompt": [{"role": "user", "content": p["prompt"]}],
                "ability": "spatial_layout",
                "reward_model": {"style": "rule", "ground_truth": json.dumps(p["scene"])},
                "extra_info": {"id": p["id"], "room_type": p.get("room_type", "")},
            })
    pd.DataFrame(rows).to_parquet(dst)
    print(f"wrote {len(rows)} rows to {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
