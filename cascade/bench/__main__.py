"""`python -m cascade.bench`: run the benchmark (see cascade/bench/run.py)."""
from .run import main

raise SystemExit(main())
