"""Checks a macOS extension built here, where no Mac can load it (scripts/wheels.sh,
scripts/npm-packages.sh).

Usage: macho_check.py LLVM_BIN LIBRARY ARCH MINOS ENTRY HOST_PREFIX...

What a Mac would refuse, or what would fail only there, checked from the file:
- a 64-bit Mach-O dylib for ARCH (arm64 or x86_64), declaring macOS and MINOS
  (LC_BUILD_VERSION, or LC_VERSION_MIN_MACOSX before 10.14);
- loading only what every macOS has: libSystem, libiconv, libcharset and the
  CoreFoundation framework, at their system paths;
- ENTRY exported (the symbol the host calls: PyInit__native, napi_register_module_v1);
- every symbol looked up at load time with no library named (`-undefined
  dynamic_lookup`, how an extension reaches its host) starting with one of
  HOST_PREFIX — so a system symbol missing from the link stubs
  (scripts/macos-stubs) cannot slip through as a lookup that fails on the Mac;
- on arm64, an ad-hoc code signature whose page hashes match the file: Apple
  silicon refuses to map unsigned or altered code, so a step that changes the
  file after the linker signed it must sign it again (Intel Macs ask for none;
  a signature there is checked all the same).
"""

import hashlib
import re
import struct
import subprocess
import sys

CPU = {"arm64": 0x0100000C, "x86_64": 0x01000007}
SYSTEM_LIBRARIES = {
    "/usr/lib/libSystem.B.dylib",
    "/usr/lib/libiconv.2.dylib",
    "/usr/lib/libcharset.1.dylib",
    "/System/Library/Frameworks/CoreFoundation.framework/Versions/A/CoreFoundation",
}
LC_LOAD_DYLIB, LC_CODE_SIGNATURE, LC_VERSION_MIN_MACOSX, LC_BUILD_VERSION = 0x0C, 0x1D, 0x24, 0x32
PLATFORM_MACOS = 1
CS_SUPERBLOB, CS_CODEDIRECTORY, CS_HASHTYPE_SHA256 = 0xFADE0CC0, 0xFADE0C02, 2


def fail(message: str) -> None:
    sys.exit(f"{sys.argv[2]}: {message}")


def version(packed: int) -> str:
    return f"{packed >> 16}.{(packed >> 8) & 0xFF}"


def load_commands(data: bytes, arch: str):
    magic, cputype, _, filetype, ncmds, _, _, _ = struct.unpack_from("<IiiIIIII", data)
    if magic != 0xFEEDFACF:
        fail("not a 64-bit Mach-O file")
    if cputype != CPU[arch]:
        fail(f"CPU type {cputype:#x}, not {arch}")
    if filetype != 6:
        fail(f"file type {filetype}, not a dylib")
    offset = 32
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", data, offset)
        yield cmd, offset
        offset += size


def check_signature(data: bytes, dataoff: int) -> int:
    """The CodeDirectory's page hashes against the file's pages; returns the page count."""
    magic, _, count = struct.unpack_from(">III", data, dataoff)
    if magic != CS_SUPERBLOB:
        fail("code signature is not a SuperBlob")
    for index in range(count):
        _, blob = struct.unpack_from(">II", data, dataoff + 12 + 8 * index)
        start = dataoff + blob
        if struct.unpack_from(">I", data, start)[0] != CS_CODEDIRECTORY:
            continue
        (hash_offset, _, _, n_code_slots, code_limit, hash_size, hash_type, _, page_shift) = struct.unpack_from(
            ">IIIIIBBBB", data, start + 16
        )
        if hash_type != CS_HASHTYPE_SHA256 or hash_size != 32:
            fail(f"code directory hash type {hash_type}, not SHA-256")
        if code_limit != dataoff:
            fail(f"signature covers {code_limit} bytes, the signature starts at {dataoff}")
        page = 1 << page_shift
        for slot in range(n_code_slots):
            expected = data[start + hash_offset + 32 * slot : start + hash_offset + 32 * (slot + 1)]
            actual = hashlib.sha256(data[slot * page : min((slot + 1) * page, code_limit)]).digest()
            if expected != actual:
                fail(f"code signature does not match page {slot}: the file changed after signing")
        if n_code_slots * page < code_limit:
            fail("code signature leaves pages unhashed")
        return n_code_slots
    fail("code signature has no code directory")


def main() -> None:
    llvm_bin, library, arch, minos, entry, *host_prefixes = sys.argv[1:]
    data = open(library, "rb").read()
    libraries, platform, pages = [], None, None
    for cmd, offset in load_commands(data, arch):
        if cmd == LC_LOAD_DYLIB:
            name_offset = struct.unpack_from("<I", data, offset + 8)[0]
            name = data[offset + name_offset :].split(b"\0", 1)[0].decode()
            libraries.append(name)
        elif cmd == LC_BUILD_VERSION:
            platform = struct.unpack_from("<II", data, offset + 8)
        elif cmd == LC_VERSION_MIN_MACOSX:
            # What linkers write for a deployment target before macOS 10.14.
            platform = (PLATFORM_MACOS, struct.unpack_from("<I", data, offset + 8)[0])
        elif cmd == LC_CODE_SIGNATURE:
            pages = check_signature(data, struct.unpack_from("<I", data, offset + 8)[0])
    if platform is None or platform[0] != PLATFORM_MACOS:
        fail(f"declares platform {platform}, not macOS")
    if version(platform[1]) != minos:
        fail(f"declares macOS {version(platform[1])} as its minimum, not {minos}")
    if unexpected := [name for name in libraries if name not in SYSTEM_LIBRARIES]:
        fail(f"loads {unexpected}")
    if pages is None and arch == "arm64":
        fail("not signed (Apple silicon refuses unsigned code)")

    exports = subprocess.run(
        [f"{llvm_bin}/llvm-objdump", "--macho", "--exports-trie", library], check=True, capture_output=True, text=True
    ).stdout
    if not re.search(rf"\s_{re.escape(entry)}$", exports, re.M):
        fail(f"{entry} not exported")
    undefined = subprocess.run(
        [f"{llvm_bin}/llvm-nm", "-m", "--undefined-only", library], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    # llvm-nm names the library a two-level symbol comes from; the rest are looked up.
    looked_up = [line.split()[-1] for line in undefined if "(from " not in line]
    if strays := [s for s in looked_up if not s.lstrip("_").startswith(tuple(host_prefixes))]:
        fail(f"looked up at load time with no library named: {strays[:10]}")
    print(
        f"{arch}, macOS {minos}+, loads {' '.join(sorted(n.rsplit('/', 1)[-1] for n in libraries))}, "
        f"{entry} exported, {len(looked_up)} symbols from the host, "
        + (f"signature matches {pages} pages" if pages else "unsigned")
    )


if __name__ == "__main__":
    main()
