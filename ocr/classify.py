"""Which form a page is: document type and layout, from its title and the captions it prints.

Every template is scored on the page: how well a row reads as one of its titles
(fuzzy, diacritics folded, the whole row must be the title), and which share of
its fields' captions are present. A register template also needs its entries to
repeat (or a register title). The best template wins when its score is high
enough and no template of another document type comes close; otherwise the page
is unknown and the issue says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ocr.labels import PhraseHit, Row, find_phrases, page_rows, title_score
from ocr.tables import heading_hits, heading_prefixes
from ocr.templates import FormTemplate
from ocr.types import ExtractedIssue, OcrPage

#: Below this combined score a page is not recognised.
MIN_SCORE = 0.42
#: The best document type must beat the next one by this much when no title was read.
MIN_MARGIN = 0.12
#: A title read at least this well (0–100) counts as present.
TITLE_READ = 82.0


@dataclass(frozen=True)
class FormScore:
    """How well one template fits the page."""

    form: str
    document_type: str
    layout: str
    score: float
    title: float
    coverage: float
    entries: int


@dataclass(frozen=True)
class Classification:
    """The recognised form (``template`` ``None`` when unknown), its score, and why not when unknown."""

    template: FormTemplate | None
    score: float
    scores: tuple[FormScore, ...] = ()
    issues: tuple[ExtractedIssue, ...] = field(default_factory=tuple)

    @property
    def document_type(self) -> str | None:
        """``birth``, ``death``, ``marriage`` or ``None``."""
        return self.template.document_type if self.template else None

    @property
    def layout(self) -> str | None:
        """``certificate``, ``register`` or ``None``."""
        return self.template.layout if self.template else None


def _unknown(message_vi: str, scores: tuple[FormScore, ...], best: float) -> Classification:
    issue = ExtractedIssue(code="document_type_unknown", fields=(), message=message_vi)
    return Classification(template=None, score=best, scores=scores, issues=(issue,))


def count_entries(hits: Sequence[PhraseHit], template: FormTemplate) -> int:
    """How many times the caption that opens a register entry appears on the page."""
    counts = []
    for key in template.entry_starts or (template.fields[0].key,):
        spec = template.field(key)
        if spec is None:
            continue
        counts.append(len({hit.row for hit in hits if hit.phrase in spec.captions}))
    return max(counts, default=0)


def _coverage(rows: Sequence[Row], template: FormTemplate, hits: Sequence[PhraseHit]) -> float:
    found = {hit.phrase for hit in hits}
    fields = [spec for spec in template.fields if spec.presence == "required"]
    present = sum(1 for spec in fields if found.intersection(spec.captions))
    anchors = [phrase for phrase in template.anchors]
    anchor_hits = {hit.phrase for hit in find_phrases(rows, anchors)} if anchors else set()
    field_share = present / max(1, len(fields))
    anchor_share = len(anchor_hits) / len(anchors) if anchors else field_share
    return 0.7 * field_share + 0.3 * anchor_share


#: A row holding this many of a register's column headings ("Số, ngày đăng ký | Họ, chữ đệm, tên… |
#: Giới tính… | Nơi sinh | Quê quán…") is the register's table: no certificate prints such a row.
HEADED_REGISTER = 4


def _headed_columns(rows: Sequence[Row], template: FormTemplate) -> int:
    """The most column headings of ``template`` one row holds (no colon after them: a caption's)."""
    if not template.columns:
        return 0
    # (a heading wraps in its narrow column: its first words on the row stand for it)
    heading_of = {prefix: heading for heading in template.headings for prefix in heading_prefixes((heading,))}
    per_row: dict[int, set[str]] = {}
    for hit in heading_hits(rows, template):
        per_row.setdefault(hit.row, set()).add(heading_of[hit.phrase])
    return max((len(found) for found in per_row.values()), default=0)


def score_template(rows: Sequence[Row], template: FormTemplate) -> FormScore:
    """Score one template on the page's rows (0–1)."""
    title = max((title_score(rows, phrase)[0] for phrase in template.titles), default=0.0)
    title_part = max(0.0, min(1.0, (title - 60.0) / 35.0))
    hits = find_phrases(rows, template.captions)
    coverage = _coverage(rows, template, hits)
    entries = count_entries(hits, template)
    score = 0.4 * title_part + 0.6 * coverage
    if template.layout == "register":
        if entries < 2 and title < TITLE_READ and _headed_columns(rows, template) < HEADED_REGISTER:
            score -= 0.25  # one entry, no register title, no row of its column headings: a certificate, more likely
    elif entries >= 2:
        score -= 0.25  # a certificate holds one record
    return FormScore(form=template.form, document_type=template.document_type, layout=template.layout,
                     score=score, title=title, coverage=coverage, entries=entries)


def classify_rows(rows: Sequence[Row], templates: Sequence[FormTemplate], *,
                  document_type: str | None = None) -> Classification:
    """Recognise the form from a page's rows; ``document_type`` restricts the candidates."""
    candidates = [template for template in templates
                  if document_type in (None, "auto") or template.document_type == document_type]
    if not candidates:
        return _unknown(f"Không có mẫu biểu cho loại giấy tờ '{document_type}'", (), 0.0)
    if not any(row.key for row in rows):
        return _unknown("Không đọc được chữ nào trên trang (trang trắng hoặc ảnh quá mờ)", (), 0.0)
    scores = tuple(sorted((score_template(rows, template) for template in candidates),
                          key=lambda item: item.score, reverse=True))
    best = scores[0]
    if best.score < MIN_SCORE:
        return _unknown("Không nhận ra loại giấy tờ: không thấy tiêu đề hay các mục của giấy khai sinh, "
                        "khai tử, kết hôn", scores, best.score)
    others = [item for item in scores if item.document_type != best.document_type]
    if others and best.title < TITLE_READ and best.score - others[0].score < MIN_MARGIN:
        return _unknown("Không phân biệt được loại giấy tờ (các mục giống nhiều loại); hãy chọn loại",
                        scores, best.score)
    template = next(template for template in candidates if template.form == best.form)
    return Classification(template=template, score=best.score, scores=scores)


def classify(page: OcrPage, templates: Sequence[FormTemplate], *,
             document_type: str | None = None) -> Classification:
    """Recognise the form of an OCR'd page (see :func:`classify_rows`)."""
    return classify_rows(page_rows(page), templates, document_type=document_type)
