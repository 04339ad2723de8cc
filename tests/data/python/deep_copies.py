# Keeps deep copies of a nested template: every block is allocated by copy.py (the standard
# library), 2 frames per level of nesting, 30 levels under keep(), the program's own frame.
import copy

kept = []


def nested(depth):
    return [nested(depth - 1), "x" * 100] if depth else ["leaf" * 50]


def keep(template):
    for _ in range(300):
        kept.append(copy.deepcopy(template))


keep(nested(30))
