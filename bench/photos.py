"""What photographs cost and save: `python -m bench.photos [--photos 200] [--articles 1000]
[--spare 0] [--newsgen CHECKOUT]`.

Builds the benchmark corpus twice in /dev/shm: as it is, and with `--photos` of its articles
given a camera's photograph (4000 x 3000 JPEG, quality 92, with EXIF: camera, serial number,
GPS), made here with Pillow at run time (no image is kept in the repository); `--spare` more
photographs lie beside the articles with no page showing them, as the other frames of a
shoot do. `--newsgen` builds with the newsgen of another checkout (an older commit, to
compare). It prints what the photographs add to a cold build and to a rebuild after one body
is edited, and the bytes of images a phone 390 CSS pixels wide downloads, scrolling through
the home page and an article page: as newsgen published photographs before (each page loaded
the file as it was given) and now (the variant its `srcset` and `sizes` make a browser
choose, AVIF first), at 1, 2 and 3 device pixels per CSS pixel.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import resource
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.corpus import generate
from bench.run import SCRATCH, edit, newsgen

PHONE = 390  # CSS pixels
REM = 16


def camera_photo(seed: int, size: tuple[int, int] = (4000, 3000)) -> bytes:
    """A photograph's bytes as a camera writes them: large shapes, gradients and sensor
    noise, at quality 92, with the EXIF a newsroom must not publish."""
    from PIL import ExifTags, Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    small = Image.linear_gradient("L").resize((400, 300)).convert("RGB")
    draw = ImageDraw.Draw(small)
    for _ in range(40):
        x, y = rng.randrange(400), rng.randrange(300)
        radius = rng.randrange(10, 120)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    image = small.filter(ImageFilter.GaussianBlur(6)).resize(size, Image.Resampling.BICUBIC)
    noise = Image.effect_noise(size, 18).convert("RGB")
    image = Image.blend(image, noise, 0.08)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Benchcam"
    exif[ExifTags.Base.Model] = "B1"
    exif[ExifTags.Base.Orientation] = 1
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = f"SN{seed:08d}"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 33.0, float(seed % 60))
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (126.0, 58.0, 40.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def _write_photo(job: tuple[int, str]) -> None:
    """Each seed's photograph made once, then copied: alternating runs make none again."""
    seed, path = job
    kept = SCRATCH / "newsgen-photos-made" / f"{seed}.jpg"
    if not kept.exists():
        kept.parent.mkdir(exist_ok=True)
        temporary = kept.with_suffix(f".{os.getpid()}.part")
        temporary.write_bytes(camera_photo(seed))
        temporary.replace(kept)
    shutil.copyfile(kept, path)


def with_photos(source: Path, site: Path, photos: int, spare: int = 0) -> list[str]:
    """A copy of `source` where the first `photos` articles with an image show a photograph
    instead, and `spare` more lie beside them that no page shows; their sources."""
    shutil.copytree(source, site, ignore=shutil.ignore_patterns("output", ".newsgen"))
    stories = sorted((site / "content").rglob("story-*.md"), key=lambda p: int(p.stem[6:]))
    jobs, changed = [], []
    for story in stories:
        if len(jobs) == photos:
            break
        text = story.read_text(encoding="utf-8")
        number = story.stem[6:]
        if f"image: {{src: img-{number}.png" not in text:
            continue
        story.write_text(text.replace(f"img-{number}.png", f"photo-{number}.jpg", 1), "utf-8")
        jobs.append((int(number), str(story.parent / f"photo-{number}.jpg")))
        changed.append(story.relative_to(site / "content").as_posix())
    for n, (seed, path) in enumerate(list(jobs[:spare])):
        jobs.append((100_000 + seed, path.replace(".jpg", f"-spare-{n}.jpg")))
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(_write_photo, jobs))
    return changed


def cold_and_edit(site: Path, repeat: int) -> tuple[float, float]:
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".newsgen", ignore_errors=True)
    before = _cpu_seconds()
    cold = newsgen(site).seconds
    print(f"  cold build of {site.name}: {cold:.1f} s, {_cpu_seconds() - before:.1f} s of CPU")
    story = next((site / "content").rglob("story-7.md"))
    edits = []
    for n in range(repeat):
        edit(story, "\n\n", f"\n\nAn added sentence {n}.\n\n")
        edits.append(newsgen(site).seconds)
    return cold, sorted(edits)[len(edits) // 2]


def _cpu_seconds() -> float:
    """CPU time of the builds run so far, workers included: unlike the time on the clock,
    it does not grow when other work shares the cores."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _length(value: str, viewport: int) -> float:
    value = value.strip()
    if value.startswith("calc(100vw - ") and value.endswith("rem)"):
        return viewport - float(value[13:-4]) * REM
    if value.endswith("rem"):
        return float(value[:-3]) * REM
    if value.endswith("vw"):
        return viewport * float(value[:-2]) / 100
    return float(value.removesuffix("px"))


def slot(sizes: str, viewport: int) -> float:
    """How wide `sizes` says an image is shown in a `viewport` CSS pixels wide."""
    for entry in sizes.split(","):
        found = re.match(r"\s*\(min-width:\s*([\d.]+)rem\)\s*(.+)", entry)
        if found is None:
            return _length(entry, viewport)
        if viewport >= float(found.group(1)) * REM:
            return _length(found.group(2), viewport)
    return viewport


def chosen(srcset: str, width: float) -> str:
    """The candidate a browser takes: the narrowest at least `width` wide, else the widest."""
    candidates = sorted((int(w[:-1]), url) for url, w in (c.split() for c in srcset.split(",")))
    return next((url for w, url in candidates if w >= width), candidates[-1][1])


def page_bytes(output: Path, page: str, dpr: int, source: Path | None) -> int:
    """The bytes of the images on a page a phone loads scrolling through it: the variant it
    chooses; with `source`, the file each <img> named before (as it was given)."""
    html = (output / page / "index.html").read_text(encoding="utf-8")
    total = 0
    for picture in re.findall(r"<picture>.*?</picture>|<img [^>]*>", html, re.S):
        img = re.search(r'<img [^>]*src="([^"]+)"', picture)
        assert img is not None
        if source is not None or "<source" not in picture:
            origin = source if source is not None else output
            total += (origin / img.group(1).lstrip("/")).stat().st_size
            continue
        best = dict(re.findall(r'(\w+)="([^"]*)"', picture.split("<source", 2)[1]))
        url = chosen(best["srcset"], slot(best["sizes"], PHONE) * dpr)
        total += (output / url.lstrip("/")).stat().st_size
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="one-edit rebuilds (median)")
    parser.add_argument("--spare", type=int, default=0, help="photographs no page shows")
    parser.add_argument("--newsgen", type=Path, help="build with this checkout's newsgen")
    args = parser.parse_args()
    if args.newsgen:  # the builds run `python -m newsgen`: this checkout's, first on the path
        os.environ["PYTHONPATH"] = str(args.newsgen.resolve())
    plain = SCRATCH / f"newsgen-photos-{args.articles}-plain"
    shutil.rmtree(plain, ignore_errors=True)
    generate(args.articles, plain)
    site = SCRATCH / f"newsgen-photos-{args.articles}-{args.photos}"
    shutil.rmtree(site, ignore_errors=True)
    changed = with_photos(plain, site, args.photos, args.spare)
    megabytes = sum(p.stat().st_size for p in (site / "content").rglob("photo-*.jpg")) / 2**20
    print(f"{len(changed)} photographs shown, {args.spare} more beside them, {megabytes:.0f} MB")
    base_cold, base_edit = cold_and_edit(plain, args.repeat)
    cold, one_edit = cold_and_edit(site, args.repeat)
    print(f"cold build: {base_cold:.1f} s without them, {cold:.1f} s with them")
    print(f"one body edited: {base_edit:.2f} s without them, {one_edit:.2f} s with them")
    made = [p for p in (site / ".newsgen/cache/images").rglob("*") if p.is_file()]
    made_mb = sum(p.stat().st_size for p in made) / 2**20
    print(f"files made of the photographs: {len(made)}, {made_mb:.0f} MB")
    output = site / "output"
    stem = Path(changed[0]).stem  # its page is at .../story-N/
    found = next(output.rglob(f"{stem}/index.html"))
    pages = {"home page": "", "article page": found.parent.relative_to(output).as_posix()}
    for name, page in pages.items():
        before = page_bytes(output, page, 1, site / "content")
        after = {dpr: page_bytes(output, page, dpr, None) for dpr in (1, 2, 3)}
        shown = ", ".join(f"{after[d] / 1024:.0f} KB at {d}x ({before / after[d]:.0f}x fewer)"
                          for d in after)  # fmt: skip
        print(f"{name} (/{page}): before {before / 1024:.0f} KB; after {shown}")


if __name__ == "__main__":
    main()
