"""Side-by-side benchmarks of twilio-jwt against named baselines.

Run ``nox -s bench`` (or ``python -m benchmarks`` from the repository root with
everything installed, ``twilio`` included). Every case measures ours and its baseline
in the same process (or, for start-up and plugin loading, in fresh subprocesses
launched by the same parent), interleaved round by round so that a noisy machine
slows both sides alike. The run prints one table, writes it as JSON to
``benchmarks/results/latest.json`` (and to ``--json PATH``) and exits non-zero when a
target is missed. The test suite never asserts a time; this is where speed is checked.
"""
