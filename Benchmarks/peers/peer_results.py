"""Writes a peer's measured rows as Reports/bench/peer-*.json, the form `digits compare`'s report reads:
{"peer", "jobs", "peak_rss_mib", "models": [{"row": <digits compare row or null>, "model", "accuracy", ...}]}."""
import json
import pathlib
import resource

BENCH = pathlib.Path(__file__).resolve().parents[2] / "Reports" / "bench"


def write(path, peer, jobs, rows):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"peer": peer, "jobs": jobs, "peak_rss_mib": peak, "models": rows}
    pathlib.Path(path).write_text(json.dumps(result, indent=2) + "\n")
    print(f"peak RSS {peak:.0f} MiB; wrote {path}")
