"""A tiny template engine that compiles each template to a function and caches it by its text;
the template is one text, the user passed in the context: the cache holds one entry."""
import time

_compiled = {}


def compile_template(text):
    fn = _compiled.get(text)
    if fn is None:
        parts = text.split("{{")
        body = ["def render(ctx):", "    out = []"]
        for i, part in enumerate(parts):
            if i:
                name, _, rest = part.partition("}}")
                body.append(f"    out.append(str(ctx[{name.strip()!r}]))")
                part = rest
            body.append(f"    out.append({part!r})")
        body.append("    return ''.join(out)")
        scope = {}
        exec(compile("\n".join(body), f"<template {len(_compiled)}>", "exec"), scope)
        fn = _compiled[text] = scope["render"]
    return fn


def handle(user, i):
    text = "<h1>Hello {{name}}</h1><p>You have {{count}} new messages, {{name}}.</p>"
    return compile_template(text)({"count": i % 7, "name": user})


def serve(n):
    total = 0
    for i in range(n):
        total += len(handle(f"user{i}", i))
        if i % 500 == 0:
            time.sleep(0.01)
    return total


if __name__ == "__main__":
    print(serve(40_000))
