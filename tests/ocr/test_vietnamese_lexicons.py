"""Ethnicity and nationality: every spelling of the 54 groups, OCR damage, and the data files themselves."""

from __future__ import annotations

import pytest

from ocr.vietnamese.ethnicity import canonical_ethnic_groups, ethnic_groups, ethnicity_match, match_ethnicity
from ocr.vietnamese.lexicons import load_lexicon
from ocr.vietnamese.nationality import match_nationality, nationalities
from ocr.vietnamese.text import folded_compact_key, strip_diacritics

# The list of shared/domain/vietnam.md, in its order.
DOMAIN_TEXT = (
    "Kinh, Tày, Thái, Mường, Khơ Me, Hoa, Nùng, Mông, Dao, Gia Rai, Ê Đê, Ba Na, Sán Chay, Chăm, Cơ Ho, Xơ Đăng, "
    "Sán Dìu, Hrê, Ra Glai, Mnông, Thổ, Xtiêng, Khơ Mú, Bru-Vân Kiều, Cơ Tu, Giáy, Tà Ôi, Mạ, Giẻ Triêng, Co, "
    "Chơ Ro, Xinh Mun, Hà Nhì, Chu Ru, Lào, La Chí, Kháng, Phù Lá, La Hủ, La Ha, Pà Thẻn, Lự, Ngái, Chứt, Lô Lô, "
    "Mảng, Cơ Lao, Bố Y, Cống, Si La, Pu Péo, Rơ Măm, Brâu, Ơ Đu"
)
DOMAIN_LIST = DOMAIN_TEXT.split(", ")


def test_the_lexicon_holds_exactly_the_54_groups_of_the_official_list():
    assert len(DOMAIN_LIST) == 54
    assert sorted(canonical_ethnic_groups()) == sorted(DOMAIN_LIST)
    codes = [entry.code for entry in ethnic_groups().entries]
    assert sorted(codes) == [f"{number:02d}" for number in range(1, 55)]


def test_no_spelling_belongs_to_two_groups():
    assert ethnic_groups().collisions() == []
    assert nationalities().collisions() == []


def test_no_listed_spelling_hides_lost_diacritics():
    # "Tay" must not be a known spelling of Tày: it is what OCR makes of it, and should be flagged.
    for entry in load_lexicon("ethnic_groups")["entries"]:
        marked = {folded_compact_key(s) for s in [entry["name"], *entry["spellings"]] if strip_diacritics(s) != s}
        for spelling in entry["spellings"]:
            if strip_diacritics(spelling) == spelling:
                assert folded_compact_key(spelling) not in marked, spelling


@pytest.mark.parametrize("name", DOMAIN_LIST)
def test_every_canonical_name_matches_itself_in_any_case(name):
    assert match_ethnicity(name) == (name, 1.0)
    assert match_ethnicity(name.upper()) == (name, 1.0)
    assert match_ethnicity(name.lower()) == (name, 1.0)


@pytest.mark.parametrize(("spelling", "canonical"), [
    ("Mông", "Mông"), ("H'Mông", "Mông"), ("Hmông", "Mông"), ("HMông", "Mông"), ("H’Mông", "Mông"),
    ("Mèo", "Mông"),
    ("Khơ Me", "Khơ Me"), ("Khơ-me", "Khơ Me"), ("Khmer", "Khơ Me"), ("KHƠ-ME", "Khơ Me"), ("Khơme", "Khơ Me"),
    ("Ê Đê", "Ê Đê"), ("Ê-đê", "Ê Đê"), ("Êđê", "Ê Đê"),
    ("Xtiêng", "Xtiêng"), ("Stiêng", "Xtiêng"),
    ("Giẻ Triêng", "Giẻ Triêng"), ("Gié-Triêng", "Giẻ Triêng"),
    ("Ra Glai", "Ra Glai"), ("Raglay", "Ra Glai"), ("Ra-glai", "Ra Glai"),
    ("Bru-Vân Kiều", "Bru-Vân Kiều"), ("Bru - Vân Kiều", "Bru-Vân Kiều"), ("Bru Vân Kiều", "Bru-Vân Kiều"),
    ("Gia-rai", "Gia Rai"), ("Jrai", "Gia Rai"), ("Ba-na", "Ba Na"), ("Bahnar", "Ba Na"),
    ("Cơ-ho", "Cơ Ho"), ("K'Ho", "Cơ Ho"), ("M'Nông", "Mnông"), ("Chàm", "Chăm"),
    ("Dân tộc: Kinh", "Kinh"), ("Thái", "Thái"), ("Thoà", None),
])
def test_spelling_variants_match_their_group(spelling, canonical):
    found, score = match_ethnicity(spelling)
    assert found == canonical
    if canonical:
        assert score >= 0.95


@pytest.mark.parametrize(("ocr", "canonical"), [
    ("Tay", "Tày"), ("Kính", "Kinh"), ("Muong", "Mường"), ("Mưòng", "Mường"), ("Nung", "Nùng"),
    ("Ê Đế", "Ê Đê"),           # acute for circumflex+dot: the ế/ể family of confusions
    ("Khơ-mẹ", "Khơ Me"), ("San chay", "Sán Chay"), ("Hmong", "Mông"),
    ("Sán Dìiu", "Sán Dìu"), ("Xơ Đănq", "Xơ Đăng"),
])
def test_ocr_damaged_spellings_match_with_lower_score(ocr, canonical):
    found, score = match_ethnicity(ocr)
    assert found == canonical
    assert score < 0.95
    assert not ethnicity_match(ocr).known


@pytest.mark.parametrize("junk", ["", "Pháp", "Ha", "Ca", "xyz", "Kihn"])
def test_no_guess_for_what_is_not_close_enough(junk):
    assert match_ethnicity(junk)[0] is None


@pytest.mark.parametrize(("spelling", "canonical", "known"), [
    ("Việt Nam", "Việt Nam", True), ("VIỆT NAM", "Việt Nam", True), ("Việt-Nam", "Việt Nam", True),
    ("Quốc tịch: Việt Nam", "Việt Nam", True),
    ("Viet Nam", "Việt Nam", False), ("Viêt Nam", "Việt Nam", False),
    ("Lào", "Lào", True), ("Campuchia", "Campuchia", True), ("Cam-pu-chia", "Campuchia", True),
    ("Trung Quốc", "Trung Quốc", True), ("Hàn Quốc", "Hàn Quốc", True), ("Mỹ", "Hoa Kỳ", True),
    ("Hoa Kỳ", "Hoa Kỳ", True), ("Thuỵ Sĩ", "Thụy Sĩ", True), ("Liên Xô", "Liên Xô", True),
    ("Không quốc tịch", "Không quốc tịch", True), ("Xyzw", None, False),
])
def test_nationalities(spelling, canonical, known):
    found, score = match_nationality(spelling)
    assert found == canonical
    assert (score >= 0.95) is known
