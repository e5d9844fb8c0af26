"""Place strings against the administrative units: which units, old or new, and spelling suggestions."""

from __future__ import annotations

import time

import pytest

from ocr.vietnamese.places import check_place, reference


def names(matches):
    return [match.unit.full_name for match in matches]


def test_ocr_damaged_unit_words_and_names_get_a_suggestion_and_keep_their_value():
    check = check_place("tinh Nghe An")
    assert check.value == "tinh Nghe An"
    assert check.suggestion == "tỉnh Nghệ An"
    assert "place_spelling" in check.issues and check.needs_review
    assert names(check.legacy) == ["Tỉnh Nghệ An"] and names(check.current) == ["Tỉnh Nghệ An"]
    assert check.era == "both"


@pytest.mark.parametrize(("raw", "suggestion"), [
    ("tinh Nghe An", "tỉnh Nghệ An"),
    ("TINH NGHE AN", "TỈNH NGHỆ AN"),
    ("tỉnh Nghể An", "tỉnh Nghệ An"),                 # ể for ệ
    ("tỉnh Ngbệ An", "tỉnh Nghệ An"),                 # one letter off
    ("xa Quynh Doi, huyen Quynh Luu, tinh Nghe An", "xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghệ An"),
    ("Áp 3, xã Tân Phú, huyện Đức Hòa, tỉnh Long An", "Ấp 3, xã Tân Phú, huyện Đức Hòa, tỉnh Long An"),
    ("xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghê An", "xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghệ An"),
    # "xã" whose tilde a face's letters made another mark: read as "xõ", "xố", "xỗ"
    ("xõ Sa Lông, huyện Mường Chà, tỉnh Điện Biên", "xã Sa Lông, huyện Mường Chà, tỉnh Điện Biên"),
    ("Thôn 4, xố Phi Tô, huyện Lâm Hà, tỉnh Lâm Đồng", "Thôn 4, xã Phi Tô, huyện Lâm Hà, tỉnh Lâm Đồng"),
    # a capital I read as a small l in the Central Highlands' names
    ("xã Pờ Tó, huyện la Pa, tỉnh Gia Lai", "xã Pờ Tó, huyện Ia Pa, tỉnh Gia Lai"),
    ("xã Hòa Phú, buyện Hòa Vang, thành phố Đà Nẵng", "xã Hòa Phú, huyện Hòa Vang, thành phố Đà Nẵng"),
    ("0hường 1, thành phố Sóc Trăng, tỉnh Sóc Trăng", "phường 1, thành phố Sóc Trăng, tỉnh Sóc Trăng"),
    ("xã Quỳnh Xyên, huyện Quỳnh Lưu, tỉnh Nghệ An", "xã Quỳnh Yên, huyện Quỳnh Lưu, tỉnh Nghệ An"),
])
def test_suggestions(raw, suggestion):
    check = check_place(raw)
    assert check.suggestion == suggestion
    assert check.value == raw
    assert check.plausibility < 1.0


@pytest.mark.parametrize("raw", ["Na Hang, Tuyên Quang", "Linh Đàm, Hoàng Mai, Hà Nội", "Xô Viết, xã Tân Lập"])
def test_a_name_one_letter_off_a_unit_word_is_no_damaged_unit_word(raw):
    # "Tuyên" is a letter off "huyện", "Linh" off "tỉnh": the first names a province, the second
    # is followed by no unit of that level; nor does "Xô Viết" name a commune as "xã Viết".
    assert check_place(raw).suggestion == ""


@pytest.mark.parametrize(("raw", "era", "legacy", "current"), [
    ("xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghệ An", "legacy",
     ["Tỉnh Nghệ An", "Huyện Quỳnh Lưu", "Xã Quỳnh Đôi"], ["Tỉnh Nghệ An"]),
    ("XÃ QUỲNH ĐÔI, HUYỆN QUỲNH LƯU, TỈNH NGHỆ AN", "legacy",
     ["Tỉnh Nghệ An", "Huyện Quỳnh Lưu", "Xã Quỳnh Đôi"], ["Tỉnh Nghệ An"]),
    ("Quỳnh Đôi, Quỳnh Lưu, Nghệ An", "legacy", ["Tỉnh Nghệ An", "Huyện Quỳnh Lưu", "Xã Quỳnh Đôi"], None),
    ("Phường Phúc Xá, Quận Ba Đình, Hà Nội", "legacy",
     ["Thành phố Hà Nội", "Quận Ba Đình", "Phường Phúc Xá"], None),
    ("Phường Ba Đình, Thành phố Hà Nội", "2025", None, ["Thành phố Hà Nội", "Phường Ba Đình"]),
    ("Phường 1, Quận 3, TP. Hồ Chí Minh", "legacy", ["Thành phố Hồ Chí Minh", "Quận 3", "Phường 1"], None),
    ("Thôn 2, xã Ea Tu, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk", "legacy",
     ["Tỉnh Đắk Lắk", "Thành phố Buôn Ma Thuột", "Xã Ea Tu"], None),
    ("tỉnh Nghệ An", "both", ["Tỉnh Nghệ An"], ["Tỉnh Nghệ An"]),
    ("Hà Tĩnh", "both", ["Tỉnh Hà Tĩnh"], ["Tỉnh Hà Tĩnh"]),       # "Tĩnh" is no "tỉnh"
    ("tỉnh Hà Tĩnh", "both", ["Tỉnh Hà Tĩnh"], ["Tỉnh Hà Tĩnh"]),
    ("TP. HCM", "both", ["Thành phố Hồ Chí Minh"], ["Thành phố Hồ Chí Minh"]),
    ("Bệnh viện Đa khoa tỉnh Hà Tĩnh", "both", ["Tỉnh Hà Tĩnh"], ["Tỉnh Hà Tĩnh"]),
    ("huyện Long Đất, tỉnh Bà Rịa - Vũng Tàu", "legacy", ["Tỉnh Bà Rịa - Vũng Tàu", "Huyện Long Đất"], None),
    ("Quan Sơn, Thanh Hóa", "both", ["Tỉnh Thanh Hóa", "Huyện Quan Sơn"], None),   # "Quan" is no "quận"
])
def test_units_named_and_era(raw, era, legacy, current):
    check = check_place(raw)
    assert check.era == era
    if legacy is not None:
        assert names(check.legacy) == legacy
    if current is not None:
        assert names(check.current) == current
    assert check.issues == ()
    assert check.suggestion == ""


@pytest.mark.parametrize(("raw", "historic"), [
    ("Hà Tây", ["Tỉnh Hà Tây"]),
    ("Nghệ Tĩnh", ["Tỉnh Nghệ Tĩnh"]),
    ("xã Phụng Thượng, huyện Phúc Thọ, tỉnh Hà Tây", ["Tỉnh Hà Tây", "Huyện Phúc Thọ", "Xã Phụng Thượng"]),
])
def test_old_provinces_are_recognised_and_kept(raw, historic):
    check = check_place(raw)
    assert check.era == "historic"
    assert names(check.historic) == historic
    assert check.value == raw and check.suggestion == "" and check.issues == ()


def test_former_names_are_recognised_through_the_packages_aliases():
    check = check_place("tỉnh Thừa Thiên Huế")
    assert names(check.legacy) == ["Thành phố Huế"]
    assert check.issues == () and check.suggestion == ""


def test_a_commune_name_that_is_no_vietnamese_syllable_is_flagged():
    check = check_place("xã Qxzw Hưng, huyện Quỳnh Lưu, tỉnh Nghệ An")
    assert "place_unknown_unit" in check.issues


def test_a_district_of_another_province_is_inconsistent():
    check = check_place("huyện Quỳnh Lưu, tỉnh Hà Tĩnh")
    assert "place_inconsistent" in check.issues
    assert check.plausibility <= 0.5


def test_a_commune_the_reference_no_longer_lists_is_plausible_not_flagged():
    check = check_place("xã Quỳnh Mộng, huyện Quỳnh Lưu, tỉnh Nghệ An")
    assert check.issues == ()
    assert 0.8 <= check.plausibility < 1.0


def test_a_well_formed_name_is_never_guessed_into_a_neighbour():
    # Nghi Phong is a former commune; Nghi Phương, one letter away, is another one: no suggestion.
    check = check_place("Xóm 5, xã Nghi Phong, huyện Nghi Lộc, tỉnh Nghệ An")
    assert check.suggestion == "" and check.issues == ()
    assert names(check.legacy) == ["Tỉnh Nghệ An", "Huyện Nghi Lộc"]


@pytest.mark.parametrize(("text", "kind"), [
    ("Xã Long Thuận, Huyện Hồng Ngự, Tỉnh Đồng Tháp", "Huyện"),
    ("thị trấn Mường Tè, huyện Mường Tè, tỉnh Lai Châu", "Thị trấn"),
    ("xã Mường Tè, huyện Mường Tè, tỉnh Lai Châu", "Xã"),
    ("thị xã Long Mỹ, tỉnh Hậu Giang", "Thị xã"),
])
def test_units_of_one_name_told_apart_by_their_kind_are_known_by_the_name_pages_print(text, kind):
    # The data set names them "Hồng Ngự (Huyện)" and "Hồng Ngự (Thành phố)"; a page prints
    # "Huyện Hồng Ngự", which is the district the commune lies in, not an unknown former unit.
    check = check_place(text)
    assert check.issues == () and check.plausibility == 1.0
    assert kind in [match.unit.kind for match in check.legacy]
    assert all("(" not in match.unit.full_name for match in check.legacy)


def test_the_only_unit_of_a_name_read_with_other_marks_is_put_right_without_a_province():
    # No province in the string, so no scope to guess in; but one district alone in the country is
    # called Tây Giang, and the text says it is a district: "Tầy Giang" is it, misread.
    check = check_place("Ấp Tân Lập, Xã Bha Lêê, Huyện Tầy Giang")
    assert check.suggestion == "Ấp Tân Lập, Xã Bha Lêê, Huyện Tây Giang"
    assert "place_spelling" in check.issues and check.plausibility < 1.0


def test_a_province_misread_into_a_well_formed_name_is_put_right_and_doubted():
    # Unlike a commune's, a province's name that is none of the reference's (every era's provinces are
    # there) is a misreading: "Thói Bình" is Thái Bình, read a mark off; the officer still checks it.
    check = check_place("Xã Nam Tiến, Huyện Tiền Hải, Tỉnh Thói Bình")
    assert check.suggestion == "Xã Nam Tiến, Huyện Tiền Hải, Tỉnh Thái Bình"
    assert "place_spelling" in check.issues and check.plausibility < 1.0
    assert names(check.legacy)[0] == "Tỉnh Thái Bình"


def test_minority_hamlet_names_are_not_spell_checked_but_others_are():
    assert check_place("Buôn Ko Tam, xã Ea Tu, TP. Buôn Ma Thuột, Đắk Lắk").issues == ()
    assert "malformed_word" in check_place("Thôn Ngbệ Xzq, xã Ea Tu, TP. Buôn Ma Thuột, Đắk Lắk").issues


def test_a_name_many_units_share_says_so():
    check = check_place("xã Tân Phú")
    assert check.plausibility == 1.0
    assert check.legacy[0].unit.kind == "Xã" and check.legacy[0].alternatives > 5


@pytest.mark.parametrize("raw", ["xyzq abc", "tỉnh Qxzw"])
def test_junk_is_not_recognised(raw):
    check = check_place(raw)
    assert check.needs_review
    assert check.plausibility <= 0.5


def test_a_guess_is_never_made_for_a_commune_without_its_province():
    # "Thanh Nam" read without diacritics could be many communes: no suggestion without context.
    check = check_place("xã Thanh Nam")
    assert check.suggestion == ""


def test_blank():
    assert check_place("").value == "" and not check_place("  ").needs_review


def test_agrees_with_the_packages_own_parser_on_clean_addresses():
    from vietnamadminunits import ParseMode, parse_address

    for address in ("Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội",
                    "Xã Quỳnh Đôi, Huyện Quỳnh Lưu, Tỉnh Nghệ An",
                    "Xã Ea Tu, Thành phố Buôn Ma Thuột, Tỉnh Đắk Lắk"):
        theirs = parse_address(address, mode=ParseMode.LEGACY)
        ours = {match.unit.level: match.unit.code for match in check_place(address).legacy}
        assert ours == {"province": theirs.province_code, "district": theirs.district_code,
                        "ward": theirs.ward_code}
    theirs = parse_address("Phường Ba Đình, Thành phố Hà Nội", mode=ParseMode.FROM_2025)
    ours = {match.unit.level: match.unit.code for match in check_place("Phường Ba Đình, Thành phố Hà Nội").current}
    assert ours == {"province": theirs.province_code, "ward": theirs.ward_code}


def test_reference_holds_both_eras():
    ref = reference()
    legacy_provinces = {unit.code for unit in ref.units if unit.era == "legacy" and unit.level == "province"}
    current_provinces = {unit.code for unit in ref.units if unit.era == "2025" and unit.level == "province"}
    assert len(legacy_provinces) == 63 and len(current_provinces) == 34
    assert sum(1 for unit in ref.units if unit.era == "2025" and unit.level == "ward") == 3321


def test_later_calls_are_fast_enough_to_run_per_field():
    check_place("tỉnh Nghệ An")  # loaded once
    samples = ["xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghệ An", "tinh Nghe An", "Phường Ba Đình, Thành phố Hà Nội",
               "Bệnh viện Đa khoa tỉnh Hà Tĩnh", "Thôn 2, xã Ea Tu, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk"]
    started = time.perf_counter()
    for _ in range(4):
        for sample in samples:
            check_place(sample)
    per_call = (time.perf_counter() - started) / (4 * len(samples))
    assert per_call < 0.1


def test_a_unit_name_off_a_real_one_or_cut_at_the_end_is_doubted_and_a_former_unit_is_not():
    # diacritics of a real district misread, with no province to scope a guess
    assert "place_spelling" in check_place("Ấp Trung, xã Lê Lợi, huyện Nâm Nhùn").issues
    # a letter off the district of the commune the string names
    off = check_place("xã Hoàn Sơn, huyện Liên Du, tỉnh Bắc Ninh")
    assert "place_spelling" in off.issues and off.plausibility <= 0.5
    # the line ended inside the province's name
    assert "place_cut_short" in check_place("Phường Hoàng Lâm, Thành phố Thủy Nguyên, Thành phố Hải").issues
    # a commune merged away, spelled as it was: kept without doubt, as old registers name them
    assert check_place("xã Nghi Phong, huyện Nghi Lộc, tỉnh Nghệ An").issues == ()
    assert check_place("xã Hoàn Sơn, huyện Tiên Du, tỉnh Bắc Ninh").issues == ()


def test_a_unit_the_rest_of_the_address_implies_is_put_right_from_a_misreading_and_stays_doubted():
    # the province of the district the string names, two letters off ("Nhh" for Ninh)
    province = check_place("Trung tâm Y tế thị xã Thuận Thành, tỉnh Bắc Nhh")
    assert province.suggestion == "Trung tâm Y tế thị xã Thuận Thành, tỉnh Bắc Ninh"
    assert province.issues == ("place_spelling", "place_implied") and province.plausibility <= 0.5
    assert check_place("Thôn Trung, xã Thuận Đức, thành phố Đồng Hới, tỉnh Quảng ảo Bình").suggestion \
        == "Thôn Trung, xã Thuận Đức, thành phố Đồng Hới, tỉnh Quảng Bình"
    # the district of the commune the string names, a letter off
    assert check_place("xã Hoàn Sơn, huyện Liên Du, tỉnh Bắc Ninh").suggestion == "xã Hoàn Sơn, huyện Tiên Du, tỉnh Bắc Ninh"
    assert check_place("XÃ HOÀN SƠN, HUYỆN LIÊN DU, TỈNH BẮC NINH").suggestion == "XÃ HOÀN SƠN, HUYỆN TIÊN DU, TỈNH BẮC NINH"
    # a province far from the one implied is not guessed
    far = check_place("thị xã Thuận Thành, tỉnh Bắc Xyzzk")
    assert far.suggestion == "" and "place_unknown_unit" in far.issues


def test_a_damaged_unit_word_and_a_name_cut_to_one_word_are_doubted():
    assert "place_spelling" in check_place("xã Lộc Tiến, huyện Phú Lộc, thành nhố Huế").issues
    assert "place_spelling" in check_place("Ấn 19, xã Hoa Sơn, huyện Anh Sơn, tỉnh Nghệ An").issues
    # Tây Sơn and Phong Điền, each lost a word
    assert "place_cut_short" in check_place("thị trấn Tây, huyện Hương Sơn, tỉnh Hà Tĩnh").issues
    assert "place_cut_short" in check_place("Xóm Đoài, xã Nhơn Ái, huyện Điền, thành phố Cần Thơ").issues
    for sound in ("Ấp 19, xã Hoa Sơn, huyện Anh Sơn, tỉnh Nghệ An", "Thôn An Phú, xã Hoa Sơn, huyện Anh Sơn, tỉnh Nghệ An",
                  "Lô 12, phường Bình An, quận 2, thành phố Hồ Chí Minh", "Xã Long Thuận, Huyện Hồng Ngự, Tỉnh Đồng Tháp"):
        assert not {"place_spelling", "place_cut_short"} & set(check_place(sound).issues), sound


def test_an_address_without_unit_words_opening_with_a_piece_of_a_unit_name_is_doubted():
    # "Khối Trung, Mường Tè - Mường Tè - Lai Châu" read on a folded page as "Tè Lai Châu": Tè is
    # what is left of Mường Tè, not a place of its own (it was accepted at certainty 1.0)
    assert "place_cut_short" in check_place("Tè Lai Châu").issues
    assert check_place("Tè Lai Châu").plausibility <= 0.5
    # Tà Tổng, a commune of Mường Tè, lost a word
    assert "place_cut_short" in check_place("Tà Mường Tè Lai Châu").issues
    for sound in ("Khối Trung, Mường Tè - Mường Tè - Lai Châu", "Hữu Lợi - Yên Thủy - Hòa Bình",
                  "Hữu Lợi Yên Thủy Hòa Bình", "Bệnh viện Phụ sản Yên Bái", "Bệnh viện Bạch Mai, thành phố Hà Nội",
                  "Đông Thượng, Vĩnh Phúc"):
        assert check_place(sound).issues == (), sound


@pytest.mark.parametrize("raw, suggestion", [
    ("xã Lộc Tiến, huyện Phú Lộc, thành nhố Huế", "xã Lộc Tiến, huyện Phú Lộc, thành phố Huế"),
    ("Ấn 15, xã Đinh Trang Thượng, huyện Di Linh, tỉnh Lâm Đồng",
     "Ấp 15, xã Đinh Trang Thượng, huyện Di Linh, tỉnh Lâm Đồng"),
    ("ẤN 15, XÃ ĐINH TRANG THƯỢNG, HUYỆN DI LINH", "ẤP 15, XÃ ĐINH TRANG THƯỢNG, HUYỆN DI LINH"),
    # "Ân" is as near "Ấp" as "Bản": no guess, only the doubt
    ("Ân 5, xã Đinh Trang Thượng, huyện Di Linh, tỉnh Lâm Đồng", ""),
])
def test_a_damaged_unit_word_is_put_right_when_one_word_is_nearest_and_stays_doubted(raw, suggestion):
    check = check_place(raw)
    assert check.suggestion == suggestion
    assert "place_spelling" in check.issues


def test_a_unit_whose_name_opens_with_a_hamlet_word_unmarked_is_that_unit_not_a_damaged_word():
    # Tô Mậu and Bàn Long are communes; "Tô 5" is Tổ 5 with its mark lost
    for place, commune in (("Xóm Bình Minh, Tô Mậu - Lục Yên - Yên Bái", "Xã Tô Mậu"),
                           ("Bàn Long - Châu Thành - Tiền Giang", "Xã Bàn Long")):
        check = check_place(place)
        assert check.suggestion == "" and check.issues == () and commune in names(check.legacy)
    assert check_place("Tô 5, phường Hoàng Lâm, thành phố Thủy Nguyên, thành phố Hải Phòng").suggestion.startswith(
        "Tổ 5,")


def test_words_naming_no_unit_between_the_units_found_are_doubted():
    # "thị xã Phú" lost from "Phường Thanh Vinh, Thị xã Phú Thọ, Tỉnh Phú Thọ": the ward and the
    # province are known, and "Thị Thọ" between them names nothing; it is no hamlet before them.
    check = check_place("Phường Thanh Vinh, Thị Thọ, Tỉnh Phú Thọ")
    assert "place_unknown_unit" in check.issues and check.needs_review
    assert not check_place("xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghệ An, Việt Nam").issues
