from cascade.cli import run

run("python -m cascade")
