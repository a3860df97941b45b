#!/usr/bin/env python
"""Write the bundled sample datasets datasets/pleven, datasets/dk-social and datasets/hu-town.

Deterministic (fixed seeds): running it again rewrites the same bytes. The organizations and
the planted patterns are declared here; each dataset's README.md lists the patterns. After
building, the script checks the planted patterns and prints a short diagnosis.

    .venv/bin/python scripts/make_sample_datasets.py            # write all three
    .venv/bin/python scripts/make_sample_datasets.py --check    # build and check, write nothing
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_checks import diagnose  # noqa: E402
from sample_dk import dk_social  # noqa: E402
from sample_hu import hu_town  # noqa: E402
from sample_pleven import pleven  # noqa: E402

from stakeholder_graph.dataset.writer import write_dataset  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BUILDERS = {"pleven": pleven, "dk-social": dk_social, "hu-town": hu_town}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="build and check only")
    parser.add_argument("names", nargs="*", default=list(BUILDERS))
    args = parser.parse_args()
    for name in args.names:
        net, planted = BUILDERS[name]()
        data = net.build()
        diagnose(name, data, net.as_of, planted)
        if not args.check:
            write_dataset(data, REPO / "datasets" / name)
            print(f"wrote datasets/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
