#!/usr/bin/env bash
# The Python package and the Spark job: builds the wheel with maturin into a
# fresh virtualenv, installs it with pyspark, runs tests/python with pytest.
# Called by .ci/run; runs alone too:  bash tests/python/run.sh
# Env: NOTESCAN_VENV (default target/py-venv), NOTESCAN_SPARK_NOTES (20000),
#      NOTESCAN_BENCH=1 also prints the throughput table (tests/python/bench.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
started=$SECONDS
venv=${NOTESCAN_VENV:-$root/target/py-venv}
python=${PYTHON:-python3}

echo "== python: virtualenv $venv"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "maturin>=1.5,<2" pytest pyarrow "pandas>=2.2,<3" pyspark
"$venv/bin/python" -c 'import sys, pyspark, pyarrow; print("python", sys.version.split()[0], "pyspark", pyspark.__version__, "pyarrow", pyarrow.__version__)'
java -version 2>&1 | head -n 1

echo "== python: the CLI and the wheel"
cargo build --release --quiet --bin notescan
rm -rf target/wheels
"$venv/bin/maturin" build --release --quiet -m bindings/python/Cargo.toml -o target/wheels
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps target/wheels/notescan-*.whl

echo "== python: pytest tests/python"
# Run from outside the source tree so `import notescan` is the installed wheel.
cd "$root/target"
set +e
"$venv/bin/python" -m pytest -s -v -p no:cacheprovider "$root/tests/python" 2>&1 \
    | grep -v -e '^[0-9][0-9]/[0-9][0-9]/[0-9][0-9] .* WARN ' -e 'SPARK_LOCAL_IP' -e "log4j2-defaults"
rc=${PIPESTATUS[0]}
set -e
cd "$root"
if [ "$rc" -eq 5 ]; then
    echo "python: pytest collected no tests" >&2
    exit 1
fi
[ "$rc" -eq 0 ] || { echo "python: pytest failed (exit $rc)" >&2; exit "$rc"; }

if [ "${NOTESCAN_BENCH:-0}" = 1 ]; then
    echo "== python: throughput"
    (cd "$root/target" && "$venv/bin/python" "$root/tests/python/bench.py")
fi
echo "python: ok in $((SECONDS - started)) s"
