#!/usr/bin/env python3
"""Checks `convanim schema` with a real JSON Schema validator (Debian's python3-jsonschema):
every scene of scenes/ (and tests/data/good) validates against `convanim schema`, every figure file against
`convanim schema --figure`, and files with a misspelt key, a word outside an enum, a key
the operation (layout) does not take, or a value out of range do not.

Usage: validate.py CONVANIM_BINARY SOURCE_DIR
"""
import json
import pathlib
import subprocess
import sys

import jsonschema
import yaml


def schema(binary, *args):
    out = subprocess.run([binary, "schema", *args], check=True, capture_output=True, text=True)
    result = json.loads(out.stdout)
    jsonschema.Draft202012Validator.check_schema(result)
    return jsonschema.Draft202012Validator(result)


def is_figure(text):
    return any(line.startswith(("figure:", "layout:")) for line in text.splitlines())


def main():
    binary, source = sys.argv[1], pathlib.Path(sys.argv[2])
    scene_schema = schema(binary)
    figure_schema = schema(binary, "--figure")
    failures = []
    counts = {"scene": 0, "figure": 0}
    paths = sorted((source / "scenes").rglob("*.yaml")) + sorted(
        (source / "tests" / "data" / "good").glob("*.yaml"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        kind = "figure" if is_figure(text) else "scene"
        validator = figure_schema if kind == "figure" else scene_schema
        counts[kind] += 1
        for error in validator.iter_errors(yaml.safe_load(text)):
            failures.append(f"{path}: {error.json_path}: {error.message}")

    base_scene = {"operation": "convolution", "input": {"size": 5}, "kernel": {"size": 3}}
    base_figure = {"figure": "x", "scene": "a.yaml"}
    layer = {"operation": "convolution", "kernel": {"size": 2}}
    stack = {"input": {"size": 6}, "layers": [layer]}
    must_fail = {
        "misspelt top-level key": dict(base_scene, strid=2),
        "misspelt input key": dict(base_scene, input={"size": 5, "chanels": 2}),
        "misspelt style key": dict(base_scene, style={"decimal": 2}),
        "word outside the operation enum": dict(base_scene, operation="convolutio"),
        "word outside the padding words": dict(base_scene, padding="same_upper"),
        "word outside the theme enum": dict(base_scene, style={"theme": "solarized"}),
        "a language without a catalog": dict(base_scene, style={"language": "zh-Hant"}),
        "a language tag with more after it": dict(base_scene, style={"language": "zh-Hans-CN"}),
        "missing required key": {"operation": "convolution", "input": {"size": 5}},
        "stride out of range": dict(base_scene, stride=0),
        "padding list of three": dict(base_scene, padding=[1, 1, 1]),
        "frame_duration out of range": dict(base_scene, style={"frame_duration": 0.001}),
        "cell_size between 0 and 4": dict(base_scene, style={"cell_size": 2}),
        "groups on pooling": dict(base_scene, operation="max_pooling", groups=1),
        "kernel values on pooling": dict(
            base_scene, operation="average_pooling", kernel={"size": 2, "seed": 3}),
        "output_padding on a convolution": dict(base_scene, output_padding=1),
        "view matrix on max pooling": dict(base_scene, operation="max_pooling", view="matrix"),
        "view scatter on a convolution": dict(base_scene, view="scatter"),
        "misspelt key in the bias mapping": dict(base_scene, kernel={"size": 3, "bias": {"sed": 1}}),
        "bias on pooling": dict(base_scene, operation="max_pooling", kernel={"size": 2, "bias": [1]}),
        "bias neither a list nor a mapping": dict(base_scene, kernel={"size": 3, "bias": 1}),
        "misspelt key in grad_output": dict(base_scene, grad_output={"value": [[1]]}),
        "grad_output a list": dict(base_scene, grad_output=[1]),
        "misspelt key in a layer": dict(stack, layers=[dict(layer, strid=2)]),
        "input in a layer": dict(stack, layers=[dict(layer, input={"size": 3})]),
        "layer without a kernel": dict(stack, layers=[{"operation": "convolution"}]),
        "groups on a pooling layer": dict(stack, layers=[
            {"operation": "max_pooling", "kernel": {"size": 2}, "groups": 1}]),
        "kernel values on a pooling layer": dict(stack, layers=[
            {"operation": "average_pooling", "kernel": {"size": 2, "values": [[1]]}}]),
        "an operation key at the top of a stack": dict(stack, stride=2),
        "grad_output at the top of a stack": dict(stack, grad_output={}),
        "nine layers": dict(stack, layers=[layer] * 9),
        "no layers": dict(stack, layers=[]),
        "neither layers nor an operation": {"input": {"size": 5}, "kernel": {"size": 3}},
    }
    must_fail_figure = {
        "misspelt figure key": dict(base_figure, colums=2),
        "word outside the layout enum": dict(base_figure, layout="step"),
        "panels on the default layout": dict(base_figure, panels=[{"scene": "a.yaml"}]),
        "steps on layout channels": dict(base_figure, layout="channels", steps=[0]),
        "panel view outside layout views": {
            "figure": "x", "layout": "kernel_positions",
            "panels": [{"scene": "a.yaml", "view": "matrix"}]},
        "misspelt panel key": {"figure": "x", "layout": "views", "panels": [{"scen": "a.yaml"}]},
    }
    must_pass = {
        "transposed with output_padding": dict(
            base_scene, operation="transposed_convolution", output_padding=[1, 0], stride=2),
        "average pooling counting padding": dict(
            base_scene, operation="average_pooling", count_include_pad=True, ceil_mode=True),
        "values nested three deep": dict(
            base_scene, input={"size": [1, 2], "channels": 1, "values": [[[1, 2.5]]]}),
        "cell_size 0": dict(base_scene, style={"cell_size": 0, "motion": "glide"}),
        "a language tag in any case": dict(base_scene, style={"language": "ZH-hans"}),
        "bias as a list": dict(base_scene, kernel={"size": 3, "out_channels": 2, "bias": [1, -0.5]}),
        "bias as values": dict(base_scene, kernel={"size": 3, "bias": {"values": [2]}}),
        "random bias": dict(base_scene, kernel={"size": 3, "bias": {"seed": 5, "range": [-3, 3]}}),
        "grad_output random": dict(base_scene, grad_output={}),
        "grad_output values": dict(base_scene, grad_output={"values": [[1, 2, 3], [4, 5, 6]]}),
        "a stack of eight layers with caption and style": dict(
            stack, caption="c", style={"decimals": 0}, layers=[
                dict(layer, kernel={"size": 2, "bias": {"seed": 1}}, padding="same"),
                {"operation": "max_pooling", "kernel": {"size": 2}, "ceil_mode": True},
                {"operation": "transposed_convolution", "kernel": {"size": 2},
                 "stride": 2, "output_padding": 1}] + [layer] * 5),
    }
    must_pass_figure = {
        "views with panel views": {
            "figure": "x", "layout": "views",
            "panels": [{"scene": "a.yaml", "view": "matrix", "step": 2}]},
        "steps on the default layout": dict(base_figure, steps=[0, 1], columns=2),
    }
    for validator, cases, expect_valid in ((scene_schema, must_fail, False),
                                           (figure_schema, must_fail_figure, False),
                                           (scene_schema, must_pass, True),
                                           (figure_schema, must_pass_figure, True)):
        for name, document in cases.items():
            if validator.is_valid(document) != expect_valid:
                failures.append(f"{name}: expected {'valid' if expect_valid else 'invalid'}")

    if counts["scene"] < 30 or counts["figure"] < 20:
        failures.append(f"too few files found: {counts}")
    for failure in failures:
        print(failure)
    print(f"{counts['scene']} scenes, {counts['figure']} figure files, "
          f"{len(must_fail) + len(must_fail_figure)} refused and "
          f"{len(must_pass) + len(must_pass_figure)} accepted documents checked; "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
