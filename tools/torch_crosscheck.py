#!/usr/bin/env python3
"""Cross-checks convanim's numbers against PyTorch, for anyone with torch installed.

For random layers of every kind (convolutions with stride, padding numbers and words,
asymmetric padding, dilation, groups and bias; transposed convolutions with output_padding;
max pooling with ties; average pooling with ceil_mode and count_include_pad) it writes a
scene file, runs `convanim eval --backward --no-steps` on it, and compares the output and
grad_input, grad_weight, grad_bias with what PyTorch's functional layers and autograd give
(float64). Scenes convanim refuses are counted, as are layers PyTorch refuses.

    python3 tools/torch_crosscheck.py [--convanim build/convanim] [--cases 500] [--seed 1]

Exit status 0 when every compared number agrees within --tolerance, 1 otherwise.
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F

OPERATIONS = ["convolution", "transposed_convolution", "max_pooling", "average_pooling"]


def resolve_padding(word, op, i, k, s, d, a):
    """core/padding_words.cc: a padding word as cells (begin, end) along one axis."""
    k_eff = d * (k - 1) + 1
    if word == "valid":
        return 0, 0
    if word == "half":
        return k_eff // 2, k_eff // 2
    if word == "full":
        return k_eff - 1, k_eff - 1
    if op == "transposed_convolution":
        total = s * (i - 1) + a + k_eff - i * s
    else:
        o = (i + s - 1) // s
        total = (o - 1) * s + k_eff - i
    total = max(0, total)
    small, large = total // 2, total - total // 2
    return (small, large) if word == "same" else (large, small)


def values(rng, shape, integers):
    if not shape:
        return rng.randint(-3, 3) if integers else round(rng.uniform(-2, 2), 2)
    return [values(rng, shape[1:], integers) for _ in range(shape[0])]


def random_layer(rng):
    """A random layer as a scene (a dict) plus what torch needs to compute it."""
    op = rng.choice(OPERATIONS)
    pooling = op.endswith("pooling")
    conv = not pooling
    layer = {"op": op}
    layer["k"] = [rng.randint(1, 4), rng.randint(1, 4)]
    layer["s"] = [rng.randint(1, 3), rng.randint(1, 3)]
    layer["d"] = [1, 1] if op == "average_pooling" else [rng.randint(1, 2), rng.randint(1, 2)]
    groups = rng.choice([1, 1, 2, 3]) if conv else 1
    layer["groups"] = groups
    layer["cin"] = groups * rng.randint(1, 2)
    layer["cout"] = groups * rng.randint(1, 2) if conv else layer["cin"]
    layer["i"] = [rng.randint(1, 7), rng.randint(1, 7)]
    layer["a"] = [0, 0]
    if op == "transposed_convolution":
        layer["a"] = [rng.randrange(max(layer["s"][0], layer["d"][0])),
                      rng.randrange(max(layer["s"][1], layer["d"][1]))]
    # Padding: per side numbers (asymmetric for convolutions), a pair, or a word.
    form = rng.choice(["pair", "pair", "word", "sides"] if op == "convolution" else
                      ["pair", "pair", "word"])
    if form == "word":
        words = ["valid", "same", "same_lower", "full", "half"] if conv else ["valid", "half"]
        layer["padding"] = rng.choice(words)
        pads = [resolve_padding(layer["padding"], op, layer["i"][a], layer["k"][a],
                                layer["s"][a], layer["d"][a], layer["a"][a]) for a in (0, 1)]
    elif form == "sides":
        pads = [(rng.randint(0, 2), rng.randint(0, 2)), (rng.randint(0, 2), rng.randint(0, 2))]
        layer["padding"] = [pads[0][0], pads[1][0], pads[0][1], pads[1][1]]
    else:
        limit = [(layer["d"][a] * (layer["k"][a] - 1) + 1) // 2 if pooling else 2
                 for a in (0, 1)]
        pads = [(p, p) for p in (rng.randint(0, limit[0]), rng.randint(0, limit[1]))]
        layer["padding"] = [pads[0][0], pads[1][0]]
    layer["pads"] = pads
    layer["ceil_mode"] = pooling and rng.random() < 0.5
    layer["count_include_pad"] = op == "average_pooling" and rng.random() < 0.5
    layer["bias"] = conv and rng.random() < 0.7
    return layer


def scene_of(layer, rng):
    op = layer["op"]
    conv = not op.endswith("pooling")
    integers = not conv  # pooling: small integers, so max pooling meets ties
    scene = {"operation": op, "view": "numerical",
             "input": {"size": layer["i"], "channels": layer["cin"]},
             "kernel": {"size": layer["k"]},
             "stride": layer["s"], "padding": layer["padding"], "dilation": layer["d"]}
    layer["x"] = values(rng, [layer["cin"]] + layer["i"], integers)
    scene["input"]["values"] = layer["x"]
    if conv:
        g = layer["groups"]
        shape = ([layer["cout"], layer["cin"] // g] if op == "convolution" else
                 [layer["cin"], layer["cout"] // g]) + layer["k"]
        layer["w"] = values(rng, shape, False)
        scene["kernel"]["out_channels"] = layer["cout"]
        scene["kernel"]["values"] = layer["w"]
        scene["groups"] = g
        if layer["bias"]:
            layer["b"] = values(rng, [layer["cout"]], False)
            scene["kernel"]["bias"] = layer["b"]
    if op == "transposed_convolution":
        scene["output_padding"] = layer["a"]
    if op.endswith("pooling"):
        scene["ceil_mode"] = layer["ceil_mode"]
    if op == "average_pooling":
        scene["count_include_pad"] = layer["count_include_pad"]
    return scene


def torch_forward(layer, x, w=None, b=None):
    """The layer in PyTorch, asymmetric padding by explicit padding or cropping."""
    op, pads = layer["op"], layer["pads"]
    s, d, groups = tuple(layer["s"]), tuple(layer["d"]), layer["groups"]
    if op == "convolution":
        x = F.pad(x, (pads[1][0], pads[1][1], pads[0][0], pads[0][1]))
        return F.conv2d(x, w, b, stride=s, dilation=d, groups=groups)
    if op == "transposed_convolution":
        y = F.conv_transpose2d(x, w, b, stride=s, output_padding=tuple(layer["a"]), groups=groups,
                               dilation=d)
        return y[:, :, pads[0][0]:y.shape[2] - pads[0][1], pads[1][0]:y.shape[3] - pads[1][1]]
    if any(p[0] != p[1] for p in pads):
        raise ValueError("asymmetric pooling padding has no PyTorch layer")
    padding = (pads[0][0], pads[1][0])
    if op == "max_pooling":
        return F.max_pool2d(x, tuple(layer["k"]), s, padding, d, ceil_mode=layer["ceil_mode"])
    return F.avg_pool2d(x, tuple(layer["k"]), s, padding, ceil_mode=layer["ceil_mode"],
                        count_include_pad=layer["count_include_pad"])


def max_error(ours, theirs):
    a = torch.tensor(ours, dtype=torch.float64)
    if a.shape != theirs.shape:
        return math.inf
    return (a - theirs).abs().max().item() if a.numel() else 0.0


def run_case(layer, rng, convanim, folder):
    scene = scene_of(layer, rng)
    x = torch.tensor([layer["x"]], dtype=torch.float64, requires_grad=True)
    w = torch.tensor(layer["w"], dtype=torch.float64, requires_grad=True) if "w" in layer else None
    b = torch.tensor(layer["b"], dtype=torch.float64, requires_grad=True) if "b" in layer else None
    try:
        y = torch_forward(layer, x, w, b)
        if y.numel() == 0 or min(y.shape) < 1:
            raise ValueError("empty output")
        if layer["op"] == "max_pooling" and torch.isinf(y).any():
            raise ValueError("a window of padding only")
        torch_ok = True
    except (RuntimeError, ValueError) as error:
        torch_ok = False
        # PyTorch before 2.1 bounded pooling padding by half the window, current PyTorch by
        # half the dilated window (Pool.h, "pad should be at most half of effective kernel
        # size"); convanim follows current PyTorch.
        if "at most half of kernel size" in str(error) and all(
                max(p) <= (d * (k - 1) + 1) // 2
                for p, k, d in zip(layer["pads"], layer["k"], layer["d"])):
            return "older_torch_refuses", None
    if torch_ok:
        grad = values(rng, list(y.shape[1:]), False)
        scene["grad_output"] = {"values": grad}
    path = os.path.join(folder, "scene.yaml")
    with open(path, "w") as f:
        json.dump(scene, f)  # JSON is YAML
    run = subprocess.run([convanim, "eval", "--backward", "--no-steps", path],
                         capture_output=True, text=True)
    ours_ok = run.returncode == 0
    if ours_ok != torch_ok:
        return "disagree", {"scene": scene, "convanim": run.stderr.strip(), "torch_ok": torch_ok}
    if not ours_ok:
        return "both_refuse", None
    ours = json.loads(run.stdout)
    y.backward(torch.tensor([grad], dtype=torch.float64))
    errors = {"output": max_error(ours["output"], y.detach()[0]),
              "grad_input": max_error(ours["grad_input"], x.grad[0])}
    if w is not None:
        errors["grad_weight"] = max_error(ours["grad_weight"], w.grad)
    if b is not None:
        errors["grad_bias"] = max_error(ours["grad_bias"], b.grad)
    return "compared", {"scene": scene, "errors": errors}


def stack_layer(rng, channels):
    """A random layer of a stack taking `channels` channels (symmetric padding, as in
    nn.Sequential)."""
    while True:
        layer = random_layer(rng)
        if layer["op"] != "convolution" and any(p[0] != p[1] for p in layer["pads"]):
            continue
        if isinstance(layer["padding"], list) and len(layer["padding"]) == 4:
            continue
        if layer["op"].endswith("pooling"):
            layer["cin"] = layer["cout"] = channels
            return layer
        groups = rng.choice([g for g in (1, 2, 3) if channels % g == 0])
        layer["groups"] = groups
        layer["cin"] = channels
        layer["cout"] = groups * rng.randint(1, 2)
        return layer


def layer_scene(layer, rng):
    scene = scene_of(dict(layer, i=[1, 1]), rng)
    del scene["input"], scene["view"]
    layer["w"] = scene["kernel"].get("values")
    layer["b"] = scene["kernel"].get("bias")
    return scene


def torch_layer(layer, x, positive=False):
    """The layer in PyTorch; with `positive`, weights 1 and pooling as a window of ones, so
    that an input cell has a non-zero gradient exactly when the output depends on it."""
    w = layer.get("w")
    b = layer.get("b")
    if not positive:
        return torch_forward(layer, x, torch.tensor(w, dtype=torch.float64) if w else None,
                             torch.tensor(b, dtype=torch.float64) if b else None)
    if w is not None:
        return torch_forward(layer, x, torch.ones(torch.tensor(w).shape, dtype=torch.float64))
    out = torch_forward(layer, x.detach())
    c = x.shape[1]
    k, s, d = layer["k"], layer["s"], layer["d"]
    pads = layer["pads"]
    ones = torch.ones(c, 1, k[0], k[1], dtype=torch.float64)
    extra = [d[a] * (k[a] - 1) + 1 + s[a] for a in (0, 1)]
    padded = F.pad(x, (pads[1][0], pads[1][1] + extra[1], pads[0][0], pads[0][1] + extra[0]))
    y = F.conv2d(padded, ones, stride=tuple(s), dilation=tuple(d), groups=c)
    return y[:, :, :out.shape[2], :out.shape[3]]


def run_stack(rng, convanim, folder, depth):
    size = [rng.randint(4, 9), rng.randint(4, 9)]
    channels = rng.randint(1, 3)
    x = values(rng, [channels] + size, True)
    layers, scenes = [], []
    current = torch.tensor([x], dtype=torch.float64)
    for _ in range(depth):
        for _attempt in range(20):
            layer = stack_layer(rng, current.shape[1])
            layer["i"] = list(current.shape[2:])
            if isinstance(layer["padding"], str):  # same/same_lower depend on the input size
                layer["pads"] = [resolve_padding(layer["padding"], layer["op"], layer["i"][a],
                                                 layer["k"][a], layer["s"][a], layer["d"][a],
                                                 layer["a"][a]) for a in (0, 1)]
            scene = layer_scene(layer, rng)
            try:
                y = torch_layer(layer, current)
                if min(y.shape) < 1 or torch.isinf(y).any():
                    continue
            except (RuntimeError, ValueError):
                continue
            layers.append(layer)
            scenes.append(scene)
            current = y
            break
    if not layers:
        return None
    stack = {"input": {"size": size, "channels": channels, "values": x}, "layers": scenes}
    path = os.path.join(folder, "stack.yaml")
    with open(path, "w") as f:
        json.dump(stack, f)
    run = subprocess.run([convanim, "eval", "--receptive-field", path], capture_output=True,
                         text=True)
    if run.returncode != 0:
        return {"stack": stack, "refused": run.stderr.strip()}
    ours = json.loads(run.stdout)
    errors = {"output": 0.0, "field": 0}
    current = torch.tensor([x], dtype=torch.float64)
    for layer, theirs in zip(layers, ours["layers"]):
        current = torch_layer(layer, current)
        errors["output"] = max(errors["output"], max_error(theirs["output"], current[0]))
    # The dependency set of each output cell: non-zero gradients with positive weights.
    xin = torch.ones([1, channels] + size, dtype=torch.float64, requires_grad=True)
    out = xin
    for layer in layers:
        out = torch_layer(layer, out, positive=True)
    cells = {tuple(c["output"]): c["input"] for c in ours["receptive_field_cells"]}
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            grad, = torch.autograd.grad(out[0, :, i, j].sum(), xin, retain_graph=True)
            nonzero = (grad[0].abs().sum(0) > 0).nonzero()
            expected = [] if len(nonzero) == 0 else [
                [nonzero[:, 0].min().item(), nonzero[:, 0].max().item()],
                [nonzero[:, 1].min().item(), nonzero[:, 1].max().item()]]
            if cells.get((i, j)) != expected:
                errors["field"] += 1
    return {"stack": stack, "errors": errors, "layers": len(layers)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--convanim", default=os.path.join(here, "..", "build", "convanim"))
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tolerance", type=float, default=1e-9)
    parser.add_argument("--stacks", type=int, default=100,
                        help="random stacks of 1 to 6 layers (nn.Sequential; receptive fields)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    counts = {"compared": 0, "both_refuse": 0, "disagree": 0, "older_torch_refuses": 0}
    per_op = {op: 0 for op in OPERATIONS}
    worst = {}
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.cases):
            layer = random_layer(rng)
            outcome, detail = run_case(layer, rng, args.convanim, folder)
            counts[outcome] += 1
            if outcome == "disagree":
                failures.append(detail)
            if outcome != "compared":
                continue
            per_op[layer["op"]] += 1
            for key, err in detail["errors"].items():
                worst[key] = max(worst.get(key, 0.0), err)
                if not err <= args.tolerance:
                    failures.append({"scene": detail["scene"], "key": key, "error": err})
    print(f"torch {torch.__version__}; {args.cases} random layers (seed {args.seed}): "
          f"{counts['compared']} compared ({', '.join(f'{k} {v}' for k, v in per_op.items())}), "
          f"{counts['both_refuse']} refused by both, {counts['disagree']} accepted by one only, "
          f"{counts['older_torch_refuses']} dilated pooling paddings only this older PyTorch "
          f"refuses")
    for key, err in worst.items():
        print(f"  max abs error {key}: {err:.3g}")
    stack_failures = []
    compared = worst_output = cells_wrong = 0
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.stacks):
            result = run_stack(rng, args.convanim, folder, rng.randint(1, 6))
            if result is None:
                continue
            if "refused" in result:
                stack_failures.append(result)
                continue
            compared += 1
            worst_output = max(worst_output, result["errors"]["output"])
            cells_wrong += result["errors"]["field"]
            if result["errors"]["field"] or not result["errors"]["output"] <= args.tolerance:
                stack_failures.append(result)
    print(f"{compared} random stacks (nn.Sequential): max abs error of the layers' outputs "
          f"{worst_output:.3g}; {cells_wrong} receptive-field rectangles differ from autograd's "
          f"dependency sets; {len(stack_failures)} failures")
    failures += stack_failures
    for failure in failures[:5]:
        print("FAIL", json.dumps(failure)[:2000])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
