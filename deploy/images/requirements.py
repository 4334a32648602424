"""Print the third-party requirements of the Minqing packages (their pyproject.toml files) one a line,
leaving out the Minqing packages themselves: the image installs these in a layer of their own, so a
change of code does not reinstall every dependency. Usage: python3 requirements.py DIR..."""

import sys
import tomllib
from pathlib import Path

OWN = {"minqing-contracts", "minqing-kit", "minqing-intake", "minqing-routing", "minqing-evaluation", "minqing-notify"}


def requirements(directories):
    found = set()
    for directory in directories:
        project = tomllib.loads((Path(directory) / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        for requirement in project.get("dependencies", []):
            name = requirement.split(";")[0].split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip()
            if name.lower() not in OWN:
                found.add(requirement.strip())
    return sorted(found)


if __name__ == "__main__":
    print("\n".join(requirements(sys.argv[1:])))
