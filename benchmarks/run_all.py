"""Run every benchmark script in this folder, one after the other; exit non-zero if any target is missed."""
import subprocess
import sys
from pathlib import Path

here = Path(__file__).parent
failed = []
for script in sorted(here.glob("bench_*.py")):
    print(f"== {script.name}", flush=True)
    if subprocess.call([sys.executable, str(script)]) != 0:
        failed.append(script.name)
print("all targets met" if not failed else f"targets missed in: {', '.join(failed)}")
sys.exit(1 if failed else 0)
