"""Train, then prove and measure: a one-hidden-layer network learns x1*x2*x3, then noflat says how
far it is from the product, exactly and with guarantees.

Usage: PYTHONPATH=build/python /usr/bin/python3 examples/train_product_gate.py [OUT.png]

For a tanh and a sigmoid network (3 inputs, 8 hidden neurons, the paper's minimum 2^n for an
exact gate), trained with PyTorch for a few seconds on [-1,1]^3:
  - the Taylor residuals at 0 (noflat.rank_check): how far the expansion is from (A2)/(A3);
  - the worst-case error on the cube: PyTorch's sampled maximum against noflat's certified
    enclosure lower <= max |f - x1x2x3| <= upper (noflat.certify_approx);
  - the certified rank of A (A7);
and a PNG of the error f - x1x2x3 on the slice x3 = 1 (gnuplot).
"""
import subprocess
import sys
import tempfile

import torch

import noflat

OUT = sys.argv[1] if len(sys.argv) > 1 else "product_gate_error.png"


def train(activation, seed=0, steps=1500):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(3, 8), activation, torch.nn.Linear(8, 1))
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    for _ in range(steps):
        x = torch.rand(256, 3) * 2 - 1
        loss = ((model(x)[:, 0] - x.prod(dim=1)) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def sampled_error(model, points=100000, seed=1):
    torch.manual_seed(seed)
    x = torch.rand(points, 3) * 2 - 1
    with torch.no_grad():
        return (model(x)[:, 0] - x.prod(dim=1)).abs().max().item()


def plot(model, path):
    grid = torch.linspace(-1, 1, 41)
    with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as data:
        for u in grid:
            for v in grid:
                x = torch.tensor([[u, v, 1.0]])
                with torch.no_grad():
                    data.write(f"{u:.4f} {v:.4f} {model(x)[0, 0].item() - u * v:.6f}\n")
            data.write("\n")
    script = (f"set terminal png size 640,480; set output '{path}'; set view map; set xlabel 'x1'; "
              f"set ylabel 'x2'; set title 'f(x) - x1 x2 x3 at x3 = 1 (tanh network)'; "
              f"splot '{data.name}' using 1:2:3 with pm3d notitle")
    subprocess.run(["gnuplot", "-e", script], check=True)


print(f"{'activation':<10} {'max residual':>13} {'sampled max':>12} {'certified enclosure':>27} {'rank A':>7}")
for name, activation in (("tanh", torch.nn.Tanh()), ("sigmoid", torch.nn.Sigmoid())):
    model = train(activation)
    taylor = noflat.rank_check(model)
    worst = noflat.certify_approx(model, box=(-1, 1), gap=0.05)
    sampled = sampled_error(model)
    assert sampled <= worst.upper, "a sampled error above the certified bound"
    print(f"{name:<10} {taylor.max_residual:13.3g} {sampled:12.4f} "
          f"{worst.lower:12.4f} <= E* <= {worst.upper:.4f} {taylor.rank:>4}/{2 ** 3}")
    if name == "tanh":
        plot(model, OUT)
print(f"the certified maximum is never below the sampled one; error slice written to {OUT}")
