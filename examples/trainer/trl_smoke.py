"""Two GRPO steps with TRL on CPU, rewards from relayout's reward server: the plumbing of RL on
an existing trainer, end to end, with a tiny random model (it learns nothing; it answers noise,
which the server scores as it would a real policy's answers).

Run by scripts/trainer-smoke.sh, which installs TRL and torch in a venv, builds relayout, starts
`relayout serve` and sets RELAYOUT_REWARD_URL. Arguments: the prompts file (`relayout dataset`
output) and a working folder.
"""

import json
import os
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import relayout_reward  # noqa: E402

import torch  # noqa: E402
from datasets import Dataset  # noqa: E402
from tokenizers import Tokenizer, models, pre_tokenizers, trainers  # noqa: E402
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast  # noqa: E402
from trl import GRPOConfig, GRPOTrainer  # noqa: E402


def tiny_model(texts, folder):
    """A word-level tokenizer trained on the prompts and a 2-layer Llama of random weights."""
    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(texts + ['[ { } ] " : , id x y z rz 0 1 2 3 <answer> </answer>'],
                            trainers.WordLevelTrainer(special_tokens=["[UNK]", "[PAD]", "[EOS]"]))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]",
                                   eos_token="[EOS]")
    fast.padding_side = "left"
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(fast), hidden_size=32, intermediate_size=64,
                         num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=2,
                         max_position_embeddings=4096, pad_token_id=fast.pad_token_id,
                         eos_token_id=fast.eos_token_id, bos_token_id=fast.eos_token_id)
    model = LlamaForCausalLM(config)
    model.save_pretrained(folder)
    fast.save_pretrained(folder)
    return folder


def scored_items():
    url = relayout_reward.URLS[0] + "/health"
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())["scored_items"]


def main():
    prompts_file, work = sys.argv[1], sys.argv[2]
    rows = [json.loads(line) for line in open(prompts_file) if line.strip()]
    # The scene as a JSON string: a dict column would be merged by Arrow into one struct type
    # for every row, adding other rows' fields (as nulls) to each scene.
    data = Dataset.from_list([{"prompt": r["prompt"], "scene": json.dumps(r["scene"])} for r in rows])
    model = tiny_model([r["prompt"] for r in rows], os.path.join(work, "tiny-model"))
    rewards = []

    def reward(completions, scene, **kwargs):
        r = relayout_reward.trl_reward(completions, scene, **kwargs)
        rewards.extend(r)
        return r

    config = GRPOConfig(
        output_dir=os.path.join(work, "grpo"),
        max_steps=2,
        per_device_train_batch_size=4,
        num_generations=4,
        max_completion_length=24,
        learning_rate=1e-4,
        logging_steps=1,
        report_to=[],
        save_strategy="no",
        use_cpu=True,
        bf16=False,
        seed=0,
    )
    before = scored_items()
    trainer = GRPOTrainer(model=model, reward_funcs=[reward], args=config, train_dataset=data)
    trainer.train()
    scored = scored_items() - before
    steps = trainer.state.global_step
    print(json.dumps({"steps": steps, "scored_by_server": scored, "rewards": rewards,
                      "log": trainer.state.log_history}, default=str))
    assert steps == 2, steps
    assert scored == len(rewards) and scored >= 8, (scored, len(rewards))
    # Random tokens are not JSON: each answer gets the format ladder's 0.1 or 0, never more.
    assert all(0.0 <= r <= 0.1 for r in rewards), rewards
    print(f"trainer smoke: {steps} GRPO steps, {scored} answers scored by the server")


if __name__ == "__main__":
    main()
