"""Run the simulation at full size and print the figures docs/evidence.md quotes."""

from django.core.management.base import BaseCommand

from evidence import simulate

SCENARIOS = [
    ("level", 2.0, "planted effect 2, adoption likelier where the level is high"),
    ("level", 0.0, "no effect"),
    ("dip", 0.0, "no effect, adoption after a bad year (Ashenfelter's dip)"),
]


class Command(BaseCommand):
    help = (
        "Simulate Kolada-shaped panels and print bias, coverage, false positives, pre-trend flags."
    )

    def add_arguments(self, parser):
        parser.add_argument("--panels", type=int, default=500)
        parser.add_argument("--adopters", type=int, default=30)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, panels, adopters, seed, **options):
        for n, (scenario, effect, label) in enumerate(SCENARIOS):
            self.stdout.write(f"# {label}")
            figures = simulate.run(
                panels=panels, effect=effect, scenario=scenario, seed=seed + n, adopters=adopters
            )
            for line in figures.lines():
                self.stdout.write(line)
