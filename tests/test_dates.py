import pytest

from thidua.dates import DateError, PartialDate, format_short, format_vn, parse


def test_parse_full_and_partial():
    assert parse("2018-03-27") == PartialDate(2018, 3, 27)
    assert parse("2024") == PartialDate(2024)
    assert parse("2024-08") == PartialDate(2024, 8)


@pytest.mark.parametrize("text", ["2024-02-31", "2023-02-29", "2021-13", "2021-04-31"])
def test_impossible_dates_rejected_with_bilingual_reason(text):
    with pytest.raises(DateError) as exc:
        parse(text)
    assert "không tồn tại" in exc.value.vi
    assert "not a real date" in exc.value.en or "does not exist" in exc.value.en


def test_leap_day_accepted():
    assert parse("2024-02-29").is_full


@pytest.mark.parametrize("text", ["27/3/2018", "2018-3-27", "năm 2018", ""])
def test_malformed_dates_rejected(text):
    with pytest.raises(DateError):
        parse(text)


def test_full_date_required_when_asked():
    with pytest.raises(DateError):
        parse("2024", allow_partial=False)


@pytest.mark.parametrize("text, vn, short", [
    ("2018-03-27", "ngày 27 tháng 3 năm 2018", "27/3/2018"),
    ("2023-01-05", "ngày 05 tháng 01 năm 2023", "5/1/2023"),
    ("2023-02-10", "ngày 10 tháng 02 năm 2023", "10/2/2023"),
    ("2019-11-04", "ngày 04 tháng 11 năm 2019", "4/11/2019"),
    ("2024-08", "tháng 8 năm 2024", "8/2024"),
    ("2024", "năm 2024", "2024"),
])
def test_vietnamese_formats(text, vn, short):
    assert format_vn(parse(text)) == vn
    assert format_short(parse(text)) == short


def test_partial_dates_order_before_known_days_of_same_year():
    assert sorted([parse("2024-03-05"), parse("2024"), parse("2023-12-31")]) == [
        parse("2023-12-31"), parse("2024"), parse("2024-03-05"),
    ]


def test_latest_day_a_partial_date_can_mean():
    import datetime
    assert parse("2024-02").latest() == datetime.date(2024, 2, 29)
    assert parse("2021").latest() == datetime.date(2021, 12, 31)
    assert parse("2025-02").before(parse("2025-03-01"))
    assert not parse("2025-02").before(parse("2025-02-15"))
