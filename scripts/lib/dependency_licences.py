#!/usr/bin/env python3
"""Checks every crate in Cargo.lock: its licence must allow distribution with
Roots (AGPL-3.0-or-later) and it must come from crates.io or this workspace.

A stand-in for `cargo deny check licenses sources`: cargo-deny is not
packaged for this machine's registries in a version that reads today's
`cargo metadata`, and building it takes longer than the rest of the test
command. Advisories (RustSec) need that database, which this machine cannot
fetch; see docs/security.md.

Run from the repository root: python3 scripts/lib/dependency_licences.py
Exit 1 and one line per problem when anything fails.
"""
import json
import re
import subprocess
import sys

# Licences compatible with distribution under the AGPL (SPDX ids).
ALLOWED = {
    "AGPL-3.0-or-later", "Apache-2.0", "MIT", "MIT-0", "BSD-2-Clause",
    "BSD-3-Clause", "ISC", "Zlib", "Unicode-3.0", "Unicode-DFS-2016",
    "Unlicense", "CC0-1.0", "BSL-1.0", "MPL-2.0", "LGPL-2.1-or-later",
    # A permissive licence for data: Mozilla's root certificates
    # (webpki-root-certs, which rustls-platform-verifier uses on platforms
    # without their own store).
    "CDLA-Permissive-2.0",
}
CRATES_IO = "registry+https://github.com/rust-lang/crates.io-index"


def allowed(expr: str) -> bool:
    """Evaluates an SPDX expression (OR, AND, WITH, parentheses; the old
    "/" spelling of OR) against ALLOWED."""
    tokens = re.findall(r"\(|\)|[A-Za-z0-9.\-+]+|/", expr.replace("/", " OR "))
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def primary():
        if peek() == "(":
            take()
            v = disjunction()
            if take() != ")":
                raise ValueError(expr)
            return v
        lic = take()
        if peek() == "WITH":
            take()
            take()  # an exception only ever widens what is allowed
        return lic in ALLOWED

    def conjunction():
        v = primary()
        while peek() == "AND":
            take()
            v = primary() and v
        return v

    def disjunction():
        v = conjunction()
        while peek() == "OR":
            take()
            v = conjunction() or v
        return v

    result = disjunction()
    if pos != len(tokens):
        raise ValueError(expr)
    return result


def main() -> int:
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1", "--locked"]))
    problems = []
    for p in meta["packages"]:
        name = f"{p['name']} {p['version']}"
        source = p.get("source")
        if source is not None and source != CRATES_IO:
            problems.append(f"{name}: comes from {source}, not crates.io")
        lic = p.get("license")
        if not lic:
            problems.append(f"{name}: declares no SPDX licence")
            continue
        try:
            ok = allowed(lic)
        except (ValueError, IndexError):
            ok = False
        if not ok:
            problems.append(f"{name}: licence {lic!r} is not on the allowed list")
    for line in problems:
        print(line)
    print(f"{len(meta['packages'])} crates checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    assert allowed("MIT OR Apache-2.0") and allowed("(MIT OR Apache-2.0) AND Unicode-3.0")
    assert allowed("Apache-2.0 WITH LLVM-exception OR MIT") and allowed("MIT/Apache-2.0")
    assert not allowed("GPL-2.0-only") and not allowed("MIT AND SSPL-1.0")
    sys.exit(main())
