"""Exports the paper's n = 3 product gate, tanh version, as PyTorch users have
it: an ONNX file (torch.onnx.export) and a state_dict JSON (json.dump).

Usage: /usr/bin/python3 examples/export_gate.py PREFIX   (writes PREFIX.onnx and PREFIX.json)

tanh is odd, so the 2^n neurons of (A4) pair up (S and its complement give
the same term): the 4 neurons with a_1j = +1 and w_j = -(-1)^|S_j| / 8, where
S_j is the set of inputs with a_ij = -1, compute x1 x2 x3 in the limit (A2).
"""
import itertools
import json
import sys

import torch

prefix = sys.argv[1]
rows = [(1,) + r for r in itertools.product([1, -1], repeat=2)]
model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
with torch.no_grad():
    model[0].weight.copy_(torch.tensor(rows, dtype=torch.float32))
    model[0].bias.zero_()
    model[2].weight.copy_(torch.tensor([[-(-1) ** r.count(-1) / 8 for r in rows]]))
    model[2].bias.zero_()
torch.onnx.export(model, torch.zeros(1, 3), prefix + ".onnx")
with open(prefix + ".json", "w") as f:
    json.dump({k: v.tolist() for k, v in model.state_dict().items()}, f)
print(f"wrote {prefix}.onnx and {prefix}.json")
