"""Timing benchmark: what the window pays to say when a campaign whose send windows are
read in each recipient's zone sends, on a campaign of N queued messages (default
200,000) to contacts in five zones.

Run: ``.venv/bin/python -m tests.benchmarks.bench_timing [--messages N]``.
Figures, each the median of three, with the load average: the GROUP BY over every
unsent snapshot (``read_unsent_zone_counts``), the same asked again while nothing
changed (``unsent_zone_counts`` keeps it), the campaigns list and the Queue page's
waiting campaigns with it kept, and the campaign progress the page reads every second
anyway (the baseline of the ratios). Never asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

ZONES = ["Asia/Tokyo", "America/New_York", "Europe/Rome", "America/Los_Angeles", ""]


def median_seconds(fn: Callable[..., Any], *args: Any) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200_000)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="staffetta-bench-timing-"))
    os.environ["STAFFETTA_DATA_DIR"] = str(workdir)

    from core.audience import policy
    from core.campaigns import DraftSettings, save_draft, start_campaign
    from core.db import open_database
    from core.importer import import_contacts
    from core.ops import audience as audience_ops
    from core.ops import campaigns as campaign_ops
    from core.profiles import ProfileSettings, save_profile
    from core.templates import save_template

    open_database(str(workdir / "bench.db"))
    csv = workdir / "people.csv"
    with csv.open("w", encoding="utf-8") as fh:
        fh.write("email,first_name,time_zone\n")
        for i in range(args.messages):
            fh.write(f"p{i:07d}@example.com,P{i},{ZONES[i % len(ZONES)]}\n")
    import_contacts(csv, "Everyone")
    save_template("T", subject="Hi {{ first_name }}",
                  html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')  # fmt: skip
    save_profile("P", ProfileSettings(host="127.0.0.1", port=25, security="none"))
    campaign = save_draft("Morning", DraftSettings(
        "Everyone", "T", "P", "shop@example.com", unsubscribe_url="https://example.com/u",
        windows=["mon-fri 09:00-10:00"], time_zone="Europe/Rome",
        recipient_zone_field="time_zone",
    ))  # fmt: skip
    start_campaign(campaign)

    rows = [
        ("campaign progress (read every second; baseline)",
         median_seconds(campaign_ops.campaign_progress, campaign.id)),
        ("GROUP BY over every unsent snapshot",
         median_seconds(policy.read_unsent_zone_counts, campaign.id, "time_zone")),
    ]  # fmt: skip
    policy.unsent_zone_counts(campaign.id, "time_zone")  # read once, then kept
    rows += [
        ("the same asked again, nothing changed (kept)",
         median_seconds(policy.unsent_zone_counts, campaign.id, "time_zone")),
        ("campaigns list (kept)", median_seconds(campaign_ops.list_campaigns)),
        ("Queue page's waiting campaigns (kept)",
         median_seconds(audience_ops.waiting_campaigns)),
    ]  # fmt: skip
    base = rows[0][1]
    print(f"{args.messages:,} queued messages in 5 zones; load {os.getloadavg()[0]:.1f}")
    print(f"{'':52} {'seconds':>9} {'× progress':>11}")
    for label, seconds in rows:
        print(f"{label:52} {seconds:9.3f} {seconds / base:11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
