"""Writes an XCFramework's Info.plist and checks every slice (scripts/xcframework.sh).

Usage: xcframework.py FRAMEWORK LLVM_BIN SLICE...
where each SLICE is `identifier:platform:variant:rust-target rust-target...`.

The Info.plist is the one `xcodebuild -create-xcframework` writes. Each slice's
library is checked with LLVM's own tools: its architectures are the slice's;
every object in it declares the slice's platform (iOS, the iOS simulator or
macOS) and the minimum OS Package.swift declares; and every function the C
header declares is defined for every architecture, so an app's link cannot
fail on a missing symbol.
"""

import plistlib
import re
import subprocess
import sys
from pathlib import Path

# The platform each slice's objects must declare (LC_BUILD_VERSION, as llvm-objdump
# names it), and the older load command Rust's prebuilt standard library uses instead.
PLATFORM = {("ios", ""): "ios", ("ios", "simulator"): "iossimulator", ("macos", ""): "macos"}
VERSION_MIN = {"ios": "LC_VERSION_MIN_IPHONEOS", "macos": "LC_VERSION_MIN_MACOSX"}
MINIMUM = {"ios": "15.0", "macos": "12.0"}
ARCH = {"aarch64": "arm64", "x86_64": "x86_64"}


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def check(framework: Path, llvm_bin: str, slice_spec: str, declared: set) -> dict:
    identifier, platform, variant, targets = slice_spec.split(":")
    library = framework / identifier / "libseamline_ffi.a"
    archs = sorted(ARCH[t.split("-")[0]] for t in targets.split())
    # Every object's Mach-O header, in every architecture of a fat archive.
    headers = run(f"{llvm_bin}/llvm-objdump", "--macho", "--private-header", "--arch=all", str(library))
    cputypes = set(re.findall(r"^MH_MAGIC_64\s+(\S+)", headers, re.M))
    found = sorted({"ARM64": "arm64", "X86_64": "x86_64"}.get(c, c) for c in cputypes)
    if found != archs:
        sys.exit(f"{identifier}: architectures {found}, expected {archs}")
    for arch in archs:
        headers = run(f"{llvm_bin}/llvm-objdump", "--macho", "--private-headers", f"--arch={arch}", str(library))
        platforms = set(re.findall(r"^\s*platform (\w+)$", headers, re.M))
        minimums = set(re.findall(r"^\s*minos ([\d.]+)$", headers, re.M))
        older = set(re.findall(r"^\s*cmd (LC_VERSION_MIN_\w+)$", headers, re.M))
        minimums |= set(re.findall(r"^\s*version ([\d.]+)$", headers, re.M))
        if platforms != {PLATFORM[(platform, variant)]} or not older <= {VERSION_MIN[platform]}:
            sys.exit(f"{identifier} {arch}: objects declare platforms {platforms} and {older}")
        # Our objects carry the manifest's minimum; the prebuilt std's an older one.
        newest = max(minimums, key=lambda v: tuple(map(int, v.split("."))))
        if newest != MINIMUM[platform]:
            sys.exit(f"{identifier} {arch}: objects declare minimum OS {sorted(minimums)}, expected {MINIMUM[platform]}")
        symbols = run(f"{llvm_bin}/llvm-nm", "--defined-only", "--extern-only", f"--arch={arch}", str(library))
        defined = {line.split()[-1].lstrip("_") for line in symbols.splitlines() if line.count(" ") >= 2}
        missing = sorted(declared - defined)
        if missing:
            sys.exit(f"{identifier} {arch}: {len(missing)} declared functions not defined, e.g. {missing[:3]}")
    size = library.stat().st_size / 2**20
    print(f"  {identifier}: {' + '.join(archs)}, platform {PLATFORM[(platform, variant)]} "
          f"{MINIMUM[platform]}+, all {len(declared)} declared functions defined, {size:.1f} MiB")
    entry = {
        "BinaryPath": "libseamline_ffi.a",
        "HeadersPath": "Headers",
        "LibraryIdentifier": identifier,
        "LibraryPath": "libseamline_ffi.a",
        "SupportedArchitectures": archs,
        "SupportedPlatform": platform,
    }
    if variant:
        entry["SupportedPlatformVariant"] = variant
    return entry


def main() -> None:
    framework, llvm_bin, *slices = sys.argv[1:]
    framework = Path(framework)
    header = (framework / slices[0].split(":")[0] / "Headers" / "SeamlineFFI.h").read_text()
    declared = set(re.findall(r"\b((?:uniffi|ffi)_seamline_ffi_\w+)\s*\(", header))
    if len(declared) < 100:
        sys.exit(f"the header declares only {len(declared)} functions")
    entries = [check(framework, llvm_bin, s, declared) for s in slices]
    info = {
        "AvailableLibraries": entries,
        "CFBundlePackageType": "XFWK",
        "XCFrameworkFormatVersion": "1.0",
    }
    with open(framework / "Info.plist", "wb") as f:
        plistlib.dump(info, f, sort_keys=True)


if __name__ == "__main__":
    main()
