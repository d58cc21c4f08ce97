#!/usr/bin/env python3
"""Reads a PNG (8-bit grey, RGB, RGBA; no interlace) with zlib only and
prints, for N horizontal bands of equal height, the share of pixels that
differ from the background (the top-left pixel) by more than 24 levels in
any channel, as JSON: {"width":W,"height":H,"bands":[...]}. Used by the
report tests to check that a screenshot is not blank anywhere down the page.
Usage: png_bands.py FILE.png [N]"""
import json, struct, sys, zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace or ctype not in (0, 2, 6):
                raise SystemExit(f"{path}: unsupported PNG (depth {depth}, type {ctype}, interlace {interlace})")
            bpp = {0: 1, 2: 3, 6: 4}[ctype]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    path, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    w, h, bpp, rows = decode(path)
    bg = rows[0][:min(bpp, 3)]
    bands = []
    for k in range(n):
        y0, y1 = k * h // n, (k + 1) * h // n
        diff = total = 0
        for y in range(y0, y1, 2):  # every other row: enough, and twice as fast
            r = rows[y]
            for x in range(0, w * bpp, bpp * 2):
                total += 1
                if any(abs(r[x + j] - bg[j]) > 24 for j in range(len(bg))):
                    diff += 1
        bands.append(round(diff / total, 5) if total else 0)
    print(json.dumps({"width": w, "height": h, "bands": bands}))


if __name__ == "__main__":
    main()
