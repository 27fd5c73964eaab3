"""Sheet benchmark: seconds to write 10,000 stamps as a PDF and as PNG files.

.venv/bin/python bench/sheet.py [--count N] [--out DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stamps.keys import StampKeyring, generate_key
from stamps.payload import make_stamp_url
from stamps.serial import format_serial
from stamps.sheet import StampLabel, write_pdf, write_pngs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="ocop-sheet-"))
    ring = StampKeyring((generate_key(),))
    start = time.perf_counter()
    labels = [
        StampLabel(
            format_serial(n),
            make_stamp_url("https://ocop.hatinh.gov.vn", ring, n),
            "Nước mắm Cửa Hội truyền thống loại đặc biệt",
            "Cơ sở chế biến nước mắm Phúc Lợi, xã Cẩm Nhượng",
            4,
        )
        for n in range(1, args.count + 1)
    ]
    made = time.perf_counter() - start
    start = time.perf_counter()
    pdf = write_pdf(labels, out / "stamps.pdf")
    pdf_s = time.perf_counter() - start
    start = time.perf_counter()
    pngs = write_pngs(labels, out / "png")
    png_s = time.perf_counter() - start
    size_mb = (out / "stamps.pdf").stat().st_size / 1e6
    print("| output | stamps | seconds | detail |")
    print("| --- | ---: | ---: | --- |")
    print(f"| signing + URLs | {args.count} | {made:.2f} | |")
    print(f"| PDF (A4) | {pdf.labels} | {pdf_s:.1f} | {pdf.pages} pages, {size_mb:.1f} MB |")
    print(f"| PNG files | {len(pngs)} | {png_s:.1f} | 300 dpi, 1 bit |")
    if args.out is None:
        shutil.rmtree(out)


if __name__ == "__main__":
    main()
