#!/usr/bin/env bash
# The second leg of CI: the build, release, command and language tests under ProperDocs, the
# maintained fork of MkDocs 1.6, in a virtualenv of its own without MkDocs.
# Usage: bash tests/run_properdocs.sh [more pytest options]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv-properdocs/bin/python ]; then
  python3 -m venv .venv-properdocs
fi
# The project's own dependencies, read from pyproject.toml so this list cannot fall behind,
# with ProperDocs in place of MkDocs.
mapfile -t runtime_deps < <(.venv-properdocs/bin/python - <<'PY'
import re, tomllib
for dep in tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]:
    if re.split(r"[\s<>=!~\[;]", dep, maxsplit=1)[0].lower() != "mkdocs":
        print(dep)
PY
)
.venv-properdocs/bin/python -m pip install --quiet --disable-pip-version-check \
  properdocs "${runtime_deps[@]}" pytest pillow
.venv-properdocs/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
if .venv-properdocs/bin/python -c "import importlib.util as u; exit(u.find_spec('mkdocs') is None)"; then
  echo "MkDocs is installed in .venv-properdocs: this leg would not test ProperDocs" >&2
  exit 1
fi

exec .venv-properdocs/bin/python -m pytest -p no:cacheprovider "$@" \
  tests/test_build.py tests/test_release.py tests/test_hardening.py tests/test_mkdocs_api.py \
  tests/test_cli.py tests/test_file_copy.py tests/test_i18n.py tests/test_output.py
