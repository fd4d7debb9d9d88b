"""``kiosk import-iiif MANIFEST.json``: a IIIF manifest, as museums and national libraries
publish their collections, turned into a gallery section to ``include:``.

Presentation 3 (``label``/``summary`` language maps, ``requiredStatement``, ``rights``, canvases
under ``items``, their images in painting annotations, possibly a ``Choice``) and 2.1
(``label``/``description`` as ``@value``/``@language`` lists, ``attribution``, ``license``,
``sequences[0].canvases[].images[0].resource``) are read. Texts come in every language the
manifest has that the exhibition has (all of them when there is no exhibition yet); HTML in
values is reduced to its text; IIIF's ``none`` is a text for every language.

The kiosk is offline: the command reads a manifest saved beforehand and images fetched
beforehand, never the network. Each canvas's image is expected at
``MEDIA/iiif/SECTION/NNN.jpg`` (or is copied there from ``--images``); a canvas whose image is
not there yet is named with the exact IIIF Image API URL to fetch (its full size, or 2400 px
on the long side when it is larger: more than a kiosk's zoom needs), and left out of the
file until it is there. No Kivy here.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from ..content.books_csv import dump_yaml, plain_text, validated_fragment
from ..content.models import GallerySection, Panel
from .languages import UNSTATED, exhibition_text
from .scaffold import IMAGES, slug

LONG_SIDE = 2400
"""The largest image fetched: a 1920x1080 screen zoomed in once, with room to spare."""

RIGHTS_STATEMENTS = {
    "InC": "In Copyright", "InC-EDU": "In Copyright – Educational Use Permitted",
    "InC-NC": "In Copyright – Non-Commercial Use Permitted", "InC-OW-EU": "In Copyright – EU Orphan Work",
    "InC-RUU": "In Copyright – Rights-holder(s) Unlocatable or Unidentifiable",
    "NoC-CR": "No Copyright – Contractual Restrictions", "NoC-NC": "No Copyright – Non-Commercial Use Only",
    "NoC-OKLR": "No Copyright – Other Known Legal Restrictions", "NoC-US": "No Copyright – United States",
    "CNE": "Copyright Not Evaluated", "UND": "Copyright Undetermined", "NKC": "No Known Copyright",
}
"""rightsstatements.org's statements by their code, as their site names them."""
DATE_LABELS = {"date", "date created", "created", "datum", "date de création", "дата", "tarix", "التاريخ"}


class IiifError(Exception):
    """The file is not a manifest that can be imported; the message says why."""


@dataclass(frozen=True)
class Needed:
    """An image still to fetch: where it goes in the media folder and the URL to fetch it from."""

    path: str
    url: str


@dataclass
class IiifImport:
    """What a manifest gave: the fragment (None when no image is there yet) and what to say."""

    version: str
    section_id: str
    fragment: dict[str, Any] | None = None
    needed: list[Needed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def panels(self) -> int:
        return len(self.fragment["sections"][0]["panels"]) if self.fragment else 0

    def text(self, source_name: str, out_name: str) -> str:
        """The fragment as the file's text, with a comment on where it came from."""
        assert self.fragment is not None
        note = (f"# Made by 'kiosk import-iiif {source_name}' (IIIF Presentation {self.version}): import it\n"
                f"# again after fetching more images rather than editing here. Add this file to the\n"
                f"# exhibition's list of includes:\n#   include: [{out_name}]\n")
        return note + dump_yaml(self.fragment)


# --- reading the manifest -------------------------------------------------------------------


def _contexts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def manifest_version(manifest: Mapping[str, Any]) -> str:
    """``3`` or ``2.1``; ``IiifError`` for anything that is not a manifest of either."""
    contexts = _contexts(manifest.get("@context"))
    kind = manifest.get("type") or manifest.get("@type")
    if kind in ("Collection", "sc:Collection"):
        found = manifest.get("items") or manifest.get("manifests") or []
        raise IiifError(f"this is a IIIF collection of {len(found)} manifests, not one manifest; save the "
                        f"manifest of the object to import and give that")
    if any("iiif.io/api/presentation/3" in c for c in contexts) or kind == "Manifest":
        return "3"
    if any("iiif.io/api/presentation/2" in c for c in contexts) or kind == "sc:Manifest":
        return "2.1"
    raise IiifError("not a IIIF Presentation manifest (no IIIF @context, and its type is not Manifest); "
                    "save the manifest's JSON (its link is often shown with the IIIF logo)")


def _join(values: Sequence[str], paragraphs: bool) -> str:
    texts = [plain_text(v).strip() for v in values if isinstance(v, str) and v.strip()]
    return ("\n\n" if paragraphs else "; ").join(t for t in texts if t)


def language_map(value: Any, paragraphs: bool = False) -> dict[str, str]:
    """A IIIF text in any of its forms (a 3 language map; a 2.1 string, ``@value``/``@language``
    object or list of either) as ``{tag: text}``; ``none`` for a text of no stated language."""
    if value is None:
        return {}
    if isinstance(value, Mapping) and "@value" not in value:  # Presentation 3
        found = {}
        for tag, texts in value.items():
            joined = _join(texts if isinstance(texts, list) else [texts], paragraphs)
            if joined:
                found[str(tag)] = joined
        return found
    items = value if isinstance(value, list) else [value]
    by_tag: dict[str, list[str]] = {}
    for item in items:
        if isinstance(item, str):
            by_tag.setdefault("none", []).append(item)
        elif isinstance(item, Mapping) and isinstance(item.get("@value"), str):
            by_tag.setdefault(str(item.get("@language") or "none"), []).append(item["@value"])
    return {tag: joined for tag, texts in by_tag.items() if (joined := _join(texts, paragraphs))}


def rights_name(uri: Any) -> str | None:
    """``http://creativecommons.org/licenses/by/4.0/`` -> ``CC BY 4.0``; a rightsstatements.org
    statement by its name; any other URI as it is."""
    if isinstance(uri, list):
        uri = next((u for u in uri if isinstance(u, str)), None)
    if isinstance(uri, Mapping):
        uri = uri.get("@id") or uri.get("id")
    if not isinstance(uri, str) or not uri.strip():
        return None
    parts = [p for p in urlsplit(uri.strip()).path.split("/") if p]
    host = urlsplit(uri.strip()).netloc.lower()
    if host.endswith("creativecommons.org") and len(parts) >= 3:
        if parts[0] == "licenses":
            return f"CC {parts[1].upper()} {parts[2]}"
        if parts[0] == "publicdomain":
            return {"zero": f"CC0 {parts[2]}", "mark": f"Public Domain Mark {parts[2]}"}.get(parts[1], uri)
    if host.endswith("rightsstatements.org") and len(parts) >= 2 and parts[0] in ("vocab", "page"):
        return RIGHTS_STATEMENTS.get(parts[1], uri)
    return uri.strip()


@dataclass
class _Canvas:
    label: dict[str, str]
    summary: dict[str, str]
    credit: dict[str, str]
    rights: str | None
    date: str | None
    image: Mapping[str, Any] | None
    width: int | None
    height: int | None


def _date(metadata: Any) -> str | None:
    for entry in metadata if isinstance(metadata, list) else []:
        if not isinstance(entry, Mapping):
            continue
        labels = {t.strip().lower() for t in language_map(entry.get("label")).values()}
        if labels & DATE_LABELS:
            values = language_map(entry.get("value"))
            if values:
                return next(iter(values.values()))
    return None


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


def _canvases_3(manifest: Mapping[str, Any]) -> list[_Canvas]:
    found = []
    for canvas in manifest.get("items") or []:
        if not isinstance(canvas, Mapping) or canvas.get("type") != "Canvas":
            continue
        body = None
        for page in canvas.get("items") or []:
            for annotation in page.get("items") or [] if isinstance(page, Mapping) else []:
                if isinstance(annotation, Mapping) and annotation.get("motivation") in ("painting", None):
                    body = annotation.get("body")
                    break
            if body is not None:
                break
        if isinstance(body, list):
            body = body[0] if body else None
        if isinstance(body, Mapping) and body.get("type") == "Choice":  # the first choice is the default
            choices = body.get("items") or []
            body = choices[0] if choices else None
        statement = canvas.get("requiredStatement")
        found.append(_Canvas(
            label=language_map(canvas.get("label")), summary=language_map(canvas.get("summary"), True),
            credit=language_map(statement.get("value")) if isinstance(statement, Mapping) else {},
            rights=rights_name(canvas.get("rights")), date=_date(canvas.get("metadata")),
            image=body if isinstance(body, Mapping) and body.get("type", "Image") == "Image" else None,
            width=_number((body or {}).get("width")) or _number(canvas.get("width")),
            height=_number((body or {}).get("height")) or _number(canvas.get("height"))))
    return found


def _canvases_2(manifest: Mapping[str, Any]) -> list[_Canvas]:
    found = []
    sequences = manifest.get("sequences") or []
    first = sequences[0] if sequences and isinstance(sequences[0], Mapping) else {}
    for canvas in first.get("canvases") or []:
        if not isinstance(canvas, Mapping):
            continue
        images = canvas.get("images") or []
        resource = images[0].get("resource") if images and isinstance(images[0], Mapping) else None
        if isinstance(resource, Mapping) and resource.get("@type") == "oa:Choice":
            resource = resource.get("default")
        found.append(_Canvas(
            label=language_map(canvas.get("label")), summary=language_map(canvas.get("description"), True),
            credit=language_map(canvas.get("attribution")), rights=rights_name(canvas.get("license")),
            date=_date(canvas.get("metadata")), image=resource if isinstance(resource, Mapping) else None,
            width=_number((resource or {}).get("width")) or _number(canvas.get("width")),
            height=_number((resource or {}).get("height")) or _number(canvas.get("height"))))
    return found


# --- the images ------------------------------------------------------------------------------


def _service(image: Mapping[str, Any]) -> tuple[str, int] | None:
    """The image's IIIF Image service: its base URL and the Image API's major version."""
    services = image.get("service")
    for service in services if isinstance(services, list) else [services]:
        if not isinstance(service, Mapping):
            continue
        base = service.get("id") or service.get("@id")
        if not isinstance(base, str) or not base.startswith(("http://", "https://")):
            continue
        kind = str(service.get("type") or service.get("@type") or "")
        context = " ".join(_contexts(service.get("@context")))
        profile = " ".join(_contexts(service.get("profile")))
        if kind == "ImageService3" or "image/3" in context:
            return base.rstrip("/"), 3
        if kind in ("ImageService2", "ImageService1") or "image/2" in context or "image/2" in profile \
                or "image/1" in context:
            return base.rstrip("/"), 2
        if kind == "" and "level" in profile:
            return base.rstrip("/"), 2
    return None


def image_url(canvas: _Canvas) -> str | None:
    """The exact URL to fetch the canvas's image from: through its Image API service at full size,
    or at most ``LONG_SIDE`` px on the long side when larger; else the image's own URL."""
    if canvas.image is None:
        return None
    service = _service(canvas.image)
    if service is not None:
        base, version = service
        large = canvas.width and canvas.height and max(canvas.width, canvas.height) > LONG_SIDE
        size = f"!{LONG_SIDE},{LONG_SIDE}" if large else ("max" if version == 3 else "full")
        return f"{base}/full/{size}/0/default.jpg"
    own = canvas.image.get("id") or canvas.image.get("@id")
    return own if isinstance(own, str) and own.startswith(("http://", "https://")) else None


def _suffix(canvas: _Canvas, url: str) -> str:
    if canvas.image is not None and _service(canvas.image) is not None:
        return ".jpg"  # default.jpg
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    return suffix if suffix in IMAGES else ".jpg"


def _identifier(url: str) -> str:
    """The IIIF identifier of an Image API request (``{base}/{identifier}/full/{size}/0/default.jpg``),
    or the file name of a plain image URL."""
    parts = [unquote(p) for p in urlsplit(url).path.split("/") if p]
    if len(parts) >= 5 and parts[-4] == "full":
        return parts[-5]
    return PurePosixPath(parts[-1]).stem if parts else ""


def _fetched(images: Path | None, number: int, url: str) -> Path | None:
    """An image fetched beforehand into ``images``: by its IIIF identifier, its canvas number
    (``001.jpg``), or as ``wget -x`` saves it (host/path)."""
    if images is None or not images.is_dir():
        return None
    split = urlsplit(url)
    for path in (split.path, unquote(split.path)):  # wget keeps an escaped / as %2F
        mirrored = images / split.netloc / path.lstrip("/")
        if mirrored.is_file():
            return mirrored
    wanted = {_identifier(url), f"{number:03d}", str(number)} - {""}
    for path in sorted(images.iterdir()):
        if path.is_file() and path.suffix.lower() in IMAGES and path.stem in wanted:
            return path
    return None


# --- the section ------------------------------------------------------------------------------


def import_manifest(path: Path, media: Path, languages: Sequence[str] | None = None, section: str | None = None,
                    images: Path | None = None,
                    free_id: Callable[[str], str] = lambda wanted: wanted) -> IiifImport:
    """The gallery section ``path``'s manifest makes, with the images ``media`` holds."""
    try:
        manifest = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise IiifError(f"{path}: cannot read the file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise IiifError(f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}); save the manifest itself, "
                        f"not the viewer's page") from None
    if not isinstance(manifest, Mapping):
        raise IiifError(f"{path}: a IIIF manifest is a JSON object; this is a {type(manifest).__name__}")
    version = manifest_version(manifest)
    canvases = _canvases_3(manifest) if version == "3" else _canvases_2(manifest)
    if not canvases:
        raise IiifError(f"{path}: the manifest has no canvases, so no images to show")
    default = languages[0] if languages else "en"
    left_out: set[str] = set()

    def text(by_tag: dict[str, str]) -> str | dict[str, str] | None:
        if by_tag and all(tag.lower() in UNSTATED for tag in by_tag):
            return next(iter(by_tag.values()))  # IIIF's none: the same in every language
        texts, dropped = exhibition_text(by_tag, languages, default)
        left_out.update(t for t in dropped if t.lower() not in UNSTATED)
        return texts or None

    label = language_map(manifest.get("label"))
    if version == "3":
        statement = manifest.get("requiredStatement")
        credit = language_map(statement.get("value")) if isinstance(statement, Mapping) else {}
        summary = language_map(manifest.get("summary"), True)
        rights = rights_name(manifest.get("rights"))
    else:
        credit = language_map(manifest.get("attribution"))
        summary = language_map(manifest.get("description"), True)
        rights = rights_name(manifest.get("license"))
    date = _date(manifest.get("metadata"))
    wanted = section or slug(label.get("en") or next(iter(label.values()), "")) or "iiif"
    result = IiifImport(version, free_id(wanted[:48].strip("-") or "iiif"))
    panels = []
    for number, canvas in enumerate(canvases, start=1):
        url = image_url(canvas)
        if url is None:
            result.notes.append(f"canvas {number} has no image (a video, audio or text canvas); left out")
            continue
        target = f"iiif/{result.section_id}/{number:03d}{_suffix(canvas, url)}"
        here = next((media / target).parent.glob(f"{number:03d}.*"), None) if (media / target).parent.is_dir() \
            else None
        if here is None or here.suffix.lower() not in IMAGES:
            fetched = _fetched(images, number, url)
            if fetched is None:
                result.needed.append(Needed(target, url))
                continue
            (media / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(fetched, media / target)
            result.notes.append(f"copied {fetched} to {media / target}")
        else:
            target = here.relative_to(media).as_posix()
        panel: dict[str, Any] = {"image": target}
        title = text(canvas.label) or text({t: f"{v} ({number})" for t, v in label.items()}) or f"{number}"
        panel["title"] = title
        caption = text(canvas.summary)
        if caption:
            panel["caption"] = caption
        credit_text = _with_rights(text(canvas.credit or credit), canvas.rights or rights)
        if credit_text:
            panel["credit"] = credit_text
        if canvas.date or date:
            panel["date"] = canvas.date or date
        Panel.model_validate(panel)
        panels.append(panel)
    if left_out:
        result.notes.append(f"the manifest's {', '.join(sorted(left_out))} texts are left out: not one of the "
                            f"exhibition's languages ({', '.join(languages or [])})")
    if panels:
        data: dict[str, Any] = {"id": result.section_id, "kind": "gallery",
                                "title": text(label) or {default: result.section_id}}
        description = text(summary)
        if description:
            data["description"] = description
        data["panels"] = panels
        try:
            result.fragment = validated_fragment(GallerySection, data)
        except ValueError as exc:
            raise IiifError(f"{path}: the section would not be valid: {exc}") from None
    return result


def _with_rights(credit: str | dict[str, str] | None, rights: str | None) -> str | dict[str, str] | None:
    """The credit line with the rights after it (``Archive · CC BY 4.0``)."""
    if not rights:
        return credit
    if credit is None:
        return rights
    if isinstance(credit, str):
        return credit if rights in credit else f"{credit} · {rights}"
    return {code: value if rights in value else f"{value} · {rights}" for code, value in credit.items()}
